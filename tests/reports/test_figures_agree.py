"""One way to count (issue 9): the registry page, the dashboard, the report and the API
give the same agreements and SIVOPLE figures for the same date, whatever the date, and they
move together when an agreement is signed or a communication recorded."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse

from agreements.models import Agreement
from agreements.services import agreement_save
from commissions.models import Commission
from cori.access import COUNCIL
from outreach.models import Communication
from reports.content import report_to_dict, report_to_json
from reports.selectors import report_content
from tests.api.conftest import token_client
from tests.factories import InstitutionFactory
from tests.reports.conftest import END, START
from tests.staff import make_user

# Figures and the seed report's snapshot: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]

SNAPSHOT = Path(__file__).parent / "snapshots" / "cori_2022-09-01_2022-11-30.json"
QUARTER_START = START  # 1 September 2022: the dashboard's and the report's period start
LEAD = re.compile(
    r"Al (?P<date>[^:]+): (?P<signed>\d+) instrumentos? suscritos? desde (?P<since>\d{4}), "
    r"(?P<in_force>\d+) vigentes? y (?P<concluded>\d+) concluidos? o sin vigencia; "
    r"(?P<negotiating>\d+) en proceso de negociación\."
)
YEAR_TO_DATE = re.compile(
    r"el IECM recibió (?P<received>\d+) comunicaciones del INE, de las cuales "
    r"(?P<for_information>\d+) fueron de conocimiento, (?P<in_progress>\d+) están en proceso, "
    r"(?P<concluded>\d+) han concluido y (?P<cancelled>\d+) fueron canceladas\. En ese mismo "
    r"periodo el IECM realizó (?P<sent>\d+) comunicaciones al INE, de las cuales "
    r"(?P<attended>\d+) ya fueron atendidas y (?P<pending>\d+) están pendientes de atender\."
)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _paragraphs(node) -> list[str]:
    """Every paragraph of a report dict, its runs joined."""
    if isinstance(node, dict):
        found = ["".join(run["text"] for run in node["runs"])] if "runs" in node else []
        return found + [text for value in node.values() for text in _paragraphs(value)]
    if isinstance(node, list):
        return [text for value in node for text in _paragraphs(value)]
    return []


def _year_to_date(report: dict) -> dict[str, int]:
    for text in _paragraphs(report):
        match = YEAR_TO_DATE.search(text)
        if match:
            return {key: int(value) for key, value in match.groupdict().items()}
    return {}


def _figures_everywhere(client, api, commission: Commission, start, end) -> dict[str, dict]:
    """What each place says for ``start``–``end`` (the registry: on ``end``)."""
    page = _text(
        client.get(
            reverse("agreement_registry", args=[commission.acronym]), {"al": end.isoformat()}
        ).content.decode()
    )
    lead = LEAD.search(page)
    assert lead, page
    registry = {
        "convenios_suscritos_acumulados": int(lead["signed"]),
        "convenios_vigentes": int(lead["in_force"]),
        "convenios_concluidos": int(lead["concluded"]),
        "convenios_en_negociacion": int(lead["negotiating"]),
    }
    board_html = client.get(
        reverse("commission_home", args=[commission.acronym]),
        {"inicio": start.isoformat(), "fin": end.isoformat()},
    ).content.decode()
    board = {
        key: int(value)
        for key, value in re.findall(r'data-figure="([\w:]+)"[^>]*>(\d+)</a>', board_html)
    }
    board["convenios_en_negociacion"] = (
        board["convenios_gestion_directa"] + board["convenios_acompanamiento"]
    )
    board["convenios_concluidos"] = (
        board["convenios_suscritos_acumulados"] - board["convenios_vigentes"]
    )
    report = report_to_dict(report_content(commission=commission, start=start, end=end))
    report_figures = dict(report["figures"])
    report_figures["convenios_en_negociacion"] = (
        report_figures["convenios_gestion_directa"] + report_figures["convenios_acompanamiento"]
    )
    report_figures["convenios_concluidos"] = (
        report_figures["convenios_suscritos_acumulados"] - report_figures["convenios_vigentes"]
    )
    api_registry = api.get(
        "/api/v1/agreement-registry/", {"commission": commission.acronym, "on": end}
    )
    assert api_registry.status_code == 200, api_registry.content
    api_registry = api_registry.json()
    api_report = api.get(
        "/api/v1/reports/", {"commission": commission.acronym, "start": start, "end": end}
    ).json()
    api_lists = {
        key: api.get(
            "/api/v1/communications/",
            {
                "commission": commission.acronym,
                "direction": direction,
                "date_after": start,
                "date_before": end,
            },
        ).json()["count"]
        for key, direction in (
            ("comunicaciones_recibidas", "ine_iecm"),
            ("comunicaciones_enviadas", "iecm_ine"),
        )
    }
    return {
        "registry": registry,
        "board": board,
        "report": report_figures,
        "report_year_to_date": _year_to_date(report),
        "api_registry": {
            "convenios_suscritos_acumulados": api_registry["signed"],
            "convenios_vigentes": api_registry["in_force"],
            "convenios_concluidos": api_registry["concluded"],
            "convenios_en_negociacion": api_registry["negotiating"],
        },
        "api_report": api_report["figures"],
        "api_report_year_to_date": _year_to_date(api_report),
        "api_lists": api_lists,
    }


def _assert_agree(places: dict[str, dict]) -> dict[str, int]:
    agreements = (
        "convenios_suscritos_acumulados",
        "convenios_vigentes",
        "convenios_concluidos",
        "convenios_en_negociacion",
    )
    for key in agreements:
        said = {place: places[place][key] for place in ("registry", "board", "report")}
        said["api_registry"] = places["api_registry"][key]
        assert len(set(said.values())) == 1, (key, said)
    for key in (
        "convenios_suscritos_periodo",
        "convenios_gestion_directa",
        "convenios_acompanamiento",
        "comunicaciones_recibidas",
        "comunicaciones_enviadas",
    ):
        said = {place: places[place][key] for place in ("board", "report", "api_report")}
        if key in places["api_lists"]:
            said["api_list"] = places["api_lists"][key]
        assert len(set(said.values())) == 1, (key, said)
    assert places["report_year_to_date"] == places["api_report_year_to_date"]
    return {key: places["report"][key] for key in agreements} | {
        f"sivople_{key}": value for key, value in places["report_year_to_date"].items()
    }


@pytest.fixture
def clients(client, seed_commission):
    client.force_login(make_user("cifras", COUNCIL, [seed_commission]))
    return client, token_client(commissions=[seed_commission], read_only=True)[0]


@pytest.mark.parametrize(
    ("end", "signed", "in_force", "received"),
    [
        (datetime.date(2022, 9, 30), 153, 60, None),
        (datetime.date(2022, 10, 31), 154, 61, None),
        # The published report: "157 instrumentos … 64 vigentes", "404 comunicaciones".
        (datetime.date(2022, 11, 30), 157, 64, 404),
    ],
)
def test_registry_dashboard_report_and_api_agree_on_each_date(
    clients, seed_commission, end, signed, in_force, received
):
    figures = _assert_agree(_figures_everywhere(*clients, seed_commission, QUARTER_START, end))
    assert figures["convenios_suscritos_acumulados"] == signed
    assert figures["convenios_vigentes"] == in_force
    assert figures["sivople_received"] == received or received is None


def test_a_new_agreement_moves_every_place_by_one(clients, seed_commission):
    december = (datetime.date(2022, 12, 1), datetime.date(2022, 12, 31))
    before = _assert_agree(_figures_everywhere(*clients, seed_commission, *december))
    agreement_save(
        agreement=Agreement(
            commission=seed_commission,
            title="Convenio de prueba de diciembre",
            instrument_type="convenio_colaboracion",
            status=Agreement.Status.SIGNED,
            signing_date=datetime.date(2022, 12, 5),
            valid_from=datetime.date(2022, 12, 5),
            indefinite=True,
        ),
        counterparts=[InstitutionFactory()],
    )
    after = _assert_agree(_figures_everywhere(*clients, seed_commission, *december))
    assert after["convenios_suscritos_acumulados"] == before["convenios_suscritos_acumulados"] + 1
    assert after["convenios_vigentes"] == before["convenios_vigentes"] + 1


def test_a_new_communication_moves_every_place_by_one(clients, seed_commission):
    # November and December: the report states the year so far when the period has any.
    period = (datetime.date(2022, 11, 1), datetime.date(2022, 12, 31))
    before = _figures_everywhere(*clients, seed_commission, *period)
    before = _assert_agree(before) | {"board": before["board"]}
    writer = token_client(commissions=[seed_commission])[0]
    answer = writer.post(
        "/api/v1/communications/",
        {
            "commission": seed_commission.acronym,
            "direction": "ine_iecm",
            "kind": "oficio",
            "status": "en_proceso",
            "date": "2022-12-12",
            "folio": "INE/UTVOPL/9999/2022",
            "subject": "Comunicación de prueba",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    after = _figures_everywhere(*clients, seed_commission, *period)
    after = _assert_agree(after) | {"board": after["board"]}
    assert after["sivople_received"] == before["sivople_received"] + 1
    assert after["sivople_in_progress"] == before["sivople_in_progress"] + 1
    assert after["sivople_sent"] == before["sivople_sent"]
    received = "comunicaciones_recibidas"
    assert after["board"][received] == before["board"][received] + 1
    assert Communication.objects.filter(folio="INE/UTVOPL/9999/2022").count() == 1


def test_seed_report_content_is_byte_identical_to_the_snapshot(seed_commission):
    """Moving the counts to the selectors changed no word of the seed quarter's report."""
    report = report_content(commission=seed_commission, start=START, end=END)
    assert report_to_json(report) == SNAPSHOT.read_text(encoding="utf-8")
