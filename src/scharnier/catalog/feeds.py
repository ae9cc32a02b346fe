"""Read an organisation's Samenwerkende Catalogi from where it publishes it, every night.

The editors give the address once; the nightly job (`JobKind.READ_CATALOGUES`) and the
"Nu inlezen" button fetch it and hand the file to `harvesting.harvest_catalogue`, so the
completeness check follows the catalogue without uploads. Only public web addresses are
fetched, without following redirects: the server must not become a way into the network it
runs in (loopback, private and link-local addresses are refused, also after a DNS change).
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.organisations.models import Organisation

from .harvesting import HarvestReport, harvest_catalogue, require_catalogue_permission
from .importing import ImportProblem, max_file_bytes, size_problem
from .models import CatalogueFeed

FETCH_TIMEOUT_SECONDS = 20
USER_AGENT = "Scharnier/1.0 (Samenwerkende Catalogi; +https://scharnier.example)"


class FeedUnreachableError(Exception):
    """The address could not be read; the message is Dutch, for the editors."""


def _allow_private() -> bool:
    # Tests serve a catalogue from this machine; production never sets this.
    return bool(getattr(settings, "CATALOGUE_FEED_ALLOW_PRIVATE", False))


def _public_address_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _("Vul een webadres in dat begint met https://.")
    if parts.username or parts.password:
        return _("Een adres met een gebruikersnaam of wachtwoord lezen we niet.")
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        return _("De website %(host)s bestaat niet (of is nu niet te vinden).") % {
            "host": parts.hostname
        }
    if _allow_private():
        return None
    for *_rest, address in found:
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global or ip.is_multicast:
            return _(
                "Dit adres is niet openbaar op internet. Geef het openbare adres van uw catalogus."
            )
    return None


def set_catalogue_feed(*, actor, organisation: Organisation, url: str) -> CatalogueFeed | None:
    """Store (or with an empty address, forget) where the organisation's catalogue is."""
    require_catalogue_permission(actor, organisation)
    url = url.strip()
    if not url:
        CatalogueFeed.objects.filter(organisation=organisation).delete()
        return None
    problem = None
    if len(url) > 500:
        problem = _("Het adres is te lang: hoogstens 500 tekens.")
    else:
        problem = _public_address_problem(url)
    if problem:
        raise ValidationError({"url": problem}, code="url")
    feed, _created = CatalogueFeed.objects.update_or_create(
        organisation=organisation,
        defaults={
            "url": url,
            "set_by": actor if getattr(actor, "pk", None) else None,
            "set_at": timezone.now(),
        },
    )
    return feed


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise FeedUnreachableError(
            _("Het adres stuurt door naar %(target)s. Vul dat adres in als het uw catalogus is.")
            % {"target": newurl[:200]}
        )


def fetch(url: str) -> bytes:
    """The catalogue's bytes, or FeedUnreachableError with the Dutch reason."""
    problem = _public_address_problem(url)  # again: the name may point elsewhere by now
    if problem:
        raise FeedUnreachableError(problem)
    opener = urllib.request.build_opener(_NoRedirects)
    # Only http(s) gets here: _public_address_problem refused every other scheme.
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    limit = max_file_bytes()
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT_SECONDS) as answer:
            data = answer.read(limit + 1)
    except FeedUnreachableError:
        raise
    except urllib.error.HTTPError as error:
        raise FeedUnreachableError(
            _("De website gaf foutcode %(code)s. Kijk of het adres nog klopt.")
            % {"code": error.code}
        ) from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise FeedUnreachableError(
            _("We konden het adres niet bereiken. Probeer het later opnieuw.")
        ) from error
    if len(data) > limit:
        raise FeedUnreachableError(size_problem(len(data)))
    return data


@dataclass
class FeedReading:
    feed: CatalogueFeed
    report: HarvestReport


def read_feed(feed: CatalogueFeed, *, actor=None) -> FeedReading:
    """Fetch and harvest one catalogue; what happened is kept on the feed."""
    if actor is not None:
        require_catalogue_permission(actor, feed.organisation)
    try:
        data = fetch(feed.url)
    except FeedUnreachableError as error:
        report = HarvestReport(problems=[ImportProblem(None, None, str(error))])
    else:
        report = harvest_catalogue(
            actor=None, organisation=feed.organisation, data=data, source=feed.url
        )
    feed.last_read_at = timezone.now()
    feed.last_read_ok = report.ok
    feed.last_problem = "" if report.ok else _first_problem(report)[:500]
    feed.save(update_fields=["last_read_at", "last_read_ok", "last_problem"])
    return FeedReading(feed, report)


def _first_problem(report: HarvestReport) -> str:
    first = report.problems[0]
    where = _("product %(number)s: ") % {"number": first.row} if first.row else ""
    more = len(report.problems) - 1
    extra = " " + _("En nog %(count)s andere problemen.") % {"count": more} if more > 0 else ""
    return f"{where}{first.message}{extra}"


def read_all_feeds() -> dict[str, int]:
    """The nightly job: every organisation's catalogue address."""
    read = failed = 0
    for feed in CatalogueFeed.objects.select_related("organisation").order_by("pk"):
        reading = read_feed(feed)
        read += 1
        failed += not reading.report.ok
    return {"read": read, "failed": failed}
