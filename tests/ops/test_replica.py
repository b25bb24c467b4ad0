"""A real PostgreSQL streaming replica (pg_basebackup) beside its primary: the pages named for
it read there, writes go to the primary, and the citizen who just wrote reads the primary."""

from __future__ import annotations

import psycopg
import pytest
import requests

from tests.network import free_port
from tests.ops.instances import Instance, file_petition, serving
from tests.ops.postgres import primary_and_replica, wait_for_replay

TITLE = "Đèn đường hỏng"


@pytest.fixture(scope="module")
def cluster():
    with primary_and_replica() as (primary, replica):
        with primary.connect() as connection:
            connection.execute("CREATE DATABASE motcua")
        yield primary, replica


@pytest.fixture(scope="module")
def site(cluster, tmp_path_factory):
    primary, replica = cluster
    inst = Instance(
        var_dir=tmp_path_factory.mktemp("replica-site"),
        database_url=primary.url("motcua"),
        extra_env={"DATABASE_REPLICA_URL": replica.url("motcua")},
    )
    inst.run("migrate", "-v0")
    inst.run("demo")
    wait_for_replay(primary, replica)
    with serving(inst, port=free_port()) as base:
        yield base


def _file_petition(session: requests.Session, base: str) -> str:
    """The tracking address of a petition filed through the portal."""
    filed = file_petition(session, base, title=TITLE)
    assert filed is not None
    assert filed.status_code == 302, filed.text[:500]
    return f"{base}{filed.headers['Location']}"


def test_public_reads_are_served_by_the_replica_and_the_writer_reads_its_write(cluster, site):
    primary, replica = cluster
    with replica.connect("motcua") as standby:
        standby.execute("SELECT pg_wal_replay_pause()")
        try:
            citizen = requests.Session()
            tracking = _file_petition(citizen, site)  # written on the primary
            # The citizen who filed it reads the primary: the petition is there at once.
            assert citizen.get(tracking, timeout=10).status_code == 200
            assert TITLE in citizen.get(tracking, timeout=10).text
            # Anyone else reads the replica, which has not replayed it yet.
            assert requests.get(tracking, timeout=10).status_code == 404
        finally:
            standby.execute("SELECT pg_wal_replay_resume()")
    wait_for_replay(primary, replica)
    assert TITLE in requests.get(tracking, timeout=10).text


def _petitions(server) -> int:
    with server.connect("motcua") as connection:
        row = connection.execute("SELECT count(*) FROM petitions_petition").fetchone()
    assert row is not None
    return int(row[0])


def test_the_replica_refuses_writes_and_the_site_writes_to_the_primary(cluster, site):
    primary, replica = cluster
    with replica.connect("motcua") as standby, pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        standby.execute("UPDATE petitions_petition SET title = 'x'")
    wait_for_replay(primary, replica)
    before = _petitions(primary)
    with replica.connect("motcua") as standby:
        standby.execute("SELECT pg_wal_replay_pause()")
        try:
            # The replica is frozen; filing still works, on the primary.
            _file_petition(requests.Session(), site)
            assert _petitions(primary) == before + 1
            assert _petitions(replica) == before
        finally:
            standby.execute("SELECT pg_wal_replay_resume()")
    wait_for_replay(primary, replica)
    assert _petitions(replica) == before + 1
