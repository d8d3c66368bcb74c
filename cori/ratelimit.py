"""Limits on what sends e-mail: password reset, invitations, convocatorias and adendas.

Counted in Django's cache (Redis in production, so every worker counts together; the
per-process memory cache otherwise) with two atomic operations: ``add`` creates the window's
counter and ``incr`` counts (Redis' ``SET NX`` and ``INCR``; a lock in the memory cache).
Fixed windows: the counter's key names its window, so it is never reset by a late request.
django-axes counts only failed sign-ins, and django-ratelimit would give the same two cache
calls behind a view decorator, where these limits are checked inside the use cases (the
address is known there, and the API and the admin go through them too).

Each attempt counts, refused or not, whether or not the address has an account: the answer
is the same for an address CORI knows and one it does not.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Limit:
    """At most ``count`` attempts in ``seconds`` for each key of the ``scope``."""

    scope: str
    count: int
    seconds: int


class RateLimited(ValidationError):
    """Too many attempts; ``wait`` is the seconds until the window ends."""

    def __init__(self, message: str, *, wait: int):
        super().__init__(message, code="rate_limited")
        self.wait = wait


def email_limit(name: str) -> tuple[Limit, Limit]:
    """The per-address and per-client limits of ``name`` (``EMAIL_RATE_LIMITS``)."""
    per_address, per_client, seconds = settings.EMAIL_RATE_LIMITS[name]
    return Limit(f"{name}:address", per_address, seconds), Limit(
        f"{name}:client", per_client, seconds
    )


def _counter(limit: Limit, key: str, now: float) -> tuple[str, int]:
    window = int(now // limit.seconds)
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
    return f"cori:limite:{limit.scope}:{digest}:{window}", limit.seconds - int(now % limit.seconds)


def attempt_count(limit: Limit, key: str) -> tuple[int, int]:
    """Count one attempt for ``key``; return the count in the window and the seconds left."""
    name, left = _counter(limit, key, time.time())
    cache.add(name, 0, timeout=left + 1)
    try:
        return cache.incr(name), left
    except ValueError:  # the window's key expired between add and incr
        cache.add(name, 1, timeout=left + 1)
        return 1, left


def limits_check(checks: list[tuple[Limit, str]], message: str) -> None:
    """Count one attempt for every ``(limit, key)``; raise ``RateLimited`` (``message``
    formatted with ``{minutes}``) if any of them went over its limit."""
    wait = 0
    for limit, key in checks:
        if not key:
            continue
        count, left = attempt_count(limit, key)
        if count > limit.count:
            wait = max(wait, left)
    if wait:
        minutes = max(1, math.ceil(wait / 60))
        label = "1 minuto" if minutes == 1 else f"{minutes} minutos"
        raise RateLimited(message.format(minutes=label), wait=wait)
