"""Reads for the institute's registry of agreements (issue 21): its figures, counted once.

The registry is every instrument of the institute: those of its commissions and those no
commission owns (``Agreement.commission`` empty, signed by an area). ``chain`` (the ids of a
commission and its predecessors) restricts it to what that chain owns or follows.

Where only totals are known, ``AgreementYearBalance`` gives a year's instruments by sector
(signed, and of them concluded and in force on its ``as_of``). A year with a balance is
counted from it, and the instruments registered one by one with a signing date in that year
are not counted again: nothing is counted twice. A balance applies to a cut-off on or after
its ``as_of``; with ``chain`` there is none (balances are the institute's, not a
commission's).

One selector per figure; the report («Informe sobre la suscripción y seguimiento de
convenios interinstitucionales»), the API and the registry page read them, and
``institute_figures`` gathers them in a fixed number of queries.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from agreements.models import Agreement, AgreementCounterpart, AgreementYearBalance, Institution
from agreements.selectors import SIGNED_STATUSES, in_force_on, negotiating_on, of_chain

FIRST_YEAR = 1999  # the institute's first instruments


def _scope(chain) -> Q:
    return Q() if chain is None else of_chain(chain)


def registry_balances(*, on: datetime.date, chain=None) -> QuerySet[AgreementYearBalance]:
    """The yearly balances that apply on ``on`` (taken on or before it); none for a chain."""
    if chain is not None:
        return AgreementYearBalance.objects.none()
    return AgreementYearBalance.objects.filter(as_of__lte=on, year__lte=on.year)


def _balanced_years(balances) -> list[int]:
    return sorted({row.year for row in balances})


def registry_signed_rows(
    *, on: datetime.date, chain=None, balanced_years: list[int] | None = None
) -> QuerySet[Agreement]:
    """Instruments signed (or signed and concluded) up to ``on`` that count one by one: not
    those of a year a balance counts (``balanced_years``; read when not given)."""
    if balanced_years is None:
        balanced_years = _balanced_years(registry_balances(on=on, chain=chain))
    rows = Agreement.objects.filter(_scope(chain), status__in=SIGNED_STATUSES, signing_date__lte=on)
    if balanced_years:
        rows = rows.exclude(signing_date__year__in=balanced_years)
    return rows


@dataclass(frozen=True)
class RegistryFigures:
    """Signed since the first record, concluded and in force on ``on``; in negotiation or
    management on ``on``. ``balance_*``: the part no row carries."""

    on: datetime.date
    signed: int
    concluded: int
    in_force: int
    negotiating: int
    balance_signed: int = 0


def registry_signed(*, on: datetime.date, chain=None) -> int:
    """Instruments signed since the first record up to ``on``."""
    return registry_totals(on=on, chain=chain).signed


def registry_in_force(*, on: datetime.date, chain=None) -> int:
    """Instruments in force on ``on`` (``agreements.selectors.in_force_on``)."""
    return registry_totals(on=on, chain=chain).in_force


def registry_concluded(*, on: datetime.date, chain=None) -> int:
    """Instruments signed up to ``on`` and no longer in force that day."""
    return registry_totals(on=on, chain=chain).concluded


def registry_negotiating_rows(*, on: datetime.date, chain=None) -> QuerySet[Agreement]:
    """Instruments in the process of subscription or management on ``on``."""
    return Agreement.objects.filter(_scope(chain), negotiating_on(on))


def registry_totals(*, on: datetime.date, chain=None) -> RegistryFigures:
    """Signed, concluded, in force and in negotiation on ``on``: three queries."""
    balances = list(registry_balances(on=on, chain=chain))
    rows = registry_signed_rows(on=on, chain=chain, balanced_years=_balanced_years(balances))
    counted = rows.aggregate(signed=Count("pk"), in_force=Count("pk", filter=in_force_on(on)))
    balance_signed = sum(row.signed_count for row in balances)
    return RegistryFigures(
        on=on,
        signed=balance_signed + counted["signed"],
        in_force=sum(row.in_force_count for row in balances) + counted["in_force"],
        concluded=sum(row.concluded_count for row in balances)
        + counted["signed"]
        - counted["in_force"],
        negotiating=registry_negotiating_rows(on=on, chain=chain).count(),
        balance_signed=balance_signed,
    )


def registry_yearly_series(*, on: datetime.date, chain=None) -> list[tuple[int, int]]:
    """Instruments signed each year from 1999 (or an earlier first record) to ``on``'s
    year, every year present (zeros included): the balances' years from them, the others
    from the rows. Two queries."""
    balances = registry_balances(on=on, chain=chain)
    by_year: dict[int, int] = {}
    for row in balances.values("year").annotate(count=Sum("signed_count")).order_by():
        by_year[row["year"]] = row["count"]
    rows = registry_signed_rows(on=on, chain=chain, balanced_years=sorted(by_year))
    for row in (
        rows.annotate(year=ExtractYear("signing_date")).values("year").annotate(count=Count("pk"))
    ).order_by():
        by_year[row["year"]] = by_year.get(row["year"], 0) + row["count"]
    first = min([FIRST_YEAR, *by_year])
    return [(year, by_year.get(year, 0)) for year in range(first, on.year + 1)]


def series_maximum(series: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The year with the most instruments signed (the earliest of a tie), or None."""
    best = max(series, key=lambda pair: (pair[1], -pair[0]), default=None)
    return best if best and best[1] else None


