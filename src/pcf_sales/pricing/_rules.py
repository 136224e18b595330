"""Pricing rules as data: what each kind does, where it applies and how it ranks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.catalog._codes import check_sku, is_sku, to_code
from pcf_sales.core import AccountId, ChannelId, PromotionId, SegmentId
from pcf_sales.core._validate import (
    fail,
    is_bool,
    is_date,
    is_decimal,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_text,
    optional,
    to_optional_date,
    to_optional_decimal,
    to_text,
)
from pcf_sales.pricing._scope import RuleScope
from pcf_sales.pricing._values import Adjustment, AdjustmentForm, PricingStep, TierTable

__all__ = [
    "DISCOUNT_KINDS",
    "PricingRule",
    "RuleKind",
]

_RULE_ID: Final = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


class RuleKind(Enum):
    """What a pricing rule does; each kind runs in one step of the waterfall."""

    CONTRACT_PRICE = "contract_price"
    """An account's agreed price or discount."""
    VOLUME_TIERS = "volume_tiers"
    """Prices by quantity band, graduated or all-units."""
    SEGMENT_DISCOUNT = "segment_discount"
    """A discount for a market segment."""
    CHANNEL_DISCOUNT = "channel_discount"
    """A discount for a sales channel."""
    PARTNER_TIER_DISCOUNT = "partner_tier_discount"
    """A discount for a partner tier (the tier comes in the pricing context)."""
    BUNDLE_DISCOUNT = "bundle_discount"
    """A discount on a bundle's price."""
    PROMOTION = "promotion"
    """A promotional price or discount for a time window, possibly behind a code."""
    FREE_GOODS = "free_goods"
    """Buy X, get Y free: of the same sku or another."""
    SURCHARGE = "surcharge"
    """An amount or percentage added (small orders, express service, ...)."""
    MINIMUM_PRICE = "minimum_price"
    """A floor on the net unit price."""
    MARGIN_FLOOR = "margin_floor"
    """A floor on the margin over standard cost, in percent of the net price."""
    MAXIMUM_PRICE = "maximum_price"
    """A ceiling on the net unit price (a regulated maximum, say)."""

    @property
    def step(self) -> PricingStep:
        """The waterfall step rules of this kind run in."""
        return _STEP_OF[self]


_STEP_OF: Final = {
    RuleKind.CONTRACT_PRICE: PricingStep.CONTRACT_PRICES,
    RuleKind.VOLUME_TIERS: PricingStep.VOLUME_TIERS,
    RuleKind.SEGMENT_DISCOUNT: PricingStep.SEGMENT_DISCOUNTS,
    RuleKind.CHANNEL_DISCOUNT: PricingStep.CHANNEL_DISCOUNTS,
    RuleKind.PARTNER_TIER_DISCOUNT: PricingStep.PARTNER_DISCOUNTS,
    RuleKind.BUNDLE_DISCOUNT: PricingStep.BUNDLE_DISCOUNTS,
    RuleKind.PROMOTION: PricingStep.PROMOTIONS,
    RuleKind.FREE_GOODS: PricingStep.FREE_GOODS,
    RuleKind.SURCHARGE: PricingStep.SURCHARGES,
    RuleKind.MINIMUM_PRICE: PricingStep.FLOORS,
    RuleKind.MARGIN_FLOOR: PricingStep.FLOORS,
    RuleKind.MAXIMUM_PRICE: PricingStep.CEILINGS,
}

#: Kinds whose rules compete under the combination policy (and that an exclusive rule shuts out).
DISCOUNT_KINDS: Final = frozenset(
    {
        RuleKind.CONTRACT_PRICE,
        RuleKind.VOLUME_TIERS,
        RuleKind.SEGMENT_DISCOUNT,
        RuleKind.CHANNEL_DISCOUNT,
        RuleKind.PARTNER_TIER_DISCOUNT,
        RuleKind.BUNDLE_DISCOUNT,
        RuleKind.PROMOTION,
        RuleKind.FREE_GOODS,
    }
)

