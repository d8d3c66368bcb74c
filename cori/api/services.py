"""Writes for API tokens: create (the key is returned once) and revoke."""

import hashlib
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cori.models import ApiToken

PREFIX_LENGTH = 8


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_key_assign(*, token: ApiToken) -> str:
    """Give an unsaved token a new random key; return the key (only its hash is stored)."""
    key = secrets.token_urlsafe(32)
    token.prefix = key[:PREFIX_LENGTH]
    token.key_hash = api_token_hash(key)
    return key


@transaction.atomic
def api_token_create(
    *,
    name: str,
    commissions: Iterable,
    read_only: bool = True,
    created_by=None,
    expires_at=None,
) -> tuple[ApiToken, str]:
    """Create a token scoped to ``commissions``; return it with its key, shown only now."""
    commissions = list(commissions)
    if not commissions:
        raise ValidationError({"commissions": "Indique al menos una comisión."})
    token = ApiToken(name=name, read_only=read_only, created_by=created_by, expires_at=expires_at)
    key = api_token_key_assign(token=token)
    token.full_clean()
    token.save()
    token.commissions.set(commissions)
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token: from now on it answers 401. Revoking twice keeps the first date."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record the token's use, at most once a minute (no write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
