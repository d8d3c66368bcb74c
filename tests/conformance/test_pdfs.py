"""Every kind of PDF CORI makes, opened by pikepdf and checked by ``qpdf --check``: the
informe, the convocatoria, the minuta and the session's packet (issue 19, item 10).

The tagged ones (informe, in one piece and in parts, convocatoria, minuta) map every piece
of marked content to the structure tree or mark it as an artifact (the running title and
the page numbers), and every header cell says what it heads (``/Scope``). The packet,
which binds other institutions' PDFs as they came, keeps the structure of its tagged parts
without claiming PDF/UA (tests/sessions/test_document_identity.py)."""

import io
import shutil
import subprocess

import pikepdf
import pytest

from commissions.models import Commission
from reports.renderers import render_pdf
from reports.selectors import report_content
from sessions.models import Minutes
from tests.pdf_structure import (
    PAGINATION_ARTIFACT,
    marked_content,
    page_content,
    structure_elements,
)
from tests.reports.conftest import END, START
from tests.staff import COUNCIL, make_user

pytestmark = pytest.mark.django_db
PDFUA = "{http://www.aiim.org/pdfua/ns/id/}part"
TAGGED = ("informe", "informe en partes", "convocatoria", "minuta")


@pytest.fixture(scope="module")
def informe(django_db_setup, django_db_blocker) -> bytes:
    """The seed quarter's informe, rendered once for the module (it writes nothing)."""
    with django_db_blocker.unblock():
        commission = Commission.objects.get(acronym="CORI")
        report = report_content(commission=commission, start=START, end=END)
        return render_pdf(report), render_pdf(report, parts=2)


@pytest.fixture
def pdfs(client, seed_commission, informe) -> dict[str, bytes]:
    client.force_login(make_user("lectora-pdf", COUNCIL, [seed_commission]))
    session = Minutes.objects.filter(session__commission=seed_commission).first().session_id
    files = {"informe": informe[0], "informe en partes": informe[1]}
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


def test_running_titles_and_page_numbers_are_artifacts_not_orphan_content(pdfs):
    for name in TAGGED:
        with pikepdf.open(io.BytesIO(pdfs[name])) as pdf:
            reached = structure_elements(pdf)
            orphans = [
                (page, tag)
                for page, tag, element in marked_content(pdf)
                if not isinstance(element, pikepdf.Dictionary) or element.objgen not in reached
            ]
            assert orphans == [], name
            assert PAGINATION_ARTIFACT.search(page_content(pdf.pages[-1])), name


def test_every_header_cell_declares_its_scope(pdfs):
    for name in TAGGED:
        with pikepdf.open(io.BytesIO(pdfs[name])) as pdf:
            header_cells = [
                pdf.get_object(objgen)
                for objgen in structure_elements(pdf)
                if pdf.get_object(objgen).get("/S") == "/TH"
            ]
            if name.startswith("informe"):
                assert len(header_cells) > 20, name  # the informe's tables
            scopes = {str(cell.A.get("/Scope")) for cell in header_cells}
            assert scopes <= {"/Column", "/Row"}, (name, scopes)
            column_heads = [cell for cell in header_cells if cell.P.P.get("/S") == "/THead"]
            assert all(str(cell.A.Scope) == "/Column" for cell in column_heads), name
