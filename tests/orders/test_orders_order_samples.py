"""The sample company's orders: one per won deal, priced by the sample engine, fulfilled
with back orders, and the demo's order book."""

from __future__ import annotations

from pcf_sales.__main__ import order_lines
from pcf_sales.opportunities import OpportunityStatus
from pcf_sales.orders import OrderStatus, order_book
from pcf_sales.samples import sample_company


def test_every_sample_order_comes_from_a_won_deal_of_its_account() -> None:
    company = sample_company()
    won = {o.id: o for o in company.opportunities if o.status is OpportunityStatus.WON}
    assert company.orders
    for order in company.orders:
        assert order.opportunity_id in won
        assert order.parties.sold_to.account_id == won[order.opportunity_id].account_id
        assert order.total == order.pricing.total
        assert order.pricing.price_book_id.startswith("PB-")


def test_sample_orders_are_fulfilled_with_back_orders_and_keep_their_invariants() -> None:
    company = sample_company()
    statuses = {order.status for order in company.orders}
    assert OrderStatus.CLOSED in statuses
    assert any(line.back_ordered > 0 for order in company.orders for line in order.lines)
    for order in company.orders:
        assert order.history[-1].at <= company.as_of
        parts = order.shipped_value.amount + order.open_value.amount + order.cancelled_value.amount
        assert parts == order.total.amount


def test_sample_orders_are_the_same_for_the_same_seed() -> None:
    assert sample_company(11, leads=60).orders == sample_company(11, leads=60).orders


def test_the_demo_shows_the_order_book_with_backlog_and_fill_rate() -> None:
    company = sample_company()
    text = "\n".join(order_lines(company))
    book = order_book(company.orders, currency="EUR", fx=company.fx_rates)
    assert "Order book" in text
    assert f"backlog {book.backlog.amount}" in text
    assert "fill rate" in text
