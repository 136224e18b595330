"""Cost-volume-profit (PCF 3.3.3.1, 3.3.3.3): break-even volume and the price a target margin
needs at a forecast volume."""

from __future__ import annotations

import decimal
from decimal import ROUND_CEILING, Decimal
from typing import Final

import attrs
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, minor_digits
from pcf_sales.core._money import check_money
from pcf_sales.core._validate import (
    check_decimal,
    fail,
    is_decimal,
    is_int,
    is_money,
    is_text,
    optional,
    to_decimal,
    to_optional_decimal,
)
from pcf_sales.errors import CurrencyMismatch

__all__ = ["BreakEven", "CostVolumeProfit", "MarginPrice"]

_HUNDRED: Final = Decimal(100)


def _non_negative(value: Money, field: str) -> None:
    if value.amount < 0:
        fail(field, f"must not be negative, got {value.amount}")


@attrs.frozen(kw_only=True)
class BreakEven:
    """The volume at which contribution covers the fixed costs, and how it was reached."""

    volume: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    units: int = attrs.field(validator=is_int(minimum=0))
    contribution_per_unit: Money = attrs.field(validator=is_money)
    explanation: str = attrs.field(validator=is_text(max_length=500))


@attrs.frozen(kw_only=True)
class MarginPrice:
    """The unit price that reaches a target margin at a volume, and how it was reached.

    ``price`` is ``exact_price`` rounded *up* to the currency's minor unit, so
    the target is met; ``margin_percent`` is the margin at that rounded price.
    """

    price: Money = attrs.field(validator=is_money)
    exact_price: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())
    volume: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    margin_percent: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())
    explanation: str = attrs.field(validator=is_text(max_length=500))


@attrs.frozen(kw_only=True)
class CostVolumeProfit:
    """Unit price, variable cost per unit and fixed costs of a product or service, for
    break-even and target-margin pricing (all in one currency).

    >>> cvp = CostVolumeProfit(
    ...     unit_price=Money("250.00", "EUR"), unit_variable_cost=Money("120.00", "EUR"),
    ...     fixed_costs=Money("65000.00", "EUR"),
    ... )
    >>> cvp.break_even().units
    500
    >>> cvp.price_for_margin(Decimal(40), volume=Decimal(1000)).price
    Money('308.34', 'EUR')
    """

    unit_price: Money = attrs.field(validator=is_money)
    unit_variable_cost: Money = attrs.field(validator=is_money)
    fixed_costs: Money = attrs.field(validator=is_money)
    forecast_volume: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal(minimum=0))
    )

    def __attrs_post_init__(self) -> None:
        code = self.unit_price.currency.code
        for field in ("unit_price", "unit_variable_cost", "fixed_costs"):
            value = getattr(self, field)
            check_money(value, field)
            if value.currency.code != code:
                raise CurrencyMismatch(code, value.currency.code, field=field)
            _non_negative(value, field)

    @property
    def currency(self) -> str:
        """The currency of every amount."""
        return self.unit_price.currency.code

    @property
    def contribution_per_unit(self) -> Money:
        """Unit price less variable cost per unit."""
        return Money(self.unit_price.amount - self.unit_variable_cost.amount, self.currency)

    @property
    def contribution_margin_percent(self) -> Decimal | None:
        """Contribution in percent of the unit price (``None`` at a zero price)."""
        if self.unit_price.amount == 0:
            return None
        return DECIMAL_CONTEXT.divide(
            self.contribution_per_unit.amount * _HUNDRED, self.unit_price.amount
        )

    def profit_at(self, volume: Decimal | int) -> Money:
        """Contribution times ``volume`` less fixed costs."""
        units = check_decimal(to_decimal(volume), "volume", minimum=0)
        with decimal.localcontext(DECIMAL_CONTEXT):
            profit = self.contribution_per_unit.amount * units - self.fixed_costs.amount
        return Money(profit, self.currency)

    def break_even(self) -> BreakEven:
        """Fixed costs over contribution per unit; ``units`` rounds up to whole units.

        A contribution of zero or less never breaks even (a ``ValidationError``).
        """
        contribution = self.contribution_per_unit.amount
        if contribution <= 0:
            fail(
                "unit_price",
                f"a unit price of {self.unit_price.amount} does not cover the variable cost of "
                f"{self.unit_variable_cost.amount}, so no volume breaks even",
            )
        volume = DECIMAL_CONTEXT.divide(self.fixed_costs.amount, contribution)
        units = int(volume.to_integral_value(rounding=ROUND_CEILING, context=DECIMAL_CONTEXT))
        return BreakEven(
            volume=volume,
            units=units,
            contribution_per_unit=self.contribution_per_unit,
            explanation=(
                f"fixed costs {self.fixed_costs.amount} / contribution per unit {contribution} "
                f"({self.unit_price.amount} - {self.unit_variable_cost.amount}) = "
                f"{volume.normalize(DECIMAL_CONTEXT):f} units, {units} whole units"
            ),
        )

    def price_for_margin(
        self, margin_percent: Decimal | int | str, *, volume: Decimal | int | None = None
    ) -> MarginPrice:
        """The unit price at which profit is ``margin_percent`` % of revenue at ``volume``
        (the forecast volume by default; PCF 3.3.3.3 pricing based on volume forecast).

        Price = (variable cost x volume + fixed costs) / (volume x (1 - margin)).
        """
        margin = check_decimal(
            to_decimal(margin_percent), "margin_percent", maximum=Decimal("99.99")
        )
        chosen = self.forecast_volume if volume is None else volume
        if chosen is None:
            fail("volume", "give a volume or a forecast_volume")
        units = check_decimal(to_decimal(chosen), "volume", minimum=Decimal("0.000001"))
        ctx = DECIMAL_CONTEXT
        with decimal.localcontext(ctx):
            costs = self.unit_variable_cost.amount * units + self.fixed_costs.amount
            exact = ctx.divide(costs, units * (1 - margin / _HUNDRED))
            step = Decimal(1).scaleb(-minor_digits(self.currency))
            price = exact.quantize(step, rounding=ROUND_CEILING)
            revenue = price * units
            achieved = ctx.divide((revenue - costs) * _HUNDRED, revenue) if revenue else Decimal(0)
        return MarginPrice(
            price=Money(price, self.currency),
            exact_price=exact,
            volume=units,
            margin_percent=achieved,
            explanation=(
                f"({self.unit_variable_cost.amount} x {units} + {self.fixed_costs.amount}) / "
                f"({units} x (1 - {margin} %)) = {exact.quantize(Decimal('0.0001'))}, "
                f"rounded up to {price}"
            ),
        )
