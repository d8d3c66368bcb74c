"""CSV and XLSX import of records: read the file, validate every row without saving, then
save all the rows in one transaction or none.

The columns of each importable type are declared as django-import-export resources in the
app's ``resources.py`` (``outreach.resources``, ``agreements.resources``), with Spanish
headers. This module holds what they share (columns, widgets, the validation of one row)
and the steps of the flow; ``cori.import_views`` serves them.

Every row goes through the model's ``full_clean()`` (so the database constraints and their
Spanish messages apply) and is saved by the same rules as the web forms.
"""

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import tablib
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from import_export import fields, resources, widgets
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from commissions.models import Commission, StrategicLine

# Record type slug → its resource. A type marked ``importable`` needs one here.
RESOURCES = {
    "correos": "outreach.resources.MailingResource",
    "comunicaciones": "outreach.resources.CommunicationResource",
    "convenios": "agreements.resources.AgreementResource",
    "instituciones": "agreements.resources.InstitutionResource",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read or does not fit the type; the message says why."""


class ImportRowsError(Exception):
    """Rows refused while saving (nothing was saved); ``messages`` name each row."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def normalize(text: object) -> str:
    """Names and headers as people type them: without accents, case or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def join_or(items: Iterable[str], conjunction: str = "o") -> str:
    """«a, b o c» (or «a, b y c»)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def sentence_case(message: str) -> str:
    """«Ya existe…» → «ya existe…» after «Fila 3: »; acronyms (IECM…) keep their case."""
    if len(message) > 1 and message[0].isupper() and not message[1].isupper():
        return message[0].lower() + message[1:]
    return message


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


# --- Columns and widgets ----------------------------------------------------------------


class ImportColumn(fields.Field):
    """A column of the file: its Spanish header, whether it must have a value, and the
    help and example shown on the upload page."""

    def __init__(
        self,
        attribute: str,
        column_name: str,
        widget: widgets.Widget | None = None,
        *,
        required: bool = False,
        help_text: str = "",
        example: str = "",
    ):
        super().__init__(
            attribute=attribute, column_name=column_name, widget=widget or TextWidget()
        )
        self.required = required
        self.help_text = help_text
        self.example = example
        self.widget.column = column_name

    @property
    def description(self) -> str:
        described = getattr(self.widget, "describe", None)
        return self.help_text or (described() if described else "")

    def clean(self, row, **kwargs):
        value = row.get(self.column_name, "")
        if value in ("", None):
            if self.required:
                raise ValueError(f"la columna «{self.column_name}» está vacía")
            return getattr(self.widget, "empty_value", "")
        return self.widget.clean(value, row=row, **kwargs)


class TextWidget(widgets.Widget):
    empty_value = ""
    column = ""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value).strip()


class DateWidget(widgets.Widget):
    """``2022-09-05`` or ``05/09/2022`` (and date cells of a spreadsheet)."""

    empty_value = None
    column = "fecha"
    ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
    DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

    @classmethod
    def parse(cls, value) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        if match := cls.ISO.match(text):
            year, month, day = match.groups()
        elif match := cls.DAY_FIRST.match(text):
            day, month, year = match.groups()
        else:
            return None
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            return None

    def clean(self, value, row=None, **kwargs):
        date = self.parse(value)
        if date is None:
            raise ValueError(
                f"{self.column} «{value}» no válida; escríbala como dd/mm/aaaa o aaaa-mm-dd"
            )
        return date

    def describe(self) -> str:
        return "dd/mm/aaaa o aaaa-mm-dd"


class ChoiceWidget(widgets.Widget):
    """One of the model's choices, by its label or its stored value, in any case."""

    empty_value = ""
    column = ""

    def __init__(self, choices):
        super().__init__()
        self.labels = [str(label) for _, label in choices]
        self.lookup = {}
        for value, label in choices:
            self.lookup.setdefault(normalize(value), value)
            self.lookup.setdefault(normalize(label), value)

    def clean(self, value, row=None, **kwargs):
        try:
            return self.lookup[normalize(value)]
        except KeyError:
            raise ValueError(
                f"«{value}» no es un valor válido de «{self.column}»; use {join_or(self.labels)}"
            ) from None

    def describe(self) -> str:
        return join_or(self.labels)


