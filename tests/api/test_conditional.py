"""Conditional requests (issue 19, point 4): an ETag on every record, list, report and file;
If-None-Match answers 304 without a body; If-Match guards writes as before."""

import pytest
from django.core.files.base import ContentFile
from django.utils.http import http_date

from cori.printing import render_cache
from reports.models import ReportRender
from sessions.models import Attendance

PERIOD = {"commission": "CORI", "start": "2022-09-01", "end": "2022-11-30"}


def _not_modified(client, url, etag, **extra):
    response = client.get(url, HTTP_IF_NONE_MATCH=etag, **extra)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    return response


def test_a_record_answers_304_until_it_or_what_it_shows_changes(rw_client, seed_commission):
    attendance = (
        Attendance.objects.filter(session__commission=seed_commission)
        .exclude(session__minutes__status="aprobada")  # an approved minuta seals it
        .first()
    )
    url = f"/api/v1/sessions/{attendance.session_id}/"
    first = rw_client.get(url)
    etag = first["ETag"]
    assert etag.startswith(f'"{first.json()["version"]}-')  # the version, then the body's hash
    _not_modified(rw_client, url, etag)
    assert rw_client.get(url, HTTP_IF_NONE_MATCH='"1-otro"').status_code == 200

    # Its attendance is shown nested: a change there is a change of the session's answer,
    # though the session itself (its version) did not change.
    changed = rw_client.patch(
        f"/api/v1/attendance/{attendance.pk}/",
        {"status": "ausente" if attendance.status != "ausente" else "presente"},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    second = rw_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 200
    assert second["ETag"] != etag
    assert second.json()["version"] == first.json()["version"]

    # If-Match as before: the ETag (or the bare version) read last lets the write through;
    # an older one is refused with 409.
    stale = rw_client.patch(url, {"notes": "Vieja"}, format="json", HTTP_IF_MATCH='"1-x"')
    assert stale.status_code == 409
    saved = rw_client.patch(url, {"notes": "Nota"}, format="json", HTTP_IF_MATCH=second["ETag"])
    assert saved.status_code == 200, saved.json()
    assert saved["ETag"] == rw_client.get(url)["ETag"]  # the write's ETag is the next read's


def test_lists_and_the_report_answer_304(rw_client):
    for url, query in [
        ("/api/v1/sessions/", {"commission": "CORI"}),
        ("/api/v1/reports/", PERIOD),
    ]:
        first = rw_client.get(url, query)
        assert first.status_code == 200
        _not_modified(rw_client, url, first["ETag"], data=query)


def test_a_report_file_answers_304(rw_client):
    first = rw_client.get("/api/v1/reports/docx/", PERIOD)
    assert first.status_code == 200
    _not_modified(rw_client, "/api/v1/reports/docx/", first["ETag"], data=PERIOD)


@pytest.fixture
def finished_render(settings, tmp_path, seed_commission):
    settings.STORAGES = {
        **settings.STORAGES,
        "render_cache": {
            "BACKEND": "cori.printing.RenderCacheStorage",
            "OPTIONS": {"location": tmp_path / "render-cache"},
        },
    }
    render_cache().save("ab/abcdef-pdf.pdf", ContentFile(b"%PDF-1.7 prueba"))
    from django.utils import timezone

    return ReportRender.objects.create(
        commission=seed_commission,
        period_start="2022-09-01",
        period_end="2022-11-30",
        format="pdf",
        content_sha256="ab" * 32,
        status="lista",
        progress=100,
        file="ab/abcdef-pdf.pdf",
        finished_at=timezone.now(),
    )


def test_a_finished_render_and_its_file_answer_304(rw_client, finished_render):
    for url in (
        f"/api/v1/report-renders/{finished_render.pk}/",
        f"/api/v1/report-renders/{finished_render.pk}/file/",
    ):
        first = rw_client.get(url)
        assert first.status_code == 200
        _not_modified(rw_client, url, first["ETag"])
    file = rw_client.get(f"/api/v1/report-renders/{finished_render.pk}/file/")
    assert file["Last-Modified"] == http_date(finished_render.finished_at.timestamp())
    since = rw_client.get(
        f"/api/v1/report-renders/{finished_render.pk}/file/",
        HTTP_IF_MODIFIED_SINCE=file["Last-Modified"],
    )
    assert (since.status_code, since.content) == (304, b"")
