"""Read a catalogue in the Samenwerkende Catalogi format (SC 4.0, Logius).

Every province and municipality publishes its products and services as SC 4.0 XML, and KOOP's
search service hands them out wrapped in an SRU `searchRetrieveResponse`. Both shapes are read:
what counts is each `overheidproduct:scproduct` element with its OWMS core (identifier, title,
modified, authority), mantle (audience, abstract) and SC meta (product id, uniform product
name from the UPL, request address).

Reading only, no storing: `harvesting.harvest_catalogue` decides what enters Scharnier. The XML
is parsed with defusedxml (no entities, no DTDs), so a hostile file cannot expand or fetch.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from scharnier.core.validation import text_problem

from .importing import ImportProblem, UnreadableFileError, max_file_bytes, max_rows, size_problem

PRODUCT_NS = "http://standaarden.overheid.nl/product/terms/"
OWMS_NS = "http://standaarden.overheid.nl/owms/terms/"
DCTERMS_NS = "http://purl.org/dc/terms/"
NAMESPACES = {"overheidproduct": PRODUCT_NS, "overheid": OWMS_NS, "dcterms": DCTERMS_NS}

# The audience (overheid:Doelgroep) of products for firms; the others are "particulier" and
# "ondernemer"'s sibling "organisatie/vereniging".
ENTREPRENEUR_AUDIENCE = "ondernemer"

TITLE_MAX = 300
ABSTRACT_MAX = 2000
URL_MAX = 500

_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class CatalogueProduct:
    """One product or service description as the catalogue gives it."""

    number: int  # 1 for the first scproduct in the file (messages name it)
    identifier: str  # the address of the product page (dcterms:identifier)
    title: str
    abstract: str
    modified: datetime.date | None
    authority: str  # the government that offers it, as written ("Overijssel")
    authority_uri: str  # its OWMS address (…/owms/terms/Overijssel)
    audiences: tuple[str, ...]
    uniform_name: str  # the product's name in the UPL (uniforme productnamenlijst)
    uniform_name_uri: str
    product_id: str
    request_url: str

    @property
    def for_entrepreneurs(self) -> bool:
        return ENTREPRENEUR_AUDIENCE in self.audiences

    @property
    def authority_names(self) -> set[str]:
        """The names this authority goes by: its label and its OWMS address's last part
        ("Zwolle_(gemeente)" reads "zwolle"), folded for comparing."""
        names = {fold_name(self.authority)} if self.authority else set()
        if self.authority_uri:
            last = unquote(urlsplit(self.authority_uri).path.rstrip("/").rsplit("/", 1)[-1])
            last = re.sub(r"_?\((gemeente|provincie|waterschap)\)$", "", last).replace("_", " ")
            names.add(fold_name(last))
        return names - {""}


def fold_name(name: str) -> str:
    """A government's name for comparing: lower case, without "provincie"/"gemeente" before it
    and without accents ("Fryslân" and "Provincie Fryslan" are the same)."""
    folded = _SPACE_RE.sub(" ", name).strip().lower()
    folded = re.sub(r"^(de )?(provincie|gemeente) ", "", folded)
    return folded.translate(str.maketrans("âäáàéëèêïíîöóôüúû", "aaaaeeeeiiiooouuu"))


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return _SPACE_RE.sub(" ", "".join(element.itertext())).strip()


def _find(parent: ET.Element, path: str) -> ET.Element | None:
    return parent.find(path, NAMESPACES)


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def read_products(data: bytes) -> tuple[list[CatalogueProduct], list[ImportProblem]]:
    """Every product in an SC 4.0 file (or an SRU answer holding SC records), with the
    problems found. Raises `UnreadableFileError` when the file as a whole cannot be read."""
    if len(data) > max_file_bytes():
        raise UnreadableFileError(size_problem(len(data)))
    if not data.strip():
        raise UnreadableFileError(_("Het bestand is leeg."))
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise UnreadableFileError(
            _(
                "Het bestand bevat een DTD of entiteiten. Die lezen we om veiligheidsredenen "
                "niet. Exporteer het bestand opnieuw uit uw catalogus."
            )
        ) from error
    except ET.ParseError as error:
        line = error.position[0] if error.position else "?"
        raise UnreadableFileError(
            _(
                "Dit is geen leesbaar XML-bestand (fout in regel %(line)s). Exporteer het "
                "bestand opnieuw uit uw catalogus, of kijk of het volledig is gedownload."
            )
            % {"line": line}
        ) from error
    elements = [root] if root.tag == f"{{{PRODUCT_NS}}}scproduct" else []
    elements += list(root.iter(f"{{{PRODUCT_NS}}}scproduct")) if not elements else []
    if not elements:
        raise UnreadableFileError(
            _(
                "In dit bestand staan geen producten van de Samenwerkende Catalogi (geen "
                "'overheidproduct:scproduct'). Kies het XML-bestand dat uw catalogus voor de "
                "Samenwerkende Catalogi maakt (versie 4.0)."
            )
        )
    if len(elements) > max_rows():
        raise UnreadableFileError(
            _("Het bestand heeft meer dan %(max)s producten. Splits het in kleinere bestanden.")
            % {"max": max_rows()}
        )
    products: list[CatalogueProduct] = []
    problems: list[ImportProblem] = []
    seen: dict[str, int] = {}
    for number, element in enumerate(elements, start=1):
        product, found = _read_product(number, element)
        problems += found
        if product is None:
            continue
        key = comparable_url(product.identifier)
        if key in seen:
            problems.append(
                ImportProblem(
                    number,
                    "dcterms:identifier",
                    _(
                        "Dit adres staat ook bij product %(other)s. Elk product heeft een "
                        "eigen adres."
                    )
                    % {"other": seen[key]},
                )
            )
            continue
        seen[key] = number
        products.append(product)
    return products, problems


def _read_product(
    number: int, element: ET.Element
) -> tuple[CatalogueProduct | None, list[ImportProblem]]:
    problems: list[ImportProblem] = []

    def problem(field: str, message: str) -> None:
        problems.append(ImportProblem(number, field, message))

    core = _find(element, "overheidproduct:meta/overheidproduct:owmskern")
    mantle = _find(element, "overheidproduct:meta/overheidproduct:owmsmantel")
    sc_meta = _find(element, "overheidproduct:meta/overheidproduct:scmeta")
    if core is None:
        problem(
            "overheidproduct:owmskern",
            _("Dit product heeft geen OWMS-kern (adres, titel, eigenaar)."),
        )
        return None, problems
    identifier = _text(_find(core, "dcterms:identifier"))
    if not identifier:
        problem("dcterms:identifier", _("Het adres van de productpagina ontbreekt."))
    elif len(identifier) > URL_MAX or not _is_web_address(identifier):
        problem(
            "dcterms:identifier",
            _("'%(value)s' is geen webadres. Gebruik een adres dat begint met https://.")
            % {"value": identifier[:80]},
        )
    title = _text(_find(core, "dcterms:title"))
    if not title:
        problem("dcterms:title", _("De titel ontbreekt."))
    elif len(title) > TITLE_MAX:
        problem(
            "dcterms:title",
            _("De titel is te lang: hoogstens %(max)s tekens.") % {"max": TITLE_MAX},
        )
    elif found := text_problem(title, multiline=False):
        problem("dcterms:title", found)
    modified = None
    modified_text = _text(_find(core, "dcterms:modified"))
    if modified_text:
        try:
            modified = datetime.date.fromisoformat(modified_text[:10])
        except ValueError:
            problem(
                "dcterms:modified",
                _("'%(value)s' is geen datum. Schrijf de datum als 2026-03-31.")
                % {"value": modified_text[:40]},
            )
    authority_element = _find(core, "overheid:authority")
    authority = _text(authority_element)
    authority_uri = (
        authority_element.get("resourceIdentifier", "") if authority_element is not None else ""
    )
    if not authority and not authority_uri:
        problem("overheid:authority", _("Er staat niet bij welke overheid dit product aanbiedt."))
    audiences: tuple[str, ...] = ()
    abstract = ""
    if mantle is not None:
        audiences = tuple(
            _text(a).lower() for a in mantle.findall("dcterms:audience", NAMESPACES) if _text(a)
        )
        # Catalogues put HTML in the summary now and then; it is someone else's text, shown
        # as plain text here.
        abstract = _SPACE_RE.sub(" ", strip_tags(_text(_find(mantle, "dcterms:abstract"))))
        abstract = abstract.strip()[:ABSTRACT_MAX]
    uniform = product_id = request_url = uniform_uri = ""
    if sc_meta is not None:
        uniform_element = _find(sc_meta, "overheidproduct:uniformeProductnaam")
        uniform = _text(uniform_element)
        if uniform_element is not None:
            uniform_uri = uniform_element.get("resourceIdentifier", "")
        product_id = _text(_find(sc_meta, "overheidproduct:productID"))[:100]
        request_element = _find(sc_meta, "overheidproduct:aanvraagURL")
        if request_element is not None:
            request_url = request_element.get("resourceIdentifier", "") or _text(request_element)
            if request_url and (len(request_url) > URL_MAX or not _is_web_address(request_url)):
                request_url = ""  # optional; a broken one is left out, not fatal
    if problems:
        return None, problems
    return (
        CatalogueProduct(
            number=number,
            identifier=identifier,
            title=title,
            abstract=abstract,
            modified=modified,
            authority=authority,
            authority_uri=authority_uri,
            audiences=audiences,
            uniform_name=uniform[:200],
            uniform_name_uri=uniform_uri if _is_web_address(uniform_uri) else "",
            product_id=product_id,
            request_url=request_url,
        ),
        [],
    )


def comparable_url(url: str) -> str:
    """An address for comparing: no scheme, no "www.", no trailing slash, no fragment, lower-case
    host ("https://www.Overijssel.nl/subsidie/" and "http://overijssel.nl/subsidie" are one)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def is_home_page(url: str) -> bool:
    """A site's front page names no product: it never links an offer to a catalogue entry."""
    return bool(url) and "/" not in comparable_url(url)
