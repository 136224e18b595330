"""The sample company's sales orders: one for every won opportunity, priced by the sample
pricing engine of the deal's currency, then accepted, promised, shipped (partly from back
orders) and closed as far as the sample's ``as_of`` allows.

Deterministic from the seed. The sample price books are in force from 1 April 2026, so a
deal won earlier is ordered (and priced) on that day. Sample accounts carry country-only
addresses, so the sample's validation rules ask of an address only its country.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

import pendulum

from pcf_sales.accounts import Account, Contact
from pcf_sales.core import (
    AccountId,
    ContactId,
    ReturnId,
    SalesOrderId,
    ShipmentId,
    UserId,
    money,
)
from pcf_sales.opportunities import Opportunity, OpportunityStatus
from pcf_sales.orders import (
    CreditSnapshot,
    DeliveryTolerance,
    HoldKind,
    LinePromise,
    OrderFacts,
    OrderParties,
    OrderPaymentTerms,
    PartyRef,
    SalesOrder,
    Shipment,
    ValidationRules,
)
from pcf_sales.pricing import DocumentLine, PricingContext, PricingDocument, PricingEngine
from pcf_sales.proposals import Quote, QuoteStatus

__all__ = ["SAMPLE_ORDER_RULES", "sample_orders"]

#: The catalog sku each opportunity product line is ordered as.
_SKU_FOR: Final = {
    "MI-CAL-SVC": "MI-CAL",
    "MI-RIG-100": "MI-TS200",
    "MI-SENSOR-KIT": "MI-KIT-LAB",
    "MI-SW-SEAT": "MI-SW-ANL",
    "MI-TRAINING": "MI-SVC-TRN",
}
#: Validation rules of the sample: addresses need only their country (sample accounts
#: have no street addresses); everything else as :meth:`ValidationRules.default`.
SAMPLE_ORDER_RULES: Final = ValidationRules(ship_to_fields=(), bill_to_fields=())
_DESK: Final = UserId("order-desk")
_WAREHOUSE: Final = UserId("warehouse")
_BOOKS_FROM: Final = pendulum.Date(2026, 4, 1)


class _Clock:
    """Moves forward from an order's entry; says whether a moment is past ``as_of``."""

    __slots__ = ("as_of", "now")

    def __init__(self, start: pendulum.DateTime, as_of: pendulum.DateTime) -> None:
        self.now = start
        self.as_of = as_of

    def advance(self, **delta: int) -> bool:
        """Move the clock; True while it is still at or before ``as_of``."""
        self.now = self.now.add(**delta)
        return self.now <= self.as_of


def _parties(account: Account, contact: ContactId | None) -> OrderParties:
    bill = PartyRef(account_id=account.id, contact_id=contact, address=account.billing_address)
    ship_address = account.shipping_address or account.billing_address
    ship = PartyRef(account_id=account.id, contact_id=contact, address=ship_address)
    return OrderParties(sold_to=bill, ship_to=ship, bill_to=bill, payer=bill)


def _document(opportunity: Opportunity) -> PricingDocument:
    """The deal's lines as a document in the deal's currency."""
    lines = [
        DocumentLine(sku=_SKU_FOR[line.product_id], quantity=line.quantity)
        for line in opportunity.product_lines
        if line.product_id in _SKU_FOR and line.quantity > 0
    ]
    return PricingDocument(
        lines=tuple(lines),
        currency=opportunity.amount.currency.code,
        reference=f"{opportunity.id}",
    )


