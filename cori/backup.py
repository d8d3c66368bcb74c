"""Backup and restore: the database and the uploaded documents in one ``.tar.gz``.

The archive holds ``manifest.json`` (format, date, database vendor, and the SHA-256 and
size of every other member), the database (``pg_dump`` custom format on PostgreSQL, a copy
made with SQLite's backup API on SQLite) and every file of every folder of uploaded
documents (each ``FileSystemStorage`` of ``settings.STORAGES`` but the static files, and
``MEDIA_ROOT``), under ``documentos/<alias>/``. A restore checks every member against the
manifest before it touches anything, and refuses an archive with a changed, missing or
extra member.

The archive is written readable by its owner only (0600, whatever the umask). It leaves
out the signed-in sessions (``django_session``: its rows would open CORI as their users),
and a restore empties that table anyway, so an older archive signs nobody in either. It
does hold the password hashes and the hashes of the API and calendar keys: keep it as
private as the database.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils import timezone

from cori.datacache import data_version_bump
from cori.models import DataVersion

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"postgresql": "base-de-datos.pgdump", "sqlite": "base-de-datos.sqlite3"}
DOCUMENTS_PREFIX = "documentos"
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
# Tables whose rows are not backed up (their structure is): live sign-ins.
TABLES_LEFT_OUT = ("django_session",)
ARCHIVE_MODE = 0o600


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the operator."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    vendor: str
    documents: dict[str, int]  # alias → number of files


def document_roots() -> dict[str, Path]:
    """The folders of uploaded files, by storage alias: every ``FileSystemStorage`` of
    ``settings.STORAGES`` except the static files and caches, then ``MEDIA_ROOT`` and
    ``DOCUMENTS_ROOT`` (when set) if no storage already covers them."""
    roots: dict[str, Path] = {}
    for alias in settings.STORAGES:
        if alias == "staticfiles" or alias.endswith("cache"):
            continue  # collected or regenerated, not uploaded
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            roots[alias] = Path(storage.location).resolve()
    for alias, setting in (("media", "MEDIA_ROOT"), ("documents_root", "DOCUMENTS_ROOT")):
        value = getattr(settings, setting, None)
        if value and Path(value).resolve() not in roots.values():
            roots[alias] = Path(value).resolve()
    return roots


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _postgresql_arguments(params: dict) -> tuple[list[str], dict[str, str]]:
    arguments = ["--dbname", params["NAME"]]
    if params.get("HOST"):
        arguments += ["--host", params["HOST"]]
    if params.get("PORT"):
        arguments += ["--port", str(params["PORT"])]
    if params.get("USER"):
        arguments += ["--username", params["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": str(settings.DB_CONNECT_TIMEOUT)}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return arguments, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"No se encontró «{command[0]}»: instale el cliente de PostgreSQL "
            "(paquete postgresql-client) en la misma versión mayor que el servidor."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} falló: {result.stderr.strip()}")


def _database_dump(using: str, target: Path) -> str:
    connection = connections[using]
    vendor = connection.vendor
    if vendor == "postgresql":
        arguments, env = _postgresql_arguments(connection.settings_dict)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *(f"--exclude-table-data={table}" for table in TABLES_LEFT_OUT),
                "--file",
                str(target),
                *arguments,
            ],
            env,
            "pg_dump",
        )
    elif vendor == "sqlite":
        if connection.in_atomic_block:
            # SQLite's backup would wait forever for the lock this transaction holds.
            raise BackupError("El respaldo de SQLite no puede hacerse dentro de una transacción.")
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            _empty_sqlite_copy(copy)
            copy.execute("VACUUM")  # the deleted rows do not stay behind in free pages
        finally:
            copy.close()
    else:
        raise BackupError(f"No se sabe respaldar una base de datos {vendor}.")
    return vendor


def _empty_sqlite_copy(copy: sqlite3.Connection) -> None:
    existing = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in TABLES_LEFT_OUT:
        if table in existing:
            copy.execute(f'DELETE FROM "{table}"')  # noqa: S608 (a name of this module)
    copy.commit()


def _private_file(path: Path):
    """Open ``path`` for writing, new, readable by its owner only whatever the umask."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, ARCHIVE_MODE)
    os.fchmod(descriptor, ARCHIVE_MODE)  # the umask may have taken bits away; add none
    return os.fdopen(descriptor, "wb")


