"""Where a figure of the report leads: the list of the records behind it.

Built with ``reverse`` only (no queries). Every link goes to the admin's lists for now;
one place to change when the staff UI has its own.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Model
from django.urls import reverse


def records_url(
    model: type[Model],
    *,
    date_field: str | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    **filters: object,
) -> str:
    """The list of ``model`` filtered as given (``commission__id__exact=1``…)."""
    opts = model._meta
    params = {key: value for key, value in filters.items() if value is not None}
    if date_field and start:
        params[f"{date_field}__gte"] = start.isoformat()
    if date_field and end:
        params[f"{date_field}__lte"] = end.isoformat()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def record_url(record: Model) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
