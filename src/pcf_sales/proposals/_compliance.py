"""The compliance matrix: how the proposal answers each requirement, and how much of the
must-haves it covers (PCF 3.5.3.2, 3.5.3.3)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs

from pcf_sales.core import DECIMAL_CONTEXT, Percentage
from pcf_sales.core._validate import (
    describe,
    fail,
    is_enum,
    is_text,
    is_tuple_of,
    optional,
    to_optional_text,
    to_tuple,
)
from pcf_sales.proposals._requirements import Requirement, RequirementPriority, is_key

__all__ = [
    "ComplianceAnswer",
    "ComplianceCoverage",
    "ComplianceLevel",
    "ComplianceLine",
]


class ComplianceLevel(Enum):
    """How the proposal answers a requirement."""

    COMPLY = "comply"
    """Met in full."""
    PARTIAL = "partial"
    """Met in part; the note says what is missing."""
    EXCEPTION = "exception"
    """Not met: we take exception to it, and the note says why or what we offer instead."""
    NOT_APPLICABLE = "not_applicable"
    """Does not apply to the solution offered (counts as met)."""

    @property
    def meets(self) -> bool:
        """True when the answer counts as meeting the requirement."""
        return self in (ComplianceLevel.COMPLY, ComplianceLevel.NOT_APPLICABLE)


@attrs.frozen(kw_only=True)
class ComplianceAnswer:
    """Our answer to one requirement. Partial answers and exceptions need a note."""

    requirement_key: str = attrs.field(validator=is_key)
    level: ComplianceLevel = attrs.field(validator=is_enum(ComplianceLevel))
    note: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )

    def __attrs_post_init__(self) -> None:
        if self.level in (ComplianceLevel.PARTIAL, ComplianceLevel.EXCEPTION) and not self.note:
            fail("note", f"a {self.level.value} answer needs a note saying what is not met")


@attrs.frozen(kw_only=True)
class ComplianceLine:
    """One row of the matrix: a requirement and our answer (``None`` while unanswered)."""

    requirement_key: str = attrs.field(validator=is_key)
    priority: RequirementPriority = attrs.field(validator=is_enum(RequirementPriority))
    level: ComplianceLevel | None = attrs.field(validator=optional(is_enum(ComplianceLevel)))
    note: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )

    def describe(self) -> str:
        """The row in words: ``R-1 (must): partial - no SSO yet``."""
        level = "unanswered" if self.level is None else self.level.value
        note = "" if self.note is None else f" - {self.note}"
        return f"{self.requirement_key} ({self.priority.value}): {level}{note}"


def _lines(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(ComplianceLine)(inst, attr, value)
    keys = [line.requirement_key for line in value]  # type: ignore[attr-defined]
    if len(set(keys)) != len(keys):
        fail(attr.name, "lists a requirement twice")


@attrs.frozen(kw_only=True)
class ComplianceCoverage:
    """The compliance matrix with its coverage figures, every one traceable to the rows.

    Build it with :meth:`of`. ``must_coverage`` is the share of must-haves
    whose answer meets them (comply or not applicable), to 0.1 %; with no
    must-haves it is 100 %.

    >>> musts = [Requirement(key=k, text="x", priority=RequirementPriority.MUST) for k in "ABC"]
    >>> report = ComplianceCoverage.of(
    ...     musts, [ComplianceAnswer(requirement_key="A", level=ComplianceLevel.COMPLY)])
    >>> str(report.must_coverage), report.unanswered
    ('33.3 %', ('B', 'C'))
    """

    lines: tuple[ComplianceLine, ...] = attrs.field(converter=to_tuple, validator=_lines)

    @classmethod
    def of(
        cls, requirements: Iterable[Requirement], answers: Iterable[ComplianceAnswer]
    ) -> ComplianceCoverage:
        """The matrix of ``requirements`` (in their order) answered by ``answers``.

        An answer for a requirement that is not listed is an error naming it.
        """
        wanted = tuple(requirements)
        for index, item in enumerate(wanted):
            if not isinstance(item, Requirement):
                fail(f"requirements[{index}]", f"expected a Requirement, got {describe(item)}")
        by_key: dict[str, ComplianceAnswer] = {}
        for index, answer in enumerate(answers):
            if not isinstance(answer, ComplianceAnswer):
                fail(f"answers[{index}]", f"expected a ComplianceAnswer, got {describe(answer)}")
            by_key[answer.requirement_key] = answer
        known = {r.key for r in wanted}
        for key in by_key:
            if key not in known:
                fail("answers", f"answers requirement {key!r}, which the request does not have")
        lines = []
        for requirement in wanted:
            given = by_key.get(requirement.key)
            lines.append(
                ComplianceLine(
                    requirement_key=requirement.key,
                    priority=requirement.priority,
                    level=None if given is None else given.level,
                    note=None if given is None else given.note,
                )
            )
        return cls(lines=tuple(lines))

    @property
    def unanswered(self) -> tuple[str, ...]:
        """Keys of the requirements not answered yet."""
        return tuple(line.requirement_key for line in self.lines if line.level is None)

    @property
    def must_total(self) -> int:
        """How many must-haves the request has."""
        return sum(1 for line in self.lines if line.priority is RequirementPriority.MUST)

    @property
    def musts_met(self) -> tuple[str, ...]:
        """Keys of the must-haves we comply with (or that do not apply)."""
        return tuple(
            line.requirement_key
            for line in self.lines
            if line.priority is RequirementPriority.MUST
            and line.level is not None
            and line.level.meets
        )

    @property
    def musts_not_met(self) -> tuple[str, ...]:
        """Keys of the must-haves answered partially, with an exception, or not at all."""
        met = set(self.musts_met)
        return tuple(
            line.requirement_key
            for line in self.lines
            if line.priority is RequirementPriority.MUST and line.requirement_key not in met
        )

    @property
    def exceptions(self) -> tuple[str, ...]:
        """Keys of every requirement we take exception to."""
        return tuple(
            line.requirement_key for line in self.lines if line.level is ComplianceLevel.EXCEPTION
        )

    @property
    def must_coverage(self) -> Percentage:
        """The share of must-haves met, to 0.1 % (100 % when there are none)."""
        total = self.must_total
        if total == 0:
            return Percentage(100)
        share = DECIMAL_CONTEXT.divide(Decimal(100 * len(self.musts_met)), Decimal(total))
        return Percentage(share.quantize(Decimal("0.1"), context=DECIMAL_CONTEXT))

    @property
    def is_complete(self) -> bool:
        """True when every requirement has an answer."""
        return not self.unanswered

    @property
    def meets_all_musts(self) -> bool:
        """True when every must-have is met."""
        return not self.musts_not_met

    def explain(self) -> str:
        """The coverage in words, then every row."""
        head = (
            f"{len(self.musts_met)} of {self.must_total} must-haves met ({self.must_coverage}); "
            f"{len(self.unanswered)} requirement(s) unanswered, "
            f"{len(self.exceptions)} exception(s)"
        )
        return "\n".join([head, *(line.describe() for line in self.lines)])
