"""One line's price waterfall: the steps of the price book, in its order, on exact Decimals.

The engine runs this code inside ``decimal.localcontext(DECIMAL_CONTEXT)``, so
the arithmetic operators here use the library's fixed context, never the
host's.

The state is the *line* amount (unit price times quantity, or the tier
amount), which keeps every step exact: percentages, amounts per unit, tier
totals and free units all stay exact on a line amount, where a unit price
would need divisions. Unit prices are derived from it when rounding per unit
and when shown.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Final

from pcf_sales.core import DECIMAL_CONTEXT, RoundingMode, minor_digits
from pcf_sales.core._fast import builder
from pcf_sales.core._validate import fail
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.pricing._combination import CombinationMode, TieBreak
from pcf_sales.pricing._compiled import (
    OP_AMOUNT_EACH,
    OP_FREE_SAME,
    OP_PERCENT_LIST,
    OP_PERCENT_RUNNING,
    OP_PERCENT_STEP_START,
    OP_TIERS,
    OP_UNIT_PRICE,
    CompiledRule,
)
from pcf_sales.pricing._documents import DocumentLine
from pcf_sales.pricing._results import RuleDecision, RuleOutcome, WaterfallStep
from pcf_sales.pricing._rules import RuleKind
from pcf_sales.pricing._values import (
    AdjustmentForm,
    DiscountBase,
    FloorOverride,
    PricingStep,
    RoundingLevel,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["TIERS_ROUNDING", "LineWork", "new_decision", "new_step"]

new_step = builder(WaterfallStep)
new_decision = builder(RuleDecision)

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_HUNDRED: Final = Decimal(100)
_LIST: Final = PricingStep.LIST_PRICE
_APPLIED: Final = RuleOutcome.APPLIED
_LOST: Final = RuleOutcome.LOST
_EXCLUDED: Final = RuleOutcome.EXCLUDED
_NOT_APPLIED: Final = RuleOutcome.NOT_APPLIED
#: Why a tier-priced line is rounded as a whole: a tier table prices the line, and
#: rounding its average unit price would move an amount already in whole cents.
TIERS_ROUNDING: Final = "tier prices give the line amount"


def _text(value: Decimal) -> str:
    return f"{value.normalize(DECIMAL_CONTEXT):f}"


class LineWork:
    """The running state of one line's waterfall and the steps it has recorded."""

    __slots__ = (
        "amount",
        "cost_missing",
        "cost_unit",
        "currency",
        "decisions",
        "factor",
        "floor",
        "free_units",
        "generated",
        "line_rounding",
        "list_amount",
        "number",
        "override",
        "quantity",
        "steps",
    )

    def __init__(
        self,
        number: int,
        quantity: Decimal,
        amount: Decimal,
        currency: str,
        cost_unit: Decimal | None,
        list_note: str | None,
    ) -> None:
        self.number = number
        self.quantity = quantity
        self.amount = amount
        self.list_amount = amount
        self.currency = currency
        self.factor: Decimal | None = None
        self.cost_unit = cost_unit
        self.cost_missing: str | None = None
        self.free_units = _ZERO
        self.floor: Decimal | None = None
        self.override: FloorOverride | None = None
        # Why the line is rounded as a whole even when the book rounds per unit.
        self.line_rounding: str | None = None
        self.decisions: list[RuleDecision] = []
        self.generated: list[tuple[CompiledRule, Decimal]] = []
        self.steps: list[WaterfallStep] = [
            new_step(_LIST, None, "List price", _ZERO, amount, currency, None, list_note)
        ]

    # -- recording ----------------------------------------------------------------

    def record(
        self,
        step: PricingStep,
        rule: CompiledRule | None,
        label: str,
        after: Decimal,
        given: object = None,
        note: str | None = None,
    ) -> None:
        """Append a step from the current amount to ``after`` and move to it."""
        self.steps.append(
            new_step(
                step,
                None if rule is None else rule.id,
                label,
                self.amount,
                after,
                self.currency,
                given,
                note,
            )
        )
        self.amount = after

    def decide(self, rule: CompiledRule, outcome: RuleOutcome, reason: str) -> None:
        """Record why a rule that matched did or did not act."""
        self.decisions.append(new_decision(rule.id, rule.step, outcome, reason))

    # -- rules --------------------------------------------------------------------

    def effect(self, rule: CompiledRule, amount: Decimal, step_start: Decimal) -> Decimal:
        """The line amount after ``rule`` acts on ``amount`` (before caps)."""
        op = rule.op
        if op == OP_PERCENT_RUNNING:
            return amount * rule.mult
        factor = self.factor
        if op == OP_AMOUNT_EACH:
            value = rule.signed if factor is None else rule.signed * factor
            return amount + value * self.quantity
        if op == OP_UNIT_PRICE:
            value = rule.amount if factor is None else rule.amount * factor
            return value * self.quantity
        if op == OP_PERCENT_STEP_START:
            return amount + rule.sign * step_start * rule.ratio
        if op == OP_PERCENT_LIST:
            return amount + rule.sign * self.list_amount * rule.ratio
        if op == OP_TIERS:
            total = rule.tiers.amount(self.quantity)  # type: ignore[union-attr]
            return total if factor is None else total * factor
        if op == OP_FREE_SAME:
            units = self.free_units_for(rule)
            if units <= 0:
                return amount
            return amount - DECIMAL_CONTEXT.divide(amount * units, self.quantity)
        return amount  # OP_FREE_OTHER: the free units go on a line of their own

    def idle_reason(self, rule: CompiledRule, start: Decimal, outcome: Decimal) -> str | None:
        """Why ``rule`` would leave the line at ``start`` (``outcome`` being its effect),
        or None when it would act."""
        if rule.kind is RuleKind.FREE_GOODS:
            if self.free_units_for(rule) > 0:
                return None
            return (
                f"{_text(self.quantity)} units earn no free units "
                f"(buy {_text(rule.buy or _ZERO)}, get {_text(rule.free or _ZERO)})"
            )
        if outcome < start or (outcome != start and rule.may_raise):
            return None
        if outcome > start:
            return f"would raise the price from {start} to {outcome}; a discount never does"
        return f"leaves the price at {start}"

    def free_units_for(self, rule: CompiledRule) -> Decimal:
        """Free units a free-goods rule gives: of the same sku, ``free`` of every
        ``buy + free`` ordered; of another sku, ``free`` for every ``buy`` ordered."""
        buy, free = rule.buy, rule.free
        if buy is None or free is None:  # pragma: no cover - checked by the rule
            return _ZERO
        if rule.free_sku is None:
            sets = DECIMAL_CONTEXT.divide(self.quantity, buy + free)
            whole = sets.to_integral_value(rounding=ROUND_FLOOR, context=DECIMAL_CONTEXT)
            return min(whole * free, self.quantity)
        sets = DECIMAL_CONTEXT.divide(self.quantity, buy)
        return sets.to_integral_value(rounding=ROUND_FLOOR, context=DECIMAL_CONTEXT) * free

    def limit(
        self, rule: CompiledRule, new: Decimal, cap: Decimal | None
    ) -> tuple[Decimal, str | None]:
        """Hold a discount rule's result at zero and at the policy's maximum discount
        (``cap`` is a ratio of the list amount)."""
        note = None
        if cap is not None and rule.discount:
            lowest = self.list_amount - self.list_amount * cap
            if new < lowest:
                new = lowest if self.amount > lowest else self.amount
                note = f"held at the policy's maximum discount of {_text(cap * _HUNDRED)} %"
        if new < 0:
            new = _ZERO
            note = "held at zero: a price never goes below zero"
        return new, note

    def combine(
        self,
        step: PricingStep,
        rules: Sequence[CompiledRule],
        mode: CombinationMode,
        tie_break: TieBreak,
        cap: Decimal | None,
    ) -> None:
        """Apply the rules of one step as the combination policy says (``mode``)."""
        start = self.amount
        if len(rules) == 1:
            rule = rules[0]
            self.apply(rule, self.effect(rule, start, start), cap)
            return
        eligible: list[tuple[CompiledRule, Decimal]] = []
        for rule in rules:
            outcome = self.effect(rule, start, start)
            if outcome > start and not rule.may_raise:
                self.decide(
                    rule,
                    _NOT_APPLIED,
                    f"would raise the price from {start} to {outcome}; a discount never does",
                )
                continue
            eligible.append((rule, outcome))
        if not eligible:
            return
        if len(eligible) > 1:
            eligible.sort(key=_precedence(mode, tie_break))
        if mode is CombinationMode.STACK:
            for rule, _ in eligible:
                self.apply(rule, self.effect(rule, self.amount, start), cap)
            return
        winner, best = eligible[0]
        self.apply(winner, best, cap)
        if len(eligible) > 1:
            others = ", ".join(rule.id for rule, _ in eligible[1:])
            how = "best price" if mode is CombinationMode.BEST_PRICE else "first in precedence"
            self.decide(winner, _APPLIED, f"{how} in {step.value}, over {others}")
            for rule, outcome in eligible[1:]:
                self.decide(rule, _LOST, _why_lost(mode, tie_break, winner, best, rule, outcome))

    def apply(self, rule: CompiledRule, new: Decimal, cap: Decimal | None) -> None:
        """Record ``rule`` moving the line to ``new`` (held by the caps)."""
        if new > self.amount and not rule.may_raise:
            self.decide(
                rule,
                _NOT_APPLIED,
                f"would raise the price from {self.amount} to {new}; a discount never does",
            )
            return
        if cap is None and new >= 0:
            held, note = new, None
        else:
            held, note = self.limit(rule, new, cap)
        if rule.kind is RuleKind.FREE_GOODS:
            units = self.free_units_for(rule)
            if units <= 0:
                self.decide(
                    rule,
                    _NOT_APPLIED,
                    f"{_text(self.quantity)} units earn no free units "
                    f"(buy {_text(rule.buy or _ZERO)}, get {_text(rule.free or _ZERO)})",
                )
                return
            if rule.free_sku is None:
                self.free_units = min(self.quantity, self.free_units + units)
                text = f"{_text(units)} of {_text(self.quantity)} units free"
            else:
                self.generated.append((rule, units))
                text = f"{_text(units)} x {rule.free_sku} free, on a line of their own"
            note = text if note is None else f"{text}; {note}"
            self.record(rule.step, rule, rule.label, held, rule.given, note)
            return
        if held == self.amount:
            self.decide(rule, _NOT_APPLIED, f"leaves the price at {self.amount}")
            return
        if rule.op == OP_TIERS:
            self.line_rounding = TIERS_ROUNDING
        self.record(rule.step, rule, rule.label, held, rule.given, note)

    # -- fixed steps --------------------------------------------------------------

    def convert(
        self, rate: Decimal, quote: str, base: str, fx_mode: RoundingMode | None, quantum: Decimal
    ) -> None:
        """Convert the line (and its list amount) at ``rate``."""
        at_list = self.amount == self.list_amount
        converted = self.amount * rate
        note = f"1 {base} = {rate} {quote}"
        if fx_mode is not None:
            unit = _divide(converted, self.quantity)
            unit = unit.quantize(quantum, rounding=fx_mode.decimal_mode, context=DECIMAL_CONTEXT)
            converted = unit * self.quantity
            note += f", unit price rounded {fx_mode.value}"
        # A line still at list keeps its list price as converted, so it shows no discount.
        self.list_amount = converted if at_list else self.list_amount * rate
        self.factor = rate
        self.steps.append(
            new_step(
                PricingStep.CURRENCY_CONVERSION,
                None,
                "Currency conversion",
                self.amount,
                converted,
                quote,
                None,
                note,
            )
        )
        self.amount = converted
        self.currency = quote

    def manual(self, line: DocumentLine, field: str, document_currency: str) -> None:
        """Apply the line's manual discount, as given (amounts in the document's currency)."""
        discount = line.discount
        if discount is None:
            return
        adjustment = discount.adjustment
        form = adjustment.form
        amount = self.amount
        if form is AdjustmentForm.PERCENT:
            ratio = adjustment.percent / _HUNDRED  # type: ignore[operator]
            basis = self.list_amount if adjustment.base is DiscountBase.LIST else amount
            new = amount - basis * ratio
        else:
            money = adjustment.amount
            if money is None:  # pragma: no cover - checked by Adjustment
                return
            if money.currency.code != document_currency:
                raise CurrencyMismatch(document_currency, money.currency.code, field=field)
            if money.currency.code != self.currency:
                fail(
                    field,
                    f"a manual discount in {money.currency.code} applied while the line is in "
                    f"{self.currency}: put manual discounts after currency conversion in the "
                    "price book's steps, or give a percent",
                )
            value = money.amount
            quantum = _minor_unit(money.currency.code)
            if value != value.quantize(quantum, rounding=ROUND_DOWN, context=DECIMAL_CONTEXT):
                fail(field, f"{value} has digits below the minor unit of {money.currency.code}")
            if form is AdjustmentForm.AMOUNT_EACH:
                new = amount - value * self.quantity
            elif form is AdjustmentForm.AMOUNT:
                new = amount - value
            elif form is AdjustmentForm.UNIT_PRICE:
                new = value * self.quantity
            else:
                new = value
        if new > amount:
            fail(
                field,
                f"a manual discount never raises the price: it would take the line from "
                f"{amount} to {new}",
            )
        note = f"{discount.reason} ({discount.by})"
        if form is AdjustmentForm.AMOUNT or form is AdjustmentForm.NET_PRICE:
            # a line amount was given: per-unit rounding would move it
            self.line_rounding = "the manual discount was given for the whole line"
        if new < 0:
            new = _ZERO
            note += "; held at zero: a price never goes below zero"
        self.record(PricingStep.MANUAL_DISCOUNTS, None, "Manual discount", new, adjustment, note)

    def floors(
        self,
        rules: Sequence[CompiledRule],
        quantum: Decimal,
        override: FloorOverride | None,
    ) -> None:
        """Raise the line to its highest floor, unless a recorded override lets it stay.

        A minimum price is per paid unit; a margin floor covers the cost of every
        unit, free ones included, since the margin is taken on the whole line."""
        paid = self.quantity - self.free_units
        found: list[tuple[Decimal, CompiledRule]] = []
        for rule in rules if len(rules) == 1 else sorted(rules, key=_static_key):
            if rule.kind is RuleKind.MINIMUM_PRICE:
                unit = rule.amount if self.factor is None else rule.amount * self.factor
                found.append((_ceil(_ceil(unit, quantum) * paid, quantum), rule))
                continue
            if self.cost_unit is None:
                why = (
                    "no standard cost to compute a margin from"
                    if self.cost_missing is None
                    else "no standard cost in the document's currency"
                )
                self.decide(rule, _NOT_APPLIED, why)
                continue
            cost = self.cost_unit * self.quantity
            found.append((_ceil(DECIMAL_CONTEXT.divide(cost, _ONE - rule.ratio), quantum), rule))
        best = None
        for line_floor, rule in found:
            if best is None or line_floor > best[0]:
                best = (line_floor, rule)
        if best is not None:
            for line_floor, rule in found:
                if rule is not best[1]:
                    self.decide(
                        rule,
                        _NOT_APPLIED,
                        f"its floor {line_floor} is not above the floor {best[0]} of {best[1].id}",
                    )
        if best is None:
            return
        line_floor, rule = best
        self.floor = line_floor
        self.override = override
        if self.amount >= line_floor:
            return
        if override is not None:
            self.record(
                PricingStep.FLOORS,
                rule,
                rule.label,
                self.amount,
                rule.given,
                f"floor {line_floor} overridden: {override.reason} ({override.by})",
            )
            return
        self.record(
            PricingStep.FLOORS, rule, rule.label, line_floor, rule.given, "raised to the floor"
        )

    def ceilings(self, rules: Sequence[CompiledRule]) -> None:
        """Lower the line to its lowest ceiling."""
        best: tuple[Decimal, CompiledRule] | None = None
        for rule in sorted(rules, key=_static_key):
            unit = rule.amount if self.factor is None else rule.amount * self.factor
            line_ceiling = unit * self.quantity
            if best is None or line_ceiling < best[0]:
                best = (line_ceiling, rule)
        if best is None or self.amount <= best[0]:
            return
        self.record(
            PricingStep.CEILINGS,
            best[1],
            best[1].label,
            best[0],
            best[1].given,
            "lowered to the ceiling",
        )

    def round(
        self, level: RoundingLevel, mode: str, quantum: Decimal, label: str = "Rounding"
    ) -> None:
        """Round per unit or per line with ``mode`` (a :mod:`decimal` rounding constant),
        never below a floor that is not overridden."""
        note = None
        if self.line_rounding is not None and level is RoundingLevel.UNIT:
            level = RoundingLevel.LINE
            note = f"rounded per line: {self.line_rounding}"
        new = self._rounded(level, quantum, mode)
        if self.floor is not None and self.override is None and new < self.floor:
            new = self._rounded(level, quantum, ROUND_CEILING)
            note = "rounded up to stay at the floor"
        self.record(PricingStep.ROUNDING, None, label, new, None, note)

    def _rounded(self, level: RoundingLevel, quantum: Decimal, mode: str) -> Decimal:
        amount = self.amount
        # Per unit, the unit is a paid unit: free units are free, not cheaper.
        paid = self.quantity - self.free_units
        if level is RoundingLevel.UNIT and paid != _ONE and paid > 0:
            unit = _divide(amount, paid).quantize(quantum, rounding=mode, context=DECIMAL_CONTEXT)
            new = unit * paid
            if new != new.quantize(quantum, context=DECIMAL_CONTEXT):
                new = new.quantize(quantum, rounding=mode, context=DECIMAL_CONTEXT)
            return new
        return amount.quantize(quantum, rounding=mode, context=DECIMAL_CONTEXT)

    def is_rounded(self, quantum: Decimal) -> bool:
        """True when the amount has no digits below ``quantum``."""
        amount = self.amount
        return amount == amount.quantize(quantum, rounding=ROUND_DOWN, context=DECIMAL_CONTEXT)


