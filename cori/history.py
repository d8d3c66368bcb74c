"""Readable audit history (django-simple-history) and the version token of edit forms."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.text import capfirst
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from cori.text import long_date, long_datetime

CHANGE_TYPES = {"+": "Creó", "~": "Modificó", "-": "Eliminó"}
SHOWN = 30  # entries on a record's page


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    when: str
    who: str
    action: str
    changes: list[Change]


def _display(record, field_name: str) -> str:
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = getattr(record, field_name, None)  # one query per changed relation shown
        return str(related) if related is not None else f"#{value}"
    if isinstance(value, datetime.datetime):
        return long_datetime(timezone.localtime(value))
    if isinstance(value, datetime.date):
        return long_date(value)
    if isinstance(value, datetime.time):  # a session's hour: no date, no time zone
        return time_format(value, "TIME_FORMAT")
    return str(value)


def _changes(new, old) -> list[Change]:
    if old is None:
        return []
    delta = new.diff_against(old, excluded_fields=["updated_at", "created_at"])
    return [
        Change(
            field=capfirst(str(new.instance_type._meta.get_field(change.field).verbose_name)),
            before=_display(old, change.field),
            after=_display(new, change.field),
        )
        for change in delta.changes
    ]


@receiver(pre_create_historical_record)
def _record_api_token(sender, history_instance, **kwargs) -> None:
    """A change made with an API token keeps the token's name (set on the request by
    ``cori.api.authentication``), besides its creator as the user."""
    request = getattr(HistoricalRecords.context, "request", None)
    token = getattr(request, "api_token", None)
    if token is not None and hasattr(history_instance, "history_token"):
        history_instance.history_token = token.name


def _who(entry) -> str:
    user = entry.history_user.get_username() if entry.history_user_id else "sistema"
    token = getattr(entry, "history_token", "")
    return f"{user} (token «{token}»)" if token else user


def history_entries(record: models.Model) -> list[HistoryEntry]:
    """The latest changes of a record, newest first, each with what changed."""
    entries = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : SHOWN + 1
        ]
    )
    return [
        HistoryEntry(
            when=long_datetime(timezone.localtime(entry.history_date)),
            who=_who(entry),
            action=CHANGE_TYPES.get(entry.history_type, entry.history_type),
            changes=_changes(entry, entries[index + 1] if index + 1 < len(entries) else None),
        )
        for index, entry in enumerate(entries[:SHOWN])
    ]


def latest_version(record: models.Model) -> str:
    """Token of the record's last saved state: the id of its newest history entry."""
    newest = record.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(newest or "")


def changes_since(record: models.Model, version: str) -> str:
    """What others saved after ``version``, in a sentence for the refused form."""
    since = int(version) if version.isascii() and version.isdigit() else 0
    entries = list(record.history.select_related("history_user").order_by("history_id"))
    described = []
    for previous, entry in zip([None, *entries], entries, strict=False):
        if entry.history_id <= since:
            continue
        details = "; ".join(
            f"{c.field}: «{c.before}» → «{c.after}»" for c in _changes(entry, previous)
        )
        when = long_datetime(timezone.localtime(entry.history_date))
        described.append(f"{_who(entry)} ({when}) cambió {details or 'el registro'}")
    listing = ". ".join(described) if described else "otra persona modificó el registro"
    return (
        "No se guardó: otra persona guardó cambios en este registro mientras usted lo editaba. "
        f"{listing}. Revise sus datos (se conservan abajo) y guarde de nuevo para aplicarlos."
    )
