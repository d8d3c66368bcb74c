import datetime
import re

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementOpeningBalance
from agreements.selectors import agreement_registry
from agreements.services import agreement_save
from cori.access import COUNCIL
from tests.factories import CommissionFactory, InstitutionFactory
from tests.staff import make_user

# Figures: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]


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


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


@pytest.fixture
def council(client, seed_commission):
    client.force_login(make_user("registro", COUNCIL, [seed_commission]))
    return client


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
    # D's validity ended in 2021: signed, no longer in force, so it counts as concluded.
    assert (registry.first_year, registry.signed, registry.concluded, registry.in_force) == (
        1999,
        4,
        3,
        1,
    )
    assert registry.negotiating == 1
    assert registry.by_year == [("1999", 1), ("2010", 1), ("2019", 1), ("2020", 1)]
    assert dict(registry.by_sector) == {"Organismo electoral": 3, "Institución académica": 1}
    assert dict(registry.by_status) == {
        "Vigentes": 1,
        "Concluidos o sin vigencia": 3,
        "En proceso de negociación": 1,
    }
    # On a date in the past, what was in force then.
    then = agreement_registry(commission=commission, on=datetime.date(2020, 12, 31))
    assert (then.signed, then.in_force, then.concluded) == (4, 2, 2)


def test_registry_adds_the_opening_balance_and_the_rows_it_does_not_cover():
    commission = CommissionFactory()
    AgreementOpeningBalance.objects.create(
        commission=commission,
        counted_since=datetime.date(2019, 1, 1),
        as_of=datetime.date(2022, 8, 31),
        signed_count=10,
        in_force_count=4,
    )
    _agreement(commission, "Histórico", "concluido", datetime.date(2005, 5, 1))
    _agreement(commission, "Cubierto por el saldo", "suscrito", datetime.date(2021, 5, 1))
    _agreement(commission, "Nuevo", "suscrito", datetime.date(2022, 10, 3))
    registry = agreement_registry(commission=commission, on=datetime.date(2022, 11, 30))
    assert (registry.first_year, registry.signed, registry.in_force) == (2005, 12, 5)
    assert registry.by_year == [
        ("2005", 1),
        ("Saldo inicial: del 1 de enero de 2019 al 31 de agosto de 2022", 10),
        ("2022", 1),
    ]
    assert sum(count for _, count in registry.by_year) == registry.signed
    # Before the balance's cut-off, the balance does not apply yet: the rows alone.
    before = agreement_registry(commission=commission, on=datetime.date(2022, 8, 30))
    assert (before.signed, before.in_force) == (2, 1)


def test_registry_page_opens_at_the_end_of_the_last_quarter_with_the_reports_figures(council):
    page = _text(council.get(reverse("agreement_registry", args=["CORI"])))
    assert "Registro de instrumentos jurídicos al 30 de noviembre de 2022" in page
    assert (
        "Al 30 de noviembre de 2022: 157 instrumentos suscritos desde 2019, 64 vigentes y "
        "93 concluidos o sin vigencia" in page
    )
    assert (
        'value="2022-11-30"'
        in council.get(reverse("agreement_registry", args=["CORI"])).content.decode()
    )


def test_registry_page_on_a_chosen_date(council):
    page = _text(council.get(reverse("agreement_registry", args=["CORI"]), {"al": "2022-09-30"}))
    assert "Al 30 de septiembre de 2022: 153 instrumentos suscritos desde 2019, 60 vigentes" in (
        page
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2022-13-45", "Indique la fecha como AAAA-MM-DD, p. ej. 2022-11-30."),
        ("mañana", "Indique la fecha como AAAA-MM-DD, p. ej. 2022-11-30."),
        ("99999-01-01", "Indique la fecha como AAAA-MM-DD, p. ej. 2022-11-30."),
        ("0001-01-01", "La fecha del registro debe estar entre 1990 y 2100."),
        ("9999-12-31", "La fecha del registro debe estar entre 1990 y 2100."),
    ],
)
def test_a_bad_date_gets_a_spanish_message_and_the_default_registry(council, value, message):
    response = council.get(reverse("agreement_registry", args=["CORI"]), {"al": value})
    assert response.status_code == 200
    page = _text(response)
    assert message in page
    assert "Se muestra el registro al 30 de noviembre de 2022." in page
    assert "157 instrumentos suscritos desde 2019" in page


def test_api_registry_equals_the_page(client, seed_commission):
    from tests.api.conftest import token_client

    api = token_client(commissions=[seed_commission], read_only=True)[0]
    body = api.get("/api/v1/agreement-registry/", {"commission": "CORI", "on": "2022-11-30"})
    assert body.status_code == 200
    body = body.json()
    assert (body["on"], body["counted_since"]) == ("2022-11-30", "2019-01-01")
    assert (body["signed"], body["in_force"], body["concluded"]) == (157, 64, 93)
    assert sum(row["count"] for row in body["by_year"]) == 157
    # Without a date: the end of the last quarter, as the page.
    assert api.get("/api/v1/agreement-registry/", {"commission": "CORI"}).json()["on"] == (
        "2022-11-30"
    )


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"commission": "CORI", "on": "0001-01-01"}, 400),
        ({"commission": "CORI", "on": "2022-02-30"}, 400),
        ({"on": "2022-11-30"}, 400),
        ({"commission": "NOPE", "on": "2022-11-30"}, 403),
    ],
)
def test_api_registry_refuses_bad_queries_in_json(seed_commission, query, status):
    from tests.api.conftest import token_client

    api = token_client(commissions=[seed_commission], read_only=True)[0]
    response = api.get("/api/v1/agreement-registry/", query)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")


def test_api_registry_is_in_the_schema(client, seed_commission):
    from tests.api.conftest import token_client

    api = token_client(commissions=[seed_commission], read_only=True)[0]
    schema = api.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/json")
    assert "/api/v1/agreement-registry/" in schema.content.decode()
    assert "AgreementRegistry" in schema.content.decode()
