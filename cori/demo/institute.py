"""An illustrative history of the institute's agreements since 1999 (issue 21), loaded by
the demo as yearly balances by sector (``AgreementYearBalance``): plausible, not the
institute's real figures. The years end in 2018, before the seed's instruments (counted
one by one from 2019), and no commission's figure reads them, so the seed quarter's informe
is unchanged (tested)."""

import datetime

from agreements.models import AgreementYearBalance

AS_OF = datetime.date(2018, 12, 31)
NOTE = "Historia ilustrativa de la demostración: no son cifras reales del instituto."
# Sectors and the share of each year's instruments (academia signs most).
SECTORS = (
    ("academia", 4),
    ("gobierno", 3),
    ("organismo_electoral", 2),
    ("sociedad_civil", 1),
    ("organismo_internacional", 1),
)
# Instruments signed each year: growing after the 2008 reform, a peak in 2016.
SIGNED_BY_YEAR = {
    year: count
    for year, count in zip(
        range(1999, 2019),
        (3, 4, 5, 4, 6, 7, 6, 8, 9, 11, 10, 12, 14, 13, 15, 17, 16, 22, 18, 19),
        strict=True,
    )
}


def _split(total: int) -> list[tuple[str, int]]:
    """``total`` instruments shared among the sectors by their weights (largest first)."""
    weights = sum(weight for _, weight in SECTORS)
    shares = [(sector, total * weight // weights) for sector, weight in SECTORS]
    rest = total - sum(count for _, count in shares)
    return [
        (sector, count + (1 if index < rest else 0)) for index, (sector, count) in enumerate(shares)
    ]


def demo_institute_history(upsert) -> None:
    """Load (or refresh) the balances with ``upsert`` (the loader's, by natural key)."""
    for year, total in SIGNED_BY_YEAR.items():
        for sector, signed in _split(total):
            if not signed:
                continue
            # Instruments of the last five years are partly in force at the cut-off.
            in_force = signed // 2 if year >= 2014 else 0
            upsert(
                AgreementYearBalance,
                {"year": year, "sector": sector},
                signed_count=signed,
                concluded_count=signed - in_force,
                in_force_count=in_force,
                as_of=AS_OF,
                note=NOTE,
            )
