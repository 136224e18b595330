"""Determining the fulfilment process per line, with reasons, and grouping (PCF 3.5.4.4)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given

from pcf_sales.catalog import ProductKind
from pcf_sales.core import AccountId, SalesOrderId
from pcf_sales.errors import ValidationError
from pcf_sales.orders import (
    DemandLine,
    FulfilmentMethod,
    FulfilmentPlan,
    FulfilmentPolicy,
    FulfilmentRule,
    available_to_promise,
    plan_fulfilment,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    make_availability_snapshot,
    make_catalog,
    make_demand_line,
    make_fulfilment_plan,
    make_fulfilment_policy,
    make_fulfilment_rule,
)
from pcf_sales.testing.strategies import fulfilment_plans, fulfilment_rules

DAY = pendulum.date(2026, 3, 2)
CATALOG = make_catalog()


def _line(number: int, sku: str, quantity: int = 1, **more: object) -> DemandLine:
    return make_demand_line(line_number=number, sku=sku, quantity=Decimal(quantity), **more)


def test_each_product_kind_has_its_default_method_and_says_so() -> None:
    lines = [_line(1, "SENS-100"), _line(2, "SVC-INSTALL"), _line(3, "SUB-CLOUD")]
    plan = plan_fulfilment(lines, CATALOG)
    assert [d.method for d in plan.decisions] == [
        FulfilmentMethod.SHIP_FROM_STOCK,
        FulfilmentMethod.SERVICE_DELIVERY,
        FulfilmentMethod.DIGITAL_DELIVERY,
    ]
    assert [d.rule for d in plan.decisions] == [None, None, None]
    assert plan.decisions[1].reason == "SVC-INSTALL is a service: service delivery by default"


def test_a_bundle_of_goods_is_fulfilled_as_a_good() -> None:
    decision = plan_fulfilment([_line(1, "KIT-START")], CATALOG).decisions[0]
    assert (decision.kind, decision.method) == (ProductKind.GOOD, FulfilmentMethod.SHIP_FROM_STOCK)


def test_the_first_matching_rule_decides_and_gives_its_name_lead_time_and_place() -> None:
    plan = make_fulfilment_plan()
    kit = plan.decision_for(SalesOrderId("SO-1"), 4)
    assert kit.method is FulfilmentMethod.MAKE_TO_ORDER
    assert kit.rule == "kits are assembled"
    assert [(p.location, p.date) for p in kit.parts] == [("PLANT-1", DAY.add(days=5))]
    assert kit.reason == (
        "rule 'kits are assembled' (kind good, family kits): make to order, "
        "5 days lead time, from PLANT-1"
    )


def test_a_rule_for_shortages_applies_only_when_stock_falls_short() -> None:
    policy = make_fulfilment_policy()
    snapshot = make_availability_snapshot(stock=[], receipts=[], lead_times=[])
    short = [_line(1, "CAL-KIT", 3)]
    covered_snapshot = make_availability_snapshot(
        stock=[attrs.evolve(make_availability_snapshot().stock[0], sku="CAL-KIT")]
    )
    short_plan = plan_fulfilment(
        short, CATALOG, policy=policy, availability=available_to_promise(short, snapshot)
    )
    covered_plan = plan_fulfilment(
        short, CATALOG, policy=policy, availability=available_to_promise(short, covered_snapshot)
    )
    assert short_plan.decisions[0].method is FulfilmentMethod.DROP_SHIP
    assert short_plan.decisions[0].parts[0].location == "SUP-CAL"
    assert covered_plan.decisions[0].method is FulfilmentMethod.SHIP_FROM_STOCK
    assert covered_plan.decisions[0].reason.endswith("3 of 3 confirmed")


def test_a_stock_line_is_split_by_the_deliveries_availability_promised() -> None:
    line = _line(1, "SENS-100", 25)
    plan = plan_fulfilment(
        [line], CATALOG, availability=available_to_promise([line], make_availability_snapshot())
    )
    decision = plan.decisions[0]
    assert [(p.location, p.date, p.quantity) for p in decision.parts] == [
        ("WH-1", DAY, Decimal(10)),
        ("WH-1", pendulum.date(2026, 3, 20), Decimal(10)),
        (None, DAY.add(days=30), Decimal(5)),
    ]
    assert decision.quantity == Decimal(25)


def test_lines_leaving_from_the_same_place_by_the_same_method_on_the_same_day_are_grouped() -> None:
    lines = [
        _line(1, "SENS-100", 2),
        _line(2, "CAL-KIT", 1),
        make_demand_line(order_id=SalesOrderId("SO-2"), sku="SENS-100", quantity=Decimal(1)),
        _line(3, "SUB-CLOUD", 5),
    ]
    plan = plan_fulfilment(lines, CATALOG)
    # A group is one shipment: another order's line leaves in a group of its own.
    assert [(g.method, g.order_id, len(g.items)) for g in plan.groups] == [
        (FulfilmentMethod.DIGITAL_DELIVERY, "SO-1", 1),
        (FulfilmentMethod.SHIP_FROM_STOCK, "SO-1", 2),
        (FulfilmentMethod.SHIP_FROM_STOCK, "SO-2", 1),
    ]
    assert plan.by_method(FulfilmentMethod.SHIP_FROM_STOCK) == (
        plan.decisions[0],
        plan.decisions[1],
        plan.decisions[2],
    )


def test_groups_are_ordered_by_day_with_unknown_days_last() -> None:
    line = _line(1, "SENS-100", 25)
    plan = plan_fulfilment(
        [line], CATALOG, availability=available_to_promise([line], make_availability_snapshot())
    )
    assert [g.date for g in plan.groups] == [DAY, pendulum.date(2026, 3, 20), DAY.add(days=30)]


def test_a_rule_describes_what_it_matches() -> None:
    assert FulfilmentRule(name="all", method=FulfilmentMethod.DROP_SHIP).describe() == "every line"
    assert make_fulfilment_rule(skus=["A-1"], when_short=True).describe() == (
        "kind good, sku A-1, family kits, stock short"
    )


# -- bad input --------------------------------------------------------------------------------


def test_a_sku_not_in_the_catalog_is_refused_naming_the_line() -> None:
    with pytest.raises(ValidationError) as error:
        plan_fulfilment([_line(1, "SENS-100"), _line(2, "GHOST-1")], CATALOG)
    assert error.value.field == "lines[1].sku"


def test_a_line_the_availability_check_did_not_answer_is_refused() -> None:
    checked = available_to_promise([_line(1, "SENS-100")], make_availability_snapshot())
    with pytest.raises(ValidationError) as missing:
        plan_fulfilment([_line(2, "SENS-100")], CATALOG, availability=checked)
    with pytest.raises(ValidationError) as changed:
        plan_fulfilment([_line(1, "SENS-100", 3)], CATALOG, availability=checked)
    assert (missing.value.field, changed.value.field) == ("lines[0]", "lines[0]")


def test_two_rules_with_one_name_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        FulfilmentPolicy(rules=[make_fulfilment_rule(), make_fulfilment_rule()])
    assert error.value.field == "rules[1].name"


def test_a_lead_time_on_a_stock_rule_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_fulfilment_rule(method=FulfilmentMethod.SHIP_FROM_STOCK, lead_days=3)
    assert error.value.field == "lead_days"


@pytest.mark.parametrize(
    ("argument", "value", "field"),
    [
        ("catalog", "catalog", "catalog"),
        ("policy", 3, "policy"),
        ("availability", [], "availability"),
    ],
)
def test_wrong_arguments_are_refused_naming_them(argument: str, value: object, field: str) -> None:
    arguments: dict[str, object] = {"catalog": CATALOG, argument: value}
    with pytest.raises(ValidationError) as error:
        plan_fulfilment([_line(1, "SENS-100")], **arguments)  # type: ignore[arg-type]
    assert error.value.field == field


def test_asking_for_a_line_not_planned_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_fulfilment_plan().decision_for(SalesOrderId("SO-9"), 1)
    assert error.value.field == "line_number"


def test_the_default_method_of_something_other_than_a_kind_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        FulfilmentPolicy.default_method("good")  # type: ignore[arg-type]
    assert error.value.field == "kind"


# -- properties ---------------------------------------------------------------------------------


@given(fulfilment_plans())
def test_every_line_is_decided_once_and_its_parts_are_grouped_without_loss(
    plan: FulfilmentPlan,
) -> None:
    grouped: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for group in plan.groups:
        for item in group.items:
            grouped[(item.order_id, item.line_number)] += item.quantity
            decision = plan.decision_for(item.order_id, item.line_number)
            assert decision.method is group.method
            assert item.order_id == group.order_id
            assert any((p.location, p.date) == (group.location, group.date) for p in decision.parts)
    assert grouped == {(d.order_id, d.line_number): d.quantity for d in plan.decisions}
    keys = [(g.method, g.location, g.date, g.order_id, g.ship_to) for g in plan.groups]
    assert len(keys) == len(set(keys))


@given(fulfilment_plans())
def test_a_decision_without_a_rule_follows_the_kind_default(plan: FulfilmentPlan) -> None:
    for decision in plan.decisions:
        if decision.rule is None:
            assert decision.method is FulfilmentPolicy.default_method(decision.kind)
            assert "by default" in decision.reason
        else:
            assert decision.rule in decision.reason


@given(fulfilment_plans())
def test_plans_round_trip_through_documents(plan: FulfilmentPlan) -> None:
    assert from_document(to_document(plan)) == plan


@given(fulfilment_rules())
def test_rules_round_trip_through_documents(rule: FulfilmentRule) -> None:
    assert from_document(to_document(rule)) == rule


def test_lines_for_different_ship_tos_never_share_a_group() -> None:
    lines = [
        _line(1, "SENS-100", 2, ship_to=AccountId("AC-1")),
        _line(2, "CAL-KIT", 1, ship_to=AccountId("AC-9")),
        _line(3, "CAL-KIT", 1, ship_to=AccountId("AC-1")),
    ]
    plan = plan_fulfilment(lines, CATALOG)
    assert [(g.ship_to, [i.line_number for i in g.items]) for g in plan.groups] == [
        ("AC-1", [1, 3]),
        ("AC-9", [2]),
    ]
    assert from_document(to_document(plan)) == plan


def test_a_group_holds_only_its_orders_items() -> None:
    plan = plan_fulfilment([_line(1, "SENS-100", 2)], CATALOG)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(plan.groups[0], order_id=SalesOrderId("SO-2"))
    assert error.value.field == "items[0].order_id"
