"""Availability snapshots and the available-to-promise check (PCF 3.5.4.3)."""

from __future__ import annotations

import doctest
import importlib
import pathlib
import re
from collections import defaultdict
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pcf_sales.orders as orders
from pcf_sales.core import PartyId, SalesOrderId
from pcf_sales.errors import ValidationError
from pcf_sales.orders import (
    INVOLVED_PARTY_LIFECYCLE,
    AvailabilityResult,
    AvailabilitySnapshot,
    DemandLine,
    PromiseStatus,
    available_to_promise,
)
from pcf_sales.serialization import DOCUMENT_TYPES, from_document, to_document
from pcf_sales.testing import factories, strategies
from pcf_sales.testing.factories import (
    make_availability_promise,
    make_availability_snapshot,
    make_demand_line,
    make_existing_allocation,
    make_promised_delivery,
    make_scheduled_receipt,
    make_stock_position,
)
from pcf_sales.testing.strategies import (
    availability_results,
    availability_snapshots,
    demand_line_lists,
)

DAY = pendulum.date(2026, 3, 2)


def _line(order: str, quantity: int, *, wanted: pendulum.Date = DAY, **more: object) -> DemandLine:
    return make_demand_line(
        order_id=SalesOrderId(order), quantity=Decimal(quantity), requested_date=wanted, **more
    )


# -- examples --------------------------------------------------------------------------


def test_a_line_covered_by_stock_on_hand_is_confirmed_for_the_requested_day() -> None:
    promise = make_availability_promise(requested_date=DAY.add(days=3))
    assert promise.status is PromiseStatus.CONFIRMED
    assert promise.confirmed_quantity == Decimal(10)
    assert promise.confirmed_date == DAY.add(days=3)
    assert promise.back_order_quantity == 0
    assert promise.expected_date == DAY.add(days=3)


def test_a_line_bigger_than_stock_is_partly_confirmed_and_the_rest_comes_from_the_receipt() -> None:
    promise = make_availability_promise(quantity=Decimal(15))
    assert promise.status is PromiseStatus.PARTIAL
    assert promise.confirmed_quantity == Decimal(10)
    assert promise.back_order_quantity == Decimal(5)
    assert promise.unpromised_quantity == 0
    assert [(d.quantity, d.date, d.receipt) for d in promise.deliveries] == [
        (Decimal(10), DAY, None),
        (Decimal(5), pendulum.date(2026, 3, 20), "PO-7"),
    ]
    assert promise.expected_date == pendulum.date(2026, 3, 20)


def test_what_no_supply_covers_is_expected_after_the_replenishment_lead_time() -> None:
    promise = make_availability_promise(quantity=Decimal(25))
    assert promise.unpromised_quantity == Decimal(5)
    assert promise.back_order_quantity == Decimal(15)
    assert promise.expected_date == DAY.add(days=30)
    assert "5 not covered by any supply on file" in promise.explain()


def test_without_a_lead_time_the_expected_day_of_an_uncovered_back_order_is_unknown() -> None:
    result = available_to_promise([_line("SO-1", 25)], make_availability_snapshot(lead_times=()))
    promise = result.promises[0]
    assert promise.expected_date is None
    assert "expected day unknown" in promise.explain()


def test_a_sku_without_any_supply_is_back_ordered_in_full() -> None:
    promise = make_availability_promise(sku="GHOST-1")
    assert promise.status is PromiseStatus.BACK_ORDERED
    assert promise.confirmed_date is None
    assert promise.deliveries == ()
    assert promise.unpromised_quantity == Decimal(10)


def test_existing_allocations_use_up_stock_before_new_lines() -> None:
    snapshot = make_availability_snapshot(allocations=[make_existing_allocation()])
    promise = available_to_promise([_line("SO-1", 10)], snapshot).promises[0]
    assert promise.confirmed_quantity == Decimal(8)
    assert snapshot.available("SENS-100", by=DAY) == Decimal(8)