def _enter(
    number: int,
    opportunity: Opportunity,
    account: Account,
    contact: ContactId | None,
    engine: PricingEngine,
    at: pendulum.DateTime,
) -> SalesOrder:
    context = PricingContext(
        on=at.date(),
        account_id=account.id,
        segment_id=account.segment_id,
        owner=opportunity.owner,
    )
    return SalesOrder.enter_priced(
        engine,
        _document(opportunity),
        id=SalesOrderId(f"SO-{number:05d}"),
        at=at,
        by=opportunity.owner,
        parties=_parties(account, contact),
        context=context,
        opportunity_id=opportunity.id,
        payment_terms=OrderPaymentTerms(net_days=30, discount_percent=Decimal(2), discount_days=10),
        customer_reference=f"PO-{number:05d}",
        requested_date=at.date().add(days=14),
        tolerance=DeliveryTolerance(over_percent=Decimal(0), under_percent=Decimal(2)),
    )


def _from_quote(
    number: int,
    quote: Quote,
    opportunity: Opportunity,
    account: Account,
    contact: ContactId | None,
    at: pendulum.DateTime,
) -> SalesOrder:
    return SalesOrder.from_order_draft(
        quote.order_draft(),
        id=SalesOrderId(f"SO-{number:05d}"),
        at=at,
        by=opportunity.owner,
        parties=_parties(account, contact),
        customer_reference=f"PO-{number:05d}",
        requested_date=at.date().add(days=14),
        tolerance=DeliveryTolerance(over_percent=Decimal(0), under_percent=Decimal(2)),
    )


def _accept(order: SalesOrder, rng: random.Random, clock: _Clock) -> SalesOrder:
    exposure = order.total.amount * Decimal(rng.choice((0, 1, 2, 5)))
    credit = CreditSnapshot(
        account_id=order.parties.payer.account_id,
        as_of=clock.now.date(),
        limit=money(order.total.amount * 4, order.currency),
        exposure=money(exposure, order.currency),
    )
    facts = OrderFacts(on=clock.now.date(), credit=credit)
    order = order.accept(SAMPLE_ORDER_RULES, facts, at=clock.now, by=_DESK)
    report = order.validation
    if report is not None and HoldKind.CREDIT in report.holds:
        order = order.place_on_hold(
            HoldKind.CREDIT, reason=report.explain(), at=clock.now, by=_DESK
        )
        if not clock.advance(days=2):
            return order
        order = order.release_hold(at=clock.now, by=UserId("credit-control"), reason="prepaid")
    return order


