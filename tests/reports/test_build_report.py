import json

import pytest
from django.core.management import CommandError, call_command

from tests.reports.conftest import docx_text, pdf_text, squeeze

ARGS = ["--commission", "CORI", "--start", "2022-09-01", "--end", "2022-11-30"]


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx", "json"])
def test_build_report_writes_each_format(seed_commission, tmp_path, fmt):
    output = tmp_path / f"informe.{fmt}"
    call_command("build_report", *ARGS, "--format", fmt, "--output", str(output))
    data = output.read_bytes()
    if fmt == "json":
        assert json.loads(data)["figures"]["acuerdos"] == 13
        return
    text = {"pdf": pdf_text, "docx": docx_text, "html": bytes.decode}[fmt](data)
    assert squeeze("un total de 13 acuerdos") in squeeze(text)


def test_build_report_explains_a_wrong_commission(seed_commission, tmp_path):
    with pytest.raises(CommandError, match="No existe la comisión con siglas «XYZ»"):
        call_command(
            "build_report",
            "--commission",
            "XYZ",
            "--start",
            "2022-09-01",
            "--end",
            "2022-11-30",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
        )