class LookupWidget(widgets.Widget):
    """A record of the commission found by name; the names are read once per import."""

    empty_value = None
    column = ""

    def bind(self, resource: "ImportResource") -> None:
        self.resource = resource
        self._cache = None

    @property
    def commission(self) -> Commission:
        return self.resource.commission

    @property
    def cache(self):
        if self._cache is None:
            self._cache = self.load()
        return self._cache

    def load(self):
        raise NotImplementedError


LINE_CODE = re.compile(r"^(\d{1,2})\s*[.\-]?\s*([a-z]{1,3})\s*\)?$", re.IGNORECASE)


class LineWidget(LookupWidget):
    """A line of the commission's PAT by its code: «2B» (also «2.B») is objective 2, line B.

    If several programmes have that code, the one in force on the row's date is taken."""

    def __init__(self, date_column: str = "fecha"):
        super().__init__()
        self.date_column = date_column

    def load(self) -> dict[tuple[int, str], list[StrategicLine]]:
        lines: dict[tuple[int, str], list[StrategicLine]] = {}
        for line in StrategicLine.objects.filter(
            objective__programme__commission=self.commission
        ).select_related("objective__programme"):
            lines.setdefault((line.objective.number, line.letter.upper()), []).append(line)
        return lines

    def clean(self, value, row=None, **kwargs):
        match = LINE_CODE.match(str(value).strip())
        if match is None:
            raise ValueError(
                f"la línea «{value}» no tiene la forma número de objetivo y letra, p. ej. 2B"
            )
        number, letter = int(match[1]), match[2].upper()
        candidates = self.cache.get((number, letter), [])
        if not candidates:
            raise ValueError(
                f"la línea «{value}» no existe en el programa de trabajo de la comisión"
            )
        if len(candidates) == 1:
            return candidates[0]
        date = DateWidget.parse((row or {}).get(self.date_column, ""))
        in_force = [
            line
            for line in candidates
            if date
            and line.objective.programme.valid_from <= date <= line.objective.programme.valid_until
        ]
        if len(in_force) == 1:
            return in_force[0]
        raise ValueError(
            f"la línea «{value}» existe en varios programas de trabajo y la fecha de la fila "
            "no está en la vigencia de uno solo"
        )

    def describe(self) -> str:
        return "Código de una línea del PAT: número de objetivo y letra, p. ej. 2B"


# --- Resources --------------------------------------------------------------------------


