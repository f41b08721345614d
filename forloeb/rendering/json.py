"""
JSON: the document itself (``Evaluation.to_dict()``, a comparison, a trend),
UTF-8 with Danish letters as they are.
"""

from __future__ import annotations

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
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