def test_a_request_for_a_day_already_past_is_confirmed_for_the_snapshot_day() -> None:
    snapshot = make_availability_snapshot(as_of=DAY.add(days=5))
    promise = available_to_promise([_line("SO-1", 4)], snapshot).promises[0]
    assert promise.confirmed_date == DAY.add(days=5)


def test_a_line_takes_the_latest_supply_it_can_so_earlier_supply_stays_for_earlier_needs() -> None:
    snapshot = make_availability_snapshot(
        stock=[make_stock_position(on_hand=Decimal(5))],
        receipts=[make_scheduled_receipt(quantity=Decimal(5), expected_date=DAY.add(days=10))],
    )
    later = _line("SO-1", 5, wanted=DAY.add(days=20))
    sooner = _line("SO-2", 5, wanted=DAY)
    result = available_to_promise([later, sooner], snapshot)
    assert [p.status for p in result.promises] == [PromiseStatus.CONFIRMED] * 2


def test_a_line_limited_to_a_location_does_not_draw_on_others() -> None:
    snapshot = make_availability_snapshot(
        stock=[make_stock_position(), make_stock_position(location="WH-2", on_hand=Decimal(50))],
        receipts=(),
    )
    limited = available_to_promise([_line("SO-1", 20, locations=["WH-1"])], snapshot)
    anywhere = available_to_promise([_line("SO-1", 20)], snapshot)
    assert limited.promises[0].confirmed_quantity == Decimal(10)
    assert [(d.location, d.quantity) for d in anywhere.promises[0].deliveries] == [
        ("WH-1", Decimal(10)),
        ("WH-2", Decimal(10)),
    ]


def test_locations_are_tried_in_the_lines_order_of_preference() -> None:
    snapshot = make_availability_snapshot(
        stock=[make_stock_position(), make_stock_position(location="WH-2")], receipts=()
    )
    result = available_to_promise([_line("SO-1", 4, locations=["WH-2", "WH-1"])], snapshot)
    assert [d.location for d in result.promises[0].deliveries] == ["WH-2"]


def test_first_come_first_served_gives_the_earlier_line_the_stock() -> None:
    result = available_to_promise(
        [_line("SO-1", 8), _line("SO-2", 8)], make_availability_snapshot()
    )
    first, second = result.promises
    assert (first.status, second.status) == (PromiseStatus.CONFIRMED, PromiseStatus.PARTIAL)
    assert (first.rank, second.rank) == (1, 2)
    assert result.ranked_by == "first come, first served"
    assert result.back_orders() == (second,)
    assert result.promised("SENS-100") == Decimal(16)
    assert result.fill_rate == Decimal(10) / Decimal(16)


def test_checking_twice_gives_the_same_answer_because_the_snapshot_is_not_used_up() -> None:
    snapshot = make_availability_snapshot()
    lines = [_line("SO-1", 8), _line("SO-2", 8)]
    assert available_to_promise(lines, snapshot) == available_to_promise(lines, snapshot)
    assert snapshot.available("SENS-100", by=DAY) == Decimal(10)


def test_a_result_finds_promises_by_order_line() -> None:
    result = available_to_promise(
        [_line("SO-1", 1, line_number=2), _line("SO-1", 1), _line("SO-2", 1)],
        make_availability_snapshot(),
    )
    assert [p.line_number for p in result.for_order(SalesOrderId("SO-1"))] == [1, 2]
    assert result.promise_for(SalesOrderId("SO-2"), 1).order_id == "SO-2"
    with pytest.raises(ValidationError) as error:
        result.promise_for(SalesOrderId("SO-3"), 1)
    assert error.value.field == "line_number"


def test_an_empty_check_has_a_full_fill_rate() -> None:
    result = available_to_promise([], make_availability_snapshot())
    assert result.promises == ()
    assert result.fill_rate == 1


