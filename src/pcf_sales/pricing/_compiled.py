"""Rules prepared for the engine: plain slotted records and the keys they are indexed by."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import pendulum

from pcf_sales.pricing._documents import PricingContext
from pcf_sales.pricing._rules import DISCOUNT_KINDS, PricingRule, RuleKind
from pcf_sales.pricing._values import (
    Adjustment,
    AdjustmentForm,
    DiscountBase,
    PricingStep,
    TierTable,
)

__all__ = ["CompiledRule", "context_facts", "line_products"]

_HUNDRED: Final = Decimal(100)
_ONE: Final = Decimal(1)

#: Rule kinds that set a price and may therefore raise a running price (contracts are binding).
_MAY_RAISE: Final = frozenset({RuleKind.CONTRACT_PRICE, RuleKind.SURCHARGE})


class CompiledRule:
    """A rule with everything the hot loop needs precomputed (no validation, no lookups)."""

    __slots__ = (
        "account",
        "amount",
        "base",
        "buy",
        "channel",
        "code",
        "discount",
        "exclusive",
        "form",
        "free",
        "free_sku",
        "given",
        "id",
        "keys",
        "kind",
        "label",
        "may_raise",
        "min_quantity",
        "mult",
        "newest",
        "op",
        "priority",
        "ratio",
        "rule",
        "segment",
        "sign",
        "signed",
        "step",
        "step_key",
        "tier",
        "tiers",
        "valid_from",
        "valid_until",
    )

    def __init__(self, rule: PricingRule) -> None:
        scope = rule.scope
        self.rule = rule
        self.id = rule.id
        self.label = rule.label
        self.kind = rule.kind
        self.step: PricingStep = rule.kind.step
        self.step_key: str = self.step.value
        self.priority = rule.priority
        self.exclusive = rule.exclusive
        self.discount = rule.kind in DISCOUNT_KINDS
        self.may_raise = rule.kind in _MAY_RAISE
        self.valid_from = rule.valid_from
        self.valid_until = rule.valid_until
        self.newest = 1 if rule.valid_from is None else -rule.valid_from.toordinal()
        self.account = scope.account_id
        self.segment = scope.segment_id
        self.channel = scope.channel_id
        self.tier = scope.partner_tier
        self.code = scope.promotion_code
        self.min_quantity = scope.min_quantity
        adjustment: Adjustment | None = rule.adjustment
        self.given = adjustment
        self.form: AdjustmentForm | None = None if adjustment is None else adjustment.form
        self.base = DiscountBase.RUNNING if adjustment is None else adjustment.base
        self.ratio = Decimal(0)
        self.amount = Decimal(0)
        if adjustment is not None:
            if adjustment.percent is not None:
                self.ratio = adjustment.percent / _HUNDRED
            if adjustment.amount is not None:
                self.amount = adjustment.amount.amount
        self.tiers: TierTable | None = rule.tiers
        self.buy = rule.buy_quantity
        self.free = rule.free_quantity
        self.free_sku = rule.free_sku
        self.keys = _rule_keys(rule)
        sign = _ONE if rule.kind is RuleKind.SURCHARGE else -_ONE
        self.sign = sign
        self.signed = sign * self.amount
        self.mult = _ONE + sign * self.ratio
        self.op = _operation(rule)

    def is_valid_on(self, day: pendulum.Date) -> bool:
        """True when the rule's window includes ``day``."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until

    def matches(self, context: PricingContext) -> bool:
        """True when every context condition of the rule holds (skus and families are
        settled by the index key the rule was found under)."""
        if self.account is not None and self.account != context.account_id:
            return False
        if self.segment is not None and self.segment != context.segment_id:
            return False
        if self.channel is not None and self.channel != context.channel_id:
            return False
        if self.tier is not None and self.tier != context.partner_tier:
            return False
        return self.code is None or self.code in context.promotion_codes


#: How a rule computes its effect, for a fast dispatch in the waterfall.
OP_PERCENT_RUNNING: Final = 1
OP_PERCENT_STEP_START: Final = 2
OP_PERCENT_LIST: Final = 3
OP_AMOUNT_EACH: Final = 4
OP_UNIT_PRICE: Final = 5
OP_TIERS: Final = 6
OP_FREE_SAME: Final = 7
OP_FREE_OTHER: Final = 8
OP_NONE: Final = 0


def _operation(rule: PricingRule) -> int:
    if rule.kind is RuleKind.FREE_GOODS:
        return OP_FREE_SAME if rule.free_sku is None else OP_FREE_OTHER
    if rule.tiers is not None:
        return OP_TIERS
    adjustment = rule.adjustment
    if adjustment is None:  # pragma: no cover - every other kind has one
        return OP_NONE
    if adjustment.form is AdjustmentForm.PERCENT:
        return {
            DiscountBase.RUNNING: OP_PERCENT_RUNNING,
            DiscountBase.STEP_START: OP_PERCENT_STEP_START,
            DiscountBase.LIST: OP_PERCENT_LIST,
        }[adjustment.base]
    if adjustment.form is AdjustmentForm.AMOUNT_EACH:
        return OP_AMOUNT_EACH
    return OP_UNIT_PRICE


def _rule_keys(rule: PricingRule) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The index keys a rule is filed under: its products and its most selective fact.

    The product part is each sku the rule names, else each family, else
    ``*``; the fact part is the account, else the promotion code, the partner
    tier, the segment, the channel, else ``*``. A line then probes a handful
    of keys (its sku and family, with each fact of its context) and finds only
    the rules that can apply, however many rules there are.
    """
    scope = rule.scope
    products: list[tuple[str, ...]]
    if scope.skus:
        products = [("s", sku) for sku in scope.skus]
    elif scope.families:
        products = [("f", family) for family in scope.families]
    else:
        products = [("*",)]
    fact: tuple[str, ...] = ("*",)
    for tag, value in (
        ("a", scope.account_id),
        ("p", scope.promotion_code),
        ("t", scope.partner_tier),
        ("g", scope.segment_id),
        ("c", scope.channel_id),
    ):
        if value is not None:
            fact = (tag, value)
            break
    return tuple((product, fact) for product in products)


def context_facts(context: PricingContext) -> list[tuple[str, ...]]:
    """The fact parts of the keys a line in ``context`` probes."""
    facts: list[tuple[str, ...]] = []
    if context.account_id is not None:
        facts.append(("a", context.account_id))
    facts.extend(("p", code) for code in context.promotion_codes)
    if context.partner_tier is not None:
        facts.append(("t", context.partner_tier))
    if context.segment_id is not None:
        facts.append(("g", context.segment_id))
    if context.channel_id is not None:
        facts.append(("c", context.channel_id))
    facts.append(("*",))
    return facts


def line_products(sku: str, family: str | None) -> list[tuple[str, ...]]:
    """The product parts of the keys a line probes (the document-wide ``*`` is probed once)."""
    if family is None:
        return [("s", sku)]
    return [("s", sku), ("f", family)]
