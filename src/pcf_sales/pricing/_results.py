"""What the engine returns: priced lines with their waterfalls, and document totals."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

import attrs
import pendulum
from moneyed import Money

from pcf_sales.catalog._codes import is_sku
from pcf_sales.core import DECIMAL_CONTEXT, FxRate, FxTable, PriceBookId
from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    fail,
    is_bool,
    is_date,
    is_decimal,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_decimal,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.pricing._documents import PricingContext
from pcf_sales.pricing._values import Adjustment, FloorOverride, ManualDiscount, PricingStep

__all__ = [
    "AppliedHeaderDiscount",
    "PricedLine",
    "PricingResult",
    "RuleDecision",
    "RuleOutcome",
    "UnpriceableLine",
    "UnpriceableReason",
    "WaterfallStep",
]


def _currency_code(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        fail(attr.name, "expected an ISO 4217 currency code")
    check_currency(value, attr.name)


def _ratio_percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return DECIMAL_CONTEXT.divide(DECIMAL_CONTEXT.multiply(part, Decimal(100)), whole)


@attrs.frozen(kw_only=True)
class WaterfallStep:
    """One step of a line's price waterfall: the line amount before and after it.

    Amounts are the whole line's, exact, in ``currency`` (the currency the
    waterfall was in at that step). ``rule_id`` names the rule that acted
    (``None`` for the list price, conversion, manual and header discounts and
    rounding); ``given`` is the adjustment as the rule or person gave it;
    ``note`` says anything else that happened (a cap, a floor, the rate).
    """

    step: PricingStep = attrs.field(validator=is_enum(PricingStep))
    rule_id: str | None = attrs.field(validator=optional(is_text(max_length=64)))
    label: str = attrs.field(validator=is_text(max_length=200))
    before: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())
    after: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())
    currency: str = attrs.field(validator=_currency_code)
    given: Adjustment | None = attrs.field(
        default=None, validator=optional(is_instance(Adjustment))
    )
    note: str | None = attrs.field(default=None, validator=optional(is_text(max_length=500)))

    @property
    def change(self) -> Decimal:
        """``after - before``: negative for a discount."""
        return self.after - self.before

    @property
    def percent(self) -> Decimal | None:
        """The change as a percentage of ``before`` (derived exactly, 34 digits)."""
        return _ratio_percent(self.change, self.before)

    def describe(self) -> str:
        """The step on one line of text."""
        who = f" [{self.rule_id}]" if self.rule_id else ""
        given = f" ({self.given.describe()})" if self.given is not None else ""
        note = f"; {self.note}" if self.note else ""
        if self.step is PricingStep.LIST_PRICE:
            return f"{self.label}{who}: {self.after} {self.currency}{note}"
        return (
            f"{self.label}{who}{given}: {self.before} -> {self.after} {self.currency} "
            f"({self.change:+f}){note}"
        )


class RuleOutcome(Enum):
    """What became of a rule that matched a line."""

    APPLIED = "applied"
    """It changed the price (or, for a floor, bound it)."""
    LOST = "lost"
    """Another rule of its step took precedence."""
    EXCLUDED = "excluded"
    """An exclusive rule shut it out."""
    NOT_APPLIED = "not_applied"
    """It matched but had nothing to do (it would have raised a discounted price, the
    floor was not reached, no cost to compute a margin from, ...)."""


@attrs.frozen(kw_only=True)
class RuleDecision:
    """Why a rule that matched a line did or did not change its price."""

    rule_id: str = attrs.field(validator=is_text(max_length=64))
    step: PricingStep = attrs.field(validator=is_enum(PricingStep))
    outcome: RuleOutcome = attrs.field(validator=is_enum(RuleOutcome))
    reason: str = attrs.field(validator=is_text(max_length=500))


class UnpriceableReason(Enum):
    """Why a line could not be priced."""

    UNKNOWN_SKU = "unknown_sku"
    """No product or bundle in the catalog has the sku."""
    INACTIVE_PRODUCT = "inactive_product"
    """The product (or a bundle component) is not on sale."""
    NO_PRICE_IN_FORCE = "no_price_in_force"
    """The price book has no price for the sku on the pricing date."""
    PRICE_BOOK_NOT_IN_FORCE = "price_book_not_in_force"
    """The pricing date is outside the price book's validity window."""


