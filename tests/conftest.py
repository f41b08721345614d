"""
Test configuration: Hypothesis profiles, and the store's backends.

``CI`` set (``.ci/run`` exports ``CI=1``) selects the ``ci`` profile:
derandomised, so a green run is reproducible, and bounded, so a real failure
reports within a minute: the shrinker stops after :data:`CI_SHRINK_SECONDS`
and the smallest failing example found by then is shown (Hypothesis's own
bound is five minutes per failing test, which is how long a failure of the
store's state machine used to take to report). Locally the ``dev`` profile
explores anew on each run and shrinks for as long as Hypothesis likes. A
mutation run uses the ``mutation`` profile: ``ci`` without shrinking.

The store's tests take ``store_backend`` (or ``location``, a fresh place for
a store in it) and so run once against SQLite and once against PostgreSQL.
The PostgreSQL runs use one throwaway cluster per test session
(``tests/pg_cluster.py``) and a new database per test. Without a PostgreSQL
server or psycopg on the machine they are skipped with the reason, unless
``FORLOEB_REQUIRE_POSTGRES=1`` is set (as ``.ci/run`` does): then they fail.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pg_cluster
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.internal.conjecture import engine
from store_backends import PostgresUnderTest, SQLiteUnderTest, StoreBackend

#: How long, in seconds, the ``ci`` profile shrinks the failures of one test.
CI_SHRINK_SECONDS = 20

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
# For a mutation run ([tool.mutmut] asks for it): as ``ci``, but a failing
# example is not shrunk, since all a mutant needs is to be seen failing.
settings.register_profile(
    "mutation",
    parent=settings.get_profile("ci"),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)

if os.environ.get("CI"):
    settings.load_profile("ci")
    # Hypothesis keeps this bound monkeypatchable on purpose ("for the rare
    # users who need to keep on shrinking"); fail loudly if it is ever renamed,
    # rather than shrink for five minutes again without a word.
    if not hasattr(engine, "MAX_SHRINKING_SECONDS"):
        raise RuntimeError("hypothesis no longer has engine.MAX_SHRINKING_SECONDS; "
                           "bound the ci profile's shrinking another way")
    engine.MAX_SHRINKING_SECONDS = CI_SHRINK_SECONDS
else:
    settings.load_profile("dev")


def _is_forloebs(name: object) -> bool:
    return isinstance(name, str) and (name == "forloeb" or name.startswith("forloeb."))


def _forloeb_caches() -> Iterator[Any]:
    # Every function of forloeb's modules (or method of their classes) that
    # keeps its answers: functools.cache and lru_cache give it cache_clear.
    seen: set[int] = set()
    for name, module in list(sys.modules.items()):
        if not _is_forloebs(name):
            continue
        for value in list(vars(module).values()):
            members = vars(value).values() if isinstance(value, type) else (value,)
            for member in members:
                function = getattr(member, "__func__", member)
                if (callable(getattr(function, "cache_clear", None)) and id(function) not in seen
                        and _is_forloebs(getattr(function, "__module__", None))):
                    seen.add(id(function))
                    yield function


@pytest.fixture(autouse=True)
def _caches_emptied_in_a_mutation_run() -> None:
    """
    In a mutation run every test starts with forloeb's caches empty.

    mutmut learns which tests reach a function by watching its calls, and
    runs only those against the function's mutants: a function whose answers
    are cached is seen called only by the first test that asks, so the
    others, which would notice a mutant, would never run against it.
    """
    if "MUTANT_UNDER_TEST" in os.environ:
        for cached in _forloeb_caches():
            cached.cache_clear()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[pg_cluster.Cluster]:
    """
    A throwaway PostgreSQL server for the whole session, removed at its end.
    """
    reason = pg_cluster.unavailable()
    if reason is not None:
        what, why = pg_cluster.without_server(reason, os.environ)
        (pytest.fail if what == "fail" else pytest.skip)(why)
    cluster = pg_cluster.Cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def store_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreBackend]:
    """
    Each backend of the store in turn: SQLite files, then PostgreSQL databases.
    """
    backend: StoreBackend
    if request.param == "sqlite":
        backend = SQLiteUnderTest(tmp_path)
    else:
        backend = PostgresUnderTest(request.getfixturevalue("postgres_cluster"))
    try:
        yield backend
    finally:
        backend.close()


@pytest.fixture
def postgres_backend(postgres_cluster: pg_cluster.Cluster) -> Iterator[PostgresUnderTest]:
    """
    The PostgreSQL backend alone, for what only PostgreSQL has (roles, URIs).
    """
    backend = PostgresUnderTest(postgres_cluster)
    try:
        yield backend
    finally:
        backend.close()


@pytest.fixture
def location(store_backend: StoreBackend) -> str:
    """
    A fresh place for a store in the backend under test (nothing there yet).
    """
    return store_backend.fresh()
