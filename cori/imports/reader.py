"""Reading an import file: CSV or XLSX, by what the content is (not its name), into a
``tablib.Dataset`` of cell values, within ``Limits`` (``settings.IMPORT_MAX_*``).

Every limit is checked while the file is read, so a hostile file is refused after reading
at most the limit, in bounded memory: a CSV row by row; an XLSX after checking its zip
directory (sizes once unzipped, compression ratio), its shared strings and its first sheet
(declared dimension, rows, cells) with a streaming XML parser, then read by openpyxl in
read-only (streaming) mode with the rows and columns bounded.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import tablib
from defusedxml.ElementTree import iterparse
from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from cori.text import file_size, number


class ImportFileError(Exception):
    """The file as a whole cannot be read or does not fit the type; the message says why."""


def cell_value(value: object) -> object:
    """A cell as the widgets take it: text without surrounding spaces, or a date."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


def cell_text(value: object) -> str:
    """A cell as the preview shows it."""
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


@dataclass(frozen=True)
class Limits:
    """``settings.IMPORT_MAX_*`` (documented in docs/staff.md, «Importar CSV y XLSX»)."""

    bytes: int
    rows: int
    columns: int
    cells: int
    uncompressed: int
    ratio: int

    @classmethod
    def current(cls) -> "Limits":
        return cls(
            bytes=settings.IMPORT_MAX_BYTES,
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
            cells=settings.IMPORT_MAX_CELLS,
            uncompressed=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
        )

    def too_many_rows(self) -> ImportFileError:
        return ImportFileError(
            f"El archivo tiene más de {number(self.rows)} filas de datos; se importan hasta "
            f"{number(self.rows)} a la vez. Divídalo en varios archivos."
        )

    def too_many_cells(self) -> ImportFileError:
        return ImportFileError(
            f"El archivo tiene más de {self.cells} celdas; se importan hasta {self.cells} a "
            "la vez. Divídalo en varios archivos."
        )

    def too_many_columns(self, where: str) -> ImportFileError:
        return ImportFileError(
            f"{where} tiene datos más allá de la columna {get_column_letter(self.columns)}; "
            f"se leen hasta {self.columns} columnas. Quite las columnas sobrantes o copie solo "
            "los datos a un libro nuevo."
        )


BINARY_SIGNATURES = {
    b"MZ": "un programa de Windows",
    b"\x7fELF": "un programa",
    b"%PDF": "un PDF",
    b"\x89PNG": "una imagen",
    b"\xff\xd8\xff": "una imagen",
    b"GIF8": "una imagen",
    b"\x1f\x8b": "un archivo comprimido",
    b"Rar!": "un archivo comprimido",
    b"7z\xbc\xaf": "un archivo comprimido",
}
HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml)", re.IGNORECASE)
ZIP_MAX_MEMBERS = 1000
ZIP_RATIO_FROM = 1024 * 1024  # the ratio matters for parts larger than this once unzipped
CELL_REFERENCE = re.compile(r"^([A-Z]{1,3})\d+$")


def _file_kind(content: bytes) -> str:
    """What the content is, whatever the name says: ``xlsx``, ``csv`` or an error."""
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "El archivo es de Excel 97-2003 (XLS) o está protegido con contraseña, y no se "
            "admite: guárdelo como XLSX o CSV, sin contraseña."
        )
    for signature, kind in BINARY_SIGNATURES.items():
        if content.startswith(signature):
            raise ImportFileError(
                f"El archivo no es un CSV ni un XLSX: su contenido es {kind} (¿se cambió su "
                "extensión?)."
            )
    sample = content[:4096].removeprefix(codecs.BOM_UTF8)
    if HTML_START.match(sample):
        raise ImportFileError(
            "El archivo no es un CSV ni un XLSX: es una página web (HTML o XML). Ábralo en "
            "Excel y guárdelo como XLSX o CSV."
        )
    utf16 = sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and sample.count(b"\x00") > len(sample) // 100:
        raise ImportFileError(
            "El archivo no es un CSV ni un XLSX: su contenido es binario (¿se cambió su "
            "extensión?)."
        )
    return "csv"


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 (Excel's «CSV»)."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]  # UTF-8 rarely decodes what is not UTF-8
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        "No se reconoce la codificación del archivo CSV. En Excel, guárdelo como «CSV UTF-8 "
        "(delimitado por comas)» o súbalo como XLSX."
    )


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count) if first_line else ","
    if first_line.count(delimiter) == 0:
        delimiter = ","
    # Blank lines stay as empty rows, so the row numbers are those of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        raise ImportFileError(
            f"No se pudo leer el archivo CSV en la fila {reader.line_num}: {error}."
        ) from None


