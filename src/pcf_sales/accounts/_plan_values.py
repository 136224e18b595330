"""The parts of a key account plan: objectives, targets per fiscal period, and actual results."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import Period
from pcf_sales.core._money import check_money_amount
from pcf_sales.core._validate import (
    fail,
    is_date,
    is_decimal,
    is_instance,
    is_text,
    optional,
    to_date,
    to_optional_decimal,
    to_optional_text,
    to_text,
)

__all__ = ["PlanObjective", "PlanTarget", "TargetActual", "TargetValue"]

_KEY_PATTERN: Final = re.compile(r"[a-z][a-z0-9_]{0,39}")


def is_key(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a snake_case key such as ``grow_services`` (up to 40 characters)."""
    if not isinstance(value, str) or not _KEY_PATTERN.fullmatch(value):
        fail(attr.name, f"expected a snake_case key such as 'grow_services', got {value!r}")


@attrs.frozen(kw_only=True)
class PlanObjective:
    """What the plan sets out to achieve with the account, under a short key."""

    key: str = attrs.field(validator=is_key)
    title: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    description: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )


def _amount(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """A finite amount at its currency's minor unit (a shortfall may be negative)."""
    check_money_amount(value, attr.name, minimum=None)


@attrs.frozen(kw_only=True)
class TargetValue:
    """An amount of money or a quantity of something (``3 workshops``): exactly one.

    >>> TargetValue.of_money(Money("250000.00", "EUR")).describe()
    '250000.00 EUR'
    >>> TargetValue.of_quantity(3, "workshops").describe()
    '3 workshops'
    """

    amount: Money | None = attrs.field(default=None, validator=optional(_amount))
    quantity: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal())
    )
    unit: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=40))
    )

    def __attrs_post_init__(self) -> None:
        if (self.amount is None) == (self.quantity is None):
            fail("amount", "give either an amount of money or a quantity, not both or neither")
        if self.amount is not None and self.unit is not None:
            fail("unit", "an amount of money has its currency; a unit goes with a quantity")

    @classmethod
    def of_money(cls, amount: Money) -> TargetValue:
        """An amount of money."""
        return cls(amount=amount)

    @classmethod
    def of_quantity(cls, quantity: Decimal | int | str, unit: str | None = None) -> TargetValue:
        """A quantity, in ``unit`` when given."""
        return cls(quantity=to_optional_decimal(quantity), unit=unit)

    @property
    def number(self) -> Decimal:
        """The amount or the quantity as a ``Decimal``."""
        if self.amount is not None:
            return self.amount.amount
        return self.quantity if self.quantity is not None else Decimal(0)

    @property
    def kind(self) -> str:
        """``'EUR'`` (the currency) for money, ``'quantity:<unit>'`` otherwise;
        values of one kind can be compared and added."""
        if self.amount is not None:
            return str(self.amount.currency.code)
        return f"quantity:{self.unit or ''}"

    def with_number(self, number: Decimal) -> TargetValue:
        """A value of the same kind holding ``number``."""
        if self.amount is not None:
            return TargetValue(amount=Money(number, self.amount.currency))
        return TargetValue(quantity=number, unit=self.unit)

    def describe(self) -> str:
        """``'250000.00 EUR'`` or ``'3 workshops'``."""
        if self.amount is not None:
            return f"{self.amount.amount} {self.amount.currency}"
        suffix = f" {self.unit}" if self.unit else ""
        return f"{self.quantity}{suffix}"


def _describe_kind(kind: str) -> str:
    if kind.startswith("quantity:"):
        unit = kind.removeprefix("quantity:")
        return f"a quantity of {unit}" if unit else "a quantity without unit"
    return f"money in {kind}"


def check_same_kind(value: TargetValue, expected: TargetValue, field: str) -> None:
    """A ``ValidationError`` naming ``field`` unless ``value`` is of ``expected``'s kind."""
    if value.kind != expected.kind:
        fail(
            field,
            f"expected {_describe_kind(expected.kind)} like the target, "
            f"got {_describe_kind(value.kind)}",
        )


@attrs.frozen(kw_only=True)
class PlanTarget:
    """A measurable target for one fiscal period, serving one objective.

    ``measure`` names what is counted (``"Bookings"``, ``"Executive meetings"``);
    ``value`` is what should be reached by the end of ``period`` (never
    negative). Targets are reached from below: more is better.
    """

    key: str = attrs.field(validator=is_key)
    objective_key: str = attrs.field(validator=is_key)
    measure: str = attrs.field(converter=to_text, validator=is_text(max_length=120))
    period: Period = attrs.field(validator=is_instance(Period))
    value: TargetValue = attrs.field(validator=is_instance(TargetValue))

    def __attrs_post_init__(self) -> None:
        if self.value.number < 0:
            fail("value", f"a target cannot be negative, got {self.value.describe()}")


@attrs.frozen(kw_only=True)
class TargetActual:
    """A result counted towards a target, on the day it counts for.

    Actuals add up: record each deal, meeting or correction (negative for a
    reversal) as its own actual.
    """

    target_key: str = attrs.field(validator=is_key)
    on: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    value: TargetValue = attrs.field(validator=is_instance(TargetValue))
    note: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=500))
    )
