"""The report content has a schema (issue 19, item 2): a published JSON Schema file and the
``ReportContent`` components of /api/schema/, both read from ``reports.content``. Real
reports (the seed quarter, a busy year, the second commission's, an issued one) match it."""

import copy
import datetime
import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from commissions.models import Commission
from cori.demo.scale import demo_busy_year
from reports.content import report_to_dict
from reports.content_schema import FILE, report_content_json_schema
from reports.selectors import report_content
from reports.services import report_issue
from tests.reports.conftest import END, START

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _problems(validator, data) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(data)]


def test_the_published_file_is_generated_from_the_content_code():
    # `manage.py report_content_schema` writes it; CI fails when a dataclass changed and
    # the file was not written again.
    call_command("report_content_schema", "--check")
    assert json.loads(FILE.read_text(encoding="utf-8")) == report_content_json_schema()


def test_the_check_fails_when_the_file_is_stale(tmp_path):
    stale = tmp_path / "report-content.schema.json"
    stale.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="no está al día"):
        call_command("report_content_schema", "--check", "--output", str(stale))


def test_the_seed_quarter_matches_the_schema(validator, seed_commission):
    data = report_to_dict(report_content(commission=seed_commission, start=START, end=END))
    assert _problems(validator, data) == []
    # The schema is strict: every kind of block is there and a stray key is refused.
    kinds = {block["kind"] for section in _sections(data) for block in section["blocks"]}
    assert kinds == {"paragraph", "table", "list"}
    stray = copy.deepcopy(data)
    stray["sections"][0]["blocks"][0]["colour"] = "rojo"
    assert _problems(validator, stray) != []


def test_a_busy_year_matches_the_schema(validator, seed_commission):
    demo_busy_year(commission=seed_commission, year=2023, factor=5)
    report = report_content(
        commission=seed_commission, start=datetime.date(2023, 1, 1), end=datetime.date(2023, 12, 31)
    )
    assert report.figures["acuerdos"] > 0
    assert _problems(validator, report_to_dict(report)) == []


def test_the_second_commissions_report_matches_the_schema(validator):
    cvoe = Commission.objects.get(acronym="CVOE")
    report = report_content(
        commission=cvoe, start=datetime.date(2022, 6, 1), end=datetime.date(2022, 8, 31)
    )
    assert report.commission_acronym == "CVOE"
    assert _problems(validator, report_to_dict(report)) == []


def test_the_api_and_the_issued_report_match_the_schema(validator, seed_commission):
    from tests.api.conftest import token_client

    client, _ = token_client(commissions=[seed_commission])
    period = {"commission": "CORI", "start": str(START), "end": str(END)}
    assert _problems(validator, client.get("/api/v1/reports/", period).json()) == []

    issued = report_issue(
        commission=seed_commission,
        period_start=START,
        period_end=END,
        session=seed_commission.sessions.get(date="2022-12-08"),
        issued_by=None,
    )
    stored = client.get(f"/api/v1/issued-reports/{issued.pk}/json/")
    assert _problems(validator, json.loads(stored.content)) == []


def test_the_api_schema_types_the_report_and_the_issued_report(seed_commission):
    from tests.api.conftest import token_client

    client, _ = token_client(commissions=[seed_commission])
    schema = client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for path in ("/api/v1/reports/", "/api/v1/issued-reports/{id}/json/"):
        body = schema["paths"][path]["get"]["responses"]["200"]["content"]
        assert body == {
            "application/json": {"schema": {"$ref": "#/components/schemas/ReportContent"}}
        }
    # Sections, tables, rows and links are typed, not a bag of properties.
    section = components["ReportSection"]
    assert section["properties"]["blocks"]["items"]["discriminator"]["propertyName"] == "kind"
    table = components["ReportTable"]["properties"]
    assert table["rows"]["items"]["items"] == {"$ref": "#/components/schemas/ReportCell"}
    assert components["ReportRun"]["properties"]["href"] == {"type": "string"}
    assert components["ReportContent"]["properties"]["figures"]["additionalProperties"] == {
        "type": "integer"
    }


def _sections(data):
    stack = list(data["sections"])
    while stack:
        section = stack.pop()
        yield section
        stack.extend(section["children"])
