"""The import: reading hostile files (no database needed), and previewing and saving
valid files of 1,000 and 10,000 rows (issue 23).

    .venv/bin/python bench/imports.py [--lectura | --masivo] [--repeticiones 3]

``--lectura``: builds each hostile file of tests/cori/test_imports.py (and a valid file at
the row limit), reads it with ``cori.imports.read_dataset`` in a fresh process and prints
the seconds, the peak memory allocated while reading (tracemalloc, on a second read) and
the first words of the message. A hostile file should be refused in well under 5 s with
memory close to that of the valid file.

``--masivo``: in a throwaway database (SQLite, or DATABASE_URL's server in a database of
its own) with the seed quarter, previews and confirms a mailings CSV of 1,000 and of
10,000 rows (``preview_build`` then ``import_save``, as the page does) and prints rows per
second and queries per row for each step, median and spread of the repetitions.

Both by default. The first line names the commit and the machine's load average.
"""

import io
import os
import re
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cori.settings")

from common import header, spread  # noqa: E402


def _xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["fecha", "audiencia", "información"])
    for number in range(rows):
        sheet.append(["05/12/2022", "Voto Chilango", f"Boletín {number}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rezip(content: bytes, changes: dict) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            change = changes.pop(name, None)
            if callable(change):
                data = change(data.decode()).encode()
            elif change is not None:
                data = change
            target.writestr(name, data)
        for name, data in changes.items():
            target.writestr(name, data)
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


DIMENSION = re.compile(r'<dimension ref="[^"]+"')


def _many_rows(xml: str) -> str:
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="n"><v>1</v></c></row>' for n in range(3, 60_000))
    return DIMENSION.sub('<dimension ref="A1:C2"', xml).replace(
        "</sheetData>", f"{rows}</sheetData>"
    )


def _strings() -> bytes:
    strings = "".join(f"<si><t>{n * 7919 % 1000003}</t></si>" for n in range(250_000))
    return f"<sst>{strings}</sst>".encode()


def _every_cell(xml: str) -> str:
    return DIMENSION.sub('<dimension ref="A1:XFD1048576"', xml)


FILES = {
    "valid, 10,000 rows (XLSX)": ("a.xlsx", lambda: _xlsx(10_000)),
    "declares A1:XFD1048576": ("a.xlsx", lambda: _rezip(_xlsx(1), {SHEET: _every_cell})),
    "60,000 rows under a dimension of 2": ("a.xlsx", lambda: _rezip(_xlsx(1), {SHEET: _many_rows})),
    "huge shared strings": (
        "a.xlsx",
        lambda: _rezip(_xlsx(1), {"xl/sharedStrings.xml": _strings()}),
    ),
    "zip bomb (1 GB of spaces)": ("a.xlsx", lambda: _rezip(_xlsx(1), {SHEET: b" " * (1024**3)})),
    "exe renamed .csv": ("a.csv", lambda: b"MZ\x90\x00" + b"\x00" * 4096),
    "CSV, a row of 500,000 columns": ("a.csv", lambda: b"fecha\n" + b"x," * 500_000),
}


def measure(name: str) -> None:
    """In this (child) process: read one file, print seconds, peak memory and message."""
    import django

    django.setup()
    from cori.imports import ImportFileError, read_dataset

    file_name, build = FILES[name]
    content = build()

    def read() -> str:
        try:
            return f"read: {len(read_dataset(content, file_name))} rows"
        except ImportFileError as error:
            return str(error)

    start = time.perf_counter()
    message = read()
    seconds = time.perf_counter() - start
    tracemalloc.start()  # a second read for the memory: tracing slows it down
    read()
    peak = tracemalloc.get_traced_memory()[1]
    print(
        f"{name:36} {len(content) / 1024:8.1f} KB {seconds:6.2f} s "
        f"{peak / 1024**2:7.1f} MB  {message[:60]}"
    )


def _mailings_csv(rows: int, run: int) -> bytes:
    audiences = ["Voto Chilango", "Red de Observación IECM", "Áreas del IECM"]
    lines = ["2B", "4B", ""]
    body = "".join(
        f"{1 + n % 28:02d}/12/2022,{audiences[n % 3]},Aviso {run}-{n},{lines[n % 3]}\n"
        for n in range(rows)
    )
    return f"fecha,audiencia,información,línea\n{body}".encode()


def bulk(repetitions: int) -> None:
    """In this (child) process: a throwaway database, then preview and save big files."""
    import tempfile

    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases

    from cori.demo.loader import demo_load
    from cori.imports import import_save, preview_build
    from outreach.models import Mailing
    from outreach.resources import MailingResource

    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        commission = demo_load()
        print(
            f"{'correos':>8} {'vista previa filas/s':>28} {'consultas/fila':>15} "
            f"{'guardar filas/s':>28} {'consultas/fila':>15}"
        )
        for rows in (1_000, 10_000):
            figures = {"preview": [], "save": []}
            queries = {}
            for run in range(repetitions):
                content = _mailings_csv(rows, run)
                resource = MailingResource(commission=commission)
                connection.queries_log.clear()
                with CaptureQueriesContext(connection) as previewed:
                    began = time.perf_counter()
                    preview = preview_build(content, "correos.csv", resource)
                    seconds = time.perf_counter() - began
                figures["preview"].append(rows / seconds)
                if not preview.valid or len(preview.to_save) != rows:
                    raise SystemExit(
                        f"La vista previa no aceptó las {rows} filas: {preview.errors[:3]}"
                    )
                with CaptureQueriesContext(connection) as saved:
                    began = time.perf_counter()
                    import_save(resource, preview)
                    seconds = time.perf_counter() - began
                figures["save"].append(rows / seconds)
                queries = {"preview": len(previewed), "save": len(saved)}
                Mailing.objects.filter(subject__startswith=f"Aviso {run}-").delete()
            print(
                f"{rows:8,d} {spread(figures['preview'], 0):>28} "
                f"{queries['preview'] / rows:15.4f} {spread(figures['save'], 0):>28} "
                f"{queries['save'] / rows:15.4f}"
            )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    repetitions = 3
    if "--repeticiones" in arguments:
        repetitions = int(arguments[arguments.index("--repeticiones") + 1])
    if arguments and arguments[0] in FILES:
        measure(arguments[0])
    elif arguments and arguments[0] == "--masivo-hijo":
        bulk(repetitions)
    else:
        header("bench/imports.py")
        if "--masivo" not in arguments:
            print(f"{'file':36} {'size':>11} {'time':>8} {'peak':>10}  message")
            for name in FILES:
                subprocess.run([sys.executable, __file__, name], check=True)
        if "--lectura" not in arguments:
            command = [sys.executable, __file__, "--masivo-hijo", "--repeticiones"]
            subprocess.run([*command, str(repetitions)], check=True)
