"""
The store: a register recorded change by change, with its history, in one
SQLite file or in a PostgreSQL database that several tools share.

The only part of forloeb that imports :mod:`sqlite3` (in
:mod:`forloeb.store.sqlite`) and psycopg (in :mod:`forloeb.store.postgres`,
and only when a ``postgresql://`` URI is opened). Other municipal tools
record pathways through :class:`Store` as things happen; every call checks
the outcome-state rules (1-8) inside the transaction that writes, nothing
is ever updated in place, and :meth:`Store.load` gives the register as it
stands, or as it stood at any earlier time. What the store promises is
written once over a small :class:`~forloeb.store._backend.Backend`
interface; each backend supplies only its SQL dialect, locking, bulk
loading and opening. See ``docs/store.md``.
"""

from __future__ import annotations

from forloeb.store._history import Change
from forloeb.store._importing import ImportSummary
from forloeb.store._schema import SCHEMA_VERSION
from forloeb.store._store import Store

__all__ = ["SCHEMA_VERSION", "Change", "ImportSummary", "Store"]
