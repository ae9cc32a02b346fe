"""Second-factor devices (TOTP, RFC 6238): set up, confirm, verify. Writes happen only here."""

import base64
import binascii
import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from scharnier.core import mail
from scharnier.core.links import site_url

DEVICE_NAME = "app"


def base32_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app expects it when typed in (base32, in groups of 4)."""
    raw = base64.b32encode(binascii.unhexlify(device.key)).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def hex_key_from_base32(secret: str) -> str:
    cleaned = secret.replace(" ", "").upper()
    padded = cleaned + "=" * (-len(cleaned) % 8)
    return binascii.hexlify(base64.b32decode(padded)).decode()


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def pending_device(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device being set up (one per user; a new secret each time it is made)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=DEVICE_NAME, confirmed=False, key=secrets.token_hex(20)
        )
    return device


@transaction.atomic
def confirm_device(request, device: TOTPDevice, code: str) -> bool:
    """Confirm a pending device with a first code from the app; the session becomes verified."""
    if not device.verify_token(code.strip()):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def verify(request, code: str) -> bool:
    """Check a code against the user's device; on success the session is verified."""
    device = confirmed_device(request.user)
    if device is None or not device.verify_token(code.strip()):
        return False
    otp_login(request, device)
    return True


@transaction.atomic
def set_known_device(user: AbstractBaseUser, base32: str) -> TOTPDevice:
    """Give a user a confirmed device with a given secret (demo accounts only); idempotent."""
    key = hex_key_from_base32(base32)
    existing = TOTPDevice.objects.filter(user=user, confirmed=True, key=key).first()
    if existing is not None:
        return existing
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True, key=key)


@transaction.atomic
def reset_devices(user: AbstractBaseUser) -> int:
    """Remove a user's devices (lost phone): next login sets up a new one."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted


def password_changed(user: AbstractBaseUser) -> None:
    """After a new password (forgotten or changed): lift a login lockout on the name and tell
    the owner by mail, so a change they did not make does not go unnoticed."""
    axes_reset(username=user.get_username())
    address = getattr(user, "email", "")
    if address:
        context = {"username": user.get_username(), "contact": site_url(reverse("web:contact"))}
        mail.send(
            render_to_string("accounts/email/password_changed_subject.txt", context).strip(),
            render_to_string("accounts/email/password_changed.txt", context),
            address,
            kind="password-changed",
        )
