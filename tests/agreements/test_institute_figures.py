"""The institute's registry figures, each from one selector (issue 21)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.institute import (
    institute_figures,
    registry_concluded,
    registry_in_force,
    registry_signed,
    registry_signed_by_scope,
    registry_signed_by_sector,
    registry_yearly_series,
    series_maximum,
)
from commissions.selectors import commission_chain
from tests.factories import CommissionFactory
from tests.registry import (
    CONCLUDED,
    END,
    IN_FORCE,
    NEGOTIATING,
    SERIES,
    SIGNED_TOTAL,
    START,
    registry_build,
)

pytestmark = [pytest.mark.django_db, pytest.mark.database]


@pytest.fixture
def registry():
    commission = CommissionFactory()
    return commission, registry_build(commission)


def test_the_registry_counts_each_instrument_once(registry):
    assert registry_signed(on=END) == SIGNED_TOTAL
    assert registry_in_force(on=END) == IN_FORCE
    assert registry_concluded(on=END) == CONCLUDED
    figures = institute_figures(start=START, end=END)
    assert figures.totals.negotiating == NEGOTIATING
    assert [a.title for a in figures.pipeline] == [
        "Convenio de Educación Cívica en negociación",
        "Memorando internacional en gestión",
    ]


def test_the_yearly_series_starts_in_1999_and_names_its_maximum(registry):
    series = registry_yearly_series(on=END)
    assert series[0][0] == 1999 and series[-1][0] == 2026
    assert {year: count for year, count in series if count} == SERIES
    assert sum(count for _, count in series) == SIGNED_TOTAL
    assert series_maximum(series) == (2010, 8)


def test_a_multi_sector_instrument_counts_in_each_sector(registry):
    by_sector = dict(registry_signed_by_sector(start=START, end=END))
    assert by_sector["Institución académica"] == 1
    assert by_sector["Organismo electoral"] == 1
    assert by_sector["Gobierno"] == 1
    assert sum(by_sector.values()) == 3  # two instruments, three sectors
    assert dict(registry_signed_by_scope(start=START, end=END)) == {
        "Local": 1,
        "Nacional": 1,
        "Internacional": 0,
    }
    figures = institute_figures(start=START, end=END)
    assert figures.signed_in_period_count == 2


def test_a_balance_counts_in_a_period_of_whole_years_from_its_cut_off(registry):
    start, end = datetime.date(2010, 1, 1), datetime.date(2025, 12, 31)
    by_sector = dict(registry_signed_by_sector(start=start, end=end))
    # 2010 from the balance (5 academic, 3 governmental); 2018 and 2024 one by one.
    assert by_sector["Institución académica"] == 5 and by_sector["Gobierno"] == 3
    assert by_sector["Organismo internacional"] == 1 and by_sector["Organismo electoral"] == 1
    # Before the balance's cut-off (31 December 2025) the rows count one by one.
    assert registry_signed(on=datetime.date(2011, 1, 1)) == 4


def test_a_commission_restricts_the_registry_to_what_its_chain_owns_or_follows(registry):
    commission, made = registry
    chain = commission_chain(commission).ids
    figures = institute_figures(start=START, end=END, chain=chain)
    assert figures.totals.signed == 1 and figures.totals.in_force == 1
    assert [a.pk for a in figures.pipeline] == [made["negotiating"].pk]


def test_the_figures_take_a_fixed_number_of_queries(registry):
    with CaptureQueriesContext(connection) as queries:
        institute_figures(start=START, end=END)
    assert len(queries) <= 16


def test_the_demo_loads_an_illustrative_history_since_1999():
    series = dict(registry_yearly_series(on=datetime.date(2022, 11, 30)))
    assert series[1999] == 3 and series[2016] == 22 and series[2018] == 19
    assert sum(series[year] for year in range(1999, 2019)) == 219