@attrs.frozen(kw_only=True)
class UnpriceableLine:
    """A line the engine could not price, and why."""

    line_number: int = attrs.field(validator=is_int(minimum=1))
    sku: str = attrs.field(validator=is_sku)
    reason: UnpriceableReason = attrs.field(validator=is_enum(UnpriceableReason))
    detail: str = attrs.field(validator=is_text(max_length=500))

    def describe(self) -> str:
        """The problem on one line of text."""
        return f"line {self.line_number} ({self.sku}): {self.detail}"


def _line_money(inst: PricedLine, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    is_money(inst, attr, value)
    if value.currency.code != inst.currency:  # type: ignore[attr-defined]
        raise CurrencyMismatch(inst.currency, value.currency.code, field=attr.name)  # type: ignore[attr-defined]


@attrs.frozen(kw_only=True)
class PricedLine:
    """A priced line: list amount, waterfall, subtotal, share of the header discount, net.

    ``subtotal`` is the line after its own waterfall; ``net_amount`` is the
    subtotal less the line's share of the header discount. ``cost`` is the
    standard cost of the quantity (``None`` when unknown), ``floor`` the
    lowest amount the line may have (``None`` when no floor applies), and
    ``floor_override`` the recorded decision that lets it go lower (by its own
    discounts or by its share of the header discount).
    A line added by a free-goods rule names the rule in ``generated_by`` and
    the line that earned it in ``source_line``. ``notes`` says what the
    engine could not work out for the line (a cost it could not convert).
    """

    line_number: int = attrs.field(validator=is_int(minimum=1))
    sku: str = attrs.field(validator=is_sku)
    quantity: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    currency: str = attrs.field(validator=_currency_code)
    list_amount: Money = attrs.field(validator=_line_money)
    subtotal: Money = attrs.field(validator=_line_money)
    header_discount: Money = attrs.field(validator=_line_money)
    net_amount: Money = attrs.field(validator=_line_money)
    steps: tuple[WaterfallStep, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(WaterfallStep)
    )
    decisions: tuple[RuleDecision, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(RuleDecision)
    )
    cost: Money | None = attrs.field(default=None, validator=_line_money)
    floor: Money | None = attrs.field(default=None, validator=_line_money)
    floor_override: FloorOverride | None = attrs.field(
        default=None, validator=optional(is_instance(FloorOverride))
    )
    free_quantity: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=is_decimal(minimum=0)
    )
    generated_by: str | None = attrs.field(default=None, validator=optional(is_text(max_length=64)))
    source_line: int | None = attrs.field(default=None, validator=optional(is_int(minimum=1)))
    notes: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(is_text(max_length=500))
    )

    def __attrs_post_init__(self) -> None:
        if self.subtotal.amount - self.header_discount.amount != self.net_amount.amount:
            fail("net_amount", "is the subtotal less the header discount")
        if not self.steps or self.steps[0].step is not PricingStep.LIST_PRICE:
            fail("steps", "a waterfall starts with the list price")
        if self.steps[-1].after != self.net_amount.amount:
            fail("steps", "a waterfall ends at the net amount")

    @property
    def net_unit_price(self) -> Decimal:
        """The net amount per unit (exact to 34 digits; round it only to show it)."""
        if self.quantity == 0:
            return Decimal(0)
        return DECIMAL_CONTEXT.divide(self.net_amount.amount, self.quantity)

    @property
    def discount_amount(self) -> Money:
        """List amount less net amount."""
        return Money(self.list_amount.amount - self.net_amount.amount, self.currency)

    @property
    def discount_percent(self) -> Decimal | None:
        """The discount in percent of the list amount (exact to 34 digits)."""
        return _ratio_percent(self.discount_amount.amount, self.list_amount.amount)

    @property
    def margin(self) -> Money | None:
        """Net amount less cost (``None`` when the cost is unknown)."""
        if self.cost is None:
            return None
        return Money(self.net_amount.amount - self.cost.amount, self.currency)

    @property
    def margin_percent(self) -> Decimal | None:
        """The margin in percent of the net amount (``None`` when unknown or net is zero)."""
        margin = self.margin
        if margin is None:
            return None
        return _ratio_percent(margin.amount, self.net_amount.amount)

    @property
    def floor_overridden(self) -> bool:
        """True when the line ends below its floor, which only a recorded override allows."""
        return (
            self.floor is not None
            and self.floor_override is not None
            and self.net_amount.amount < self.floor.amount
        )

    def applied_rules(self) -> tuple[str, ...]:
        """The ids of the rules that changed the line's price, in waterfall order."""
        return tuple(s.rule_id for s in self.steps if s.rule_id is not None)

    def explain(self) -> str:
        """The line's waterfall and decisions as text."""
        head = f"line {self.line_number}: {self.sku} x {self.quantity} ({self.currency})"
        if self.generated_by is not None:
            head += f", free goods of {self.generated_by} for line {self.source_line}"
        lines = [head, *(f"  {step.describe()}" for step in self.steps)]
        lines.extend(f"  - {d.rule_id} {d.outcome.value}: {d.reason}" for d in self.decisions)
        percent = self.discount_percent
        margin = self.margin_percent
        lines.append(
            f"  net {self.net_amount.amount} (unit {_shown(self.net_unit_price)}, discount "
            f"{'n/a' if percent is None else f'{percent:.2f} %'}, margin "
            f"{'n/a' if margin is None else f'{margin:.2f} %'})"
        )
        return "\n".join(lines)


