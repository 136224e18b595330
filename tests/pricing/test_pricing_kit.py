"""The test kit and the persistence contract for every public type of catalog and pricing."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcf_sales import catalog, core, pricing
from pcf_sales.serialization import DOCUMENT_TYPES, from_document, to_document
from pcf_sales.testing import factories
from pcf_sales.testing.strategies import PRICING_DAY, SCENARIO_CURRENCIES, STRATEGIES
from pcf_sales.testing.strategies._pricing_pool import (
    POOL_PRICEABLE_SKUS,
    POOL_SKUS,
    pool_catalog,
    pool_price_book,
    pool_rules,
)


def _public_types(module: object) -> list[type]:
    found = []
    for name in module.__all__:  # type: ignore[attr-defined]
        value = getattr(module, name)
        if isinstance(value, type) and attrs.has(value):
            found.append(value)
    return found


TYPES = _public_types(catalog) + _public_types(pricing)
IDS: list[object] = [
    core.BundleId,
    core.ChannelId,
    core.PriceBookId,
    core.ProductId,
    core.PromotionId,
    core.SegmentId,
]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_the_public_names_are_pinned() -> None:
    assert catalog.__all__ == [
        "BUNDLE_LIFECYCLE",
        "PRODUCT_LIFECYCLE",
        "Bundle",
        "BundleComponent",
        "Catalog",
        "Product",
        "ProductKind",
        "ProductStatus",
    ]
    assert pricing.__all__ == [
        "DEFAULT_STEPS",
        "PRICE_BOOK_LIFECYCLE",
        "Adjustment",
        "AdjustmentForm",
        "AppliedHeaderDiscount",
        "ApprovalLevel",
        "ApprovalRequirements",
        "ApprovalThreshold",
        "BreakEven",
        "CombinationMode",
        "CombinationPolicy",
        "CostVolumeProfit",
        "DiscountBase",
        "DiscountPolicy",
        "DocumentLine",
        "FloorOverride",
        "LeakageItem",
        "ManualDiscount",
        "MarginPrice",
        "PolicyMetric",
        "PriceBook",
        "PriceBookStatus",
        "PriceChange",
        "PriceChangeNotice",
        "PriceEntry",
        "PriceTarget",
        "PricedLine",
        "PricingAnalysis",
        "PricingContext",
        "PricingDocument",
        "PricingEngine",
        "PricingResult",
        "PricingRule",
        "PricingStep",
        "PricingTargets",
        "RegulatoryApproval",
        "RequiredApproval",
        "RoundingLevel",
        "RoundingPolicy",
        "RuleDecision",
        "RuleKind",
        "RuleOutcome",
        "RuleScope",
        "RuleSet",
        "StepMode",
        "TargetComparison",
        "TieBreak",
        "Tier",
        "TierMode",
        "TierTable",
        "UnpriceableLine",
        "UnpriceableReason",
        "WaterfallStep",
        "analyse_pricing",
    ]


@pytest.mark.parametrize("cls", [*TYPES, *IDS], ids=lambda c: c.__name__)
def test_every_public_type_and_id_has_a_registered_strategy(cls: object) -> None:
    assert cls in STRATEGIES


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_every_public_type_has_a_factory_that_makes_one(cls: type) -> None:
    factory = getattr(factories, f"make_{_snake(cls.__name__)}")
    assert isinstance(factory(), cls)


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_every_public_type_is_a_document_type(cls: type) -> None:
    assert DOCUMENT_TYPES[cls.__name__] is cls


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_factory_values_round_trip_through_documents(cls: type) -> None:
    value = getattr(factories, f"make_{_snake(cls.__name__)}")()
    assert from_document(to_document(value)) == value


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_drawn_values_round_trip_through_documents(cls: type, data: st.DataObject) -> None:
    value = data.draw(st.from_type(cls))
    assert isinstance(value, cls)
    assert from_document(to_document(value)) == value


@pytest.mark.parametrize(
    "enum",
    [
        v
        for v in (getattr(pricing, n) for n in pricing.__all__)
        if isinstance(v, type) and issubclass(v, Enum)
    ],
    ids=lambda e: e.__name__,
)
def test_every_enum_member_is_documented(enum: type[Enum]) -> None:
    assert enum.__doc__


def test_the_lifecycle_tables_are_offered_to_hypothesis() -> None:
    from pcf_sales.testing import strategies

    offered = strategies._all_lifecycles()
    for table in (
        catalog.PRODUCT_LIFECYCLE,
        catalog.BUNDLE_LIFECYCLE,
        pricing.PRICE_BOOK_LIFECYCLE,
    ):
        assert table in offered


@given(st.from_type(core.Lifecycle))
def test_a_drawn_lifecycle_table_is_one_the_library_ships(table: core.Lifecycle) -> None:  # type: ignore[type-arg]
    from pcf_sales.testing import strategies

    assert table in strategies._all_lifecycles()


# --- the pool that carried pricing results are drawn over ---------------------------------------


@pytest.mark.parametrize("currency", SCENARIO_CURRENCIES)
def test_the_pool_has_rules_of_every_kind_with_unique_ids(currency: str) -> None:
    rules = pool_rules(currency)
    assert {r.kind for r in rules} == set(pricing.RuleKind)
    assert len({r.id for r in rules}) == len(rules)
    assert {r.currency for r in rules} <= {currency, None}


def test_the_pool_catalog_and_book_leave_the_advertised_skus_unpriceable() -> None:
    book = pool_price_book("JPY", pricing.RoundingPolicy(), pricing.DEFAULT_STEPS)
    engine = pricing.PricingEngine(
        price_book=book,
        catalog=pool_catalog("JPY"),
        rules=pricing.RuleSet(name="none", currency="JPY"),
    )
    document = pricing.PricingDocument(
        lines=[pricing.DocumentLine(sku=sku, quantity=Decimal(1)) for sku in POOL_SKUS]
    )
    result = engine.price(
        document, pricing.PricingContext(on=PRICING_DAY), collect_unpriceable=True
    )
    assert {line.sku for line in result.lines} == set(POOL_PRICEABLE_SKUS)
    assert {(u.sku, u.reason) for u in result.unpriceable} == {
        ("KIT-OLD", pricing.UnpriceableReason.INACTIVE_PRODUCT),
        ("NEW-9", pricing.UnpriceableReason.NO_PRICE_IN_FORCE),
        ("OLD-7", pricing.UnpriceableReason.INACTIVE_PRODUCT),
    }