def test_the_snapshot_reports_locations_lead_times_and_a_supply_timeline() -> None:
    snapshot = make_availability_snapshot(
        allocations=[make_existing_allocation(quantity=Decimal(12))]
    )
    assert snapshot.skus() == ("SENS-100",)
    assert snapshot.locations("SENS-100") == ("WH-1",)
    assert snapshot.lead_time("SENS-100") == 30
    assert snapshot.lead_time("OTHER-1") is None
    assert snapshot.supply_timeline("SENS-100", "WH-1") == (
        (pendulum.date(2026, 3, 20), Decimal(8)),
    )
    assert snapshot.supply_timeline("SENS-100", "WH-9") == ()


# -- bad input ----------------------------------------------------------------------------


def test_a_stock_position_listed_twice_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_availability_snapshot(stock=[make_stock_position(), make_stock_position()])
    assert error.value.field == "stock[1]"


def test_a_receipt_due_before_the_snapshot_day_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_availability_snapshot(
            receipts=[make_scheduled_receipt(expected_date=DAY.add(days=-1))]
        )
    assert error.value.field == "receipts[0].expected_date"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quantity", Decimal(0)),
        ("quantity", 1.5),
        ("quantity", Decimal("-1")),
        ("sku", "not a sku"),
        ("line_number", 0),
        ("requested_date", DAY.add(days=-1)),
        ("key_account", "yes"),
        ("locations", ["WH 1"]),
    ],
)
def test_a_bad_demand_line_is_refused_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as error:
        make_demand_line(**{field: value})
    assert error.value.field.startswith(field)


def test_negative_stock_and_empty_receipts_are_refused() -> None:
    with pytest.raises(ValidationError) as stock:
        make_stock_position(on_hand=Decimal(-1))
    with pytest.raises(ValidationError) as receipt:
        make_scheduled_receipt(quantity=Decimal(0))
    assert (stock.value.field, receipt.value.field) == ("on_hand", "quantity")


def test_the_same_order_line_twice_is_refused_and_nothing_is_promised() -> None:
    snapshot = make_availability_snapshot()
    with pytest.raises(ValidationError) as error:
        available_to_promise([_line("SO-1", 1), _line("SO-1", 2)], snapshot)
    assert error.value.field == "lines[1]"
    assert snapshot.available("SENS-100", by=DAY) == Decimal(10)


def test_something_other_than_demand_lines_or_a_snapshot_is_refused() -> None:
    with pytest.raises(ValidationError) as line:
        available_to_promise(["SENS-100"], make_availability_snapshot())  # type: ignore[list-item]
    with pytest.raises(ValidationError) as snapshot:
        available_to_promise([], "stock")  # type: ignore[arg-type]
    assert (line.value.field, snapshot.value.field) == ("lines[0]", "snapshot")


def test_an_inconsistent_promise_is_refused() -> None:
    promise = make_availability_promise()
    with pytest.raises(ValidationError) as more:
        attrs.evolve(promise, confirmed_quantity=Decimal(11))
    with pytest.raises(ValidationError) as status:
        attrs.evolve(promise, status=PromiseStatus.PARTIAL)
    with pytest.raises(ValidationError) as deliveries:
        attrs.evolve(promise, deliveries=(make_promised_delivery(quantity=Decimal(9)),))
    assert (more.value.field, status.value.field, deliveries.value.field) == (
        "confirmed_quantity",
        "status",
        "deliveries",
    )


# -- properties -----------------------------------------------------------------------------


def _net_supply(
    snapshot: AvailabilitySnapshot,
) -> dict[tuple[str, str], list[tuple[pendulum.Date, Decimal]]]:
    """Cumulative supply by day per sku and location, after existing allocations."""
    raw: dict[tuple[str, str], list[tuple[pendulum.Date, Decimal]]] = defaultdict(list)
    for position in snapshot.stock:
        raw[(position.sku, position.location)].append((snapshot.as_of, position.on_hand))
    for receipt in snapshot.receipts:
        raw[(receipt.sku, receipt.location)].append((receipt.expected_date, receipt.quantity))
    allocated: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for allocation in snapshot.allocations:
        allocated[(allocation.sku, allocation.location)] += allocation.quantity
    cumulative: dict[tuple[str, str], list[tuple[pendulum.Date, Decimal]]] = {}
    for key, entries in raw.items():
        running = Decimal(0)
        points = []
        for day, quantity in sorted(entries):
            running += quantity
            points.append((day, max(Decimal(0), running - allocated[key])))
        cumulative[key] = points
    return cumulative


