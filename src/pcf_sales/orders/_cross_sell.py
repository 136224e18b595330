"""Cross-sell and up-sell (PCF 3.5.4.6): what else to offer for an order, and why.

Recommendations come from three sources, each with its reason:

* :class:`AffinityRule` — the host's own rules ("offer a calibration kit with
  every sensor");
* :class:`UpgradePath` — a better product to offer instead (an up-sell);
* :class:`Affinity` — pairs mined from order history by :func:`mine_affinities`,
  with support, confidence and lift computed exactly as fractions of counts.

A :class:`CrossSellModel` holds all three and :meth:`CrossSellModel.recommend`
ranks what it has for the skus of an order.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from itertools import combinations
from typing import Any, Final, cast

import attrs

from pcf_sales.catalog import Catalog, ProductStatus
from pcf_sales.catalog._codes import check_sku, is_sku, to_code
from pcf_sales.core import DECIMAL_CONTEXT
from pcf_sales.core._validate import (
    check_decimal,
    check_int,
    describe,
    fail,
    is_enum,
    is_instance,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_text,
    to_tuple,
)

__all__ = [
    "Affinity",
    "AffinityRule",
    "CrossSellModel",
    "Recommendation",
    "RecommendationKind",
    "RecommendationSource",
    "UpgradePath",
    "mine_affinities",
]

_PERCENT: Final = Decimal("0.1")


def _percent(value: Fraction) -> str:
    exact = DECIMAL_CONTEXT.divide(Decimal(value.numerator * 100), Decimal(value.denominator))
    return f"{exact.quantize(_PERCENT, context=DECIMAL_CONTEXT)}%"


def _differs(inst: Any, attr: attrs.Attribute[Any], value: object) -> None:
    if value == inst.trigger_sku:
        fail(attr.name, f"cannot recommend {value!r} for itself")


@attrs.frozen(kw_only=True)
class AffinityRule:
    """Offer ``recommended_sku`` to orders with ``trigger_sku``: a cross-sell the host defines."""

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=80))
    trigger_sku: str = attrs.field(converter=to_code, validator=is_sku)
    recommended_sku: str = attrs.field(converter=to_code, validator=[is_sku, _differs])
    reason: str = attrs.field(converter=to_text, validator=is_text(max_length=300))


@attrs.frozen(kw_only=True)
class UpgradePath:
    """Offer ``recommended_sku`` instead of ``trigger_sku``: an up-sell."""

    trigger_sku: str = attrs.field(converter=to_code, validator=is_sku)
    recommended_sku: str = attrs.field(converter=to_code, validator=[is_sku, _differs])
    reason: str = attrs.field(converter=to_text, validator=is_text(max_length=300))


@attrs.frozen(kw_only=True)
class Affinity:
    """``consequent`` was bought together with ``antecedent`` in ``together`` of ``baskets``
    orders; ``antecedent`` was in ``antecedent_count`` orders, ``consequent`` in
    ``consequent_count``. The measures are exact fractions of these counts.

    >>> pair = Affinity(antecedent="SENS-100", consequent="CAL-KIT", together=30,
    ...                 antecedent_count=40, consequent_count=50, baskets=100)
    >>> pair.support, pair.confidence, pair.lift
    (Fraction(3, 10), Fraction(3, 4), Fraction(3, 2))
    >>> pair.explain()
    'CAL-KIT was in 30 of the 40 orders with SENS-100: support 30.0%, confidence 75.0%, lift 1.50'
    """

    antecedent: str = attrs.field(converter=to_code, validator=is_sku)
    consequent: str = attrs.field(converter=to_code, validator=is_sku)
    together: int = attrs.field(validator=is_int(minimum=1))
    antecedent_count: int = attrs.field(validator=is_int(minimum=1))
    consequent_count: int = attrs.field(validator=is_int(minimum=1))
    baskets: int = attrs.field(validator=is_int(minimum=1))

    def __attrs_post_init__(self) -> None:
        if self.antecedent == self.consequent:
            fail("consequent", "an affinity pairs two different skus")
        if self.together > min(self.antecedent_count, self.consequent_count):
            fail("together", "cannot exceed the orders of either sku")
        if max(self.antecedent_count, self.consequent_count) > self.baskets:
            fail("baskets", "cannot be fewer than the orders of either sku")

    @property
    def support(self) -> Fraction:
        """The share of all orders holding both skus."""
        return Fraction(self.together, self.baskets)

    @property
    def confidence(self) -> Fraction:
        """The share of orders with the antecedent that also hold the consequent."""
        return Fraction(self.together, self.antecedent_count)

    @property
    def lift(self) -> Fraction:
        """Confidence over the consequent's own share of orders: above 1, buying the
        antecedent makes the consequent likelier."""
        return Fraction(self.together * self.baskets, self.antecedent_count * self.consequent_count)

    def explain(self) -> str:
        """The counts and measures in words."""
        lift = DECIMAL_CONTEXT.divide(
            Decimal(self.lift.numerator), Decimal(self.lift.denominator)
        ).quantize(Decimal("0.01"), context=DECIMAL_CONTEXT)
        return (
            f"{self.consequent} was in {self.together} of the {self.antecedent_count} orders "
            f"with {self.antecedent}: support {_percent(self.support)}, "
            f"confidence {_percent(self.confidence)}, lift {lift}"
        )


def _fraction(value: object, field: str) -> Fraction:
    number = value if isinstance(value, Fraction) else Fraction(check_decimal(value, field))
    if number < 0:
        fail(field, f"must be at least 0, got {value}")
    return number


def mine_affinities(
    baskets: Iterable[Iterable[str]],
    *,
    min_together: int = 2,
    min_support: Decimal | Fraction = Decimal(0),
    min_confidence: Decimal | Fraction = Decimal(0),
    min_lift: Decimal | Fraction = Decimal(1),
) -> tuple[Affinity, ...]:
    """Every ordered pair of skus bought together often enough, strongest first.

    ``baskets`` are the skus of past orders (a sku twice in one order counts
    once). A pair is kept when it was bought together at least
    ``min_together`` times and reaches each threshold; the default lift of 1
    keeps only pairs bought together more often than chance. Sorted by
    confidence, lift and support (highest first), then by skus.

    >>> history = [["SENS-100", "CAL-KIT"], ["SENS-100", "CAL-KIT"], ["SENS-100"], ["SUB-CLOUD"]]
    >>> [(a.antecedent, a.consequent, a.confidence) for a in mine_affinities(history)]
    [('CAL-KIT', 'SENS-100', Fraction(1, 1)), ('SENS-100', 'CAL-KIT', Fraction(2, 3))]
    """
    least = check_int(min_together, "min_together", minimum=1)
    support = _fraction(min_support, "min_support")
    confidence = _fraction(min_confidence, "min_confidence")
    lift = _fraction(min_lift, "min_lift")
    if isinstance(baskets, str | bytes) or not isinstance(baskets, Iterable):
        fail("baskets", f"expected a list of orders' skus, got {describe(baskets)}")
    singles: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    count = 0
    for index, basket in enumerate(baskets):
        if isinstance(basket, str | bytes) or not isinstance(basket, Iterable):
            fail(f"baskets[{index}]", f"expected the skus of one order, got {describe(basket)}")
        skus = sorted({check_sku(sku, f"baskets[{index}]") for sku in basket})
        count += 1
        for sku in skus:
            singles[sku] = singles.get(sku, 0) + 1
        for pair in combinations(skus, 2):
            pairs[pair] = pairs.get(pair, 0) + 1
    found = []
    for (first, second), together in pairs.items():
        if together < least or Fraction(together, count) < support:
            continue
        for antecedent, consequent in ((first, second), (second, first)):
            affinity = Affinity(
                antecedent=antecedent,
                consequent=consequent,
                together=together,
                antecedent_count=singles[antecedent],
                consequent_count=singles[consequent],
                baskets=count,
            )
            if affinity.confidence >= confidence and affinity.lift >= lift:
                found.append(affinity)
    found.sort(key=_strength)
    return tuple(found)


def _strength(affinity: Affinity) -> tuple[Any, ...]:
    return (
        -affinity.confidence,
        -affinity.lift,
        -affinity.support,
        affinity.antecedent,
        affinity.consequent,
    )


class RecommendationKind(Enum):
    """Offer something more, or something better."""

    CROSS_SELL = "cross_sell"
    UP_SELL = "up_sell"


class RecommendationSource(Enum):
    """Where a recommendation came from."""

    RULE = "rule"
    """An :class:`AffinityRule`."""
    UPGRADE_PATH = "upgrade_path"
    """An :class:`UpgradePath`."""
    HISTORY = "history"
    """An :class:`Affinity` mined from past orders."""


@attrs.frozen(kw_only=True)
class Recommendation:
    """Offer ``sku`` because the order has ``because_of``; ``reason`` says why in words and
    ``rule`` or ``affinity`` hold the evidence."""

    sku: str = attrs.field(converter=to_code, validator=is_sku)
    kind: RecommendationKind = attrs.field(validator=is_enum(RecommendationKind))
    source: RecommendationSource = attrs.field(validator=is_enum(RecommendationSource))
    because_of: str = attrs.field(converter=to_code, validator=is_sku)
    reason: str = attrs.field(validator=is_text(max_length=500))
    rule: str | None = attrs.field(default=None, validator=optional(is_text(max_length=80)))
    affinity: Affinity | None = attrs.field(default=None, validator=optional(is_instance(Affinity)))


def _unique_names(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(AffinityRule)(inst, attr, value)
    seen: set[str] = set()
    for index, rule in enumerate(cast("tuple[AffinityRule, ...]", value)):
        if rule.name in seen:
            fail(f"{attr.name}[{index}].name", f"rule name {rule.name!r} is used twice")
        seen.add(rule.name)


@attrs.frozen(kw_only=True)
class CrossSellModel:
    """Rules, upgrade paths and mined affinities, and how many recommendations to give.

    :meth:`recommend` lists rule-based cross-sells first (in the order of
    ``rules``), then up-sells (in the order of ``upgrades``), then history
    (strongest first); a sku already in the order, or already recommended by
    an earlier source, is not offered again.
    """

    rules: tuple[AffinityRule, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_unique_names
    )
    upgrades: tuple[UpgradePath, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(UpgradePath, unique=True)
    )
    affinities: tuple[Affinity, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Affinity, unique=True)
    )
    limit: int = attrs.field(default=5, validator=is_int(minimum=1, maximum=100))

    def recommend(
        self, skus: Iterable[str], *, catalog: Catalog | None = None
    ) -> tuple[Recommendation, ...]:
        """What to offer an order holding ``skus``, best first, at most ``limit``.

        With ``catalog``, only products and bundles that are on sale (active)
        are offered.

        >>> model = CrossSellModel(
        ...     rules=[AffinityRule(name="calibrate", trigger_sku="SENS-100",
        ...                         recommended_sku="CAL-KIT",
        ...                         reason="sensors need calibrating every year")],
        ...     upgrades=[UpgradePath(trigger_sku="SENS-100", recommended_sku="SENS-200",
        ...                           reason="twice the range for 20% more")])
        >>> [(r.sku, r.kind.value, r.reason) for r in model.recommend(["SENS-100"])]
        [('CAL-KIT', 'cross_sell', 'sensors need calibrating every year'), ('SENS-200', 'up_sell', 'twice the range for 20% more')]
        """  # noqa: E501
        if isinstance(skus, str | bytes) or not isinstance(skus, Iterable):
            fail("skus", f"expected a list of skus, got {describe(skus)}")
        ordered = [check_sku(sku, f"skus[{index}]") for index, sku in enumerate(skus)]
        held = set(ordered)
        if catalog is not None and not isinstance(catalog, Catalog):
            fail("catalog", f"expected a Catalog, got {describe(catalog)}")
        offered: dict[str, Recommendation] = {}

        def offer(sku: str, recommendation: Recommendation) -> None:
            if sku in held or sku in offered:
                return
            if catalog is not None:
                item = catalog.item(sku)
                if item is None or item.status is not ProductStatus.ACTIVE:
                    return
            offered[sku] = recommendation

        for rule in self.rules:
            if rule.trigger_sku in held:
                offer(
                    rule.recommended_sku,
                    Recommendation(
                        sku=rule.recommended_sku,
                        kind=RecommendationKind.CROSS_SELL,
                        source=RecommendationSource.RULE,
                        because_of=rule.trigger_sku,
                        reason=rule.reason,
                        rule=rule.name,
                    ),
                )
        for path in self.upgrades:
            if path.trigger_sku in held:
                offer(
                    path.recommended_sku,
                    Recommendation(
                        sku=path.recommended_sku,
                        kind=RecommendationKind.UP_SELL,
                        source=RecommendationSource.UPGRADE_PATH,
                        because_of=path.trigger_sku,
                        reason=path.reason,
                    ),
                )
        for affinity in sorted(self.affinities, key=_strength):
            if affinity.antecedent in held:
                offer(
                    affinity.consequent,
                    Recommendation(
                        sku=affinity.consequent,
                        kind=RecommendationKind.CROSS_SELL,
                        source=RecommendationSource.HISTORY,
                        because_of=affinity.antecedent,
                        reason=affinity.explain(),
                        affinity=affinity,
                    ),
                )
        return tuple(offered.values())[: self.limit]
