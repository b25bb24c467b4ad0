"""Backups that restore: the database, the uploaded files and the secret key, consistent.

A backup is a folder: the database (SQLite's online backup of the file, or PostgreSQL's
``pg_dump`` in its custom format), ``media/`` with every uploaded file, ``secret_key`` and,
written last, ``manifest.json`` with each file's size and SHA-256. A folder without the manifest
is a backup that did not finish.

Consistency: the database is copied first, from one snapshot; the uploaded files after it. A
file is only ever written before the row that names it commits, so every file the snapshot names
exists when the files are copied — unless it was removed meanwhile (an online draft replacing a
document), which the backup checks against the snapshot and refuses rather than keep a backup
that names a missing file.

Restore checks the whole folder before it writes anything, then replaces the database in one
transaction (PostgreSQL) or one rename (SQLite), the media folder by one rename, and the key.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.models import FileField
from django.utils.translation import gettext as _

FORMAT = "motcua-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
CHUNK = 1 << 20
APPLIED_MIGRATIONS = "SELECT app, name FROM django_migrations"


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class BackupSummary:
    folder: Path
    engine: str
    files: int
    size: int


# --- helpers -------------------------------------------------------------------------------


def _engine() -> str:
    vendor = connections["default"].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {
            "vendor": vendor})  # fmt: skip
    return vendor


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_hashed(source: Path, target: Path) -> str:
    """Copy a file and return the SHA-256 of what was written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with source.open("rb") as reader, target.open("wb") as writer:
        os.fchmod(writer.fileno(), 0o600)  # personal data: the backup's owner only
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
    stat = source.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return digest.hexdigest()


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every uploaded-file field of every installed model."""
    return sorted(
        {
            (model._meta.db_table, str(field.column))
            for model in apps.get_models(include_auto_created=True)
            for field in model._meta.local_fields
            if isinstance(field, FileField)
        }
    )


def _known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _postgres_env() -> dict[str, str]:
    database = settings.DATABASES["default"]
    env = {**os.environ}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                          ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):  # fmt: skip
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _run(command: list[str], *, env: dict[str, str], what: str, **kwargs: Any) -> None:
    # The command line is built here from settings, never from a request.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{what}: {detail[-1] if detail else result.returncode}")


def _postgres_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s was not found: install PostgreSQL's client programs (postgresql-client).")
            % {"tool": name}
        )
    return path


# --- backup --------------------------------------------------------------------------------


def _sqlite_snapshot(target: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """Copy the database file online; return the files and migrations its snapshot names."""
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        migrations = {(app, name) for app, name in copy.execute(APPLIED_MIGRATIONS)}
        return _named_files(copy.execute), migrations
    finally:
        copy.close()
        source.close()


def _named_files(execute: Any) -> set[str]:
    named: set[str] = set()
    for table, column in _file_columns():
        rows = execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')  # noqa: S608
        named.update(row[0] for row in rows)
    return named


def _postgres_snapshot(target: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """pg_dump from an exported snapshot, read by the same transaction that names the files."""
    env = _postgres_env()
    database = settings.DATABASES["default"]
    with psycopg.connect(
        host=database.get("HOST") or None, port=database.get("PORT") or None,
        user=database.get("USER") or None, password=database.get("PASSWORD") or None,
        dbname=database["NAME"],
    ) as snapshot_connection:  # fmt: skip
        snapshot_connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with snapshot_connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None
            snapshot = row[0]
            named = _named_files(lambda sql: cursor.execute(sql).fetchall())
            migrations = {(app, name) for app, name in cursor.execute(APPLIED_MIGRATIONS)}
            _run(
                [_postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", f"--file={target}"],
                env=env, what="pg_dump",
            )  # fmt: skip
        snapshot_connection.rollback()
    return named, migrations


def backup_create(folder: Path) -> BackupSummary:
    """Write a complete backup into `folder` (new or empty); the manifest is written last."""
    engine = _engine()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(
            _("%(folder)s already exists and is not empty: choose a new folder.")
            % {"folder": folder}
        )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        return _backup_into(folder, engine)
    except BaseException:
        # Nothing half-written stays behind to be mistaken for a backup.
        for child in folder.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise


def _backup_into(folder: Path, engine: str) -> BackupSummary:
    files: dict[str, dict[str, Any]] = {}

    database_file = folder / (SQLITE_FILE if engine == "sqlite" else POSTGRES_FILE)
    if engine == "sqlite":
        named, migrations = _sqlite_snapshot(database_file)
    else:
        named, migrations = _postgres_snapshot(database_file)
    database_file.chmod(0o600)
    files[database_file.name] = {"size": database_file.stat().st_size,
                                 "sha256": file_digest(database_file)}  # fmt: skip

    media_root = Path(settings.MEDIA_ROOT)
    copied: set[str] = set()
    if media_root.is_dir():
        for source in sorted(path for path in media_root.rglob("*") if path.is_file()):
            relative = source.relative_to(media_root).as_posix()
            try:
                digest = _copy_hashed(source, folder / MEDIA / relative)
            except FileNotFoundError:
                continue  # removed since the walk began: checked against the snapshot below
            copied.add(relative)
            files[f"{MEDIA}/{relative}"] = {"size": (folder / MEDIA / relative).stat().st_size,
                                            "sha256": digest}  # fmt: skip
    missing = sorted(named - copied)
    if missing:
        raise BackupError(
            _("The database names %(count)d file(s) that are not in %(media)s (first: "
              "%(first)s); nothing was kept as a backup. If they were removed during the backup, "
              "run it again.") % {"count": len(missing), "media": media_root, "first": missing[0]}
        )  # fmt: skip

    key_file = folder / SECRET_KEY_FILE
    key_file.touch(mode=0o600)
    key_file.write_text(settings.SECRET_KEY)
    files[SECRET_KEY_FILE] = {"size": key_file.stat().st_size, "sha256": file_digest(key_file)}

    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "migrations": sorted(f"{app}.{name}" for app, name in migrations),
        "files": files,
    }
    partial = folder / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    os.replace(partial, folder / MANIFEST)
    return BackupSummary(folder=folder, engine=engine, files=len(files),
                         size=sum(entry["size"] for entry in files.values()))  # fmt: skip


# --- restore -------------------------------------------------------------------------------


def backup_check(folder: Path) -> dict[str, Any]:
    """The manifest of a complete, undamaged backup, or BackupError naming what is wrong."""
    manifest_path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupError(_("%(folder)s is not a folder.") % {"folder": folder})
    if not manifest_path.is_file():
        raise BackupError(
            _("%(folder)s has no manifest.json: it is not a motcua backup, or a backup that did "
              "not finish. Nothing was restored.") % {"folder": folder}
        )  # fmt: skip
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text())
        files: dict[str, dict[str, Any]] = manifest["files"]
        engine = manifest["engine"]
    except (ValueError, KeyError, TypeError):
        raise BackupError(
            _("%(folder)s/manifest.json cannot be read: the backup is damaged. Nothing was "
              "restored.") % {"folder": folder}
        ) from None  # fmt: skip
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(folder)s is in an unknown backup format %(format)r. Nothing was restored.")
            % {"folder": folder, "format": manifest.get("format")}
        )
    root = folder.resolve()
    for name, entry in sorted(files.items()):
        path = (folder / name).resolve()
        if not path.is_relative_to(root):
            raise BackupError(
                _("The manifest names a file outside the backup: %(name)s. Nothing was restored.")
                % {"name": name}
            )
        if not path.is_file():
            raise BackupError(
                _("%(name)s is missing from the backup: it is partial. Nothing was restored.")
                % {"name": name}
            )
        if path.stat().st_size != entry["size"] or file_digest(path) != entry["sha256"]:
            raise BackupError(
                _("%(name)s does not match the manifest (size or SHA-256): the backup is "
                  "damaged. Nothing was restored.") % {"name": name}
            )  # fmt: skip
    database_file = SQLITE_FILE if engine == "sqlite" else POSTGRES_FILE
    if database_file not in files or SECRET_KEY_FILE not in files:
        raise BackupError(_("The backup has no database or no secret key. Nothing was restored."))
    unknown = sorted(
        set(manifest.get("migrations", [])) - {f"{app}.{name}" for app, name in _known_migrations()}
    )
    if unknown:
        raise BackupError(
            _("The backup was made by a newer motcua (migration %(migration)s is unknown here): "
              "restore it with that version. Nothing was restored.") % {"migration": unknown[0]}
        )  # fmt: skip
    return manifest


def _database_is_empty() -> bool:
    connection = connections["default"]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


@contextmanager
def _swapped_folder(target: Path, replacement: Path) -> Iterator[None]:
    """Put `replacement` where `target` is; the old one is removed only once the body succeeds."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(replacement, target)
    try:
        yield
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        if old.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _restore_sqlite(source: Path) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    connections.close_all()
    staging = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(source, staging)
    # The old file's write-ahead log must not be applied to the restored one.
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staging, target)