class ImportResource(resources.ModelResource):
    """The columns of one importable type (declared as ``ImportColumn``s) and how a row
    becomes a record, is validated and is saved."""

    # Columns whose value may appear only once in the file: {header: "el folio"}.
    unique_in_file: dict[str, str] = {}
    # The natural key: fields that identify a record. A row with the key of a saved record,
    # or of an earlier row, is a duplicate: reported, and not saved again. ``key_label``
    # names it in the message («misma fecha, audiencia e información»).
    natural_key: tuple[str, ...] = ()
    key_label: str = ""

    def __init__(self, *, commission: Commission, **kwargs):
        super().__init__(**kwargs)
        self.commission = commission
        for column in self.fields.values():
            bind = getattr(column.widget, "bind", None)
            if bind is not None:
                bind(self)

    def columns(self) -> list[ImportColumn]:
        return self.get_import_fields()

    def new_record(self) -> models.Model:
        return self._meta.model()

    def record_clean(self, record: models.Model, *, exclude: set[str]) -> None:
        record.full_clean(exclude=exclude)

    def record_changes(self, record: models.Model) -> dict:
        """What a row sets, as ``changes`` for the record's create service."""
        return {
            field.name: (
                getattr(record, field.name)
                if not field.is_relation or getattr(record, field.attname) is not None
                else None
            )
            for field in record._meta.concrete_fields
            if field.editable and not field.primary_key and field.name != "commission"
        }

    def record_save(self, record: models.Model) -> models.Model:
        """Through the service every entry point uses (``cori.records.record_create``)."""
        from cori.records import record_create

        return record_create(
            type(record), commission=self.commission, changes=self.record_changes(record)
        )

    def row_record(self, row: dict) -> tuple[models.Model, list[str], set[str]]:
        """The unsaved record of one row, what is wrong with it (Spanish, no row number) and
        the attributes whose column could not be read."""
        record = self.new_record()
        errors, failed = [], set()
        for column in self.columns():
            try:
                self.import_field(column, record, row)
            except ValueError as error:
                errors.append(str(error))
                failed.add(column.attribute)
        try:
            self.record_clean(record, exclude=failed)
        except ValidationError as error:
            errors.extend(self.messages(error))
        return record, errors, failed

    def record_key(self, record: models.Model) -> tuple | None:
        """The natural key of a record, saved or not (text without repeated spaces)."""
        if not self.natural_key:
            return None
        values = []
        for name in self.natural_key:
            value = getattr(record, record._meta.get_field(name).attname)
            values.append(" ".join(value.split()) if isinstance(value, str) else value)
        return tuple(values)

    def saved_records(self) -> models.QuerySet:
        """The saved records a row could repeat: the commission's (all, for catalogues)."""
        from cori.records import record_type_for

        model = self._meta.model
        record_type = record_type_for(model)
        records = model.objects.all()
        if record_type is not None and record_type.commission_field:
            records = records.filter(**{record_type.commission_field: self.commission})
        return records

    def existing_keys(self, keys: set[tuple | None]) -> dict[tuple, models.Model]:
        """Natural key → saved record, for those of ``keys`` already saved, in one query."""
        keys = keys - {None}
        if not keys:
            return {}
        first = self._meta.model._meta.get_field(self.natural_key[0]).attname
        candidates = self.saved_records().filter(**{f"{first}__in": {key[0] for key in keys}})
        found = {}
        for saved in candidates.order_by("pk"):
            key = self.record_key(saved)
            if key in keys:
                found.setdefault(key, saved)
        return found

    def messages(self, error: ValidationError) -> list[str]:
        """A model's errors, each field's named by its column."""
        if not hasattr(error, "error_dict"):
            return [sentence_case(message) for message in error.messages]
        headers = {column.attribute: column.column_name for column in self.columns()}
        model_fields = {field.name: field for field in self._meta.model._meta.fields}
        result = []
        for name, messages in error.message_dict.items():
            for message in messages:
                if name == NON_FIELD_ERRORS:
                    result.append(sentence_case(message))
                    continue
                model_field = model_fields.get(name)
                header = headers.get(name) or (model_field.verbose_name if model_field else name)
                result.append(f"columna «{header}»: {sentence_case(message)}")
        return result


def import_resource(slug: str, commission: Commission) -> ImportResource | None:
    path = RESOURCES.get(slug)
    return import_string(path)(commission=commission) if path else None


# --- Reading the file ---------------------------------------------------------------------
#
# Every limit is checked while the file is read, so a hostile file is refused after reading
# at most the limit, in bounded memory: a CSV row by row; an XLSX after checking its zip
# directory (sizes once unzipped, compression ratio), its shared strings and its first sheet
# (declared dimension, rows, cells) with a streaming XML parser, then read by openpyxl in
# read-only (streaming) mode with the rows and columns bounded.


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
            f"El archivo tiene más de {self.rows} filas de datos; se importan hasta "
            f"{self.rows} a la vez. Divídalo en varios archivos."
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
            f"El archivo XLSX ocupa {filesizeformat(total)} al descomprimirlo; el máximo es "
            f"{filesizeformat(limits.uncompressed)}. Divídalo en varios archivos."
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FROM and ratio > limits.ratio:
            raise ImportFileError(
                f"El archivo XLSX está comprimido {ratio:.0f} veces (una parte de "
                f"{filesizeformat(member.compress_size)} ocupa "
                f"{filesizeformat(member.file_size)}); un libro de datos no pasa de "
                f"{limits.ratio}. No se abre."
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


def _sheet_check(archive: zipfile.ZipFile, path: str, title: str, limits: Limits) -> None:
    """The sheet's declared dimension, rows and cells, streamed, before openpyxl reads it."""
    rows = cells = 0
    for event, element in _xml_elements(archive, path):
        if event == "start" and element.tag == "dimension":
            try:
                _, _, last_column, last_row = range_boundaries(element.get("ref", ""))
            except (TypeError, ValueError):
                continue
            if (last_column or 0) > limits.columns or (last_row or 0) > limits.rows + 1:
                raise ImportFileError(
                    f"La hoja «{title}» declara el rango {element.get('ref')} "
                    f"({last_column} columnas y {last_row} filas); se leen hasta "
                    f"{limits.columns} columnas y {limits.rows} filas de datos. Copie solo "
                    "los datos a un libro nuevo o guárdelo como CSV."
                )
        elif event == "start" and element.tag == "row":
            rows += 1
            number = element.get("r", "")
            if rows > limits.rows + 1 or (number.isdigit() and int(number) > limits.rows + 1):
                raise limits.too_many_rows()
        elif event == "start" and element.tag == "c":
            cells += 1
            if cells > limits.cells:
                raise limits.too_many_cells()
        elif event == "end" and element.tag == "c" and len(element):
            reference = CELL_REFERENCE.match(element.get("r", ""))
            if reference and column_index_from_string(reference[1]) > limits.columns:
                raise limits.too_many_columns(f"La celda {element.get('r')}")


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
            f"El archivo pesa {filesizeformat(len(content))}; el máximo es "
            f"{filesizeformat(limits.bytes)}. Divídalo en varios archivos."
        )
    kind = _file_kind(content)
    if kind == "csv" and name.lower().endswith(".xlsx"):
        raise ImportFileError(
            "El archivo se llama .xlsx pero no es un libro de Excel: guárdelo desde Excel "
            "como XLSX, o como CSV con extensión .csv."
        )
    rows = _xlsx_rows(content, limits) if kind == "xlsx" else _csv_rows(content)
    return _dataset(_bounded_table(rows, limits))


