"""The sales order aggregate (PCF 3.5.4.5 enter orders, 3.5.4.7 back orders and updates).

The lifecycle table is in :mod:`pcf_sales.orders._order_table`; the line
arithmetic (shipping, cancelling, amending) in :mod:`pcf_sales.orders._order_ops`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import HistoryEntry, OpportunityId, ReturnId, SalesOrderId, ShipmentId, UserId
from pcf_sales.core._validate import (
    check_date,
    check_instant,
    describe,
    fail,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_optional_date,
    to_optional_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.orders import _order_ops as ops
from pcf_sales.orders._lines import DeliveryTolerance, LinePromise, OrderLine, Shipment
from pcf_sales.orders._order_table import SALES_ORDER_LIFECYCLE, OrderStatus, check_order
from pcf_sales.orders._order_values import (
    HoldKind,
    OrderAmendment,
    OrderHold,
    OrderParties,
    OrderPaymentTerms,
    QuoteReference,
    RecordedReturn,
)
from pcf_sales.orders._validation import (
    OrderFacts,
    ValidationReport,
    ValidationRules,
    validate_order,
)
from pcf_sales.pricing import PricingContext, PricingDocument, PricingEngine, PricingResult
from pcf_sales.proposals import OrderDraft

__all__ = ["SalesOrder"]

_Cancellation = tuple[int, Decimal | int | str | None]

#: Statuses in which the payer's credit exposure does not count the order yet.
_UNCOUNTED: Final = frozenset({OrderStatus.DRAFT, OrderStatus.SUBMITTED, OrderStatus.REJECTED})

#: The command releasing a hold, by the status the order was held in.
_RELEASES: Final = {
    OrderStatus.ACCEPTED: "release_hold",
    OrderStatus.IN_FULFILMENT: "release_hold_in_fulfilment",
    OrderStatus.PARTIALLY_FULFILLED: "release_hold_partially_fulfilled",
}


def _history(inst: object, attr: attrs.Attribute[object], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


@attrs.frozen(kw_only=True)
class SalesOrder:
    """A customer's order, from entry through fulfilment, back orders and returns.

    Enter one from a priced document (an accepted quote's pricing, carried over
    exactly) with :meth:`enter`, or price its lines with a pricing engine with
    :meth:`enter_priced`. Every command returns a new ``SalesOrder`` with one
    more history entry and the next ``revision``; a refused command changes
    nothing. The order's status after a shipment or a cancellation follows
    from the lines' remaining quantities.

    >>> from pcf_sales.testing.factories import make_pricing_result, make_party_ref
    >>> monday = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> order = SalesOrder.enter(
    ...     id=SalesOrderId("SO-1"), at=monday, by=UserId("rep-1"),
    ...     parties=OrderParties.single(make_party_ref()), pricing=make_pricing_result(),
    ... )
    >>> order.status.value, order.total
    ('draft', Money('1060.00', 'EUR'))
    """

    id: SalesOrderId = attrs.field(validator=is_id)
    status: OrderStatus = attrs.field(validator=is_enum(OrderStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[OrderStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    parties: OrderParties = attrs.field(validator=is_instance(OrderParties))
    pricing: PricingResult = attrs.field(validator=is_instance(PricingResult))
    lines: tuple[OrderLine, ...] = attrs.field(converter=to_tuple, validator=is_tuple_of(OrderLine))
    payment_terms: OrderPaymentTerms = attrs.field(
        factory=OrderPaymentTerms, validator=is_instance(OrderPaymentTerms)
    )
    quote: QuoteReference | None = attrs.field(
        default=None, validator=optional(is_instance(QuoteReference))
    )
    opportunity_id: OpportunityId | None = attrs.field(default=None, validator=optional(is_id))
    customer_reference: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=120))
    )
    requested_date: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_instance(pendulum.Date))
    )
    shipments: tuple[Shipment, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Shipment)
    )
    returns: tuple[RecordedReturn, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(RecordedReturn)
    )
    amendments: tuple[OrderAmendment, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(OrderAmendment)
    )
    hold: OrderHold | None = attrs.field(default=None, validator=optional(is_instance(OrderHold)))
    validation: ValidationReport | None = attrs.field(
        default=None, validator=optional(is_instance(ValidationReport))
    )
    released_holds: tuple[HoldKind, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(HoldKind, unique=True)
    )

    def __attrs_post_init__(self) -> None:
        SALES_ORDER_LIFECYCLE.check_history(self)
        check_order(self)

    # -- entering --------------------------------------------------------------------------------

    @classmethod
    def enter(
        cls,
        *,
        id: SalesOrderId,
        at: pendulum.DateTime,
        by: UserId,
        parties: OrderParties,
        pricing: PricingResult,
        quote: QuoteReference | None = None,
        opportunity_id: OpportunityId | None = None,
        payment_terms: OrderPaymentTerms | None = None,
        customer_reference: str | None = None,
        requested_date: pendulum.Date | None = None,
        requested_dates: Mapping[int, pendulum.Date] | None = None,
        tolerance: DeliveryTolerance | None = None,
    ) -> SalesOrder:
        """A new draft order for the lines of ``pricing``, their prices carried over
        exactly (PCF 3.5.4.5 enter orders into system).

        ``quote`` names the accepted quote the pricing comes from. Lines get
        ``requested_date`` unless ``requested_dates`` gives one by line number,
        and ``tolerance`` as their delivery tolerance.
        """
        if not isinstance(pricing, PricingResult):
            fail("pricing", f"expected a PricingResult, got {describe(pricing)}")
        if tolerance is not None and not isinstance(tolerance, DeliveryTolerance):
            fail("tolerance", f"expected a DeliveryTolerance, got {describe(tolerance)}")
        dates = ops.requested_dates(pricing, requested_date, requested_dates)
        lines = ops.lines_from(pricing, dates, tolerance)
        return SALES_ORDER_LIFECYCLE.create(
            cls,
            at=at,
            by=by,
            id=id,
            parties=parties,
            pricing=pricing,
            lines=lines,
            payment_terms=OrderPaymentTerms() if payment_terms is None else payment_terms,
            quote=quote,
            opportunity_id=opportunity_id,
            customer_reference=customer_reference,
            requested_date=requested_date,
        )

    @classmethod
    def from_order_draft(
        cls,
        draft: OrderDraft,
        *,
        id: SalesOrderId,
        at: pendulum.DateTime,
        by: UserId,
        parties: OrderParties,
        payment_terms: OrderPaymentTerms | None = None,
        customer_reference: str | None = None,
        requested_date: pendulum.Date | None = None,
        requested_dates: Mapping[int, pendulum.Date] | None = None,
        tolerance: DeliveryTolerance | None = None,
    ) -> SalesOrder:
        """A new draft order from an accepted quote's :class:`~pcf_sales.proposals.OrderDraft`.

        The quote's pricing result is carried over as it was quoted (lines,
        waterfalls, totals and the exchange rates used), so the order's total
        equals the quote's to the cent. The sold-to party must be the quote's
        account; payment terms default to the quote's payment days.
        """
        if not isinstance(draft, OrderDraft):
            fail("draft", f"expected an OrderDraft, got {describe(draft)}")
        if not isinstance(parties, OrderParties):
            fail("parties", f"expected OrderParties, got {describe(parties)}")
        if parties.sold_to.account_id != draft.account_id:
            fail(
                "parties",
                f"the quote was made for account {draft.account_id!r}, "
                f"not for the sold-to account {parties.sold_to.account_id!r}",
            )
        if payment_terms is None:
            payment_terms = OrderPaymentTerms(net_days=draft.terms.payment_days)
        return cls.enter(
            id=id,
            at=at,
            by=by,
            parties=parties,
            pricing=draft.pricing,
            quote=QuoteReference(
                quote_id=draft.quote_id,
                version=draft.quote_version,
                valid_until=draft.valid_until,
                accepted_at=draft.accepted_at,
            ),
            opportunity_id=draft.opportunity_id,
            payment_terms=payment_terms,
            customer_reference=customer_reference,
            requested_date=requested_date,
            requested_dates=requested_dates,
            tolerance=tolerance,
        )

    @classmethod
    def enter_priced(
        cls,
        engine: PricingEngine,
        document: PricingDocument,
        *,
        id: SalesOrderId,
        at: pendulum.DateTime,
        by: UserId,
        parties: OrderParties,
        context: PricingContext | None = None,
        opportunity_id: OpportunityId | None = None,
        payment_terms: OrderPaymentTerms | None = None,
        customer_reference: str | None = None,
        requested_date: pendulum.Date | None = None,
        tolerance: DeliveryTolerance | None = None,
    ) -> SalesOrder:
        """A new draft order entered directly: ``document`` is priced by ``engine`` in
        ``context`` (by default on the day of ``at``, for the sold-to account).

        Lines the engine cannot price are listed in the pricing result's
        ``unpriceable``; validation reports them and the order cannot be
        submitted until they are fixed.
        """
        if not isinstance(engine, PricingEngine):
            fail("engine", f"expected a PricingEngine, got {describe(engine)}")
        if not isinstance(parties, OrderParties):
            fail("parties", f"expected OrderParties, got {describe(parties)}")
        moment = check_instant(at, "at")
        if context is None:
            context = PricingContext(on=moment.date(), account_id=parties.sold_to.account_id)
        pricing = engine.price(document, context, collect_unpriceable=True)
        return cls.enter(
            id=id,
            at=moment,
            by=by,
            parties=parties,
            pricing=pricing,
            opportunity_id=opportunity_id,
            payment_terms=payment_terms,
            customer_reference=customer_reference,
            requested_date=requested_date,
            tolerance=tolerance,
        )

    # -- facts -----------------------------------------------------------------------------------

    @property
    def currency(self) -> str:
        """The order's currency (its pricing's)."""
        return self.pricing.currency

    @property
    def total(self) -> Money:
        """The order's net total: exactly its lines' net amounts added up."""
        return Money(
            sum((line.net_amount.amount for line in self.lines), Decimal(0)), self.currency
        )

    def _sum(self, attribute: str) -> Money:
        total = Decimal(0)
        for line in self.lines:
            total += getattr(line, attribute)
        return Money(total, self.currency)

    @property
    def shipped_value(self) -> Money:
        """The value of what was shipped."""
        return self._sum("shipped_value")

    @property
    def open_value(self) -> Money:
        """The value still to ship (the order's backlog)."""
        return self._sum("open_value")

    @property
    def cancelled_value(self) -> Money:
        """The value that was cancelled."""
        return self._sum("cancelled_value")

    @property
    def back_ordered_value(self) -> Money:
        """The value waiting for stock (part of the open value)."""
        return self._sum("back_ordered_value")

    @property
    def returned_value(self) -> Money:
        """The credit earned by returns (part of the shipped value)."""
        return self._sum("returned_value")

    @property
    def entered_at(self) -> pendulum.DateTime:
        """When the order was entered."""
        return self.history[0].at

    @property
    def is_open(self) -> bool:
        """True while something remains to ship and the order is not cancelled or closed."""
        return self.status in ops.OPEN_STATES and any(line.is_open for line in self.lines)

    def line(self, line_number: int) -> OrderLine:
        """The line numbered ``line_number``."""
        return ops.find_line(self.lines, line_number, "line_number")

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the order's current status."""
        return SALES_ORDER_LIFECYCLE.allowed(self.status)

    def _counted(self) -> Money | None:
        """The order's total as its payer's credit exposure already counts it: an order
        counts from acceptance on (see :class:`CreditSnapshot`)."""
        return None if self.status in _UNCOUNTED else self.total

    def validate(self, rules: ValidationRules, facts: OrderFacts) -> ValidationReport:
        """Every problem of the order against ``rules`` and ``facts``, changing nothing."""
        return validate_order(self, rules, facts)

    # -- acceptance ------------------------------------------------------------------------------

    def submit(self, *, at: pendulum.DateTime, by: UserId) -> SalesOrder:
        """Submit the draft for acceptance."""
        return SALES_ORDER_LIFECYCLE.apply(self, "submit", at=at, by=by)

    def accept(
        self, rules: ValidationRules, facts: OrderFacts, *, at: pendulum.DateTime, by: UserId
    ) -> SalesOrder:
        """Validate the order and accept it (PCF 3.5.4.1). Any problem of severity
        ``error`` refuses it with :class:`~pcf_sales.errors.GuardFailed` and the order
        is unchanged. Problems calling for a hold (``validation.holds``) leave it to the
        caller to :meth:`place_on_hold` and :meth:`release_hold` once cleared; until
        then the order is not released to fulfilment."""
        SALES_ORDER_LIFECYCLE.require(self, "accept")
        report = validate_order(self, rules, facts)
        return SALES_ORDER_LIFECYCLE.apply(
            self, "accept", at=at, by=by, changes={"validation": report, "released_holds": ()}
        )

    def reject(
        self,
        *,
        reason: str,
        at: pendulum.DateTime,
        by: UserId,
        report: ValidationReport | None = None,
    ) -> SalesOrder:
        """Reject the submitted order, saying why (and keeping the report that showed it)."""
        SALES_ORDER_LIFECYCLE.require(self, "reject")
        if report is not None and not isinstance(report, ValidationReport):
            fail("report", f"expected a ValidationReport, got {describe(report)}")
        changes = {} if report is None else {"validation": report}
        return SALES_ORDER_LIFECYCLE.apply(
            self, "reject", at=at, by=by, reason=reason, changes=changes
        )

    def reopen(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> SalesOrder:
        """Take a rejected order back to draft to fix and submit again."""
        return SALES_ORDER_LIFECYCLE.apply(
            self,
            "reopen",
            at=at,
            by=by,
            reason=reason,
            changes={"validation": None, "released_holds": ()},
        )

    def place_on_hold(
        self, kind: HoldKind, *, reason: str, at: pendulum.DateTime, by: UserId
    ) -> SalesOrder:
        """Hold the order (credit, compliance or other), saying why: an accepted order
        before fulfilment, or one being fulfilled (nothing ships while it is held)."""
        SALES_ORDER_LIFECYCLE.require(self, "place_on_hold")
        record = OrderHold(kind=kind, reason=reason, held_from=self.status)
        return SALES_ORDER_LIFECYCLE.apply(
            self, "place_on_hold", at=at, by=by, reason=record.reason, changes={"hold": record}
        )

    def release_hold(
        self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None
    ) -> SalesOrder:
        """Release the hold: the order returns to the status it was held in, and the
        hold's kind counts as cleared for the validation it was placed under."""
        SALES_ORDER_LIFECYCLE.require(self, "release_hold")
        hold = self.hold
        if hold is None:  # pragma: no cover - an order on hold always has its hold
            fail("hold", "the order has no hold to release")
        command = _RELEASES[hold.held_from]
        released = self.released_holds
        if hold.kind not in released:
            released = (*released, hold.kind)
        return SALES_ORDER_LIFECYCLE.apply(
            self,
            command,
            at=at,
            by=by,
            reason=reason,
            changes={"hold": None, "released_holds": released},
        )

    def release_to_fulfilment(self, *, at: pendulum.DateTime, by: UserId) -> SalesOrder:
        """Hand the accepted order to fulfilment. Refused while the validation calls for
        a hold that was not placed and released (:attr:`ValidationReport.holds`)."""
        return SALES_ORDER_LIFECYCLE.apply(self, "release_to_fulfilment", at=at, by=by)

    # -- fulfilment ------------------------------------------------------------------------------

    def record_promises(
        self, promises: Iterable[LinePromise], *, at: pendulum.DateTime, by: UserId
    ) -> SalesOrder:
        """Record what availability confirmed and back-ordered for some lines; each
        promise replaces the line's previous one."""
        SALES_ORDER_LIFECYCLE.require(self, "record_promises")
        lines = ops.promised(self.lines, promises)
        return SALES_ORDER_LIFECYCLE.apply(
            self, "record_promises", at=at, by=by, changes={"lines": lines}
        )

    def repromise(
        self,
        line_number: int,
        *,
        confirmed_date: pendulum.Date | None = None,
        expected_date: pendulum.Date | None = None,
        at: pendulum.DateTime,
        by: UserId,
        reason: str | None = None,
    ) -> SalesOrder:
        """Move the date the allocated quantity ships or the back order is expected."""
        SALES_ORDER_LIFECYCLE.require(self, "repromise")
        lines = ops.repromised(self.lines, line_number, confirmed_date, expected_date)
        return SALES_ORDER_LIFECYCLE.apply(
            self, "repromise", at=at, by=by, reason=reason, changes={"lines": lines}
        )

    def record_shipment(
        self, shipment: Shipment, *, at: pendulum.DateTime, by: UserId
    ) -> SalesOrder:
        """Record a shipment (partial or complete). It draws on the allocated quantity
        first, then the back order, then the unallocated rest; a remainder within the
        under-delivery tolerance is closed short. The order becomes partially
        fulfilled, or fulfilled when nothing remains."""
        SALES_ORDER_LIFECYCLE.require(self, "record_shipment")
        moment = check_instant(at, "at")
        lines = ops.shipped(
            self.lines, self.shipments, shipment, moment.date(), self.entered_at.date()
        )
        command = "record_shipment" if ops.any_open(lines) else "complete_fulfilment"
        changes = {"lines": lines, "shipments": (*self.shipments, shipment)}
        return SALES_ORDER_LIFECYCLE.apply(self, command, at=moment, by=by, changes=changes)

    def record_delivery(
        self,
        shipment_id: ShipmentId,
        delivered_on: pendulum.Date,
        *,
        at: pendulum.DateTime,
        by: UserId,
    ) -> SalesOrder:
        """Record that a shipment reached the customer on ``delivered_on``."""
        SALES_ORDER_LIFECYCLE.require(self, "record_delivery")
        moment = check_instant(at, "at")
        shipments = ops.delivered(self.shipments, shipment_id, delivered_on, moment.date())
        return SALES_ORDER_LIFECYCLE.apply(
            self, "record_delivery", at=moment, by=by, changes={"shipments": shipments}
        )

    # -- cancelling ------------------------------------------------------------------------------

    def cancel_lines(
        self,
        cancellations: Iterable[_Cancellation],
        *,
        reason: str,
        at: pendulum.DateTime,
        by: UserId,
    ) -> SalesOrder:
        """Cancel quantities of lines: ``(line_number, quantity)`` pairs, ``None``
        cancelling all that remains of the line. Cancelling takes the unallocated
        quantity first, then the back order, then the allocation. Cancelling the
        last open quantity of the order cancels it (nothing shipped) or fulfils
        it (something shipped)."""
        SALES_ORDER_LIFECYCLE.require(self, "cancel_lines")
        lines = ops.cancelled(self.lines, cancellations, back_orders_only=False)
        return self._settle("cancel_lines", lines, at=at, by=by, reason=reason)

    def close_line(
        self, line_number: int, *, reason: str, at: pendulum.DateTime, by: UserId
    ) -> SalesOrder:
        """Close one line on its own: cancel what remains of it, leaving the others open."""
        return self.cancel_lines([(line_number, None)], reason=reason, at=at, by=by)

    def cancel_back_orders(
        self,
        line_numbers: Iterable[int] | None = None,
        *,
        reason: str,
        at: pendulum.DateTime,
        by: UserId,
    ) -> SalesOrder:
        """Cancel the back-ordered quantity of ``line_numbers`` (every back-ordered
        line when ``None``)."""
        SALES_ORDER_LIFECYCLE.require(self, "cancel_back_orders")
        if line_numbers is None:
            numbers: tuple[int, ...] = tuple(
                line.line_number for line in self.lines if line.back_ordered > 0
            )
            if not numbers:
                fail("line_numbers", "no line of the order is back-ordered")
        else:
            numbers = ops.given(line_numbers, "line_numbers", "line numbers")
            if not numbers:
                fail("line_numbers", "give at least one line, or None for every back order")
        pairs: list[_Cancellation] = []
        for index, number in enumerate(numbers):
            line = ops.find_line(self.lines, number, f"line_numbers[{index}]")
            if line.back_ordered == 0:
                fail(f"line_numbers[{index}]", f"line {number} has no back order")
            pairs.append((number, line.back_ordered))
        lines = ops.cancelled(self.lines, pairs, back_orders_only=True)
        return self._settle("cancel_back_orders", lines, at=at, by=by, reason=reason)

    def cancel(self, *, reason: str, at: pendulum.DateTime, by: UserId) -> SalesOrder:
        """Cancel the whole order: everything that remains to ship. An order with
        shipments is closed short (fulfilled) instead."""
        shipped = ops.any_shipped(self.lines)
        SALES_ORDER_LIFECYCLE.require(self, "close_short" if shipped else "cancel")
        lines = ops.cancelled_all(self.lines)
        if shipped:
            return self._settle("cancel_lines", lines, at=at, by=by, reason=reason)
        return SALES_ORDER_LIFECYCLE.apply(
            self, "cancel", at=at, by=by, reason=reason, changes={"lines": lines, "hold": None}
        )

    def _settle(
        self,
        command: str,
        lines: tuple[OrderLine, ...],
        *,
        at: pendulum.DateTime,
        by: UserId,
        reason: str,
    ) -> SalesOrder:
        changes: dict[str, object] = {"lines": lines}
        if not ops.any_open(lines):
            command = "close_short" if ops.any_shipped(lines) else "cancel"
            changes["hold"] = None
        return SALES_ORDER_LIFECYCLE.apply(
            self, command, at=at, by=by, reason=reason, changes=changes
        )

    # -- amending --------------------------------------------------------------------------------

    def amend(
        self,
        pricing: PricingResult,
        rules: ValidationRules,
        facts: OrderFacts,
        *,
        reason: str,
        at: pendulum.DateTime,
        by: UserId,
        requested_dates: Mapping[int, pendulum.Date] | None = None,
    ) -> SalesOrder:
        """Amend the order to the lines of ``pricing`` (a change order): lines are
        matched by number, added or removed; a line cannot drop below what was
        shipped or cancelled, a line with shipments cannot be removed, and the value of
        what a line shipped, cancelled or took back stays as it was (a new price for
        those units is refused; order the change as a new line). The
        amended order is validated again: past draft, any error refuses the
        amendment and the order is unchanged. The amendment and its differences
        are kept in ``amendments``."""
        SALES_ORDER_LIFECYCLE.require(self, "amend")
        if not isinstance(pricing, PricingResult):
            fail("pricing", f"expected a PricingResult, got {describe(pricing)}")
        if pricing.currency != self.currency:
            raise CurrencyMismatch(self.currency, pricing.currency, field="pricing.currency")
        moment = check_instant(at, "at")
        dates = ops.requested_dates(pricing, self.requested_date, requested_dates)
        lines, differences = ops.amended(self.lines, pricing, dates)
        amendment = OrderAmendment(
            number=len(self.amendments) + 1,
            at=moment,
            reason=reason,
            differences=differences,
            total_before=self.total,
            total_after=pricing.total,
        )
        candidate = attrs.evolve(self, pricing=pricing, lines=lines)
        report = validate_order(candidate, rules, facts, counted=self._counted())
        changes = {
            "pricing": pricing,
            "lines": lines,
            "amendments": (*self.amendments, amendment),
            "validation": report,
            "released_holds": (),
        }
        return SALES_ORDER_LIFECYCLE.apply(
            self, "amend", at=moment, by=by, reason=amendment.reason, changes=changes
        )

    def change_parties(
        self,
        parties: OrderParties,
        rules: ValidationRules,
        facts: OrderFacts,
        *,
        at: pendulum.DateTime,
        by: UserId,
    ) -> SalesOrder:
        """Replace the order's parties (before fulfilment starts, PCF 3.5.4.2).

        A new ship-to or payer changes what the validation checks (restricted
        products, addresses, credit), so the order is validated again against
        ``rules`` and ``facts`` like an amendment: past draft, any error refuses
        the change and the order is unchanged; the new report is kept. An order
        from a quote keeps the quote's account as sold-to."""
        SALES_ORDER_LIFECYCLE.require(self, "change_parties")
        if not isinstance(parties, OrderParties):
            fail("parties", f"expected OrderParties, got {describe(parties)}")
        sold_to = self.parties.sold_to.account_id
        if self.quote is not None and parties.sold_to.account_id != sold_to:
            fail(
                "parties.sold_to",
                f"the order comes from quote {self.quote.quote_id!r} made for account "
                f"{sold_to!r}; enter a new order for account {parties.sold_to.account_id!r}",
            )
        candidate = attrs.evolve(self, parties=parties)
        counted = (
            self._counted() if parties.payer.account_id == self.parties.payer.account_id else None
        )
        report = validate_order(candidate, rules, facts, counted=counted)
        return SALES_ORDER_LIFECYCLE.apply(
            self,
            "change_parties",
            at=at,
            by=by,
            changes={"parties": parties, "validation": report, "released_holds": ()},
        )

    def change_payment_terms(
        self, terms: OrderPaymentTerms, *, at: pendulum.DateTime, by: UserId
    ) -> SalesOrder:
        """Replace the payment terms (before fulfilment starts)."""
        SALES_ORDER_LIFECYCLE.require(self, "change_payment_terms")
        if not isinstance(terms, OrderPaymentTerms):
            fail("terms", f"expected OrderPaymentTerms, got {describe(terms)}")
        return SALES_ORDER_LIFECYCLE.apply(
            self, "change_payment_terms", at=at, by=by, changes={"payment_terms": terms}
        )

    # -- after fulfilment ------------------------------------------------------------------------

    def record_return(
        self,
        *,
        return_id: ReturnId,
        received_on: pendulum.Date,
        lines: Iterable[tuple[int, Decimal | int | str]],
        at: pendulum.DateTime,
        by: UserId,
        note: str | None = None,
    ) -> SalesOrder:
        """Record goods that came back under return ``return_id``: ``(line_number,
        quantity)`` pairs, never more than was shipped and not yet returned. Each
        line's credit is the value of the returned units."""
        SALES_ORDER_LIFECYCLE.require(self, "record_return")
        moment = check_instant(at, "at")
        day = check_date(received_on, "received_on")
        if day > moment.date():
            fail("received_on", f"{day} is after the time of recording")
        if any(r.return_id == return_id for r in self.returns):
            fail("return_id", f"return {return_id!r} is already recorded")
        updated, returned = ops.returned(self.lines, lines)
        for item in returned:
            first = min(s.shipped_on for s in self.shipments if s.quantity_of(item.line_number) > 0)
            if day < first:
                fail(
                    "received_on",
                    f"{day} is before line {item.line_number} first shipped on {first}",
                )
        record = RecordedReturn(return_id=return_id, received_on=day, lines=returned, note=note)
        return SALES_ORDER_LIFECYCLE.apply(
            self,
            "record_return",
            at=moment,
            by=by,
            changes={"lines": updated, "returns": (*self.returns, record)},
        )

    def close(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> SalesOrder:
        """Close the fulfilled order; afterwards only returns are recorded on it."""
        return SALES_ORDER_LIFECYCLE.apply(self, "close", at=at, by=by, reason=reason)
