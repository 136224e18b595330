"""Adjustments, tier tables, rounding policies and waterfall orders."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.core import RoundingMode, UserId, money
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.pricing import (
    DEFAULT_STEPS,
    Adjustment,
    AdjustmentForm,
    DiscountBase,
    ManualDiscount,
    PricingStep,
    RoundingLevel,
    RoundingPolicy,
    Tier,
    TierMode,
    TierTable,
)
from pcf_sales.pricing._values import check_steps
from pcf_sales.testing.strategies import step_orders, tier_tables


def test_each_adjustment_form_describes_itself_as_given() -> None:
    eur = money("12.50", "EUR")
    assert Adjustment.percent_off("7.5").describe() == "7.5 %"
    assert Adjustment.percent_off(5, base=DiscountBase.LIST).describe() == "5 % of the list price"
    assert (
        Adjustment.percent_off(5, base=DiscountBase.STEP_START).describe()
        == "5 % of the price at the start of the step"
    )
    assert Adjustment.amount_off_each(eur).describe() == "12.50 EUR each"
    assert Adjustment.amount_off(eur).describe() == "12.50 EUR"
    assert Adjustment.unit_price(eur).describe() == "unit price 12.50 EUR"
    assert Adjustment.net_price(eur).describe() == "net price 12.50 EUR"
    assert Adjustment.amount_off(eur).currency == "EUR"
    assert Adjustment.percent_off(1).currency is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"form": AdjustmentForm.PERCENT}, "percent"),
        ({"form": AdjustmentForm.PERCENT, "percent": 5, "amount": money("1", "EUR")}, "amount"),
        ({"form": AdjustmentForm.AMOUNT}, "amount"),
        ({"form": AdjustmentForm.AMOUNT, "amount": money("1", "EUR"), "percent": 1}, "percent"),
        (
            {"form": AdjustmentForm.AMOUNT, "amount": money("1", "EUR"), "base": DiscountBase.LIST},
            "base",
        ),
        ({"form": AdjustmentForm.PERCENT, "percent": -1}, "percent"),
        ({"form": AdjustmentForm.PERCENT, "percent": 1.5}, "percent"),
        ({"form": AdjustmentForm.AMOUNT, "amount": money("-1", "EUR")}, "amount"),
        ({"form": "percent", "percent": 5}, "form"),
    ],
)
def test_an_inconsistent_adjustment_names_the_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        Adjustment(**fields)  # type: ignore[arg-type]
    assert error.value.field == field


def test_a_manual_discount_needs_a_reason_and_who_gave_it() -> None:
    with pytest.raises(ValidationError) as error:
        ManualDiscount(adjustment=Adjustment.percent_off(5), reason=" ", by=UserId("rep"))
    assert error.value.field == "reason"


def _table(mode: TierMode) -> TierTable:
    return TierTable(
        mode=mode,
        tiers=[
            Tier(up_to=10, unit_price=money("10.00", "EUR")),
            Tier(up_to=50, unit_price=money("8.00", "EUR")),
            Tier(up_to=None, unit_price=money("6.00", "EUR")),
        ],
    )


def test_graduated_tiers_price_each_unit_in_its_own_band() -> None:
    table = _table(TierMode.GRADUATED)
    assert table.amount(Decimal(10)) == Decimal("100.00")
    assert table.amount(Decimal(60)) == Decimal("100.00") + 40 * Decimal("8.00") + 10 * Decimal(
        "6.00"
    )
    assert table.describe(Decimal(12)) == "graduated tiers: 10 x 10.00 + 2 x 8.00"


def test_all_units_tiers_price_every_unit_at_the_band_reached() -> None:
    table = _table(TierMode.ALL_UNITS)
    assert table.amount(Decimal(10)) == Decimal("100.00")
    assert table.amount(Decimal(11)) == Decimal("88.00")
    assert table.amount(Decimal("50.5")) == Decimal("303.000")
    assert table.tier_for(Decimal(50)) == 1


@given(tier_tables("EUR"), st.decimals(min_value=Decimal("0.5"), max_value=300, places=1))
def test_tier_amounts_agree_with_a_direct_computation(table: TierTable, quantity: Decimal) -> None:
    bounds = [t.up_to for t in table.tiers]
    prices = [t.unit_price.amount for t in table.tiers]
    if table.mode is TierMode.ALL_UNITS:
        index = next(i for i, b in enumerate(bounds) if b is None or quantity <= b)
        expected = quantity * prices[index]
    else:
        expected = Decimal(0)
        lower = Decimal(0)
        for bound, price in zip(bounds, prices, strict=True):
            top = quantity if bound is None else min(quantity, bound)
            expected += max(Decimal(0), top - lower) * price
            if bound is None:
                break
            lower = bound
    assert table.amount(quantity) == expected


@pytest.mark.parametrize(
    ("tiers", "field"),
    [
        ([], "tiers"),
        ([Tier(up_to=10, unit_price=money("1", "EUR"))], "tiers[0].up_to"),
        (
            [
                Tier(up_to=None, unit_price=money("1", "EUR")),
                Tier(up_to=None, unit_price=money("1", "EUR")),
            ],
            "tiers[0].up_to",
        ),
        (
            [
                Tier(up_to=10, unit_price=money("1", "EUR")),
                Tier(up_to=5, unit_price=money("1", "EUR")),
                Tier(up_to=None, unit_price=money("1", "EUR")),
            ],
            "tiers[1].up_to",
        ),
    ],
)
def test_a_badly_ordered_tier_table_names_the_tier(tiers: list[Tier], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        TierTable(mode=TierMode.GRADUATED, tiers=tiers)
    assert error.value.field == field


def test_tiers_in_two_currencies_are_a_currency_mismatch() -> None:
    with pytest.raises(CurrencyMismatch) as error:
        TierTable(
            mode=TierMode.ALL_UNITS,
            tiers=[
                Tier(up_to=10, unit_price=money("1", "EUR")),
                Tier(up_to=None, unit_price=Money("1", "USD")),
            ],
        )
    assert error.value.field == "tiers[1].unit_price"


def test_a_rounding_policy_holds_its_decimals_to_the_currencys() -> None:
    policy = RoundingPolicy(minor_units=3)
    assert policy.digits_for("EUR") == 2
    assert policy.digits_for("KWD") == 3
    assert policy.digits_for("JPY") == 0
    assert RoundingPolicy().quantum_for("EUR") == Decimal("0.01")
    assert RoundingPolicy(minor_units=0).quantum_for("EUR") == Decimal(1)
    assert RoundingPolicy(level=RoundingLevel.LINE, mode=RoundingMode.HALF_EVEN).describe() == (
        "half_even per line to the currency's minor unit"
    )
    assert RoundingPolicy(minor_units=0).describe() == "half_up per unit to 0 decimals"


def test_the_default_order_is_a_legal_order() -> None:
    assert check_steps(DEFAULT_STEPS) == DEFAULT_STEPS
    assert DEFAULT_STEPS.index(PricingStep.FLOORS) > DEFAULT_STEPS.index(
        PricingStep.MANUAL_DISCOUNTS
    )
    assert DEFAULT_STEPS[-1] is PricingStep.ROUNDING


@given(step_orders())
def test_drawn_orders_are_legal(order: tuple[PricingStep, ...]) -> None:
    assert check_steps(order) == order


@pytest.mark.parametrize(
    ("steps", "field", "words"),
    [
        ("rounding", "steps", "list"),
        ([*DEFAULT_STEPS[:-1]], "steps", "missing rounding"),
        ([*DEFAULT_STEPS, PricingStep.ROUNDING], "steps[14]", "twice"),
        ([PricingStep.LIST_PRICE, *DEFAULT_STEPS], "steps[0]", "list price always comes first"),
        (["rounding", *DEFAULT_STEPS[1:]], "steps[0]", "PricingStep"),
        (
            [s for s in DEFAULT_STEPS if s is not PricingStep.PROMOTIONS]
            + [PricingStep.PROMOTIONS],
            "steps[13]",
            "below its floor",
        ),
        (
            [s for s in DEFAULT_STEPS if s is not PricingStep.CURRENCY_CONVERSION]
            + [PricingStep.CURRENCY_CONVERSION],
            "steps[13]",
            "after floors",
        ),
    ],
)
def test_an_illegal_order_names_the_step(steps: object, field: str, words: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_steps(steps)  # type: ignore[arg-type]
    assert error.value.field == field
    assert words in error.value.reason
