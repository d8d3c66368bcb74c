"""Reads for the API: who the client is and which commissions it may see and change."""

from dataclasses import dataclass

from django.db.models import F, QuerySet

from commissions.models import Commission
from cori.access import (
    can_write,
    edit_refusal,
    is_administrator,
    may_register_institute_agreements,
    record_kind,
    roles_remember,
    user_commissions,
)
from cori.api.services import api_token_hash
from cori.models import ApiToken

# The token's row comes once per group of its creator (the join below); a creator with
# more groups than this has them read apart, by ``cori.access`` (one more query).
CREATOR_GROUPS_READ = 20


def api_token_for_key(*, key: str) -> ApiToken | None:
    """The token with its creator and the creator's groups, in one query: a request's
    access (``api_access``) needs nothing more, its commissions being a subquery."""
    rows = list(
        ApiToken.objects.select_related("created_by")
        .annotate(creator_group=F("created_by__groups__name"))
        .filter(key_hash=api_token_hash(key))
        .order_by()[:CREATOR_GROUPS_READ]
    )
    if not rows:
        return None
    token = rows[0]
    if token.created_by is not None and len(rows) < CREATOR_GROUPS_READ:
        roles_remember(token.created_by, {row.creator_group for row in rows} - {None})
    return token


CREATOR_CANNOT_WRITE = (
    "Este token es de lectura y escritura, pero quien creó el token ya no puede modificar "
    "registros (su rol cambió o su cuenta ya no tiene esta comisión): el token solo consulta. "
    "Pida a Administración un token nuevo."
)


@dataclass(frozen=True)
class ApiAccess:
    """What a client may do: the token's scope, or the signed-in user's role."""

    commissions: QuerySet[Commission]
    can_write: bool
    is_administrator: bool = False
    write_refusal: str = ""  # why a client that would write may not, when not the usual
    # May write the institute's agreements (no commission): Administración, or a token
    # made by Administración (or by the operator, ``create_api_token``) that writes.
    institute_writer: bool = False

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
        access = _token_access(token)
    else:
        user = request.user
        access = ApiAccess(
            commissions=user_commissions(user),
            can_write=can_write(user),
            is_administrator=is_administrator(user),
            institute_writer=may_register_institute_agreements(user),
        )
    request._cori_api_access = access
    return access


def _token_access(token: ApiToken) -> ApiAccess:
    """A token acts with its own scope intersected with its creator's rights as they are
    now (read on every request): the creator's commissions, and writing only while the
    creator may write. A token nobody created (``manage.py create_api_token`` without
    ``--created-by``) keeps its own scope."""
    commissions = Commission.objects.filter(api_tokens=token)
    creator = token.created_by
    if creator is None:
        return ApiAccess(
            commissions=commissions,
            can_write=not token.read_only,
            institute_writer=not token.read_only,
        )
    if not is_administrator(creator):
        commissions = commissions.filter(pk__in=user_commissions(creator).values("pk"))
    creator_writes = can_write(creator)
    return ApiAccess(
        commissions=commissions,
        can_write=not token.read_only and creator_writes,
        write_refusal="" if token.read_only or creator_writes else CREATOR_CANNOT_WRITE,
        institute_writer=not token.read_only and may_register_institute_agreements(creator),
    )
