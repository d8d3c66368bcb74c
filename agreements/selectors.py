"""Reads for agreements and pertinence opinions."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from agreements.models import Agreement, AgreementOpeningBalance
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
