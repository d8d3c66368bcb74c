import datetime

import pytest
from django.urls import reverse

from agreements.models import Agreement
from agreements.selectors import agreement_registry
from agreements.services import agreement_save
from cori.access import COUNCIL
from tests.factories import CommissionFactory, InstitutionFactory
from tests.staff import make_user

pytestmark = pytest.mark.django_db


def _agreement(commission, title, status, signed, until=None, sector="organismo_electoral"):
    agreement = Agreement(
        commission=commission,
        title=title,
        instrument_type="convenio_colaboracion",
        status=status,
        signing_date=signed,
        valid_from=signed,
        valid_until=until,
    )
    return agreement_save(agreement=agreement, counterparts=[InstitutionFactory(sector=sector)])


def test_registry_figures_are_counted_from_the_rows():
    commission = CommissionFactory()
    _agreement(commission, "A", "concluido", datetime.date(1999, 5, 1), datetime.date(2001, 5, 1))
    _agreement(
        commission,
        "B",
        "concluido",
        datetime.date(2010, 5, 1),
        datetime.date(2012, 5, 1),
        "academia",
    )
    _agreement(commission, "C", "suscrito", datetime.date(2020, 5, 1), datetime.date(2030, 5, 1))
    _agreement(commission, "D", "suscrito", datetime.date(2019, 5, 1), datetime.date(2021, 5, 1))
    _agreement(commission, "E", "en_negociacion", None)
    registry = agreement_registry(commission=commission, on=datetime.date(2026, 11, 28))
    assert (registry.first_year, registry.signed, registry.concluded, registry.in_force) == (
        1999,
        4,
        2,
        1,
    )
    assert registry.by_year == [(1999, 1), (2010, 1), (2019, 1), (2020, 1)]
    assert dict(registry.by_sector) == {"Organismo electoral": 3, "Institución académica": 1}
    assert dict(registry.by_status)["En proceso de negociación"] == 1


def test_registry_page_states_the_published_figures(client, seed_commission):
    client.force_login(make_user("registro", COUNCIL, [seed_commission]))
    page = client.get(reverse("agreement_registry", args=["CORI"])).content.decode()
    assert "El IECM ha suscrito <strong>6 instrumentos</strong> desde 2022" in page
