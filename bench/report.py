"""Benchmark of the quarterly report: the seed quarter and a busy year (20× its rows).

Run with ``.venv/bin/python bench/report.py [--veces 5] [--solo-semilla] [--una-pieza]``.
It builds a throwaway SQLite database (or uses DATABASE_URL's server, in a database of
its own), loads the seed quarter, generates the busy year, and prints:

- the seed quarter's PDF as CORI renders it (``render_pdf``, the process warmed up and its
  heap frozen as the worker's is, ``cori.heap``) against WeasyPrint alone on the same HTML,
  the same files and options in a fresh interpreter without Django
  (``bench/weasyprint_alone.py``), ``--veces`` times each: medians, spreads, the ratio;
- for each report: total seconds, seconds reading and building the content, templating,
  WeasyPrint, the query count, and the peak memory the bench and its forked parts held
  together while the PDF was made (``common.TreeMemory``: RSS counts a page shared after
  the fork in every process, PSS splits it among them). The busy year is laid out in REPORT_RENDER_PROCESSES
  parts at once (``reports.pdf_parts``); ``--una-pieza`` also renders it in one piece;
- last, the cached repeat: the same PDF asked twice through the render cache.

``--solo-semilla`` skips the busy year. The first line names the commit and the load.
"""

import datetime
import io
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cori.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django
import pypdf

django.setup()

from common import TreeMemory, header, spread  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcherResponse  # noqa: E402

from cori.demo.loader import demo_load  # noqa: E402
from cori.demo.scale import demo_busy_year  # noqa: E402
from cori.heap import heap_freeze  # noqa: E402
from cori.printing import (  # noqa: E402
    PDF_READING,
    PRINT_BASE_URL,
    StaticFilesFetcher,
    render_cache,
)
from reports.renderers import print_html, render_pdf  # noqa: E402
from reports.rendering import cache_key, content_sha256, render_file  # noqa: E402
from reports.selectors import report_content  # noqa: E402


def measure(commission, start: datetime.date, end: datetime.date, parts=None) -> dict:
    # Django keeps the last 9,000 queries: after loading the busy year the log is full and
    # would show no new ones.
    connection.queries_log.clear()
    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        report = report_content(commission=commission, start=start, end=end)
    built = time.perf_counter()
    html = print_html(report)
    templated = time.perf_counter()
    with TreeMemory() as memory:
        pdf = render_pdf(report, html=html, parts=parts)
    rendered = time.perf_counter()
    return {
        "total": rendered - began,
        "content": built - began,
        "templating": templated - built,
        "weasyprint": rendered - templated,
        "queries": len(queries.captured_queries),
        "query_seconds": sum(float(q["time"]) for q in queries.captured_queries),
        "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
        "rss_mb": memory.rss / 1024,
        "pss_mb": memory.pss / 1024,
    }


class RecordingFetcher(StaticFilesFetcher):
    """CORI's fetcher, keeping what it served for WeasyPrint alone to serve again."""

    def __init__(self):
        super().__init__()
        self.files: dict[str, tuple[bytes, str]] = {}

    def fetch(self, url, headers=None):
        response = super().fetch(url, headers)
        body = response.read()
        self.files[url] = (body, response.headers.get_content_type())
        return URLFetcherResponse(url, body=body, headers={"Content-Type": self.files[url][1]})


def against_weasyprint(commission, start: datetime.date, end: datetime.date, times: int) -> None:
    """The seed quarter as CORI renders it against WeasyPrint alone on the same HTML."""
    report = report_content(commission=commission, start=start, end=end)
    html = print_html(report)
    cori = []
    for _ in range(times):
        began = time.perf_counter()
        render_pdf(report, html=html, parts=1)
        cori.append(time.perf_counter() - began)
    fetcher = RecordingFetcher()
    HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=fetcher).write_pdf(**PDF_READING)
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as recording:
        pickle.dump((html, PRINT_BASE_URL, fetcher.files, dict(PDF_READING)), recording)
    script = Path(__file__).resolve().parent / "weasyprint_alone.py"
    output = subprocess.run(
        [sys.executable, str(script), recording.name, str(times)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    os.unlink(recording.name)
    alone = [float(line) for line in output.split()]
    ratio = statistics.median(cori) / statistics.median(alone)
    print(f"Trimestre semilla, PDF de CORI (s):      {spread(cori)}")
    print(f"Mismo HTML, WeasyPrint solo (s):         {spread(alone)}")
    print(f"Razón CORI / WeasyPrint solo (medianas): {ratio:.2f}")


def cached_repeat(commission, start: datetime.date, end: datetime.date) -> None:
    """The seed quarter's PDF asked twice through the render cache (an empty one)."""
    settings.STORAGES["render_cache"]["OPTIONS"]["location"] = tempfile.mkdtemp()
    report = report_content(commission=commission, start=start, end=end)
    render_cache().delete(cache_key(content_sha256(report), "pdf"))  # a real first render
    began = time.perf_counter()
    first = render_file(report, "pdf")
    rendered = time.perf_counter()
    report = report_content(commission=commission, start=start, end=end)
    hashed = time.perf_counter()
    second = render_file(report, "pdf")
    served = time.perf_counter()
    if first != second:
        raise SystemExit("La caché devolvió otro archivo.")
    print(
        f"Descarga repetida (caché): {1000 * (served - hashed):.0f} ms sin contar la lectura "
        f"de los registros ({1000 * (served - rendered):.0f} ms con ella), "
        f"{(served - hashed) / (rendered - began):.1%} de la primera ({rendered - began:.2f} s)"
    )


def main() -> None:
    times = int(sys.argv[sys.argv.index("--veces") + 1]) if "--veces" in sys.argv else 3
    header("bench/report.py")
    # A database of its own, so the benchmark never touches real data.
    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        commission = demo_load()
        seed = (
            "Trimestre semilla (sep–nov 2022)",
            datetime.date(2022, 9, 1),
            datetime.date(2022, 11, 30),
        )
        runs = [seed]
        if "--solo-semilla" not in sys.argv:
            demo_busy_year(commission=commission, year=2023, factor=20)
            runs.append(
                (
                    "Año intenso (2023, 20× filas)",
                    datetime.date(2023, 1, 1),
                    datetime.date(2023, 12, 31),
                )
            )
        measure(commission, seed[1], seed[2])  # warm-up: imports, font loading
        heap_freeze()  # as the worker does after its start-up (cori.heap)
        against_weasyprint(commission, seed[1], seed[2], times)
        print(
            f"{'informe':36} {'total s':>8} {'contenido s':>12} {'(SQL s)':>8} "
            f"{'plantilla s':>12} {'WeasyPrint s':>13} {'consultas':>10} {'fuera de WP':>12} {'páginas':>8} {'RSS MB':>7} {'PSS MB':>7}"
        )
        if "--una-pieza" in sys.argv and len(runs) > 1:
            runs.append(("Año intenso, en una pieza", runs[1][1], runs[1][2], 1))
        for label, start, end, *parts in runs:
            figures = measure(commission, start, end, *parts)
            outside = (figures["content"] + figures["templating"]) / figures["total"]
            print(
                f"{label:36} {figures['total']:8.2f} {figures['content']:12.2f} "
                f"{figures['query_seconds']:8.2f} {figures['templating']:12.2f} "
                f"{figures['weasyprint']:13.2f} {figures['queries']:10d} {outside:12.0%} "
                f"{figures['pages']:8d} {figures['rss_mb']:7.0f} {figures['pss_mb']:7.0f}"
            )
        cached_repeat(commission, seed[1], seed[2])
    finally:
        from django.test.utils import teardown_databases

        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