def match_headers(dataset: tablib.Dataset, resource: ImportResource) -> dict[int, str]:
    """Position in the file → column of the resource; headers are compared without
    accents or case. Unknown, missing or repeated headers are one error."""
    columns = resource.columns()
    expected = {normalize(column.column_name): column.column_name for column in columns}
    mapping: dict[int, str] = {}
    unknown, repeated, unnamed = [], [], []
    for index, header in enumerate(dataset.headers):
        if header == "":
            if any(row[index] != "" for row in dataset):
                unnamed.append(get_column_letter(index + 1))
            continue
        column = expected.get(normalize(header))
        if column is None:
            unknown.append(header)
        elif column in mapping.values():
            repeated.append(header)
        else:
            mapping[index] = column
    found = set(mapping.values())
    missing = [c.column_name for c in columns if c.required and c.column_name not in found]
    problems = []
    if missing:
        problems.append(f"faltan {join_or((f'«{name}»' for name in missing), 'y')}")
    if unknown:
        problems.append(f"no se reconocen {join_or((f'«{name}»' for name in unknown), 'y')}")
    if repeated:
        problems.append(f"se repiten {join_or((f'«{name}»' for name in repeated), 'y')}")
    if unnamed:
        problems.append(f"la columna {join_or(unnamed, 'y')} tiene datos pero no encabezado")
    if problems:
        raise ImportFileError(
            f"Los encabezados de la primera fila no son los de {resource._meta.model._meta.verbose_name_plural}: "
            f"{'; '.join(problems)}. Los encabezados son: {expected_headers(resource)}."
        )
    return mapping


def expected_headers(resource: ImportResource) -> str:
    return ", ".join(
        column.column_name if column.required else f"{column.column_name} (opcional)"
        for column in resource.columns()
    )


# --- Preview and save ---------------------------------------------------------------------

# Control characters refused in any cell (tab and line feed are fine in a text).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def row_message(number: int, message: str) -> str:
    """«Fila 3: la audiencia «X» no existe en la comisión.»"""
    return f"Fila {number}: {message.rstrip('.')}."


def control_errors(row: dict) -> list[str]:
    """Cells with a NUL or another control character, by column."""
    errors = []
    for column, value in row.items():
        found = CONTROL.search(value) if isinstance(value, str) else None
        if found:
            errors.append(
                f"columna «{column}»: tiene un carácter de control que no se admite "
                f"(U+{ord(found[0]):04X}); quítelo del archivo"
            )
    return errors


@dataclass
class PreviewRow:
    number: int  # the row in the file; the headers are row 1
    values: list[str]
    errors: list[str] = field(default_factory=list)
    record: models.Model | None = field(default=None, repr=False)
    duplicate: str = ""  # why the row is not saved: it repeats a saved record or a row


