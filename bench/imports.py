"""Time and peak memory of reading hostile import files (no database needed).

    .venv/bin/python bench/imports.py

Builds each hostile file of tests/cori/test_imports.py (and a valid file at the row limit),
reads it with ``cori.imports.read_dataset`` in a fresh process and prints the seconds, the
peak memory allocated while reading (tracemalloc, on a second read) and the first words of the message. A hostile file
should be refused in well under 5 s with memory close to that of the valid file.
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cori.settings")


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


if __name__ == "__main__":
    if len(sys.argv) > 1:
        measure(sys.argv[1])
    else:
        print(f"{'file':36} {'size':>11} {'time':>8} {'peak':>10}  message")
        for name in FILES:
            subprocess.run([sys.executable, __file__, name], check=True)
