"""When several rules apply: precedence, exclusivity, stacking, caps, free goods.

Each test is one of the things users of other pricing engines got burned by.
"""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import AccountId, SegmentId, money
from pcf_sales.pricing import (
    Adjustment,
    CombinationMode,
    CombinationPolicy,
    DiscountBase,
    PricingDocument,
    PricingResult,
    PricingRule,
    PricingStep,
    RuleOutcome,
    RuleScope,
    RuleSet,
    StepMode,
    TieBreak,
)
from pcf_sales.testing.factories import (
    PRICING_DAY,
    make_pricing_context,
    make_pricing_engine,
)

DAY = PRICING_DAY


def promo(rule_id: str, adjustment: Adjustment, **options: object) -> PricingRule:
    return PricingRule.promotion(
        id=rule_id,
        label=f"Promotion {rule_id}",
        adjustment=adjustment,
        valid_from=options.pop("valid_from", DAY.subtract(days=10)),  # type: ignore[arg-type]
        valid_until=DAY.add(days=10),
        **options,  # type: ignore[arg-type]
    )


def segment(rule_id: str, percent: int, **options: object) -> PricingRule:
    return PricingRule.segment_discount(
        id=rule_id,
        label=f"Segment {rule_id}",
        segment_id=SegmentId("smb"),
        adjustment=Adjustment.percent_off(percent),
        **options,  # type: ignore[arg-type]
    )


def run(
    *rules: PricingRule, policy: CombinationPolicy | None = None, quantity: int = 4
) -> PricingResult:
    rule_set = RuleSet(
        name="test", currency="EUR", rules=rules, policy=policy or CombinationPolicy()
    )
    engine = make_pricing_engine(rules=rule_set)
    return engine.price(PricingDocument.of(("SENS-100", quantity)), make_pricing_context())


def decisions(result: PricingResult) -> dict[str, tuple[RuleOutcome, str]]:
    return {d.rule_id: (d.outcome, d.reason) for d in result.lines[0].decisions}


def test_two_rules_of_equal_priority_and_price_are_settled_by_rule_id_and_explained() -> None:
    result = run(promo("p.b", Adjustment.percent_off(10)), promo("p.a", Adjustment.percent_off(10)))
    assert result.lines[0].applied_rules() == ("p.a",)
    found = decisions(result)
    assert found["p.a"] == (RuleOutcome.APPLIED, "best price in promotions, over p.b")
    outcome, reason = found["p.b"]
    assert outcome is RuleOutcome.LOST
    assert (
        reason
        == "same priority 100 and price 900.000; tie broken by rule id: 'p.a' sorts before 'p.b'"
    )


def test_the_result_does_not_depend_on_the_order_rules_are_given_in() -> None:
    rules = [
        promo("p.b", Adjustment.percent_off(10)),
        promo("p.a", Adjustment.percent_off(10)),
        segment("s.1", 5),
        promo("p.c", Adjustment.amount_off_each(money("25.00", "EUR")), priority=5),
    ]
    assert run(*rules) == run(*reversed(rules))


def test_best_price_wins_whatever_the_priority() -> None:
    result = run(
        promo("p.first", Adjustment.percent_off(5), priority=1),
        promo("p.cheaper", Adjustment.percent_off(15), priority=9),
    )
    assert result.total == money("850.00", "EUR")
    assert decisions(result)["p.first"] == (
        RuleOutcome.LOST,
        "p.cheaper gives a lower price: 850.0000 against 950.0000",
    )


def test_under_first_in_precedence_priority_wins_and_says_so() -> None:
    policy = CombinationPolicy(default_mode=CombinationMode.FIRST)
    result = run(
        promo("p.first", Adjustment.percent_off(5), priority=1),
        promo("p.cheaper", Adjustment.percent_off(15), priority=9),
        policy=policy,
    )
    assert result.total == money("950.00", "EUR")
    assert decisions(result)["p.cheaper"] == (
        RuleOutcome.LOST,
        "p.first has precedence: priority 1 before 9",
    )


