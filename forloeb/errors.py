"""
The exceptions forloeb raises: one root, :class:`ForloebError`.

Each subclass also inherits the builtin it resembles, so a caller that already
catches ``ValueError`` keeps working, and a caller that wants to tell forloeb's
errors apart from everything else catches :class:`ForloebError`.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from forloeb.privacy import HIDDEN, looks_like_cpr, redact


class ForloebError(Exception):
    """
    Root of every error forloeb raises on purpose.

    No message repeats a CPR-like value: every text argument passes through
    :func:`forloeb.privacy.redact`, whichever subclass or column it came from.

    >>> print(ForloebError("'300618-1234' is not a date"))
    [a CPR-like value, not shown] is not a date
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*(redact(a) if isinstance(a, str) else a for a in args), **kwargs)


@attrs.frozen(order=True)
class Problem:
    """
    One thing wrong with a register, and where it is.

    ``row`` counts as a spreadsheet user counts: the header is row 1, so the
    first data row is row 2. Problems that belong to no single row (a missing
    file, a missing column) have ``row`` ``None``.

    >>> print(Problem("pathways.csv", 14, "start_date", "'2016-13-45' is not a date"))
    pathways.csv row 14, column start_date: '2016-13-45' is not a date
    """

    file: str = attrs.field(converter=redact)
    row: int | None
    column: str | None
    message: str = attrs.field(converter=redact)

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file} row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class RegisterError(ForloebError, ValueError):
    """
    A register has problems; every one of them is in :attr:`problems`.

    Loading collects every problem before it raises, so one run of
    ``forloeb check`` lists everything that needs fixing.
    """

    def __init__(self, problems: Iterable[Problem], *, source: str = "register") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{source} has {count} {noun}:"]
        lines.extend(f"  {p}" for p in self.problems)
        super().__init__("\n".join(lines))


class RuleViolation(ForloebError, ValueError):
    """
    A change would break one of the outcome-state rules (docs/user-guide.md, "The rules").

    ``rule`` is the rule's number (1-8) and ``pathway_id`` the pathway it
    concerns (``None`` for rules about an agreement as a whole;
    :data:`~forloeb.privacy.HIDDEN` for an id that looks like a CPR number,
    which the error does not repeat either).
    """

    def __init__(self, message: str, *, rule: int, pathway_id: str | None = None) -> None:
        self.rule = rule
        self.pathway_id = (HIDDEN if isinstance(pathway_id, str) and looks_like_cpr(pathway_id)
                           else pathway_id)
        super().__init__(message)


class CapacityError(RuleViolation):
    """
    A start would put more pathways on an agreement than it has slots (rule 7).
    """

    def __init__(self, message: str, *, pathway_id: str | None = None) -> None:
        super().__init__(message, rule=7, pathway_id=pathway_id)


class UnknownIdError(ForloebError, KeyError):
    """
    An agreement or pathway id that the register does not hold.
    """

    def __str__(self) -> str:
        # KeyError would show the message in quotes.
        return str(self.args[0]) if self.args else ""


class StoreError(ForloebError, OSError):
    """
    A store cannot be opened or used (wrong schema version, not a store, locked).
    """


class InvalidArgument(ForloebError, TypeError):
    """
    A function was called with an argument it cannot work with.
    """


class RegisterWarning(UserWarning):
    """
    Something in a register that is not wrong but may be a mistake (an unknown
    extra column, say). Emitted with :func:`warnings.warn`; ``forloeb check``
    prints each one.
    """
