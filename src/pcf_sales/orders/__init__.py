"""Sales orders (PCF 3.5.4): entering, validating, fulfilling, back orders, returns.

A :class:`SalesOrder` is entered from a priced document (an accepted quote's
pricing carried over exactly, or lines priced by a
:class:`~pcf_sales.pricing.PricingEngine`) and goes through draft →
submitted → accepted (⇄ on hold) → in fulfilment → partially fulfilled →
fulfilled → closed, or is rejected or cancelled. :func:`validate_order`
reports every problem of an order at once, each with a :class:`Severity`.
Lines keep their quantities exact: ordered = shipped + allocated +
back-ordered + cancelled + unallocated (less any over-delivery), and their
money adds up to the order's total. A :class:`ReturnOrder` takes goods back
(requested → approved → received → credited). :func:`order_status` and
:func:`order_book` answer order inquiries: what shipped when, what is
back-ordered and when it is expected, the backlog and the fill rate.
"""

from __future__ import annotations

from pcf_sales.orders._lines import (
    DeliveryTolerance,
    LinePromise,
    LineStatus,
    OrderLine,
    Shipment,
    ShipmentLine,
)
from pcf_sales.orders._order import SalesOrder
from pcf_sales.orders._order_table import SALES_ORDER_LIFECYCLE, OrderStatus
from pcf_sales.orders._order_values import (
    AmendmentKind,
    HoldKind,
    LineDifference,
    OrderAmendment,
    OrderHold,
    OrderParties,
    OrderPaymentTerms,
    PartyRef,
    QuoteReference,
    RecordedReturn,
    ReturnedLine,
)
from pcf_sales.orders._returns import (
    RETURN_LIFECYCLE,
    ReturnLine,
    ReturnOrder,
    ReturnReason,
    ReturnStatus,
)
from pcf_sales.orders._status import (
    LineShipment,
    LineStatusView,
    OrderBook,
    OrderBookRow,
    OrderStatusView,
    order_book,
    order_status,
)
from pcf_sales.orders._validation import (
    CreditSnapshot,
    OrderFacts,
    ProblemCode,
    ProductRestriction,
    Severity,
    ValidationProblem,
    ValidationReport,
    ValidationRules,
    validate_order,
)

__all__ = [
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
]
