"""The institute's report on agreements and the informe anual go through the informe's render
cache and queue (issue 21, point 5): a long file not yet cached becomes a job (the page
answers 302 to its progress page, the API 202 with ``Location``), with the same caps (429
``render_queue_full``) and the same content-hash cache key."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from reports import rendering
from reports.models import ReportRender
from reports.rendering import cache_key, cached_file, content_sha256
from reports.selectors.agreement_report import agreement_report_content
from reports.selectors.annual_report import annual_report_content
from tests.factories import CommissionFactory
from tests.registry import END, START, registry_build
from tests.reports.conftest import docx_text, squeeze
from tests.reports.test_render_queue import _assert_queue_full, _token_client
from tests.staff import ADMINISTRATION, COUNCIL, SECRETARIAT, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.database]

YEAR = 2025
PERIOD = {"inicio": START.isoformat(), "fin": END.isoformat()}
API_AGREEMENTS = f"/api/v1/agreement-reports/docx/?start={START}&end={END}"


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


@pytest.fixture
def word_calls(monkeypatch):
    """Each Word file rendered, with the transactions open at that moment."""
    calls = []
    original = rendering.render_docx

    def counting(*args, **kwargs):
        calls.append(connection.atomic_blocks.copy())
        return original(*args, **kwargs)

    monkeypatch.setattr(rendering, "render_docx", counting)
    return calls


@pytest.fixture
def admin(client, seed_commission):
    registry_build(seed_commission)
    client.force_login(make_user("admin-cola", ADMINISTRATION, []))
    return client


def test_a_long_institute_report_goes_to_the_queue_from_its_page(
    admin, queue_immediate, long_reports, django_capture_on_commit_callbacks, word_calls
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin.get("/informes/convenios/", {**PERIOD, "formato": "docx"})
    job = ReportRender.objects.get()
    assert response.status_code == 302
    assert response.url == f"/informes/generaciones/{job.pk}/"
    assert (job.kind, job.commission, job.period_start, job.period_end) == (
        "convenios",
        None,
        START,
        END,
    )
    report = agreement_report_content(start=START, end=END)
    assert job.content_sha256 == content_sha256(report)  # the informe's cache key
    assert word_calls == []  # the request did not render
    assert "Pendiente" in admin.get(response.url).content.decode()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == "lista" and job.file.name == cache_key(job.content_sha256, "docx")
    assert cached_file(content_sha256(report), "docx") is not None
    status = admin.get(f"/informes/generaciones/{job.pk}/estado/").json()
    word = admin.get(status["file_url"])
    assert word["Content-Disposition"].endswith(f'informe-convenios-{START}-{END}.docx"')
    assert squeeze(report.title) in squeeze(docx_text(word.content))
    again = admin.get("/informes/convenios/", {**PERIOD, "formato": "docx"})
    assert again.status_code == 200 and again.content == word.content  # now cached
    assert len(word_calls) == 1


def test_only_administration_follows_the_institutes_render(
    admin, client, seed_commission, long_reports, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = admin.get("/informes/convenios/", {**PERIOD, "formato": "pdf"})
    client.force_login(make_user("st-cola", SECRETARIAT, [seed_commission]))
    assert client.get(response.url).status_code == 403


def test_the_api_answers_202_then_the_institute_reports_file(
    seed_commission, queue_immediate, long_reports, django_capture_on_commit_callbacks, word_calls
):
    registry_build(seed_commission)
    api = APIClient()
    api.force_authenticate(make_user("api-cola", SECRETARIAT, [seed_commission]))
    with django_capture_on_commit_callbacks(execute=True):
        accepted = api.get(API_AGREEMENTS)
    assert accepted.status_code == 202
    job = ReportRender.objects.get()
    assert accepted["Location"].endswith(f"/api/v1/report-renders/{job.pk}/")
    polled = api.get(accepted["Location"]).json()
    assert (polled["status"], polled["kind"], polled["commission"]) == ("lista", "convenios", None)
    word = api.get(polled["file_url"])
    assert word.status_code == 200
    cached = api.get(API_AGREEMENTS)
    assert cached.status_code == 200 and cached.content == word.content
    assert len(word_calls) == 1
    # Restricted to a commission's chain: another content, another job.
    with django_capture_on_commit_callbacks(execute=False):
        restricted = api.get(f"{API_AGREEMENTS}&commission=CORI")
    assert restricted.status_code == 202
    assert ReportRender.objects.get(pk=restricted.json()["id"]).commission == seed_commission


def test_the_institutes_renders_have_the_same_caps(
    seed_commission, settings, long_reports, django_capture_on_commit_callbacks
):
    registry_build(seed_commission)
    settings.RENDER_QUEUE_MAX_PER_TOKEN = 1
    client, _token = _token_client([seed_commission])
    with django_capture_on_commit_callbacks(execute=False):
        assert client.get(API_AGREEMENTS).status_code == 202
        assert client.get(API_AGREEMENTS).status_code == 202  # the same job again
        _assert_queue_full(client.get(f"/api/v1/agreement-reports/pdf/?start=2025-01-01&end={END}"))
    settings.RENDER_QUEUE_MAX_PER_TOKEN = 3
    settings.RENDER_QUEUE_MAX_PER_COMMISSION = 1  # the institute counts as one
    other, _ = _token_client([seed_commission])
    with django_capture_on_commit_callbacks(execute=False):
        _assert_queue_full(other.get(f"/api/v1/agreement-reports/pdf/?start=2025-01-01&end={END}"))
    assert ReportRender.objects.count() == 1


def test_a_long_informe_anual_goes_to_the_queue_from_its_page_and_the_api(
    client, queue_immediate, long_reports, django_capture_on_commit_callbacks, word_calls
):
    commission = CommissionFactory()
    client.force_login(make_user("consejera-cola", COUNCIL, [commission]))
    url = f"/informes/{commission.acronym}/anual/{YEAR}/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(url, {"formato": "docx"})
    job = ReportRender.objects.get()
    assert response.status_code == 302 and response.url == f"/informes/generaciones/{job.pk}/"
    assert (job.kind, job.commission, job.period_start.year) == ("anual", commission, YEAR)
    report = annual_report_content(commission=commission, year=YEAR)
    assert job.content_sha256 == content_sha256(report)
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == "lista"
    word = client.get(f"/informes/generaciones/{job.pk}/archivo/")
    assert word["Content-Disposition"].endswith(
        f'informe-anual-{commission.acronym.lower()}-{YEAR}.docx"'
    )
    api = APIClient()
    api.force_authenticate(make_user("st-cola-anual", SECRETARIAT, [commission]))
    query = f"commission={commission.acronym}&year={YEAR}"
    cached = api.get(f"/api/v1/annual-reports/docx/?{query}")
    assert cached.status_code == 200 and cached.content == word.content
    assert len(word_calls) == 1
    with django_capture_on_commit_callbacks(execute=False):
        accepted = api.get(f"/api/v1/annual-reports/pdf/?{query}")
    assert accepted.status_code == 202
    polled = api.get(accepted["Location"]).json()
    assert (polled["kind"], polled["commission"]) == ("anual", commission.acronym)
    stranger = APIClient()
    stranger.force_authenticate(make_user("ajena-cola", SECRETARIAT, [CommissionFactory()]))
    assert stranger.get(accepted["Location"]).status_code in {403, 404}
