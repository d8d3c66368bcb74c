import datetime
import io
import json
import re
from pathlib import Path

import pypdf
import pytest
from docx import Document
from huey.contrib.djhuey import HUEY

from commissions.models import Commission
from cori.demo.loader import SEED_QUARTER
from reports.renderers import render_docx, render_pdf
from reports.selectors import report_content

START, END = datetime.date(2022, 9, 1), datetime.date(2022, 11, 30)


def squeeze(text: str) -> str:
    """Text without whitespace: PDF lines break anywhere, words stay in order."""
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def docx_text(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="session")
def seed_data() -> dict:
    """The transcription of the seed report: what every rendering must contain."""
    return json.loads(Path(SEED_QUARTER).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_report(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        commission = Commission.objects.get(acronym="CORI")
        return report_content(commission=commission, start=START, end=END)


@pytest.fixture(scope="session")
def seed_pdf(seed_report) -> bytes:
    return render_pdf(seed_report)


@pytest.fixture(scope="session")
def seed_pdf_text(seed_pdf) -> str:
    return pdf_text(seed_pdf)


@pytest.fixture(scope="session")
def seed_docx_text(seed_report) -> str:
    return docx_text(render_docx(seed_report))


@pytest.fixture
def queue_immediate():
    """The queue runs each job as it is enqueued (Huey's immediate mode)."""
    before = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = before


@pytest.fixture
def long_reports(settings):
    """Every report counts as long: even the seed quarter goes to the worker when not
    cached."""
    settings.REPORT_INLINE_MAX_BLOCKS = 10
