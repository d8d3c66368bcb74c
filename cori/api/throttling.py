"""Per-client rate limit: one bucket per token (or per signed-in user, or per address)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from cori.models import ApiToken


class ApiRateThrottle(SimpleRateThrottle):
    """Rate ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"]`` (env ``API_THROTTLE_RATE``)."""

    scope = "api"

    def get_rate(self):
        # Read at request time, so a changed setting (tests) takes effect immediately.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