def _whole_years(start: datetime.date, end: datetime.date) -> range:
    """The years ``start``–``end`` covers from 1 January to 31 December."""
    first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    last = end.year if (end.month, end.day) == (12, 31) else end.year - 1
    return range(first, last + 1)


def _period_rows(*, start: datetime.date, end: datetime.date, chain=None):
    balanced = _balanced_years(registry_balances(on=end, chain=chain))
    rows = registry_signed_rows(on=end, chain=chain, balanced_years=balanced)
    return rows.filter(signing_date__gte=start)


def registry_signed_in_period_rows(
    *, start: datetime.date, end: datetime.date, chain=None
) -> QuerySet[Agreement]:
    """Instruments signed between ``start`` and ``end`` (both included) that count one by
    one (not of a year a balance counts), with their counterparts, by signing date."""
    return (
        _period_rows(start=start, end=end, chain=chain)
        .select_related("responsible_area", "commission")
        .prefetch_related(
            Prefetch(
                "counterpart_links",
                queryset=AgreementCounterpart.objects.select_related("institution").order_by(
                    "order", "pk"
                ),
            )
        )
        .order_by("signing_date", "title", "pk")
    )


def _grouped(rows, balances, field: str, choices) -> list[tuple[str, int]]:
    counts = dict.fromkeys(choices.values, 0)
    for row in (
        rows.values(f"counterparts__{field}").annotate(count=Count("pk", distinct=True)).order_by()
    ):
        key = row[f"counterparts__{field}"]
        if key is not None:
            counts[key] = counts.get(key, 0) + row["count"]
    for key, count in balances:
        counts[key] = counts.get(key, 0) + count
    labels = dict(choices.choices)
    return [(labels.get(key, key), count) for key, count in counts.items()]


def registry_signed_by_sector(
    *, start: datetime.date, end: datetime.date, chain=None
) -> list[tuple[str, int]]:
    """Instruments signed in the period by the sector of their counterparts, every sector
    present: an instrument with counterparts of several sectors counts once in each, so
    the sum may exceed the instruments. Balances of whole years within the period count
    in their sector. Two queries."""
    rows = _period_rows(start=start, end=end, chain=chain)
    balances = registry_balances(on=end, chain=chain).filter(
        year__in=list(_whole_years(start, end))
    )
    return _grouped(
        rows,
        [(row.sector, row.signed_count) for row in balances],
        "sector",
        Institution.Sector,
    )


def registry_signed_by_scope(
    *, start: datetime.date, end: datetime.date, chain=None
) -> list[tuple[str, int]]:
    """The same instruments by the scope of their counterparts (local, national,
    international); each counts once in each scope of its counterparts."""
    rows = _period_rows(start=start, end=end, chain=chain)
    return _grouped(rows, [], "scope", Institution.Scope)


def registry_pipeline(*, on: datetime.date, chain=None) -> list[Agreement]:
    """The instruments in negotiation or management on ``on``, with their counterparts."""
    return list(
        registry_negotiating_rows(on=on, chain=chain)
        .select_related("responsible_area")
        .prefetch_related(
            Prefetch(
                "counterpart_links",
                queryset=AgreementCounterpart.objects.select_related("institution").order_by(
                    "order", "pk"
                ),
            )
        )
        .order_by("negotiation_started_on", "title", "pk")
    )


@dataclass(frozen=True)
class InstituteFigures:
    """Everything the report on agreements states for a cut-off and a period."""

    start: datetime.date
    end: datetime.date
    totals: RegistryFigures
    series: list[tuple[int, int]]
    maximum: tuple[int, int] | None
    signed_in_period: list[Agreement]
    by_sector: list[tuple[str, int]]
    by_scope: list[tuple[str, int]]
    pipeline: list[Agreement]

    @property
    def signed_in_period_count(self) -> int:
        """Instruments signed in the period: the rows listed plus the balances of whole
        years within it (the sector table's instruments)."""
        return len(self.signed_in_period) + self.period_balance

    period_balance: int = 0


def institute_figures(*, start: datetime.date, end: datetime.date, chain=None) -> InstituteFigures:
    """The report's figures, cut off at ``end``, for the period ``start``–``end``."""
    signed = list(registry_signed_in_period_rows(start=start, end=end, chain=chain))
    period_balance = (
        registry_balances(on=end, chain=chain)
        .filter(year__in=list(_whole_years(start, end)))
        .aggregate(total=Sum("signed_count"))["total"]
        or 0
    )
    series = registry_yearly_series(on=end, chain=chain)
    return InstituteFigures(
        start=start,
        end=end,
        totals=registry_totals(on=end, chain=chain),
        series=series,
        maximum=series_maximum(series),
        signed_in_period=signed,
        by_sector=registry_signed_by_sector(start=start, end=end, chain=chain),
        by_scope=registry_signed_by_scope(start=start, end=end, chain=chain),
        pipeline=registry_pipeline(on=end, chain=chain),
        period_balance=period_balance,
    )
