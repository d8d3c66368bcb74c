"""Reads for INE liaison and outreach records."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Sum

from outreach.models import (
    SIVOPLE_VOCABULARY,
    Communication,
    CommunicationOpeningBalance,
    CommunicationStatus,
    CommunicationType,
    Direction,
)
from sessions.models import Commission


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


def communication_table(
    *,
    commission: Commission,
    direction: Direction,
    start: datetime.date,
    end: datetime.date,
) -> CommunicationTable:
    """Tablas 1.1 and 1.2: one grouped query."""
    rows = (
        Communication.objects.filter(
            commission=commission, direction=direction, date__range=(start, end)
        )
        .values("status", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    vocabulary = SIVOPLE_VOCABULARY[direction]
    return CommunicationTable(
        direction=direction,
        types=vocabulary["types"],
        statuses=vocabulary["statuses"],
        cells={(row["status"], row["kind"]): row["count"] for row in rows},
    )


def communications_year_to_date(
    *, commission: Commission, direction: Direction, end: datetime.date
) -> dict[str, int]:
    """Communications of one direction from 1 January of ``end``'s year to ``end``, by status.

    Spans covered by an opening balance (SIVOPLE figures from before CORI) count through
    the balance; the communications recorded one by one count from the day after it.
    """
    year_start = datetime.date(end.year, 1, 1)
    balances = CommunicationOpeningBalance.objects.filter(
        commission=commission,
        direction=direction,
        period_start__gte=year_start,
        period_end__lte=end,
    )
    counts: dict[str, int] = {}
    for row in balances.values("status").annotate(count=Sum("count")).order_by():
        counts[row["status"]] = row["count"]
    covered_until = balances.order_by("-period_end").values_list("period_end", flat=True).first()
    recorded = Communication.objects.filter(
        commission=commission, direction=direction, date__range=(year_start, end)
    )
    if covered_until is not None:
        recorded = recorded.filter(date__gt=covered_until)
    for row in recorded.values("status").annotate(count=Count("pk")).order_by():
        counts[row["status"]] = counts.get(row["status"], 0) + row["count"]
    return counts
