"""Order commands a host runs most often, against a bare dict update measured in the same run.

* ``SalesOrder.record_promises`` (one line's promise) and
  ``SalesOrder.record_shipment`` (one line shipped in part) on an order in
  fulfilment: lifecycle commands that rebuild one line, append a history
  entry and bump the revision;
* the baselines: ``{**record, "status": ..., "revision": ... + 1}`` on the
  plain-dict form of the same order (the least a host could do) and
  ``attrs.evolve`` of the order (a changed copy that re-runs every validator);

each on orders of 5 and 50 lines, so the growth per 10x lines is reported
too. See ``benchmarks/README.md`` for how to read the ratios.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, Protocol, TypeVar

import attrs
import pytest

from pcf_sales.core import ShipmentId, UserId
from pcf_sales.orders import LinePromise, OrderStatus, SalesOrder, Shipment, ShipmentLine
from pcf_sales.pricing import DocumentLine, PricingDocument
from pcf_sales.serialization import to_dict
from pcf_sales.testing.factories import make_pricing_result, make_sales_order

SIZES: Final = (5, 50)
BY: Final = UserId("warehouse")

T = TypeVar("T")


class Measure(Protocol):
    """The ``measure`` fixture of ``benchmarks/conftest.py``."""

    @property
    def enabled(self) -> bool: ...

    def __call__(self, key: str, function: Callable[[], T]) -> T: ...

    def ratio(self, label: str, numerator: str, denominator: str) -> float | None: ...


@functools.cache
def order_in_fulfilment(lines: int) -> SalesOrder:
    """The factory order with ``lines`` lines of two calibration kits, released to fulfilment."""
    document = PricingDocument(
        lines=[DocumentLine(sku="CAL-KIT", quantity=2) for _ in range(lines)]
    )
    order = make_sales_order(
        OrderStatus.IN_FULFILMENT, pricing=make_pricing_result(document=document)
    )
    assert len(order.lines) == lines
    return order


# --- baselines --------------------------------------------------------------------------


@pytest.mark.benchmark(group="order commands")
@pytest.mark.parametrize("lines", SIZES)
def test_baseline_bare_dict_update_of_an_order(measure: Measure, lines: int) -> None:
    record: dict[str, Any] = to_dict(order_in_fulfilment(lines))

    def update() -> dict[str, Any]:
        return {**record, "status": "partially_fulfilled", "revision": record["revision"] + 1}

    result = measure(f"baseline.order_dict_update.{lines}", update)
    assert result["revision"] == record["revision"] + 1
    assert record["status"] == "in_fulfilment"


@pytest.mark.benchmark(group="order commands")
@pytest.mark.parametrize("lines", SIZES)
def test_baseline_attrs_evolve_of_an_order(measure: Measure, lines: int) -> None:
    order = order_in_fulfilment(lines)

    def evolve() -> SalesOrder:
        return attrs.evolve(order, lines=order.lines)

    result = measure(f"baseline.order_evolve.{lines}", evolve)
    assert result == order


# --- the commands -------------------------------------------------------------------------


@pytest.mark.benchmark(group="order commands")
@pytest.mark.parametrize("lines", SIZES)
def test_record_a_promise(measure: Measure, lines: int) -> None:
    order = order_in_fulfilment(lines)
    at = order.history[-1].at.add(hours=1)
    promise = LinePromise(
        line_number=lines,
        confirmed_quantity=1,
        confirmed_date=at.date().add(days=2),
        back_ordered_quantity=1,
        expected_date=at.date().add(days=9),
    )

    def record() -> SalesOrder:
        return order.record_promises([promise], at=at, by=BY)

    result = measure(f"order.record_promises.{lines}", record)
    assert result.line(lines).allocated == 1
    assert result.line(lines).back_ordered == 1
    assert result.revision == order.revision + 1
    _ratios(measure, "record_promises", lines)


@pytest.mark.benchmark(group="order commands")
@pytest.mark.parametrize("lines", SIZES)
def test_record_a_shipment(measure: Measure, lines: int) -> None:
    order = order_in_fulfilment(lines)
    at = order.history[-1].at.add(hours=1)
    shipment = Shipment(
        id=ShipmentId("SH-1"),
        shipped_on=at.date(),
        lines=[ShipmentLine(line_number=lines, quantity=1)],
    )

    def ship() -> SalesOrder:
        return order.record_shipment(shipment, at=at, by=BY)

    result = measure(f"order.record_shipment.{lines}", ship)
    assert result.status is OrderStatus.PARTIALLY_FULFILLED
    assert result.line(lines).shipped == Decimal(1)
    _ratios(measure, "record_shipment", lines)


def _ratios(measure: Measure, command: str, lines: int) -> None:
    key = f"order.{command}.{lines}"
    measure.ratio(
        f"{command} / bare dict update, {lines} lines", key, f"baseline.order_dict_update.{lines}"
    )
    measure.ratio(f"{command} / attrs.evolve, {lines} lines", key, f"baseline.order_evolve.{lines}")
    if lines == SIZES[-1]:
        measure.ratio(
            f"{command} growth {SIZES[0]} -> {SIZES[-1]} lines", key, f"order.{command}.{SIZES[0]}"
        )
