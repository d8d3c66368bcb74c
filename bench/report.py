"""Benchmark of the quarterly report: the seed quarter and a busy year (20× its rows).

Run with ``.venv/bin/python bench/report.py``. It builds a throwaway SQLite database
(or uses DATABASE_URL's server, in a database of its own), loads the seed quarter,
generates the busy year, and prints for each report: total seconds, seconds reading
and building the content, templating, WeasyPrint, and the query count. The busy year is
laid out in REPORT_RENDER_PROCESSES parts at once (``reports.pdf_parts``);
``--una-pieza`` also renders it in one piece, for comparison. Last, the cached repeat:
the same PDF asked twice through the render cache (``reports.rendering.render_file``).
"""

import datetime
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cori.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django
import pypdf

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases  # noqa: E402

from cori.demo.loader import demo_load  # noqa: E402
from cori.demo.scale import demo_busy_year  # noqa: E402
from cori.printing import render_cache  # noqa: E402
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
    }


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
    # A database of its own, so the benchmark never touches real data.
    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        commission = demo_load()
        demo_busy_year(commission=commission, year=2023, factor=20)
        runs = [
            (
                "Trimestre semilla (sep–nov 2022)",
                datetime.date(2022, 9, 1),
                datetime.date(2022, 11, 30),
            ),
            (
                "Año intenso (2023, 20× filas)",
                datetime.date(2023, 1, 1),
                datetime.date(2023, 12, 31),
            ),
        ]
        measure(commission, runs[0][1], runs[0][2])  # warm-up: imports, font loading
        print(
            f"{'informe':36} {'total s':>8} {'contenido s':>12} {'(SQL s)':>8} "
            f"{'plantilla s':>12} {'WeasyPrint s':>13} {'consultas':>10} {'fuera de WP':>12} {'páginas':>8}"
        )
        if "--una-pieza" in sys.argv:
            runs.append(("Año intenso, en una pieza", runs[1][1], runs[1][2], 1))
        for label, start, end, *parts in runs:
            figures = measure(commission, start, end, *parts)
            outside = (figures["content"] + figures["templating"]) / figures["total"]
            print(
                f"{label:36} {figures['total']:8.2f} {figures['content']:12.2f} "
                f"{figures['query_seconds']:8.2f} {figures['templating']:12.2f} "
                f"{figures['weasyprint']:13.2f} {figures['queries']:10d} {outside:12.0%} "
                f"{figures['pages']:8d}"
            )
        cached_repeat(commission, runs[0][1], runs[0][2])
    finally:
        from django.test.utils import teardown_databases

        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
