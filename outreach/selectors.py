"""Reads for INE liaison and outreach records.

One way to count: every SIVOPLE figure (the report, the dashboard, the API) comes from
``communication_counts`` (a period) or ``sivople_year_to_date`` (the year so far, opening
balance included), never from a second filter of the same rows elsewhere.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from commissions.models import Commission
from commissions.selectors import CommissionChain, commission_chain
from outreach.models import (
    SIVOPLE_VOCABULARY,
    Audience,
    Communication,
    CommunicationOpeningBalance,
    CommunicationStatus,
    CommunicationType,
    Direction,
    Event,
    Mission,
)


@dataclass(frozen=True)
class CommunicationTable:
    """SIVOPLE communications of one direction by status (rows) and type (columns)."""

    direction: Direction
    types: list[CommunicationType]
    statuses: list[CommunicationStatus]
    cells: dict[tuple[str, str], int]  # (status, type) -> count

    def cell(self, status: str, kind: str) -> int:
        return self.cells.get((status, kind), 0)

    def row_total(self, status: str) -> int:
        return sum(self.cell(status, kind) for kind in self.types)

    def column_total(self, kind: str) -> int:
        return sum(self.cell(status, kind) for status in self.statuses)

    @property
    def total(self) -> int:
        return sum(self.cells.values())


@dataclass(frozen=True)
class CommunicationCounts:
    """SIVOPLE communications of a period, grouped by PAT line, direction, status and type."""

    start: datetime.date
    end: datetime.date
    cells: list[dict]  # {"line_id", "direction", "status", "kind", "count"}

    def total(self, **match) -> int:
        """``total(direction="ine_iecm", status="en_proceso")``: the cells that match, added."""
        return sum(
            cell["count"]
            for cell in self.cells
            if all(cell[field] == value for field, value in match.items())
        )

    def by(self, *fields: str) -> dict[tuple, int]:
        """Totals grouped by ``fields``, in the order of the fields' values."""
        totals: dict[tuple, int] = {}
        for cell in self.cells:
            key = tuple(cell[field] for field in fields)
            totals[key] = totals.get(key, 0) + cell["count"]
        return dict(sorted(totals.items(), key=lambda item: tuple(map(str, item[0]))))

    def table(
        self, direction: Direction, *, keep: Callable[[dict], bool] | None = None
    ) -> CommunicationTable:
        """Tablas 1.1 and 1.2 from the cells read: one direction, and only the cells ``keep``
        accepts (the report's: a PAT line's)."""
        cells: dict[tuple[str, str], int] = {}
        for cell in self.cells:
            if cell["direction"] == direction and (keep is None or keep(cell)):
                key = (cell["status"], cell["kind"])
                cells[key] = cells.get(key, 0) + cell["count"]
        vocabulary = SIVOPLE_VOCABULARY[direction]
        return CommunicationTable(
            direction=direction,
            types=vocabulary["types"],
            statuses=vocabulary["statuses"],
            cells=cells,
        )


def _chain(commission: Commission, chain: CommissionChain | None) -> CommissionChain:
    return chain if chain is not None else commission_chain(commission)


