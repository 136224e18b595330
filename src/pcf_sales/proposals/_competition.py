"""Competitive analysis for a bid (PCF 3.5.3.4): the competitors with their strengths,
weaknesses and expected prices, and the price-to-win range they imply."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, Percentage, round_amount
from pcf_sales.core._validate import (
    fail,
    is_bool,
    is_enum,
    is_instance,
    is_text,
    is_tuple_of,
    optional,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.opportunities._checks import money_validator

__all__ = [
    "CompetitiveAnalysis",
    "Competitor",
    "PricePosition",
    "PriceRange",
    "PriceToWin",
]

_TWO: Final = Decimal(2)


class PricePosition(Enum):
    """Where a competitor is expected to price against the market."""

    AGGRESSIVE = "aggressive"
    """Below the market: buying the deal."""
    COMPETITIVE = "competitive"
    """At the market."""
    PREMIUM = "premium"
    """Above the market, selling on value or brand."""


@attrs.frozen(kw_only=True)
class PriceRange:
    """From ``low`` to ``high`` (both included), in one currency."""

    low: Money = attrs.field(validator=money_validator)
    high: Money = attrs.field(validator=money_validator)

    def __attrs_post_init__(self) -> None:
        if self.low.currency != self.high.currency:
            raise CurrencyMismatch(self.low.currency.code, self.high.currency.code, field="high")
        if self.high < self.low:
            fail("high", f"{self.high.amount} is below low {self.low.amount}")

    @property
    def currency(self) -> str:
        """The range's currency."""
        return str(self.low.currency.code)

    @property
    def midpoint(self) -> Money:
        """Halfway between low and high, rounded half up to the minor unit."""
        middle = DECIMAL_CONTEXT.divide(
            DECIMAL_CONTEXT.add(self.low.amount, self.high.amount), _TWO
        )
        return Money(round_amount(middle, self.currency), self.currency)

    def describe(self) -> str:
        """``90000.00-110000.00 EUR``."""
        return f"{self.low.amount}-{self.high.amount} {self.currency}"


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(i, str) for i in items):
        return tuple(i.strip() for i in items)
    return items


_POINTS: Final = is_tuple_of(is_text(max_length=300))


@attrs.frozen(kw_only=True)
class Competitor:
    """A competitor for the deal as we see it."""

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=120))
    strengths: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_POINTS)
    weaknesses: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_POINTS)
    price_position: PricePosition = attrs.field(validator=is_enum(PricePosition))
    expected_price: PriceRange | None = attrs.field(
        default=None, validator=optional(is_instance(PriceRange))
    )
    incumbent: bool = attrs.field(default=False, validator=is_bool)


def _competitors(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(Competitor)(inst, attr, value)
    items: tuple[Competitor, ...] = value  # type: ignore[assignment]
    seen: set[str] = set()
    currency: str | None = None
    for index, item in enumerate(items):
        name = item.name.casefold()
        if name in seen:
            fail(f"{attr.name}[{index}].name", f"competitor {item.name!r} is listed twice")
        seen.add(name)
        if item.expected_price is not None:
            code = item.expected_price.currency
            if currency is None:
                currency = code
            elif code != currency:
                raise CurrencyMismatch(currency, code, field=f"{attr.name}[{index}].expected_price")
    if sum(1 for item in items if item.incumbent) > 1:
        fail(attr.name, "at most one competitor is the incumbent")


def _premium(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_instance(Percentage)(inst, attr, value)
    if not 0 <= value.percent <= 100:  # type: ignore[attr-defined]
        fail(attr.name, f"expected a premium from 0 to 100 %, got {value}")


@attrs.frozen(kw_only=True)
class PriceToWin:
    """The price range expected to win: no lower than the cheapest expected competitor
    bid, no higher than the best competitor's expected midpoint plus the premium our
    differentiation earns. ``basis`` says how each bound was reached."""

    range: PriceRange = attrs.field(validator=is_instance(PriceRange))
    basis: tuple[str, ...] = attrs.field(converter=to_tuple, validator=_POINTS)

    def explain(self) -> str:
        """The range, then how it was reached."""
        return "\n".join([f"price to win: {self.range.describe()}", *self.basis])


@attrs.frozen(kw_only=True)
class CompetitiveAnalysis:
    """Who we compete with for a deal, and what we bring against them.

    >>> from pcf_sales.core import money
    >>> analysis = CompetitiveAnalysis(competitors=[
    ...     Competitor(name="Acme", price_position=PricePosition.AGGRESSIVE,
    ...                expected_price=PriceRange(low=money("90000.00", "EUR"),
    ...                                          high=money("100000.00", "EUR"))),
    ...     Competitor(name="Globex", price_position=PricePosition.PREMIUM,
    ...                expected_price=PriceRange(low=money("120000.00", "EUR"),
    ...                                          high=money("140000.00", "EUR")))],
    ...     value_premium=Percentage(5))
    >>> analysis.price_to_win().range.describe()
    '90000.00-99750.00 EUR'
    """

    competitors: tuple[Competitor, ...] = attrs.field(converter=to_tuple, validator=_competitors)
    our_strengths: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_POINTS)
    our_weaknesses: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_POINTS)
    value_premium: Percentage = attrs.field(factory=lambda: Percentage(0), validator=_premium)

    @property
    def incumbent(self) -> Competitor | None:
        """The competitor who holds the business today, if any."""
        return next((c for c in self.competitors if c.incumbent), None)

    def price_to_win(self) -> PriceToWin | None:
        """The price-to-win range, or ``None`` when no competitor has an expected price."""
        priced = [c for c in self.competitors if c.expected_price is not None]
        if not priced:
            return None
        ranges = [(c, c.expected_price) for c in priced if c.expected_price is not None]
        cheapest, cheapest_range = min(ranges, key=lambda item: item[1].low.amount)
        best, best_range = min(ranges, key=lambda item: item[1].midpoint.amount)
        currency = best_range.currency
        ceiling = round_amount(
            DECIMAL_CONTEXT.multiply(
                best_range.midpoint.amount,
                DECIMAL_CONTEXT.add(Decimal(1), self.value_premium.ratio),
            ),
            currency,
        )
        low = cheapest_range.low
        high = Money(ceiling, currency)
        basis = (
            f"low: {cheapest.name} may bid as low as {low.amount} {currency}",
            f"high: {best.name}'s expected midpoint {best_range.midpoint.amount} {currency} "
            f"plus our value premium of {self.value_premium}",
        )
        return PriceToWin(range=PriceRange(low=low, high=high), basis=basis)
