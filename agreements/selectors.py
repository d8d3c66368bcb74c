"""Reads for agreements and pertinence opinions."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractYear

from agreements.models import Agreement, AgreementOpeningBalance, Institution
from sessions.models import Commission


def in_force_on(day: datetime.date) -> Q:
    """Signed instruments whose validity covers ``day``."""
    return (
        Q(status=Agreement.Status.SIGNED, signing_date__lte=day)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        & (Q(indefinite=True) | Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    )


@dataclass(frozen=True)
class RegistryTotals:
    counted_since: datetime.date | None
    signed: int
    in_force: int


def agreement_registry_totals(*, commission: Commission, on: datetime.date) -> RegistryTotals:
    """ "El IECM ha suscrito 157 instrumentos de 2019 a la fecha, 64 vigentes".

    The latest opening balance up to ``on`` counts what was signed until its cut-off; the
    agreements signed after the cut-off count one by one, so nothing is counted twice.
    """
    balance = (
        AgreementOpeningBalance.objects.filter(commission=commission, as_of__lte=on)
        .order_by("-as_of")
        .first()
    )
    signed = Agreement.objects.filter(
        commission=commission,
        signing_date__lte=on,
        status__in=[Agreement.Status.SIGNED, Agreement.Status.CONCLUDED],
    )
    if balance is not None:
        signed = signed.filter(signing_date__gt=balance.as_of)
    return RegistryTotals(
        counted_since=balance.counted_since if balance else None,
        signed=(balance.signed_count if balance else 0) + signed.count(),
        in_force=(balance.in_force_count if balance else 0)
        + signed.filter(in_force_on(on)).count(),
    )


@dataclass(frozen=True)
class Registry:
    first_year: int | None
    signed: int
    concluded: int
    in_force: int
    by_year: list[tuple[int, int]]
    by_status: list[tuple[str, int]]
    by_sector: list[tuple[str, int]]
    by_scope: list[tuple[str, int]]


def agreement_registry(*, commission: Commission, on: datetime.date) -> Registry:
    """The registry of instruments recorded one by one, every figure counted from the rows:
    "853 instrumentos desde 1999, 731 concluidos, 122 vigentes". Five grouped queries."""
    agreements = Agreement.objects.filter(commission=commission)
    signed = agreements.filter(
        signing_date__isnull=False,
        status__in=[Agreement.Status.SIGNED, Agreement.Status.CONCLUDED],
    )
    totals = signed.aggregate(
        first=Min("signing_date"),
        signed=Count("pk"),
        concluded=Count("pk", filter=Q(status=Agreement.Status.CONCLUDED)),
        in_force=Count("pk", filter=in_force_on(on)),
    )
    statuses = dict(Agreement.Status.choices)
    sectors = dict(Institution.Sector.choices)
    scopes = dict(Institution.Scope.choices)

    def grouped(queryset, field, labels=None):
        rows = queryset.values(field).annotate(count=Count("pk", distinct=True)).order_by(field)
        return [((labels or {}).get(row[field], row[field]), row["count"]) for row in rows]

    return Registry(
        first_year=totals["first"].year if totals["first"] else None,
        signed=totals["signed"],
        concluded=totals["concluded"],
        in_force=totals["in_force"],
        by_year=grouped(signed.annotate(year=ExtractYear("signing_date")), "year"),
        by_status=grouped(agreements, "status", statuses),
        by_sector=grouped(signed, "counterparts__sector", sectors),
        by_scope=grouped(signed, "counterparts__scope", scopes),
    )
