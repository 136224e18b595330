"""Stateful test of the sales order: random sequences of ship, back-order, re-promise,
cancel, amend and return, with the quantity and money invariants checked after every step."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pendulum
import pytest
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pcf_sales.core import ReturnId, ShipmentId, UserId
from pcf_sales.errors import InvalidTransition, PcfSalesError, ValidationError
from pcf_sales.orders import (
    SALES_ORDER_LIFECYCLE,
    DeliveryTolerance,
    HoldKind,
    LinePromise,
    OrderStatus,
    ReturnOrder,
    ReturnReason,
    ReturnStatus,
    SalesOrder,
    Shipment,
)
from pcf_sales.pricing import Adjustment, DocumentLine, ManualDiscount
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    make_order_facts,
    make_pricing_document,
    make_pricing_engine,
    make_pricing_result,
    make_sales_order,
    make_validation_rules,
)

_SKUS = ("SENS-100", "CAL-KIT", "SVC-INSTALL", "SUB-CLOUD")
_BY = UserId("machine")
_ENGINE = make_pricing_engine()
_START = (
    OrderStatus.DRAFT,
    OrderStatus.ACCEPTED,
    OrderStatus.IN_FULFILMENT,
    OrderStatus.PARTIALLY_FULFILLED,
)

quantities = st.integers(min_value=1, max_value=40).map(lambda n: Decimal(n) / 2)


def _pricing(lines: list[tuple[str, Decimal]]) -> object:
    document = make_pricing_document(
        lines=tuple(DocumentLine(sku=sku, quantity=quantity) for sku, quantity in lines)
    )
    return make_pricing_result(engine=_ENGINE, document=document)


def _discounted_pricing(lines: list[tuple[str, Decimal, int]]) -> object:
    """Lines priced by the engine, each with a manual discount of its percent (if any)."""
    document = make_pricing_document(
        lines=tuple(
            DocumentLine(
                sku=sku,
                quantity=quantity,
                discount=ManualDiscount(
                    adjustment=Adjustment.percent_off(percent), reason="goodwill", by=_BY
                )
                if percent
                else None,
            )
            for sku, quantity, percent in lines
        )
    )
    return make_pricing_result(engine=_ENGINE, document=document)


class SalesOrderMachine(RuleBasedStateMachine):
    """Drives one order through random fulfilment commands, allowed or not, and checks
    that every line's quantities add up and the order's money is conserved."""

    def __init__(self) -> None:
        super().__init__()
        self._order: SalesOrder | None = None
        self.clock = pendulum.datetime(2026, 3, 3, 9, tz="UTC")
        self.revision = 0
        self.numbers = 0
        self.settled: dict[int, tuple[Decimal, Decimal, Decimal, Decimal]] = {}

    @property
    def order(self) -> SalesOrder:
        if self._order is None:
            msg = "the machine has no order yet"
            raise RuntimeError(msg)
        return self._order

    @initialize(
        start=st.sampled_from(_START),
        lines=st.lists(st.tuples(st.sampled_from(_SKUS), quantities), min_size=1, max_size=4),
        over=st.sampled_from([Decimal(0), Decimal(10)]),
        under=st.sampled_from([Decimal(0), Decimal(5)]),
    )
    def enter(
        self,
        start: OrderStatus,
        lines: list[tuple[str, Decimal]],
        over: Decimal,
        under: Decimal,
    ) -> None:
        # The factory's partial shipment ships 2 of line 1; make sure line 1 has that much.
        lines[0] = (lines[0][0], max(lines[0][1], Decimal(3)))
        order = make_sales_order(
            start,
            pricing=_pricing(lines),
            tolerance=DeliveryTolerance(over_percent=over, under_percent=under),
        )
        self._order = order
        self.revision = order.revision
        self.clock = order.history[-1].at

    # -- running commands ------------------------------------------------------------------------

    def _tick(self, minutes: int) -> pendulum.DateTime:
        self.clock = self.clock.add(minutes=minutes)
        return self.clock

    def _attempt(self, command: str, run: Callable[[pendulum.DateTime], SalesOrder]) -> None:
        before = self.order
        snapshot = to_document(before)
        at = self._tick(90)
        if command not in before.allowed_commands():
            with pytest.raises(InvalidTransition):
                run(at)
            event(f"refused {command} while {before.status.value}")
            assert to_document(before) == snapshot
            return
        try:
            after = run(at)
        except PcfSalesError as error:
            event(f"{command} refused: {type(error).__name__}")
            assert to_document(before) == snapshot
            return
        event(f"ran {command} from {before.status.value}")
        assert after.revision == before.revision + 1
        assert after.history[:-1] == before.history
        assert after.history[-1].at == at
        self._order = after
        self.revision = after.revision

    def _line_number(self, data: st.DataObject) -> int:
        return data.draw(st.sampled_from([line.line_number for line in self.order.lines]))

    def _fraction(self, data: st.DataObject, whole: Decimal) -> Decimal:
        """A quantity from zero to a little over ``whole`` (to try refusals too)."""
        steps = data.draw(st.integers(min_value=0, max_value=6), label="sixths")
        return (whole * steps / 5).quantize(Decimal("0.01"))

    # -- rules -------------------------------------------------------------------------------------

    @rule(data=st.data())
    def ship(self, data: st.DataObject) -> None:
        number = self._line_number(data)
        line = self.order.line(number)
        quantity = self._fraction(data, line.remaining) or Decimal(1)
        self.numbers += 1
        shipment = Shipment.of(
            ShipmentId(f"SH-{self.numbers}"), self.clock.date(), (number, quantity)
        )
        self._attempt(
            "record_shipment",
            lambda at: self.order.record_shipment(shipment, at=at, by=_BY),
        )

    @rule(data=st.data())
    def promise(self, data: st.DataObject) -> None:
        number = self._line_number(data)
        remaining = self.order.line(number).remaining
        confirmed = self._fraction(data, remaining)
        back_ordered = self._fraction(data, remaining - confirmed) if confirmed <= remaining else 0
        day = self.clock.date().add(days=7)
        promise = LinePromise(
            line_number=number,
            confirmed_quantity=confirmed,
            confirmed_date=day if confirmed else None,
            back_ordered_quantity=back_ordered,
            expected_date=day.add(days=14) if back_ordered else None,
        )
        self._attempt(
            "record_promises",
            lambda at: self.order.record_promises([promise], at=at, by=_BY),
        )

    @rule(data=st.data(), days=st.integers(min_value=1, max_value=30))
    def repromise(self, data: st.DataObject, days: int) -> None:
        waiting = [line.line_number for line in self.order.lines if line.back_ordered > 0]
        number = data.draw(st.sampled_from(waiting)) if waiting else self._line_number(data)
        day = self.clock.date().add(days=days)
        self._attempt(
            "repromise",
            lambda at: self.order.repromise(number, expected_date=day, at=at, by=_BY),
        )

    @rule(data=st.data())
    def cancel_part(self, data: st.DataObject) -> None:
        number = self._line_number(data)
        quantity = self._fraction(data, self.order.line(number).remaining) or None
        self._attempt(
            "cancel_lines",
            lambda at: self.order.cancel_lines([(number, quantity)], reason="x", at=at, by=_BY),
        )

    @rule()
    def cancel_back_orders(self) -> None:
        self._attempt(
            "cancel_back_orders",
            lambda at: self.order.cancel_back_orders(reason="no stock", at=at, by=_BY),
        )

    @rule()
    def cancel_order(self) -> None:
        shipped = any(line.shipped > 0 for line in self.order.lines)
        self._attempt(
            "close_short" if shipped else "cancel",
            lambda at: self.order.cancel(reason="withdrawn", at=at, by=_BY),
        )

    @rule(data=st.data(), discounts=st.booleans())
    def amend(self, data: st.DataObject, discounts: bool) -> None:
        order = self.order
        lines = []
        for line in order.lines:
            floor = line.quantity - line.remaining
            extra = data.draw(st.integers(min_value=0, max_value=6), label="extra") / Decimal(2)
            percent = data.draw(st.sampled_from([0, 10, 25]), label="discount") if discounts else 0
            lines.append((line.sku, max(floor + extra, Decimal("0.5")), percent))
        if data.draw(st.booleans(), label="add a line"):
            lines.append((data.draw(st.sampled_from(_SKUS)), Decimal(2), 0))
        numbers = [line.line_number for line in order.lines]
        if numbers != list(range(1, len(numbers) + 1)):
            return  # the engine numbers lines 1..n; an order with gaps is amended elsewhere
        pricing = _discounted_pricing(lines)
        self._attempt(
            "amend",
            lambda at: self.order.amend(
                pricing,  # type: ignore[arg-type]
                make_validation_rules(),
                make_order_facts(on=at.date()),
                reason="change order",
                at=at,
                by=_BY,
            ),
        )

    @rule(data=st.data())
    def return_goods(self, data: st.DataObject) -> None:
        number = self._line_number(data)
        line = self.order.line(number)
        quantity = self._fraction(data, line.shipped - line.returned) or Decimal(1)
        self.numbers += 1
        return_id = ReturnId(f"RT-{self.numbers}")
        self._attempt(
            "record_return",
            lambda at: self.order.record_return(
                return_id=return_id,
                received_on=at.date(),
                lines=[(number, quantity)],
                at=at,
                by=_BY,
            ),
        )

    @rule()
    def release(self) -> None:
        self._attempt(
            "release_to_fulfilment",
            lambda at: self.order.release_to_fulfilment(at=at, by=_BY),
        )

    @rule()
    def hold_and_release(self) -> None:
        self._attempt(
            "place_on_hold",
            lambda at: self.order.place_on_hold(HoldKind.CREDIT, reason="review", at=at, by=_BY),
        )
        self._attempt("release_hold", lambda at: self.order.release_hold(at=at, by=_BY))

    @rule()
    def close(self) -> None:
        self._attempt("close", lambda at: self.order.close(at=at, by=_BY))

    # -- invariants --------------------------------------------------------------------------------

    @invariant()
    def every_line_accounts_for_its_ordered_quantity(self) -> None:
        for line in self.order.lines:
            parts = (
                line.shipped
                + line.allocated
                + line.back_ordered
                + line.cancelled
                + line.unallocated
                - line.over_delivered
            )
            assert parts == line.quantity
            for value in (line.allocated, line.back_ordered, line.unallocated, line.cancelled):
                assert value >= 0
            assert line.returned <= line.shipped
            assert line.over_delivered <= line.tolerance.over_allowance(line.quantity)

    @invariant()
    def the_money_of_the_order_is_conserved(self) -> None:
        order = self.order
        assert order.total == order.pricing.total
        for line in order.lines:
            assert line.shipped_value + line.open_value + line.cancelled_value == (
                line.net_amount.amount
            )
            assert line.shipped_value >= 0
            assert line.cancelled_value >= 0
            assert line.open_value >= 0
            assert 0 <= line.back_ordered_value <= line.open_value
            assert 0 <= line.returned_value <= line.shipped_value
        parts = order.shipped_value.amount + order.open_value.amount + order.cancelled_value.amount
        assert parts == order.total.amount
        credits = sum((r.credit_amount for r in order.returns), Decimal(0))
        assert credits == order.returned_value.amount

    @invariant()
    def shipped_and_credited_values_never_change(self) -> None:
        """What a line shipped was billed at its value and what came back was credited:
        no later step (an amendment, a discount) changes either for the same quantity."""
        settled: dict[int, tuple[Decimal, Decimal, Decimal, Decimal]] = {}
        for line in self.order.lines:
            now = (line.shipped, line.shipped_value, line.returned, line.returned_value)
            before = self.settled.get(line.line_number)
            if before is not None:
                if now[0] == before[0]:
                    assert now[1] == before[1], f"line {line.line_number} shipped value changed"
                if now[2] == before[2]:
                    assert now[3] == before[3], f"line {line.line_number} credit changed"
                assert now[1] >= before[1]
                assert now[3] >= before[3]
            settled[line.line_number] = now
        self.settled = settled

    @invariant()
    def the_status_follows_from_the_remaining_quantities(self) -> None:
        order = self.order
        open_ = any(line.is_open for line in order.lines)
        shipped = any(line.shipped > 0 for line in order.lines)
        if order.status is OrderStatus.PARTIALLY_FULFILLED:
            assert open_
            assert shipped
        if order.status in (OrderStatus.FULFILLED, OrderStatus.CLOSED):
            assert shipped
            assert not open_
        if order.status is OrderStatus.CANCELLED:
            assert not open_
            assert not shipped
        assert order.status in SALES_ORDER_LIFECYCLE.states

    @invariant()
    def the_order_round_trips_and_its_history_matches_its_revision(self) -> None:
        order = self.order
        assert order.revision == len(order.history) == self.revision
        assert from_document(to_document(order)) == order


TestSalesOrderMachine = SalesOrderMachine.TestCase


class ReturnOrderMachine(RuleBasedStateMachine):
    """Drives one return through random commands, allowed or not, next to its order, and
    checks that it never takes back more than shipped and that credits match the order."""

    def __init__(self) -> None:
        super().__init__()
        self.order = make_sales_order(OrderStatus.FULFILLED)
        self.clock = self.order.history[-1].at
        self._ret: ReturnOrder | None = None

    @property
    def ret(self) -> ReturnOrder:
        if self._ret is None:
            msg = "the machine has no return yet"
            raise RuntimeError(msg)
        return self._ret

    @initialize(sensors=st.integers(min_value=1, max_value=4), kits=st.integers(0, 2))
    def request(self, sensors: int, kits: int) -> None:
        pairs = [(1, Decimal(sensors))] + ([(2, Decimal(kits))] if kits else [])
        self.clock = self.clock.add(hours=1)
        self._ret = ReturnOrder.request(
            self.order, pairs, ReturnReason.DAMAGED, id=ReturnId("RT-1"), at=self.clock, by=_BY
        )

    def _attempt(self, command: str, run: Callable[[pendulum.DateTime], ReturnOrder]) -> None:
        before = self.ret
        self.clock = self.clock.add(hours=3)
        if command not in before.allowed_commands():
            with pytest.raises(InvalidTransition):
                run(self.clock)
            return
        try:
            after = run(self.clock)
        except ValidationError:
            event(f"{command} refused")
            return
        assert after.revision == before.revision + 1
        self._ret = after

    @rule()
    def approve(self) -> None:
        self._attempt("approve", lambda at: self.ret.approve(at=at, by=_BY))

    @rule()
    def reject(self) -> None:
        self._attempt("reject", lambda at: self.ret.reject(reason="late", at=at, by=_BY))

    @rule()
    def cancel(self) -> None:
        self._attempt("cancel", lambda at: self.ret.cancel(reason="kept", at=at, by=_BY))

    @rule(halves=st.integers(min_value=0, max_value=10))
    def receive(self, halves: int) -> None:
        pairs = [(self.ret.lines[0].line_number, Decimal(halves) / 2)]
        self._attempt("receive", lambda at: self.ret.receive(at.date(), pairs, at=at, by=_BY))

    @rule()
    def credit(self) -> None:
        ret = self.ret
        if ret.status is ReturnStatus.RECEIVED and not self.order.returns:
            self.clock = self.clock.add(hours=1)
            self.order = self.order.record_return(
                return_id=ret.id,
                received_on=ret.received_on or self.clock.date(),
                lines=ret.received_lines(),
                at=self.clock,
                by=_BY,
            )
        self._attempt("credit", lambda at: self.ret.credit_from(self.order, at=at, by=_BY))

    @invariant()
    def a_return_never_takes_back_more_than_shipped(self) -> None:
        for line in self.ret.lines:
            shipped = self.order.line(line.line_number).shipped
            assert line.received <= line.quantity <= shipped

    @invariant()
    def a_credit_is_what_the_order_recorded(self) -> None:
        ret = self.ret
        if ret.credit is not None:
            assert ret.credit.amount == self.order.returned_value.amount
            assert ret.credit.amount <= self.order.shipped_value.amount
        assert ret.revision == len(ret.history)
        assert from_document(to_document(ret)) == ret


TestReturnOrderMachine = ReturnOrderMachine.TestCase


def test_a_bad_quantity_in_a_shipment_is_a_validation_error_naming_it() -> None:
    order = make_sales_order(OrderStatus.IN_FULFILMENT)
    with pytest.raises(ValidationError) as error:
        order.record_shipment(
            Shipment.of(ShipmentId("SH-1"), order.entered_at.date(), (1, 99)),
            at=order.history[-1].at,
            by=_BY,
        )
    assert error.value.field == "shipment.lines[0].quantity"
