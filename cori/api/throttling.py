"""Per-client rate limit: one bucket per token (or per signed-in user, or per address).

Counted atomically in the cache (``add`` opens the client's window, ``incr`` counts: one
Redis command each; a request inside an open window only counts, and only a refused one
reads when its window started), so workers racing on one client never let more through
than the rate; DRF's own throttle reads, appends to and writes back a list of request
times, and racing workers overwrite each other's. The window opens with the client's
first request and lasts the rate's period.
"""

import time

from django.core.cache import cache
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

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = time.time()
        try:
            # The window is open: only the count (the usual request's one command).
            count = cache.incr(self.key)
        except ValueError:
            # The client's first request of a window: its start, then its counter; both
            # expire with it (``add``: two workers opening it at once count in one).
            cache.add(f"{self.key}:inicio", self.now, timeout=self.duration)
            cache.add(self.key, 0, timeout=self.duration)
            try:
                count = cache.incr(self.key)
            except ValueError:  # the window expired between add and incr
                cache.add(self.key, 1, timeout=self.duration)
                count = 1
        return count <= self.num_requests

    def wait(self) -> float | None:
        """Seconds until the window closes (asked only of a refused request)."""
        key = getattr(self, "key", None)
        if key is None:
            return None
        started = cache.get(f"{key}:inicio", self.now)
        return max(1.0, self.duration - (self.now - started))
