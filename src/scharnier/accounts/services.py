"""Accounts: second-factor devices (TOTP, RFC 6238), passwords, the address, and colleagues
added to a team. Writes happen only here; every mail about an account goes out through `_send`."""

import base64
import binascii
import hashlib
import secrets

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from scharnier.core import mail
from scharnier.core.links import site_url
from scharnier.organisations import services as organisation_services
from scharnier.organisations.models import Membership
from scharnier.organisations.permissions import Action, require_permission
from scharnier.organisations.queries import Team, membership_team, team_name
from scharnier.organisations.services import change_user_email

from .tokens import invitation_tokens

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


def new_password_link(uidb64: str, token: str) -> str:
    """The mailed link to choose a (new) password; works once, for `link_hours()`."""
    return site_url(reverse("accounts:new-password", kwargs={"uidb64": uidb64, "token": token}))


def _send(template: str, context: dict, address: str) -> bool:
    """Mail `accounts/email/<template>.txt` with its subject; logs name it by the template."""
    return mail.send(
        render_to_string(f"accounts/email/{template}_subject.txt", context).strip(),
        render_to_string(f"accounts/email/{template}.txt", context),
        address,
        kind=template.replace("_", "-"),
    )


def send_invitation(
    user: AbstractBaseUser, membership: Membership | None = None, actor=None
) -> bool:
    """Mail a new account's owner a link to choose their first password (and, when a colleague
    added them to a team, who, which team and which role)."""
    team = membership_team(membership) if membership else None
    context = {
        "actor": _name(actor),
        "team": team_name(team) if team else "",
        "role": membership.get_role_display() if membership else "",
        "username": user.get_username(),
        "link": site_url(
            reverse(
                "accounts:invitation",
                args=[
                    urlsafe_base64_encode(force_bytes(user.pk)),
                    invitation_tokens.make_token(user),
                ],
            )
        ),
        "days": settings.ACCOUNTS_INVITATION_DAYS,
        "login": site_url(reverse("web:login")),
        "forgotten": site_url(reverse("accounts:password-forgotten")),
    }
    return _send("invitation", context, user.email)


def password_changed(user: AbstractBaseUser) -> None:
    """After a new password (forgotten or changed): lift a login lockout on the name and tell
    the owner by mail, so a change they did not make does not go unnoticed."""
    axes_reset(username=user.get_username())
    address = getattr(user, "email", "")
    if address:
        context = {"username": user.get_username(), "contact": site_url(reverse("web:contact"))}
        _send("password_changed", context, address)


def link_hours() -> int:
    """How long a mailed link (new password, new address) works."""
    return settings.PASSWORD_RESET_TIMEOUT // 3600


# A link to confirm a new address names the account, the new address (the recipient's own) and
# a hash of the current one, so it stops working once the address has changed (used, or
# changed again in between). Signed, not encrypted: the old address is not in it in clear.
_EMAIL_SALT = "scharnier.accounts.email-change"


def _address_hash(address: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address.lower()}".encode()).hexdigest()[:16]


def request_email_change(user: AbstractBaseUser, new_address: str) -> None:
    """Mail a confirmation link to the new address and a notice to the old one."""
    token = signing.dumps(
        {"user": user.pk, "old": _address_hash(user.email), "new": new_address}, salt=_EMAIL_SALT
    )
    context = {
        "username": user.get_username(),
        "link": site_url(reverse("accounts:confirm-email", args=[token])),
        "hours": link_hours(),
        "contact": site_url(reverse("web:contact")),
    }
    _send("confirm_email", context, new_address)
    if user.email:
        _send("email_change_notice", context, user.email)


def confirm_email_change(token: str) -> AbstractBaseUser | None:
    """Set the new address the token names; None when the link is forged, old or spent."""
    try:
        data = signing.loads(token, salt=_EMAIL_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
    if user is None or _address_hash(user.email) != data["old"]:
        return None
    change_user_email(user, data["new"])
    return user


# --- Colleagues in a team (a regional director's region, an editor's organisation) -----------
def add_colleague(
    *, actor: AbstractBaseUser, team: Team, role: str, email: str, first_name: str, last_name: str
) -> tuple[Membership, bool]:
    """Give a colleague a role in the actor's team and tell them: a new account gets the
    invitation to choose a password, an existing one a notice. Returns (membership, created)."""
    membership, created = organisation_services.add_team_member(
        actor=actor, team=team, role=role, email=email, first_name=first_name, last_name=last_name
    )
    if created:
        send_invitation(membership.user, membership, actor)
    else:
        _send("team_added", _team_context(membership, team, actor), membership.user.email)
    return membership, created


def remove_colleague(*, actor: AbstractBaseUser, membership: Membership) -> None:
    """Take a colleague's role in the team away and tell them."""
    team = membership_team(membership)
    organisation_services.remove_team_member(actor=actor, membership=membership)
    if membership.user.email and team is not None:
        _send("team_removed", _team_context(membership, team, actor), membership.user.email)


def invite_again(*, actor: AbstractBaseUser, membership: Membership) -> bool:
    """A new invitation for a team member who has not chosen a password yet (the link of the
    first one works for `link_hours()`)."""
    team = membership_team(membership)
    if team is None:
        raise PermissionDenied("not a team role")
    require_permission(actor, Action.MANAGE_TEAM, team)
    if membership.user.has_usable_password():
        raise ValidationError(
            _(
                "Deze collega heeft al een wachtwoord gekozen. Is het vergeten? Dan vraagt de "
                "collega zelf een nieuwe link aan via 'Wachtwoord vergeten' bij het inloggen."
            )
        )
    return send_invitation(membership.user, membership, actor)


def switch_off_account(*, actor: AbstractBaseUser, user: AbstractBaseUser) -> None:
    """Switch off an account without a role and tell its owner why they can no longer log in."""
    was_active = user.is_active
    organisation_services.switch_off_roleless_account(actor=actor, user=user)
    if was_active and user.email:
        context = {
            "actor": _name(actor),
            "username": user.get_username(),
            "contact": site_url(reverse("web:contact")),
        }
        _send("account_switched_off", context, user.email)


def _name(user) -> str:
    """How a mail names a colleague: full name and username, so the recipient knows who."""
    if user is None:
        return _("Een collega")
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def _team_context(membership: Membership, team: Team, actor: AbstractBaseUser) -> dict:
    return {
        "actor": _name(actor),
        "username": membership.user.get_username(),
        "role": membership.get_role_display(),
        "team": team_name(team),
        "login": site_url(reverse("web:login")),
        "contact": site_url(reverse("web:contact")),
    }
