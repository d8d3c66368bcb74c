"""A registry of the institute built for tests with figures known by hand (issue 21).

Cut-off 31 July 2026, period January–July 2026:

- yearly series: 1999: 1, 2005: 2, 2010: 8 (a balance: 5 academic, 3 governmental; the
  instrument registered in 2010 is in it, not counted again), 2018: 1, 2024: 1, 2026: 2;
  the maximum is 2010;
- signed since 1999: 15; in force: 6 (5 rows and 1 of the balance); concluded: 9;
- in negotiation or management: 2 (one more starts after the cut-off; one is cancelled);
- signed in the period: 2, one with an academic and an electoral counterpart, so the sector
  table sums 3 (academic 1, electoral 1, governmental 1).
"""

import datetime

from agreements.models import Agreement, AgreementYearBalance, Institution
from agreements.services import agreement_create
from commissions.models import Area

START = datetime.date(2026, 1, 1)
END = datetime.date(2026, 7, 31)
DVOE = "Dirección de Vinculación con Organismos Externos"
SIGNED_TOTAL, IN_FORCE, CONCLUDED, NEGOTIATING = 15, 6, 9, 2
SERIES = {1999: 1, 2005: 2, 2010: 8, 2018: 1, 2024: 1, 2026: 2}


def _institution(name, sector, scope):
    return Institution.objects.create(name=name, sector=sector, scope=scope)


def registry_build(commission) -> dict:
    """The instruments above; ``commission`` owns one (signed in 2024) and follows the one
    in negotiation. The demo's agreements (the template database's) are set aside first
    (cancelled: no figure counts them) and its illustrative yearly balances removed, so the
    figures are these alone."""
    Agreement.objects.update(status=Agreement.Status.CANCELLED)
    AgreementYearBalance.objects.all().delete()  # the demo's illustrative history
    area = Area.objects.get_or_create(name=DVOE)[0]
    unam = _institution("Universidad de Prueba del Registro", "academia", "nacional")
    ine = _institution("Organismo Electoral de Prueba", "organismo_electoral", "nacional")
    oea = _institution(
        "Organismo Internacional de Prueba", "organismo_internacional", "internacional"
    )
    city = _institution("Alcaldía de Prueba", "gobierno", "local")

    def make(title, counterparts, *, commission=None, **fields):
        fields.setdefault("instrument_type", Agreement.InstrumentType.GENERAL)
        return agreement_create(
            commission=commission,
            counterparts=counterparts,
            title=title,
            responsible_area=area,
            **fields,
        )

    day = datetime.date
    made = {
        "first": make(
            "Convenio fundacional con el organismo electoral",
            [ine],
            status="concluido",
            signing_date=day(1999, 6, 1),
            valid_until=day(2002, 6, 1),
            purpose="Capacitación electoral.",
        ),
        "ended": make(
            "Convenio de capacitación con la universidad",
            [unam],
            status="suscrito",
            signing_date=day(2005, 3, 1),
            valid_until=day(2008, 3, 1),
        ),
        "indefinite": make(
            "Convenio de educación cívica con la alcaldía",
            [city],
            status="suscrito",
            signing_date=day(2005, 9, 1),
            indefinite=True,
        ),
        "in_balance": make(
            "Convenio de 2010 ya contado en el saldo",
            [unam],
            status="concluido",
            signing_date=day(2010, 4, 1),
        ),
        "international": make(
            "Memorando con el organismo internacional",
            [oea],
            instrument_type=Agreement.InstrumentType.MEMORANDUM,
            status="suscrito",
            signing_date=day(2018, 2, 1),
            valid_until=day(2030, 2, 1),
        ),
        "commission": make(
            "Convenio de la comisión con el organismo electoral",
            [ine],
            commission=commission,
            status="suscrito",
            signing_date=day(2024, 4, 1),
            valid_until=day(2027, 4, 1),
        ),
        "multi": make(
            "Convenio Marco de Modernización de la Participación Ciudadana",
            [unam, ine],
            status="suscrito",
            signing_date=day(2026, 2, 10),
            indefinite=True,
            purpose="Modernizar los mecanismos de participación ciudadana.",
        ),
        "city": make(
            "Convenio de Planeación Institucional con la Alcaldía",
            [city],
            status="suscrito",
            signing_date=day(2026, 5, 20),
            indefinite=True,
            purpose="Planeación institucional y formación profesional.",
        ),
        "negotiating": make(
            "Convenio de Educación Cívica en negociación",
            [unam],
            status="en_negociacion",
            negotiation_started_on=day(2026, 3, 1),
            followers=[commission],
        ),
        "accompanied": make(
            "Memorando internacional en gestión",
            [oea],
            status="en_negociacion",
            management_mode="acompanamiento",
            negotiation_started_on=day(2026, 7, 15),
        ),
        "later": make(
            "Convenio cuya gestión empieza después del corte",
            [city],
            status="en_negociacion",
            negotiation_started_on=day(2026, 9, 1),
        ),
        "cancelled": make(
            "Convenio cancelado", [city], status="cancelado", signing_date=day(2026, 3, 3)
        ),
    }
    AgreementYearBalance.objects.create(
        year=2010, sector="academia", signed_count=5, concluded_count=5, as_of=day(2025, 12, 31)
    )
    AgreementYearBalance.objects.create(
        year=2010,
        sector="gobierno",
        signed_count=3,
        concluded_count=2,
        in_force_count=1,
        as_of=day(2025, 12, 31),
    )
    return made
