"""The sales process, win plans, fit with the business strategy (3.5.1.4-3.5.1.5) and sales
resource allocation (3.5.1.7)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.accounts import BuyingRole, SizeBand, Stance
from pcf_sales.core import (
    AccountId,
    ContactId,
    OpportunityId,
    Percentage,
    money,
)
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.opportunities import (
    AllocationMethod,
    BusinessStrategy,
    CheckResult,
    DealRisk,
    DealSizePolicy,
    DealStakeholder,
    DecisionCriterion,
    EffortDemand,
    ExitCriterion,
    FitDimension,
    FitLevel,
    ForecastCategory,
    Level,
    OpportunityStatus,
    SalesProcess,
    SellerCapacity,
    Standing,
    WinPlan,
    WinPlanAction,
    allocate_sales_resources,
)
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_account,
    make_business_strategy,
    make_competitor_position,
    make_deal_risk,
    make_deal_stakeholder,
    make_effort_demand,
    make_opportunity,
    make_product_line,
    make_seller_capacity,
    make_stage,
    make_win_plan,
    make_win_plan_action,
)

# --- the sales process -------------------------------------------------------------------------


def test_the_default_process_has_five_stages_rising_in_probability() -> None:
    process = SalesProcess.default()
    assert process.keys == ("qualify", "discover", "demonstrate", "propose", "negotiate")
    probabilities = [s.probability.percent for s in process.stages]
    assert probabilities == sorted(probabilities)
    assert process.stage("negotiate").forecast_category is ForecastCategory.COMMIT
    assert len(process.criterion_keys) == 10
    assert process.index_of("propose") == 3
    assert [c.key for _, c in process.criteria_to_leave(3, 5)] == [
        "proposal_sent",
        "decision_process_mapped",
        "terms_agreed",
        "paperwork_out",
    ]
    assert process.find_criterion("nothing") is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"key": "Bad Key"}, "key"),
        ({"probability": Percentage(120)}, "probability"),
        ({"forecast_category": ForecastCategory.CLOSED}, "forecast_category"),
        ({"norm_days": 0}, "norm_days"),
        (
            {
                "exit_criteria": [
                    ExitCriterion(key="a", label="A"),
                    ExitCriterion(key="a", label="B"),
                ]
            },
            "exit_criteria[1]",
        ),
    ],
)
def test_bad_stages_are_refused(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make_stage(**overrides)
    assert caught.value.field == field


def test_a_process_refuses_no_stages_twice_a_stage_and_shared_criteria() -> None:
    stage = make_stage()
    with pytest.raises(ValidationError) as caught:
        SalesProcess(name="Empty", stages=[])
    assert caught.value.field == "stages"
    with pytest.raises(ValidationError) as caught:
        SalesProcess(name="Twice", stages=[stage, stage])
    assert caught.value.field == "stages[1].key"
    with pytest.raises(ValidationError) as caught:
        SalesProcess.from_stages("Shared", [stage, make_stage(key="other")])
    assert caught.value.field == "stages[1].exit_criteria[0]"
    with pytest.raises(ValidationError) as caught:
        SalesProcess.default().index_of("nowhere")
    assert caught.value.field == "stage"


# --- win plans -------------------------------------------------------------------------------


def test_a_full_plan_has_no_gaps_until_an_action_is_overdue() -> None:
    plan = make_win_plan()
    assert plan.gaps(on=FIXED_INSTANT.date()) == ()
    late = plan.gaps(on=FIXED_INSTANT.date().add(days=31))
    assert late == (f"action 'Run a pilot in plant 1' was due {FIXED_INSTANT.date().add(days=30)}",)
    done = plan.complete_action("Run a pilot in plant 1")
    assert done.gaps(on=FIXED_INSTANT.date().add(days=31)) == ()
    assert done.open_actions() == ()


def test_gaps_name_what_the_plan_lacks() -> None:
    plan = WinPlan(
        stakeholders=[
            DealStakeholder(
                contact_id=ContactId("c-1"), role=BuyingRole.DECISION_MAKER, stance=Stance.OPPOSED
            )
        ],
        decision_criteria=[
            DecisionCriterion(name="Price", importance=Level.HIGH, standing=Standing.BEHIND)
        ],
        competitors=[make_competitor_position(threat=Level.HIGH)],
        risks=[DealRisk(description="Freeze", likelihood=Level.HIGH, impact=Level.HIGH)],
    )
    assert plan.gaps(on=FIXED_INSTANT.date()) == (
        "no economic buyer identified among the stakeholders",
        "no champion among the stakeholders",
        "decision maker c-1 is opposed",
        "behind on 'Price', which matters most to the customer",
        "Globex is a high threat",
        "risk 'Freeze' (severity 9) has no mitigation",
    )


def test_plan_edits_replace_by_identity_and_return_new_plans() -> None:
    plan = make_win_plan()
    changed = plan.with_stakeholder(make_deal_stakeholder(stance=Stance.SKEPTICAL))
    assert len(changed.stakeholders) == 2
    assert changed.stakeholders[0].stance is Stance.SKEPTICAL
    assert plan.stakeholders[0].stance is Stance.SUPPORTIVE
    assert (
        changed.without_stakeholder(ContactId("contact-1")).stakeholders[0].contact_id
        == "contact-2"
    )
    assert (
        changed.with_competitor(make_competitor_position(name="GLOBEX")).competitors[0].name
        == "GLOBEX"
    )
    assert len(plan.with_action(make_win_plan_action(description="Demo")).actions) == 2
    assert plan.with_risk(make_deal_risk(impact=Level.LOW)).risks[0].severity == 2
    assert plan.without_risk("Budget freeze").risks == ()
    assert plan.with_objective(None).objective is None
    assert (
        plan.with_decision_criterion(
            DecisionCriterion(
                name="measurement accuracy", importance=Level.LOW, standing=Standing.EVEN
            )
        )
        .decision_criteria[0]
        .importance
        is Level.LOW
    )
    assert [s.contact_id for s in plan.stakeholders_in([BuyingRole.CHAMPION])] == ["contact-2"]


@pytest.mark.parametrize(
    ("run", "field"),
    [
        (lambda p: p.complete_action("nothing"), "description"),
        (lambda p: p.without_stakeholder("nobody"), "contact_id"),
        (lambda p: p.without_risk("nothing"), "description"),
        (lambda p: p.with_stakeholder("c-1"), "stakeholder"),
        (lambda p: WinPlan(actions=[make_win_plan_action(), make_win_plan_action()]), "actions[1]"),
    ],
)
def test_bad_plan_edits_are_refused(run: Any, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        run(make_win_plan())
    assert caught.value.field == field


def test_open_actions_come_soonest_first() -> None:
    plan = WinPlan(
        actions=[
            WinPlanAction(description="undated"),
            make_win_plan_action(description="later", due=FIXED_INSTANT.date().add(days=9)),
            make_win_plan_action(description="sooner", due=FIXED_INSTANT.date().add(days=2)),
        ]
    )
    assert [a.description for a in plan.open_actions()] == ["sooner", "later", "undated"]


# --- strategy fit -------------------------------------------------------------------------------


def test_a_deal_that_meets_every_target_is_a_strong_fit() -> None:
    deal = make_opportunity(amount=None, product_lines=[make_product_line()])
    fit = make_business_strategy().evaluate(deal, make_account())
    assert fit.level is FitLevel.STRONG
    assert fit.score == Percentage(100)
    assert [c.dimension for c in fit.checks] == list(FitDimension)
    assert all(c.result is CheckResult.MET for c in fit.checks)
    assert fit.reasons[1] == "met: industry 'software' is a target"


def test_unknown_data_and_misses_lower_the_score_with_reasons() -> None:
    deal = make_opportunity(amount=money("5000.00", "USD"))
    account = make_account(industry=None, size_band=SizeBand.SMALL)
    fit = make_business_strategy().evaluate(deal, account)
    results = {c.dimension: c.result for c in fit.checks}
    assert results[FitDimension.INDUSTRY] is CheckResult.UNKNOWN
    assert results[FitDimension.COMPANY_SIZE] is CheckResult.NOT_MET
    assert results[FitDimension.OFFERING] is CheckResult.UNKNOWN
    assert results[FitDimension.DEAL_SIZE] is CheckResult.NOT_MET
    assert fit.score == Percentage(Decimal("33.3"))
    assert fit.level is FitLevel.WEAK
    assert "below the minimum of 20000.00 USD" in fit.reasons[-1]


def test_a_deal_in_another_currency_needs_rates_for_the_deal_size_check() -> None:
    from pcf_sales.testing.factories import make_fx_table

    deal = make_opportunity(amount=money("30000.00", "EUR"))
    strategy = make_business_strategy()
    with pytest.raises(CurrencyMismatch):
        strategy.evaluate(deal, make_account())
    fit = strategy.evaluate(deal, make_account(), fx=make_fx_table())
    size = next(c for c in fit.checks if c.dimension is FitDimension.DEAL_SIZE)
    assert size.result is CheckResult.MET
    assert "32475.00 USD" in size.detail


def test_the_account_must_be_the_deals() -> None:
    with pytest.raises(ValidationError) as caught:
        make_business_strategy().evaluate(make_opportunity(), make_account(id=AccountId("other")))
    assert caught.value.field == "account"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "target_segments"),
        ({"target_industries": ["x"], "moderate_from": Percentage(90)}, "moderate_from"),
        ({"target_industries": ["x"], "strong_from": Percentage(101)}, "strong_from"),
        ({"target_countries": ["XX"]}, "target_countries[0]"),
    ],
)
def test_bad_strategies_are_refused(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        BusinessStrategy(name="S", **kwargs)
    assert caught.value.field == field


def test_a_deal_size_policy_needs_a_bound_in_one_currency_in_order() -> None:
    with pytest.raises(ValidationError):
        DealSizePolicy()
    with pytest.raises(CurrencyMismatch):
        DealSizePolicy(minimum=money("1.00", "USD"), maximum=money("2.00", "EUR"))
    with pytest.raises(ValidationError) as caught:
        DealSizePolicy(minimum=money("2.00", "USD"), maximum=money("1.00", "USD"))
    assert caught.value.field == "maximum"
    assert DealSizePolicy(maximum=money("1.00", "EUR")).currency == "EUR"


# --- resource allocation -------------------------------------------------------------------


def _demands(*rows: tuple[str, str, int]) -> list[EffortDemand]:
    return [make_effort_demand(key, value, hours) for key, value, hours in rows]


def test_the_exact_allocation_beats_the_greedy_one_when_it_can() -> None:
    team = [make_seller_capacity("ae-1", 10), make_seller_capacity("ae-2", 6)]
    deals = _demands(
        ("A", "9000.00", 6), ("B", "8000.00", 5), ("C", "7000.00", 5), ("D", "5500.00", 4)
    )
    exact = allocate_sales_resources(team, deals)
    greedy = allocate_sales_resources(team, deals, exact_limit=0)
    assert exact.method is AllocationMethod.EXACT
    assert exact.total_value == money("24000.00", "USD")
    assert exact.gap == money("0.00", "USD")
    assert [u.opportunity_id for u in exact.unassigned] == ["D"]
    assert greedy.method is AllocationMethod.GREEDY
    assert greedy.total_value == money("22500.00", "USD")
    assert greedy.upper_bound >= exact.total_value
    assert greedy.gap == greedy.upper_bound - greedy.total_value
    assert greedy.explanation[0].startswith("greedy:")
    assert {load.user_id: load.remaining for load in exact.loads} == {"ae-1": 0, "ae-2": 0}


def test_a_deal_too_big_for_anyone_says_so() -> None:
    allocation = allocate_sales_resources(
        [make_seller_capacity(hours=10)], _demands(("big", "1000.00", 11))
    )
    (left,) = allocation.unassigned
    assert "more than any seller has (10 h at most)" in left.reason
    assert allocation.total_value == money("0.00", "USD")


def test_an_empty_allocation_needs_its_currency() -> None:
    with pytest.raises(ValidationError) as caught:
        allocate_sales_resources([make_seller_capacity()], [])
    assert caught.value.field == "currency"
    empty = allocate_sales_resources([], [], currency="EUR")
    assert empty.total_value == money("0.00", "EUR")


@pytest.mark.parametrize(
    ("capacities", "demands", "error", "field"),
    [
        ([make_seller_capacity(), make_seller_capacity()], [], ValidationError, "capacities[1]"),
        ([], [make_effort_demand(), make_effort_demand()], ValidationError, "demands[1]"),
        ([], ["deal"], ValidationError, "demands[0]"),
        (
            [],
            [
                make_effort_demand(),
                EffortDemand(
                    opportunity_id=OpportunityId("x"),
                    expected_value=money("1.00", "EUR"),
                    effort_hours=1,
                ),
            ],
            CurrencyMismatch,
            "demands[1]",
        ),
    ],
)
def test_bad_allocation_inputs_are_refused(
    capacities: list[Any], demands: list[Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as caught:
        allocate_sales_resources(capacities, demands)
    assert caught.value.field == field  # type: ignore[attr-defined]


def test_exact_allocation_is_limited_to_twelve_deals() -> None:
    with pytest.raises(ValidationError) as caught:
        allocate_sales_resources([], [], exact_limit=13, currency="USD")
    assert caught.value.field == "exact_limit"


def test_demand_of_an_open_deal_is_its_weighted_amount() -> None:
    demand = EffortDemand.of(make_opportunity(), effort_hours=12)
    assert demand.expected_value == money("4800.00", "USD")
    assert demand.value_per_hour == Decimal(400)
    with pytest.raises(ValidationError) as caught:
        EffortDemand.of(make_opportunity(OpportunityStatus.WON), effort_hours=1)
    assert caught.value.field == "opportunity"


def _brute_force(sellers: list[SellerCapacity], demands: list[EffortDemand]) -> Decimal:
    best = Decimal(0)
    for choice in itertools.product(range(len(sellers) + 1), repeat=len(demands)):
        used = [Decimal(0)] * len(sellers)
        value = Decimal(0)
        for demand, seller in zip(demands, choice, strict=True):
            if seller < len(sellers):
                used[seller] += demand.effort_hours
                value += demand.expected_value.amount
        if all(u <= s.hours for u, s in zip(used, sellers, strict=True)):
            best = max(best, value)
    return best


_SELLERS = st.lists(strategies.seller_capacities(), max_size=3, unique_by=lambda s: s.user_id)
_DEMANDS = st.lists(
    strategies.effort_demands("USD"), max_size=5, unique_by=lambda d: d.opportunity_id
)


@given(sellers=_SELLERS, demands=_DEMANDS)
def test_the_exact_allocation_is_optimal_and_the_greedy_one_is_bounded(
    sellers: list[SellerCapacity], demands: list[EffortDemand]
) -> None:
    optimum = _brute_force(sellers, demands)
    exact = allocate_sales_resources(sellers, demands, currency="USD")
    greedy = allocate_sales_resources(sellers, demands, exact_limit=0, currency="USD")
    assert exact.total_value.amount == optimum
    assert greedy.total_value.amount <= optimum <= greedy.upper_bound.amount
    for allocation in (exact, greedy):
        assert len(allocation.assignments) + len(allocation.unassigned) == len(demands)
        for load in allocation.loads:
            assert load.assigned_hours <= load.capacity
        assigned = sum(a.expected_value.amount for a in allocation.assignments)
        assert assigned == allocation.total_value.amount
