"""Reads for agreements and pertinence opinions.

One way to count: every agreements figure shown anywhere (the registry page, the dashboard,
the report, the API) comes from one function of this module for a given date, never from a
second filter of the same statuses elsewhere.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Prefetch, Q
from django.db.models.functions import ExtractYear

from agreements.models import (
    Agreement,
    AgreementCounterpart,
    AgreementOpeningBalance,
    Institution,
)
from commissions.models import Commission
from commissions.selectors import CommissionChain, commission_chain
from cori.text import long_date

SIGNED_STATUSES = (Agreement.Status.SIGNED, Agreement.Status.CONCLUDED)


def in_force_on(day: datetime.date) -> Q:
    """Signed instruments whose validity covers ``day``."""
    return (
        Q(status=Agreement.Status.SIGNED, signing_date__lte=day)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        & (Q(indefinite=True) | Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    )


def negotiating_on(day: datetime.date) -> Q:
    """Instruments in negotiation on ``day`` (those with no start date count from always)."""
    return Q(status=Agreement.Status.NEGOTIATING) & (
        Q(negotiation_started_on__isnull=True) | Q(negotiation_started_on__lte=day)
    )


def signed_between(start: datetime.date, end: datetime.date) -> Q:
    """Instruments signed between ``start`` and ``end`` (both included): the report's table."""
    return Q(signing_date__range=(start, end))


def signed_undated() -> Q:
    """Signed or concluded instruments without a signing date (the checklist's item)."""
    return Q(status__in=SIGNED_STATUSES, signing_date__isnull=True)


def of_chain(ids) -> Q:
    """The agreements a chain of commissions (``ids``) speaks of: its own and the
    institute's it follows (``Agreement.followers``), each once (a subquery, no join)."""
    followed = Agreement.followers.through.objects.filter(commission__in=ids)
    return Q(commission__in=ids) | Q(pk__in=followed.values("agreement_id"))


def _chain(commission: Commission, chain: CommissionChain | None) -> CommissionChain:
    """Figures that span time count the records of the whole chain (the commission and its
    predecessors, ``commissions.selectors.commission_chain``)."""
    return chain if chain is not None else commission_chain(commission)


def _opening_balance(*, commission: Commission, on: datetime.date, chain=None):
    """The opening balance of the chain's earliest commission only: a later commission's
    matters are already in the chain's rows, so nothing is counted twice."""
    earliest = _chain(commission, chain).earliest
    return (
        AgreementOpeningBalance.objects.filter(commission=earliest, as_of__lte=on)
        .order_by("-as_of")
        .first()
    )


def _signed_rows(*, commission: Commission, on: datetime.date, balance, chain=None):
    """The instruments signed up to ``on`` that count one by one: all of them, except those
    the opening balance already counts (signed from its ``counted_since`` to its ``as_of``)."""
    rows = Agreement.objects.filter(
        of_chain(_chain(commission, chain).ids),
        signing_date__lte=on,
        status__in=SIGNED_STATUSES,
    )
    if balance is not None:
        rows = rows.exclude(signing_date__range=(balance.counted_since, balance.as_of))
    return rows


# One selector per figure, each a queryset of the rows the figure counts one by one: the
# figure (with the opening balance where it has one), its dashboard link (the FilterSet
# filters ``suscritos_hasta``, ``en_vigor_al``, ``en_negociacion_al`` of
# ``agreements.filters.AgreementFilter`` call these), the registry, the checklist and the
# API list read them.


def agreements_signed_by(
    *, commission: Commission, on: datetime.date, chain: CommissionChain | None = None
):
    """«Convenios suscritos (acumulado)»: the rows signed up to ``on`` that count one by
    one; the figure adds the opening balance's ``signed_count`` (no row carries it)."""
    chain = _chain(commission, chain)
    balance = _opening_balance(commission=commission, on=on, chain=chain)
    return _signed_rows(commission=commission, on=on, balance=balance, chain=chain)


def agreements_in_force(
    *, commission: Commission, on: datetime.date, chain: CommissionChain | None = None
):
    """«Convenios vigentes»: of ``agreements_signed_by``, those in force on ``on``; the
    figure adds the opening balance's ``in_force_count``."""
    return agreements_signed_by(commission=commission, on=on, chain=chain).filter(in_force_on(on))


def agreements_negotiating_on(
    *, commission: Commission, on: datetime.date, chain: CommissionChain | None = None
):
    """«Convenios en negociación»: the chain's instruments in negotiation on ``on``
    (``negotiating_on``), the inherited ones included; no opening balance."""
    return Agreement.objects.filter(negotiating_on(on), of_chain(_chain(commission, chain).ids))


def agreement_opening_balance(
    *, commission: Commission, on: datetime.date, chain: CommissionChain | None = None
) -> AgreementOpeningBalance | None:
    """The opening balance that applies on ``on`` (the chain's earliest commission's latest
    up to that day), or ``None``: the part of the figures no row carries."""
    return _opening_balance(commission=commission, on=on, chain=chain)


