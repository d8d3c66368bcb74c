"""Render once, serve many; long renders on the queue with progress (issue 11, points 5–6)."""

import io
import json
import os

import pypdf
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from docx import Document

from cori.access import COUNCIL, SECRETARIAT
from cori.printing import render_cache
from reports import rendering
from reports.models import IssuedReport, ReportDraft, ReportRender
from reports.rendering import cache_cleanup, cache_key, content_sha256
from reports.selectors import report_content
from reports.services import report_issue, report_render_run
from sessions.models import Session
from tests.reports.conftest import END, START
from tests.staff import make_user

PERIOD = {"acronym": "CORI", "start": START, "end": END}
API_PDF = f"/api/v1/reports/pdf/?commission=CORI&start={START}&end={END}"


@pytest.fixture(autouse=True)
def render_cache_folder(settings, tmp_path):
    """Each test its own empty render cache."""
    settings.STORAGES = {
        **settings.STORAGES,
        "render_cache": {
            "BACKEND": "cori.printing.RenderCacheStorage",
            "OPTIONS": {"location": tmp_path / "render-cache"},
        },
    }
    return tmp_path / "render-cache"


@pytest.fixture
def weasyprint_calls(monkeypatch):
    """Each PDF rendered with WeasyPrint, with the transactions open at that moment."""
    calls = []
    original = rendering.render_pdf

    def counting(*args, **kwargs):
        calls.append(connection.atomic_blocks.copy())
        return original(*args, **kwargs)

    monkeypatch.setattr(rendering, "render_pdf", counting)
    return calls


@pytest.fixture
def secretary(client, seed_commission):
    client.force_login(make_user("secretaria-render", SECRETARIAT, [seed_commission]))
    return client


def _pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_a_second_download_is_served_from_the_cache(secretary, weasyprint_calls):
    url = reverse("reports:file", kwargs={**PERIOD, "fmt": "pdf"})
    first = secretary.get(url)
    assert first.status_code == 200
    assert len(weasyprint_calls) == 1
    second = secretary.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == "application/pdf"
    assert len(weasyprint_calls) == 1  # not rendered again
    assert _pages(second.content) > 20


def test_changed_content_is_rendered_again(secretary, seed_commission, weasyprint_calls):
    url = reverse("reports:file", kwargs={**PERIOD, "fmt": "docx"})
    first = secretary.get(url).content
    ReportDraft.objects.update_or_create(
        commission=seed_commission,
        period_start=START,
        period_end=END,
        defaults={"closing": "Texto de cierre nuevo."},
    )
    second = secretary.get(url).content
    assert first != second
    text = "\n".join(p.text for p in Document(io.BytesIO(second)).paragraphs)
    assert "Texto de cierre nuevo." in text
    assert weasyprint_calls == []  # Word never runs WeasyPrint


def test_cache_cleanup_keeps_it_under_its_size(settings, seed_commission):
    report = report_content(commission=seed_commission, start=START, end=END)
    storage = render_cache()
    from django.core.files.base import ContentFile

    for minutes, fmt in enumerate(("pdf", "pdfa", "docx"), 1):
        key = storage.save(cache_key(content_sha256(report), fmt), ContentFile(b"x" * 1000))
        # Written an hour or so before the test's clock: the file system keeps the real
        # time, which after 10:00 of the suite's day would be the future.
        written = timezone.now().timestamp() - 3600 + minutes * 60
        os.utime(storage.path(key), (written, written))
    settings.RENDER_CACHE_MAX_BYTES = 2500
    assert cache_cleanup() == 1
    settings.RENDER_CACHE_MAX_DAYS = 0
    assert cache_cleanup() == 2


