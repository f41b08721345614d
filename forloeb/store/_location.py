"""
Where a store is: a file name or a PostgreSQL URI, told apart in one place.

Loading, the command line and :meth:`Store.open <forloeb.store.Store.open>`
all ask :func:`names_a_store` and :func:`is_postgres_uri`, so every command
that takes a store takes both kinds alike.

>>> names_a_store("2018.sqlite"), names_a_store("postgresql:///forloeb")
(True, True)
>>> names_a_store("register.xlsx"), names_a_store("register/")
(False, False)
>>> shown_location("postgresql://anna:secret@db.kommune.dk:5432/forloeb?sslmode=require")
'postgresql://anna@db.kommune.dk:5432/forloeb?sslmode=require'
>>> shown_location("postgresql://"), shown_location("postgresql:///forloeb?password=x")
('postgresql://', 'postgresql:///forloeb')
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

#: The file name endings of an SQLite store.
STORE_SUFFIXES = (".sqlite", ".sqlite3", ".db")

#: How a PostgreSQL connection URI begins (libpq accepts both).
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_uri(location: object) -> bool:
    """
    Whether ``location`` is a PostgreSQL connection URI (``postgresql://...``).
    """
    return isinstance(location, str) and location.strip().lower().startswith(POSTGRES_SCHEMES)


def names_a_store(location: str | os.PathLike[str]) -> bool:
    """
    Whether ``location`` names a store rather than a register file: a
    PostgreSQL URI, or a file name ending in ``.sqlite``, ``.sqlite3`` or ``.db``.
    """
    if is_postgres_uri(location):
        return True
    return Path(location).suffix.lower() in STORE_SUFFIXES


def shown_location(location: str | os.PathLike[str]) -> str:
    """
    ``location`` as a message may show it: a URI without its password.
    """
    if not is_postgres_uri(location):
        return str(location)
    parts = urlsplit(str(location).strip())
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}@{host}"
    query = parts.query
    if query:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
                 if k.lower() != "password"]
        query = urlencode(pairs, safe="/:")
    # Put together by hand: urlunsplit drops the "//" of a URI without a host.
    return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
