"""The OpenAPI schema passes openapi-spec-validator, and openapi-python-client generates a
typed client from it without a single warning (issue 19, items 2, 3 and 10)."""

import json
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from tests.api.conftest import token_client

PERIOD = {"commission": "CORI", "start": "2022-09-01", "end": "2022-11-30"}


def test_the_schema_is_valid_openapi(openapi_schema):
    validate(json.loads(openapi_schema))


def test_the_client_is_generated_without_warnings(generated_client):
    package, output = generated_client
    assert "warning" not in output.lower(), output
    folder = Path(package.__file__).parent
    # ASCII module names (never ``persons_list_gé_nero.py``).
    names = [path.name for path in folder.rglob("*.py")]
    assert [name for name in names if not name.isascii()] == []
    assert (folder / "models" / "persons_list_gender.py").exists()


@pytest.mark.django_db
def test_the_client_reads_the_report_as_typed_models(generated_client, seed_commission):
    from cori_api_client.models import (
        ReportCell,
        ReportContent,
        ReportItemList,
        ReportParagraph,
        ReportRun,
        ReportTable,
    )

    client, _ = token_client(commissions=[seed_commission])
    data = client.get("/api/v1/reports/", PERIOD).json()
    report = ReportContent.from_dict(data)
    blocks = [block for section in _walk(report.sections) for block in section.blocks]
    assert {type(block) for block in blocks} == {ReportParagraph, ReportTable, ReportItemList}
    table = next(block for block in blocks if isinstance(block, ReportTable) and block.rows)
    assert all(isinstance(cell, ReportCell) for row in table.rows for cell in row)
    runs = [run for block in blocks if isinstance(block, ReportParagraph) for run in block.runs]
    assert all(isinstance(run, ReportRun) for run in runs)
    assert any(run.href for run in runs)  # the figures' links
    assert report.figures.additional_properties["acuerdos"] == data["figures"]["acuerdos"]
    assert report.to_dict() == data


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section.children)
