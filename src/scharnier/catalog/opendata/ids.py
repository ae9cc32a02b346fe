"""Stable identifiers for everything in the open-data exports.

Offers keep their public UUID. Everything else gets a name-based UUID (uuid5) from a fixed
namespace, so an organisation, a vocabulary term or a region has the same id in every export,
on every machine, for ever (as long as its slug or code does not change). The RDF export uses
the same UUIDs as `urn:uuid:` IRIs, so both datasets can be joined on id.
"""

import hashlib
import uuid
from functools import lru_cache

# Never change: every id in published exports derives from it.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:scharnier:open-data")
_NAMESPACE_BYTES = NAMESPACE.bytes


def stable_uuid(*parts: object) -> str:
    """A deterministic UUID for the thing named by `parts` (e.g. "organisation", slug).

    Exactly `str(uuid.uuid5(NAMESPACE, "/".join(parts)))`, computed without building UUID
    objects: an export of 25,000 offers needs about a million of these.
    """
    name = "/".join(str(p) for p in parts).encode("utf-8")
    raw = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name, usedforsecurity=False).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@lru_cache(maxsize=4096)
def organisation_id(slug: str) -> str:
    return stable_uuid("organisation", slug)


@lru_cache(maxsize=4096)
def taxonomy_id(vocabulary: str) -> str:
    return stable_uuid("taxonomy", vocabulary)


@lru_cache(maxsize=4096)
def term_id(vocabulary: str, code: str) -> str:
    return stable_uuid("term", vocabulary, code)


@lru_cache(maxsize=4096)
def region_id(slug: str) -> str:
    return stable_uuid("region", slug)


def part_id(offer_id: str, kind: str, *parts: object) -> str:
    """Id of a record that belongs to one offer (contact, cost, schedule, area, attribute)."""
    return stable_uuid("offer", offer_id, kind, *parts)