_FORMS: Final = {
    RuleKind.CONTRACT_PRICE: (
        AdjustmentForm.UNIT_PRICE,
        AdjustmentForm.PERCENT,
        AdjustmentForm.AMOUNT_EACH,
    ),
    RuleKind.SEGMENT_DISCOUNT: (
        AdjustmentForm.PERCENT,
        AdjustmentForm.AMOUNT_EACH,
        AdjustmentForm.UNIT_PRICE,
    ),
    RuleKind.SURCHARGE: (AdjustmentForm.PERCENT, AdjustmentForm.AMOUNT_EACH),
    RuleKind.MINIMUM_PRICE: (AdjustmentForm.UNIT_PRICE,),
    RuleKind.MAXIMUM_PRICE: (AdjustmentForm.UNIT_PRICE,),
    RuleKind.MARGIN_FLOOR: (AdjustmentForm.PERCENT,),
}
for _kind in (
    RuleKind.CHANNEL_DISCOUNT,
    RuleKind.PARTNER_TIER_DISCOUNT,
    RuleKind.BUNDLE_DISCOUNT,
    RuleKind.PROMOTION,
):
    _FORMS[_kind] = _FORMS[RuleKind.SEGMENT_DISCOUNT]


def _rule_id(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _RULE_ID.fullmatch(value):
        fail(
            attr.name,
            f"expected a rule id of lower case letters, digits, _ . - (up to 64), got {value!r}",
        )


def _positive_quantity(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        is_decimal(minimum=Decimal("0.000001"), maximum=Decimal(1_000_000))(inst, attr, value)


@attrs.frozen(kw_only=True)
class PricingRule:
    """One pricing rule: what it does (``kind`` and its value), where it applies
    (``scope``, ``valid_from``/``valid_until``) and how it ranks (``priority``,
    lower first; ``exclusive``: when it applies, no other discount rule does).

    Rules are data. Build them with the named constructors, which check that
    each kind gets the values it needs: an ``adjustment`` for discounts,
    prices, surcharges and floors, ``tiers`` for volume tiers,
    ``buy_quantity``/``free_quantity`` (and ``free_sku``) for free goods.

    >>> rule = PricingRule.segment_discount(
    ...     id="seg.smb", label="Small business", segment_id=SegmentId("smb"),
    ...     adjustment=Adjustment.percent_off(5),
    ... )
    >>> rule.kind.step.value, rule.adjustment.describe()
    ('segment_discounts', '5 %')
    """

    id: str = attrs.field(validator=_rule_id)
    label: str = attrs.field(converter=to_text, validator=is_text(max_length=120))
    kind: RuleKind = attrs.field(validator=is_enum(RuleKind))
    scope: RuleScope = attrs.field(factory=RuleScope, validator=is_instance(RuleScope))
    adjustment: Adjustment | None = attrs.field(
        default=None, validator=optional(is_instance(Adjustment))
    )
    tiers: TierTable | None = attrs.field(default=None, validator=optional(is_instance(TierTable)))
    buy_quantity: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_positive_quantity
    )
    free_quantity: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_positive_quantity
    )
    free_sku: str | None = attrs.field(default=None, validator=optional(is_sku))
    priority: int = attrs.field(default=100, validator=is_int(minimum=0, maximum=1_000_000))
    exclusive: bool = attrs.field(default=False, validator=is_bool)
    valid_from: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    valid_until: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    promotion_id: PromotionId | None = attrs.field(default=None, validator=optional(is_id))

    def __attrs_post_init__(self) -> None:
        kind = self.kind
        if (
            self.valid_from is not None
            and self.valid_until is not None
            and self.valid_until < self.valid_from
        ):
            fail("valid_until", f"{self.valid_until} is before valid_from {self.valid_from}")
        if kind is RuleKind.VOLUME_TIERS:
            if self.tiers is None:
                fail("tiers", "volume tiers need a tier table")
        elif self.tiers is not None:
            fail("tiers", f"a {kind.value} rule takes no tier table")
        free_fields = (self.buy_quantity, self.free_quantity, self.free_sku)
        if kind is RuleKind.FREE_GOODS:
            if self.buy_quantity is None or self.free_quantity is None:
                fail("buy_quantity", "free goods need a buy_quantity and a free_quantity")
        elif any(value is not None for value in free_fields):
            fail("buy_quantity", f"a {kind.value} rule takes no free-goods quantities")
        forms = _FORMS.get(kind)
        if forms is None:
            if self.adjustment is not None:
                fail("adjustment", f"a {kind.value} rule takes no adjustment")
        else:
            self._check_adjustment(forms)
        self._check_scope()

    def _check_adjustment(self, forms: tuple[AdjustmentForm, ...]) -> None:
        kind, adjustment = self.kind, self.adjustment
        if adjustment is None:
            fail("adjustment", f"a {kind.value} rule needs an adjustment")
        if adjustment.form not in forms:
            allowed = ", ".join(f.value for f in forms)
            fail(
                "adjustment",
                f"a {kind.value} rule is given as {allowed}, not {adjustment.form.value}",
            )
        percent = adjustment.percent
        if percent is not None and kind is RuleKind.MARGIN_FLOOR and percent >= 100:
            fail("adjustment", f"a margin floor is below 100 %, got {percent}")
        if (
            percent is not None
            and kind in DISCOUNT_KINDS
            and kind is not RuleKind.CONTRACT_PRICE
            and percent > 100
        ):
            fail("adjustment", f"a discount takes at most 100 %, got {percent}")
        if percent is not None and kind is RuleKind.CONTRACT_PRICE and percent > 100:
            fail("adjustment", f"a contract discount takes at most 100 %, got {percent}")

    def _check_scope(self) -> None:
        kind, scope = self.kind, self.scope
        needed = {
            RuleKind.CONTRACT_PRICE: ("account_id", scope.account_id),
            RuleKind.SEGMENT_DISCOUNT: ("segment_id", scope.segment_id),
            RuleKind.CHANNEL_DISCOUNT: ("channel_id", scope.channel_id),
            RuleKind.PARTNER_TIER_DISCOUNT: ("partner_tier", scope.partner_tier),
        }.get(kind)
        if needed is not None and needed[1] is None:
            fail(f"scope.{needed[0]}", f"a {kind.value} rule needs a {needed[0]}")
        if kind is RuleKind.BUNDLE_DISCOUNT and not scope.skus:
            fail("scope.skus", "a bundle discount names the bundle skus it applies to")
        if kind is RuleKind.PROMOTION and (self.valid_from is None or self.valid_until is None):
            fail("valid_until", "a promotion runs for a time window: give valid_from and until")

    # -- facts ----------------------------------------------------------------------

    @property
    def step(self) -> PricingStep:
        """The waterfall step the rule runs in."""
        return self.kind.step

    @property
    def currency(self) -> str | None:
        """The currency of the rule's amounts, or ``None`` when it has none."""
        if self.tiers is not None:
            return self.tiers.currency
        if self.adjustment is not None:
            return self.adjustment.currency
        return None

    def is_valid_on(self, day: pendulum.Date) -> bool:
        """True when the rule's window (if any) includes ``day``."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until

    def describe(self) -> str:
        """The rule in words: kind, value, scope and window."""
        if self.kind is RuleKind.VOLUME_TIERS and self.tiers is not None:
            value = f"{self.tiers.mode.value} tiers"
        elif self.kind is RuleKind.FREE_GOODS:
            what = self.free_sku or "the same sku"
            value = f"buy {self.buy_quantity}, get {self.free_quantity} of {what} free"
        elif self.adjustment is not None:
            value = self.adjustment.describe()
        else:  # pragma: no cover - every kind has one of the above
            value = ""
        text = f"{self.id} ({self.kind.value}): {value}; {self.scope.describe()}"
        if self.valid_from is not None or self.valid_until is not None:
            text += f"; valid {self.valid_from or '...'} to {self.valid_until or '...'}"
        if self.exclusive:
            text += "; exclusive"
        return f"{text}; priority {self.priority}"

    # -- named constructors -----------------------------------------------------------

    @classmethod
    def contract_price(
        cls,
        *,
        id: str,
        label: str,
        account_id: AccountId,
        adjustment: Adjustment,
        skus: Iterable[str] = (),
        families: Iterable[str] = (),
        min_quantity: Decimal | int | None = None,
        priority: int = 100,
        exclusive: bool = False,
        valid_from: pendulum.Date | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> PricingRule:
        """An account's agreed unit price, percentage or amount off."""
        scope = RuleScope(
            skus=tuple(skus),
            families=tuple(families),
            account_id=account_id,
            min_quantity=min_quantity,
        )
        return cls(
            id=id,
            label=label,
            kind=RuleKind.CONTRACT_PRICE,
            scope=scope,
            adjustment=adjustment,
            priority=priority,
            exclusive=exclusive,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    @classmethod
    def volume_tiers(
        cls,
        *,
        id: str,
        label: str,
        tiers: TierTable,
        scope: RuleScope | None = None,
        priority: int = 100,
        exclusive: bool = False,
        valid_from: pendulum.Date | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> PricingRule:
        """Prices by quantity band (graduated or all-units) for the lines in ``scope``."""
        return cls(
            id=id,
            label=label,
            kind=RuleKind.VOLUME_TIERS,
            scope=RuleScope() if scope is None else scope,
            tiers=tiers,
            priority=priority,
            exclusive=exclusive,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    @classmethod
    def segment_discount(
        cls,
        *,
        id: str,
        label: str,
        segment_id: SegmentId,
        adjustment: Adjustment,
        scope: RuleScope | None = None,
        priority: int = 100,
        exclusive: bool = False,
        valid_from: pendulum.Date | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> PricingRule:
        """A discount for customers of ``segment_id``."""
        base = RuleScope() if scope is None else scope
        return cls(
            id=id,
            label=label,
            kind=RuleKind.SEGMENT_DISCOUNT,
            scope=attrs.evolve(base, segment_id=segment_id),
            adjustment=adjustment,
            priority=priority,
            exclusive=exclusive,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    @classmethod
    def channel_discount(
        cls,
        *,
        id: str,
        label: str,
        channel_id: ChannelId,
        adjustment: Adjustment,
        scope: RuleScope | None = None,
        priority: int = 100,
        exclusive: bool = False,
        valid_from: pendulum.Date | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> PricingRule:
        """A discount for sales through ``channel_id``."""
        base = RuleScope() if scope is None else scope
        return cls(
            id=id,
            label=label,
            kind=RuleKind.CHANNEL_DISCOUNT,
            scope=attrs.evolve(base, channel_id=channel_id),
            adjustment=adjustment,
            priority=priority,
            exclusive=exclusive,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    @classmethod
    def partner_tier_discount(
        cls,
        *,
        id: str,
        label: str,
        partner_tier: str,
        adjustment: Adjustment,
        scope: RuleScope | None = None,
        priority: int = 100,
        exclusive: bool = False,
        valid_from: pendulum.Date | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> PricingRule:
        """A discount for partners of ``partner_tier`` (given in the pricing context)."""
        base = RuleScope() if scope is None else scope
        return cls(
            id=id,
            label=label,
            kind=RuleKind.PARTNER_TIER_DISCOUNT,
            scope=attrs.evolve(base, partner_tier=partner_tier),
            adjustment=adjustment,
            priority=priority,
            exclusive=exclusive,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    @classmethod
    def bundle_discount(
        cls,
        *,
        id: str,
        label: str,
        bundle_skus: Iterable[str],
        adjustment: Adjustment,
        priority: int = 100,
        exclusive: bool = False,
        valid_from: pendulum.Date | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> PricingRule:
        """A discount on the lines that sell one of ``bundle_skus``."""
        return cls(
            id=id,
            label=label,
            kind=RuleKind.BUNDLE_DISCOUNT,
            scope=RuleScope(skus=tuple(bundle_skus)),
            adjustment=adjustment,
            priority=priority,
            exclusive=exclusive,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    @classmethod
    def promotion(
        cls,
        *,
        id: str,
        label: str,
        adjustment: Adjustment,
        valid_from: pendulum.Date,
        valid_until: pendulum.Date,
        scope: RuleScope | None = None,
        promotion_id: PromotionId | None = None,
        priority: int = 100,
        exclusive: bool = False,
    ) -> PricingRule:
        """A promotional price or discount for a window; eligibility and any code required
        are in ``scope`` (PCF 3.3.3.7)."""
        return cls(
            id=id,
            label=label,
            kind=RuleKind.PROMOTION,
            scope=RuleScope() if scope is None else scope,
            adjustment=adjustment,
            promotion_id=promotion_id,
            priority=priority,
            exclusive=exclusive,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    @classmethod
    def free_goods(
        cls,
        *,
        id: str,
        label: str,
        buy_quantity: Decimal | int,
        free_quantity: Decimal | int,
        free_sku: str | None = None,
        scope: RuleScope | None = None,
        priority: int = 100,
        exclusive: bool = False,
        valid_from: pendulum.Date | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> PricingRule:
        """Buy ``buy_quantity``, get ``free_quantity`` free.

        Of the same sku, the free units are part of the line: of every
        ``buy_quantity + free_quantity`` units ordered, ``free_quantity`` are
        free. Of another sku (``free_sku``), a free line is added: for every
        ``buy_quantity`` units ordered, ``free_quantity`` units of it.
        """
        code = None if free_sku is None else check_sku(to_code(free_sku), "free_sku")
        return cls(
            id=id,
            label=label,
            kind=RuleKind.FREE_GOODS,
            scope=RuleScope() if scope is None else scope,
            buy_quantity=buy_quantity,
            free_quantity=free_quantity,
            free_sku=code,
            priority=priority,
            exclusive=exclusive,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    @classmethod
    def surcharge(
        cls,
        *,
        id: str,
        label: str,
        adjustment: Adjustment,
        scope: RuleScope | None = None,
        priority: int = 100,
        valid_from: pendulum.Date | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> PricingRule:
        """A percentage of the price or an amount per unit added to the lines in ``scope``."""
        return cls(
            id=id,
            label=label,
            kind=RuleKind.SURCHARGE,
            scope=RuleScope() if scope is None else scope,
            adjustment=adjustment,
            priority=priority,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    @classmethod
    def minimum_price(
        cls,
        *,
        id: str,
        label: str,
        price: Money,
        scope: RuleScope | None = None,
        priority: int = 100,
        valid_from: pendulum.Date | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> PricingRule:
        """No unit is sold below ``price`` unless the line records a floor override."""
        return cls(
            id=id,
            label=label,
            kind=RuleKind.MINIMUM_PRICE,
            scope=RuleScope() if scope is None else scope,
            adjustment=Adjustment.unit_price(price),
            priority=priority,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    @classmethod
    def margin_floor(
        cls,
        *,
        id: str,
        label: str,
        percent: Decimal | int | str,
        scope: RuleScope | None = None,
        priority: int = 100,
        valid_from: pendulum.Date | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> PricingRule:
        """The margin over standard cost stays at least ``percent`` % of the net price."""
        return cls(
            id=id,
            label=label,
            kind=RuleKind.MARGIN_FLOOR,
            scope=RuleScope() if scope is None else scope,
            adjustment=Adjustment.percent_off(percent),
            priority=priority,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    @classmethod
    def maximum_price(
        cls,
        *,
        id: str,
        label: str,
        price: Money,
        scope: RuleScope | None = None,
        priority: int = 100,
        valid_from: pendulum.Date | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> PricingRule:
        """No unit is sold above ``price``."""
        return cls(
            id=id,
            label=label,
            kind=RuleKind.MAXIMUM_PRICE,
            scope=RuleScope() if scope is None else scope,
            adjustment=Adjustment.unit_price(price),
            priority=priority,
            valid_from=valid_from,
            valid_until=valid_until,
        )