def _minor_unit(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_digits(currency))


def _divide(amount: Decimal, quantity: Decimal) -> Decimal:
    if quantity == _ONE:
        return amount
    return DECIMAL_CONTEXT.divide(amount, quantity)


def _ceil(value: Decimal, quantum: Decimal) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_CEILING, context=DECIMAL_CONTEXT)


def _static_key(rule: CompiledRule) -> tuple[int, str]:
    return (rule.priority, rule.id)


def _precedence(
    mode: CombinationMode, tie_break: TieBreak
) -> Callable[[tuple[CompiledRule, Decimal]], tuple[object, ...]]:
    if mode is CombinationMode.BEST_PRICE:
        if tie_break is TieBreak.NEWEST_FIRST:
            return lambda item: (item[1], item[0].priority, item[0].newest, item[0].id)
        return lambda item: (item[1], item[0].priority, item[0].id)
    if tie_break is TieBreak.LOWEST_PRICE:
        return lambda item: (item[0].priority, item[1], item[0].id)
    if tie_break is TieBreak.NEWEST_FIRST:
        return lambda item: (item[0].priority, item[0].newest, item[0].id)
    return lambda item: (item[0].priority, item[0].id)


def _why_lost(
    mode: CombinationMode,
    tie_break: TieBreak,
    winner: CompiledRule,
    best: Decimal,
    loser: CompiledRule,
    outcome: Decimal,
) -> str:
    w = winner.id
    if mode is CombinationMode.BEST_PRICE and best != outcome:
        return f"{w} gives a lower price: {best} against {outcome}"
    same_price = mode is CombinationMode.BEST_PRICE or tie_break is TieBreak.LOWEST_PRICE
    prefix = f"same price {best}; " if mode is CombinationMode.BEST_PRICE else ""
    if winner.priority != loser.priority:
        return f"{prefix}{w} has precedence: priority {winner.priority} before {loser.priority}"
    prefix = f"same priority {loser.priority}"
    if tie_break is TieBreak.LOWEST_PRICE and best != outcome:
        return f"{prefix}; {w} gives the lower price: {best} against {outcome}"
    if tie_break is TieBreak.NEWEST_FIRST and winner.newest != loser.newest:
        return (
            f"{prefix}; {w} is newer (valid from {winner.valid_from}, "
            f"against {loser.valid_from or 'no date'})"
        )
    if same_price:
        prefix += f" and price {best}"
    return f"{prefix}; tie broken by rule id: {w!r} sorts before {loser.id!r}"


