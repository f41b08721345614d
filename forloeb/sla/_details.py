"""
The ``detail`` of a finding, in English and Danish: one template table per language.

The engine writes details in English (the library's language, stable for
tools that parse JSON); :func:`describe` re-reads an English detail and says it
in another language. A detail is parts joined by ``"; "``, each made from one
template, so every detail the engine writes can be translated.
"""

from __future__ import annotations

import functools
import re
import string
from types import MappingProxyType

from forloeb import _arguments as check

_EN = MappingProxyType(
    {
        "sheet": "sheet {k} of {n}",
        "next_sheet": "sheet {k}",
        "frame": "{weeks} weeks",
        "frame_extended": "{weeks} weeks + {extension} weeks extension",
        "paused": "moved {days} days for absence",
        "gap": "{days} days since the last meeting",
        "first_gap": "{days} days from the start to the first meeting",
        "open_gap": "no meeting since {since}",
        "no_meeting": "no meeting since the start on {since}",
        "peak": "peak {peak} of {slots}+{extra} slots",
        "extra_days": "{days} days on extra slots",
        "over_days": "{days} days over {capacity}",
        "review": "flexjob since {start}, on time from {opens}",
    }
)

_DA = MappingProxyType(
    {
        "sheet": "seddel {k} af {n}",
        "next_sheet": "seddel {k}",
        "frame": "{weeks} uger",
        "frame_extended": "{weeks} uger + {extension} ugers forlængelse",
        "paused": "rykket {days} dage for fravær",
        "gap": "{days} dage siden sidste møde",
        "first_gap": "{days} dage fra start til første møde",
        "open_gap": "intet møde siden {since}",
        "no_meeting": "intet møde siden start {since}",
        "peak": "højst {peak} af {slots}+{extra} pladser",
        "extra_days": "{days} dage på ekstrapladser",
        "over_days": "{days} dage over {capacity}",
        "review": "fleksjob siden {start}, rettidig fra {opens}",
    }
)

_TEMPLATES = MappingProxyType({"en": _EN, "da": _DA})

_SEPARATOR = "; "


def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(rf"(?P<{field}>[^;\s]+)")
    return re.compile("".join(parts))


_PATTERNS = tuple((key, _pattern(template)) for key, template in _EN.items())


def part(key: str, **values: object) -> str:
    """
    One part of a detail, in English.

    >>> part("sheet", k=3, n=6)
    'sheet 3 of 6'
    """
    return _EN[key].format(**values)


#: A part not yet formatted: a template key and its values in template order
#: (``("sheet", 3, 6)``). The engine keeps these and formats only the
#: findings somebody asks for.
Part = tuple[object, ...]

_FIELDS = MappingProxyType({
    key: tuple(field for _, field, _, _ in string.Formatter().parse(template)
               if field is not None)
    for key, template in _EN.items()
})


@functools.lru_cache(maxsize=1 << 14)
def detail(parts: tuple[Part, ...]) -> str:
    """
    The English detail of unformatted parts.

    Cached: a register's millions of findings share a few thousand details
    ("sheet 3 of 6"), and so they share one string each.

    >>> detail((("frame_extended", 40, 12), ("paused", 5)))
    '40 weeks + 12 weeks extension; moved 5 days for absence'
    """
    said = []
    for key, *values in parts:
        assert isinstance(key, str)
        said.append(_EN[key].format(**dict(zip(_FIELDS[key], values, strict=True))))
    return _SEPARATOR.join(said)


def join(*parts: str) -> str:
    """
    A detail made of several parts (empty parts left out).
    """
    return _SEPARATOR.join(part for part in parts if part)


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date_in(value: str, lang: str) -> str:
    # The engine writes ISO dates; Danish reads them day first (30.06.2018).
    match = _ISO_DATE.fullmatch(value)
    if lang != "da" or match is None:
        return value
    year, month, day = match.groups()
    return f"{day}.{month}.{year}"


def describe(text: str, *, lang: str = "da") -> str:
    """
    An English ``detail`` said in ``lang`` (``"da"`` or ``"en"``).

    A part that no template made is kept as it is.

    A date is written as the language writes dates in a table (Danish
    day-first):

    >>> describe("40 weeks + 12 weeks extension; moved 5 days for absence")
    '40 uger + 12 ugers forlængelse; rykket 5 dage for fravær'
    >>> describe("no meeting since 2018-06-12")
    'intet møde siden 12.06.2018'

    Raises:
        InvalidArgument: if ``text`` is no str, or ``lang`` neither ``"da"`` nor ``"en"``.
    """
    check.check_text("text", text)
    check.check_choice("lang", lang, ("da", "en"))
    return said_in(text, lang)


def said_in(text: str, lang: str) -> str:
    # describe, its arguments known to be right (a finding's detail, a language).
    templates = _TEMPLATES[lang]
    said = []
    for part in text.split(_SEPARATOR) if text else ():
        for key, pattern in _PATTERNS:
            match = pattern.fullmatch(part)
            if match is not None:
                values = {name: _date_in(value, lang) for name, value in match.groupdict().items()}
                said.append(templates[key].format(**values))
                break
        else:
            said.append(part)
    return _SEPARATOR.join(said)
