"""CSV and XLSX import of records: read the file, validate every row without saving, then
save all the rows in one transaction or none.

The columns of each importable type are declared as django-import-export resources in the
app's ``resources.py`` (``outreach.resources``, ``agreements.resources``), with Spanish
headers. This module holds what they share (columns, widgets, the validation of one row)
and the steps of the flow; ``cori.import_views`` serves them.

Every row goes through the model's ``full_clean()`` (so the database constraints and their
Spanish messages apply) and is saved by the same rules as the web forms.
"""

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.module_loading import import_string
from import_export import fields, resources, widgets
from openpyxl.utils import get_column_letter

from sessions.models import Commission, StrategicLine

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000

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
    return str(value).strip()


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

    def row_record(self, row: dict) -> tuple[models.Model, list[str]]:
        """The unsaved record of one row and what is wrong with it (Spanish, no row number)."""
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
        return record, errors

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


def _read_csv(content: bytes) -> tablib.Dataset:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "El archivo CSV no está en UTF-8. En Excel, guárdelo como «CSV UTF-8 (delimitado "
            "por comas)» o súbalo como XLSX."
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        # Blank lines stay as empty rows, so the row numbers are those of the file.
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(f"No se pudo leer el archivo CSV: {error}.") from None
    return _dataset(rows)


def _read_xlsx(content: bytes) -> tablib.Dataset:
    try:
        sheet = tablib.Dataset().load(io.BytesIO(content), format="xlsx", headers=False)
    except Exception:
        raise ImportFileError(
            "No se pudo leer el archivo XLSX: puede estar dañado o protegido con contraseña."
        ) from None
    return _dataset(list(sheet))


def _dataset(rows: list) -> tablib.Dataset:
    """Header and rows of equal width; cells as ``cell_value`` gives them."""
    if not rows or not any(cell_value(cell) != "" for cell in rows[0]):
        raise ImportFileError("El archivo está vacío: la primera fila debe tener los encabezados.")
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(
            f"El archivo tiene {len(rows) - 1} filas; se importan hasta {MAX_ROWS} a la vez. "
            "Divídalo en varios archivos."
        )
    width = max(len(row) for row in rows)
    padded = [[cell_value(cell) for cell in row] + [""] * (width - len(row)) for row in rows]
    dataset = tablib.Dataset(headers=[str(header) for header in padded[0]])
    for row in padded[1:]:
        dataset.append(row)
    return dataset


def read_dataset(content: bytes, name: str) -> tablib.Dataset:
    """The file's first sheet (XLSX) or its rows (CSV: UTF-8, comma or semicolon)."""
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "El archivo es de Excel 97-2003 (XLS), que no se admite: guárdelo como XLSX o CSV."
        )
    if name.lower().endswith(".xlsx"):
        raise ImportFileError("El archivo no es un XLSX válido.")
    return _read_csv(content)


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


def row_message(number: int, message: str) -> str:
    """«Fila 3: la audiencia «X» no existe en la comisión.»"""
    return f"Fila {number}: {message.rstrip('.')}."


@dataclass
class PreviewRow:
    number: int  # the row in the file; the headers are row 1
    values: list[str]
    errors: list[str] = field(default_factory=list)
    record: models.Model | None = field(default=None, repr=False)


@dataclass
class Preview:
    columns: list[str]
    rows: list[PreviewRow]

    @property
    def errors(self) -> list[str]:
        return [row_message(row.number, error) for row in self.rows for error in row.errors]

    @property
    def rows_with_errors(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def valid(self) -> bool:
        return not self.rows_with_errors


def preview_build(content: bytes, name: str, resource: ImportResource) -> Preview:
    """Every row of the file validated, nothing saved. ``ImportFileError`` if the file as a
    whole cannot be used."""
    dataset = read_dataset(content, name)
    mapping = match_headers(dataset, resource)
    present = set(mapping.values())
    columns = [c.column_name for c in resource.columns() if c.column_name in present]
    seen: dict[str, dict[str, int]] = {header: {} for header in resource.unique_in_file}
    rows = []
    for index, cells in enumerate(dataset):
        row = {column: cells[position] for position, column in mapping.items()}
        if all(value == "" for value in row.values()):
            continue  # a blank row
        number = index + 2
        record, errors = resource.row_record(row)
        for header, noun in resource.unique_in_file.items():
            value = row.get(header, "")
            if value == "":
                continue
            first = seen[header].setdefault(normalize(cell_text(value)), number)
            if first != number:
                errors.append(f"{noun} «{cell_text(value)}» se repite: ya está en la fila {first}")
        rows.append(PreviewRow(number, [cell_text(row[c]) for c in columns], errors, record))
    if not rows:
        raise ImportFileError("El archivo no tiene filas de datos debajo de los encabezados.")
    return Preview(columns, rows)


def import_save(resource: ImportResource, preview: Preview) -> int:
    """Save every row of a valid preview in one transaction: all of them or none."""
    if not preview.valid:
        raise ImportRowsError(preview.errors)
    with transaction.atomic():
        for row in preview.rows:
            try:
                resource.record_save(row.record)
            except ValidationError as error:
                raise ImportRowsError(
                    [row_message(row.number, message) for message in resource.messages(error)]
                ) from None
    return len(preview.rows)


def template_csv(resource: ImportResource) -> str:
    """The headers as a CSV, with the BOM Excel needs to read the accents."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.column_name for column in resource.columns()])
    return "\ufeff" + buffer.getvalue()
