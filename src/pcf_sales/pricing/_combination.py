"""The combination policy (what happens when several rules apply) and the rule set."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, Final, cast

import attrs

from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    describe,
    fail,
    is_decimal,
    is_enum,
    is_instance,
    is_text,
    is_tuple_of,
    optional,
    to_optional_decimal,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.pricing._rules import PricingRule
from pcf_sales.pricing._values import PricingStep

__all__ = [
    "COMBINABLE_STEPS",
    "CombinationMode",
    "CombinationPolicy",
    "RuleSet",
    "StepMode",
    "TieBreak",
]


# --- the combination policy ----------------------------------------------------------------


class CombinationMode(Enum):
    """What happens when several rules of one step apply to a line."""

    STACK = "stack"
    """All apply, one after the other in precedence order."""
    BEST_PRICE = "best_price"
    """Only the rule giving the lowest price applies."""
    FIRST = "first"
    """Only the rule first in precedence applies."""


class TieBreak(Enum):
    """How rules of equal priority are ordered. The rule id always settles what is left,
    so precedence is total and never depends on the order rules were given in."""

    LOWEST_PRICE = "lowest_price"
    """The rule giving the lower price comes first."""
    NEWEST_FIRST = "newest_first"
    """The rule with the later ``valid_from`` comes first (no date counts as oldest)."""
    RULE_ID = "rule_id"
    """Straight to the rule id."""


#: The steps whose rules a combination policy combines.
COMBINABLE_STEPS: Final = frozenset(
    {
        PricingStep.CONTRACT_PRICES,
        PricingStep.VOLUME_TIERS,
        PricingStep.SEGMENT_DISCOUNTS,
        PricingStep.CHANNEL_DISCOUNTS,
        PricingStep.PARTNER_DISCOUNTS,
        PricingStep.BUNDLE_DISCOUNTS,
        PricingStep.PROMOTIONS,
        PricingStep.FREE_GOODS,
        PricingStep.SURCHARGES,
    }
)


def _combinable(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_enum(PricingStep)(inst, attr, value)
    if value not in COMBINABLE_STEPS:
        fail(
            attr.name,
            f"{value.value} has fixed rules: floors take the highest floor, ceilings the lowest; "  # type: ignore[attr-defined]
            "the others have no competing rules",
        )


@attrs.frozen(kw_only=True)
class StepMode:
    """The combination mode of one step, overriding the policy's default."""

    step: PricingStep = attrs.field(validator=_combinable)
    mode: CombinationMode = attrs.field(validator=is_enum(CombinationMode))


def _step_modes(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(StepMode)(inst, attr, value)
    seen: set[PricingStep] = set()
    for index, item in enumerate(cast("tuple[StepMode, ...]", value)):
        if item.step in seen:
            fail(f"{attr.name}[{index}]", f"{item.step.value} is given twice")
        seen.add(item.step)


_DEFAULT_STEP_MODES: Final = (
    StepMode(step=PricingStep.CONTRACT_PRICES, mode=CombinationMode.FIRST),
    StepMode(step=PricingStep.SURCHARGES, mode=CombinationMode.STACK),
)


@attrs.frozen(kw_only=True)
class CombinationPolicy:
    """How rules combine, decided by data, never by the order rules were given in.

    Within a step, ``default_mode`` (or the step's own mode) decides: stack,
    best price or first. Between steps, rules compound in the price book's
    step order. An *exclusive* rule that applies to a line shuts out every
    other rule of the discount steps (if several do, the first in precedence
    wins). Precedence is total: priority (lower first), then ``tie_break``,
    then the rule id. ``max_discount_percent`` caps what rules together take
    off the list price (manual discounts are governed by the discount policy).

    By default: contract prices take the first by precedence, surcharges
    stack, and every other step takes the best price.
    """

    default_mode: CombinationMode = attrs.field(
        default=CombinationMode.BEST_PRICE, validator=is_enum(CombinationMode)
    )
    step_modes: tuple[StepMode, ...] = attrs.field(
        default=_DEFAULT_STEP_MODES, converter=to_tuple, validator=_step_modes
    )
    tie_break: TieBreak = attrs.field(default=TieBreak.LOWEST_PRICE, validator=is_enum(TieBreak))
    max_discount_percent: Decimal | None = attrs.field(
        default=None,
        converter=to_optional_decimal,
        validator=optional(is_decimal(minimum=0, maximum=100)),
    )

    def mode_for(self, step: PricingStep) -> CombinationMode:
        """The combination mode of ``step``."""
        for item in self.step_modes:
            if item.step is step:
                return item.mode
        return self.default_mode


def _rules(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(PricingRule)(inst, attr, value)
    seen: set[str] = set()
    for index, rule in enumerate(cast("tuple[PricingRule, ...]", value)):
        if rule.id in seen:
            fail(f"{attr.name}[{index}].id", f"rule id {rule.id!r} is used twice")
        seen.add(rule.id)


def _currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        fail(attr.name, f"expected an ISO 4217 currency code such as 'EUR', got {describe(value)}")
    check_currency(value, attr.name)


@attrs.frozen(kw_only=True)
class RuleSet:
    """The pricing rules used with a price book, their currency and combination policy.

    Every amount in the rules (prices, amounts off, tier prices, floors) is in
    ``currency``, which must be the price book's; the engine converts them
    with the document's exchange rate where the waterfall has already
    converted. Rule ids are unique. The order of ``rules`` does not matter.
    """

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=120))
    currency: str = attrs.field(validator=_currency)
    rules: tuple[PricingRule, ...] = attrs.field(default=(), converter=to_tuple, validator=_rules)
    policy: CombinationPolicy = attrs.field(
        factory=CombinationPolicy, validator=is_instance(CombinationPolicy)
    )

    def __attrs_post_init__(self) -> None:
        for index, rule in enumerate(self.rules):
            currency = rule.currency
            if currency is not None and currency != self.currency:
                raise CurrencyMismatch(self.currency, currency, field=f"rules[{index}]")

    @classmethod
    def of(
        cls,
        *,
        name: str,
        currency: str,
        rules: Iterable[PricingRule] = (),
        policy: CombinationPolicy | None = None,
    ) -> RuleSet:
        """A rule set stored in a canonical order (by rule id), so equal sets compare equal."""
        return cls(
            name=name,
            currency=currency,
            rules=tuple(sorted(rules, key=lambda r: r.id)),
            policy=CombinationPolicy() if policy is None else policy,
        )

    def rule(self, rule_id: str) -> PricingRule:
        """The rule with ``rule_id`` (a ``ValidationError`` when there is none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return fail("rule_id", f"no rule {rule_id!r} in rule set {self.name!r}")

    def with_rule(self, rule: PricingRule) -> RuleSet:
        """A rule set with ``rule`` added, or replacing the rule with its id."""
        if not isinstance(rule, PricingRule):
            fail("rule", f"expected a PricingRule, got {describe(rule)}")
        kept = [r for r in self.rules if r.id != rule.id]
        return attrs.evolve(self, rules=(*kept, rule))
