"""Pricing analysis (realisation, leakage, targets) and cost-volume-profit."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, AccountId, FxRate, FxTable, SegmentId, UserId, money
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.pricing import (
    Adjustment,
    CostVolumeProfit,
    ManualDiscount,
    PriceTarget,
    PricingDocument,
    PricingResult,
    PricingRule,
    PricingTargets,
    analyse_pricing,
)
from pcf_sales.testing.factories import (
    make_cost_volume_profit,
    make_pricing_context,
    make_pricing_engine,
    make_pricing_result,
    make_pricing_targets,
    make_rule_set,
)


def _results() -> tuple[PricingResult, PricingResult]:
    rules = make_rule_set(
        PricingRule.segment_discount(
            id="seg.smb",
            label="SMB",
            segment_id=SegmentId("smb"),
            adjustment=Adjustment.percent_off(10),
        ),
    )
    engine = make_pricing_engine(rules=rules)
    header = ManualDiscount(
        adjustment=Adjustment.amount_off(money("50.00", "EUR")), reason="deal", by=UserId("rep")
    )
    first = engine.price(
        PricingDocument.of(("SENS-100", 4), header_discount=header),
        make_pricing_context(owner=UserId("rep-1")),
    )
    second = engine.price(
        PricingDocument.of(("SENS-100", 2), ("CAL-KIT", 5)),
        make_pricing_context(account_id=AccountId("AC-2"), segment_id=None, owner=UserId("rep-2")),
    )
    return first, second


def test_realisation_runs_from_list_to_net_and_the_waterfall_reconciles() -> None:
    analysis = analyse_pricing(_results())
    assert analysis.documents == 2
    assert analysis.lines == 3
    assert analysis.list_total == money("1650.00", "EUR")
    assert analysis.net_total == money("1500.00", "EUR")
    assert analysis.leakage == money("150.00", "EUR")
    assert analysis.realisation_percent == DECIMAL_CONTEXT.divide(Decimal(150000), Decimal(1650))
    by_step = {item.key: item.amount.amount for item in analysis.waterfall}
    assert by_step["segment_discounts"] == Decimal("-100")
    assert by_step["header_discount"] == Decimal("-50")
    assert sum(by_step.values()) == analysis.net_total.amount - analysis.list_total.amount


def test_leakage_is_reported_by_rule_account_and_owner() -> None:
    analysis = analyse_pricing(_results())
    assert [(i.key, i.amount.amount, i.lines) for i in analysis.by_rule] == [
        ("seg.smb", Decimal("-100"), 1)
    ]
    assert [(i.key, i.amount.amount) for i in analysis.by_account] == [
        ("AC-1", Decimal("-150.00")),
        ("AC-2", Decimal("0.00")),
    ]
    assert [i.key for i in analysis.by_owner] == ["rep-1", "rep-2"]
    assert analysis.by_rule[0].percent_of_list == DECIMAL_CONTEXT.divide(
        Decimal(-10000), Decimal(1650)
    )


def test_realised_prices_and_margins_are_compared_with_targets() -> None:
    analysis = analyse_pricing(_results(), targets=make_pricing_targets())
    (sensor,) = analysis.targets
    assert sensor.sku == "SENS-100"
    assert sensor.quantity == Decimal(6)
    assert sensor.net_amount == money("1350.00", "EUR")  # 850.00 + 500.00
    assert sensor.realised_unit_price == Decimal(225)
    assert sensor.price_variance_percent is not None
    assert sensor.price_variance_percent < 0
    assert sensor.margin_gap is not None
    assert sensor.margin_gap < 0
    assert not sensor.on_target
    assert analysis.target_realisation_percent == Decimal(92)
    text = analysis.explain()
    assert "realisation 90.91 % (target 92.00 %)" in text
    assert "leakage by rule:" in text
    assert "SENS-100" in text


def test_analysis_in_one_currency_converts_others_with_a_table() -> None:
    usd = make_pricing_engine(
        fx=FxTable.from_rates(
            [FxRate(base="EUR", quote="USD", on=pendulum.Date(2026, 3, 1), rate=Decimal(2))]
        )
    ).price(PricingDocument.of(("SENS-100", 1), currency="USD"), make_pricing_context())
    with pytest.raises(CurrencyMismatch) as error:
        analyse_pricing([make_pricing_result(), usd])
    assert error.value.field == "results[1]"
    back = FxTable.from_rates(
        [FxRate(base="USD", quote="EUR", on=pendulum.Date(2026, 3, 1), rate=Decimal("0.5"))]
    )
    analysis = analyse_pricing([make_pricing_result(), usd], fx=back)
    assert analysis.list_total == money("1310.00", "EUR")


def test_analysis_money_is_rounded_to_the_minor_unit_and_still_reconciles() -> None:
    usd = make_pricing_engine(
        fx=FxTable.from_rates(
            [FxRate(base="EUR", quote="USD", on=pendulum.Date(2026, 3, 1), rate=Decimal("1.0825"))]
        )
    ).price(PricingDocument.of(("SENS-100", 3), currency="USD"), make_pricing_context())
    back = FxTable.from_rates(
        [FxRate(base="USD", quote="EUR", on=pendulum.Date(2026, 3, 1), rate=Decimal("0.9237"))]
    )
    analysis = analyse_pricing([*_results(), usd], fx=back)
    amounts = [
        analysis.list_total,
        analysis.net_total,
        analysis.costed_net_total,
        *(item.amount for item in analysis.waterfall),
        *(item.amount for item in analysis.by_rule),
        *(item.amount for item in analysis.by_account),
        *(item.amount for item in analysis.by_owner),
    ]
    assert analysis.cost_total is not None
    amounts.append(analysis.cost_total)
    for amount in amounts:
        assert amount.amount.as_tuple().exponent == -2, amount
    assert [str(item.amount.amount) for item in analysis.by_rule] == ["-100.00"]
    by_step = sum((item.amount.amount for item in analysis.waterfall), Decimal(0))
    assert by_step == analysis.net_total.amount - analysis.list_total.amount


def test_analysis_checks_its_arguments() -> None:
    with pytest.raises(ValidationError) as error:
        analyse_pricing([])
    assert error.value.field == "currency"
    assert analyse_pricing([], currency="EUR").realisation_percent is None
    with pytest.raises(ValidationError) as error:
        analyse_pricing(["x"])  # type: ignore[list-item]
    assert error.value.field == "results[0]"
    with pytest.raises(CurrencyMismatch):
        analyse_pricing(
            [make_pricing_result()],
            targets=make_pricing_targets(currency="USD", targets=()),
            currency="EUR",
        )
    with pytest.raises(ValidationError) as error:
        analyse_pricing([make_pricing_result()], targets="t")  # type: ignore[arg-type]
    assert error.value.field == "targets"


def test_targets_are_checked() -> None:
    with pytest.raises(ValidationError) as error:
        PriceTarget(sku="X-1")
    assert error.value.field == "unit_price"
    with pytest.raises(ValidationError) as error:
        PricingTargets(
            name="t",
            currency="EUR",
            targets=[
                PriceTarget(sku="X-1", margin_percent=1),
                PriceTarget(sku="X-1", margin_percent=2),
            ],
        )
    assert error.value.field == "targets[1].sku"
    with pytest.raises(CurrencyMismatch):
        PricingTargets(
            name="t", currency="EUR", targets=[PriceTarget(sku="X-1", unit_price=Money("1", "USD"))]
        )
    assert make_pricing_targets().target_for("NOPE") is None


# --- cost-volume-profit ---------------------------------------------------------------------


def test_break_even_is_fixed_costs_over_contribution_rounded_up_to_whole_units() -> None:
    cvp = make_cost_volume_profit(fixed_costs=money("65001.00", "EUR"))
    even = cvp.break_even()
    assert even.volume == DECIMAL_CONTEXT.divide(Decimal(65001), Decimal(130))
    assert even.units == 501
    assert even.contribution_per_unit == money("130.00", "EUR")
    assert "65001.00 / contribution per unit 130.00 (250.00 - 120.00)" in even.explanation
    assert cvp.contribution_margin_percent == Decimal(52)
    assert cvp.profit_at(1000) == money("64999.00", "EUR")


def test_the_price_for_a_target_margin_at_the_forecast_volume_is_rounded_up() -> None:
    priced = make_cost_volume_profit().price_for_margin(Decimal(40))
    assert priced.price == money("308.34", "EUR")
    assert priced.margin_percent >= Decimal(40)
    assert priced.volume == Decimal(1000)
    assert priced.explanation.endswith("rounded up to 308.34")
    lower = make_cost_volume_profit().price_for_margin(40, volume=5000)
    assert lower.price < priced.price


def test_cost_volume_profit_refuses_what_cannot_be_computed() -> None:
    with pytest.raises(ValidationError) as error:
        make_cost_volume_profit(unit_price=money("100.00", "EUR")).break_even()
    assert error.value.field == "unit_price"
    with pytest.raises(ValidationError) as error:
        make_cost_volume_profit(forecast_volume=None).price_for_margin(30)
    assert error.value.field == "volume"
    with pytest.raises(ValidationError) as error:
        make_cost_volume_profit().price_for_margin(100)
    assert error.value.field == "margin_percent"
    with pytest.raises(CurrencyMismatch):
        CostVolumeProfit(
            unit_price=money("1", "EUR"),
            unit_variable_cost=Money("1", "USD"),
            fixed_costs=money("1", "EUR"),
        )
    with pytest.raises(ValidationError) as error:
        make_cost_volume_profit(fixed_costs=money("-1", "EUR"))
    assert error.value.field == "fixed_costs"
    assert (
        make_cost_volume_profit(
            unit_price=money("0", "EUR"), unit_variable_cost=money("0", "EUR")
        ).contribution_margin_percent
        is None
    )
