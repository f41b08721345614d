"""
The store: a register in one SQLite file, recorded change by change, with its history.

The only part of forloeb that imports :mod:`sqlite3`. Other municipal tools
record pathways through :class:`Store` as things happen; every call checks
the outcome-state rules (1-8) inside the transaction that writes, nothing
is ever updated in place, and :meth:`Store.load` gives the register as it
stands, or as it stood at any earlier time. See ``docs/store.md``.
"""

from __future__ import annotations

from forloeb.store._history import Change
from forloeb.store._importing import ImportSummary
from forloeb.store._schema import SCHEMA_VERSION
from forloeb.store._store import Store

__all__ = ["SCHEMA_VERSION", "Change", "ImportSummary", "Store"]
