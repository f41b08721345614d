"""
JSON: the document itself (``Evaluation.to_dict()``, a comparison, a trend),
UTF-8 with Danish letters as they are.

Written as ``json.dumps(document, ensure_ascii=False, indent=2)`` writes it,
byte for byte, by an encoder of its own: the standard library's C encoder
cannot indent, and its Python one spends seconds on an evaluation of twenty
thousand agreements. Strings are encoded by the standard library's own C
function, numbers by their ``repr``, as :mod:`json` does.
"""

from __future__ import annotations

import io
import json
import json.encoder
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

_STRING: Callable[[str], str] = json.encoder.encode_basestring
_INFINITY = float("inf")

#: Pieces written at once: an evaluation of twenty thousand agreements is
#: never held as one string.
_PIECES = 1 << 14


def render_json(document: Mapping[str, Any] | Sequence[Any]) -> str:
    """
    ``document`` as indented JSON, ending in a newline.

    >>> print(render_json({"provider": "Sumak", "note": "Godt samarbejde på værkstedet"}), end="")
    {
      "provider": "Sumak",
      "note": "Godt samarbejde på værkstedet"
    }
    >>> document = {"shares": [0.5, None, 1e-07], "empty": {}, "none": [], "ø": "æ"}
    >>> render_json(document) == json.dumps(document, ensure_ascii=False, indent=2) + "\\n"
    True
    """
    text = io.StringIO()
    write_json(document, text)
    return text.getvalue()


def write_json(document: Mapping[str, Any] | Sequence[Any], out: TextIO) -> None:
    """
    Write ``document`` to ``out`` as :func:`render_json` renders it, a slice
    at a time.

    Raises:
        TypeError: for a value JSON cannot hold, as :func:`json.dumps` does.
    """
    pieces: list[str] = []

    def flush() -> None:
        out.write("".join(pieces))
        pieces.clear()

    _encode(document, "\n", pieces, flush)
    pieces.append("\n")
    flush()


def _scalar(value: object) -> str | None:
    # The JSON of a value that holds no other, as json.dumps writes it; None
    # for a container.
    kind = type(value)
    if kind is str:
        return _STRING(value)  # type: ignore[arg-type]
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _float(value)  # type: ignore[arg-type]
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _STRING(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict | list | tuple):
        return None
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: object) -> str:
    # json.dumps turns the keys it can into strings the same way.
    if isinstance(key, str):
        return _STRING(key)
    if key is True or key is False or key is None:
        return _STRING(_scalar(key))  # type: ignore[arg-type]
    if isinstance(key, int | float):
        return _STRING(_scalar(key))  # type: ignore[arg-type]
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _encode(value: object, newline: str, pieces: list[str], flush: Callable[[], None]) -> None:
    """
    Append the JSON of ``value`` to ``pieces``; ``newline`` is a line break
    and the indentation of the level ``value`` is at.
    """
    scalar = _scalar(value)
    if scalar is not None:
        pieces.append(scalar)
        return
    append = pieces.append
    inner = newline + "  "
    if isinstance(value, dict):
        if not value:
            append("{}")
            return
        separator = "{" + inner
        for key, item in value.items():
            text = _scalar(item)
            if text is None:
                append(separator + _key(key) + ": ")
                _encode(item, inner, pieces, flush)
            else:
                append(separator + _key(key) + ": " + text)
            separator = "," + inner
        append(newline + "}")
    else:
        assert isinstance(value, list | tuple)
        if not value:
            append("[]")
            return
        separator = "[" + inner
        for item in value:
            text = _scalar(item)
            if text is None:
                append(separator)
                _encode(item, inner, pieces, flush)
            else:
                append(separator + text)
            separator = "," + inner
        append(newline + "]")
    if len(pieces) >= _PIECES:
        flush()