def communication_counts(
    *,
    commission: Commission,
    start: datetime.date,
    end: datetime.date,
    chain: CommissionChain | None = None,
) -> CommunicationCounts:
    """The communications recorded between ``start`` and ``end`` (both included), the
    chain's (a successor keeps up those it inherited): one grouped query, from which every
    count of a period is added up."""
    rows = (
        Communication.objects.filter(
            commission__in=_chain(commission, chain).ids, date__range=(start, end)
        )
        .values("line_id", "direction", "status", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return CommunicationCounts(start=start, end=end, cells=list(rows))


def communication_table(
    *,
    commission: Commission,
    direction: Direction,
    start: datetime.date,
    end: datetime.date,
) -> CommunicationTable:
    """Tablas 1.1 and 1.2: one grouped query."""
    return communication_counts(commission=commission, start=start, end=end).table(direction)


def communications_year_to_date(
    *,
    commission: Commission,
    direction: Direction,
    end: datetime.date,
    chain: CommissionChain | None = None,
) -> dict[str, int]:
    """Communications of one direction from 1 January of ``end``'s year to ``end``, by status.

    Spans covered by an opening balance (SIVOPLE figures from before CORI) count through
    the balance; the communications recorded one by one count from the day after it.
    Across the chain of commissions: its rows, and its earliest commission's balances only.
    """
    chain = _chain(commission, chain)
    year_start = datetime.date(end.year, 1, 1)
    balances = CommunicationOpeningBalance.objects.filter(
        commission=chain.earliest,
        direction=direction,
        period_start__gte=year_start,
        period_end__lte=end,
    )
    counts: dict[str, int] = {}
    for row in balances.values("status").annotate(count=Sum("count")).order_by():
        counts[row["status"]] = row["count"]
    covered_until = balances.order_by("-period_end").values_list("period_end", flat=True).first()
    recorded = Communication.objects.filter(
        commission__in=chain.ids, direction=direction, date__range=(year_start, end)
    )
    if covered_until is not None:
        recorded = recorded.filter(date__gt=covered_until)
    for row in recorded.values("status").annotate(count=Count("pk")).order_by():
        counts[row["status"]] = counts.get(row["status"], 0) + row["count"]
    return counts


@dataclass(frozen=True)
class SivopleYearToDate:
    """SIVOPLE from 1 January to ``end``, opening balance included: the report's "el IECM
    recibió 404 comunicaciones del INE, de las cuales … 151 están en proceso"."""

    end: datetime.date
    received: dict[str, int]  # INE → IECM, by status
    sent: dict[str, int]  # IECM → INE, by status

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.end.year, 1, 1)

    @property
    def received_total(self) -> int:
        return sum(self.received.values())

    @property
    def for_information(self) -> int:
        return self.received.get(CommunicationStatus.FOR_INFORMATION, 0)

    @property
    def in_progress(self) -> int:
        """Received and not yet attended: "en proceso" and "nuevo"."""
        return self.received.get(CommunicationStatus.IN_PROGRESS, 0) + self.received.get(
            CommunicationStatus.NEW, 0
        )

    @property
    def concluded(self) -> int:
        return self.received.get(CommunicationStatus.CONCLUDED, 0)

    @property
    def cancelled(self) -> int:
        return self.received.get(CommunicationStatus.CANCELLED, 0)

    @property
    def sent_total(self) -> int:
        return sum(self.sent.values())

    @property
    def attended(self) -> int:
        return self.sent.get(CommunicationStatus.CONCLUDED_OUTGOING, 0)

    @property
    def pending(self) -> int:
        return self.sent_total - self.attended


def sivople_year_to_date(
    *, commission: Commission, end: datetime.date, chain: CommissionChain | None = None
) -> SivopleYearToDate:
    """Both directions of ``communications_year_to_date``."""
    chain = _chain(commission, chain)
    return SivopleYearToDate(
        end=end,
        received=communications_year_to_date(
            commission=commission, direction=Direction.INE_TO_IECM, end=end, chain=chain
        ),
        sent=communications_year_to_date(
            commission=commission, direction=Direction.IECM_TO_INE, end=end, chain=chain
        ),
    )


# «Eventos y actividades», «Misiones en el extranjero»: the records under way in a period.
# The report's figure and tables (``reports.selectors.data``) and the dashboard's link (the
# FilterSets' ``en_curso`` range, ``outreach.filters``) read these, so they cannot disagree.


def events_under_way(start: datetime.date, end: datetime.date) -> Q:
    """Events that overlap ``[start, end]``; one without an end date counts on its start."""
    return Q(start_date__lte=end) & (
        Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start)
    )


def missions_under_way(start: datetime.date, end: datetime.date) -> Q:
    """Missions that overlap ``[start, end]``."""
    return Q(start_date__lte=end, end_date__gte=start)


def events_of_period(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> QuerySet[Event]:
    return Event.objects.filter(events_under_way(start, end), commission=commission)


def missions_of_period(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> QuerySet[Mission]:
    return Mission.objects.filter(missions_under_way(start, end), commission=commission)


def audiences_passing_on(commission_ids: list[int], effective_on: datetime.date) -> list:
    """For a succession: the mailing audiences, with their mailings counted."""
    return list(
        Audience.objects.filter(commission__in=commission_ids)
        .annotate(mailing_count=Count("mailings"))
        .order_by("name", "pk")
    )


def communications_passing_on(commission_ids: list[int], effective_on: datetime.date) -> list:
    """For a succession: the SIVOPLE communications still in process that day."""
    return list(
        Communication.objects.filter(
            commission__in=commission_ids,
            date__lt=effective_on,
            status__in=[
                CommunicationStatus.NEW,
                CommunicationStatus.IN_PROGRESS,
                CommunicationStatus.ASSIGNED,
            ],
        ).order_by("date", "folio", "pk")
    )
