"""The sales order's public names, testing kit and documents: every type has a strategy
and a factory, and round-trips through serialization."""

from __future__ import annotations

import re
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pcf_sales.orders as orders
from pcf_sales import pcf
from pcf_sales.core import ReturnId, ShipmentId
from pcf_sales.orders import OrderStatus, ReturnStatus
from pcf_sales.serialization import DOCUMENT_TYPES, from_document, to_document
from pcf_sales.testing import factories, strategies

#: The names this part of the package provides (the package exports more).
ORDER_NAMES = (
    "RETURN_LIFECYCLE",
    "SALES_ORDER_LIFECYCLE",
    "AmendmentKind",
    "CreditSnapshot",
    "DeliveryTolerance",
    "HoldKind",
    "LineDifference",
    "LinePromise",
    "LineShipment",
    "LineStatus",
    "LineStatusView",
    "OrderAmendment",
    "OrderBook",
    "OrderBookRow",
    "OrderFacts",
    "OrderHold",
    "OrderLine",
    "OrderParties",
    "OrderPaymentTerms",
    "OrderStatus",
    "OrderStatusView",
    "PartyRef",
    "ProblemCode",
    "ProductRestriction",
    "QuoteReference",
    "RecordedReturn",
    "ReturnLine",
    "ReturnOrder",
    "ReturnReason",
    "ReturnStatus",
    "ReturnedLine",
    "SalesOrder",
    "Severity",
    "Shipment",
    "ShipmentLine",
    "ValidationProblem",
    "ValidationReport",
    "ValidationRules",
    "order_book",
    "order_status",
    "validate_order",
)
CLASSES = [
    getattr(orders, name)
    for name in ORDER_NAMES
    if isinstance(getattr(orders, name), type) and attrs.has(getattr(orders, name))
]
#: Views and books are computed; their factories are the functions that compute them.
COMPUTED = {"LineShipment", "LineStatusView", "OrderBook", "OrderBookRow", "OrderStatusView"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_the_package_exports_every_order_name() -> None:
    assert set(ORDER_NAMES) <= set(orders.__all__)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_type_has_a_registered_strategy_and_a_document_tag(cls: type) -> None:
    assert cls in strategies.STRATEGIES
    assert DOCUMENT_TYPES[cls.__name__] is cls


@pytest.mark.parametrize(
    "cls", [c for c in CLASSES if c.__name__ not in COMPUTED], ids=lambda c: c.__name__
)
def test_every_type_has_a_factory_whose_value_round_trips(cls: type) -> None:
    made = getattr(factories, f"make_{_snake(cls.__name__)}")()
    assert isinstance(made, cls)
    assert from_document(to_document(made)) == made


def test_the_new_ids_have_strategies() -> None:
    assert ReturnId in strategies.STRATEGIES
    assert ShipmentId in strategies.STRATEGIES


@pytest.mark.parametrize("status", list(OrderStatus), ids=lambda s: s.value)
def test_an_order_in_every_status_round_trips(status: OrderStatus) -> None:
    order = factories.make_sales_order(status)
    document = to_document(order)
    assert from_document(document) == order
    assert document["data"]["revision"] == order.revision


@pytest.mark.parametrize("status", list(ReturnStatus), ids=lambda s: s.value)
def test_a_return_in_every_status_round_trips(status: ReturnStatus) -> None:
    ret = factories.make_return_order(status)
    assert from_document(to_document(ret)) == ret


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_drawn_values_of_every_type_round_trip(data: st.DataObject) -> None:
    for cls in CLASSES:
        value: Any = data.draw(st.from_type(cls), label=cls.__name__)
        assert isinstance(value, cls)
        assert from_document(to_document(value)) == value


@settings(max_examples=30)
@given(order=strategies.sales_orders())
def test_drawn_orders_keep_their_invariants(order: orders.SalesOrder) -> None:
    parts = order.shipped_value.amount + order.open_value.amount + order.cancelled_value.amount
    assert parts == order.total.amount
    for line in order.lines:
        assert line.quantity == (
            line.shipped
            + line.allocated
            + line.back_ordered
            + line.cancelled
            + line.unallocated
            - line.over_delivered
        )


@pytest.mark.parametrize("element_id", ["3.5.4", "3.5.4.1", "3.5.4.5", "3.5.4.7", "3.5.4.8"])
def test_the_order_elements_of_pcf_are_served_by_names_that_exist(element_id: str) -> None:
    names = pcf.served_by(element_id)
    assert names
    for name in names:
        assert pcf.resolve(name) is not None
