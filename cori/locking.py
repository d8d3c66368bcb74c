"""Optimistic locking for every write path: the version a user read, checked with the row locked.

A record's version is the id of its newest django-simple-history entry
(``cori.history.latest_version``). Edit forms, the session page and the API send the
version they read; the service that saves calls ``record_lock`` inside its transaction,
so the comparison and the save see the same row and two saves of the same version can
never both succeed (on PostgreSQL the row lock makes the second wait and then fail; on
SQLite the write transaction is taken when the transaction begins).
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import models, transaction

from cori.history import changes_since, latest_version

VERSION_CONFLICT = "version_conflict"


class VersionConflict(ValidationError):
    """Somebody saved the record after the version the user read."""

    def __init__(self, message: str, *, current: str):
        super().__init__(message, code=VERSION_CONFLICT)
        self.current = current


def is_version_conflict(error: ValidationError) -> bool:
    return isinstance(error, VersionConflict) or any(
        getattr(item, "code", None) == VERSION_CONFLICT for item in getattr(error, "error_list", [])
    )


def record_lock(record: models.Model, *, version: str | Sequence[str] | None) -> None:
    """Lock ``record``'s row until the transaction ends, reload it, refuse a stale ``version``.

    The record is reloaded from the locked row, so what the caller then changes is applied
    to the stored state, not to a copy read before somebody else's save. ``version=None``
    means the caller read no version (a create, or an API call without ``If-Match``): the
    row is still locked and reloaded, nothing is compared. A list holds the versions the
    caller accepts (an ``If-Match`` header may name several).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_lock() se llama dentro de transaction.atomic().")
    if record.pk is None:
        return
    record.refresh_from_db(from_queryset=type(record)._base_manager.select_for_update())
    if version is None:
        return
    accepted = [version] if isinstance(version, str) else [str(item) for item in version]
    current = latest_version(record)
    if current not in accepted:
        raise VersionConflict(changes_since(record, accepted[0]), current=current)
