"""Where a figure of the report leads: the staff list of the records behind it.

Built with ``reverse`` only (no queries), with the filters of the record type's FilterSet.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Model
from django.urls import reverse

from commissions.models import Commission
from cori.records import record_type_for


def records_url(
    model: type[Model],
    commission: Commission,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    **filters: object,
) -> str:
    """The list of ``model`` in ``commission``, filtered (``status="suscrito"``…) and, with
    ``start``/``end``, limited to the dates of the type's date filter."""
    record_type = record_type_for(model)
    params = {key: value for key, value in filters.items() if value is not None}
    if record_type.date_filter:
        if start:
            params[f"{record_type.date_filter}_after"] = start.isoformat()
        if end:
            params[f"{record_type.date_filter}_before"] = end.isoformat()
    url = reverse("record_list", args=[commission.acronym, record_type.slug])
    return f"{url}?{urlencode(params)}" if params else url


def record_url(record: Model, commission: Commission) -> str:
    record_type = record_type_for(type(record))
    return reverse("record_detail", args=[commission.acronym, record_type.slug, record.pk])
