"""The link in an invitation: like the new-password link (works once, stops when a password is
set), but for days instead of hours, because a new colleague often reads it the next day."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "scharnier.accounts.invitation"

    def make_token(self, user) -> str:
        # Django's check compares a token's age with PASSWORD_RESET_TIMEOUT. Stamped that much
        # less than the invitation's lifetime ahead, the token expires ACCOUNTS_INVITATION_DAYS
        # after it was made; the stamp is inside the signed hash, so it cannot be moved.
        ahead = settings.ACCOUNTS_INVITATION_DAYS * 86400 - settings.PASSWORD_RESET_TIMEOUT
        issued = self._num_seconds(self._now())
        return self._make_token_with_timestamp(user, issued + max(ahead, 0), self.secret)


invitation_tokens = InvitationTokenGenerator()
