"""The acts that can be signed, declared by the apps that own them (``register``): how to
find one, whether it may be signed now, its unsigned PDF and its page. This app sits
below them (docs/architecture.md, the floors), so they register, it never imports them."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet

from commissions.models import Commission


@dataclass(frozen=True)
class SignableAct:
    kind: str  # ``ActKind``
    # The acts of this kind, with what ``commission``, ``title`` and ``url`` read.
    queryset: Callable[[], QuerySet]
    commission: Callable[[Model], Commission]
    # Why the act cannot be signed now (Spanish), or "" when it can.
    refusal: Callable[[Model], str]
    # The act's PDF as it stands before its first signature (rendered or stored).
    unsigned_pdf: Callable[[Model], bytes]
    title: Callable[[Model], str]
    url: Callable[[Model], str]  # the act's page
    # The act whose unsigned PDF has this SHA-256, if any (verification by hash).
    by_sha256: Callable[[str], Model | None]
    # The day whose seats sign (memberships in force then).
    signing_day: Callable[[Model], datetime.date]
    # The moment before which no signature can be true (the act's closing), if any.
    not_before: Callable[[Model], datetime.datetime | None] = field(default=lambda record: None)


ACTS: dict[str, SignableAct] = {}


def register(act: SignableAct) -> None:
    ACTS[act.kind] = act


def act_for(kind: str) -> SignableAct:
    return ACTS[kind]


def act_lock(act: SignableAct, pk: int) -> Model:
    """The act's row locked until the transaction ends (DoesNotExist if there is none)."""
    return act.queryset().select_for_update(of=("self",)).get(pk=pk)