@given(availability_snapshots(), demand_line_lists())
def test_promises_never_exceed_the_supply_that_exists_by_each_day(
    snapshot: AvailabilitySnapshot, lines: list[DemandLine]
) -> None:
    result = available_to_promise(lines, snapshot)
    supply = _net_supply(snapshot)
    promised: dict[tuple[str, str], list[tuple[pendulum.Date, Decimal]]] = defaultdict(list)
    for promise in result.promises:
        for delivery in promise.deliveries:
            promised[(promise.sku, delivery.location)].append((delivery.date, delivery.quantity))
    for key, deliveries in promised.items():
        assert key in supply
        days = sorted({day for day, _ in deliveries} | {day for day, _ in supply[key]})
        for day in days:
            by_day = sum((q for d, q in deliveries if d <= day), Decimal(0))
            available = max((q for d, q in supply[key] if d <= day), default=Decimal(0))
            assert by_day <= available, (key, day)


@given(availability_snapshots(), demand_line_lists())
def test_every_line_is_answered_in_full_and_never_before_its_day(
    snapshot: AvailabilitySnapshot, lines: list[DemandLine]
) -> None:
    result = available_to_promise(lines, snapshot)
    assert [p.key for p in result.promises] == [line.key for line in lines]
    for line, promise in zip(lines, result.promises, strict=True):
        day = max(line.requested_date, snapshot.as_of)
        delivered = sum((d.quantity for d in promise.deliveries), Decimal(0))
        assert delivered + promise.unpromised_quantity == line.quantity
        assert all(d.date >= day for d in promise.deliveries)
        on_day = sum((d.quantity for d in promise.deliveries if d.date == day), Decimal(0))
        assert on_day == promise.confirmed_quantity
        if line.locations:
            assert {d.location for d in promise.deliveries} <= set(line.locations)


@given(availability_snapshots(), demand_line_lists())
def test_a_line_is_left_unpromised_only_when_its_locations_have_nothing_left(
    snapshot: AvailabilitySnapshot, lines: list[DemandLine]
) -> None:
    result = available_to_promise(lines, snapshot)
    supply = _net_supply(snapshot)
    left = {key: points[-1][1] for key, points in supply.items()}
    for promise in result.promises:
        for delivery in promise.deliveries:
            left[(promise.sku, delivery.location)] -= delivery.quantity
    for line, promise in zip(lines, result.promises, strict=True):
        if promise.unpromised_quantity > 0:
            places = line.locations or snapshot.locations(line.sku)
            assert all(left.get((line.sku, place), Decimal(0)) == 0 for place in places)


@given(availability_results())
def test_availability_results_round_trip_through_documents(result: AvailabilityResult) -> None:
    assert from_document(to_document(result)) == result


@given(availability_snapshots())
def test_snapshots_round_trip_through_documents(snapshot: AvailabilitySnapshot) -> None:
    restored = from_document(to_document(snapshot))
    assert restored == snapshot
    for sku in snapshot.skus():
        assert restored.available(sku, by=snapshot.as_of.add(days=90)) == snapshot.available(
            sku, by=snapshot.as_of.add(days=90)
        )


@given(st.from_type(DemandLine))
def test_demand_lines_are_drawn_by_type_and_round_trip(line: DemandLine) -> None:
    assert from_document(to_document(line)) == line


# -- the testing kit and documents for availability, allocation, fulfilment, cross-sell, parties --

