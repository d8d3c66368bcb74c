"""What a reader expects of the registry page and of the report on agreements (issue 21):
empty tables say so, no link leads to a page the reader may not open, a half-filled
period is answered."""

import re

import pytest
from django.urls import reverse

from cori.access import ADMINISTRATION, COUNCIL, SECRETARIAT
from tests.factories import CommissionFactory
from tests.staff import make_user

pytestmark = [pytest.mark.django_db]


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def test_the_registry_tables_say_when_nothing_was_signed_by_the_date(client, seed_commission):
    client.force_login(make_user("lectora", COUNCIL, [seed_commission]))
    response = client.get(reverse("agreement_registry", args=["CORI"]), {"al": "2019-01-05"})
    page = response.content.decode()
    assert "<tbody></tbody>" not in page.replace(" ", "")
    # By year, by sector and by scope; by status has its rows at 0.
    assert _text(response).count("Ningún instrumento suscrito al 5 de enero de 2019.") == 3


def test_an_empty_registry_offers_the_import_only_to_who_may_import(client):
    commission = CommissionFactory(acronym="CONUE", name="Comisión Nueva")
    url = reverse("agreement_registry", args=["CONUE"])
    importer = reverse("record_import", args=["CONUE", "convenios"])
    client.force_login(make_user("lee", COUNCIL, [commission]))
    page = client.get(url).content.decode()
    assert "Aún no hay instrumentos suscritos registrados" in page
    assert importer not in page
    client.force_login(make_user("escribe", SECRETARIAT, [commission]))
    page = client.get(url).content.decode()
    assert f'href="{importer}"' in page
    assert client.get(importer).status_code == 200


def test_administration_goes_from_the_registry_to_the_institutes_report(client, seed_commission):
    client.force_login(make_user("administra", ADMINISTRATION))
    page = client.get(reverse("agreement_registry", args=["CORI"])).content.decode()
    assert f'href="{reverse("reports:agreements")}"' in page


def test_a_report_period_without_its_start_is_answered(client):
    client.force_login(make_user("informe", ADMINISTRATION))
    response = client.get(reverse("reports:agreements"), {"fin": "2026-07-31"})
    text = _text(response)
    assert "Desde" in text and "Este campo es obligatorio." in text
    assert 'value="2026-07-31"' in response.content.decode()  # what was typed is kept


def test_the_reports_index_links_the_institutes_import_for_administration(client):
    client.force_login(make_user("indice", ADMINISTRATION))
    page = client.get(reverse("reports:index")).content.decode()
    assert f'href="{reverse("institute_registry_import")}"' in page
