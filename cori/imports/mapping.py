"""Mapping a file's columns onto a record type's fields: the columns and widgets each
app's ``resources.py`` declares (Spanish headers, help, examples), the resource of each
importable record type (``RESOURCES``), how one row becomes an unsaved, validated record,
and how the file's headers are matched to the columns.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.module_loading import import_string
from import_export import fields, resources, widgets
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from commissions.models import Commission, StrategicLine
from cori.imports.reader import ImportFileError, cell_text
from cori.records import archive_refusals, record_create, record_type_for

BATCH = 500  # rows per INSERT when the rows are saved together

# Record type slug → its resource. A type marked ``importable`` needs one here.
RESOURCES = {
    "correos": "outreach.resources.MailingResource",
    "comunicaciones": "outreach.resources.CommunicationResource",
    "convenios": "agreements.resources.AgreementResource",
    "instituciones": "agreements.resources.InstitutionResource",
}


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
        ).select_related("objective__programme__commission"):
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
    # Saved together (``bulk_create`` and the history's bulk helper) when the type's create
    # service is ``full_clean()`` and ``save()`` plus rules ``rows_rules`` applies to every
    # row at once; a type whose service does more (an agreement's ordered counterparts)
    # saves row by row through it.
    bulk = True

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
        """The record's fields and ``clean()``. Saved together, the uniqueness and check
        constraints are checked for every row at once (``rows_check``), and a relation
        found among the records the import loaded is not looked up again."""
        if not self.bulk:
            record.full_clean(exclude=exclude)
            return
        loaded = {
            field.name
            for field in record._meta.concrete_fields
            if field.is_relation
            and field.is_cached(record)
            and getattr(record, field.name) is not None
        }
        record.full_clean(
            exclude=exclude | loaded, validate_unique=False, validate_constraints=False
        )

    def rows_check(self, records: list[tuple[models.Model, set[str]]]) -> dict[int, list[str]]:
        """What the write path refuses, for every row at once (position → messages): the
        model's unique fields and constraints (one query each, and a repeat within the
        file), its check constraints (one query per combination of the values they read),
        the archived commission and the type's own rules (``rows_rules``). ``records``
        pairs each record with the fields that could not be read (not checked)."""
        found: dict[int, list[str]] = {}
        if not self.bulk:
            return found
        for refused in (_unique_errors(records), _check_errors(records)):
            for index, errors in refused.items():
                for error in errors:
                    found.setdefault(index, []).extend(self.messages(error))
        for index, error in archive_refusals([record for record, _ in records]).items():
            found.setdefault(index, []).extend(self.messages(error))
        for index, error in self.rows_rules([record for record, _ in records]).items():
            found.setdefault(index, []).extend(self.messages(error))
        return found

    def rows_rules(self, records: list[models.Model]) -> dict[int, ValidationError]:
        """The rules of the type's create service beyond ``full_clean()``, for every row at
        once and without a query per row (position → refusal)."""
        return {}

    def records_save(self, records: list[models.Model]) -> None:
        """Saved together: one INSERT per ``BATCH`` rows, and their history the same way
        (the user of the request, as a row saved alone)."""
        bulk_create_with_history(records, self._meta.model, batch_size=BATCH)

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
        return record_create(
            type(record), commission=self.commission, changes=self.record_changes(record)
        )

    def row_record(self, row: dict) -> tuple[models.Model, list[str], set[str], set[str]]:
        """The unsaved record of one row, what is wrong with it (Spanish, no row number),
        the attributes whose column could not be read, and those and the fields refused
        (which the checks across rows leave out, as ``full_clean()`` does)."""
        record = self.new_record()
        errors, failed = [], set()
        for column in self.columns():
            try:
                self.import_field(column, record, row)
            except ValueError as error:
                errors.append(str(error))
                failed.add(column.attribute)
        invalid = set(failed)
        try:
            self.record_clean(record, exclude=failed)
        except ValidationError as error:
            errors.extend(self.messages(error))
            invalid |= set(getattr(error, "error_dict", {}))
        return record, errors, failed, invalid

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


def _unique_checks(model: type[models.Model], record: models.Model) -> list[tuple]:
    """(fields, refusal) of each unique field and unconditional unique constraint."""
    checks = []
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            message = record.unique_error_message(model, (field.name,))
            checks.append(((field,), ValidationError({field.name: message})))
    for constraint in model._meta.total_unique_constraints:
        if constraint.condition is None and not constraint.expressions:
            unique = tuple(model._meta.get_field(name) for name in constraint.fields)
            message = ValidationError(constraint.get_violation_error_message(), code="unique")
            checks.append((unique, message))
    return checks


def _unique_repeats(
    model: type[models.Model], unique: tuple, records: list[tuple[models.Model, set[str]]]
) -> list[int]:
    """Positions of the records whose values of the ``unique`` fields a saved record or an
    earlier row has, in one query."""
    names = {field.name for field in unique}
    keys: dict[tuple, list[int]] = {}
    for index, (record, failed) in enumerate(records):
        key = tuple(getattr(record, field.attname) for field in unique)
        if not names & failed and None not in key:
            keys.setdefault(key, []).append(index)
    if not keys:
        return []
    attnames = [field.attname for field in unique]
    saved = model._default_manager.filter(**{f"{attnames[0]}__in": {key[0] for key in keys}})
    saved_keys = {tuple(key) for key in saved.values_list(*attnames)}
    return [
        index
        for key, indexes in keys.items()
        for position, index in enumerate(indexes)
        if key in saved_keys or position > 0
    ]


def _unique_errors(
    records: list[tuple[models.Model, set[str]]],
) -> dict[int, list[ValidationError]]:
    """Unique fields and unique constraints: a saved record or an earlier row with the
    same values, one query per constraint."""
    if not records:
        return {}
    model = type(records[0][0])
    found: dict[int, list[ValidationError]] = {}
    for unique, message in _unique_checks(model, records[0][0]):
        for index in _unique_repeats(model, unique, records):
            found.setdefault(index, []).append(message)
    return found


def _check_errors(
    records: list[tuple[models.Model, set[str]]],
) -> dict[int, list[ValidationError]]:
    """Check constraints: each asked of the database once per combination of the values
    it reads (a SIVOPLE direction, type and status), not once per row."""
    if not records:
        return {}
    model = type(records[0][0])
    found = {}
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            continue
        names = sorted(constraint.condition.referenced_base_fields)
        attnames = [model._meta.get_field(name).attname for name in names]
        answers: dict[tuple, ValidationError | None] = {}
        for index, (record, failed) in enumerate(records):
            if failed & set(names):
                continue
            key = tuple(getattr(record, attname) for attname in attnames)
            if key not in answers:
                try:
                    constraint.validate(model, record, exclude=failed)
                    answers[key] = None
                except ValidationError as error:
                    answers[key] = error
            if answers[key] is not None:
                found.setdefault(index, []).append(answers[key])
    return found


def import_resource(slug: str, commission: Commission) -> ImportResource | None:
    path = RESOURCES.get(slug)
    return import_string(path)(commission=commission) if path else None


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