def agreements_signed_undated(*, commission: Commission, chain: CommissionChain | None = None):
    """Signed or concluded instruments of the chain without a signing date: no figure counts
    them (the report's checklist asks for the date)."""
    return Agreement.objects.filter(signed_undated(), of_chain(_chain(commission, chain).ids))


@dataclass(frozen=True)
class RegistryTotals:
    on: datetime.date
    counted_since: datetime.date | None
    signed: int
    in_force: int

    @property
    def concluded(self) -> int:
        """Signed by ``on`` and no longer in force that day."""
        return self.signed - self.in_force

    @property
    def first_year(self) -> int | None:
        return self.counted_since.year if self.counted_since else None


def agreement_registry_totals(
    *, commission: Commission, on: datetime.date, chain: CommissionChain | None = None
) -> RegistryTotals:
    """ "El IECM ha suscrito 157 instrumentos de 2019 a la fecha, 64 vigentes".

    The latest opening balance up to ``on`` counts what was signed from its
    ``counted_since`` to its cut-off; every other agreement signed by ``on`` counts one by
    one (before the balance: a historic list; after it: what CORI recorded), so nothing is
    counted twice. Across the chain of commissions: its rows, its earliest commission's
    balance. One query for the chain (unless given), one for the balance, one for the rows.
    """
    chain = _chain(commission, chain)
    balance = _opening_balance(commission=commission, on=on, chain=chain)
    # One query: ``agreements_signed_by`` counted, and within it ``agreements_in_force``
    # (the same rows filtered by ``in_force_on``).
    rows = _signed_rows(commission=commission, on=on, balance=balance, chain=chain).aggregate(
        first=Min("signing_date"),
        signed=Count("pk"),
        in_force=Count("pk", filter=in_force_on(on)),
    )
    since = [day for day in (rows["first"], balance and balance.counted_since) if day]
    return RegistryTotals(
        on=on,
        counted_since=min(since) if since else None,
        signed=(balance.signed_count if balance else 0) + rows["signed"],
        in_force=(balance.in_force_count if balance else 0) + rows["in_force"],
    )


