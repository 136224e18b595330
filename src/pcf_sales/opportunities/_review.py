"""Win/loss reviews (PCF 3.5.1.8.4-3.5.1.8.5): why a deal was won or lost, recorded at closing."""

from __future__ import annotations

from enum import Enum
from typing import Any, cast

import attrs

from pcf_sales.core._validate import (
    fail,
    is_enum,
    is_text,
    is_tuple_of,
    optional,
    to_optional_text,
    to_tuple,
)

__all__ = ["CloseReason", "PriceFeedback", "WinLossReview"]


class CloseReason(Enum):
    """Why a deal was won or lost: codes to count in win/loss analysis."""

    PRICE = "price"
    """Price decided it (for a win: we were the better value)."""
    PRODUCT_FIT = "product_fit"
    """How well the product met the needs."""
    FEATURES = "features"
    """A specific capability was there or missing."""
    RELATIONSHIP = "relationship"
    """Trust in the people and the vendor."""
    REFERENCES = "references"
    """Reference customers or proof of success."""
    IMPLEMENTATION = "implementation"
    """Implementation effort, time or risk."""
    SUPPORT = "support"
    """Service and support."""
    TIMING = "timing"
    """The timing suited (or did not)."""
    BUDGET = "budget"
    """Budget was found (or cut)."""
    COMPETITOR = "competitor"
    """A competitor won it, or was beaten."""
    NO_DECISION = "no_decision"
    """The customer decided to do nothing."""
    OTHER = "other"


class PriceFeedback(Enum):
    """What the customer said about our price."""

    TOO_HIGH = "too_high"
    """Too high: it cost us the deal or nearly did."""
    HIGH = "high"
    """High, but accepted."""
    FAIR = "fair"
    """In line with the value and the alternatives."""
    LOW = "low"
    """Below what the customer expected to pay."""


def _reasons(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(is_enum(CloseReason), unique=True)(inst, attr, value)
    if not cast("tuple[CloseReason, ...]", value):
        fail(attr.name, "a review gives at least one reason")


@attrs.frozen(kw_only=True)
class WinLossReview:
    """What was learned when a deal closed: the reasons (most important first), the
    competitor it was won from or lost to, the customer's view of our price, and notes.

    >>> review = WinLossReview(reasons=[CloseReason.PRICE, CloseReason.COMPETITOR],
    ...                        competitor="Globex", price_feedback=PriceFeedback.TOO_HIGH)
    >>> review.primary_reason.value
    'price'
    """

    reasons: tuple[CloseReason, ...] = attrs.field(converter=to_tuple, validator=_reasons)
    competitor: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=200))
    )
    price_feedback: PriceFeedback | None = attrs.field(
        default=None, validator=optional(is_enum(PriceFeedback))
    )
    notes: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )

    @property
    def primary_reason(self) -> CloseReason:
        """The first, most important reason."""
        return self.reasons[0]
