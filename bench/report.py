"""Benchmark of the quarterly report: the seed quarter and a busy year (20× its rows).

Run with ``.venv/bin/python bench/report.py``. It builds a throwaway SQLite database
(or uses DATABASE_URL's server, in a database of its own), loads the seed quarter,
generates the busy year, and prints for each report: total seconds, seconds reading
and building the content, templating, WeasyPrint, and the query count.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases  # noqa: E402

from cori.demo.loader import demo_load  # noqa: E402
from cori.demo.scale import demo_busy_year  # noqa: E402
from reports.renderers import print_html, render_pdf  # noqa: E402
from reports.selectors import report_content  # noqa: E402


def measure(commission, start: datetime.date, end: datetime.date) -> dict:
    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        report = report_content(commission=commission, start=start, end=end)
    built = time.perf_counter()
    html = print_html(report)
    templated = time.perf_counter()
    pdf = render_pdf(report, html=html)
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
        for label, start, end in runs:
            figures = measure(commission, start, end)
            outside = (figures["content"] + figures["templating"]) / figures["total"]
            print(
                f"{label:36} {figures['total']:8.2f} {figures['content']:12.2f} "
                f"{figures['query_seconds']:8.2f} {figures['templating']:12.2f} "
                f"{figures['weasyprint']:13.2f} {figures['queries']:10d} {outside:12.0%} "
                f"{figures['pages']:8d}"
            )
    finally:
        from django.test.utils import teardown_databases

        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
