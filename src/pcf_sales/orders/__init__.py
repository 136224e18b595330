"""Sales orders (PCF 3.5.4): entering, validating, availability, allocation,
fulfilment, back orders, cross-sell, involved parties, returns.

A :class:`SalesOrder` is entered from a priced document (an accepted quote's
pricing carried over exactly, or lines priced by a
:class:`~pcf_sales.pricing.PricingEngine`) and goes through draft →
submitted → accepted → in fulfilment (each ⇄ on hold) → partially fulfilled →
fulfilled → closed, or is rejected or cancelled. :func:`validate_order`
reports every problem of an order at once, each with a :class:`Severity`.
Lines keep their quantities exact: ordered = shipped + allocated +
back-ordered + cancelled + unallocated (less any over-delivery), and their
money adds up to the order's total. A :class:`ReturnOrder` takes goods back
(requested → approved → received → credited). :func:`order_status` and
:func:`order_book` answer order inquiries: what shipped when, what is
back-ordered and when it is expected, the backlog and the fill rate.

An :class:`AvailabilitySnapshot` holds the supply a host knows of; demand comes
in as :class:`DemandLine` values (:func:`order_demand` makes them from an
order's open lines). :func:`available_to_promise` answers lines
first come, first served; :func:`allocate_supply` ranks competing lines by an
:class:`AllocationPolicy` first. Each line gets a :class:`AvailabilityPromise`:
confirmed quantity and day, later deliveries, back order and expected day;
:func:`line_promises` turns those into the :class:`LinePromise` values an
order records.
:func:`plan_fulfilment` chooses how each line is fulfilled by a
:class:`FulfilmentPolicy`; a :class:`CrossSellModel` recommends what else to
offer; an :class:`InvolvedParty` is a sold-to, ship-to, bill-to, payer or end
user of an account, and :func:`customer_picture` puts an account, its contacts
and its parties together for an order.
"""

from __future__ import annotations

from pcf_sales.orders._allocation import AllocationPolicy, PriorityFactor, allocate_supply
from pcf_sales.orders._atp import (
    AvailabilityPromise,
    AvailabilityResult,
    PromisedDelivery,
    PromiseStatus,
    available_to_promise,
)
from pcf_sales.orders._availability import (
    AvailabilitySnapshot,
    DemandLine,
    ExistingAllocation,
    ReplenishmentLeadTime,
    ScheduledReceipt,
    StockPosition,
)
from pcf_sales.orders._cross_sell import (
    Affinity,
    AffinityRule,
    CrossSellModel,
    Recommendation,
    RecommendationKind,
    RecommendationSource,
    UpgradePath,
    mine_affinities,
)
from pcf_sales.orders._customer_picture import (
    ContactReach,
    CustomerPicture,
    ResolvedAddress,
    customer_picture,
)
from pcf_sales.orders._fulfilment import FulfilmentPolicy, FulfilmentRule, plan_fulfilment
from pcf_sales.orders._fulfilment_plan import (
    FulfilmentDecision,
    FulfilmentGroup,
    FulfilmentItem,
    FulfilmentMethod,
    FulfilmentPart,
    FulfilmentPlan,
)
from pcf_sales.orders._lines import (
    DeliveryTolerance,
    LinePromise,
    LineStatus,
    OrderLine,
    Shipment,
    ShipmentLine,
)
from pcf_sales.orders._order import SalesOrder
from pcf_sales.orders._order_availability import line_promise, line_promises, order_demand
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
from pcf_sales.orders._parties import INVOLVED_PARTY_LIFECYCLE, InvolvedParty, PartyStatus
from pcf_sales.orders._party_values import (
    AddressPurpose,
    CommunicationProfile,
    DocumentRoute,
    OrderDocument,
    PartyAddress,
    PartyRole,
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
    "INVOLVED_PARTY_LIFECYCLE",
    "RETURN_LIFECYCLE",
    "SALES_ORDER_LIFECYCLE",
    "AddressPurpose",
    "Affinity",
    "AffinityRule",
    "AllocationPolicy",
    "AmendmentKind",
    "AvailabilityPromise",
    "AvailabilityResult",
    "AvailabilitySnapshot",
    "CommunicationProfile",
    "ContactReach",
    "CreditSnapshot",
    "CrossSellModel",
    "CustomerPicture",
    "DeliveryTolerance",
    "DemandLine",
    "DocumentRoute",
    "ExistingAllocation",
    "FulfilmentDecision",
    "FulfilmentGroup",
    "FulfilmentItem",
    "FulfilmentMethod",
    "FulfilmentPart",
    "FulfilmentPlan",
    "FulfilmentPolicy",
    "FulfilmentRule",
    "HoldKind",
    "InvolvedParty",
    "LineDifference",
    "LinePromise",
    "LineShipment",
    "LineStatus",
    "LineStatusView",
    "OrderAmendment",
    "OrderBook",
    "OrderBookRow",
    "OrderDocument",
    "OrderFacts",
    "OrderHold",
    "OrderLine",
    "OrderParties",
    "OrderPaymentTerms",
    "OrderStatus",
    "OrderStatusView",
    "PartyAddress",
    "PartyRef",
    "PartyRole",
    "PartyStatus",
    "PriorityFactor",
    "ProblemCode",
    "ProductRestriction",
    "PromiseStatus",
    "PromisedDelivery",
    "QuoteReference",
    "Recommendation",
    "RecommendationKind",
    "RecommendationSource",
    "RecordedReturn",
    "ReplenishmentLeadTime",
    "ResolvedAddress",
    "ReturnLine",
    "ReturnOrder",
    "ReturnReason",
    "ReturnStatus",
    "ReturnedLine",
    "SalesOrder",
    "ScheduledReceipt",
    "Severity",
    "Shipment",
    "ShipmentLine",
    "StockPosition",
    "UpgradePath",
    "ValidationProblem",
    "ValidationReport",
    "ValidationRules",
    "allocate_supply",
    "available_to_promise",
    "customer_picture",
    "line_promise",
    "line_promises",
    "mine_affinities",
    "order_book",
    "order_demand",
    "order_status",
    "plan_fulfilment",
    "validate_order",
]
