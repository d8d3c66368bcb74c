"""`manage.py backup` and `manage.py restore`: the database and the documents, restored
into a new database, give the same report and the same files; a tampered archive is
refused."""

import contextlib
import datetime
import io
import os
import secrets
import sqlite3
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg2
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command
from django.db import connection

from cori import backup
from reports.content import report_to_json
from reports.selectors import report_content

# Backup and restore: the PostgreSQL pass runs these too (database)
pytestmark = pytest.mark.database

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = {
    "convenios/2022/convenio-firmado.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "convenios/2022/anexo técnico.pdf": b"%PDF-1.4\nanexo\n",
    "leeme.txt": "Documentos de la comisión: ñ, á, ü.\n".encode(),
}


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    for name, content in DOCUMENTS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    settings.MEDIA_ROOT = root
    return root


def _seed_report_json(commission) -> str:
    report = report_content(
        commission=commission, start=datetime.date(2022, 9, 1), end=datetime.date(2022, 11, 30)
    )
    return report_to_json(report)


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _restore_and_compare(archive: Path, database_url: str, tmp_path: Path, expected: str):
    """Restore into ``database_url`` and the folders under ``tmp_path/restaurado`` in a
    process of its own, build the seed report's JSON there and compare."""
    restored = tmp_path / "restaurado"
    env = {
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(restored / "media"),
        "DOCUMENTS_ROOT": str(restored / "documentos"),
    }
    result = _manage("restore", str(archive), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Respaldo restaurado" in result.stdout
    report = tmp_path / "informe.json"
    result = _manage(
        "build_report",
        "--commission=CORI",
        "--start=2022-09-01",
        "--end=2022-11-30",
        "--format=json",
        f"--output={report}",
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert report.read_bytes() == expected.encode()
    for name, content in DOCUMENTS.items():
        assert (restored / "media" / name).read_bytes() == content


@pytest.mark.postgresql
@pytest.mark.django_db
def test_backup_restored_into_a_new_postgresql_database_gives_the_same_report_and_documents(
    seed_commission, media_root, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump y pg_restore: corre en la pasada con DATABASE_URL.")
    expected = _seed_report_json(seed_commission)
    _signed_in_session()
    with _umask(0o022):
        call_command("backup", str(tmp_path / "respaldos"))
    [archive] = (tmp_path / "respaldos").glob("cori-respaldo-*.tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600

    params = connection.settings_dict
    new_database = f"cori_ops_restaurada_{secrets.token_hex(4)}"
    server = psycopg2.connect(
        dbname="postgres",
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"] or "postgres",
        password=params["PASSWORD"] or None,
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{new_database}"')
        password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
        url = (
            f"postgres://{params['USER'] or 'postgres'}{password}@{params['HOST'] or '127.0.0.1'}"
            f":{params['PORT'] or 5432}/{new_database}"
        )
        _restore_and_compare(archive, url, tmp_path, expected)
        restored = psycopg2.connect(url)
        try:
            with restored.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM django_session")
                assert cursor.fetchone()[0] == 0  # the table is there, the sign-ins are not
        finally:
            restored.close()
    finally:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{new_database}" WITH (FORCE)')
        server.close()


# Transactional: SQLite's backup cannot copy a database inside an open transaction.
@pytest.mark.django_db(transaction=True)
def test_backup_restored_into_a_new_sqlite_database_gives_the_same_report_and_documents(
    seed_commission, media_root, tmp_path
):
    if connection.vendor != "sqlite":
        pytest.skip("La API de respaldo de SQLite: corre en la pasada con SQLite.")
    expected = _seed_report_json(seed_commission)
    _signed_in_session()
    archive = tmp_path / "respaldo.tar.gz"
    with _umask(0o022):
        call_command("backup", str(archive))
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    _restore_and_compare(archive, f"sqlite:///{tmp_path / 'nueva.sqlite3'}", tmp_path, expected)
    assert _session_rows(tmp_path / "nueva.sqlite3") == 0


def _signed_in_session() -> str:
    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    return session.session_key


@contextlib.contextmanager
def _umask(mask: int):
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def _session_rows(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(database)) as opened:
        return opened.execute("SELECT count(*) FROM django_session").fetchone()[0]


def _archived_database(archive: Path, tmp_path: Path) -> Path:
    target = tmp_path / "extraida.sqlite3"
    with tarfile.open(archive, "r:gz") as opened:
        target.write_bytes(opened.extractfile(backup.DATABASE_MEMBERS["sqlite"]).read())
    return target


@pytest.mark.django_db(transaction=True)
def test_the_archive_is_private_and_holds_no_session_even_in_its_free_pages(media_root, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip(
            "Lee el archivo de SQLite del respaldo; en PostgreSQL lo cubre la restauración."
        )
    key = _signed_in_session()
    # Whatever the umask (even one that lets everybody read), the archive is the owner's only.
    for mask in (0o000, 0o022, 0o077):
        archive = tmp_path / f"respaldo-{mask:o}.tar.gz"
        with _umask(mask):
            call_command("backup", str(archive))
        assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    database = _archived_database(archive, tmp_path)
    assert _session_rows(database) == 0
    # Not left behind in a deleted page either: the session key is nowhere in the file.
    assert key.encode() not in database.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_restore_signs_everybody_out_even_from_an_archive_that_kept_sessions(
    media_root, tmp_path, monkeypatch
):
    if connection.vendor != "sqlite":
        pytest.skip("Restaura en un archivo de SQLite nuevo; corre en la pasada con SQLite.")
    _signed_in_session()
    monkeypatch.setattr(backup, "TABLES_LEFT_OUT", ())  # an archive made before they were
    archive = tmp_path / "antiguo.tar.gz"
    call_command("backup", str(archive))
    archived = _archived_database(archive, tmp_path)
    assert _session_rows(archived) == 1
    target = tmp_path / "nueva.sqlite3"
    env = {
        "DATABASE_URL": f"sqlite:///{target}",
        "MEDIA_ROOT": str(tmp_path / "restaurado" / "media"),
        "DOCUMENTS_ROOT": str(tmp_path / "restaurado" / "documentos"),
    }
    result = _manage("restore", str(archive), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _session_rows(target) == 0
    # The dashboard's cached copies of before the restore are not found (cori/datacache.py).
    assert _data_version(target) not in ("", _data_version(archived))


def _data_version(database: Path) -> str:
    with contextlib.closing(sqlite3.connect(database)) as copy:
        row = copy.execute("SELECT token FROM cori_dataversion").fetchone()
    return row[0] if row else ""


def _rewrite(archive: Path, target: Path, change) -> None:
    """Copy ``archive`` to ``target`` passing every member through ``change``."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            content = source.extractfile(member).read()
            for name, data in change(member.name, content):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                copy.addfile(info, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_tampered_archive_and_a_database_with_data(media_root, tmp_path):
    archive = tmp_path / "respaldo.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match=r"ya tiene \d+ tabla\(s\)"):
        call_command("restore", str(archive))

    member = "documentos/default/convenios/2022/convenio-firmado.pdf"
    changed = tmp_path / "cambiado.tar.gz"
    _rewrite(
        archive,
        changed,
        lambda name, data: [
            (name, data.replace(b"%PDF-1.7", b"%PDF-1.6") if name == member else data)
        ],
    )
    with pytest.raises(CommandError, match=f"alterado o dañado: «{member}» no coincide"):
        call_command("restore", str(changed), "--force")

    extra = tmp_path / "agregado.tar.gz"
    _rewrite(
        archive,
        extra,
        lambda name, data: (
            [(name, data)]
            + ([("documentos/default/malicioso.html", b"<script>")] if name == member else [])
        ),
    )
    with pytest.raises(CommandError, match=r"«documentos/default/malicioso\.html» no está en el"):
        call_command("restore", str(extra), "--force")

    missing = tmp_path / "incompleto.tar.gz"
    _rewrite(archive, missing, lambda name, data: [] if name == member else [(name, data)])
    with pytest.raises(CommandError, match="faltan 1 archivo"):
        call_command("restore", str(missing), "--force")