_SUPPLY_MODULES = (
    "pcf_sales.orders._availability",
    "pcf_sales.orders._atp",
    "pcf_sales.orders._allocation",
    "pcf_sales.orders._fulfilment",
    "pcf_sales.orders._fulfilment_plan",
    "pcf_sales.orders._cross_sell",
    "pcf_sales.orders._parties",
    "pcf_sales.orders._party_values",
    "pcf_sales.orders._customer_picture",
)
SUPPLY_CLASSES = sorted(
    (
        getattr(module, name)
        for module in map(importlib.import_module, _SUPPLY_MODULES)
        for name in module.__all__
        if isinstance(getattr(module, name), type) and attrs.has(getattr(module, name))
    ),
    key=lambda cls: cls.__name__,
)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_every_name_of_these_modules_is_exported_by_the_package() -> None:
    for module in map(importlib.import_module, _SUPPLY_MODULES):
        for name in module.__all__:
            assert getattr(orders, name) is getattr(module, name)
            assert name in orders.__all__


@pytest.mark.parametrize("cls", SUPPLY_CLASSES, ids=lambda c: c.__name__)
def test_every_public_class_is_frozen_slotted_and_a_document(cls: type) -> None:
    assert "__slots__" in cls.__dict__
    assert "__setattr__" in cls.__dict__
    assert DOCUMENT_TYPES[cls.__name__] is cls


@pytest.mark.parametrize("cls", SUPPLY_CLASSES, ids=lambda c: c.__name__)
def test_every_public_class_has_a_registered_strategy_and_a_factory_that_round_trips(
    cls: type,
) -> None:
    assert cls in strategies.STRATEGIES
    value = getattr(factories, f"make_{_snake(cls.__name__)}")()
    assert isinstance(value, cls)
    assert from_document(to_document(value)) == value


@pytest.mark.parametrize("cls", SUPPLY_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=10)
@given(data=st.data())
def test_every_public_class_round_trips_from_its_registered_strategy(
    cls: type, data: st.DataObject
) -> None:
    value = data.draw(st.from_type(cls))
    assert isinstance(value, cls)
    assert from_document(to_document(value)) == value


def test_the_party_id_has_a_strategy() -> None:
    assert PartyId in strategies.STRATEGIES


def test_the_party_step_runner_covers_every_command() -> None:
    assert set(strategies.PARTY_STEPS) == set(INVOLVED_PARTY_LIFECYCLE.commands())


def test_these_modules_import_nothing_from_the_sales_order_half_or_above_orders() -> None:
    allowed = {
        "pcf_sales.core",
        "pcf_sales.errors",
        "pcf_sales.catalog",
        "pcf_sales.accounts",
        "pcf_sales.pricing",
        "pcf_sales.orders",
    }
    for name in _SUPPLY_MODULES:
        text = pathlib.Path(importlib.import_module(name).__file__ or "").read_text("utf-8")
        imported = set(re.findall(r"^from (pcf_sales\.\w+)", text, flags=re.MULTILINE))
        assert imported <= allowed, name
        modules = set(re.findall(r"^from pcf_sales\.orders\.(\w+)", text, flags=re.MULTILINE))
        assert modules <= {m.rsplit(".", 1)[1] for m in _SUPPLY_MODULES}, name


# -- the guide and the reference page --------------------------------------------------------------

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"


def test_the_availability_guide_examples_pass() -> None:
    result = doctest.testfile(
        str(DOCS / "guides" / "availability.rst"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS,
        verbose=False,
    )
    assert result.attempted > 40
    assert result.failed == 0


def test_the_reference_page_documents_every_name_and_draws_the_party_lifecycle() -> None:
    text = (DOCS / "reference" / "orders-supply.rst").read_text(encoding="utf-8")
    assert ".. lifecycle:: pcf_sales.orders.INVOLVED_PARTY_LIFECYCLE" in text
    for module in map(importlib.import_module, _SUPPLY_MODULES):
        for name in module.__all__:
            assert re.search(rf"^\.\. auto(class|function|data):: {name}$", text, re.M), name
