"""Floors and ceilings: minimum prices, margin floors, overrides, regulated maximums."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.catalog import Catalog
from pcf_sales.core import RoundingMode, SegmentId, UserId, money
from pcf_sales.pricing import (
    Adjustment,
    DocumentLine,
    FloorOverride,
    ManualDiscount,
    PriceEntry,
    PricingDocument,
    PricingResult,
    PricingRule,
    PricingStep,
    RoundingPolicy,
    RuleOutcome,
    RuleScope,
)
from pcf_sales.testing.factories import (
    make_catalog,
    make_price_book,
    make_pricing_context,
    make_pricing_engine,
    make_product,
    make_rule_set,
)

SENSORS = RuleScope(skus=["SENS-100"])


def deep_discount(percent: int) -> PricingRule:
    return PricingRule.segment_discount(
        id="s.deep",
        label="Deep discount",
        segment_id=SegmentId("smb"),
        adjustment=Adjustment.percent_off(percent),
    )


def run(*rules: PricingRule, line: DocumentLine | None = None, **engine: object) -> PricingResult:
    chosen = line or DocumentLine(sku="SENS-100", quantity=4)
    built = make_pricing_engine(rules=make_rule_set(*rules), **engine)
    return built.price(PricingDocument(lines=[chosen]), make_pricing_context())


def test_a_minimum_price_raises_a_line_to_its_floor() -> None:
    floor = PricingRule.minimum_price(
        id="floor", label="Sensor floor", price=money("220.00", "EUR"), scope=SENSORS
    )
    line = run(deep_discount(20), floor).lines[0]
    assert line.net_amount == money("880.00", "EUR")
    assert line.floor == money("880.00", "EUR")
    step = line.steps[2]
    assert (step.step, step.rule_id, step.note) == (
        PricingStep.FLOORS,
        "floor",
        "raised to the floor",
    )


def test_a_line_above_its_floor_keeps_its_price_and_records_the_floor() -> None:
    floor = PricingRule.minimum_price(
        id="floor", label="Sensor floor", price=money("200.00", "EUR"), scope=SENSORS
    )
    line = run(deep_discount(10), floor).lines[0]
    assert line.net_amount == money("900.00", "EUR")
    assert line.floor == money("800.00", "EUR")
    assert all(step.step is not PricingStep.FLOORS for step in line.steps)


def test_a_recorded_override_lets_a_line_stay_below_its_floor_and_says_who() -> None:
    floor = PricingRule.minimum_price(
        id="floor", label="Sensor floor", price=money("220.00", "EUR"), scope=SENSORS
    )
    override = FloorOverride(reason="competitive displacement", by=UserId("vp-sales"))
    line = run(
        deep_discount(20),
        floor,
        line=DocumentLine(sku="SENS-100", quantity=4, floor_override=override),
    ).lines[0]
    assert line.net_amount == money("800.00", "EUR")
    assert line.floor_override == override
    assert line.floor_overridden
    assert line.steps[2].note == "floor 880.00 overridden: competitive displacement (vp-sales)"


def test_a_margin_floor_keeps_the_margin_over_standard_cost() -> None:
    floor = PricingRule.margin_floor(id="margin.40", label="40 % margin", percent=40)
    line = run(deep_discount(60), floor).lines[0]
    # cost 120.00 a unit: 120 / 0.6 = 200.00
    assert line.net_amount == money("800.00", "EUR")
    assert line.margin_percent == Decimal(40)


def test_a_margin_floor_without_a_cost_does_not_apply_and_says_why() -> None:
    catalog = Catalog.of(products=[make_product(standard_cost=None)])
    floor = PricingRule.margin_floor(id="margin.40", label="40 % margin", percent=40)
    result = run(deep_discount(60), floor, catalog=catalog)
    assert result.total == money("400.00", "EUR")
    assert [(d.rule_id, d.outcome, d.reason) for d in result.lines[0].decisions] == [
        ("margin.40", RuleOutcome.NOT_APPLIED, "no standard cost to compute a margin from")
    ]


def test_the_highest_floor_binds_and_the_others_say_so() -> None:
    low = PricingRule.minimum_price(
        id="floor.low", label="Low", price=money("150.00", "EUR"), scope=SENSORS
    )
    high = PricingRule.margin_floor(id="margin.40", label="40 % margin", percent=40)
    line = run(deep_discount(60), low, high).lines[0]
    assert line.net_amount == money("800.00", "EUR")
    assert [(d.rule_id, d.reason) for d in line.decisions] == [
        ("floor.low", "its floor 600.00 is not above the floor 800.00 of margin.40")
    ]


def test_rounding_never_takes_a_line_below_its_floor() -> None:
    entry = PriceEntry(
        sku="SENS-100", unit_price=money("1.01", "EUR"), effective_from=pendulum.Date(2026, 1, 1)
    )
    book = make_price_book(rounding=RoundingPolicy(mode=RoundingMode.DOWN), entries=[entry])
    floor = PricingRule.minimum_price(
        id="floor", label="Floor", price=money("1.01", "EUR"), scope=SENSORS
    )
    line = run(
        floor, price_book=book, line=DocumentLine(sku="SENS-100", quantity=Decimal("2.5"))
    ).lines[0]
    # 2.5 x 1.01 = 2.525, raised to the floor 2.53; rounding down per unit would give 2.52.
    assert line.floor == money("2.53", "EUR")
    assert line.net_amount == money("2.55", "EUR")
    assert line.steps[-1].note == "rounded up to stay at the floor"


def test_a_ceiling_lowers_a_line_to_the_regulated_maximum() -> None:
    cap = PricingRule.maximum_price(
        id="cap", label="Regulated maximum", price=money("240.00", "EUR"), scope=SENSORS
    )
    looser = PricingRule.maximum_price(id="cap.loose", label="Looser", price=money("245.00", "EUR"))
    line = run(cap, looser).lines[0]
    assert line.net_amount == money("960.00", "EUR")
    assert (line.steps[1].rule_id, line.steps[1].note) == ("cap", "lowered to the ceiling")
    assert run(cap, deep_discount(10)).total == money("900.00", "EUR")


@pytest.mark.parametrize("percent", [0, 30, 60, 90, 100])
def test_no_line_ends_below_its_floor_without_an_override(percent: int) -> None:
    floor = PricingRule.margin_floor(id="margin.30", label="30 % margin", percent=30)
    engine = make_pricing_engine(
        rules=make_rule_set(deep_discount(percent), floor), catalog=make_catalog()
    )
    document = PricingDocument.of(("SENS-100", 3), ("CAL-KIT", 5), ("KIT-START", 1))
    for line in engine.price(document, make_pricing_context()).lines:
        assert line.floor is not None
        assert line.net_amount >= line.floor


def test_a_margin_floor_holds_when_some_units_are_free() -> None:
    free = PricingRule.free_goods(id="free", label="Buy 3 get 1", buy_quantity=3, free_quantity=1)
    floor = PricingRule.margin_floor(id="margin.30", label="30 % margin", percent=30)
    line = run(deep_discount(60), free, floor).lines[0]
    # cost 4 x 120.00 = 480.00 for the line, free units included: 480 / 0.7 = 685.72
    assert line.floor == money("685.72", "EUR")
    assert line.net_amount == money("685.74", "EUR")  # 3 paid units at 228.58, rounded up
    assert line.margin_percent is not None
    assert line.margin_percent >= 30


@given(
    quantity=st.integers(min_value=1, max_value=20),
    percent=st.integers(min_value=0, max_value=100),
    margin=st.integers(min_value=0, max_value=95),
    buy=st.integers(min_value=1, max_value=5),
    header=st.integers(min_value=0, max_value=100),
)
def test_no_line_has_a_margin_below_its_margin_floor_unless_overridden(
    quantity: int, percent: int, margin: int, buy: int, header: int
) -> None:
    rules = (
        deep_discount(percent),
        PricingRule.free_goods(id="free", label="Free", buy_quantity=buy, free_quantity=1),
        PricingRule.margin_floor(id="margin", label="Margin", percent=margin),
    )
    engine = make_pricing_engine(rules=make_rule_set(*rules))
    document = PricingDocument.of(
        ("SENS-100", quantity),
        header_discount=ManualDiscount(
            adjustment=Adjustment.percent_off(header), reason="year end", by=UserId("rep")
        ),
    )
    for line in engine.price(document, make_pricing_context()).lines:
        assert line.margin_percent is not None
        assert line.margin_percent >= margin
