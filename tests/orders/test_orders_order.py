"""Example tests of the SalesOrder aggregate: entering, accepting, holding, amending."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum
import pytest

from pcf_sales.core import QuoteId, ReturnId, SalesOrderId, ShipmentId, UserId, money
from pcf_sales.errors import CurrencyMismatch, GuardFailed, InvalidTransition, ValidationError
from pcf_sales.orders import (
    AmendmentKind,
    DeliveryTolerance,
    HoldKind,
    OrderStatus,
    ProblemCode,
    QuoteReference,
    SalesOrder,
    Shipment,
)
from pcf_sales.pricing import DocumentLine, PricingDocument
from pcf_sales.serialization import to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    PRICING_DAY,
    make_address,
    make_fx_table,
    make_order_facts,
    make_order_parties,
    make_party_ref,
    make_pricing_document,
    make_pricing_engine,
    make_pricing_result,
    make_quote_reference,
    make_sales_order,
    make_validation_rules,
)

BY = UserId("order-desk")
LATER = FIXED_INSTANT.add(days=1)


def _bigger_pricing() -> object:
    document = make_pricing_document(
        lines=(DocumentLine(sku="SENS-100", quantity=6), DocumentLine(sku="CAL-KIT", quantity=2))
    )
    return make_pricing_result(document=document)


# -- entering ----------------------------------------------------------------------------------


def test_an_order_from_a_quote_carries_the_quoted_prices_over_exactly() -> None:
    pricing = make_pricing_result()
    order = SalesOrder.enter(
        id=SalesOrderId("SO-9"),
        at=FIXED_INSTANT,
        by=BY,
        parties=make_order_parties(),
        pricing=pricing,
        quote=make_quote_reference(),
    )
    assert order.status is OrderStatus.DRAFT
    assert order.revision == 1
    assert order.total == pricing.total
    assert [line.net_amount for line in order.lines] == [p.net_amount for p in pricing.lines]
    assert order.quote is not None
    assert order.quote.quote_id == QuoteId("Q-1")
    assert order.history[0].event == "entered"


def test_an_order_entered_directly_is_priced_by_the_pricing_engine() -> None:
    order = SalesOrder.enter_priced(
        make_pricing_engine(),
        make_pricing_document(),
        id=SalesOrderId("SO-2"),
        at=FIXED_INSTANT,
        by=BY,
        parties=make_order_parties(),
    )
    assert order.total == money("1060.00", "EUR")
    assert order.pricing.priced_on == FIXED_INSTANT.date()
    assert order.pricing.context.account_id == order.parties.sold_to.account_id


def test_lines_take_the_requested_date_unless_a_line_has_its_own() -> None:
    order = make_sales_order(
        requested_date=pendulum.Date(2026, 3, 20),
        requested_dates={2: pendulum.Date(2026, 4, 1)},
        tolerance=DeliveryTolerance(over_percent=Decimal(10)),
    )
    assert order.line(1).requested_date == pendulum.Date(2026, 3, 20)
    assert order.line(2).requested_date == pendulum.Date(2026, 4, 1)
    assert order.line(1).tolerance.over_percent == Decimal(10)


def test_a_requested_date_for_a_line_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_sales_order(requested_dates={7: pendulum.Date(2026, 4, 1)})
    assert error.value.field == "requested_dates"


def test_entering_without_a_pricing_result_names_the_field() -> None:
    with pytest.raises(ValidationError) as error:
        make_sales_order(pricing=make_pricing_document())
    assert error.value.field == "pricing"


def test_an_order_whose_lines_do_not_match_its_pricing_cannot_be_built() -> None:
    order = make_sales_order()
    with pytest.raises(ValidationError) as error:
        attrs.evolve(order, lines=order.lines[:1])
    assert error.value.field == "lines"


# -- submitting and accepting --------------------------------------------------------------------


def test_a_draft_is_submitted_then_accepted_after_validation() -> None:
    order = make_sales_order().submit(at=LATER, by=BY)
    accepted = order.accept(make_validation_rules(), make_order_facts(), at=LATER, by=BY)
    assert accepted.status is OrderStatus.ACCEPTED
    assert accepted.validation is not None
    assert accepted.validation.passed
    assert accepted.revision == order.revision + 1


def test_an_order_that_fails_validation_is_refused_and_changes_nothing() -> None:
    order = make_sales_order(OrderStatus.SUBMITTED)
    rules = make_validation_rules(minimum_order_value=money("5000.00", "EUR"))
    with pytest.raises(GuardFailed) as error:
        order.accept(rules, make_order_facts(), at=LATER, by=BY)
    assert error.value.command == "accept"
    assert order.status is OrderStatus.SUBMITTED
    assert order.validation is None
    assert order == make_sales_order(OrderStatus.SUBMITTED)


def test_a_rejected_order_keeps_the_report_and_changes_no_quantities() -> None:
    order = make_sales_order(OrderStatus.SUBMITTED)
    report = order.validate(
        make_validation_rules(minimum_order_value=money("5000.00", "EUR")), make_order_facts()
    )
    rejected = order.reject(reason="below minimum order value", at=LATER, by=BY, report=report)
    assert rejected.status is OrderStatus.REJECTED
    assert rejected.validation == report
    assert rejected.lines == order.lines
    assert rejected.history[-1].reason == "below minimum order value"


def test_a_rejected_order_reopens_as_a_draft() -> None:
    order = make_sales_order(OrderStatus.REJECTED).reopen(at=LATER, by=BY)
    assert order.status is OrderStatus.DRAFT
    assert order.validation is None


def test_a_draft_with_unpriceable_lines_cannot_be_submitted() -> None:
    document = PricingDocument.of(("SENS-100", 1), ("NOPE-1", 1))
    order = SalesOrder.enter_priced(
        make_pricing_engine(),
        document,
        id=SalesOrderId("SO-3"),
        at=FIXED_INSTANT,
        by=BY,
        parties=make_order_parties(),
    )
    assert len(order.lines) == 1
    with pytest.raises(GuardFailed):
        order.submit(at=LATER, by=BY)
    report = order.validate(make_validation_rules(), make_order_facts())
    assert ProblemCode.UNPRICED_LINE in report.codes()


def test_accepting_a_draft_is_an_invalid_transition() -> None:
    order = make_sales_order()
    with pytest.raises(InvalidTransition) as error:
        order.accept(make_validation_rules(), make_order_facts(), at=LATER, by=BY)
    assert error.value.state == "draft"


# -- holds -------------------------------------------------------------------------------------


def test_an_accepted_order_goes_on_hold_and_is_released() -> None:
    held = make_sales_order(OrderStatus.ACCEPTED).place_on_hold(
        HoldKind.COMPLIANCE, reason="sanctions screening", at=LATER, by=BY
    )
    assert held.status is OrderStatus.ON_HOLD
    assert held.hold is not None
    assert held.hold.kind is HoldKind.COMPLIANCE
    released = held.release_hold(at=LATER, by=BY)
    assert released.status is OrderStatus.ACCEPTED
    assert released.hold is None


def test_a_hold_needs_a_kind() -> None:
    order = make_sales_order(OrderStatus.ACCEPTED)
    with pytest.raises(ValidationError) as error:
        order.place_on_hold("credit", reason="x", at=LATER, by=BY)  # type: ignore[arg-type]
    assert error.value.field == "kind"
    assert order.status is OrderStatus.ACCEPTED


def test_an_order_on_hold_cannot_be_released_to_fulfilment() -> None:
    with pytest.raises(InvalidTransition):
        make_sales_order(OrderStatus.ON_HOLD).release_to_fulfilment(at=LATER, by=BY)


# -- amending ----------------------------------------------------------------------------------


def test_an_amendment_records_its_differences_and_the_new_total() -> None:
    order = make_sales_order(OrderStatus.ACCEPTED)
    pricing = _bigger_pricing()
    amended = order.amend(
        pricing,  # type: ignore[arg-type]
        make_validation_rules(),
        make_order_facts(),
        reason="two more sensors",
        at=LATER,
        by=BY,
    )
    amendment = amended.amendments[-1]
    assert amendment.number == 1
    assert [d.kind for d in amendment.differences] == [AmendmentKind.CHANGED]
    assert amendment.differences[0].quantity_after == Decimal(6)
    assert amendment.value_change == money("500.00", "EUR")
    assert amended.total == money("1560.00", "EUR")
    assert amended.status is OrderStatus.ACCEPTED


def test_an_amendment_that_fails_validation_changes_nothing() -> None:
    order = make_sales_order(OrderStatus.ACCEPTED)
    rules = make_validation_rules(max_line_quantity=Decimal(5))
    with pytest.raises(GuardFailed):
        order.amend(
            _bigger_pricing(),  # type: ignore[arg-type]
            rules,
            make_order_facts(),
            reason="more",
            at=LATER,
            by=BY,
        )
    assert order.amendments == ()
    assert order.total == money("1060.00", "EUR")


def test_an_amendment_cannot_take_a_line_below_what_shipped() -> None:
    order = make_sales_order(OrderStatus.PARTIALLY_FULFILLED)
    document = make_pricing_document(
        lines=(DocumentLine(sku="SENS-100", quantity=1), DocumentLine(sku="CAL-KIT", quantity=2))
    )
    with pytest.raises(ValidationError) as error:
        order.amend(
            make_pricing_result(document=document),
            make_validation_rules(),
            make_order_facts(),
            reason="fewer",
            at=LATER,
            by=BY,
        )
    assert error.value.field == "pricing.lines[0].quantity"


def test_an_amendment_in_another_currency_is_a_currency_mismatch() -> None:
    order = make_sales_order()
    usd = make_pricing_result(
        engine=make_pricing_engine(fx=make_fx_table()),
        document=make_pricing_document(currency="USD"),
    )
    with pytest.raises(CurrencyMismatch):
        order.amend(usd, make_validation_rules(), make_order_facts(), reason="usd", at=LATER, by=BY)


def test_an_amendment_that_changes_nothing_is_refused() -> None:
    order = make_sales_order()
    with pytest.raises(ValidationError) as error:
        order.amend(
            make_pricing_result(),
            make_validation_rules(),
            make_order_facts(),
            reason="same",
            at=LATER,
            by=BY,
        )
    assert error.value.field == "pricing"


def _amend_to(order: SalesOrder, *lines: tuple[str, int]) -> SalesOrder:
    document = make_pricing_document(lines=tuple(DocumentLine(sku=s, quantity=q) for s, q in lines))
    return order.amend(
        make_pricing_result(document=document),
        make_validation_rules(),
        make_order_facts(),
        reason="change order",
        at=LATER,
        by=BY,
    )


def test_a_new_priced_line_is_an_added_difference() -> None:
    amended = _amend_to(make_sales_order(), ("SENS-100", 4), ("CAL-KIT", 2), ("SVC-INSTALL", 3))
    differences = amended.amendments[0].differences
    assert [(d.line_number, d.kind) for d in differences] == [(3, AmendmentKind.ADDED)]
    assert amended.line(3).sku == "SVC-INSTALL"


def test_a_line_missing_from_the_new_pricing_is_a_removed_difference() -> None:
    amended = _amend_to(make_sales_order(), ("SENS-100", 4))
    differences = amended.amendments[0].differences
    assert [(d.line_number, d.kind) for d in differences] == [(2, AmendmentKind.REMOVED)]
    assert differences[0].amount_after == money("0.00", "EUR")
    assert amended.total == money("1000.00", "EUR")


def test_an_amendment_cannot_change_the_product_of_a_line() -> None:
    order = make_sales_order()
    with pytest.raises(ValidationError) as error:
        _amend_to(order, ("SENS-100", 4), ("SVC-INSTALL", 2))
    assert error.value.field == "pricing.lines[1].sku"


def test_a_line_with_shipments_cannot_be_removed() -> None:
    order = make_sales_order(OrderStatus.PARTIALLY_FULFILLED)
    with pytest.raises(ValidationError) as error:
        _amend_to(order, ("SENS-100", 1))
    assert error.value.field == "pricing.lines[0].quantity"
    shipped_kits = make_sales_order(OrderStatus.IN_FULFILMENT).record_shipment(
        Shipment.of(ShipmentId("SH-2"), PRICING_DAY, (2, 1)), at=LATER, by=BY
    )
    with pytest.raises(ValidationError) as removed:
        _amend_to(shipped_kits, ("SENS-100", 4))
    assert removed.value.field == "pricing.lines"
    assert shipped_kits.amendments == ()


def test_changing_parties_and_terms_before_fulfilment() -> None:
    order = make_sales_order(OrderStatus.SUBMITTED)
    parties = make_order_parties(ship_to=make_party_ref(address=make_address(city="Leeds")))
    changed = order.change_parties(
        parties, make_validation_rules(), make_order_facts(), at=LATER, by=BY
    )
    assert changed.parties.ship_to.address is not None
    assert changed.parties.ship_to.address.city == "Leeds"
    with pytest.raises(InvalidTransition):
        make_sales_order(OrderStatus.IN_FULFILMENT).change_parties(
            parties, make_validation_rules(), make_order_facts(), at=LATER, by=BY
        )


def test_a_quote_reference_carries_its_version_and_validity() -> None:
    reference = QuoteReference(quote_id=QuoteId("Q-7"), version=3, valid_until=PRICING_DAY)
    assert reference.version == 3
    with pytest.raises(ValidationError) as error:
        QuoteReference(quote_id=QuoteId("Q-7"), version=0, valid_until=PRICING_DAY)
    assert error.value.field == "version"


def test_an_amendment_that_would_revalue_credited_returns_is_refused() -> None:
    # 5 of 4 shipped (1 over-delivered, not charged), all 5 returned: 1000.00 credited.
    # Raising the line to 5 would make the returned over-delivery worth 250.00 more.
    order = make_sales_order(
        OrderStatus.IN_FULFILMENT, tolerance=DeliveryTolerance(over_percent=Decimal(25))
    )
    order = order.record_shipment(
        Shipment.of(ShipmentId("SH-2"), PRICING_DAY, (1, 5)), at=LATER, by=BY
    )
    order = order.record_return(
        return_id=ReturnId("RT-1"),
        received_on=PRICING_DAY,
        lines=[(1, 5)],
        at=LATER.add(hours=1),
        by=BY,
    )
    assert order.returns[0].credit_amount == Decimal("1000.00")
    before = to_document(order)
    with pytest.raises(ValidationError) as error:
        order.amend(
            make_pricing_result(
                document=make_pricing_document(
                    lines=(
                        DocumentLine(sku="SENS-100", quantity=5),
                        DocumentLine(sku="CAL-KIT", quantity=2),
                    )
                )
            ),
            make_validation_rules(),
            make_order_facts(),
            reason="customer keeps the extra unit",
            at=LATER.add(hours=2),
            by=BY,
        )
    assert error.value.field == "pricing.lines[0].quantity"
    assert "credited 1000.00" in str(error.value)
    assert to_document(order) == before
