"""The entrepreneur's private status link and other absolute addresses used in e-mails.

Below both `services` and `notifications`, so that either can use it without importing the other.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from scharnier.core.links import site_url
from scharnier.core.logs import token_hash  # noqa: F401 - re-exported for casework

from .models import Question

# v2: with issue time and the question's link version (expiry and revocation).
_STATUS_SALT = "scharnier.casework.status-link.v2"


def status_link_max_age_seconds() -> int:
    return int(getattr(settings, "CASEWORK_STATUS_LINK_DAYS", 30)) * 86400


def status_token(question: Question) -> str:
    """The secret in the entrepreneur's private status link: signed, with its issue time and the
    question's link version, so it expires (CASEWORK_STATUS_LINK_DAYS) and can be revoked
    (raising the version) while nothing secret is stored."""
    payload = f"{question.public_id.hex}.{question.status_link_version}"
    return signing.TimestampSigner(salt=_STATUS_SALT).sign(payload)


@dataclass(frozen=True)
class StatusToken:
    public_id_hex: str
    version: int
    expired: bool


def read_status_token(token: str) -> StatusToken | None:
    """What a status token says, or None when it is forged or malformed."""
    signer = signing.TimestampSigner(salt=_STATUS_SALT)
    try:
        payload = signer.unsign(token)
    except signing.BadSignature:
        return None
    public_hex, _dot, version = payload.partition(".")
    if not version.isdigit():
        return None
    try:
        signer.unsign(token, max_age=status_link_max_age_seconds())
        expired = False
    except signing.SignatureExpired:
        expired = True
    return StatusToken(public_id_hex=public_hex, version=int(version), expired=expired)


def status_url(token: str) -> str:
    return site_url(reverse("casework:status", args=[token]))
