"""API token authentication that slows down guessing, and a per-token request rate."""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.throttling import SimpleRateThrottle

from scharnier.core.ratelimit import RateLimited, client_ip, hit, parse_rate, peek, rates_for
from scharnier.core.ratelimit import scoped_key as _key

SCOPE = "api-token-failures"


class ThrottledTokenAuthentication(TokenAuthentication):
    """Wrong tokens count per client IP; over the limit every token is refused with 429 until
    the window ends (also a right one, so guessing cannot go on)."""

    def authenticate(self, request):
        rate = rates_for(SCOPE).get("ip")
        if rate is None or not request.META.get("HTTP_AUTHORIZATION", "").startswith(self.keyword):
            return super().authenticate(request)
        limit, window = parse_rate(rate)
        key = _key(SCOPE, "ip", client_ip(request))
        wait = peek(key, limit, window)
        if wait:
            raise RateLimited(wait)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            wait = hit(key, limit, window)
            if wait:
                raise RateLimited(wait) from None
            raise


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per API token (authenticated users); anonymous reads are not limited here."""

    scope = "token"

    def get_rate(self) -> str:
        # Read per request, so that the setting can change without a restart of the class.
        from django.conf import settings

        return settings.SCHARNIER_API_TOKEN_RATE

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
