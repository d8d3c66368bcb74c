"""The seed quarter's PDF, page by page (issue 11, points 1 and 2): pagination rules and
tagging. One render of the seed PDF for the whole session (``seed_pdf``)."""

import io
import itertools
import shutil
import subprocess

import pypdf
import pytest

from reports.renderers import render_html
from tests.reports.pagination import check, read_pages

pytestmark = pytest.mark.django_db


def test_seed_pdf_passes_the_pagination_rules(seed_pdf, seed_report):
    assert check(seed_pdf, seed_report) == []


def test_no_body_page_is_less_than_half_full(seed_pdf, seed_report):
    pages = read_pages(seed_pdf)
    level_one = [section.heading.replace(" ", "") for section in seed_report.sections]
    for page, following in itertools.pairwise(pages[2:]):
        assert page.fill >= 0.5 or any(following.text.startswith(h) for h in level_one), (
            page.number,
            page.lines[-1],
        )


def test_seed_pdf_is_tagged_with_language_title_and_table_headers(seed_pdf, seed_report):
    reader = pypdf.PdfReader(io.BytesIO(seed_pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "es-MX"
    assert reader.metadata.title == seed_report.title
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    if shutil.which("pdfinfo"):
        info = subprocess.run(  # noqa: S603 - poppler on our own bytes
            [shutil.which("pdfinfo"), "-"], input=seed_pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "Tagged:          yes" in info


def test_html_tables_have_scoped_headers_and_scroll_on_a_phone(seed_report):
    html = render_html(seed_report, links=False)
    assert '<html lang="es-MX">' in html
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert html.count('class="table-scroll"') == html.count("<table")