def test_equal_priorities_under_first_go_to_the_lower_price_then_the_id() -> None:
    policy = CombinationPolicy(default_mode=CombinationMode.FIRST)
    result = run(
        promo("p.a", Adjustment.percent_off(5)),
        promo("p.b", Adjustment.percent_off(8)),
        policy=policy,
    )
    assert result.lines[0].applied_rules() == ("p.b",)
    assert (
        decisions(result)["p.a"][1]
        == "same priority 100; p.b gives the lower price: 920.0000 against 950.0000"
    )
    by_id = CombinationPolicy(default_mode=CombinationMode.FIRST, tie_break=TieBreak.RULE_ID)
    result = run(
        promo("p.a", Adjustment.percent_off(5)),
        promo("p.b", Adjustment.percent_off(8)),
        policy=by_id,
    )
    assert result.lines[0].applied_rules() == ("p.a",)
    assert (
        decisions(result)["p.b"][1]
        == "same priority 100; tie broken by rule id: 'p.a' sorts before 'p.b'"
    )


def test_the_newest_rule_can_break_ties() -> None:
    policy = CombinationPolicy(tie_break=TieBreak.NEWEST_FIRST)
    result = run(
        promo("p.old", Adjustment.percent_off(10), valid_from=DAY.subtract(days=9)),
        promo("p.new", Adjustment.percent_off(10), valid_from=DAY.subtract(days=1)),
        policy=policy,
    )
    assert result.lines[0].applied_rules() == ("p.new",)
    assert "p.new is newer (valid from 2026-03-01" in decisions(result)["p.old"][1]


def test_promotions_stack_only_when_the_policy_says_so() -> None:
    rules = (promo("p.a", Adjustment.percent_off(10)), promo("p.b", Adjustment.percent_off(5)))
    assert run(*rules).total == money("900.00", "EUR")
    stacking = CombinationPolicy(
        step_modes=[StepMode(step=PricingStep.PROMOTIONS, mode=CombinationMode.STACK)]
    )
    stacked = run(*rules, policy=stacking)
    assert stacked.total == money("855.00", "EUR")
    assert stacked.lines[0].applied_rules() == ("p.a", "p.b")


def test_a_percentage_after_another_says_which_base_it_uses() -> None:
    stacking = CombinationPolicy(
        step_modes=[StepMode(step=PricingStep.PROMOTIONS, mode=CombinationMode.STACK)]
    )
    running = run(
        promo("p.a", Adjustment.percent_off(10)),
        promo("p.b", Adjustment.percent_off(5)),
        policy=stacking,
    )
    step_start = run(
        promo("p.a", Adjustment.percent_off(10, base=DiscountBase.STEP_START)),
        promo("p.b", Adjustment.percent_off(5, base=DiscountBase.STEP_START)),
        policy=stacking,
    )
    on_list = run(
        segment("s.20", 20), promo("p.list", Adjustment.percent_off(10, base=DiscountBase.LIST))
    )
    on_running = run(segment("s.20", 20), promo("p.run", Adjustment.percent_off(10)))
    assert running.total == money("855.00", "EUR")  # 1000 x 0.9 x 0.95
    assert step_start.total == money("850.00", "EUR")  # 1000 - 100 - 50
    assert on_list.total == money("700.00", "EUR")  # 800 - 10 % of 1000
    assert on_running.total == money("720.00", "EUR")  # 800 - 10 % of 800
    assert on_list.lines[0].steps[2].given == Adjustment.percent_off(10, base=DiscountBase.LIST)


def test_an_exclusive_rule_shuts_out_every_other_discount_and_says_so() -> None:
    contract = PricingRule.contract_price(
        id="c.ac1",
        label="Contract",
        account_id=AccountId("AC-1"),
        adjustment=Adjustment.unit_price(money("230.00", "EUR")),
        exclusive=True,
    )
    result = run(contract, segment("s.5", 5), promo("p.10", Adjustment.percent_off(10)))
    assert result.total == money("920.00", "EUR")
    found = decisions(result)
    assert found["s.5"] == (RuleOutcome.EXCLUDED, "exclusive rule c.ac1 applies to the line")
    assert found["p.10"][0] is RuleOutcome.EXCLUDED


def test_of_two_exclusive_rules_the_first_in_precedence_wins() -> None:
    result = run(
        segment("s.a", 5, exclusive=True, priority=2),
        promo("p.b", Adjustment.percent_off(30), exclusive=True, priority=1),
    )
    assert result.lines[0].applied_rules() == ("p.b",)
    assert decisions(result)["s.a"] == (
        RuleOutcome.LOST,
        "exclusive rule p.b has precedence: priority 1 before 2",
    )


