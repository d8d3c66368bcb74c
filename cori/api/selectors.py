"""Reads for the API: who the client is and which commissions it may see and change."""

from dataclasses import dataclass

from django.db.models import QuerySet

from commissions.models import Commission
from cori.access import can_write, edit_refusal, is_administrator, record_kind, user_commissions
from cori.api.services import api_token_hash
from cori.models import ApiToken


def api_token_for_key(*, key: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("created_by").filter(key_hash=api_token_hash(key)).first()
    )


@dataclass(frozen=True)
class ApiAccess:
    """What a client may do: the token's scope, or the signed-in user's role."""

    commissions: QuerySet[Commission]
    can_write: bool
    is_administrator: bool = False

    def edit_refusal(self, model, action: str) -> str:
        """Why this client may not ``action`` a record of ``model`` ("" if it may), from
        the same table as the staff pages (``cori.access.may_edit``)."""
        return edit_refusal(
            administrator=self.is_administrator,
            writer=self.can_write,
            kind=record_kind(model),
            action=action,
        )


def api_access(request) -> ApiAccess:
    """Computed once per request: a token's commissions and kind, or the user's role."""
    cached = getattr(request, "_cori_api_access", None)
    if cached is not None:
        return cached
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        access = ApiAccess(
            commissions=Commission.objects.filter(api_tokens=token),
            can_write=not token.read_only,
        )
    else:
        user = request.user
        access = ApiAccess(
            commissions=user_commissions(user),
            can_write=can_write(user),
            is_administrator=is_administrator(user),
        )
    request._cori_api_access = access
    return access
