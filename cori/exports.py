"""Export of a record list (as filtered and sorted on screen) to CSV or XLSX.

Every concrete field of the model except the commission and the timestamps is a column,
headed by its Spanish ``verbose_name``. Two rules:

- **No cell runs as a formula.** Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return is prefixed with an apostrophe (OWASP, "CSV injection"), in CSV and XLSX,
  so ``=HYPERLINK(…)`` or ``=cmd|…`` is shown as text. Numbers and dates are not text: they
  stay typed (a number cell, a date cell) and are never prefixed.
- **Queries do not grow with the rows.** Related records are joined, and so are the records
  their names read (a PAT line's name reads its objective), ``RELATED_DEPTH`` levels deep.
"""

import csv
import datetime
import decimal
import io

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from cori.records import RecordType

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SKIPPED_FIELDS = {"commission", "created_at", "updated_at"}
RELATED_DEPTH = 3  # Accord → session → commission is 2; a PAT line → objective → programme, 3


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula, as text; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if field.name not in SKIPPED_FIELDS]


def _related_paths(model: type[models.Model], prefix: str = "", depth: int = 1) -> list[str]:
    """``select_related`` paths of the foreign keys, and of theirs, ``RELATED_DEPTH`` deep."""
    paths = []
    for field in model._meta.concrete_fields:
        if not field.many_to_one:
            continue
        path = f"{prefix}{field.name}"
        deeper = []
        if depth < RELATED_DEPTH:
            deeper = _related_paths(field.related_model, f"{path}__", depth + 1)
        paths.extend(deeper or [path])
    return paths


def _value(record: models.Model, field: models.Field) -> object:
    """A cell: the choice's label, the related record's name, a local date and time."""
    if field.choices:
        value = getattr(record, f"get_{field.name}_display")()
    else:
        value = getattr(record, field.name)
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | int | float | decimal.Decimal):
        return value
    return str(value)


def export_table(
    record_type: RecordType, records: models.QuerySet
) -> tuple[list[str], list[list[object]]]:
    """Headers and typed rows (text neutralised), in a number of queries that does not
    depend on the number of rows."""
    fields = export_fields(record_type.model)
    related = [
        path
        for field in fields
        if field.many_to_one
        for path in _related_paths(field.related_model, f"{field.name}__", 2) or [field.name]
    ]
    headers = [
        str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:] for field in fields
    ]
    rows = [
        [neutralise(_value(record, field)) for field in fields]
        for record in records.select_related(*related)
    ]
    return headers, rows


def _csv_cell(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime.date) else value


def export_csv(headers: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 with the BOM Excel needs to read the accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(headers: list[str], rows: list[list[object]], title: str) -> bytes:
    """One sheet, written as it goes (write-only mode); dates as date cells."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(headers)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    record_type: RecordType, records: models.QuerySet, *, name: str, fmt: str
) -> HttpResponse | None:
    """The download, or ``None`` for an unknown format."""
    if fmt not in {"csv", "xlsx"}:
        return None
    headers, rows = export_table(record_type, records)
    if fmt == "csv":
        response = HttpResponse(export_csv(headers, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            export_xlsx(headers, rows, record_type.label), content_type=XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