def exclusive_winner(
    work: LineWork, rules: list[CompiledRule], tie_break: TieBreak
) -> list[CompiledRule]:
    """Keep one exclusive rule and the non-discount rules; record who was shut out.

    Only exclusive rules that would act on the line's list amount compete (a
    free-goods rule that earns no free units, or a discount that would raise
    the price, shuts nothing out); of those, the first in precedence wins:
    priority, then the policy's tie-break, then the rule id, as within a step.
    """
    exclusives = [r for r in rules if r.exclusive and r.discount]
    if not exclusives:
        return rules
    start = work.amount
    acting: list[tuple[CompiledRule, Decimal]] = []
    idle: dict[int, str] = {}
    for rule in exclusives:
        outcome = work.effect(rule, start, start)
        why = work.idle_reason(rule, start, outcome)
        if why is None:
            acting.append((rule, outcome))
        else:
            idle[id(rule)] = why
    if not acting:
        for rule in exclusives:
            work.decide(
                rule,
                _NOT_APPLIED,
                f"exclusive but would not change the price: {idle[id(rule)]}; "
                "the other rules apply",
            )
        return [r for r in rules if id(r) not in idle]
    if len(acting) > 1:
        acting.sort(key=_precedence(CombinationMode.FIRST, tie_break))
    winner, best = acting[0]
    outcomes = {id(rule): outcome for rule, outcome in acting}
    kept: list[CompiledRule] = []
    for rule in rules:
        if rule is winner or not rule.discount:
            kept.append(rule)
        elif id(rule) in idle:
            work.decide(rule, _NOT_APPLIED, f"exclusive but {idle[id(rule)]}")
        elif rule.exclusive:
            why = _why_lost(
                CombinationMode.FIRST, tie_break, winner, best, rule, outcomes[id(rule)]
            )
            why = why.removeprefix(f"{winner.id} has precedence: ")
            work.decide(rule, _LOST, f"exclusive rule {winner.id} has precedence: {why}")
        else:
            work.decide(rule, _EXCLUDED, f"exclusive rule {winner.id} applies to the line")
    return kept
