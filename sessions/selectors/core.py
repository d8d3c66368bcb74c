"""Reads for commissions, sessions and attendance."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from sessions.models import Attendance, Commission, Membership, Session, Succession


def session_list(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> QuerySet[Session]:
    """Sessions held in ``[start, end]``, in date order."""
    return Session.objects.filter(
        commission=commission, date__range=(start, end), status=Session.Status.HELD
    ).order_by("date", "time", "pk")


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
class AttendanceRate:
    membership: Membership
    expected: int  # sessions held while the seat was in force, with attendance recorded
    present: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


def attendance_rates(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> list[AttendanceRate]:
    """Attendance rate of each seat, counting only sessions within its membership period.

    Sessions whose attendance was never recorded are left out: they say nothing of who
    came. Two queries whatever the size of the data.
    """
    sessions = session_list(commission=commission, start=start, end=end).prefetch_related(
        Prefetch(
            "attendance",
            queryset=Attendance.objects.only("session_id", "membership_id", "status"),
        )
    )
    grids = [
        (session, {cell.membership_id: cell.status for cell in session.attendance.all()})
        for session in sessions
    ]
    rates = []
    for membership in memberships_in_period(commission=commission, start=start, end=end):
        recorded = [
            grid for session, grid in grids if grid and membership.is_active_on(session.date)
        ]
        present = sum(grid.get(membership.pk) == Attendance.Status.PRESENT for grid in recorded)
        rates.append(AttendanceRate(membership=membership, expected=len(recorded), present=present))
    return rates


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


@dataclass(frozen=True)
class SuccessionPreview:
    """What passes from a commission (and its own predecessors) to its successor on a day:
    the open matters, listed and counted."""

    predecessor: Commission
    effective_on: datetime.date
    agreements: list  # in negotiation or in force, counterparts and progress joined
    audiences: list  # mailing audiences, with their mailings counted
    communications: list  # SIVOPLE communications still in process

    @property
    def counts(self) -> dict[str, int]:
        return {
            "agreements": len(self.agreements),
            "audiences": len(self.audiences),
            "communications": len(self.communications),
        }


def succession_preview(
    *, predecessor: Commission, effective_on: datetime.date
) -> SuccessionPreview:
    """The open matters of ``predecessor``'s chain on ``effective_on``: agreements in
    negotiation or in force that day, its mailing audiences, its SIVOPLE communications
    still "nuevo", "en proceso" or "asignada". A fixed number of queries."""
    from agreements.models import Agreement, AgreementCounterpart
    from agreements.selectors import in_force_on, negotiating_on
    from outreach.models import Audience, Communication, CommunicationStatus

    ids = commission_chain(predecessor).ids
    agreements = list(
        Agreement.objects.filter(commission__in=ids)
        .filter(negotiating_on(effective_on) | in_force_on(effective_on))
        .select_related("commission", "parent")
        .prefetch_related(
            Prefetch(
                "counterpart_links",
                queryset=AgreementCounterpart.objects.select_related("institution").order_by(
                    "order", "pk"
                ),
            )
        )
        .annotate(progress_count=Count("progress_reports", distinct=True))
        .order_by("status", "title", "pk")
    )
    audiences = list(
        Audience.objects.filter(commission__in=ids)
        .annotate(mailing_count=Count("mailings"))
        .order_by("name", "pk")
    )
    communications = list(
        Communication.objects.filter(
            commission__in=ids,
            date__lt=effective_on,
            status__in=[
                CommunicationStatus.NEW,
                CommunicationStatus.IN_PROGRESS,
                CommunicationStatus.ASSIGNED,
            ],
        ).order_by("date", "folio", "pk")
    )
    return SuccessionPreview(
        predecessor=predecessor,
        effective_on=effective_on,
        agreements=agreements,
        audiences=audiences,
        communications=communications,
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
