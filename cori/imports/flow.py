"""The steps of an import: the preview (every row of the file validated, nothing saved)
and the confirmation (the new rows saved in one transaction, all of them or none), and the
template CSV offered on the upload page. ``cori.import_views`` serves them.
"""

import csv
import io
import re
import zlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction

from commissions.models import Commission
from cori.imports.mapping import ImportResource, match_headers, normalize
from cori.imports.reader import ImportFileError, cell_text, read_dataset


class ImportRowsError(Exception):
    """Rows refused while saving (nothing was saved); ``messages`` name each row."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


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
    invalid: set[str] = field(default_factory=set, repr=False)  # fields not checked across rows


# The preview's table: the first rows, then only the rows with an error (a file of 10,000
# correct rows is not 10,000 rows of HTML).
PREVIEW_ROWS = 50


@dataclass
class Preview:
    columns: list[str]
    rows: list[PreviewRow]

    @property
    def shown(self) -> list[PreviewRow]:
        """The first ``PREVIEW_ROWS`` rows and every later row with an error."""
        return self.rows[:PREVIEW_ROWS] + [row for row in self.rows[PREVIEW_ROWS:] if row.errors]

    @property
    def hidden(self) -> int:
        """Rows left out of the table (correct, or repeats listed above it)."""
        return len(self.rows) - len(self.shown)

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


def _repeated_in_file(resource: ImportResource, row: dict, number: int, seen: dict) -> list[str]:
    """The columns that may hold a value once in the file (``unique_in_file``), repeated."""
    errors = []
    for header, noun in resource.unique_in_file.items():
        value = row.get(header, "")
        if value == "":
            continue
        first = seen[header].setdefault(normalize(cell_text(value)), number)
        if first != number:
            errors.append(f"{noun} «{cell_text(value)}» se repite: ya está en la fila {first}")
    return errors


def _check_rows(resource: ImportResource, rows: list[PreviewRow]) -> None:
    """The checks across rows (``ImportResource.rows_check``), each on its row."""
    checked = [row for row in rows if row.record is not None]
    for index, messages in resource.rows_check([(r.record, r.invalid) for r in checked]).items():
        checked[index].errors.extend(messages)


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
        record, errors, failed, invalid = resource.row_record(row)
        if not failed & set(resource.natural_key):
            keys[number] = resource.record_key(record)
        errors.extend(_repeated_in_file(resource, row, number, seen))
        rows.append(PreviewRow(number, values, errors, record, invalid=invalid))
    if not rows:
        raise ImportFileError("El archivo no tiene filas de datos debajo de los encabezados.")
    _check_rows(resource, rows)
    _mark_duplicates(resource, [row for row in rows if row.record is not None], keys)
    return Preview(columns, rows)


def import_save(resource: ImportResource, preview: Preview) -> tuple[int, int]:
    """Save the new rows of a valid preview in one transaction, all of them or none.
    Returns (saved, duplicates). Imports into a commission, or into the institute's
    registry, are serialised (``_import_lock``), and the natural keys are checked again
    inside, so two confirmations of the same file cannot both save it."""
    if not preview.valid:
        raise ImportRowsError(preview.errors)
    with transaction.atomic():
        _import_lock(resource)
        rows = preview.to_save
        existing = resource.existing_keys({resource.record_key(row.record) for row in rows})
        rows = [row for row in rows if resource.record_key(row.record) not in existing]
        if resource.bulk:
            _bulk_save(resource, rows)
        else:
            for row in rows:
                try:
                    resource.record_save(row.record)
                except ValidationError as error:
                    raise ImportRowsError(
                        [row_message(row.number, message) for message in resource.messages(error)]
                    ) from None
    return len(rows), len(preview.rows) - len(rows)


def _import_lock(resource: ImportResource) -> None:
    """Until the transaction ends, no other import into the same place: the commission's
    row locked; with no commission (the institute's registry) a transaction-level advisory
    lock on PostgreSQL, keyed by the model. SQLite takes the write lock when the
    transaction begins (``transaction_mode`` IMMEDIATE), so it needs none."""
    if resource.commission is not None:
        Commission.objects.select_for_update().filter(pk=resource.commission.pk).first()
    elif connection.vendor == "postgresql":
        key = zlib.crc32(f"cori-import:{resource._meta.model._meta.label}".encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _bulk_save(resource: ImportResource, rows: list[PreviewRow]) -> None:
    """The rows checked again, all at once inside the transaction (a rule may refuse now
    what the preview accepted), then saved together."""
    refused = resource.rows_check([(row.record, row.invalid) for row in rows])
    if refused:
        raise ImportRowsError(
            [
                row_message(rows[index].number, message)
                for index, messages in sorted(refused.items())
                for message in messages
            ]
        )
    resource.records_save([row.record for row in rows])


def template_csv(resource: ImportResource) -> str:
    """The headers as a CSV, with the BOM Excel needs to read the accents."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.column_name for column in resource.columns()])
    return "\ufeff" + buffer.getvalue()
