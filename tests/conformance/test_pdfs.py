"""Every kind of PDF CORI makes, opened by pikepdf and checked by ``qpdf --check``: the
informe, the convocatoria, the minuta and the session's packet (issue 19, item 10).

What they already carry is checked here; the tagging still missing (the packet's
``/Lang``, structure and XMP, item 8 of the issue) joins when it is done."""

import io
import shutil
import subprocess

import pikepdf
import pytest

from commissions.models import Commission
from reports.renderers import render_pdf
from reports.selectors import report_content
from sessions.models import Minutes
from tests.reports.conftest import END, START
from tests.staff import COUNCIL, make_user

pytestmark = pytest.mark.django_db
PDFUA = "{http://www.aiim.org/pdfua/ns/id/}part"
TAGGED = ("informe", "convocatoria", "minuta")


@pytest.fixture(scope="module")
def informe(django_db_setup, django_db_blocker) -> bytes:
    """The seed quarter's informe, rendered once for the module (it writes nothing)."""
    with django_db_blocker.unblock():
        commission = Commission.objects.get(acronym="CORI")
        return render_pdf(report_content(commission=commission, start=START, end=END))


@pytest.fixture
def pdfs(client, seed_commission, informe) -> dict[str, bytes]:
    client.force_login(make_user("lectora-pdf", COUNCIL, [seed_commission]))
    session = Minutes.objects.filter(session__commission=seed_commission).first().session_id
    files = {"informe": informe}
    for name, path in (
        ("convocatoria", f"/api/v1/sessions/{session}/convocatoria/?format=pdf"),
        ("minuta", f"/api/v1/sessions/{session}/minutes/?format=pdf"),
        ("paquete", f"/api/v1/sessions/{session}/packet/"),
    ):
        response = client.get(path)
        assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
        files[name] = response.content
    return files


def test_qpdf_finds_no_errors_in_any_pdf(pdfs, tmp_path):
    qpdf = shutil.which("qpdf")
    assert qpdf, "Falta qpdf (apt-get install qpdf; .ci/run lo instala)."
    for name, body in pdfs.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(body)
        result = subprocess.run(  # noqa: S603
            [qpdf, "--check", str(path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, (name, result.stdout, result.stderr)
        assert "No syntax or stream encoding errors found" in result.stdout, name


def test_pikepdf_reads_each_pdfs_structure(pdfs):
    for name, body in pdfs.items():
        with pikepdf.open(io.BytesIO(body)) as pdf:
            assert len(pdf.pages) > 0, name
            assert all(float(page.mediabox[2]) > 0 for page in pdf.pages), name
            assert str(pdf.docinfo.get("/Title", "")).strip(), name
            with pdf.open_outline() as outline:
                assert outline.root, name  # bookmarks to move through it


def test_the_tagged_pdfs_declare_language_structure_and_pdf_ua(pdfs):
    for name in TAGGED:
        with pikepdf.open(io.BytesIO(pdfs[name])) as pdf:
            root = pdf.Root
            assert str(root.Lang) == "es-MX", name
            assert bool(root.MarkInfo.Marked), name
            assert "/ParentTree" in root.StructTreeRoot, name
            with pdf.open_metadata() as xmp:
                assert xmp.get(PDFUA) == "1", name
