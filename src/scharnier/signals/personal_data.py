"""Personal data in a signal's text, found before a reviewer makes it public.

A public raiser is asked not to name anyone, but people write "bel me op 06-12345678" or "mijn
naam is Jan de Vries" all the same. The reviewer reads every text before it goes on the board;
this points at what looks like personal data and can take it out on publishing. It finds what
has a recognisable form (e-mail address, phone number, IBAN, postcode with house number, a KvK
or BSN number, a name after "mijn naam is", "meneer", "mevrouw" or a person's role ("collega
Piet", "wethouder De Boer"), and a common first name, alone mid-sentence or with a surname). A
surname alone it cannot tell from a place or a company, so the reviewer still reads the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

MASK = "[weggehaald]"
FIRST_NAMES_FILE = Path(__file__).resolve().parent / "data" / "first_names.txt"

# A capitalised word of a name, with Dutch infixes between ("Jan de Vries", "Anna van den Berg").
_NAME = (
    r"[A-Z][a-zà-ÿ'’-]+"
    r"(?:\s+(?:(?:van|de|der|den|het|ter|ten|te|in|'t)\s+)*[A-Z][a-zà-ÿ'’-]+){0,3}"
)

# Kind -> (label shown to the reviewer, pattern). Order matters: earlier kinds win overlaps.
_PATTERNS: list[tuple[str, object, re.Pattern]] = [
    ("email", _("e-mailadres"), re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    (
        "iban",
        _("rekeningnummer"),
        re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d{2,4}){2,5}\b"),
    ),
    (
        "phone",
        _("telefoonnummer"),
        re.compile(
            # 06-12345678, 06 1234 5678, +31 6 12345678, 0031..., 020-1234567, (010) 123 45 67
            r"(?<![\w+(])\(?(?:(?:\+|00)31[\s-]?(?:\(0\))?[\s-]?|0)(?:\(?\d{1,3}\)?[\s-]?)"
            r"\d(?:[\s-]?\d){5,7}(?![\d])"
        ),
    ),
    (
        "address",
        _("adres"),
        re.compile(
            r"\b[A-Z][a-zà-ÿ]+(?:straat|laan|weg|plein|gracht|kade|dijk|singel|steeg|pad|hof|"
            r"park|dreef|markt)\s+\d{1,4}\s?[a-zA-Z]?\b|\b\d{4}\s?[A-Z]{2}\b(?=[\s,.]|$)"
        ),
    ),
    (
        "kvk",
        _("KvK-nummer"),
        re.compile(r"(?i)\b(?:kvk|kamer van koophandel)[\w\s.:-]{0,15}?\b(\d{8})\b"),
    ),
    ("bsn", _("BSN"), re.compile(r"(?i)\b(?:bsn|burgerservicenummer)[\w\s.:-]{0,15}?\b(\d{9})\b")),
    (
        "name",
        _("naam"),
        re.compile(
            r"(?:(?i:mijn naam is|ik heet|met vriendelijke groet,?|groet,?|"
            r"meneer|mevrouw|mevr\.|dhr\.|mw\.)\s+)(" + _NAME + r")"
        ),
    ),
    (
        "name",
        _("naam"),
        re.compile(
            r"(?:\b(?i:collega|adviseur|adviseuse|consulent|contactpersoon|medewerker|medewerkster|"
            r"wethouder|burgemeester|gedeputeerde|buurman|buurvrouw|compagnon|zoon|dochter|"
            r"vader|moeder|broer|zus|echtgenoot|echtgenote|mijnheer|heer|juffrouw)\s+)"
            r"(" + _NAME + r")"
        ),
    ),
    # "ik ben Jan": a name unless the word is one of the capitalised words below.
    ("name", _("naam"), re.compile(r"(?:(?i:ik ben)\s+)(" + _NAME + r")")),
]
KINDS = {kind: label for kind, label, _pattern in _PATTERNS}
# Capitalised words after "ik ben" that are no name ("Ik ben Ondernemer in Breda").
_NOT_NAMES = {
    "Eigenaar",
    "Ondernemer",
    "Directeur",
    "Zzp'er",
    "Zzper",
    "Bakker",
    "Boer",
    "Het",
    "De",
    "Een",
    "Ook",
    "Al",
    "Nu",
    "Niet",
}


# A first name followed by a surname: "Jan Jansen", "Anna van den Berg".
_SURNAME = re.compile(r"(?:\s+(?:(?:van|de|der|den|ter|ten|te|'t)\s+)*[A-Z][a-zà-ÿ'’-]+){1,2}")
_CAPITALISED = re.compile(r"\b[A-Z][a-zà-ÿ'’]+\b")
# Where a sentence starts, a capitalised word may be an ordinary word ("Roos", "Wil je ...").
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*|\n\s*|[\"“‘(]\s*)$")


@cache
def first_names() -> frozenset[str]:
    lines = FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _first_name_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    names = first_names()
    for word in _CAPITALISED.finditer(text):
        if word.group() not in names:
            continue
        surname = _SURNAME.match(text, word.end())
        if surname is None and _SENTENCE_START.search(text, 0, word.start()):
            continue
        spans.append((word.start(), surname.end() if surname else word.end()))
    return spans


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def find(text: str) -> list[Finding]:
    """What looks like personal data in `text`, in reading order, without overlaps."""
    found: list[Finding] = []
    for kind, _label, pattern in _PATTERNS:
        for match in pattern.finditer(text or ""):
            group = 1 if pattern.groups else 0
            start, end = match.span(group)
            if pattern is _PATTERNS[-1][2] and match.group(group).split()[0] in _NOT_NAMES:
                continue
            if any(start < f.end and f.start < end for f in found):
                continue
            found.append(Finding(kind, start, end))
    for start, end in _first_name_spans(text or ""):
        if not any(start < f.end and f.start < end for f in found):
            found.append(Finding("name", start, end))
    return sorted(found, key=lambda f: f.start)


def labels(text: str) -> list[str]:
    """The kinds found, each once, for a warning ("telefoonnummer, naam")."""
    out: list[str] = []
    for finding in find(text):
        if finding.label not in out:
            out.append(finding.label)
    return out


def masked(text: str) -> str:
    """`text` with everything `find` finds replaced by MASK."""
    out, last = [], 0
    for finding in find(text):
        out.append(text[last : finding.start])
        out.append(MASK)
        last = finding.end
    out.append(text[last:])
    return "".join(out)