def test_an_exclusive_rule_that_gives_nothing_shuts_nothing_out() -> None:
    free = PricingRule.free_goods(
        id="free", label="Buy 3 get 1", buy_quantity=3, free_quantity=1, exclusive=True
    )
    result = run(segment("seg", 10), free, quantity=2)
    assert result.total == money("450.00", "EUR")  # 2 x 250 less 10 %
    found = decisions(result)
    assert found["free"] == (
        RuleOutcome.NOT_APPLIED,
        "exclusive but would not change the price: 2 units earn no free units "
        "(buy 3, get 1); the other rules apply",
    )
    assert "seg" not in found or found["seg"][0] is RuleOutcome.APPLIED


def test_an_exclusive_promotion_priced_above_list_shuts_nothing_out() -> None:
    dear = promo("p.dear", Adjustment.unit_price(money("260.00", "EUR")), exclusive=True)
    result = run(dear, segment("seg", 10))
    assert result.total == money("900.00", "EUR")
    outcome, reason = decisions(result)["p.dear"]
    assert outcome is RuleOutcome.NOT_APPLIED
    assert reason == (
        "exclusive but would not change the price: would raise the price from 1000.00 "
        "to 1040.00; a discount never does; the other rules apply"
    )


def test_an_exclusive_rule_that_acts_still_shuts_out_one_that_does_not() -> None:
    free = PricingRule.free_goods(
        id="free", label="Buy 3 get 1", buy_quantity=3, free_quantity=1, exclusive=True
    )
    result = run(segment("seg", 10, exclusive=True), free, quantity=2)
    assert result.lines[0].applied_rules() == ("seg",)
    assert decisions(result)["free"][0] is RuleOutcome.NOT_APPLIED


@given(
    quantity=st.integers(min_value=1, max_value=12),
    buy=st.integers(min_value=1, max_value=6),
    percent=st.integers(min_value=1, max_value=60),
)
def test_an_exclusive_rule_never_leaves_a_line_dearer_than_without_it(
    quantity: int, buy: int, percent: int
) -> None:
    free = PricingRule.free_goods(
        id="free", label="Free", buy_quantity=buy, free_quantity=1, exclusive=True
    )
    without = run(segment("seg", percent), quantity=quantity).total
    with_free = run(segment("seg", percent), free, quantity=quantity)
    acted = "free" in with_free.lines[0].applied_rules()
    assert acted or with_free.total == without
    assert with_free.lines[0].applied_rules() in (("seg",), ("free",))


def test_exclusive_rules_of_equal_priority_follow_the_policy_tie_break() -> None:
    rules = (
        segment("a.small", 5, exclusive=True),
        promo("b.large", Adjustment.percent_off(30), exclusive=True),
    )
    result = run(*rules)  # the default tie-break is the lowest price
    assert result.lines[0].applied_rules() == ("b.large",)
    assert decisions(result)["a.small"] == (
        RuleOutcome.LOST,
        "exclusive rule b.large has precedence: same priority 100; "
        "b.large gives the lower price: 700.000 against 950.0000",
    )
    by_id = run(*rules, policy=CombinationPolicy(tie_break=TieBreak.RULE_ID))
    assert by_id.lines[0].applied_rules() == ("a.small",)
    assert decisions(by_id)["b.large"] == (
        RuleOutcome.LOST,
        "exclusive rule a.small has precedence: same priority 100; "
        "tie broken by rule id: 'a.small' sorts before 'b.large'",
    )


def test_the_policy_caps_what_rules_take_off_the_list_price() -> None:
    policy = CombinationPolicy(max_discount_percent=Decimal(25))
    result = run(segment("s.20", 20), promo("p.10", Adjustment.percent_off(10)), policy=policy)
    assert result.total == money("750.00", "EUR")
    assert result.lines[0].steps[2].note == "held at the policy's maximum discount of 25 %"
    already = run(segment("s.30", 30), promo("p.10", Adjustment.percent_off(10)), policy=policy)
    assert already.total == money("750.00", "EUR")
    assert decisions(already)["p.10"] == (RuleOutcome.NOT_APPLIED, "leaves the price at 750.0000")


def test_no_line_ever_goes_below_zero() -> None:
    result = run(promo("p.huge", Adjustment.amount_off_each(money("300.00", "EUR"))))
    line = result.lines[0]
    assert line.net_amount == money("0.00", "EUR")
    assert line.steps[1].note == "held at zero: a price never goes below zero"
    assert line.discount_percent == Decimal(100)