def _zip_check(archive: zipfile.ZipFile, limits: Limits) -> None:
    """The zip's directory, before anything is unzipped: a zip bomb is refused here."""
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise ImportFileError(
            f"El archivo XLSX contiene {len(members)} partes; un libro de datos tiene pocas. "
            "Copie los datos a un libro nuevo."
        )
    total = sum(member.file_size for member in members)
    if total > limits.uncompressed:
        raise ImportFileError(
            f"El archivo XLSX ocupa {file_size(total)} al descomprimirlo; el máximo es "
            f"{file_size(limits.uncompressed)}. Divídalo en varios archivos."
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FROM and ratio > limits.ratio:
            raise ImportFileError(
                f"El archivo XLSX está comprimido {number(round(ratio))} veces (una parte de "
                f"{file_size(member.compress_size)} ocupa "
                f"{file_size(member.file_size)}); un libro de datos no pasa de "
                f"{number(limits.ratio)}. No se abre."
            )


def _xml_elements(archive: zipfile.ZipFile, path: str) -> Iterator[tuple[str, object]]:
    """(event, element) of an XML part, streamed: ``end`` elements are cleared."""
    with archive.open(path) as source:
        for event, element in iterparse(source, events=("start", "end")):
            element.tag = element.tag.rpartition("}")[2]
            yield event, element
            if event == "end" and element.tag in {"row", "si"}:
                element.clear()


SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _shared_strings_check(archive: zipfile.ZipFile, limits: Limits) -> None:
    """openpyxl keeps every shared string in memory: no more than there can be cells.
    Counted on the unzipped bytes as they stream (a megabyte at a time), before openpyxl
    opens the book."""
    for name in archive.namelist():
        if not name.lower().endswith("sharedstrings.xml"):
            continue
        count, tail = 0, b""
        with archive.open(name) as source:
            while chunk := source.read(1024 * 1024):
                data = tail + chunk
                count += len(SHARED_STRING.findall(data))
                # Keep the end of the chunk for a tag cut in two, not counting it twice.
                cut = max(data.rfind(b"<"), len(data) - 64)
                tail = data[cut:] if not SHARED_STRING.search(data, cut) else b""
                if count > limits.cells:
                    raise ImportFileError(
                        f"El archivo XLSX tiene más de {limits.cells} textos distintos; se "
                        f"importan hasta {limits.cells} celdas a la vez. Divídalo en varios "
                        "archivos."
                    )


def _dimension_check(element, title: str, limits: Limits) -> None:
    """The range the sheet declares (``<dimension ref="A1:C10">``), when it can be read."""
    try:
        _, _, last_column, last_row = range_boundaries(element.get("ref", ""))
    except (TypeError, ValueError):
        return
    if (last_column or 0) > limits.columns or (last_row or 0) > limits.rows + 1:
        raise ImportFileError(
            f"La hoja «{title}» declara el rango {element.get('ref')} "
            f"({number(last_column)} columnas y {number(last_row)} filas); se leen hasta "
            f"{number(limits.columns)} columnas y {number(limits.rows)} filas de datos. Copie solo "
            "los datos a un libro nuevo o guárdelo como CSV."
        )


def _row_check(element, rows: int, limits: Limits) -> None:
    """The ``rows``-th row read, also by the number it says it has."""
    number = element.get("r", "")
    if rows > limits.rows + 1 or (number.isdigit() and int(number) > limits.rows + 1):
        raise limits.too_many_rows()


def _cell_check(element, limits: Limits) -> None:
    """A cell with a value, by its column."""
    reference = CELL_REFERENCE.match(element.get("r", ""))
    if reference and column_index_from_string(reference[1]) > limits.columns:
        raise limits.too_many_columns(f"La celda {element.get('r')}")


def _sheet_check(archive: zipfile.ZipFile, path: str, title: str, limits: Limits) -> None:
    """The sheet's declared dimension, rows and cells, streamed, before openpyxl reads it."""
    rows = cells = 0
    for event, element in _xml_elements(archive, path):
        if event == "end":
            if element.tag == "c" and len(element):
                _cell_check(element, limits)
        elif element.tag == "dimension":
            _dimension_check(element, title, limits)
        elif element.tag == "row":
            rows += 1
            _row_check(element, rows, limits)
        elif element.tag == "c":
            cells += 1
            if cells > limits.cells:
                raise limits.too_many_cells()


def _xlsx_rows(content: bytes, limits: Limits) -> Iterator[tuple]:
    unreadable = ImportFileError(
        "No se pudo leer el archivo XLSX: puede estar dañado o no ser un libro de Excel."
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        _zip_check(archive, limits)
        _shared_strings_check(archive, limits)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        _sheet_check(archive, sheet._worksheet_path, sheet.title, limits)
        rows = sheet.iter_rows(
            values_only=True, max_col=limits.columns + 1, max_row=limits.rows + 2
        )
        yield from rows
    except ImportFileError:
        raise
    except Exception:  # zipfile, XML and openpyxl errors: the file is not a readable book
        raise unreadable from None


def _bounded_table(rows: Iterable[Sequence], limits: Limits) -> list[list]:
    """The rows, each as ``cell_value`` gives its cells, reading no further than a limit."""
    table: list[list] = []
    cells = 0
    for index, raw in enumerate(rows):
        if index > limits.rows:  # row 0 holds the headers
            raise limits.too_many_rows()
        row = [cell_value(cell) for cell in raw]
        while row and row[-1] == "":
            row.pop()
        if len(row) > limits.columns:
            raise limits.too_many_columns(f"La fila {index + 1}")
        cells += len(row)
        if cells > limits.cells:
            raise limits.too_many_cells()
        table.append(row)
    return table


def _dataset(rows: list[list]) -> tablib.Dataset:
    """Header and rows of equal width."""
    if not rows or not any(cell != "" for cell in rows[0]):
        raise ImportFileError("El archivo está vacío: la primera fila debe tener los encabezados.")
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    dataset = tablib.Dataset(headers=[str(header) for header in padded[0]])
    for row in padded[1:]:
        dataset.append(row)
    return dataset


def read_dataset(content: bytes, name: str, limits: Limits | None = None) -> tablib.Dataset:
    """The file's first sheet (XLSX) or its rows (CSV: UTF-8 or Windows-1252; comma,
    semicolon or tab), by what the content is, within ``limits``."""
    limits = limits or Limits.current()
    if len(content) > limits.bytes:
        raise ImportFileError(
            f"El archivo pesa {file_size(len(content))}; el máximo es "
            f"{file_size(limits.bytes)}. Divídalo en varios archivos."
        )
    kind = _file_kind(content)
    if kind == "csv" and name.lower().endswith(".xlsx"):
        raise ImportFileError(
            "El archivo se llama .xlsx pero no es un libro de Excel: guárdelo desde Excel "
            "como XLSX, o como CSV con extensión .csv."
        )
    rows = _xlsx_rows(content, limits) if kind == "xlsx" else _csv_rows(content)
    return _dataset(_bounded_table(rows, limits))
