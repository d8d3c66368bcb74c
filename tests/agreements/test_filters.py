"""The agreements FilterSet's figure filters: each gives the rows of its selector on the date
(``agreements.selectors``), which is what the dashboard's figure counts one by one."""

import datetime
from types import SimpleNamespace

import pytest

from agreements.filters import AgreementFilter
from agreements.models import Agreement, AgreementOpeningBalance
from agreements.selectors import (
    agreements_in_force,
    agreements_negotiating_on,
    agreements_signed_by,
)
from agreements.services import agreement_save
from tests.factories import CommissionFactory, InstitutionFactory

# Figures: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]

DAY = datetime.date(2023, 6, 30)


def _agreement(commission, title, status, signed=None, until=None, started=None):
    return agreement_save(
        agreement=Agreement(
            commission=commission,
            title=title,
            instrument_type="convenio_colaboracion",
            status=status,
            signing_date=signed,
            valid_from=signed,
            valid_until=until,
            negotiation_started_on=started,
        ),
        counterparts=[InstitutionFactory()],
    )


def _titles(commission, **data) -> set[str]:
    filterset = AgreementFilter(
        data,
        queryset=Agreement.objects.filter(commission=commission),
        request=SimpleNamespace(commission=commission),
    )
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("title", flat=True))


@pytest.fixture
def commission():
    commission = CommissionFactory()
    # The balance counts what was signed from 2019 to August 2022: no row of that window
    # is listed again.
    AgreementOpeningBalance.objects.create(
        commission=commission,
        counted_since=datetime.date(2019, 1, 1),
        as_of=datetime.date(2022, 8, 31),
        signed_count=10,
        in_force_count=4,
    )
    _agreement(commission, "En el saldo", "suscrito", datetime.date(2020, 3, 1))
    _agreement(commission, "Vigente", "suscrito", datetime.date(2022, 10, 1))
    _agreement(
        commission,
        "Vencido",
        "suscrito",
        datetime.date(2022, 11, 1),
        until=datetime.date(2023, 3, 31),
    )
    _agreement(commission, "Concluido", "concluido", datetime.date(2022, 12, 1))
    _agreement(commission, "Posterior", "suscrito", datetime.date(2023, 8, 1))
    _agreement(commission, "Sin fecha", "concluido")
    _agreement(commission, "Negociando", "en_negociacion", started=datetime.date(2023, 1, 5))
    _agreement(commission, "Negociará", "en_negociacion", started=datetime.date(2023, 9, 1))
    _agreement(commission, "Negociando sin inicio", "en_negociacion")
    other = CommissionFactory()
    _agreement(other, "De otra comisión", "suscrito", datetime.date(2022, 10, 1))
    return commission


def test_en_vigor_al_lists_the_agreements_in_force_counted_one_by_one(commission):
    assert _titles(commission, en_vigor_al=DAY) == {"Vigente"}
    assert set(
        agreements_in_force(commission=commission, on=DAY).values_list("title", flat=True)
    ) == {"Vigente"}


def test_suscritos_hasta_lists_the_signed_ones_outside_the_opening_balance(commission):
    expected = {"Vigente", "Vencido", "Concluido"}
    assert _titles(commission, suscritos_hasta=DAY) == expected
    assert (
        set(agreements_signed_by(commission=commission, on=DAY).values_list("title", flat=True))
        == expected
    )
    # Before the balance's cut-off no balance applies: every row counts one by one.
    assert _titles(commission, suscritos_hasta="2022-08-30") == {"En el saldo"}


def test_en_negociacion_al_lists_what_was_in_negotiation_that_day(commission):
    expected = {"Negociando", "Negociando sin inicio"}
    assert _titles(commission, en_negociacion_al=DAY) == expected
    assert (
        set(
            agreements_negotiating_on(commission=commission, on=DAY).values_list("title", flat=True)
        )
        == expected
    )
    assert _titles(commission, en_negociacion_al="2023-01-01") == {"Negociando sin inicio"}


def test_suscritos_sin_fecha_lists_signed_or_concluded_without_a_date(commission):
    assert _titles(commission, suscritos_sin_fecha="true") == {"Sin fecha"}
    assert "Sin fecha" not in _titles(commission, suscritos_sin_fecha="false")


def test_figure_filters_without_a_commission_give_no_rows(commission):
    filterset = AgreementFilter(
        {"en_vigor_al": DAY}, queryset=Agreement.objects.all(), request=SimpleNamespace()
    )
    assert filterset.is_valid(), filterset.errors
    assert not filterset.qs.exists()
