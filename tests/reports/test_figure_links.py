"""A figure and its list are one queryset: every dashboard figure with a link counts the
rows of the list that link opens (the staff list and the API list with the same filter),
on several dates; a figure that includes the typed opening balance says how much of it no
row carries, and the list counts the rest."""

import datetime
import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from agreements.services import agreement_save
from cori.access import SECRETARIAT
from outreach.models import Event, Mission
from reports.selectors import report_checklist
from tests.api.conftest import token_client
from tests.factories import InstitutionFactory
from tests.staff import make_user

# Figures: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]

FIGURE = re.compile(
    r'<a href="(?P<href>[^"]+)" data-figure="(?P<key>[\w:]+)"[^>]*>(?P<now>\d+)</a>'
    r'(?:\s*<span[^>]*data-opening="(?P<opening>\d+)")?'
)
TOTAL = re.compile(r"(\d+) registros?\.")
# Staff list slug → API list path, for the lists whose FilterSet the API shares.
API_LISTS = {"convenios": "/api/v1/agreements/", "comunicaciones": "/api/v1/communications/"}
PERIODS = [
    (datetime.date(2022, 9, 1), datetime.date(2022, 11, 30)),  # the seed quarter
    (datetime.date(2023, 4, 1), datetime.date(2023, 6, 30)),
    None,  # the three months up to the frozen today
]


def _listed(client, href: str) -> int:
    page = client.get(href)
    assert page.status_code == 200, href
    text = page.content.decode()
    if "No hay registros que coincidan con los filtros." in text:
        return 0
    total = TOTAL.search(text)
    assert total, href
    return int(total[1])


@pytest.mark.clock
@pytest.mark.parametrize(
    "period", PERIODS, ids=lambda period: period[1].isoformat() if period else "today"
)
def test_every_linked_figure_counts_the_rows_its_list_shows(client, seed_commission, period):
    if period is None:
        end = timezone.localdate()
        period = (end.replace(day=1) - datetime.timedelta(days=62)).replace(day=1), end
    start, end = period
    client.force_login(make_user("enlaces", SECRETARIAT, [seed_commission]))
    api = token_client(commissions=[seed_commission], read_only=True)[0]
    board = client.get(
        reverse("commission_home", args=[seed_commission.acronym]),
        {"inicio": start.isoformat(), "fin": end.isoformat()},
    )
    assert board.status_code == 200
    figures = list(FIGURE.finditer(board.content.decode()))
    assert len(figures) >= 14
    disagree = {}
    for figure in figures:
        href = html.unescape(figure["href"])
        expected = int(figure["now"]) - int(figure["opening"] or 0)
        listed = {"list": _listed(client, href)}
        slug = urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1]
        if slug in API_LISTS:
            query = dict(parse_qsl(urlsplit(href).query))
            answer = api.get(API_LISTS[slug], {"commission": seed_commission.acronym, **query})
            assert answer.status_code == 200, (figure["key"], answer.content)
            listed["api"] = answer.json()["count"]
        if set(listed.values()) != {expected}:
            disagree[figure["key"]] = (href, expected, listed)
    assert not disagree


def test_events_and_missions_under_way_across_the_period_start_are_listed(client, seed_commission):
    """Counted when they overlap the period (the report's definition), so their list is
    the records under way in it, not those that started in it."""
    Event.objects.create(
        commission=seed_commission,
        title="Foro que empieza antes del trimestre",
        start_date=datetime.date(2023, 3, 30),
        end_date=datetime.date(2023, 4, 2),
    )
    Mission.objects.create(
        commission=seed_commission,
        kind=Mission.Kind.OBSERVATION,
        title="Observación que empieza antes del trimestre",
        country="Chile",
        start_date=datetime.date(2023, 3, 28),
        end_date=datetime.date(2023, 4, 3),
    )
    client.force_login(make_user("en-curso", SECRETARIAT, [seed_commission]))
    board = client.get(
        reverse("commission_home", args=[seed_commission.acronym]),
        {"inicio": "2023-04-01", "fin": "2023-06-30"},
    ).content.decode()
    found = {match["key"]: match for match in FIGURE.finditer(board)}
    for key in ("eventos", "misiones"):
        assert int(found[key]["now"]) >= 1, key
        assert _listed(client, html.unescape(found[key]["href"])) == int(found[key]["now"]), key


@pytest.mark.clock
def test_the_opening_balance_is_named_next_to_the_figures_that_include_it(client, seed_commission):
    client.force_login(make_user("saldo", SECRETARIAT, [seed_commission]))
    board = client.get(
        reverse("commission_home", args=[seed_commission.acronym]),
        {"inicio": "2022-09-01", "fin": "2022-11-30"},
    ).content.decode()
    found = {match["key"]: match for match in FIGURE.finditer(board)}
    for key, now in (("convenios_suscritos_acumulados", 157), ("convenios_vigentes", 64)):
        assert int(found[key]["now"]) == now
        assert found[key]["opening"], key
        assert f"incluye {found[key]['opening']} del saldo inicial" in board
    assert found["sesiones"]["opening"] is None


def test_checklist_counts_the_rows_its_link_opens(client, seed_commission):
    client.force_login(make_user("lista", SECRETARIAT, [seed_commission]))
    # Concluded without a signing date: the checklist counts it, so its list shows it.
    agreement_save(
        agreement=Agreement(
            commission=seed_commission,
            title="Convenio concluido sin fecha de suscripción",
            instrument_type="convenio_colaboracion",
            status=Agreement.Status.CONCLUDED,
        ),
        counterparts=[InstitutionFactory()],
    )
    items = report_checklist(
        commission=seed_commission,
        start=datetime.date(2022, 9, 1),
        end=datetime.date(2022, 11, 30),
    )
    counted = [item for item in items if re.match(r"\d+ ", item.message)]
    assert counted
    for item in counted:
        assert _listed(client, item.href) == int(item.message.split()[0]), item


REGISTRY_LINK = re.compile(r'<a href="(?P<href>[^"]+)" data-registry="(?P<key>\w+)">(?P<now>\d+)')


@pytest.mark.parametrize("on", ["2022-09-30", "2022-11-30", "2023-06-30"])
def test_the_registrys_figures_link_to_as_many_rows_less_the_opening_balance(
    client, seed_commission, on
):
    client.force_login(make_user("registro-enlaces", SECRETARIAT, [seed_commission]))
    page = client.get(
        reverse("agreement_registry", args=[seed_commission.acronym]), {"al": on}
    ).content.decode()
    balance = re.search(r'data-balance-signed="(\d+)" data-balance-in-force="(\d+)"', page)
    assert balance, page
    opening = {"signed": int(balance[1]), "in_force": int(balance[2]), "negotiating": 0}
    links = list(REGISTRY_LINK.finditer(page))
    assert {link["key"] for link in links} == set(opening)
    for link in links:
        expected = int(link["now"]) - opening[link["key"]]
        assert _listed(client, html.unescape(link["href"])) == expected, link["key"]
