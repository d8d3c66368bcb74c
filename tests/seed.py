"""The seeded test database: migrated and loaded with the seed quarter once, reused.

On SQLite the migrations and the seed quarter take about 13 s of CPU, every time a test
process starts (each pytest-xdist worker, each pass of ``.ci/run``). So the first process
that needs a test database builds a *template*: a SQLite file, migrated and seeded in a
process of its own, named after a hash of what it is made of (every migration, model,
service and the seed data: any ``.py`` or ``.json`` of the apps; Python's version and every
installed distribution's). Every test process copies it into its in-memory test database
with SQLite's backup API (a few milliseconds) instead of migrating; a change to the code or
to an installed package builds a new one.

The same file puts the seed quarter back after a transactional test has emptied the
database (``seed_restore``): the browser tests and the other transactional ones start from
the template's state, exactly, without loading the seed again. On PostgreSQL there is no
template: pytest-django migrates each worker's database and the seed is loaded (and loaded
again after a flush) with ``demo_load``.
"""

import fcntl
import hashlib
import importlib.metadata
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import time_machine
from django.conf import settings
from django.db import connection

from cori.demo.loader import demo_load
from tests.clock import SEED_LOADED_AT

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
# Built in a process of its own: the same settings as the tests' (DJANGO_SETTINGS_MODULE),
# another database (DATABASE_URL, set by template_path's caller).
BUILD = (
    "import django; django.setup()\n"
    "import time_machine\n"
    "from django.core.management import call_command\n"
    "call_command('migrate', interactive=False, run_syncdb=True, verbosity=0)\n"
    "from cori.demo.loader import demo_load\n"
    "from tests.clock import SEED_LOADED_AT\n"
    "with time_machine.travel(SEED_LOADED_AT, tick=True):\n"
    "    demo_load()\n"
)


def seed_load() -> None:
    """The seed quarter loaded at the suite's ``SEED_LOADED_AT`` (tests/clock.py)."""
    with time_machine.travel(SEED_LOADED_AT, tick=True):
        demo_load()


def _apps() -> list[Path]:
    """The project's apps: the top-level folders with migrations."""
    return sorted(path.parent for path in REPOSITORY_ROOT.glob("*/migrations"))


def template_key() -> str:
    """What the template is made of: Python, every installed distribution's version (Django,
    django-simple-history, django-axes… bring migrations), every file of the apps."""
    installed = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest = hashlib.sha256(f"{sys.version_info[:2]} {installed} {SEED_LOADED_AT}".encode())
    for app in _apps():
        for path in sorted(app.rglob("*")):
            if path.suffix in {".py", ".json"} and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPOSITORY_ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_path() -> Path:
    """The seeded SQLite template for this code, built once (under a lock) if missing."""
    folder = Path(os.environ.get("CORI_TEST_TEMPLATE_DIR") or tempfile.gettempdir())
    path = folder / f"cori-test-template-{template_key()}.sqlite3"
    if path.exists():
        return path
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be building it
        if not path.exists():
            partial = path.with_suffix(f".{os.getpid()}.partial")
            partial.unlink(missing_ok=True)
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{partial}",
                "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "cori.settings"),
            }
            subprocess.run(  # noqa: S603
                [sys.executable, "-c", BUILD], cwd=REPOSITORY_ROOT, env=env, check=True
            )
            partial.rename(path)
    return path


def sqlite_in_use() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def template_copy_in(template: Path) -> None:
    """Replace the test database's whole content with the template's."""
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    # Content types are cached by id; the template's ids are those of the copy.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


_template: Path | None = None


def seeded_database_set_up(django_db_blocker, *, keepdb: bool = False) -> object:
    """Create the test database (SQLite: from the template) with the seed quarter in it.
    Returns what ``seeded_database_tear_down`` needs."""
    global _template
    from django.test.utils import setup_databases

    if not sqlite_in_use():
        with django_db_blocker.unblock():
            config = setup_databases(
                verbosity=0,
                interactive=False,
                keepdb=keepdb,
                aliases={"default"},
                serialized_aliases=set(),
            )
            seed_load()
        return config
    _template = template_path()
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    test_name = creation._get_test_db_name()
    with django_db_blocker.unblock():
        creation._create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = test_name
        connection.settings_dict["NAME"] = test_name
        template_copy_in(_template)
    return old_name


def seeded_database_tear_down(config, django_db_blocker) -> None:
    from django.test.utils import teardown_databases

    with django_db_blocker.unblock():
        if sqlite_in_use():
            connection.creation.destroy_test_db(config, verbosity=0)
        else:
            teardown_databases(config, verbosity=0)


_flushed = False  # a transactional test emptied the database since the seed was put back


def seed_flushed() -> None:
    global _flushed
    _flushed = True


def seed_is_flushed() -> bool:
    return _flushed


def seed_restore() -> None:
    """The seed quarter back in an emptied (flushed) test database: on SQLite the
    template's exact content, on PostgreSQL the seed loaded again."""
    global _flushed
    if _template is not None and sqlite_in_use():
        template_copy_in(_template)
    else:
        seed_load()
    _flushed = False