def test_a_long_report_is_rendered_by_the_worker_with_its_progress(
    secretary, queue_immediate, long_reports, django_capture_on_commit_callbacks, weasyprint_calls
):
    url = reverse("reports:file", kwargs={**PERIOD, "fmt": "pdf"})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = secretary.get(url)
    job = ReportRender.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:render", kwargs={"pk": job.pk})
    assert weasyprint_calls == []  # the request did not render

    waiting = secretary.get(response.url)
    assert job.status == ReportRender.Status.PENDING
    assert '<meta http-equiv="refresh" content="5">' in waiting.content.decode()
    assert "Pendiente" in waiting.content.decode()
    period_page = secretary.get(reverse("reports:period", kwargs=PERIOD)).content.decode()
    assert "Archivos generados en segundo plano" in period_page

    for callback in callbacks:  # the transaction commits: the job is enqueued and runs
        callback()
    job.refresh_from_db()
    assert (job.status, job.progress, job.stage) == ("lista", 100, "Listo para descargar")
    assert job.started_at <= job.finished_at
    status = secretary.get(reverse("reports:render_status", kwargs={"pk": job.pk})).json()
    assert status["status"] == "lista"
    assert status["file_url"] == reverse("reports:render_file", kwargs={"pk": job.pk})
    ready = secretary.get(response.url).content.decode()
    assert "Descargar el archivo" in ready
    assert 'http-equiv="refresh"' not in ready
    pdf = secretary.get(status["file_url"])
    assert pdf["Content-Type"] == "application/pdf"
    assert _pages(pdf.content) > 20
    # Now cached: the same link answers with the file at once.
    again = secretary.get(url)
    assert again.status_code == 200
    assert again.content == pdf.content
    assert len(weasyprint_calls) == 1


def test_asking_twice_while_it_renders_makes_one_job(
    secretary, long_reports, django_capture_on_commit_callbacks
):
    url = reverse("reports:file", kwargs={**PERIOD, "fmt": "pdfa"})
    with django_capture_on_commit_callbacks(execute=False):
        first = secretary.get(url)
        second = secretary.get(url)
    assert first.url == second.url
    assert ReportRender.objects.count() == 1


