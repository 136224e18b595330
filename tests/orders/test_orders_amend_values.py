"""Amendments never change the value of goods already shipped or cancelled."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pcf_sales.core import UserId
from pcf_sales.errors import ValidationError
from pcf_sales.orders import OrderStatus, SalesOrder
from pcf_sales.pricing import Adjustment, DocumentLine, ManualDiscount
from pcf_sales.serialization import to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_order_facts,
    make_pricing_document,
    make_pricing_result,
    make_sales_order,
    make_validation_rules,
)

BY = UserId("order-desk")
LATER = FIXED_INSTANT.add(days=1)


def _amend(order: SalesOrder, *lines: DocumentLine) -> SalesOrder:
    pricing = make_pricing_result(document=make_pricing_document(lines=lines))
    return order.amend(
        pricing,
        make_validation_rules(),
        make_order_facts(),
        reason="change order",
        at=LATER,
        by=BY,
    )


def _off(percent: int) -> ManualDiscount:
    return ManualDiscount(
        adjustment=Adjustment.percent_off(percent), reason="goodwill", by=UserId("rep-1")
    )


def test_a_discount_on_a_line_with_shipments_is_refused_naming_the_net_amount() -> None:
    order = make_sales_order(OrderStatus.PARTIALLY_FULFILLED)  # 2 of 4 sensors shipped
    before = to_document(order)
    with pytest.raises(ValidationError) as error:
        _amend(
            order,
            DocumentLine(sku="SENS-100", quantity=4, discount=_off(20)),
            DocumentLine(sku="CAL-KIT", quantity=2),
        )
    assert error.value.field == "pricing.lines[0].net_amount"
    assert "shipped" in error.value.reason
    assert to_document(order) == before


def test_a_new_price_on_a_line_with_cancellations_is_refused() -> None:
    order = make_sales_order(OrderStatus.IN_FULFILMENT).cancel_lines(
        [(2, 1)], reason="one kit too many", at=LATER, by=BY
    )
    before = to_document(order)
    with pytest.raises(ValidationError) as error:
        _amend(
            order,
            DocumentLine(sku="SENS-100", quantity=4),
            DocumentLine(sku="CAL-KIT", quantity=2, discount=_off(50)),
        )
    assert error.value.field == "pricing.lines[1].net_amount"
    assert "cancelled" in error.value.reason
    assert to_document(order) == before


def test_more_of_a_shipped_line_at_the_same_price_keeps_the_shipped_value() -> None:
    order = make_sales_order(OrderStatus.PARTIALLY_FULFILLED)
    amended = _amend(
        order, DocumentLine(sku="SENS-100", quantity=6), DocumentLine(sku="CAL-KIT", quantity=2)
    )
    assert amended.line(1).shipped_value == order.line(1).shipped_value
    # A discount on a line with nothing shipped or cancelled is fine.
    cheaper = _amend(
        order,
        DocumentLine(sku="SENS-100", quantity=4),
        DocumentLine(sku="CAL-KIT", quantity=2, discount=_off(50)),
    )
    assert cheaper.line(2).net_amount.amount == Decimal("30.00")
