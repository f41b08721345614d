"""
JSON: the document itself (``Evaluation.to_dict()``, a comparison, a trend),
UTF-8 with Danish letters as they are.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from typing import Any


def render_json(document: Mapping[str, Any] | Sequence[Any]) -> str:
    """
    ``document`` as indented JSON, ending in a newline.

    >>> print(render_json({"provider": "Sumak", "note": "Godt samarbejde på værkstedet"}), end="")
    {
      "provider": "Sumak",
      "note": "Godt samarbejde på værkstedet"
    }
    """
    # Written piece by piece into one buffer: json.dumps would first hold
    # every piece of a large document in a list, several times its size.
    text = io.StringIO()
    for piece in _ENCODER.iterencode(document):
        text.write(piece)
    text.write("\n")
    return text.getvalue()


_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=2)