def _shown(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.0001'), context=DECIMAL_CONTEXT).normalize():f}"


@attrs.frozen(kw_only=True)
class AppliedHeaderDiscount:
    """A document-level discount as given, what it asked for and what was applied.

    ``applied`` is less than ``requested`` only when taking more would have put
    a line below its floor or the document below zero; ``note`` says which.
    """

    given: ManualDiscount = attrs.field(validator=is_instance(ManualDiscount))
    requested: Money = attrs.field(validator=is_money)
    applied: Money = attrs.field(validator=is_money)
    note: str | None = attrs.field(default=None, validator=optional(is_text(max_length=500)))


@attrs.frozen(kw_only=True)
class PricingResult:
    """A priced document: its lines, totals, the rates it was priced with, and any lines
    that could not be priced.

    The lines' net amounts add up to ``total`` exactly. ``fx_rates`` are the
    exchange rates used; pass :meth:`fx_table` when pricing again so a change
    in market rates cannot silently change the document.
    """

    price_book_id: PriceBookId = attrs.field(validator=is_id)
    price_book_revision: int = attrs.field(validator=is_int(minimum=1))
    rule_set: str = attrs.field(validator=is_text(max_length=120))
    currency: str = attrs.field(validator=_currency_code)
    price_book_currency: str = attrs.field(validator=_currency_code)
    priced_on: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    context: PricingContext = attrs.field(validator=is_instance(PricingContext))
    lines: tuple[PricedLine, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(PricedLine)
    )
    unpriceable: tuple[UnpriceableLine, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(UnpriceableLine)
    )
    header: AppliedHeaderDiscount | None = attrs.field(
        default=None, validator=optional(is_instance(AppliedHeaderDiscount))
    )
    fx_rates: tuple[FxRate, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(FxRate)
    )
    reference: str | None = attrs.field(default=None, validator=optional(is_text(max_length=128)))
    preview: bool = attrs.field(default=False, validator=is_bool)

    def __attrs_post_init__(self) -> None:
        for index, line in enumerate(self.lines):
            if line.currency != self.currency:
                raise CurrencyMismatch(self.currency, line.currency, field=f"lines[{index}]")
        header = sum((line.header_discount.amount for line in self.lines), Decimal(0))
        applied = Decimal(0) if self.header is None else self.header.applied.amount
        if header != applied:
            fail("header", f"the lines carry {header} of header discount, not {applied}")

    # -- totals ---------------------------------------------------------------------

    def _sum(self, field: str) -> Money:
        total = Decimal(0)
        for line in self.lines:
            total += getattr(line, field).amount
        return Money(total, self.currency)

    @property
    def list_total(self) -> Money:
        """The lines' list amounts added up."""
        return self._sum("list_amount")

    @property
    def subtotal(self) -> Money:
        """The lines' amounts before the header discount."""
        return self._sum("subtotal")

    @property
    def header_discount_total(self) -> Money:
        """The header discount applied (zero when there is none)."""
        return self._sum("header_discount")

    @property
    def total(self) -> Money:
        """The document's net total: exactly the sum of the lines' net amounts."""
        return self._sum("net_amount")

    @property
    def discount_total(self) -> Money:
        """List total less net total."""
        return Money(self.list_total.amount - self.total.amount, self.currency)

    @property
    def discount_percent(self) -> Decimal | None:
        """The total discount in percent of the list total (exact to 34 digits)."""
        return _ratio_percent(self.discount_total.amount, self.list_total.amount)

    @property
    def cost_total(self) -> Money | None:
        """The lines' costs added up (``None`` when any line's cost is unknown)."""
        total = Decimal(0)
        for line in self.lines:
            if line.cost is None:
                return None
            total += line.cost.amount
        return Money(total, self.currency)

    @property
    def margin(self) -> Money | None:
        """Net total less cost total (``None`` when a cost is unknown)."""
        cost = self.cost_total
        return None if cost is None else Money(self.total.amount - cost.amount, self.currency)

    @property
    def margin_percent(self) -> Decimal | None:
        """The margin in percent of the net total."""
        margin = self.margin
        return None if margin is None else _ratio_percent(margin.amount, self.total.amount)

    @property
    def is_complete(self) -> bool:
        """True when every line was priced."""
        return not self.unpriceable

    def line(self, line_number: int) -> PricedLine:
        """The priced line numbered ``line_number``."""
        for line in self.lines:
            if line.line_number == line_number:
                return line
        return fail("line_number", f"no priced line {line_number}")

    def fx_table(self) -> FxTable:
        """The exchange rates the document was priced with, as a table to price it again."""
        return FxTable.from_rates(self.fx_rates)

    def explain(self) -> str:
        """Every line's waterfall and the totals, as text."""
        parts = [
            f"Priced on {self.priced_on.isoformat()} with price book {self.price_book_id} "
            f"(revision {self.price_book_revision}) and rules {self.rule_set!r}, in {self.currency}"
        ]
        parts.extend(f"  1 {r.base} = {r.rate} {r.quote} (quoted {r.on})" for r in self.fx_rates)
        parts.extend(line.explain() for line in self.lines)
        parts.extend(f"not priced: {u.describe()}" for u in self.unpriceable)
        if self.header is not None:
            note = f"; {self.header.note}" if self.header.note else ""
            parts.append(
                f"header discount ({self.header.given.adjustment.describe()}, "
                f"{self.header.given.reason}): {self.header.applied.amount}{note}"
            )
        percent = self.discount_percent
        parts.append(
            f"list {self.list_total.amount}, subtotal {self.subtotal.amount}, "
            f"total {self.total.amount} {self.currency}, discount "
            f"{'n/a' if percent is None else f'{percent:.2f} %'}"
        )
        return "\n".join(parts)