def agreements_negotiating(
    *, commission: Commission, on: datetime.date, chain: CommissionChain | None = None
) -> dict[str, int]:
    """Instruments in negotiation on ``on`` by management mode (every mode present), the
    inherited ones included."""
    rows = (
        agreements_negotiating_on(commission=commission, on=on, chain=chain)
        .values("management_mode")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(Agreement.ManagementMode.values, 0)
    counts.update({row["management_mode"]: row["count"] for row in rows})
    return counts


def agreements_signed_between(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> int:
    return Agreement.objects.filter(
        signed_between(start, end), of_chain(commission_chain(commission).ids)
    ).count()


def agreements_of_period(
    *,
    commission: Commission,
    start: datetime.date,
    end: datetime.date,
    chain: CommissionChain | None = None,
):
    """The instruments a period's report speaks of: in negotiation on its last day, or
    signed within it (both days included); a successor's include those it inherited. Each
    row says which by ``negotiating_at_end`` and ``signed_in_period``, computed in SQL by
    the same ``negotiating_on`` and ``signed_between`` (``classify_agreements`` reads them:
    one definition)."""
    negotiating, signed = negotiating_on(end), signed_between(start, end)
    return (
        Agreement.objects.filter(of_chain(_chain(commission, chain).ids))
        .filter(negotiating | signed)
        .annotate(
            negotiating_at_end=ExpressionWrapper(negotiating, output_field=BooleanField()),
            signed_in_period=ExpressionWrapper(signed, output_field=BooleanField()),
        )
    )


@dataclass(frozen=True)
class AgreementClasses:
    """A period's instruments classified once: the report's three tables (gestión directa,
    suscritos, acompañamiento) and its figures both read this."""

    direct: list[Agreement]  # in negotiation on the last day, managed by the commission
    signed: list[Agreement]  # signed within the period
    accompanied: list[Agreement]  # in negotiation on the last day, another area manages it

    def where(self, keep: Callable[[Agreement], bool]) -> "AgreementClasses":
        """The same classes with only the instruments ``keep`` accepts (a PAT line's)."""
        return AgreementClasses(
            direct=[a for a in self.direct if keep(a)],
            signed=[a for a in self.signed if keep(a)],
            accompanied=[a for a in self.accompanied if keep(a)],
        )

    def __bool__(self) -> bool:
        return bool(self.direct or self.signed or self.accompanied)


def classify_agreements(agreements: Iterable[Agreement]) -> AgreementClasses:
    """Sort the rows of ``agreements_of_period`` (their order is kept) by what the database
    said of each (``signed_in_period``, ``negotiating_at_end``): no second definition here."""
    classes = AgreementClasses(direct=[], signed=[], accompanied=[])
    for agreement in agreements:
        if agreement.signed_in_period:
            classes.signed.append(agreement)
        if not agreement.negotiating_at_end:
            continue
        if agreement.management_mode == Agreement.ManagementMode.DIRECT:
            classes.direct.append(agreement)
        elif agreement.management_mode == Agreement.ManagementMode.ACCOMPANIMENT:
            classes.accompanied.append(agreement)
    return classes


@dataclass(frozen=True)
class AgreementFigures:
    """The agreements figures of a period, as the report and the dashboard state them."""

    totals: RegistryTotals  # on the period's last day
    classes: AgreementClasses

    @property
    def signed_in_period(self) -> int:
        return len(self.classes.signed)

    @property
    def negotiating(self) -> dict[str, int]:
        """On the period's last day, by management mode."""
        return {
            Agreement.ManagementMode.DIRECT: len(self.classes.direct),
            Agreement.ManagementMode.ACCOMPANIMENT: len(self.classes.accompanied),
        }


def agreement_figures(
    *,
    commission: Commission,
    start: datetime.date,
    end: datetime.date,
    classes: AgreementClasses | None = None,
    chain: CommissionChain | None = None,
) -> AgreementFigures:
    """``classes``: the period's classification when the caller has read it already."""
    chain = _chain(commission, chain)
    if classes is None:
        rows = agreements_of_period(commission=commission, start=start, end=end, chain=chain).only(
            "status", "management_mode", "signing_date"
        )
        classes = classify_agreements(rows)
    return AgreementFigures(
        totals=agreement_registry_totals(commission=commission, on=end, chain=chain),
        classes=classes,
    )


@dataclass(frozen=True)
class Registry:
    totals: RegistryTotals
    negotiating: int
    balance_label: str  # "" when no opening balance applies
    by_year: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    by_sector: list[tuple[str, int]]
    by_scope: list[tuple[str, int]]
    # The part of ``signed`` and ``in_force`` that is the opening balance (no row carries it).
    balance_signed: int = 0
    balance_in_force: int = 0

    @property
    def on(self) -> datetime.date:
        return self.totals.on

    @property
    def first_year(self) -> int | None:
        return self.totals.first_year

    @property
    def signed(self) -> int:
        return self.totals.signed

    @property
    def in_force(self) -> int:
        return self.totals.in_force

    @property
    def concluded(self) -> int:
        return self.totals.concluded


def agreement_registry(*, commission: Commission, on: datetime.date) -> Registry:
    """The registry of instruments on ``on``: the totals of ``agreement_registry_totals``
    (opening balance included), the instruments in negotiation of ``agreements_negotiating``,
    and the instruments counted one by one grouped by year, counterpart sector and scope,
    with the opening balance as a row of its own. A fixed number of queries."""
    chain = commission_chain(commission)
    totals = agreement_registry_totals(commission=commission, on=on, chain=chain)
    negotiating = sum(agreements_negotiating(commission=commission, on=on, chain=chain).values())
    balance = _opening_balance(commission=commission, on=on, chain=chain)
    rows = _signed_rows(commission=commission, on=on, balance=balance, chain=chain)
    balance_label = (
        f"Saldo inicial: del {long_date(balance.counted_since, weekday=False)} al "
        f"{long_date(balance.as_of, weekday=False)}"
        if balance
        else ""
    )

    def grouped(queryset, field, labels):
        counts = queryset.values(field).annotate(count=Count("pk", distinct=True)).order_by(field)
        return [(labels.get(row[field], row[field]), row["count"]) for row in counts]

    by_year = [
        (str(row["year"]), row["count"])
        for row in rows.annotate(year=ExtractYear("signing_date"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    ]
    if balance:
        before = sum(int(year) < balance.counted_since.year for year, _ in by_year)
        by_year.insert(before, (balance_label, balance.signed_count))
    sectors = dict(Institution.Sector.choices) | {None: "Sin contraparte"}
    scopes = dict(Institution.Scope.choices) | {None: "Sin contraparte"}
    unbroken = [(balance_label, balance.signed_count)] if balance else []
    return Registry(
        totals=totals,
        negotiating=negotiating,
        balance_label=balance_label,
        by_year=by_year,
        by_status=[
            ("Vigentes", totals.in_force),
            ("Concluidos o sin vigencia", totals.concluded),
            (Agreement.Status.NEGOTIATING.label, negotiating),
        ],
        by_sector=grouped(rows, "counterparts__sector", sectors) + unbroken,
        by_scope=grouped(rows, "counterparts__scope", scopes) + unbroken,
        balance_signed=balance.signed_count if balance else 0,
        balance_in_force=balance.in_force_count if balance else 0,
    )


def agreements_ending(
    *, commission: Commission, start: datetime.date, days: int, chain: CommissionChain | None = None
) -> list[Agreement]:
    """Signed instruments of the chain whose validity ends within ``days`` from ``start``
    (both included), soonest first: the councillor's home and the dashboard's alerts. One
    query (two without ``chain``)."""
    ids = _chain(commission, chain).ids
    return list(
        Agreement.objects.filter(
            of_chain(ids),
            status=Agreement.Status.SIGNED,
            valid_until__range=(start, start + datetime.timedelta(days=days)),
        ).order_by("valid_until", "pk")
    )


def agreements_passing_on(commission_ids: list[int], effective_on: datetime.date) -> list:
    """For a succession (``commissions.selectors.succession_preview``): the agreements in
    negotiation or in force on ``effective_on``, counterparts and progress joined."""
    return list(
        Agreement.objects.filter(commission__in=commission_ids)
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
