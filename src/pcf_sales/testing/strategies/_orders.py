"""Strategies for sales orders: parties, lines, shipments, validation values, reports,
orders and returns walked through their own commands, status views and order books."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Final

import pendulum
from hypothesis import strategies as st

from pcf_sales.accounts import AccountStatus
from pcf_sales.core import QuoteId, ReturnId, SalesOrderId, ShipmentId, UserId
from pcf_sales.orders import (
    AmendmentKind,
    CreditSnapshot,
    DeliveryTolerance,
    HoldKind,
    LineDifference,
    LinePromise,
    LineShipment,
    LineStatusView,
    OrderAmendment,
    OrderBook,
    OrderBookRow,
    OrderFacts,
    OrderHold,
    OrderLine,
    OrderParties,
    OrderPaymentTerms,
    OrderStatusView,
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
    order_book,
    order_status,
)
from pcf_sales.pricing import DocumentLine, PricingContext, PricingDocument, PricingEngine
from pcf_sales.testing.strategies._accounts import addresses
from pcf_sales.testing.strategies._catalog import skus
from pcf_sales.testing.strategies._core import (
    account_ids,
    contact_ids,
    country_codes,
    dates,
    identifiers,
    instants,
    money,
    texts,
    user_ids,
)

__all__ = [
    "ORDER_STEPS",
    "apply_sales_order_step",
    "credit_snapshots",
    "delivery_tolerances",
    "line_differences",
    "line_promises",
    "line_shipments",
    "line_status_views",
    "order_amendments",
    "order_book_rows",
    "order_books",
    "order_facts",
    "order_holds",
    "order_lines",
    "order_parties",
    "order_payment_terms",
    "order_status_views",
    "party_refs",
    "product_restrictions",
    "quote_references",
    "recorded_returns",
    "return_ids",
    "return_lines",
    "return_orders",
    "returned_lines",
    "sales_orders",
    "shipment_ids",
    "shipment_lines",
    "shipments",
    "validation_problems",
    "validation_reports",
    "validation_rules",
]

#: The steps :func:`apply_sales_order_step` knows, in the order they usually happen.
ORDER_STEPS: Final = (
    "submit",
    "accept",
    "reject",
    "reopen",
    "place_on_hold",
    "release_hold",
    "release_to_fulfilment",
    "record_promises",
    "ship",
    "cancel_lines",
    "record_return",
    "cancel",
    "close",
)
_SKUS: Final = ("SENS-100", "CAL-KIT", "SVC-INSTALL", "SUB-CLOUD")
_quantities = st.integers(min_value=1, max_value=40).map(lambda n: Decimal(n) / 2)
_DAY: Final = pendulum.Date(2026, 3, 2)


def return_ids() -> st.SearchStrategy[ReturnId]:
    """Return ids."""
    return identifiers().map(ReturnId)


def shipment_ids() -> st.SearchStrategy[ShipmentId]:
    """Shipment ids."""
    return identifiers().map(ShipmentId)


def delivery_tolerances() -> st.SearchStrategy[DeliveryTolerance]:
    """Tolerances from none to 20 % either way."""
    percent = st.integers(min_value=0, max_value=20).map(Decimal)
    return st.builds(DeliveryTolerance, over_percent=percent, under_percent=percent)


def party_refs() -> st.SearchStrategy[PartyRef]:
    """A party: an account, maybe a contact and an address."""
    return st.builds(
        PartyRef,
        account_id=account_ids(),
        contact_id=st.none() | contact_ids(),
        address=st.none() | addresses(),
    )


@st.composite
def order_parties(draw: st.DrawFn) -> OrderParties:
    """One party in every role, or four drawn ones."""
    if draw(st.booleans()):
        return OrderParties.single(draw(party_refs()))
    return OrderParties(
        sold_to=draw(party_refs()),
        ship_to=draw(party_refs()),
        bill_to=draw(party_refs()),
        payer=draw(party_refs()),
    )


@st.composite
def order_payment_terms(draw: st.DrawFn) -> OrderPaymentTerms:
    """Net terms, some with an early-payment discount."""
    net = draw(st.integers(min_value=0, max_value=120))
    if net == 0 or not draw(st.booleans()):
        return OrderPaymentTerms(net_days=net)
    days = draw(st.integers(min_value=1, max_value=net))
    percent = draw(st.integers(min_value=1, max_value=5).map(Decimal))
    return OrderPaymentTerms(net_days=net, discount_percent=percent, discount_days=days)


def quote_references() -> st.SearchStrategy[QuoteReference]:
    """References to accepted quotes."""
    return st.builds(
        QuoteReference,
        quote_id=identifiers().map(QuoteId),
        version=st.integers(min_value=1, max_value=20),
        valid_until=dates(),
        accepted_at=st.none() | instants(),
    )


def _live_quotes() -> st.SearchStrategy[QuoteReference]:
    return st.builds(
        QuoteReference,
        quote_id=identifiers().map(QuoteId),
        version=st.integers(min_value=1, max_value=20),
        valid_until=dates(min_value=_DAY),
    )


def order_holds() -> st.SearchStrategy[OrderHold]:
    """Holds of every kind."""
    return st.builds(OrderHold, kind=st.sampled_from(HoldKind), reason=texts(max_size=60))


@st.composite
def order_lines(draw: st.DrawFn) -> OrderLine:
    """Lines with consistent quantities: some shipped, cancelled, promised, returned."""
    quantity = draw(_quantities)
    shipped = draw(st.integers(min_value=0, max_value=int(quantity * 2)).map(Decimal)) / 2
    cancelled = (
        draw(st.integers(min_value=0, max_value=int((quantity - shipped) * 2)).map(Decimal)) / 2
    )
    remaining = quantity - shipped - cancelled
    allocated = draw(st.integers(min_value=0, max_value=int(remaining * 2)).map(Decimal)) / 2
    back = (
        draw(st.integers(min_value=0, max_value=int((remaining - allocated) * 2)).map(Decimal)) / 2
    )
    returned = draw(st.integers(min_value=0, max_value=int(shipped * 2)).map(Decimal)) / 2
    return OrderLine(
        line_number=draw(st.integers(min_value=1, max_value=99)),
        sku=draw(skus()),
        quantity=quantity,
        net_amount=draw(money("EUR", max_amount=100_000)),
        shipped=shipped,
        cancelled=cancelled,
        allocated=allocated,
        back_ordered=back,
        returned=returned,
        promised_date=draw(dates()) if allocated else None,
        expected_date=draw(st.none() | dates()) if back else None,
        tolerance=draw(delivery_tolerances()),
    )


@st.composite
def line_promises(draw: st.DrawFn) -> LinePromise:
    """Promises of a confirmed and a back-ordered quantity."""
    confirmed = draw(st.integers(min_value=0, max_value=20).map(Decimal))
    back = draw(st.integers(min_value=0, max_value=20).map(Decimal))
    return LinePromise(
        line_number=draw(st.integers(min_value=1, max_value=20)),
        confirmed_quantity=confirmed,
        confirmed_date=draw(dates()) if confirmed else draw(st.none() | dates()),
        back_ordered_quantity=back,
        expected_date=draw(st.none() | dates()) if back else None,
    )


def shipment_lines() -> st.SearchStrategy[ShipmentLine]:
    """A quantity of one line."""
    return st.builds(
        ShipmentLine, line_number=st.integers(min_value=1, max_value=20), quantity=_quantities
    )


@st.composite
def shipments(draw: st.DrawFn) -> Shipment:
    """Shipments of one to three lines, some delivered."""
    lines = draw(
        st.lists(shipment_lines(), min_size=1, max_size=3, unique_by=lambda s: s.line_number)
    )
    shipped_on = draw(dates())
    delivered = draw(st.none() | st.integers(min_value=0, max_value=20))
    return Shipment(
        id=draw(shipment_ids()),
        shipped_on=shipped_on,
        lines=tuple(lines),
        carrier=draw(st.none() | texts(max_size=20)),
        tracking=draw(st.none() | identifiers()),
        delivered_on=None if delivered is None else shipped_on.add(days=delivered),
    )


@st.composite
def line_differences(draw: st.DrawFn) -> LineDifference:
    """Differences of an amendment."""
    kind = draw(st.sampled_from(AmendmentKind))
    before = Decimal(0) if kind is AmendmentKind.ADDED else draw(_quantities)
    after = Decimal(0) if kind is AmendmentKind.REMOVED else draw(_quantities)
    return LineDifference(
        line_number=draw(st.integers(min_value=1, max_value=20)),
        sku=draw(skus()),
        kind=kind,
        quantity_before=before,
        quantity_after=after,
        amount_before=draw(money("EUR")),
        amount_after=draw(money("EUR")),
    )


def order_amendments() -> st.SearchStrategy[OrderAmendment]:
    """Amendments with one to three differences."""
    return st.builds(
        OrderAmendment,
        number=st.integers(min_value=1, max_value=9),
        at=instants(),
        reason=texts(max_size=40),
        differences=st.lists(line_differences(), min_size=1, max_size=3).map(tuple),
        total_before=money("EUR"),
        total_after=money("EUR"),
    )


def returned_lines() -> st.SearchStrategy[ReturnedLine]:
    """Returned quantities of a line with their credit."""
    return st.builds(
        ReturnedLine,
        line_number=st.integers(min_value=1, max_value=20),
        quantity=_quantities,
        credit=money("EUR"),
    )


def recorded_returns() -> st.SearchStrategy[RecordedReturn]:
    """Returns as an order records them."""
    return st.builds(
        RecordedReturn,
        return_id=return_ids(),
        received_on=dates(),
        lines=st.lists(returned_lines(), min_size=1, max_size=3).map(tuple),
        note=st.none() | texts(max_size=40),
    )


@st.composite
def credit_snapshots(draw: st.DrawFn) -> CreditSnapshot:
    """Credit positions in EUR, under or over their limit."""
    return CreditSnapshot(
        account_id=draw(account_ids()),
        as_of=draw(dates()),
        limit=draw(money("EUR", max_amount=100_000)),
        exposure=draw(money("EUR", max_amount=100_000)),
    )


def product_restrictions() -> st.SearchStrategy[ProductRestriction]:
    """Products that may not ship to a few countries."""
    return st.builds(
        ProductRestriction,
        sku=skus(),
        countries=st.lists(country_codes(), min_size=1, max_size=3, unique=True).map(tuple),
        reason=texts(max_size=40),
    )


def validation_rules() -> st.SearchStrategy[ValidationRules]:
    """Rule sets, from the defaults to strict ones."""
    return st.builds(
        ValidationRules,
        minimum_order_value=st.none() | money("EUR", max_amount=5000),
        max_line_quantity=st.none() | st.integers(min_value=1, max_value=100).map(Decimal),
        whole_units=st.booleans(),
        max_price_age_days=st.integers(min_value=0, max_value=90),
        restrictions=st.lists(product_restrictions(), max_size=2).map(tuple),
        credit_severity=st.sampled_from(Severity),
        restriction_severity=st.sampled_from(Severity),
    )


def order_facts() -> st.SearchStrategy[OrderFacts]:
    """Facts of a day: customer status, a block, a credit position."""
    return st.builds(
        OrderFacts,
        on=dates(),
        customer_status=st.none() | st.sampled_from(AccountStatus),
        blocked_reason=st.none() | texts(max_size=40),
        credit=st.none() | credit_snapshots(),
    )


@st.composite
def validation_problems(draw: st.DrawFn) -> ValidationProblem:
    """Problems of every code and severity."""
    severity = draw(st.sampled_from(Severity))
    return ValidationProblem(
        code=draw(st.sampled_from(ProblemCode)),
        severity=severity,
        field=draw(texts(max_size=30)),
        message=draw(texts(max_size=60)),
        line_number=draw(st.none() | st.integers(min_value=1, max_value=20)),
        hold=draw(st.sampled_from(HoldKind)) if severity is Severity.HOLD else None,
    )


def validation_reports() -> st.SearchStrategy[ValidationReport]:
    """Reports with up to four problems."""
    return st.builds(
        ValidationReport,
        checked_on=dates(),
        problems=st.lists(validation_problems(), max_size=4).map(tuple),
    )


# -- orders walked through their commands ------------------------------------------------------


@functools.cache
def _engine() -> PricingEngine:
    from pcf_sales.testing.factories import make_pricing_engine

    return make_pricing_engine()


def apply_sales_order_step(
    draw: st.DrawFn, order: SalesOrder, step: str, at: pendulum.DateTime, by: UserId
) -> SalesOrder:
    """Run ``step`` (one of :data:`ORDER_STEPS`) on ``order`` with drawn arguments when
    its status allows; otherwise return the order unchanged."""
    command = {"ship": "record_shipment", "cancel": "cancel"}.get(step, step)
    if command == "cancel" and any(line.shipped for line in order.lines):
        command = "close_short"
    if command not in order.allowed_commands():
        return order
    if step == "submit":
        return order.submit(at=at, by=by)
    if step == "accept":
        rules = ValidationRules(ship_to_fields=(), bill_to_fields=())
        facts = OrderFacts(on=order.pricing.priced_on)
        if not order.validate(rules, facts).passed:
            return order
        return order.accept(rules, facts, at=at, by=by)
    if step in ("reject", "cancel"):
        method = order.reject if step == "reject" else order.cancel
        return method(reason=draw(texts(max_size=30)), at=at, by=by)
    if step == "reopen":
        return order.reopen(at=at, by=by)
    if step == "place_on_hold":
        kind = draw(st.sampled_from(HoldKind))
        return order.place_on_hold(kind, reason=draw(texts(max_size=30)), at=at, by=by)
    if step == "release_hold":
        return order.release_hold(at=at, by=by)
    if step == "release_to_fulfilment":
        return order.release_to_fulfilment(at=at, by=by)
    open_lines = [line for line in order.lines if line.is_open]
    if step == "record_promises":
        if not open_lines:
            return order
        line = draw(st.sampled_from(open_lines))
        confirmed = line.remaining / 2
        promise = LinePromise(
            line_number=line.line_number,
            confirmed_quantity=confirmed,
            confirmed_date=at.date().add(days=7) if confirmed else None,
            back_ordered_quantity=line.remaining - confirmed,
            expected_date=at.date().add(days=21) if line.remaining - confirmed else None,
        )
        return order.record_promises([promise], at=at, by=by)
    if step == "ship" and open_lines:
        line = draw(st.sampled_from(open_lines))
        quantity = draw(st.sampled_from((line.remaining, line.remaining / 2)))
        number = draw(st.integers(min_value=1, max_value=10_000))
        shipment = Shipment.of(ShipmentId(f"SH-{number}"), at.date(), (line.line_number, quantity))
        if any(s.id == shipment.id for s in order.shipments):
            return order
        return order.record_shipment(shipment, at=at, by=by)
    if step == "cancel_lines" and open_lines:
        line = draw(st.sampled_from(open_lines))
        return order.cancel_lines([(line.line_number, None)], reason="cancelled", at=at, by=by)
    if step == "record_return":
        shipped = [line for line in order.lines if line.shipped > line.returned]
        if not shipped:
            return order
        line = draw(st.sampled_from(shipped))
        return_id = ReturnId(f"RT-{len(order.returns) + 1}")
        return order.record_return(
            return_id=return_id,
            received_on=at.date(),
            lines=[(line.line_number, line.shipped - line.returned)],
            at=at,
            by=by,
        )
    if step == "close":
        return order.close(at=at, by=by)
    return order


@st.composite
def sales_orders(
    draw: st.DrawFn,
    *,
    max_steps: int = 8,
    parties: st.SearchStrategy[OrderParties] | None = None,
) -> SalesOrder:
    """Orders priced by the factory engine, walked through up to ``max_steps`` random
    commands (shrinking towards a one-line draft). Orders are accepted only when they
    pass the default rules (any address, no expired quote)."""
    lines = draw(st.lists(st.tuples(st.sampled_from(_SKUS), _quantities), min_size=1, max_size=3))
    document = PricingDocument(
        lines=tuple(DocumentLine(sku=sku, quantity=quantity) for sku, quantity in lines)
    )
    parties_drawn = draw(order_parties() if parties is None else parties)
    pricing = _engine().price(
        document, PricingContext(on=_DAY, account_id=parties_drawn.sold_to.account_id)
    )
    at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    by = draw(user_ids())
    order = SalesOrder.enter(
        id=draw(identifiers().map(SalesOrderId)),
        at=at,
        by=by,
        parties=parties_drawn,
        pricing=pricing,
        quote=draw(st.none() | _live_quotes()),
        payment_terms=draw(order_payment_terms()),
        tolerance=draw(delivery_tolerances()),
    )
    for step in draw(st.lists(st.sampled_from(ORDER_STEPS), max_size=max_steps)):
        at = at.add(hours=draw(st.integers(min_value=0, max_value=72)))
        order = apply_sales_order_step(draw, order, step, at, by)
    return order


@st.composite
def return_lines(draw: st.DrawFn) -> ReturnLine:
    """Lines of a return, partly received."""
    quantity = draw(_quantities)
    received = draw(st.integers(min_value=0, max_value=int(quantity * 2)).map(Decimal)) / 2
    return ReturnLine(
        line_number=draw(st.integers(min_value=1, max_value=20)),
        sku=draw(skus()),
        quantity=quantity,
        received=received,
    )


@st.composite
def return_orders(draw: st.DrawFn) -> ReturnOrder:
    """Returns of a fulfilled drawn order, in any status."""
    order = draw(sales_orders(max_steps=0, parties=_addressed_parties()))
    at = order.entered_at.add(hours=1)
    for command in ("submit", "accept", "release_to_fulfilment"):
        order = apply_sales_order_step(draw, order, command, at, UserId("kit"))
    pairs = tuple((line.line_number, line.remaining) for line in order.lines)
    order = order.record_shipment(
        Shipment.of(ShipmentId("SH-1"), at.date(), *pairs), at=at, by=UserId("kit")
    )
    line = draw(st.sampled_from(order.lines))
    ret = ReturnOrder.request(
        order,
        [(line.line_number, line.shipped)],
        draw(st.sampled_from(ReturnReason)),
        id=draw(return_ids()),
        at=at,
        by=UserId("kit"),
    )
    status = draw(st.sampled_from(ReturnStatus))
    if status is ReturnStatus.REJECTED:
        return ret.reject(reason="refused", at=at, by=UserId("kit"))
    if status is ReturnStatus.CANCELLED:
        return ret.cancel(reason="withdrawn", at=at, by=UserId("kit"))
    if status is ReturnStatus.REQUESTED:
        return ret
    ret = ret.approve(at=at, by=UserId("kit"))
    if status is ReturnStatus.APPROVED:
        return ret
    ret = ret.receive(at.date(), at=at, by=UserId("kit"))
    if status is ReturnStatus.RECEIVED:
        return ret
    recorded = order.record_return(
        return_id=ret.id, received_on=at.date(), lines=ret.received_lines(), at=at, by=UserId("kit")
    )
    return ret.credit_from(recorded, at=at, by=UserId("kit"))


def line_shipments() -> st.SearchStrategy[LineShipment]:
    """Shipments as a line sees them."""
    return st.builds(
        LineShipment,
        shipment_id=shipment_ids(),
        shipped_on=dates(),
        quantity=_quantities,
        delivered_on=st.none() | dates(),
    )


def order_status_views() -> st.SearchStrategy[OrderStatusView]:
    """Status views of drawn orders."""
    return sales_orders().map(order_status)


def line_status_views() -> st.SearchStrategy[LineStatusView]:
    """Status views of the lines of drawn orders."""
    return order_status_views().flatmap(lambda view: st.sampled_from(view.lines))


def order_books() -> st.SearchStrategy[OrderBook]:
    """Books of up to three drawn orders."""
    return st.lists(sales_orders(max_steps=6), max_size=3).map(
        lambda orders: order_book(orders, currency="EUR")
    )


@st.composite
def order_book_rows(draw: st.DrawFn) -> OrderBookRow:
    """Rows of books of one accepted drawn order."""
    order = draw(sales_orders(max_steps=0, parties=_addressed_parties()))
    for step in ("submit", "accept"):
        order = apply_sales_order_step(draw, order, step, order.history[-1].at, UserId("kit"))
    return order_book([order], currency="EUR").rows[0]


def _addressed_parties() -> st.SearchStrategy[OrderParties]:
    party = st.builds(PartyRef, account_id=account_ids(), address=addresses())
    return party.map(OrderParties.single)
