"""Qualification frameworks (PCF 3.5.1.3): criteria a lead must meet to go to sales."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

import attrs

from pcf_sales.core._validate import (
    check_text,
    describe,
    fail,
    is_bool,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_optional_text,
    to_text,
    to_tuple,
)
from pcf_sales.errors import ValidationError

__all__ = [
    "CriterionAnswer",
    "QualificationCriterion",
    "QualificationFramework",
    "QualificationResult",
]

_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")


def _key(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    check_text(value, attr.name, max_length=40)
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        fail(attr.name, f"expected a snake_case key such as 'budget', got {value!r}")


@attrs.frozen(kw_only=True)
class QualificationCriterion:
    """One question a qualification framework asks, and whether it must be met."""

    key: str = attrs.field(validator=_key)
    label: str = attrs.field(converter=to_text, validator=is_text(max_length=80))
    required: bool = attrs.field(default=True, validator=is_bool)
    question: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=500))
    )


@attrs.frozen(kw_only=True)
class CriterionAnswer:
    """What is known about one criterion for one lead: met or not, and the evidence."""

    key: str = attrs.field(validator=_key)
    met: bool = attrs.field(validator=is_bool)
    evidence: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=1000))
    )


@attrs.frozen(kw_only=True)
class QualificationResult:
    """The outcome of assessing a lead against a framework, and what is missing.

    ``missing_required`` lists required criteria not met (unanswered counts as
    not met); ``optional_met`` counts the optional ones met, against the
    ``optional_needed`` the framework asks for.
    """

    framework: str = attrs.field(validator=is_text(max_length=80))
    answers: tuple[CriterionAnswer, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(CriterionAnswer)
    )
    met: tuple[str, ...] = attrs.field(converter=to_tuple, validator=is_tuple_of(str))
    missing_required: tuple[str, ...] = attrs.field(converter=to_tuple, validator=is_tuple_of(str))
    missing_optional: tuple[str, ...] = attrs.field(converter=to_tuple, validator=is_tuple_of(str))
    optional_met: int = attrs.field(validator=is_int(minimum=0))
    optional_needed: int = attrs.field(validator=is_int(minimum=0))

    @property
    def is_qualified(self) -> bool:
        """True when every required criterion and enough optional ones are met."""
        return not self.missing_required and self.optional_met >= self.optional_needed

    def explain(self) -> str:
        """One line saying whether the lead qualifies and, if not, what is missing."""
        if self.is_qualified:
            return f"{self.framework}: qualified ({', '.join(self.met) or 'no criteria'} met)"
        parts = []
        if self.missing_required:
            parts.append(f"required not met: {', '.join(self.missing_required)}")
        if self.optional_met < self.optional_needed:
            parts.append(
                f"{self.optional_met} of {self.optional_needed} optional criteria met "
                f"(open: {', '.join(self.missing_optional)})"
            )
        return f"{self.framework}: not qualified; {'; '.join(parts)}"


def _criteria(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(QualificationCriterion)(inst, attr, value)
    value = cast("tuple[QualificationCriterion, ...]", value)
    if not value:
        fail(attr.name, "a framework needs at least one criterion")
    keys = [c.key for c in value]
    for index, key in enumerate(keys):
        if key in keys[:index]:
            fail(f"{attr.name}[{index}].key", f"criterion {key!r} is declared twice")


@attrs.frozen(kw_only=True)
class QualificationFramework:
    """A named set of criteria, some required, and how many optional ones must hold.

    >>> bant = QualificationFramework.bant()
    >>> result = bant.evaluate([
    ...     CriterionAnswer(key="budget", met=True),
    ...     CriterionAnswer(key="authority", met=True),
    ...     CriterionAnswer(key="need", met=False, evidence="happy with current tool"),
    ... ])
    >>> result.is_qualified, result.missing_required
    (False, ('need',))
    """

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=80))
    criteria: tuple[QualificationCriterion, ...] = attrs.field(
        converter=to_tuple, validator=_criteria
    )
    optional_needed: int = attrs.field(default=0, validator=is_int(minimum=0))

    def __attrs_post_init__(self) -> None:
        optional_count = sum(1 for c in self.criteria if not c.required)
        if self.optional_needed > optional_count:
            fail(
                "optional_needed",
                f"asks for {self.optional_needed} optional criteria but declares {optional_count}",
            )

    @classmethod
    def bant(cls) -> QualificationFramework:
        """BANT: budget, authority and need are required; a timeline is optional.

        A buying timeline helps prioritise, but many good leads cannot name one
        yet, so by default its absence does not block qualification.
        """
        return cls(
            name="BANT",
            criteria=(
                QualificationCriterion(
                    key="budget", label="Budget", question="Is money set aside for this purchase?"
                ),
                QualificationCriterion(
                    key="authority",
                    label="Authority",
                    question="Is the decision maker (or their sponsor) engaged?",
                ),
                QualificationCriterion(
                    key="need", label="Need", question="Is there a problem our offering solves?"
                ),
                QualificationCriterion(
                    key="timeline",
                    label="Timeline",
                    required=False,
                    question="Is there a date by which they intend to buy?",
                ),
            ),
        )

    @property
    def keys(self) -> tuple[str, ...]:
        """The criterion keys, in declaration order."""
        return tuple(c.key for c in self.criteria)

    def evaluate(self, answers: Iterable[CriterionAnswer]) -> QualificationResult:
        """Assess ``answers`` against the criteria; unanswered criteria count as not met."""
        given = tuple(answers)
        by_key: dict[str, CriterionAnswer] = {}
        for index, answer in enumerate(given):
            if not isinstance(answer, CriterionAnswer):
                fail(f"answers[{index}]", f"expected a CriterionAnswer, got {describe(answer)}")
            if answer.key not in self.keys:
                raise ValidationError(
                    f"answers[{index}].key",
                    f"{self.name} has no criterion {answer.key!r}; known: {', '.join(self.keys)}",
                )
            if answer.key in by_key:
                fail(f"answers[{index}].key", f"{answer.key!r} is answered twice")
            by_key[answer.key] = answer
        met = tuple(k for k in self.keys if k in by_key and by_key[k].met)
        missing_required = tuple(c.key for c in self.criteria if c.required and c.key not in met)
        missing_optional = tuple(
            c.key for c in self.criteria if not c.required and c.key not in met
        )
        optional_met = sum(1 for c in self.criteria if not c.required and c.key in met)
        ordered = tuple(by_key[k] for k in self.keys if k in by_key)
        return QualificationResult(
            framework=self.name,
            answers=ordered,
            met=met,
            missing_required=missing_required,
            missing_optional=missing_optional,
            optional_met=optional_met,
            optional_needed=self.optional_needed,
        )
