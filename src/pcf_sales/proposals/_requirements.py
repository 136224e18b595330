"""What a request asks for (PCF 3.5.3.2 refine customer requirements, 3.5.3.6 understand
the customer's business): requirements by priority, questions to the customer and their
answers, and the clarifications the customer issues."""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, Final

import attrs
import pendulum

from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    fail,
    is_enum,
    is_instant,
    is_text,
    optional,
    to_instant,
    to_optional_instant,
    to_optional_text,
    to_text,
)

__all__ = [
    "Clarification",
    "Question",
    "Requirement",
    "RequirementPriority",
]

#: Keys of requirements and questions: the customer's own numbering (``R-1.2``, ``Q7``).
KEY_PATTERN: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,39}")


def check_key(value: object, field: str) -> str:
    """Check a requirement or question key: 1 to 40 letters, digits, ``.``, ``_``, ``/``, ``-``."""
    if not isinstance(value, str) or not KEY_PATTERN.fullmatch(value):
        fail(
            field,
            "expected a key of 1 to 40 letters, digits, '.', '_', '/' or '-' starting with a "
            f"letter or digit (such as 'R-1.2'), got {value!r}",
        )
    return value


def is_key(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator for requirement and question keys (see :func:`check_key`)."""
    check_key(value, attr.name)


def is_currency_code(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: an ISO 4217 currency code that can carry amounts."""
    if not isinstance(value, str):
        fail(attr.name, f"expected an ISO 4217 currency code such as 'EUR', got {value!r}")
    check_currency(value, attr.name)


class RequirementPriority(Enum):
    """How much the customer insists on a requirement (MoSCoW without the won't-haves)."""

    MUST = "must"
    """Mandatory: a proposal that does not meet it may be disqualified."""
    SHOULD = "should"
    """Important, and scored, but not disqualifying."""
    COULD = "could"
    """Nice to have."""


@attrs.frozen(kw_only=True)
class Requirement:
    """One requirement of a request, under the customer's own key.

    >>> Requirement(key="R-1", text="Hosted in the EU", priority=RequirementPriority.MUST).key
    'R-1'
    """

    key: str = attrs.field(validator=is_key)
    text: str = attrs.field(converter=to_text, validator=is_text(max_length=2000))
    priority: RequirementPriority = attrs.field(validator=is_enum(RequirementPriority))
    category: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=80))
    )


@attrs.frozen(kw_only=True)
class Question:
    """A question we put to the customer about the request, and its answer once given.

    ``requirement_key`` names the requirement the question is about, if any.
    """

    key: str = attrs.field(validator=is_key)
    text: str = attrs.field(converter=to_text, validator=is_text(max_length=2000))
    asked_at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    requirement_key: str | None = attrs.field(default=None, validator=optional(is_key))
    answer: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=4000))
    )
    answered_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=optional(is_instant)
    )

    def __attrs_post_init__(self) -> None:
        if (self.answer is None) != (self.answered_at is None):
            fail("answered_at", "is given exactly when the question has an answer")
        if self.answered_at is not None and self.answered_at < self.asked_at:
            fail("answered_at", f"{self.answered_at} is before the question was asked")

    @property
    def is_answered(self) -> bool:
        """True once the customer has answered."""
        return self.answer is not None


@attrs.frozen(kw_only=True)
class Clarification:
    """Something the customer issued about the request (an addendum, a changed date,
    a bidders' conference note), possibly about one requirement."""

    issued_at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    text: str = attrs.field(converter=to_text, validator=is_text(max_length=4000))
    requirement_key: str | None = attrs.field(default=None, validator=optional(is_key))
