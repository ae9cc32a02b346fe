"""API tokens: issued and revoked here (the admin and `create_api_token` call these)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def issue_api_token(user: AbstractBaseUser, renew: bool = False) -> Token:
    """The user's token; a new one (the old one stops working) when asked to renew."""
    if renew:
        Token.objects.filter(user=user).delete()
    token, _created = Token.objects.get_or_create(user=user)
    return token


def revoke_api_token(user: AbstractBaseUser) -> bool:
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)
