"""Values the pricing engine is configured and fed with: adjustments, tiers, rounding, steps."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs
from moneyed import Money

from pcf_sales.core import (
    DECIMAL_CONTEXT,
    DEFAULT_ROUNDING,
    RoundingMode,
    UserId,
    minor_digits,
)
from pcf_sales.core._validate import (
    check_decimal,
    describe,
    fail,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_optional_decimal,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch

__all__ = [
    "DEFAULT_STEPS",
    "Adjustment",
    "AdjustmentForm",
    "DiscountBase",
    "FloorOverride",
    "ManualDiscount",
    "PricingStep",
    "RoundingLevel",
    "RoundingPolicy",
    "Tier",
    "TierMode",
    "TierTable",
    "check_steps",
]

_MAX_PERCENT: Final = Decimal(1000)


# --- adjustments ---------------------------------------------------------------------------


class AdjustmentForm(Enum):
    """The form in which a price adjustment was given. It is kept as given."""

    PERCENT = "percent"
    """A percentage of its base (see :class:`DiscountBase`)."""
    AMOUNT_EACH = "amount_each"
    """An amount per unit."""
    AMOUNT = "amount"
    """An amount for the whole line (or the whole document, for a header discount)."""
    UNIT_PRICE = "unit_price"
    """The net price of one unit."""
    NET_PRICE = "net_price"
    """The net amount of the whole line (or the whole document)."""


class DiscountBase(Enum):
    """What a percentage applies to, when it follows other adjustments."""

    RUNNING = "running"
    """The price as it stands when the percentage applies: percentages compound
    (10 % then 5 % is 14.5 % off)."""
    STEP_START = "step_start"
    """The price when its step began: percentages stacked within one step add up
    (10 % and 5 % in one step is 15 % off that step's price)."""
    LIST = "list"
    """The list price: the percentage is of the list price whatever came before."""


def _percent(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    check_decimal(value, attr.name, minimum=0, maximum=_MAX_PERCENT)


def _amount(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    is_money(inst, attr, value)
    if value.amount < 0:  # type: ignore[attr-defined]
        fail(attr.name, f"must not be negative, got {value.amount}")  # type: ignore[attr-defined]


@attrs.frozen(kw_only=True)
class Adjustment:
    """A change to a price, in the form a person or a rule gave it.

    The given form and value are kept; the engine derives the other forms
    (the amount of a percentage, the percentage of an amount) exactly and
    never recomputes a price from a rounded percentage. Build one with the
    named constructors.

    >>> Adjustment.percent_off(10).describe()
    '10 %'
    >>> Adjustment.unit_price(Money("89.00", "EUR")).describe()
    'unit price 89.00 EUR'
    """

    form: AdjustmentForm = attrs.field(validator=is_enum(AdjustmentForm))
    percent: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_percent
    )
    amount: Money | None = attrs.field(default=None, validator=_amount)
    base: DiscountBase = attrs.field(default=DiscountBase.RUNNING, validator=is_enum(DiscountBase))

    def __attrs_post_init__(self) -> None:
        if self.form is AdjustmentForm.PERCENT:
            if self.percent is None:
                fail("percent", "a percentage adjustment needs a percent")
            if self.amount is not None:
                fail("amount", "a percentage adjustment takes no amount")
            return
        if self.amount is None:
            fail("amount", f"a {self.form.value} adjustment needs an amount")
        if self.percent is not None:
            fail("percent", f"a {self.form.value} adjustment takes no percent")
        if self.base is not DiscountBase.RUNNING:
            fail("base", "only a percentage has a base other than the running price")

    @classmethod
    def percent_off(
        cls, percent: Decimal | int | str, *, base: DiscountBase = DiscountBase.RUNNING
    ) -> Adjustment:
        """``percent`` % of ``base`` (for a surcharge: added, for a discount: taken off)."""
        return cls(form=AdjustmentForm.PERCENT, percent=percent, base=base)

    @classmethod
    def amount_off_each(cls, amount: Money) -> Adjustment:
        """``amount`` per unit."""
        return cls(form=AdjustmentForm.AMOUNT_EACH, amount=amount)

    @classmethod
    def amount_off(cls, amount: Money) -> Adjustment:
        """``amount`` for the whole line (or document)."""
        return cls(form=AdjustmentForm.AMOUNT, amount=amount)

    @classmethod
    def unit_price(cls, price: Money) -> Adjustment:
        """The net price of one unit is ``price``."""
        return cls(form=AdjustmentForm.UNIT_PRICE, amount=price)

    @classmethod
    def net_price(cls, price: Money) -> Adjustment:
        """The net amount of the whole line (or document) is ``price``."""
        return cls(form=AdjustmentForm.NET_PRICE, amount=price)

    @property
    def currency(self) -> str | None:
        """The currency of the amount, or ``None`` for a percentage."""
        return None if self.amount is None else self.amount.currency.code

    def describe(self) -> str:
        """The adjustment as given, in words."""
        if self.form is AdjustmentForm.PERCENT:
            text = f"{_plain(self.percent)} %"
            if self.base is DiscountBase.LIST:
                text += " of the list price"
            elif self.base is DiscountBase.STEP_START:
                text += " of the price at the start of the step"
            return text
        money = f"{self.amount.amount} {self.amount.currency.code}"  # type: ignore[union-attr]
        return {
            AdjustmentForm.AMOUNT_EACH: f"{money} each",
            AdjustmentForm.AMOUNT: money,
            AdjustmentForm.UNIT_PRICE: f"unit price {money}",
            AdjustmentForm.NET_PRICE: f"net price {money}",
        }[self.form]


def _plain(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return f"{value.normalize(DECIMAL_CONTEXT):f}"


@attrs.frozen(kw_only=True)
class ManualDiscount:
    """A discount a person gave by hand, with their reason: kept exactly as given."""

    adjustment: Adjustment = attrs.field(validator=is_instance(Adjustment))
    reason: str = attrs.field(converter=to_text, validator=is_text(max_length=500))
    by: UserId = attrs.field(validator=is_id)


@attrs.frozen(kw_only=True)
class FloorOverride:
    """A recorded decision to let a line go below its price floor, and who took it."""

    reason: str = attrs.field(converter=to_text, validator=is_text(max_length=500))
    by: UserId = attrs.field(validator=is_id)


# --- tiers ---------------------------------------------------------------------------------


class TierMode(Enum):
    """How a tier table prices a quantity."""

    GRADUATED = "graduated"
    """Each unit at the price of the tier it falls in (the first 10 at one
    price, the next 40 at another, ...)."""
    ALL_UNITS = "all_units"
    """Every unit at the price of the tier the whole quantity reaches."""


def _quantity_bound(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    check_decimal(value, attr.name, minimum=Decimal("0.000001"))


@attrs.frozen(kw_only=True)
class Tier:
    """One row of a tier table: quantities up to ``up_to`` (inclusive) cost ``unit_price``.

    The last tier has no ``up_to``: it covers every larger quantity.
    """

    up_to: Decimal | None = attrs.field(converter=to_optional_decimal, validator=_quantity_bound)
    unit_price: Money = attrs.field(validator=_amount)

    def __attrs_post_init__(self) -> None:
        if self.unit_price is None:
            fail("unit_price", "a tier needs a unit price")


def _tiers(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(Tier)(inst, attr, value)
    tiers: tuple[Tier, ...] = value  # type: ignore[assignment]
    if not tiers:
        fail(attr.name, "a tier table needs at least one tier")
    currency = tiers[0].unit_price.currency.code
    previous = Decimal(0)
    for index, tier in enumerate(tiers):
        if tier.unit_price.currency.code != currency:
            raise CurrencyMismatch(
                currency, tier.unit_price.currency.code, field=f"{attr.name}[{index}].unit_price"
            )
        last = index == len(tiers) - 1
        if tier.up_to is None and not last:
            fail(f"{attr.name}[{index}].up_to", "only the last tier is open-ended")
        if last and tier.up_to is not None:
            fail(f"{attr.name}[{index}].up_to", "the last tier is open-ended: give no up_to")
        if tier.up_to is not None:
            if tier.up_to <= previous:
                fail(
                    f"{attr.name}[{index}].up_to",
                    f"tiers go up: {tier.up_to} is not above {previous}",
                )
            previous = tier.up_to


@attrs.frozen(kw_only=True)
class TierTable:
    """Volume prices: a unit price per quantity band, graduated or all-units.

    >>> table = TierTable(mode=TierMode.GRADUATED, tiers=[
    ...     Tier(up_to=10, unit_price=Money("10.00", "EUR")),
    ...     Tier(up_to=None, unit_price=Money("8.00", "EUR")),
    ... ])
    >>> table.amount(Decimal(15))
    Decimal('140.00')
    >>> TierTable(mode=TierMode.ALL_UNITS, tiers=table.tiers).amount(Decimal(15))
    Decimal('120.00')
    """

    mode: TierMode = attrs.field(validator=is_enum(TierMode))
    tiers: tuple[Tier, ...] = attrs.field(converter=to_tuple, validator=_tiers)

    @property
    def currency(self) -> str:
        """The currency of the tier prices."""
        return self.tiers[0].unit_price.currency.code

    def tier_for(self, quantity: Decimal) -> int:
        """The index of the tier ``quantity`` reaches."""
        for index, tier in enumerate(self.tiers):
            if tier.up_to is None or quantity <= tier.up_to:
                return index
        return len(self.tiers) - 1  # pragma: no cover - the last tier is open-ended

    def bands(self, quantity: Decimal) -> tuple[tuple[Decimal, Decimal], ...]:
        """``(units, unit price)`` for each band ``quantity`` is priced in."""
        if self.mode is TierMode.ALL_UNITS:
            return ((quantity, self.tiers[self.tier_for(quantity)].unit_price.amount),)
        found: list[tuple[Decimal, Decimal]] = []
        lower = Decimal(0)
        for tier in self.tiers:
            upper = quantity if tier.up_to is None else min(quantity, tier.up_to)
            if upper > lower:
                found.append((DECIMAL_CONTEXT.subtract(upper, lower), tier.unit_price.amount))
            if tier.up_to is None or quantity <= tier.up_to:
                break
            lower = tier.up_to
        return tuple(found)

    def amount(self, quantity: Decimal) -> Decimal:
        """The exact amount for ``quantity`` units (no rounding)."""
        total = Decimal(0)
        for units, price in self.bands(quantity):
            total = DECIMAL_CONTEXT.add(total, DECIMAL_CONTEXT.multiply(units, price))
        return total

    def describe(self, quantity: Decimal) -> str:
        """How ``quantity`` is priced, in words."""
        parts = [f"{_plain(units)} x {price}" for units, price in self.bands(quantity)]
        return f"{self.mode.value} tiers: " + " + ".join(parts)


# --- rounding ------------------------------------------------------------------------------


class RoundingLevel(Enum):
    """Where rounding happens."""

    UNIT = "unit"
    """The net unit price is rounded, and the line is that price times the quantity."""
    LINE = "line"
    """The line amount is rounded; the unit price is whatever it divides to."""


@attrs.frozen(kw_only=True)
class RoundingPolicy:
    """How a price book rounds: unit or line, the mode, and to how many decimals.

    ``minor_units`` rounds to fewer decimals than the currency has (0 gives
    whole units); ``None`` uses the currency's own minor unit, and a value
    above it is held to it. ``fx_mode``, when set, rounds a converted price
    to the target currency right at the conversion step; otherwise the
    converted amount stays exact until the rounding step.
    """

    level: RoundingLevel = attrs.field(default=RoundingLevel.UNIT, validator=is_enum(RoundingLevel))
    mode: RoundingMode = attrs.field(default=DEFAULT_ROUNDING, validator=is_enum(RoundingMode))
    minor_units: int | None = attrs.field(
        default=None, validator=optional(is_int(minimum=0, maximum=4))
    )
    fx_mode: RoundingMode | None = attrs.field(
        default=None, validator=optional(is_enum(RoundingMode))
    )

    def digits_for(self, currency: str) -> int:
        """The decimals amounts in ``currency`` are rounded to."""
        digits = minor_digits(currency)
        if self.minor_units is None:
            return digits
        return min(self.minor_units, digits)

    def quantum_for(self, currency: str) -> Decimal:
        """The smallest step of a rounded amount in ``currency`` (``Decimal('0.01')`` for EUR)."""
        return Decimal(1).scaleb(-self.digits_for(currency))

    def describe(self) -> str:
        """The policy in words."""
        digits = (
            "the currency's minor unit"
            if self.minor_units is None
            else (f"{self.minor_units} decimals")
        )
        return f"{self.mode.value} per {self.level.value} to {digits}"


# --- steps ---------------------------------------------------------------------------------


class PricingStep(Enum):
    """The steps of a price waterfall. Their order is part of the price book's data."""

    LIST_PRICE = "list_price"
    """Always first: the list price in force, times the quantity (or by tiers)."""
    CONTRACT_PRICES = "contract_prices"
    VOLUME_TIERS = "volume_tiers"
    SEGMENT_DISCOUNTS = "segment_discounts"
    CHANNEL_DISCOUNTS = "channel_discounts"
    PARTNER_DISCOUNTS = "partner_discounts"
    BUNDLE_DISCOUNTS = "bundle_discounts"
    PROMOTIONS = "promotions"
    FREE_GOODS = "free_goods"
    CURRENCY_CONVERSION = "currency_conversion"
    MANUAL_DISCOUNTS = "manual_discounts"
    SURCHARGES = "surcharges"
    CEILINGS = "ceilings"
    FLOORS = "floors"
    ROUNDING = "rounding"
    HEADER_DISCOUNT = "header_discount"
    """Always last: the line's share of a document-level discount."""


#: The steps that lower a price on purpose; floors come after all of them.
DISCOUNT_STEPS: Final = frozenset(
    {
        PricingStep.CONTRACT_PRICES,
        PricingStep.VOLUME_TIERS,
        PricingStep.SEGMENT_DISCOUNTS,
        PricingStep.CHANNEL_DISCOUNTS,
        PricingStep.PARTNER_DISCOUNTS,
        PricingStep.BUNDLE_DISCOUNTS,
        PricingStep.PROMOTIONS,
        PricingStep.FREE_GOODS,
        PricingStep.MANUAL_DISCOUNTS,
    }
)

#: The default order of the waterfall, between the list price and the header discount:
#: agreed prices first (contract, volume), then customer discounts (segment, channel,
#: partner tier), bundle discounts, promotions and free goods, all in the price book's
#: currency; then conversion to the document's currency, the person's manual discount
#: (in the currency they see), surcharges, ceilings, floors, and rounding last.
DEFAULT_STEPS: Final = (
    PricingStep.CONTRACT_PRICES,
    PricingStep.VOLUME_TIERS,
    PricingStep.SEGMENT_DISCOUNTS,
    PricingStep.CHANNEL_DISCOUNTS,
    PricingStep.PARTNER_DISCOUNTS,
    PricingStep.BUNDLE_DISCOUNTS,
    PricingStep.PROMOTIONS,
    PricingStep.FREE_GOODS,
    PricingStep.CURRENCY_CONVERSION,
    PricingStep.MANUAL_DISCOUNTS,
    PricingStep.SURCHARGES,
    PricingStep.CEILINGS,
    PricingStep.FLOORS,
    PricingStep.ROUNDING,
)

_ORDERABLE: Final = frozenset(DEFAULT_STEPS)


def check_steps(steps: Iterable[PricingStep], field: str = "steps") -> tuple[PricingStep, ...]:
    """Check a waterfall order: every orderable step exactly once, floors after every step
    that can lower a price (discounts, ceilings, currency conversion)."""
    if isinstance(steps, str) or not isinstance(steps, Iterable):
        fail(field, f"expected a list of PricingStep, got {describe(steps)}")
    items = tuple(steps)
    for index, step in enumerate(items):
        if not isinstance(step, PricingStep):
            fail(f"{field}[{index}]", f"expected a PricingStep, got {describe(step)}")
        if step not in _ORDERABLE:
            fail(
                f"{field}[{index}]",
                f"{step.value} is not ordered by the price book: the list price always comes "
                "first and the header discount last",
            )
        if step in items[:index]:
            fail(f"{field}[{index}]", f"{step.value} is listed twice")
    missing = [s.value for s in DEFAULT_STEPS if s not in items]
    if missing:
        fail(field, f"every step must be placed; missing {', '.join(missing)}")
    floors = items.index(PricingStep.FLOORS)
    for index, step in enumerate(items[floors + 1 :], start=floors + 1):
        if step in DISCOUNT_STEPS or step in (
            PricingStep.CEILINGS,
            PricingStep.CURRENCY_CONVERSION,
        ):
            fail(
                f"{field}[{index}]",
                f"{step.value} comes after floors, so it could take a price below its floor; "
                "floors come after every step that can lower a price",
            )
    return items
