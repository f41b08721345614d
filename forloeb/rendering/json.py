"""
JSON: the document itself (``Evaluation.to_dict()``, a comparison, a trend),
UTF-8 with Danish letters as they are.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from typing import Any, TextIO


def render_json(document: Mapping[str, Any] | Sequence[Any]) -> str:
    """
    ``document`` as indented JSON, ending in a newline.

    >>> print(render_json({"provider": "Sumak", "note": "Godt samarbejde på værkstedet"}), end="")
    {
      "provider": "Sumak",
      "note": "Godt samarbejde på værkstedet"
    }
    """
    text = io.StringIO()
    write_json(document, text)
    return text.getvalue()


def write_json(document: Mapping[str, Any] | Sequence[Any], out: TextIO) -> None:
    """
    Write ``document`` to ``out`` as :func:`render_json` renders it, a slice
    at a time: an evaluation of twenty thousand agreements is never held as
    one string (``json.dumps`` would first hold every piece of it in a list,
    several times its size).
    """
    pieces: list[str] = []
    for piece in _ENCODER.iterencode(document):
        pieces.append(piece)
        if len(pieces) >= _PIECES:
            out.write("".join(pieces))
            pieces.clear()
    pieces.append("\n")
    out.write("".join(pieces))


_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=2)
_PIECES = 1 << 14