def backup_create(*, destination: Path, using: str = "default") -> BackupSummary:
    """Write the archive to ``destination`` (a ``.tar.gz`` file, or a folder where a file
    named by the date is created) and return what it holds."""
    destination = Path(destination)
    if destination.is_dir() or not destination.name.endswith(".tar.gz"):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        destination = destination / f"cori-respaldo-{stamp}.tar.gz"
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cori-respaldo-") as work:
        database_file = Path(work) / "database"
        vendor = _database_dump(using, database_file)
        members: list[tuple[str, Path]] = [(DATABASE_MEMBERS[vendor], database_file)]
        documents: dict[str, int] = {}
        for alias, root in document_roots().items():
            files = sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())
            documents[alias] = len(files)
            for path in files:
                relative = path.relative_to(root).as_posix()
                members.append((f"{DOCUMENTS_PREFIX}/{alias}/{relative}", path))
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": vendor, "member": DATABASE_MEMBERS[vendor]},
            "documents": documents,
            "files": {
                name: {"sha256": _sha256(path), "size": path.stat().st_size}
                for name, path in members
            },
        }
        manifest_file = Path(work) / MANIFEST
        manifest_file.write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        partial = destination.with_name(destination.name + ".parcial")
        with (
            _private_file(partial) as sink,
            tarfile.open(fileobj=sink, mode="w:gz") as archive,
        ):
            archive.add(manifest_file, arcname=MANIFEST)
            for name, path in members:
                archive.add(path, arcname=name)
        partial.replace(destination)
    return BackupSummary(path=destination, vendor=vendor, documents=documents)


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def _extract_verified(archive_path: Path, work: Path) -> dict:
    """Extract every member into ``work`` while hashing it; raise unless all of them are
    exactly those of the manifest."""
    tampered = "El respaldo está alterado o dañado"
    try:
        archive = tarfile.open(archive_path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{tampered}: no se puede leer como .tar.gz ({error}).") from error
    with archive:
        try:
            manifest_member = archive.extractfile(MANIFEST)
            manifest = json.load(manifest_member)
            expected = manifest["files"]
        except (KeyError, ValueError, TypeError, tarfile.TarError) as error:
            raise BackupError(f"{tampered}: falta el manifiesto o no es válido.") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Formato de respaldo desconocido: {manifest.get('format')}.")
        seen: set[str] = set()
        for member in archive:
            if member.name == MANIFEST:
                continue
            if not member.isfile() or not _safe_member_name(member.name):
                raise BackupError(f"{tampered}: contiene «{member.name}», que no es un archivo.")
            if member.name not in expected or member.name in seen:
                raise BackupError(f"{tampered}: «{member.name}» no está en el manifiesto.")
            seen.add(member.name)
            target = work / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with archive.extractfile(member) as source, target.open("wb") as sink:
                for block in iter(lambda s=source: s.read(1 << 20), b""):
                    digest.update(block)
                    sink.write(block)
            if digest.hexdigest() != expected[member.name]["sha256"]:
                raise BackupError(f"{tampered}: «{member.name}» no coincide con su SHA-256.")
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(f"{tampered}: faltan {len(missing)} archivo(s): {missing[0]}…")
    return manifest


def backup_restore(*, archive: Path, using: str = "default", force: bool = False) -> BackupSummary:
    """Restore the database and the documents of ``archive`` into the database and
    folders of the current settings. Refuses a tampered archive, one of another database
    vendor, and (unless ``force``) a database that already has tables."""
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="cori-restauracion-") as folder:
        work = Path(folder)
        manifest = _extract_verified(Path(archive), work)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"El respaldo es de {VENDOR_NAMES.get(vendor, vendor)} y la base de datos "
                f"configurada es {VENDOR_NAMES.get(connection.vendor, connection.vendor)}."
            )
        roots = document_roots()
        unknown = sorted(set(manifest["documents"]) - set(roots))
        if unknown:
            raise BackupError(
                f"El respaldo tiene documentos de «{unknown[0]}», que esta instalación no "
                "configura (STORAGES, MEDIA_ROOT)."
            )
        tables = connection.introspection.table_names()
        if tables and not force:
            raise BackupError(
                f"La base de datos de destino ya tiene {len(tables)} tabla(s): restaure en una "
                "base de datos nueva y vacía, o use --force para reemplazar su contenido."
            )
        database_file = work / manifest["database"]["member"]
        connection.close()
        if vendor == "postgresql":
            arguments, env = _postgresql_arguments(connection.settings_dict)
            clean = ["--clean", "--if-exists"] if tables else []
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    *clean,
                    *arguments,
                    str(database_file),
                ],
                env,
                "pg_restore",
            )
        else:
            source = sqlite3.connect(database_file)
            target = sqlite3.connect(connection.settings_dict["NAME"])
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        # Nobody is signed in by a restore, even from an archive made before sessions were
        # left out.
        restored_tables = set(connection.introspection.table_names())
        with connection.cursor() as cursor:
            for table in TABLES_LEFT_OUT:
                if table in restored_tables:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
        # The restored data version may name copies cached before (cori.datacache): a new one.
        if DataVersion._meta.db_table in restored_tables:
            data_version_bump(using=using)
        connection.close()
        for alias in manifest["documents"]:
            restored = work / DOCUMENTS_PREFIX / alias
            if restored.is_dir():
                shutil.copytree(restored, roots[alias], dirs_exist_ok=True)
    return BackupSummary(path=Path(archive), vendor=vendor, documents=manifest["documents"])