def _restore_postgres(source: Path) -> None:
    """Replace the database's public schema with the dump's, in one transaction.

    pg_restore writes the dump as SQL into psql, which runs it after dropping the schema, all
    in one transaction: an error anywhere leaves the database as it was.
    """
    env = _postgres_env()
    connections.close_all()
    # Paths from settings and the checked backup, never from a request.
    reader = subprocess.Popen(  # noqa: S603
        [_postgres_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert reader.stdout is not None
    try:
        _run(
            [_postgres_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction",
             "--set=ON_ERROR_STOP=1",
             "--command=DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
             "--file=-"],
            env=env, what="psql", stdin=reader.stdout,
        )  # fmt: skip
    finally:
        reader.stdout.close()
        _, errors = reader.communicate()
    if reader.returncode != 0:
        raise BackupError(f"pg_restore: {errors.decode(errors='replace').strip()}")


def backup_restore(folder: Path, *, replace: bool = False) -> dict[str, Any]:
    """Restore a checked backup into the configured database, media folder and key file."""
    manifest = backup_check(folder)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            _("The backup is of a %(backup)s database; DATABASE_URL names a %(target)s one. "
              "Nothing was restored.") % {"backup": manifest["engine"], "target": engine}
        )  # fmt: skip
    if not replace and not _database_is_empty():
        raise BackupError(
            _(
                "The database is not empty: restore into a new database, or add --replace to "
                "replace everything in it. Nothing was restored."
            )
        )
    key = (folder / SECRET_KEY_FILE).read_text()
    if os.environ.get("SECRET_KEY") and os.environ["SECRET_KEY"] != key:
        raise BackupError(
            _("SECRET_KEY is set and differs from the backup's key (in %(file)s): sessions, "
              "tokens and second factors need the backup's. Set SECRET_KEY to it, or unset it. "
              "Nothing was restored.") % {"file": folder / SECRET_KEY_FILE}
        )  # fmt: skip

    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".media-restoring-", dir=media_root.parent))
    try:
        for name in manifest["files"]:
            if name.startswith(f"{MEDIA}/"):
                target = staging / name.removeprefix(f"{MEDIA}/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(folder / name, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with _swapped_folder(media_root, staging):
        if engine == "sqlite":
            _restore_sqlite(folder / SQLITE_FILE)
        else:
            _restore_postgres(folder / POSTGRES_FILE)
    key_file = Path(settings.VAR_DIR) / SECRET_KEY_FILE
    if not os.environ.get("SECRET_KEY"):
        staged_key = key_file.with_name(f".{key_file.name}.restoring")
        staged_key.touch(mode=0o600)
        staged_key.write_text(key)
        os.replace(staged_key, key_file)
    return manifest
