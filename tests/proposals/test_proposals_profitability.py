"""Pricing estimates and the profitability analysis."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given

from pcf_sales.core import Percentage, money
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.pricing import DocumentLine
from pcf_sales.proposals import PriceEstimate, Profitability, ProfitabilityPolicy, ServiceRole
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    make_catalog,
    make_price_estimate,
    make_pricing_context,
    make_pricing_engine,
    make_profitability,
    make_profitability_policy,
    make_solution_plan,
    make_staffing_plan,
)


def eur(amount: str) -> Any:
    return money(amount, "EUR")


def test_the_estimate_prices_products_through_the_engine_and_services_from_effort() -> None:
    estimate = make_price_estimate()
    assert estimate.services.total == eur("37200.00")
    assert estimate.products is not None
    assert estimate.products.lines[0].sku == "SENS-100"
    assert estimate.products_total == eur("10000.00")
    assert estimate.total == eur("47200.00")
    assert estimate.explain().splitlines()[-1] == "estimate total 47200.00 EUR"


def test_a_plan_without_products_needs_no_engine() -> None:
    estimate = PriceEstimate.of(make_solution_plan(products=()))
    assert estimate.products is None
    assert estimate.total == eur("37200.00")


def test_a_plan_with_products_needs_an_engine_and_a_context() -> None:
    with pytest.raises(ValidationError) as error:
        PriceEstimate.of(make_solution_plan())
    assert error.value.field == "engine"
    with pytest.raises(ValidationError) as error:
        PriceEstimate.of(make_solution_plan(), engine=make_pricing_engine())
    assert error.value.field == "context"


def test_profitability_adds_up_revenue_costs_contingency_and_margin() -> None:
    result = make_profitability()
    assert result.revenue == eur("47200.00")
    assert result.staff_cost == eur("22440.00")
    assert result.product_cost == eur("4800.00")  # 40 x 120.00 standard cost
    assert result.contingency == eur("1362.00")  # 5 % of 27,240.00
    assert result.total_cost == eur("28602.00")
    assert result.gross_margin == eur("18598.00")
    assert result.margin_percent == Percentage(Decimal("39.4"))
    assert result.meets_floor
    assert result.explain().splitlines()[-1] == (
        "meets the floor: margin 39.4 % reaches the floor of 25 %"
    )


def test_a_margin_below_the_floor_fails_it_and_says_so() -> None:
    result = make_profitability_policy(floor=45).analyse(
        make_price_estimate(), make_staffing_plan(), make_catalog()
    )
    assert not result.meets_floor
    assert result.reasons() == ("margin 39.4 % is below the floor of 45 %",)


def test_a_minimum_gross_margin_amount_is_a_second_floor() -> None:
    policy = ProfitabilityPolicy(
        margin_floor=Percentage(25), contingency_rate=Percentage(5), minimum_margin=eur("20000.00")
    )
    result = policy.analyse(make_price_estimate(), make_staffing_plan(), make_catalog())
    assert result.gross_margin == eur("18598.00")
    assert not result.meets_floor
    assert result.reasons() == (
        "margin 39.4 % reaches the floor of 25 %",
        "gross margin 18598.00 is below the minimum of 20000.00 EUR",
    )


def test_a_minimum_margin_in_another_currency_is_a_mismatch() -> None:
    policy = ProfitabilityPolicy(
        margin_floor=Percentage(25),
        contingency_rate=Percentage(5),
        minimum_margin=money("1.00", "USD"),
    )
    with pytest.raises(CurrencyMismatch):
        policy.analyse(make_price_estimate(), make_staffing_plan(), make_catalog())


def test_a_product_without_a_standard_cost_fails_the_floor() -> None:
    plan = make_solution_plan(products=(DocumentLine(sku="SENS-100", quantity=Decimal(1)),))
    catalog = make_catalog()
    sensor = catalog.product("SENS-100")
    no_cost = catalog.with_product(attrs.evolve(sensor, standard_cost=None))
    result = make_profitability_policy().analyse(
        PriceEstimate.of(plan, engine=make_pricing_engine(), context=make_pricing_context()),
        make_staffing_plan(plan),
        no_cost,
    )
    assert result.missing_costs == ("SENS-100",)
    assert not result.meets_floor
    assert result.reasons()[0] == "no standard cost for SENS-100"


def test_staffing_in_another_currency_is_a_mismatch() -> None:
    usd = make_solution_plan(
        roles=(
            ServiceRole(
                name="engineer", bill_rate=money("1.00", "USD"), cost_rate=money("1.00", "USD")
            ),
            ServiceRole(
                name="project_manager",
                bill_rate=money("1.00", "USD"),
                cost_rate=money("1.00", "USD"),
            ),
        ),
        products=(),
    )
    with pytest.raises(CurrencyMismatch):
        make_profitability_policy().analyse(
            make_price_estimate(), make_staffing_plan(usd), make_catalog()
        )


def test_analysing_needs_the_right_inputs() -> None:
    bad: Any = "estimate"
    with pytest.raises(ValidationError) as error:
        ProfitabilityPolicy.default().analyse(bad, make_staffing_plan(), make_catalog())
    assert error.value.field == "estimate"


def test_policy_shares_run_from_0_to_100() -> None:
    with pytest.raises(ValidationError) as error:
        ProfitabilityPolicy(margin_floor=Percentage(101), contingency_rate=Percentage(5))
    assert error.value.field == "margin_floor"


def test_without_revenue_there_is_no_margin_percent() -> None:
    result = Profitability(
        currency="EUR",
        services_revenue=eur("0.00"),
        products_revenue=eur("0.00"),
        staff_cost=eur("10.00"),
        product_costs=(),
        contingency_rate=Percentage(0),
        margin_floor=Percentage(10),
    )
    assert result.margin_percent is None
    assert result.gross_margin == eur("-10.00")
    assert not result.meets_floor


def test_amounts_in_another_currency_are_refused() -> None:
    with pytest.raises(CurrencyMismatch):
        Profitability(
            currency="EUR",
            services_revenue=money("1.00", "USD"),
            products_revenue=eur("0.00"),
            staff_cost=eur("0.00"),
            product_costs=(),
            contingency_rate=Percentage(0),
            margin_floor=Percentage(10),
        )


@given(strategies.profitabilities())
def test_margin_is_revenue_less_every_cost(result: Profitability) -> None:
    assert result.total_cost == result.staff_cost + result.product_cost + result.contingency
    assert result.gross_margin == result.revenue - result.total_cost
    if result.meets_floor:
        assert result.margin_percent is not None
        assert result.margin_percent >= result.margin_floor
        assert not result.missing_costs
        if result.minimum_margin is not None:
            assert result.gross_margin >= result.minimum_margin


@given(strategies.price_estimates())
def test_an_estimate_totals_its_services_and_products(estimate: PriceEstimate) -> None:
    assert estimate.total == estimate.services.total + estimate.products_total
