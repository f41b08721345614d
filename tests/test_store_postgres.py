"""
What only a store in PostgreSQL has: roles and their GRANTs (as
docs/store.md gives them), URIs and the ``PG*`` environment variables, a
server that cannot be reached, an empty database, the write lock held by
another tool, a dropped connection, and psycopg not installed.

The contract both backends share is tested in the other test_store* files,
each test run against both.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pg_cluster import Cluster
from store_backends import PostgresUnderTest

import forloeb
from forloeb import Agreement, StoreError
from forloeb.store import SCHEMA_VERSION, Store
from forloeb.store.postgres import WRITE_LOCK

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(forloeb.EXAMPLE_REGISTER)
D = dt.date
FORLOEB = [sys.executable, "-c", "import sys; from forloeb.cli import main; sys.exit(main())"]


def _sql_blocks() -> list[list[str]]:
    """
    The ```sql blocks of docs/store.md, each as its statements.
    """
    text = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sql\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    return [[statement.strip() for statement in
             re.sub(r"--[^\n]*", "", block).split(";") if statement.strip()]
            for block in blocks]


def _run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*FORLOEB, *argv], capture_output=True, text=True, timeout=120,
                          check=False, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def _database(location: str) -> str:
    return urlsplit(location).path.lstrip("/")


# -- roles ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def roles(postgres_cluster: Cluster) -> dict[str, str]:
    """
    The roles and database of docs/store.md, made with its SQL; the URI of
    the store as each role reaches it, after the owner imported the example.
    """
    make, grant = _sql_blocks()
    with postgres_cluster.admin() as admin:
        for statement in make:
            admin.execute(statement)
    uris = {role: postgres_cluster.uri("forloeb", user=f"forloeb_{role}")
            for role in ("owner", "recorder", "reader")}
    done = _run("import", EXAMPLE, uris["owner"], "--actor", "owner")
    assert (0, "") == (done.returncode, done.stderr)
    import psycopg

    with psycopg.connect(uris["owner"], autocommit=True) as owner:
        for statement in grant:
            owner.execute(statement)
    return uris


def test_the_documented_grants_let_a_recording_tool_record(roles: dict[str, str]) -> None:
    with Store.open(roles["recorder"]) as store:
        assert not store.read_only
        store.refer("SA2-NEW", agreement_id="SA2", participant_id="D-new",
                    day=D(2018, 6, 1), actor="case system")
        store.cancel("SA2-NEW", day=D(2018, 6, 4), actor="case system")
        assert ["refer", "cancel"] == [c.action for c in store.history("SA2-NEW")]


@pytest.mark.parametrize("sql", [
    "UPDATE pathways SET outcome = 'fleksjob'",
    "DELETE FROM events",
    "UPDATE changes SET actor = 'someone else'",
    "TRUNCATE collaboration",
    "DELETE FROM changes",
    "INSERT INTO forloeb_store VALUES (1, 1)",
    "ALTER TABLE pathways ADD COLUMN x TEXT",
    "DROP TABLE events",
])
def test_a_recording_role_cannot_rewrite_the_history(roles: dict[str, str], sql: str) -> None:
    import psycopg

    with psycopg.connect(roles["recorder"], autocommit=True) as recorder, \
            pytest.raises(psycopg.errors.InsufficientPrivilege):
        recorder.execute(sql)


def test_a_reading_role_reads_and_may_not_record(roles: dict[str, str]) -> None:
    with Store.open(roles["reader"]) as store:
        assert store.read_only
        assert 79 <= len(store.load().pathways)
        with pytest.raises(StoreError, match=r"^cannot record into the store postgresql://"
                                             r"forloeb_reader@.*: the role forloeb_reader may "
                                             r"only read it \(it has no INSERT privilege"):
            store.refer("SA2-X", agreement_id="SA2", participant_id="D-x",
                        day=D(2018, 6, 1), actor="dashboard")
    done = _run("evaluate", roles["reader"], "--as-of", "2018-06-30", "--format", "json")
    assert (0, "") == (done.returncode, done.stderr)
    import psycopg

    with psycopg.connect(roles["reader"], autocommit=True) as reader, \
            pytest.raises(psycopg.errors.InsufficientPrivilege):
        reader.execute("INSERT INTO changes (recorded_at, actor) VALUES (now(), 'x')")


def test_only_the_owner_migrates_an_older_store(postgres_backend: PostgresUnderTest,
                                                postgres_cluster: Cluster) -> None:
    from test_store_schema import _header, _v1_store

    location = postgres_backend.fresh()
    database = _database(location)
    with postgres_cluster.admin() as admin:
        admin.execute(f'ALTER DATABASE "{database}" OWNER TO forloeb_owner')
    owner = postgres_cluster.uri(database, user="forloeb_owner")
    recorder = postgres_cluster.uri(database, user="forloeb_recorder")
    _v1_store(postgres_backend, owner)
    import psycopg

    with psycopg.connect(owner, autocommit=True) as connection:
        for statement in _sql_blocks()[1]:
            connection.execute(statement)
    before = postgres_backend.dump(location)
    with pytest.raises(StoreError, match=r"is at schema version 1, older than this "
                                         r"forloeb's \d+, and the role forloeb_recorder may "
                                         r"not migrate it: open it once as the role that owns "
                                         r"its tables. The store was not changed."):
        Store.open(recorder)
    with pytest.raises(StoreError, match="cannot be migrated by a tool that opens it "
                                         "read-only"):
        Store.open(owner, read_only=True)
    assert before == postgres_backend.dump(location)
    Store.open(owner).close()
    assert SCHEMA_VERSION == _header(postgres_backend, location)[1]
    with Store.open(recorder) as store:
        store.refer("P2", agreement_id="SA1", participant_id="D-2", day=D(2018, 1, 2),
                    actor="recorder")


# -- URIs, the environment and an unreachable server ------------------------------------


def test_the_pg_environment_variables_fill_in_what_the_uri_leaves_out(
        postgres_backend: PostgresUnderTest, postgres_cluster: Cluster) -> None:
    location = postgres_backend.fresh()
    env = {"PGHOST": "127.0.0.1", "PGPORT": str(postgres_cluster.port), "PGUSER": "postgres",
           "PGDATABASE": _database(location)}
    done = _run("import", EXAMPLE, "postgresql://", env=env)
    assert (0, "") == (done.returncode, done.stderr)
    assert done.stdout.endswith(" into postgresql://.\n")
    by_name = _run("evaluate", f"postgresql:///{_database(location)}", "--as-of",
                   "2018-06-30", "--format", "json", env={**env, "PGDATABASE": "postgres"})
    from_folder = _run("evaluate", EXAMPLE, "--as-of", "2018-06-30", "--format", "json")
    assert (0, from_folder.stdout) == (by_name.returncode, by_name.stdout)


def test_a_store_in_its_own_schema_is_chosen_by_the_uri(postgres_backend: PostgresUnderTest,
                                                        postgres_cluster: Cluster) -> None:
    location = postgres_backend.fresh()
    postgres_backend.edit(location, "CREATE SCHEMA slagelse")
    postgres_backend.edit(location, "CREATE TABLE public.cases (id INTEGER)")
    in_schema = f"{location}?options=-csearch_path%3Dslagelse"
    Store.import_into(in_schema, forloeb.load_example(), actor="import")
    with Store.open(in_schema, read_only=True) as store:
        assert forloeb.load_example() == store.load()
    with pytest.raises(StoreError, match="but not a forloeb store: it holds 1 other table"):
        Store.open(location)


def test_a_server_that_cannot_be_reached_is_one_sentence_without_the_password(
        postgres_cluster: Cluster) -> None:
    closed = f"postgresql://anna:hemmelig@127.0.0.1:{postgres_cluster.port + 1}/forloeb"
    with pytest.raises(StoreError) as refused:
        Store.open(closed, timeout=2)
    message = str(refused.value)
    assert message.startswith(f"cannot connect to the store postgresql://anna@127.0.0.1:"
                              f"{postgres_cluster.port + 1}/forloeb: ")
    assert "hemmelig" not in message
    assert "\n" not in message
    done = _run("evaluate", closed)
    assert (1, "") == (done.returncode, done.stdout)
    assert 1 == len(done.stderr.splitlines())
    assert "hemmelig" not in done.stderr


def test_a_database_that_does_not_exist_is_named(postgres_cluster: Cluster) -> None:
    missing = postgres_cluster.uri("no_such_database")
    for argv in (["history", "P1", missing], ["export", missing, "out.json"],
                 ["evaluate", missing]):
        done = _run(*argv)
        assert (1, "") == (done.returncode, done.stdout)
        assert 'database "no_such_database" does not exist' in done.stderr
        assert 1 == len(done.stderr.splitlines())


def test_an_invalid_uri_is_named() -> None:
    with pytest.raises(StoreError, match="is not a valid PostgreSQL connection URI"):
        Store.open("postgresql://host/db?nonsense=1")


def test_reading_commands_leave_an_empty_database_empty(postgres_backend: PostgresUnderTest,
                                                        tmp_path: Path) -> None:
    location = postgres_backend.fresh()
    for argv in (["check", location], ["evaluate", location], ["sla", location],
                 ["history", "P1", location], ["export", location, str(tmp_path / "x.json")]):
        done = _run(*argv)
        assert (1, "") == (done.returncode, done.stdout)
        assert "is not a forloeb store: it is an empty PostgreSQL database" in done.stderr
    assert [] == postgres_backend.dump(location)
    assert not (tmp_path / "x.json").exists()
    with Store.open(location, create=True) as store:
        assert forloeb.Register([]) == store.load()


# -- locks and connections ----------------------------------------------------------------


def test_a_writer_waits_for_the_lock_and_then_says_the_store_is_busy(
        postgres_backend: PostgresUnderTest) -> None:
    """
    Another tool holds the write lock: recording, creating and migrating
    wait for it and give up after the timeout; reading does not wait.
    """
    import psycopg

    location = postgres_backend.fresh()
    Store.import_into(location, forloeb.load_example(), actor="import")
    empty = postgres_backend.fresh()
    with psycopg.connect(location, autocommit=True) as other, \
            Store.open(location, timeout=0.3) as store:
        other.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
        assert 79 == len(store.load().pathways)
        with pytest.raises(StoreError, match="is busy: another tool kept it locked longer "
                                             "than the timeout"):
            store.correct_pathway("SA1-P01", participant_id="D-rettet", actor="anna")
        # Each database has its own lock: another store is not held up.
        Store.open(empty, create=True, timeout=0.3).close()
        assert forloeb.load_example() == store.load()
        other.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))
        # The refused call left nothing open: the same store records now.
        store.correct_pathway("SA1-P01", participant_id="D-rettet", actor="anna")
        assert "D-rettet" == store.pathway("SA1-P01").participant_id


def test_creating_or_migrating_a_store_waits_for_the_lock(postgres_backend: PostgresUnderTest
                                                         ) -> None:
    import psycopg
    from test_store_schema import _header, _v1_store

    empty, old = postgres_backend.fresh(), postgres_backend.fresh()
    _v1_store(postgres_backend, old)
    before = postgres_backend.dump(old)
    for location in (empty, old):
        with psycopg.connect(location, autocommit=True) as other:
            other.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
            with pytest.raises(StoreError, match="is busy"):
                Store.open(location, create=True, timeout=0.3)
    assert ([], before) == (postgres_backend.dump(empty), postgres_backend.dump(old))
    Store.open(old).close()
    assert SCHEMA_VERSION == _header(postgres_backend, old)[1]


def test_a_dropped_connection_during_an_import_commits_nothing(
        postgres_backend: PostgresUnderTest, postgres_cluster: Cluster) -> None:
    from forloeb import _progress
    from forloeb.synthetic import generate

    location = postgres_backend.fresh()
    register = generate(pathways=3000, seed=3)
    with Store.open(location, create=True) as store:
        pid = store._backend.connection.info.backend_pid  # type: ignore[attr-defined]

        def drop_the_connection(task: str, done: int, total: int | None, unit: str) -> None:
            if task == "importing events" and done > 8000:
                with postgres_cluster.admin() as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

        with _progress.listening(drop_the_connection), pytest.raises(
                StoreError, match=r"the connection to the store .* was lost"):
            store.import_register(register, actor="import")
    with Store.open(location) as store:
        assert forloeb.Register([]) == store.load()


# -- without a server or without psycopg ---------------------------------------------------


def test_without_a_server_the_postgres_tests_skip_or_on_ci_fail(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import pg_cluster

    monkeypatch.setattr(pg_cluster, "find_bindir", lambda: None)
    reason = pg_cluster.unavailable()
    assert reason is not None
    assert reason.startswith("no PostgreSQL server on this machine")
    assert "\n" not in reason
    assert ("skip", f"PostgreSQL tests skipped: {reason}") == \
        pg_cluster.without_server(reason, {"FORLOEB_REQUIRE_POSTGRES": "0"})
    assert "fail" == pg_cluster.without_server(reason, {"FORLOEB_REQUIRE_POSTGRES": "1"})[0]

_BLOCKED = """
    import sys
    sys.modules["psycopg"] = None  # as if it were not installed
    import forloeb
    from forloeb.cli import main
    from forloeb.store import Store
    try:
        Store.open("postgresql://db.kommune.dk/forloeb")
    except forloeb.StoreError as e:
        print(e)
    print(len(forloeb.load(forloeb.EXAMPLE_REGISTER).pathways))
    raise SystemExit(main(sys.argv[1:]))
"""


def test_without_psycopg_a_postgres_uri_says_what_to_install(tmp_path: Path) -> None:
    sentence = ("a store in PostgreSQL needs psycopg 3, which is not installed; install it "
                "with: pip install 'forloeb[postgres]'")
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_BLOCKED), "import", EXAMPLE,
         "postgresql:///forloeb"], capture_output=True, text=True, timeout=60, check=False,
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (1, f"{sentence}\n79\n", f"{sentence}\n") == (done.returncode, done.stdout,
                                                       done.stderr)
    assert Store.import_into(str(tmp_path / "still.sqlite"), forloeb.load_example(),
                             actor="x").changed


def test_an_agreement_recorded_is_read_by_another_connection_at_once(
        postgres_backend: PostgresUnderTest) -> None:
    location = postgres_backend.fresh()
    with Store.open(location, create=True) as writer, Store.open(location) as reader:
        writer.add_agreement(Agreement("SA1", D(2018, 1, 1), slots=1, plan_deadline_weeks=4,
                                       frame_weeks=52), actor="anna")
        assert "SA1" == reader.agreement("SA1").agreement_id
