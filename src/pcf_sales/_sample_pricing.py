"""The sample company's catalog, price books, pricing rules and a sample order.

Deterministic from the seed: list prices and costs vary a little with it,
the structure does not. Used by :mod:`pcf_sales.samples` and the demo.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.catalog import Bundle, BundleComponent, Catalog, Product, ProductKind
from pcf_sales.core import (
    AccountId,
    BundleId,
    ChannelId,
    PartnerId,
    PriceBookId,
    ProductId,
    PromotionId,
    SegmentId,
    UserId,
)
from pcf_sales.core._validate import is_instance, is_tuple_of, to_tuple
from pcf_sales.pricing import (
    Adjustment,
    CombinationPolicy,
    DiscountPolicy,
    DocumentLine,
    ManualDiscount,
    PriceBook,
    PriceEntry,
    PricingContext,
    PricingDocument,
    PricingRule,
    RoundingPolicy,
    RuleScope,
    RuleSet,
    Tier,
    TierMode,
    TierTable,
)

__all__ = ["SamplePricing", "sample_order", "sample_pricing"]

_BY: Final = UserId("pricing-office")
_PM: Final = UserId("product-management")
_START: Final = pendulum.Date(2026, 4, 1)  # the sample company's fiscal year starts in April
_DEFINED: Final = pendulum.datetime(2026, 2, 2, 9, tz="UTC")

_GOOD: Final = ProductKind.GOOD
_SUB: Final = ProductKind.SUBSCRIPTION
_SVC: Final = ProductKind.SERVICE
# sku, product id, name, kind, unit, family, cost (EUR), list price (EUR)
_PRODUCTS: Final = (
    ("MI-PS100", "P-PS100", "Pressure sensor PS-100", _GOOD, "each", "sensors",
     "118.00", "249.00"),
    ("MI-TS200", "P-TS200", "Temperature sensor TS-200", _GOOD, "each", "sensors",
     "64.00", "139.00"),
    ("MI-DL500", "P-DL500", "Data logger DL-500", _GOOD, "each", "loggers",
     "410.00", "890.00"),
    ("MI-CAL", "P-CAL", "Calibration kit", _GOOD, "each", "accessories", "21.00", "59.00"),
    ("MI-SW-ANL", "P-ANL", "Analytics suite", _SUB, "seat-month", "software", "6.00", "45.00"),
    ("MI-SW-EDGE", "P-EDGE", "Edge gateway licence", _SUB, "device-year", "software",
     "30.00", "190.00"),
    ("MI-SVC-INST", "P-INST", "Installation", _SVC, "hour", "services", "55.00", "120.00"),
    ("MI-SVC-TRN", "P-TRN", "Training day", _SVC, "day", "services", "480.00", "1150.00"),
    ("MI-SUP-PREM", "P-SUP", "Premium support", _SUB, "year", "support", "900.00", "2400.00"),
)  # fmt: skip


@attrs.frozen(kw_only=True)
class SamplePricing:
    """The sample company's pricing: catalog, a price book and rule set per currency and
    the discount policy (exchange rates are the company's own, see ``SampleCompany``)."""

    catalog: Catalog = attrs.field(validator=is_instance(Catalog))
    price_books: tuple[PriceBook, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(PriceBook)
    )
    rule_sets: tuple[RuleSet, ...] = attrs.field(converter=to_tuple, validator=is_tuple_of(RuleSet))
    discount_policy: DiscountPolicy = attrs.field(validator=is_instance(DiscountPolicy))


def _jitter(rng: random.Random, amount: str, spread: float = 0.04) -> Decimal:
    factor = Decimal(str(round(1 + rng.uniform(-spread, spread), 3)))
    return (Decimal(amount) * factor).quantize(Decimal("1.00"), rounding=ROUND_HALF_UP)


def _price_point(value: Decimal) -> Decimal:
    """A list price in whole currency units, such as ``249.00``."""
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def _catalog(rng: random.Random) -> tuple[Catalog, dict[str, Decimal]]:
    products = []
    prices: dict[str, Decimal] = {}
    for sku, product_id, name, kind, unit, family, cost, price in _PRODUCTS:
        product = Product.define(
            id=ProductId(product_id),
            sku=sku,
            name=name,
            kind=kind,
            unit=unit,
            family=family,
            standard_cost=Money(_jitter(rng, cost), "EUR"),
            at=_DEFINED,
            by=_PM,
        )
        products.append(product.activate(at=_DEFINED.add(days=7), by=_PM))
        prices[sku] = _price_point(_jitter(rng, price, 0.03))
    kits = (
        Bundle.define(
            id=BundleId("B-LAB"),
            sku="MI-KIT-LAB",
            name="Lab starter kit",
            family="kits",
            components=[
                BundleComponent(product_id=ProductId("P-PS100"), quantity=2),
                BundleComponent(product_id=ProductId("P-DL500"), quantity=1),
                BundleComponent(product_id=ProductId("P-CAL"), quantity=1),
            ],
            at=_DEFINED,
            by=_PM,
        ),
        Bundle.define(
            id=BundleId("B-IOT"),
            sku="MI-KIT-IOT",
            name="IoT monitoring kit",
            family="kits",
            components=[
                BundleComponent(product_id=ProductId("P-TS200"), quantity=4),
                BundleComponent(product_id=ProductId("P-EDGE"), quantity=1),
            ],
            at=_DEFINED,
            by=_PM,
        ),
    )
    bundles = [kit.activate(at=_DEFINED.add(days=7), by=_PM) for kit in kits]
    return Catalog.of(products=products, bundles=bundles), prices


def _book(
    book_id: str, name: str, currency: str, prices: dict[str, Decimal], factor: Decimal
) -> PriceBook:
    at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    entries = [
        PriceEntry(
            sku=sku,
            unit_price=Money(_price_point(price * factor), currency),
            effective_from=_START,
            tiers=_sensor_tiers(currency, price * factor) if sku == "MI-PS100" else None,
        )
        for sku, price in sorted(prices.items())
    ]
    book = PriceBook.draft(
        id=PriceBookId(book_id),
        name=name,
        currency=currency,
        valid_from=_START,
        valid_until=pendulum.Date(2027, 3, 31),
        entries=entries,
        rounding=RoundingPolicy(),
        at=at,
        by=_BY,
    )
    # Sensors go up 4 % from 1 December, announced in October.
    for sku in ("MI-PS100", "MI-TS200"):
        new = _price_point(prices[sku] * factor * Decimal("1.04"))
        book = book.schedule_price_change(
            sku, Money(new, currency), effective_on=pendulum.Date(2026, 12, 1), at=at, by=_BY
        )
    book = book.submit(at=at.add(days=1), by=_BY)
    book = book.approve(at=at.add(days=3), by=UserId("cfo"))
    return book.activate(at=at.add(days=20), by=_BY)


def _sensor_tiers(currency: str, price: Decimal) -> TierTable:
    def point(ratio: str) -> Money:
        return Money(_price_point(price * Decimal(ratio)), currency)

    return TierTable(
        mode=TierMode.GRADUATED,
        tiers=[
            Tier(up_to=10, unit_price=point("1")),
            Tier(up_to=50, unit_price=point("0.94")),
            Tier(up_to=None, unit_price=point("0.88")),
        ],
    )


def _rules(currency: str, factor: Decimal) -> RuleSet:
    def amount(value: str) -> Money:
        return Money((Decimal(value) * factor).quantize(Decimal("1.00")), currency)

    autumn = pendulum.Date(2026, 9, 1)
    rules = [
        PricingRule.contract_price(
            id="contract.ac-00012.loggers",
            label="Framework agreement: data loggers",
            account_id=AccountId("AC-00012"),
            skus=["MI-DL500"],
            adjustment=Adjustment.unit_price(amount("799.00")),
            exclusive=True,
        ),
        PricingRule.segment_discount(
            id="segment.enterprise",
            label="Enterprise discount",
            segment_id=SegmentId("enterprise"),
            adjustment=Adjustment.percent_off(5),
        ),
        PricingRule.channel_discount(
            id="channel.web",
            label="Web shop discount",
            channel_id=ChannelId("web"),
            adjustment=Adjustment.percent_off(3),
            scope=RuleScope(families=["accessories"]),
        ),
        PricingRule.partner_tier_discount(
            id="partner.gold",
            label="Gold partner discount",
            partner_tier="gold",
            adjustment=Adjustment.percent_off(15),
        ),
        PricingRule.partner_tier_discount(
            id="partner.silver",
            label="Silver partner discount",
            partner_tier="silver",
            adjustment=Adjustment.percent_off(8),
        ),
        PricingRule.bundle_discount(
            id="bundle.lab",
            label="Lab kit saving",
            bundle_skus=["MI-KIT-LAB"],
            adjustment=Adjustment.percent_off(7),
        ),
        PricingRule.promotion(
            id="promo.autumn-iot",
            label="Autumn IoT offer",
            promotion_id=PromotionId("PRM-2026-AUTUMN"),
            adjustment=Adjustment.percent_off(10),
            valid_from=autumn,
            valid_until=pendulum.Date(2026, 11, 30),
            scope=RuleScope(families=["sensors"], promotion_code="AUTUMN26"),
        ),
        PricingRule.free_goods(
            id="free.cal-kit",
            label="Free calibration kit with 10 sensors",
            buy_quantity=10,
            free_quantity=1,
            free_sku="MI-CAL",
            scope=RuleScope(skus=["MI-PS100"]),
        ),
        PricingRule.surcharge(
            id="surcharge.training-travel",
            label="Trainer travel",
            adjustment=Adjustment.amount_off_each(amount("90.00")),
            scope=RuleScope(skus=["MI-SVC-TRN"]),
        ),
        PricingRule.margin_floor(id="floor.margin-30", label="Margin floor 30 %", percent=30),
        PricingRule.minimum_price(
            id="floor.logger",
            label="Data logger floor",
            price=amount("720.00"),
            scope=RuleScope(skus=["MI-DL500"]),
        ),
    ]
    return RuleSet.of(
        name=f"Meridian FY2027 {currency}",
        currency=currency,
        rules=rules,
        policy=CombinationPolicy(max_discount_percent=Decimal(35)),
    )


def sample_pricing(seed: int) -> SamplePricing:
    """The sample company's pricing, deterministic from ``seed``."""
    rng = random.Random(seed * 7919 + 4)
    catalog, prices = _catalog(rng)
    usd = Decimal("1.08")
    return SamplePricing(
        catalog=catalog,
        price_books=(
            _book("PB-EUR-FY27", "Meridian Europe FY2027", "EUR", prices, Decimal(1)),
            _book("PB-USD-FY27", "Meridian Americas FY2027", "USD", prices, usd),
        ),
        rule_sets=(_rules("EUR", Decimal(1)), _rules("USD", usd)),
        discount_policy=DiscountPolicy.default("EUR"),
    )


def sample_order(on: pendulum.Date) -> tuple[PricingDocument, PricingContext]:
    """A partner-led order of an enterprise account on ``on``: sensors with the autumn
    code, a data logger under contract, a lab kit, training, and a 2 % header discount."""
    rep = UserId("ae-sales")
    document = PricingDocument(
        lines=[
            DocumentLine(sku="MI-PS100", quantity=12),
            DocumentLine(sku="MI-DL500", quantity=2),
            DocumentLine(sku="MI-KIT-LAB", quantity=1),
            DocumentLine(
                sku="MI-SVC-TRN",
                quantity=2,
                discount=ManualDiscount(
                    adjustment=Adjustment.percent_off(10), reason="second day at half rate", by=rep
                ),
            ),
        ],
        header_discount=ManualDiscount(
            adjustment=Adjustment.percent_off(2), reason="year-end order", by=rep
        ),
        reference="SO-DEMO-1",
    )
    context = PricingContext(
        on=on,
        account_id=AccountId("AC-00012"),
        segment_id=SegmentId("enterprise"),
        channel_id=ChannelId("partner"),
        partner_id=PartnerId("ptn-nordic-automation"),
        partner_tier="silver",
        promotion_codes=["autumn26"],
        owner=rep,
    )
    return document, context