def _promise(order: SalesOrder, rng: random.Random, clock: _Clock) -> SalesOrder:
    promises = []
    for line in order.lines:
        short = line.quantity > 1 and rng.random() < 0.35
        back = (line.quantity // 3) if short else Decimal(0)
        back = max(back, Decimal(1)) if short else back
        promises.append(
            LinePromise(
                line_number=line.line_number,
                confirmed_quantity=line.quantity - back,
                confirmed_date=clock.now.date().add(days=3),
                back_ordered_quantity=back,
                expected_date=clock.now.date().add(days=rng.randint(14, 45)) if back else None,
            )
        )
    return order.record_promises(promises, at=clock.now, by=_WAREHOUSE)


def _ship(order: SalesOrder, shipment_id: str, clock: _Clock, *, back_orders: bool) -> SalesOrder:
    pairs = [
        (line.line_number, line.back_ordered if back_orders else line.allocated)
        for line in order.lines
        if (line.back_ordered if back_orders else line.allocated) > 0
    ]
    if not pairs:
        return order
    shipment = Shipment.of(ShipmentId(shipment_id), clock.now.date(), *pairs, carrier="DHL")
    order = order.record_shipment(shipment, at=clock.now, by=_WAREHOUSE)
    if clock.advance(days=2):
        order = order.record_delivery(
            ShipmentId(shipment_id), clock.now.date(), at=clock.now, by=_WAREHOUSE
        )
    return order


def _fulfil(order: SalesOrder, rng: random.Random, clock: _Clock) -> SalesOrder:
    if not clock.advance(days=1):
        return order
    order = order.release_to_fulfilment(at=clock.now, by=_DESK)
    order = _promise(order, rng, clock)
    if not clock.advance(days=3):
        return order
    order = _ship(order, f"SH-{order.id[3:]}-1", clock, back_orders=False)
    waiting = [line for line in order.lines if line.back_ordered > 0]
    if waiting:
        line = waiting[0]
        expected = line.expected_date or clock.now.date()
        if rng.random() < 0.5:  # the supplier slips: re-promise a week later
            expected = expected.add(days=7)
            order = order.repromise(
                line.line_number, expected_date=expected, at=clock.now, by=_WAREHOUSE
            )
        arrival = pendulum.datetime(expected.year, expected.month, expected.day, 10, tz="UTC")
        if arrival <= clock.now or arrival > clock.as_of:
            return order
        clock.now = arrival
        if rng.random() < 0.2:
            return order.cancel_back_orders(
                reason="customer sourced the rest elsewhere", at=clock.now, by=_DESK
            )
        order = _ship(order, f"SH-{order.id[3:]}-2", clock, back_orders=True)
    if order.status.value == "fulfilled" and clock.advance(days=30):
        if rng.random() < 0.25:
            line = order.lines[0]
            quantity = Decimal(1) if line.shipped >= 1 else line.shipped
            order = order.record_return(
                return_id=ReturnId(f"RT-{order.id[3:]}"),
                received_on=clock.now.date(),
                lines=[(line.line_number, quantity)],
                at=clock.now,
                by=_WAREHOUSE,
                note="damaged in transit",
            )
        order = order.close(at=clock.now, by=_DESK)
    return order


def sample_orders(
    opportunities: Iterable[Opportunity],
    accounts: Sequence[Account],
    contacts: Sequence[Contact],
    engines: Mapping[str, PricingEngine],
    *,
    seed: int,
    as_of: pendulum.DateTime,
    quotes: Iterable[Quote] = (),
) -> tuple[SalesOrder, ...]:
    """An order for every won opportunity, played forward up to ``as_of``.

    Where the deal has an accepted quote, the order comes from the quote's
    order draft with its prices exactly; otherwise the deal's products are
    priced by the engine of its currency.
    """
    accepted = {
        quote.opportunity_id: quote
        for quote in quotes
        if quote.status is QuoteStatus.ACCEPTED and quote.opportunity_id is not None
    }
    rng = random.Random(f"{seed}:orders")
    by_account = {account.id: account for account in accounts}
    first_contact: dict[AccountId, ContactId] = {}
    for contact in contacts:
        first_contact.setdefault(contact.account_id, contact.id)
    won = [o for o in opportunities if o.status is OpportunityStatus.WON and o.closed_at]
    won.sort(key=lambda o: (o.closed_at, o.id))
    orders = []
    for number, opportunity in enumerate(won, start=1):
        closed = opportunity.closed_at
        quote = accepted.get(opportunity.id)
        if closed is None or (
            quote is None
            and not any(line.product_id in _SKU_FOR for line in opportunity.product_lines)
        ):
            continue
        day = max(closed.date().add(days=1), _BOOKS_FROM)
        start = pendulum.datetime(day.year, day.month, day.day, 9, tz="UTC")
        if quote is not None:
            start = max(start, quote.order_draft().accepted_at.add(hours=1))
        if start > as_of:
            continue
        clock = _Clock(start, as_of)
        account = by_account[opportunity.account_id]
        # A deal in a currency without its own price book is priced from the EUR book
        # and converted with the sample's exchange rates.
        engine = engines.get(opportunity.amount.currency.code) or engines["EUR"]
        contact_id = first_contact.get(account.id)
        if quote is not None:
            order = _from_quote(number, quote, opportunity, account, contact_id, start)
        else:
            order = _enter(number, opportunity, account, contact_id, engine, start)
        order = order.submit(at=clock.now, by=opportunity.owner)
        if clock.advance(hours=2):
            order = _accept(order, rng, clock)
            if order.status.value == "accepted":
                order = _fulfil(order, rng, clock)
        orders.append(order)
    return tuple(orders)
