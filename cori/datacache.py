"""Reads kept in the cache until the next write: the dashboard's figures, alerts and homes.

A read cached here is keyed by the *data version*: a token in the database (``DataVersion``,
one row) that changes after every committed write to a table that holds records. Every
write is seen, whatever its path (the services, the imports' ``bulk_create``,
``QuerySet.update``, renumbering, the admin, management commands, raw SQL): a wrapper on
every database connection (``execute_wrapper``) looks at each INSERT, UPDATE, DELETE and
TRUNCATE and, when it touches a table not in ``UNWATCHED``, changes the token once the
transaction commits. ``post_save`` signals would miss the bulk writes, and no single
service sees every write.

The token is read from the database (one query per page), not from the cache, so that the
per-process memory cache of a server without Redis stays right too: every worker keeps its
own copies, all keyed by the same token. A random token rather than a counter, so that a
restored backup or a lost row never brings back a version whose copies are still cached.
The cache is an optimisation only: if it fails, the read goes to the database.
"""

import functools
import logging
import re
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.dispatch import receiver

from cori.models import DataVersion

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Tables written by what is not a record (no cached read shows them), so that signing in,
# an API token's «last used» or a render job's progress do not empty the cache.
UNWATCHED = {
    DataVersion._meta.db_table,  # the token itself
    "django_session",  # every sign-in and every session change
    "auth_user",  # last_login, at each sign-in
    "cori_historicaluser",  # ... and its history row
    "cori_apitoken",  # last_used_at, at most once a minute per token
    "reports_reportrender",  # the render queue's jobs and their progress
}
UNWATCHED_PREFIXES = ("axes_",)  # failed sign-ins and their log (django-axes)

_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|(TRUNCATE))\s+"?(\w+)',
    re.IGNORECASE,
)
_migrating = False


def _writes_records(sql: object) -> bool:
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    if match is None:
        return False
    truncate, table = match.groups()
    if truncate:  # flush: several tables at once
        return True
    return table not in UNWATCHED and not table.startswith(UNWATCHED_PREFIXES)


def data_version(using: str = "default") -> str:
    """The current token ("" before the first write: then nothing is cached). One query."""
    return (
        DataVersion.objects.using(using).filter(pk=1).values_list("token", flat=True).first() or ""
    )


def data_version_bump(using: str = "default") -> None:
    """A new token: every read cached before is no longer found."""
    token = uuid.uuid4().hex
    if not DataVersion.objects.using(using).filter(pk=1).update(token=token):
        DataVersion.objects.using(using).update_or_create(pk=1, defaults={"token": token})


@functools.cache
def _bump_for(alias: str) -> Callable[[], None]:
    # One callable per database, so that a transaction registers it once (see below).
    return functools.partial(data_version_bump, using=alias)


def _bump_after_commit(connection) -> None:
    bump = _bump_for(connection.alias)
    if connection.in_atomic_block:
        # Once per transaction: a registration survives unless one of its savepoints is
        # rolled back, and those still open are all in ``savepoint_ids``.
        open_savepoints = set(connection.savepoint_ids)
        for savepoints, func, _ in connection.run_on_commit:
            if func is bump and savepoints <= open_savepoints:
                return
        connection.on_commit(bump)
    else:  # autocommit (already committed) or a manual transaction (committed with it)
        bump()


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not _migrating and _writes_records(sql):
        _bump_after_commit(context["connection"])
    return result


@receiver(connection_created)
def _watch_writes(sender, connection, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:  # connected again (CONN_MAX_AGE)
        connection.execute_wrappers.append(_watch)


@receiver(pre_migrate)
def _migration_starts(sender, **kwargs) -> None:
    global _migrating
    _migrating = True


@receiver(post_migrate)
def _migration_ends(sender, using="default", **kwargs) -> None:
    """``migrate`` (each deploy) and ``flush`` end with a new token: the cached copies of
    the code before, or of the data before, are left behind. Once, after the last app
    (the content types and permissions written for the others are part of it)."""
    global _migrating
    if sender is not [config for config in apps.get_app_configs() if config.models_module][-1]:
        return
    _migrating = False
    connection = connections[using]
    if DataVersion._meta.db_table in connection.introspection.table_names():
        data_version_bump(using=using)


def cached_read(name: str, *parts: object, read: Callable[[], T]) -> T:
    """``read()``, kept in the cache under ``name``, ``parts`` and the data version until
    the next write (or ``DATA_CACHE_SECONDS``, which only frees memory)."""
    version = data_version()
    seconds = settings.DATA_CACHE_SECONDS
    if not version or not seconds:
        return read()
    key = ":".join(["cori", "lectura", name, version, *map(str, parts)])
    try:
        value = cache.get(key)
    except Exception:  # Redis down, or a copy the code no longer unpickles
        logger.warning("Caché no disponible al leer %s", name, exc_info=True)
        value = None
    if value is not None:
        return value
    value = read()
    try:
        cache.set(key, value, seconds)
    except Exception:
        logger.warning("Caché no disponible al guardar %s", name, exc_info=True)
    return value
