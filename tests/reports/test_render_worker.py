"""A real worker process consumes the queue (Huey's SQLite storage) and renders the seed
quarter. It needs a database that another process sees: the PostgreSQL pass of .ci/run."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from commissions.models import Commission
from cori.printing import stored_file
from reports.models import ReportRender
from reports.rendering import cache_key
from reports.services import report_render_run
from tests.reports.conftest import END, START

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_renders_a_queued_report(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("El proceso del trabajador no ve una base SQLite en memoria.")
    cache = tmp_path / "render-cache"
    settings.STORAGES = {
        **settings.STORAGES,
        "render_cache": {
            "BACKEND": "cori.printing.RenderCacheStorage",
            "OPTIONS": {"location": cache},
        },
    }
    job = ReportRender.objects.create(
        commission=Commission.objects.get(acronym="CORI"),
        period_start=START,
        period_end=END,
        format="docx",
        content_sha256="0" * 64,
    )
    queue = tmp_path / "huey.sqlite3"
    shared, HUEY.storage = HUEY.storage, SqliteStorage(HUEY.name, filename=str(queue))
    try:
        assert not HUEY.immediate
        report_render_run(job.pk)  # enqueued in the file the worker reads
    finally:
        HUEY.storage = shared
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "HUEY_FILE": str(queue),
        "RENDER_CACHE_ROOT": str(cache),
    }
    env.pop("REDIS_URL", None)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.done:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert (job.status, job.progress) == ("lista", 100), job.error
    assert job.file.name == cache_key(job.content_sha256, "docx")
    assert stored_file(job.file.name).startswith(b"PK")  # a Word file (a zip)
