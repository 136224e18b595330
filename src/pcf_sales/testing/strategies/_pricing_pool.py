"""A fixed pool of catalogs, price books and rules to price drawn documents against.

Drawing a whole pricing scenario (a catalog walked through product lifecycles, a price
book, a rule set) costs hundreds of draws; strategies for values that merely *carry* a
pricing result (quotes, approval chains, analyses) need many results and none of that
variety. These pure builders make the pool once per key (they are cached, and their
values are frozen, so sharing them is safe); strategies then draw only which parts of the
pool to use, the document and the context.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any, Final

import pendulum
from moneyed import Money

from pcf_sales.catalog import Bundle, BundleComponent, Catalog, Product, ProductKind
from pcf_sales.core import (
    AccountId,
    BundleId,
    ChannelId,
    PriceBookId,
    ProductId,
    PromotionId,
    SegmentId,
    UserId,
)
from pcf_sales.pricing import (
    Adjustment,
    DiscountBase,
    PriceBook,
    PriceEntry,
    PricingRule,
    PricingStep,
    RoundingPolicy,
    RuleKind,
    RuleScope,
    Tier,
    TierMode,
    TierTable,
)

__all__ = [
    "ACCOUNTS",
    "CHANNELS",
    "PARTNER_TIERS",
    "POOL_PRICEABLE_SKUS",
    "POOL_SKUS",
    "PRICING_DAY",
    "PROMOTION_CODES",
    "SEGMENTS",
    "pool_catalog",
    "pool_price_book",
    "pool_rules",
]

#: The day scenarios are priced on, and the small pools their facts are drawn from, so
#: drawn rules and drawn contexts meet often.
PRICING_DAY: Final = pendulum.Date(2026, 3, 2)
ACCOUNTS: Final = (AccountId("AC-1"), AccountId("AC-2"))
SEGMENTS: Final = (SegmentId("smb"), SegmentId("enterprise"))
CHANNELS: Final = (ChannelId("direct"), ChannelId("web"))
PARTNER_TIERS: Final = ("gold", "silver")
PROMOTION_CODES: Final = ("SPRING", "VIP")

_AT: Final = pendulum.datetime(2025, 12, 1, 9, tz="UTC")
_BY: Final = UserId("pricing")
_BOOK_START: Final = pendulum.Date(2026, 1, 1)

#: Skus of the pool catalog that always price: active, with a price in force.
POOL_PRICEABLE_SKUS: Final = ("CAL-KIT", "KIT-START", "SENS-100", "SUB-CLOUD", "SVC-INSTALL")
#: Every sku of the pool catalog, including a retired product (``OLD-7``), a bundle of it
#: (``KIT-OLD``) and an active product the price book has no price for (``NEW-9``).
POOL_SKUS: Final = (*POOL_PRICEABLE_SKUS, "KIT-OLD", "NEW-9", "OLD-7")


def _money(amount: int | str, currency: str) -> Money:
    return Money(Decimal(amount), currency)


def _product(
    number: int,
    sku: str,
    kind: ProductKind,
    unit: str,
    family: str | None,
    cost: Money | None,
    *,
    retired: bool = False,
) -> Product:
    product = Product.define(
        id=ProductId(f"P-{number}"),
        sku=sku,
        name=sku.title(),
        kind=kind,
        unit=unit,
        family=family,
        standard_cost=cost,
        at=_AT,
        by=_BY,
    )
    product = product.activate(at=_AT.add(hours=1), by=_BY)
    return product.retire(at=_AT.add(hours=2), by=_BY) if retired else product


def _bundle(number: int, sku: str, family: str, *components: tuple[int, int]) -> Bundle:
    bundle = Bundle.define(
        id=BundleId(f"B-{number}"),
        sku=sku,
        name=sku.title(),
        components=[
            BundleComponent(product_id=ProductId(f"P-{p}"), quantity=Decimal(q))
            for p, q in components
        ],
        family=family,
        at=_AT,
        by=_BY,
    )
    return bundle.activate(at=_AT.add(hours=1), by=_BY)


@functools.cache
def pool_catalog(currency: str) -> Catalog:
    """Goods, a service, a subscription (without a cost), a retired product, a product
    without a price and two bundles, costed in ``currency``."""

    def cost(amount: int) -> Money:
        return _money(amount, currency)

    return Catalog.of(
        products=[
            _product(1, "SENS-100", ProductKind.GOOD, "each", "sensors", cost(120)),
            _product(2, "CAL-KIT", ProductKind.GOOD, "each", "accessories", cost(10)),
            _product(3, "SVC-INSTALL", ProductKind.SERVICE, "hour", "services", cost(60)),
            _product(4, "SUB-CLOUD", ProductKind.SUBSCRIPTION, "seat-month", "software", None),
            _product(5, "OLD-7", ProductKind.GOOD, "each", "sensors", cost(40), retired=True),
            _product(6, "NEW-9", ProductKind.GOOD, "kg", None, cost(5)),
        ],
        bundles=[
            _bundle(1, "KIT-START", "kits", (1, 2), (2, 1)),
            _bundle(2, "KIT-OLD", "kits", (5, 1), (2, 2)),
        ],
    )


def _tiers(currency: str, mode: TierMode, *rows: tuple[int | None, int]) -> TierTable:
    return TierTable(
        mode=mode,
        tiers=[
            Tier(up_to=None if up_to is None else Decimal(up_to), unit_price=_money(p, currency))
            for up_to, p in rows
        ],
    )


@functools.lru_cache(maxsize=512)
def pool_price_book(
    currency: str, rounding: RoundingPolicy, steps: tuple[PricingStep, ...]
) -> PriceBook:
    """The active book in ``currency`` with ``rounding`` and ``steps``: prices for every
    pool sku but ``NEW-9``, two of them with tier tables."""
    entries = [
        PriceEntry(sku="SENS-100", unit_price=_money(250, currency), effective_from=_BOOK_START),
        PriceEntry(sku="CAL-KIT", unit_price=_money(30, currency), effective_from=_BOOK_START),
        PriceEntry(
            sku="SVC-INSTALL",
            unit_price=_money(95, currency),
            effective_from=_BOOK_START,
            tiers=_tiers(currency, TierMode.GRADUATED, (8, 95), (40, 85), (None, 70)),
        ),
        PriceEntry(
            sku="SUB-CLOUD",
            unit_price=_money(12, currency),
            effective_from=_BOOK_START,
            tiers=_tiers(currency, TierMode.ALL_UNITS, (10, 12), (None, 9)),
        ),
        PriceEntry(sku="KIT-START", unit_price=_money(520, currency), effective_from=_BOOK_START),
        PriceEntry(sku="KIT-OLD", unit_price=_money(99, currency), effective_from=_BOOK_START),
        PriceEntry(sku="OLD-7", unit_price=_money(80, currency), effective_from=_BOOK_START),
    ]
    book = PriceBook.draft(
        id=PriceBookId("PB-1"),
        name="Scenario",
        currency=currency,
        valid_from=_BOOK_START,
        at=_AT,
        by=_BY,
        entries=entries,
        rounding=rounding,
        steps=steps,
    )
    book = book.submit(at=_AT, by=_BY).approve(at=_AT, by=_BY)
    return book.activate(at=_AT, by=_BY)


@functools.cache
def pool_rules(currency: str) -> tuple[PricingRule, ...]:
    """Rules of every kind in ``currency`` over the pool catalog and the fact pools: with
    and without windows (current, past, future), exclusive or not, at several
    priorities, scoped by sku, family, account, segment, channel, tier, code or quantity."""
    day = PRICING_DAY
    current = {"valid_from": day.subtract(days=10), "valid_until": day.add(days=20)}

    def rule(rule_id: str, kind: RuleKind, **fields: Any) -> PricingRule:
        return PricingRule(id=rule_id, label=rule_id, kind=kind, **fields)

    def money_(amount: int) -> Money:
        return _money(amount, currency)

    return (
        rule(
            "contract1",
            RuleKind.CONTRACT_PRICE,
            scope=RuleScope(skus=["SENS-100"], account_id=ACCOUNTS[0]),
            adjustment=Adjustment.unit_price(money_(210)),
            priority=1,
        ),
        rule(
            "contract2",
            RuleKind.CONTRACT_PRICE,
            scope=RuleScope(families=["services", "kits"], account_id=ACCOUNTS[1]),
            adjustment=Adjustment.percent_off(Decimal("12.5")),
            exclusive=True,
        ),
        rule(
            "volume1",
            RuleKind.VOLUME_TIERS,
            scope=RuleScope(skus=["CAL-KIT"]),
            tiers=_tiers(currency, TierMode.GRADUATED, (5, 28), (None, 22)),
        ),
        rule(
            "volume2",
            RuleKind.VOLUME_TIERS,
            scope=RuleScope(families=["software"], min_quantity=Decimal(5)),
            tiers=_tiers(currency, TierMode.ALL_UNITS, (20, 11), (None, 8)),
            priority=2,
        ),
        rule(
            "segment1",
            RuleKind.SEGMENT_DISCOUNT,
            scope=RuleScope(segment_id=SEGMENTS[0]),
            adjustment=Adjustment.percent_off(10),
        ),
        rule(
            "segment2",
            RuleKind.SEGMENT_DISCOUNT,
            scope=RuleScope(segment_id=SEGMENTS[1], skus=["SENS-100", "SVC-INSTALL"]),
            adjustment=Adjustment.amount_off_each(money_(15)),
            valid_until=day.subtract(days=5),
        ),
        rule(
            "channel1",
            RuleKind.CHANNEL_DISCOUNT,
            scope=RuleScope(channel_id=CHANNELS[1]),
            adjustment=Adjustment.percent_off(5, base=DiscountBase.STEP_START),
            priority=3,
        ),
        rule(
            "partner1",
            RuleKind.PARTNER_TIER_DISCOUNT,
            scope=RuleScope(partner_tier=PARTNER_TIERS[0], families=["sensors"]),
            adjustment=Adjustment.amount_off_each(money_(20)),
        ),
        rule(
            "bundle1",
            RuleKind.BUNDLE_DISCOUNT,
            scope=RuleScope(skus=["KIT-START", "KIT-OLD"]),
            adjustment=Adjustment.percent_off(8),
        ),
        rule(
            "promo1",
            RuleKind.PROMOTION,
            scope=RuleScope(promotion_code=PROMOTION_CODES[0]),
            adjustment=Adjustment.percent_off(15),
            promotion_id=PromotionId("PR-1"),
            **current,
        ),
        rule(
            "promo2",
            RuleKind.PROMOTION,
            scope=RuleScope(promotion_code=PROMOTION_CODES[1], skus=["SENS-100"]),
            adjustment=Adjustment.unit_price(money_(190)),
            exclusive=True,
            **current,
        ),
        rule(
            "promo3",
            RuleKind.PROMOTION,
            scope=RuleScope(account_id=ACCOUNTS[0]),
            adjustment=Adjustment.amount_off_each(money_(3)),
            valid_from=day.add(days=31),
            valid_until=day.add(days=60),
        ),
        rule(
            "free1",
            RuleKind.FREE_GOODS,
            scope=RuleScope(skus=["SENS-100"]),
            buy_quantity=Decimal(3),
            free_quantity=Decimal(1),
        ),
        rule(
            "free2",
            RuleKind.FREE_GOODS,
            scope=RuleScope(skus=["SUB-CLOUD"], segment_id=SEGMENTS[0]),
            buy_quantity=Decimal(2),
            free_quantity=Decimal(1),
            free_sku="CAL-KIT",
            valid_from=day.subtract(days=3),
        ),
        rule(
            "surcharge1",
            RuleKind.SURCHARGE,
            scope=RuleScope(channel_id=CHANNELS[0]),
            adjustment=Adjustment.percent_off(3),
        ),
        rule(
            "surcharge2",
            RuleKind.SURCHARGE,
            scope=RuleScope(skus=["SVC-INSTALL"]),
            adjustment=Adjustment.amount_off_each(money_(5)),
            priority=0,
        ),
        rule(
            "minimum1",
            RuleKind.MINIMUM_PRICE,
            scope=RuleScope(skus=["SENS-100", "KIT-START"]),
            adjustment=Adjustment.unit_price(money_(200)),
        ),
        rule(
            "margin1",
            RuleKind.MARGIN_FLOOR,
            adjustment=Adjustment.percent_off(20),
        ),
        rule(
            "maximum1",
            RuleKind.MAXIMUM_PRICE,
            scope=RuleScope(families=["sensors", "accessories"]),
            adjustment=Adjustment.unit_price(money_(400)),
            valid_from=day.add(days=1),
        ),
    )
