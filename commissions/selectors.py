"""Reads of the foundation: a commission's integración, its chain of predecessors and
what passes to a successor."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from commissions.models import Commission, Membership, Succession


def memberships_in_period(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> QuerySet[Membership]:
    """Seats that overlap ``[start, end]``: the rows of the attendance grids."""
    return (
        Membership.objects.filter(commission=commission, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("person", "party", "area")
        .order_by("order", "pk")
    )


@dataclass(frozen=True)
class ChainLink:
    commission: Commission
    # The day from which the chain's head supervises this commission's open matters
    # (``None`` for the head itself).
    since: datetime.date | None


@dataclass(frozen=True)
class CommissionChain:
    """A commission and all its predecessors, recursively (``commission_chain``).

    Iterating gives ``(commission, since)`` pairs, the head first.
    """

    links: tuple[ChainLink, ...]
    predecessors: tuple[Succession, ...]  # the head's own (several: a merger)
    successor: Succession | None  # who succeeded the head, if anybody

    def __iter__(self):
        return iter((link.commission, link.since) for link in self.links)

    def __len__(self) -> int:
        return len(self.links)

    @property
    def head(self) -> Commission:
        return self.links[0].commission

    @property
    def ids(self) -> list[int]:
        return [link.commission.pk for link in self.links]

    @property
    def earliest(self) -> Commission:
        """The commission of the chain that started first: the only one whose opening
        balances count (the later ones' matters are already in the chain's rows)."""
        return min((link.commission for link in self.links), key=lambda c: (c.active_from, c.pk))


def commission_chain(commission: Commission) -> CommissionChain:
    """``commission`` and its predecessors, each with the date from which the head reads
    its open matters. One query (every succession, walked in Python: commissions have few
    ancestors)."""
    successions = list(Succession.objects.select_related("predecessor", "successor"))
    by_successor: dict[int, list[Succession]] = {}
    successor = None
    for row in successions:
        by_successor.setdefault(row.successor_id, []).append(row)
        if row.predecessor_id == commission.pk:
            successor = row
    links = [ChainLink(commission=commission, since=None)]
    seen = {commission.pk}
    pending = [(commission.pk, None)]
    while pending:
        current, since = pending.pop(0)
        for row in by_successor.get(current, []):
            if row.predecessor_id in seen:
                continue
            seen.add(row.predecessor_id)
            # A grandparent's matters reach the head no earlier than its parent's did.
            day = row.effective_on if since is None else max(row.effective_on, since)
            links.append(ChainLink(commission=row.predecessor, since=day))
            pending.append((row.predecessor_id, day))
    return CommissionChain(
        links=tuple(links),
        predecessors=tuple(by_successor.get(commission.pk, [])),
        successor=successor,
    )


def commission_life(
    commission: Commission, start: datetime.date, end: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """``[start, end]`` clipped to the days the commission existed (its reports cover those)."""
    first = max(start, commission.active_from)
    last = min(end, commission.active_until) if commission.active_until else end
    return first, last  # first > last: the period is outside its life, nothing is read


def commission_successor(commission: Commission) -> Succession | None:
    """The succession that replaced ``commission``, if any."""
    return Succession.objects.select_related("successor").filter(predecessor=commission).first()


def succession_list() -> QuerySet[Succession]:
    return Succession.objects.select_related("predecessor", "successor").order_by(
        "effective_on", "pk"
    )


# What passes from a commission to its successor belongs to the apps above the foundation
# (agreements, mailing audiences, SIVOPLE communications): each declares its matters here
# when it is ready (``<app>.apps``), so the foundation reads them without importing them.
SuccessionMatter = Callable[[list[int], datetime.date], list]
SUCCESSION_MATTERS: dict[str, SuccessionMatter] = {}


def succession_matter_register(name: str, load: SuccessionMatter) -> None:
    """``load(commission_ids, effective_on)`` lists the open matters of those commissions
    that pass on that day; ``name`` is its key in ``SuccessionPreview.matters``."""
    SUCCESSION_MATTERS[name] = load


@dataclass(frozen=True)
class SuccessionPreview:
    """What passes from a commission (and its own predecessors) to its successor on a day:
    each registered matter (``succession_matter_register``) with its rows."""

    predecessor: Commission
    effective_on: datetime.date
    matters: dict[str, list]

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.matters.items()}


def succession_preview(
    *, predecessor: Commission, effective_on: datetime.date
) -> SuccessionPreview:
    """The open matters of ``predecessor``'s chain on ``effective_on``, one registered
    loader each: a fixed number of queries."""
    ids = commission_chain(predecessor).ids
    return SuccessionPreview(
        predecessor=predecessor,
        effective_on=effective_on,
        matters={name: load(ids, effective_on) for name, load in SUCCESSION_MATTERS.items()},
    )


def commissions_with_predecessors(ids) -> list[int]:
    """The ids given and those of all their predecessors, recursively (one query): whose
    inherited matters a client that sees ``ids`` sees too."""
    edges: dict[int, list[int]] = {}
    for predecessor, successor in Succession.objects.values_list("predecessor_id", "successor_id"):
        edges.setdefault(successor, []).append(predecessor)
    found = list(dict.fromkeys(ids))
    index = 0
    while index < len(found):
        for predecessor in edges.get(found[index], []):
            if predecessor not in found:
                found.append(predecessor)
        index += 1
    return found
