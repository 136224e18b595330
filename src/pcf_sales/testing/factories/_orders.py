"""Factories for sales orders: parties, lines, shipments, validation, orders in any status."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import pendulum

from pcf_sales.accounts import AccountStatus
from pcf_sales.core import (
    AccountId,
    ContactId,
    QuoteId,
    ReturnId,
    SalesOrderId,
    ShipmentId,
    UserId,
    money,
)
from pcf_sales.orders import (
    AmendmentKind,
    CreditSnapshot,
    DeliveryTolerance,
    HoldKind,
    LineDifference,
    LinePromise,
    OrderAmendment,
    OrderFacts,
    OrderHold,
    OrderLine,
    OrderParties,
    OrderPaymentTerms,
    OrderStatus,
    PartyRef,
    ProblemCode,
    ProductRestriction,
    QuoteReference,
    RecordedReturn,
    ReturnedLine,
    ReturnLine,
    ReturnOrder,
    ReturnReason,
    ReturnStatus,
    SalesOrder,
    Severity,
    Shipment,
    ShipmentLine,
    ValidationProblem,
    ValidationReport,
    ValidationRules,
)
from pcf_sales.testing.factories._accounts import make_address
from pcf_sales.testing.factories._core import FIXED_INSTANT
from pcf_sales.testing.factories._pricing import PRICING_DAY, make_pricing_result

__all__ = [
    "ORDER_ACCOUNT",
    "make_credit_snapshot",
    "make_delivery_tolerance",
    "make_line_difference",
    "make_line_promise",
    "make_order_amendment",
    "make_order_facts",
    "make_order_hold",
    "make_order_line",
    "make_order_parties",
    "make_order_payment_terms",
    "make_party_ref",
    "make_product_restriction",
    "make_quote_reference",
    "make_recorded_return",
    "make_return_line",
    "make_return_order",
    "make_returned_line",
    "make_sales_order",
    "make_shipment",
    "make_shipment_line",
    "make_validation_problem",
    "make_validation_report",
    "make_validation_rules",
]

#: The account the factory orders are for (the factory pricing context's account).
ORDER_ACCOUNT: Final = AccountId("AC-1")
_BY: Final = UserId("order-desk")


def make_party_ref(**overrides: Any) -> PartyRef:
    """Account ``AC-1``, contact ``CT-1``, at the factory address (Manchester, GB)."""
    fields: dict[str, Any] = {
        "account_id": ORDER_ACCOUNT,
        "contact_id": ContactId("CT-1"),
        "address": make_address(),
    }
    fields.update(overrides)
    return PartyRef(**fields)


def make_order_parties(**overrides: Any) -> OrderParties:
    """The factory party in every role, unless told otherwise."""
    party = make_party_ref()
    fields: dict[str, Any] = {"sold_to": party, "ship_to": party, "bill_to": party, "payer": party}
    fields.update(overrides)
    return OrderParties(**fields)


def make_order_payment_terms(**overrides: Any) -> OrderPaymentTerms:
    """2/10 net 30."""
    fields: dict[str, Any] = {"net_days": 30, "discount_percent": 2, "discount_days": 10}
    fields.update(overrides)
    return OrderPaymentTerms(**fields)


def make_quote_reference(**overrides: Any) -> QuoteReference:
    """Quote ``Q-1`` version 2, valid until the end of March 2026, accepted at the
    fixed instant."""
    fields: dict[str, Any] = {
        "quote_id": QuoteId("Q-1"),
        "version": 2,
        "valid_until": pendulum.Date(2026, 3, 31),
        "accepted_at": FIXED_INSTANT,
    }
    fields.update(overrides)
    return QuoteReference(**fields)


def make_delivery_tolerance(**overrides: Any) -> DeliveryTolerance:
    """5 % over, 2 % under."""
    fields: dict[str, Any] = {"over_percent": Decimal(5), "under_percent": Decimal(2)}
    fields.update(overrides)
    return DeliveryTolerance(**fields)


def make_order_line(**overrides: Any) -> OrderLine:
    """Line 1 of the factory order: four sensors for 1000.00 EUR, nothing shipped."""
    fields: dict[str, Any] = {
        "line_number": 1,
        "sku": "SENS-100",
        "quantity": Decimal(4),
        "net_amount": money("1000.00", "EUR"),
    }
    fields.update(overrides)
    return OrderLine(**fields)


def make_line_promise(**overrides: Any) -> LinePromise:
    """Line 1: three confirmed for 9 March 2026, one back-ordered until 23 March."""
    fields: dict[str, Any] = {
        "line_number": 1,
        "confirmed_quantity": Decimal(3),
        "confirmed_date": pendulum.Date(2026, 3, 9),
        "back_ordered_quantity": Decimal(1),
        "expected_date": pendulum.Date(2026, 3, 23),
    }
    fields.update(overrides)
    return LinePromise(**fields)


def make_shipment_line(**overrides: Any) -> ShipmentLine:
    """Two units of line 1."""
    fields: dict[str, Any] = {"line_number": 1, "quantity": Decimal(2)}
    fields.update(overrides)
    return ShipmentLine(**fields)


def make_shipment(**overrides: Any) -> Shipment:
    """Shipment ``SH-1`` of two units of line 1 on the pricing day."""
    fields: dict[str, Any] = {
        "id": ShipmentId("SH-1"),
        "shipped_on": PRICING_DAY,
        "lines": (make_shipment_line(),),
    }
    fields.update(overrides)
    return Shipment(**fields)


def make_order_hold(**overrides: Any) -> OrderHold:
    """A credit hold."""
    fields: dict[str, Any] = {"kind": HoldKind.CREDIT, "reason": "over the credit limit"}
    fields.update(overrides)
    return OrderHold(**fields)


def make_line_difference(**overrides: Any) -> LineDifference:
    """Line 1 changed from four to six sensors."""
    fields: dict[str, Any] = {
        "line_number": 1,
        "sku": "SENS-100",
        "kind": AmendmentKind.CHANGED,
        "quantity_before": Decimal(4),
        "quantity_after": Decimal(6),
        "amount_before": money("1000.00", "EUR"),
        "amount_after": money("1500.00", "EUR"),
    }
    fields.update(overrides)
    return LineDifference(**fields)


def make_order_amendment(**overrides: Any) -> OrderAmendment:
    """Amendment 1 at the fixed instant: two more sensors."""
    fields: dict[str, Any] = {
        "number": 1,
        "at": FIXED_INSTANT,
        "reason": "customer added two sensors",
        "differences": (make_line_difference(),),
        "total_before": money("1060.00", "EUR"),
        "total_after": money("1560.00", "EUR"),
    }
    fields.update(overrides)
    return OrderAmendment(**fields)


def make_returned_line(**overrides: Any) -> ReturnedLine:
    """One sensor of line 1 back, credited 250.00 EUR."""
    fields: dict[str, Any] = {
        "line_number": 1,
        "quantity": Decimal(1),
        "credit": money("250.00", "EUR"),
    }
    fields.update(overrides)
    return ReturnedLine(**fields)


def make_recorded_return(**overrides: Any) -> RecordedReturn:
    """Return ``RT-1`` received on the pricing day, one sensor."""
    fields: dict[str, Any] = {
        "return_id": ReturnId("RT-1"),
        "received_on": PRICING_DAY,
        "lines": (make_returned_line(),),
    }
    fields.update(overrides)
    return RecordedReturn(**fields)


def make_credit_snapshot(**overrides: Any) -> CreditSnapshot:
    """``AC-1`` on the pricing day: a 10 000.00 EUR limit, 2 000.00 exposure."""
    fields: dict[str, Any] = {
        "account_id": ORDER_ACCOUNT,
        "as_of": PRICING_DAY,
        "limit": money("10000.00", "EUR"),
        "exposure": money("2000.00", "EUR"),
    }
    fields.update(overrides)
    return CreditSnapshot(**fields)


def make_product_restriction(**overrides: Any) -> ProductRestriction:
    """The calibration kit may not ship to Iran or North Korea."""
    fields: dict[str, Any] = {
        "sku": "CAL-KIT",
        "countries": ("IR", "KP"),
        "reason": "export control",
    }
    fields.update(overrides)
    return ProductRestriction(**fields)


def make_validation_rules(**overrides: Any) -> ValidationRules:
    """The default rules, unless told otherwise."""
    return ValidationRules(**overrides)


def make_order_facts(**overrides: Any) -> OrderFacts:
    """On the pricing day, ``AC-1`` is a customer with the factory credit snapshot."""
    fields: dict[str, Any] = {
        "on": PRICING_DAY,
        "customer_status": AccountStatus.CUSTOMER,
        "credit": make_credit_snapshot(),
    }
    fields.update(overrides)
    return OrderFacts(**fields)


def make_validation_problem(**overrides: Any) -> ValidationProblem:
    """A credit-limit problem that calls for a credit hold."""
    fields: dict[str, Any] = {
        "code": ProblemCode.CREDIT_LIMIT,
        "severity": Severity.HOLD,
        "field": "facts.credit",
        "message": "over the limit",
        "hold": HoldKind.CREDIT,
    }
    fields.update(overrides)
    return ValidationProblem(**fields)


def make_validation_report(**overrides: Any) -> ValidationReport:
    """A report of the pricing day with no problems."""
    fields: dict[str, Any] = {"checked_on": PRICING_DAY}
    fields.update(overrides)
    return ValidationReport(**fields)


#: Commands that take a new order to each status (the factory runs them one hour apart).
_PATHS: Final[dict[OrderStatus, tuple[str, ...]]] = {
    OrderStatus.DRAFT: (),
    OrderStatus.SUBMITTED: ("submit",),
    OrderStatus.ACCEPTED: ("submit", "accept"),
    OrderStatus.REJECTED: ("submit", "reject"),
    OrderStatus.ON_HOLD: ("submit", "accept", "place_on_hold"),
    OrderStatus.IN_FULFILMENT: ("submit", "accept", "release_to_fulfilment"),
    OrderStatus.PARTIALLY_FULFILLED: ("submit", "accept", "release_to_fulfilment", "ship_some"),
    OrderStatus.FULFILLED: ("submit", "accept", "release_to_fulfilment", "ship_all"),
    OrderStatus.CLOSED: ("submit", "accept", "release_to_fulfilment", "ship_all", "close"),
    OrderStatus.CANCELLED: ("cancel",),
}


def _step(order: SalesOrder, step: str, at: pendulum.DateTime) -> SalesOrder:
    if step == "submit":
        return order.submit(at=at, by=_BY)
    if step == "accept":
        # A limit the order fits in, so the factory's orders need no credit hold.
        limit = max(Decimal("10000.00"), order.total.amount + Decimal("2000.00"))
        credit = make_credit_snapshot(
            limit=money(limit, order.currency), exposure=money("2000.00", order.currency)
        )
        facts = make_order_facts(on=order.pricing.priced_on, credit=credit)
        return order.accept(make_validation_rules(), facts, at=at, by=_BY)
    if step == "reject":
        return order.reject(reason="customer asked to withdraw", at=at, by=_BY)
    if step == "place_on_hold":
        return order.place_on_hold(HoldKind.CREDIT, reason="credit review", at=at, by=_BY)
    if step == "release_to_fulfilment":
        return order.release_to_fulfilment(at=at, by=_BY)
    if step == "ship_some":
        shipment = Shipment.of(ShipmentId("SH-1"), at.date(), (1, 2))
        return order.record_shipment(shipment, at=at, by=_BY)
    if step == "ship_all":
        pairs = [(line.line_number, line.remaining) for line in order.lines]
        return order.record_shipment(
            Shipment.of(ShipmentId("SH-1"), at.date(), *pairs), at=at, by=_BY
        )
    if step == "close":
        return order.close(at=at, by=_BY)
    return order.cancel(reason="customer cancelled", at=at, by=_BY)


def make_sales_order(status: OrderStatus = OrderStatus.DRAFT, **overrides: Any) -> SalesOrder:
    """Order ``SO-1`` for ``AC-1``, entered at the fixed instant from the factory pricing
    (four sensors, 1000.00, and two calibration kits, 60.00 EUR), moved to ``status``
    through its own commands one hour apart. ``overrides`` go to :meth:`SalesOrder.enter`.

    >>> make_sales_order(OrderStatus.PARTIALLY_FULFILLED).line(1).remaining
    Decimal('2')
    """
    fields: dict[str, Any] = {
        "id": SalesOrderId("SO-1"),
        "at": FIXED_INSTANT,
        "by": _BY,
        "parties": make_order_parties(),
        "pricing": make_pricing_result(),
        "payment_terms": make_order_payment_terms(),
    }
    fields.update(overrides)
    order = SalesOrder.enter(**fields)
    at = order.entered_at
    for step in _PATHS[status]:
        at = at.add(hours=1)
        order = _step(order, step, at)
    return order


def make_return_line(**overrides: Any) -> ReturnLine:
    """One sensor of line 1 requested back, nothing received yet."""
    fields: dict[str, Any] = {"line_number": 1, "sku": "SENS-100", "quantity": Decimal(1)}
    fields.update(overrides)
    return ReturnLine(**fields)


def make_return_order(
    status: ReturnStatus = ReturnStatus.REQUESTED, **overrides: Any
) -> ReturnOrder:
    """Return ``RT-1`` of one damaged sensor from the fulfilled factory order, moved to
    ``status`` through its own commands one hour apart (a credited return is recorded on
    the order first). ``overrides`` go to :meth:`ReturnOrder.request`.

    >>> make_return_order(ReturnStatus.CREDITED).credit
    Money('250.00', 'EUR')
    """
    order = overrides.pop("order", None) or make_sales_order(OrderStatus.FULFILLED)
    at = order.history[-1].at.add(hours=1)
    fields: dict[str, Any] = {"id": ReturnId("RT-1"), "at": at, "by": _BY}
    fields.update(overrides)
    lines = fields.pop("lines", [(1, Decimal(1))])
    reason = fields.pop("reason", ReturnReason.DAMAGED)
    ret = ReturnOrder.request(order, lines, reason, **fields)
    at = ret.history[-1].at
    if status is ReturnStatus.REJECTED:
        return ret.reject(reason="outside the return window", at=at.add(hours=1), by=_BY)
    if status is ReturnStatus.REQUESTED:
        return ret
    if status is ReturnStatus.CANCELLED:
        return ret.cancel(reason="customer kept the goods", at=at.add(hours=1), by=_BY)
    ret = ret.approve(at=at.add(hours=1), by=_BY)
    if status is ReturnStatus.APPROVED:
        return ret
    ret = ret.receive(at.add(hours=2).date(), at=at.add(hours=2), by=_BY)
    if status is ReturnStatus.RECEIVED:
        return ret
    recorded = order.record_return(
        return_id=ret.id,
        received_on=ret.received_on or at.date(),
        lines=ret.received_lines(),
        at=at.add(hours=3),
        by=_BY,
    )
    return ret.credit_from(recorded, at=at.add(hours=3), by=_BY)