def test_a_discount_never_raises_a_price_but_a_contract_binds() -> None:
    dear = promo("p.dear", Adjustment.unit_price(money("260.00", "EUR")))
    result = run(dear)
    assert result.total == money("1000.00", "EUR")
    assert decisions(result)["p.dear"] == (
        RuleOutcome.NOT_APPLIED,
        "would raise the price from 1000.00 to 1040.00; a discount never does",
    )
    contract = PricingRule.contract_price(
        id="c.old",
        label="Old contract",
        account_id=AccountId("AC-1"),
        adjustment=Adjustment.unit_price(money("260.00", "EUR")),
    )
    assert run(contract).total == money("1040.00", "EUR")


def test_pricing_the_same_document_twice_gives_the_same_result() -> None:
    rules = (
        promo("p.a", Adjustment.percent_off(10)),
        PricingRule.free_goods(
            id="f.cal", label="Free kit", buy_quantity=2, free_quantity=1, free_sku="CAL-KIT"
        ),
    )
    engine = make_pricing_engine(rules=RuleSet(name="r", currency="EUR", rules=rules))
    document = PricingDocument.of(("SENS-100", 4))
    first = engine.price(document, make_pricing_context())
    second = engine.price(document, make_pricing_context())
    assert first == second
    assert len(second.lines) == 2


def test_buy_three_get_one_free_of_the_same_sku() -> None:
    rule = PricingRule.free_goods(id="f.3for4", label="4 for 3", buy_quantity=3, free_quantity=1)
    result = run(rule, quantity=9)
    line = result.lines[0]
    assert line.free_quantity == Decimal(2)
    assert line.net_amount == money("1750.00", "EUR")
    assert line.steps[1].note == "2 of 9 units free"
    too_few = run(rule, quantity=3)
    assert too_few.total == money("750.00", "EUR")
    assert decisions(too_few)["f.3for4"][1] == "3 units earn no free units (buy 3, get 1)"


def test_buy_x_get_y_of_another_sku_adds_a_free_line() -> None:
    rule = PricingRule.free_goods(
        id="f.kit",
        label="Free calibration kit",
        buy_quantity=2,
        free_quantity=1,
        free_sku="CAL-KIT",
    )
    result = run(rule, quantity=5)
    sensor, kit = result.lines
    assert sensor.net_amount == money("1250.00", "EUR")
    assert sensor.steps[1].note == "2 x CAL-KIT free, on a line of their own"
    assert (kit.line_number, kit.sku, kit.quantity) == (2, "CAL-KIT", Decimal(2))
    assert (kit.generated_by, kit.source_line) == ("f.kit", 1)
    assert kit.list_amount == money("60.00", "EUR")
    assert kit.net_amount == money("0.00", "EUR")
    assert kit.cost == money("20.00", "EUR")
    assert result.margin == money("1250.00", "EUR") - money("620.00", "EUR")
    assert "free goods of f.kit for line 1" in result.explain()


def test_surcharges_stack_by_default() -> None:
    small = PricingRule.surcharge(
        id="x.small",
        label="Small order",
        adjustment=Adjustment.percent_off(5),
        scope=RuleScope(skus=["SENS-100"]),
    )
    handling = PricingRule.surcharge(
        id="x.handling",
        label="Handling",
        adjustment=Adjustment.amount_off_each(money("2.00", "EUR")),
    )
    result = run(small, handling, quantity=1)
    # Equal priority: the smaller surcharge (handling) comes first, then 5 % of 252.00.
    assert result.total == money("264.60", "EUR")
    assert result.lines[0].applied_rules() == ("x.handling", "x.small")


@pytest.mark.parametrize("mode", list(CombinationMode))
def test_every_mode_is_deterministic_under_reordering(mode: CombinationMode) -> None:
    policy = CombinationPolicy(default_mode=mode)
    rules = [
        promo("p.a", Adjustment.percent_off(10), priority=1),
        promo("p.b", Adjustment.amount_off_each(money("20.00", "EUR")), priority=1),
        promo("p.c", Adjustment.unit_price(money("230.00", "EUR")), priority=0),
    ]
    assert run(*rules, policy=policy) == run(*rules[::-1], policy=policy)


def test_rules_outside_their_window_or_context_do_not_match() -> None:
    past = PricingRule.segment_discount(
        id="s.past",
        label="Past",
        segment_id=SegmentId("smb"),
        adjustment=Adjustment.percent_off(50),
        valid_until=pendulum.Date(2026, 2, 1),
    )
    other = PricingRule.segment_discount(
        id="s.ent",
        label="Enterprise",
        segment_id=SegmentId("enterprise"),
        adjustment=Adjustment.percent_off(50),
    )
    result = run(past, other)
    assert result.total == money("1000.00", "EUR")
    assert result.lines[0].decisions == ()