def test_a_failed_render_says_so(secretary, seed_commission, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("sin fuentes")

    monkeypatch.setattr("reports.rendering.render_pdf", broken)
    job = ReportRender.objects.create(
        commission=seed_commission,
        period_start=START,
        period_end=END,
        format="pdf",
        content_sha256="0" * 64,
    )
    with pytest.raises(RuntimeError):
        report_render_run.call_local(job.pk)
    job.refresh_from_db()
    assert job.status == "fallida"
    page = secretary.get(reverse("reports:render", kwargs={"pk": job.pk})).content.decode()
    assert "No se pudo generar el archivo: RuntimeError: sin fuentes" in page


def test_another_commissions_render_is_not_shown(client, seed_commission):
    from commissions.models import Commission

    other = Commission.objects.create(
        name="Comisión de Prueba", acronym="CPRU", kind=Commission.Kind.values[0], active_from=START
    )
    client.force_login(make_user("lectora-otra", COUNCIL, [other]))
    job = ReportRender.objects.create(
        commission=seed_commission,
        period_start=START,
        period_end=END,
        format="pdf",
        content_sha256="0" * 64,
    )
    assert client.get(reverse("reports:render", kwargs={"pk": job.pk})).status_code == 403
    assert client.get(reverse("reports:render_status", kwargs={"pk": job.pk})).status_code == 403
    assert client.get(f"/api/v1/report-renders/{job.pk}/").status_code in {403, 404}


def test_api_answers_202_then_the_file(
    secretary, queue_immediate, long_reports, django_capture_on_commit_callbacks, weasyprint_calls
):
    with django_capture_on_commit_callbacks(execute=True):
        accepted = secretary.get(API_PDF, HTTP_ACCEPT="application/pdf")
    assert accepted.status_code == 202
    job = ReportRender.objects.get()
    assert accepted["Location"].endswith(f"/api/v1/report-renders/{job.pk}/")
    assert accepted.json()["status"] == "pendiente"

    polled = secretary.get(accepted["Location"]).json()
    assert (polled["status"], polled["progress"]) == ("lista", 100)
    assert polled["file_url"].endswith(f"/api/v1/report-renders/{job.pk}/file/")
    pdf = secretary.get(polled["file_url"], HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")

    cached = secretary.get(API_PDF, HTTP_ACCEPT="application/pdf")
    assert cached.status_code == 200
    assert cached.content == pdf.content
    assert len(weasyprint_calls) == 1


def test_issuing_stores_every_file_rendered_outside_the_transaction(
    seed_commission, weasyprint_calls
):
    session = Session.objects.filter(commission=seed_commission).order_by("-date").first()
    depth = connection.atomic_blocks.copy()
    issued = report_issue(
        commission=seed_commission,
        period_start=START,
        period_end=END,
        session=session,
        issued_by=None,
    )
    assert len(weasyprint_calls) == 2  # the PDF/A and the reading PDF
    assert all(blocks == depth for blocks in weasyprint_calls)  # no transaction open
    issued = IssuedReport.objects.get(pk=issued.pk)
    assert bytes(issued.pdf).startswith(b"%PDF-")
    assert bytes(issued.reading_pdf).startswith(b"%PDF-")
    assert bytes(issued.reading_pdf) != bytes(issued.pdf)
    assert Document(io.BytesIO(bytes(issued.docx))).core_properties.title == issued.title
    assert json.loads(issued.content_json)["title"] == issued.title
    import hashlib

    assert issued.docx_sha256 == hashlib.sha256(bytes(issued.docx)).hexdigest()


# --- Renders that always finish and are found (issue 19, point 1) -------------------------

OTHER_PERIODS = [("2022-06-01", "2022-08-31"), ("2022-12-01", "2023-02-28")]


def _api_pdf(start=START, end=END) -> str:
    return f"/api/v1/reports/pdf/?commission=CORI&start={start}&end={end}"


def _token_client(commissions, created_by=None):
    from rest_framework.test import APIClient

    from cori.api.services import api_token_create

    token, key = api_token_create(
        name="tablero", commissions=commissions, read_only=True, created_by=created_by
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client, token


def test_a_token_without_a_creator_may_request_a_render(
    seed_commission, long_reports, django_capture_on_commit_callbacks
):
    """As the README makes it: create_api_token --name … --commission CORI (no creator)."""
    client, token = _token_client([seed_commission])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.get(_api_pdf(), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 202
    job = ReportRender.objects.get()
    assert (job.requested_token, job.requested_by) == (token, None)


def test_a_render_asked_with_a_token_names_the_token_and_its_creator(
    seed_commission, long_reports, django_capture_on_commit_callbacks
):
    creator = make_user("integradora", SECRETARIAT, [seed_commission])
    client, token = _token_client([seed_commission], created_by=creator)
    with django_capture_on_commit_callbacks(execute=False):
        assert client.get(_api_pdf()).status_code == 202
    job = ReportRender.objects.get()
    assert (job.requested_token, job.requested_by) == (token, creator)


def test_a_file_rendered_with_other_processes_is_found(
    secretary, settings, queue_immediate, long_reports, django_capture_on_commit_callbacks
):
    """A worker and a web process with different REPORT_RENDER_PROCESSES share the cache."""
    from reports.rendering import renderer_version

    try:
        settings.REPORT_RENDER_PROCESSES = 2  # the worker
        renderer_version.cache_clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert secretary.get(API_PDF).status_code == 202
        assert ReportRender.objects.get().status == "lista"
        settings.REPORT_RENDER_PROCESSES = 1  # the web process
        renderer_version.cache_clear()
        found = secretary.get(API_PDF, HTTP_ACCEPT="application/pdf")
        assert found.status_code == 200
        assert found.content.startswith(b"%PDF-")
        assert ReportRender.objects.count() == 1
        settings.REPORT_PRIMARY_COLOR = "#123456"  # a setting that changes the bytes
        renderer_version.cache_clear()
        with django_capture_on_commit_callbacks(execute=False):
            assert secretary.get(API_PDF).status_code == 202
    finally:
        renderer_version.cache_clear()


def _assert_queue_full(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["code"] == "render_queue_full"
    assert "generaciones en curso" in body["detail"]


def test_a_token_may_keep_only_so_many_renders_open(
    seed_commission, settings, long_reports, django_capture_on_commit_callbacks
):
    settings.RENDER_QUEUE_MAX_PER_TOKEN = 1
    client, _token = _token_client([seed_commission])
    other, _ = _token_client([seed_commission])
    with django_capture_on_commit_callbacks(execute=False):
        assert client.get(_api_pdf()).status_code == 202
        assert client.get(_api_pdf()).status_code == 202  # the same job again: no new one
        _assert_queue_full(client.get(_api_pdf(*OTHER_PERIODS[0])))
        assert other.get(_api_pdf(*OTHER_PERIODS[0])).status_code == 202  # another token
    assert ReportRender.objects.count() == 2
    ReportRender.objects.filter(requested_token=_token).update(status="lista")
    with django_capture_on_commit_callbacks(execute=False):  # finished: room again
        assert client.get(_api_pdf(*OTHER_PERIODS[1])).status_code == 202


def test_a_user_may_keep_only_so_many_renders_open_whatever_the_token(
    seed_commission, settings, long_reports, django_capture_on_commit_callbacks
):
    settings.RENDER_QUEUE_MAX_PER_USER = 1
    creator = make_user("integradora", SECRETARIAT, [seed_commission])
    first, _ = _token_client([seed_commission], created_by=creator)
    second, _ = _token_client([seed_commission], created_by=creator)
    with django_capture_on_commit_callbacks(execute=False):
        assert first.get(_api_pdf()).status_code == 202
        _assert_queue_full(second.get(_api_pdf(*OTHER_PERIODS[0])))


def test_a_commission_may_keep_only_so_many_renders_open(
    seed_commission, settings, long_reports, django_capture_on_commit_callbacks, secretary
):
    settings.RENDER_QUEUE_MAX_PER_COMMISSION = 2
    first, _ = _token_client([seed_commission])
    second, _ = _token_client([seed_commission])
    with django_capture_on_commit_callbacks(execute=False):
        assert first.get(_api_pdf()).status_code == 202
        assert second.get(_api_pdf(*OTHER_PERIODS[0])).status_code == 202
        _assert_queue_full(second.get(_api_pdf(*OTHER_PERIODS[1])))
        # The staff page says so in Spanish and keeps the user on the period's page.
        url = reverse(
            "reports:file",
            kwargs={"acronym": "CORI", "start": "2022-12-01", "end": "2023-02-28", "fmt": "pdf"},
        )
        page = secretary.get(url, follow=True)
    assert page.redirect_chain[-1][0] == reverse(
        "reports:period", kwargs={"acronym": "CORI", "start": "2022-12-01", "end": "2023-02-28"}
    )
    assert "Hay 2 generaciones en curso o en espera para la comisión" in page.content.decode()
    assert ReportRender.objects.count() == 2


def test_a_render_left_by_a_stopped_worker_holds_no_place(
    seed_commission, settings, long_reports, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    settings.RENDER_QUEUE_MAX_PER_TOKEN = 1
    client, _token = _token_client([seed_commission])
    with django_capture_on_commit_callbacks(execute=False):
        assert client.get(_api_pdf()).status_code == 202
    stale = ReportRender.objects.get()
    ReportRender.objects.filter(pk=stale.pk).update(
        status="en_curso", created_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    with django_capture_on_commit_callbacks(execute=False):
        again = client.get(_api_pdf())
    assert again.status_code == 202  # not refused, and not the stale job
    assert again.json()["id"] != stale.pk
