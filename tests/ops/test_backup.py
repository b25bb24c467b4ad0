"""`motcua backup` and `motcua restore` on the suite's engine, between two whole instances:
every row, file and the secret key come back identical; a damaged or partial backup, a folder in
use and a database in use are refused with a clear message, and nothing is written."""

from __future__ import annotations

import shutil

import pytest

from tests.ops.instances import instance, media_digests, table_contents


@pytest.fixture(scope="module")
def source(demo_instance):
    return demo_instance


@pytest.fixture(scope="module")
def backup(source, tmp_path_factory):
    folder = tmp_path_factory.mktemp("backups") / "monday"
    result = source.run("backup", "-o", str(folder))
    assert "Bản sao lưu" in result.stdout
    return folder


@pytest.fixture
def target(tmp_path):
    with instance(tmp_path / "target", "backup_target") as inst:
        yield inst


def test_a_restored_instance_has_every_row_file_and_the_key(source, backup, target):
    target.run("restore", str(backup))

    restored = table_contents(target)
    assert restored == table_contents(source)
    assert len(restored["dossiers_dossier"]) > 100
    assert len(restored["dossiers_dossierevent"]) > 100
    files = media_digests(target)
    assert files == media_digests(source)
    assert len(files) >= 5
    assert (target.var_dir / "secret_key").read_text() == (
        source.var_dir / "secret_key"
    ).read_text()
    # The restored instance works: its events replay to the stored dossiers.
    assert target.run("verify-dossiers").returncode == 0
    # ... and restoring again over it needs to be asked for.
    refused = target.run("restore", str(backup), check=False)
    assert refused.returncode != 0
    assert "Cơ sở dữ liệu không trống" in refused.stderr
    target.run("restore", "--replace", str(backup))
    assert table_contents(target) == restored


def _damaged(backup, tmp_path, damage):
    copy = tmp_path / "copy"
    shutil.copytree(backup, copy)
    damage(copy)
    return copy


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda folder: (folder / "manifest.json").unlink(), "không có manifest.json"),
        (lambda folder: next((folder / "media").rglob("*.pdf")).unlink(), "bị thiếu"),
        (lambda folder: _flip_a_byte(next((folder / "media").rglob("*.pdf"))), "bị hỏng"),
        (lambda folder: _flip_a_byte(next(folder.glob("database.*"))), "bị hỏng"),
        (lambda folder: (folder / "manifest.json").write_text("{"), "bị hỏng"),
    ],
    ids=["no-manifest", "file-missing", "file-changed", "database-changed", "manifest-cut"],
)
def test_a_damaged_or_partial_backup_is_refused_and_nothing_is_written(
    backup, target, tmp_path, damage, message
):
    folder = _damaged(backup, tmp_path, damage)
    result = target.run("restore", str(folder), check=False)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Chưa khôi phục gì" in result.stderr
    assert not any(rows for rows in table_contents(target).values())
    assert not (target.var_dir / "media").exists()


def _flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_backup_goes_into_a_new_folder_only(source, backup):
    result = source.run("backup", "-o", str(backup), check=False)
    assert result.returncode != 0
    assert "đã có và không trống" in result.stderr


def test_a_backup_refuses_to_keep_a_database_that_names_a_missing_file(source, tmp_path):
    named = next((source.var_dir / "media").rglob("*.pdf"))
    moved = tmp_path / "away.pdf"
    shutil.move(named, moved)
    try:
        result = source.run("backup", "-o", str(tmp_path / "b"), check=False)
    finally:
        shutil.move(moved, named)
    assert result.returncode != 0
    assert named.relative_to(source.var_dir / "media").as_posix() in result.stderr
    assert not any((tmp_path / "b").iterdir())  # nothing half-written left behind