@dataclass
class Preview:
    columns: list[str]
    rows: list[PreviewRow]

    @property
    def errors(self) -> list[str]:
        return [row_message(row.number, error) for row in self.rows for error in row.errors]

    @property
    def duplicates(self) -> list[str]:
        return [row_message(row.number, row.duplicate) for row in self.rows if row.duplicate]

    @property
    def rows_with_errors(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def to_save(self) -> list[PreviewRow]:
        return [row for row in self.rows if not row.errors and not row.duplicate]

    @property
    def valid(self) -> bool:
        return not self.rows_with_errors


def _mark_duplicates(resource: ImportResource, rows: list[PreviewRow], keys: dict) -> None:
    """Rows whose natural key is a saved record's, or an earlier row's: not saved again.
    Their other errors do not matter (a saved folio is «ya existe», not an error)."""
    existing = resource.existing_keys({keys.get(row.number) for row in rows})
    first_row: dict[tuple, int] = {}
    for row in rows:
        key = keys.get(row.number)
        if key is None:
            continue
        label = f" ({resource.key_label})" if resource.key_label else ""
        if key in existing:
            row.duplicate = f"ya existe «{existing[key]}»{label}; no se guardará de nuevo"
        elif key in first_row:
            row.duplicate = f"repite la fila {first_row[key]}{label}; no se guardará dos veces"
        else:
            first_row[key] = row.number
            continue
        row.errors = []


def preview_build(content: bytes, name: str, resource: ImportResource) -> Preview:
    """Every row of the file validated, nothing saved. ``ImportFileError`` if the file as a
    whole cannot be used."""
    dataset = read_dataset(content, name)
    mapping = match_headers(dataset, resource)
    present = set(mapping.values())
    columns = [c.column_name for c in resource.columns() if c.column_name in present]
    seen: dict[str, dict[str, int]] = {header: {} for header in resource.unique_in_file}
    rows, keys = [], {}
    for index, cells in enumerate(dataset):
        row = {column: cells[position] for position, column in mapping.items()}
        if all(value == "" for value in row.values()):
            continue  # a blank row
        number = index + 2
        values = [cell_text(row[c]) for c in columns]
        if errors := control_errors(row):
            # Nothing of this row reaches the database (PostgreSQL refuses a NUL).
            rows.append(PreviewRow(number, [CONTROL.sub("�", value) for value in values], errors))
            continue
        record, errors, failed = resource.row_record(row)
        if not failed & set(resource.natural_key):
            keys[number] = resource.record_key(record)
        for header, noun in resource.unique_in_file.items():
            value = row.get(header, "")
            if value == "":
                continue
            first = seen[header].setdefault(normalize(cell_text(value)), number)
            if first != number:
                errors.append(f"{noun} «{cell_text(value)}» se repite: ya está en la fila {first}")
        rows.append(PreviewRow(number, values, errors, record))
    if not rows:
        raise ImportFileError("El archivo no tiene filas de datos debajo de los encabezados.")
    _mark_duplicates(resource, [row for row in rows if row.record is not None], keys)
    return Preview(columns, rows)


def import_save(resource: ImportResource, preview: Preview) -> tuple[int, int]:
    """Save the new rows of a valid preview in one transaction, all of them or none.
    Returns (saved, duplicates). Imports into a commission are serialised (its row is
    locked), and the natural keys are checked again inside, so two confirmations of the
    same file cannot both save it."""
    if not preview.valid:
        raise ImportRowsError(preview.errors)
    with transaction.atomic():
        Commission.objects.select_for_update().filter(pk=resource.commission.pk).first()
        rows = preview.to_save
        existing = resource.existing_keys({resource.record_key(row.record) for row in rows})
        saved = 0
        for row in rows:
            if existing and resource.record_key(row.record) in existing:
                continue
            try:
                resource.record_save(row.record)
            except ValidationError as error:
                raise ImportRowsError(
                    [row_message(row.number, message) for message in resource.messages(error)]
                ) from None
            saved += 1
    return saved, len(preview.rows) - saved


def template_csv(resource: ImportResource) -> str:
    """The headers as a CSV, with the BOM Excel needs to read the accents."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.column_name for column in resource.columns()])
    return "\ufeff" + buffer.getvalue()
