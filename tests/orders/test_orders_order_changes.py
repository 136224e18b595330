"""Changing an accepted order's parties and amending it: validated again, the credit
check counting only what the change adds."""

from __future__ import annotations

import pytest

from pcf_sales.core import AccountId, CountryCode, UserId, money
from pcf_sales.errors import GuardFailed, ValidationError
from pcf_sales.orders import (
    HoldKind,
    OrderStatus,
    ProblemCode,
    ProductRestriction,
    Severity,
)
from pcf_sales.pricing import DocumentLine
from pcf_sales.serialization import to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_address,
    make_credit_snapshot,
    make_order_facts,
    make_order_parties,
    make_party_ref,
    make_pricing_document,
    make_pricing_result,
    make_quote_reference,
    make_sales_order,
    make_validation_rules,
)

BY = UserId("order-desk")
LATER = FIXED_INSTANT.add(days=1)
_EMBARGO = make_validation_rules(
    restrictions=[ProductRestriction(sku="SENS-100", countries=["IR"], reason="export control")]
)


def _to_iran() -> object:
    tehran = make_address(city="Tehran", postal_code="123", country=CountryCode("IR"))
    return make_order_parties(ship_to=make_party_ref(address=tehran))


def test_a_ship_to_where_a_product_is_restricted_is_refused_and_changes_nothing() -> None:
    order = make_sales_order(OrderStatus.ACCEPTED)
    before = to_document(order)
    with pytest.raises(GuardFailed) as refused:
        order.change_parties(_to_iran(), _EMBARGO, make_order_facts(), at=LATER, by=BY)  # type: ignore[arg-type]
    assert "SENS-100 may not ship to IR" in str(refused.value)
    assert to_document(order) == before


def test_changed_parties_keep_the_new_validation() -> None:
    order = make_sales_order(OrderStatus.ACCEPTED)
    payer = make_party_ref(account_id=AccountId("AC-2"))
    facts = make_order_facts(
        credit=make_credit_snapshot(
            account_id=AccountId("AC-2"),
            limit=money("1000.00", "EUR"),
            exposure=money("500.00", "EUR"),
        )
    )
    changed = order.change_parties(
        make_order_parties(payer=payer), make_validation_rules(), facts, at=LATER, by=BY
    )
    assert changed.parties.payer.account_id == AccountId("AC-2")
    assert changed.validation is not None
    # The new payer's exposure does not count this order yet: all of it is checked.
    assert changed.validation.codes() == (ProblemCode.CREDIT_LIMIT,)
    assert changed.validation.holds == (HoldKind.CREDIT,)
    assert changed.validation != order.validation


def test_a_draft_takes_parties_that_fail_validation_and_says_so() -> None:
    order = make_sales_order(OrderStatus.DRAFT)
    changed = order.change_parties(_to_iran(), _EMBARGO, make_order_facts(), at=LATER, by=BY)  # type: ignore[arg-type]
    assert changed.validation is not None
    assert changed.validation.codes() == (ProblemCode.RESTRICTED_PRODUCT,)


def test_an_order_from_a_quote_keeps_the_quotes_account_as_sold_to() -> None:
    order = make_sales_order(OrderStatus.ACCEPTED, quote=make_quote_reference())
    other = make_order_parties(sold_to=make_party_ref(account_id=AccountId("AC-OTHER")))
    with pytest.raises(ValidationError) as error:
        order.change_parties(other, make_validation_rules(), make_order_facts(), at=LATER, by=BY)
    assert error.value.field == "parties.sold_to"
    assert order.parties.sold_to.account_id != AccountId("AC-OTHER")
    ship_elsewhere = make_order_parties(
        ship_to=make_party_ref(account_id=AccountId("AC-OTHER"), address=make_address())
    )
    moved = order.change_parties(
        ship_elsewhere, make_validation_rules(), make_order_facts(), at=LATER, by=BY
    )
    assert moved.parties.ship_to.account_id == AccountId("AC-OTHER")


# -- the credit check on amendments --------------------------------------------------------------


def _one_more_kit() -> object:
    document = make_pricing_document(
        lines=(DocumentLine(sku="SENS-100", quantity=4), DocumentLine(sku="CAL-KIT", quantity=3))
    )
    return make_pricing_result(document=document)


def _facts(exposure: str) -> object:
    credit = make_credit_snapshot(limit=money("2000.00", "EUR"), exposure=money(exposure, "EUR"))
    return make_order_facts(credit=credit)


def test_amending_an_accepted_order_checks_only_the_increase_against_the_credit_limit() -> None:
    order = make_sales_order(OrderStatus.ACCEPTED)
    rules = make_validation_rules(credit_severity=Severity.ERROR)
    # The exposure of 1060.00 is this order; one more kit adds 30.00.
    amended = order.amend(
        _one_more_kit(),  # type: ignore[arg-type]
        rules,
        _facts("1060.00"),  # type: ignore[arg-type]
        reason="one more kit",
        at=LATER,
        by=BY,
    )
    assert amended.total == money("1090.00", "EUR")
    assert amended.validation is not None
    assert amended.validation.passed
    with pytest.raises(GuardFailed) as refused:
        order.amend(
            _one_more_kit(),  # type: ignore[arg-type]
            rules,
            _facts("1980.00"),  # type: ignore[arg-type]
            reason="one more kit",
            at=LATER,
            by=BY,
        )
    assert "increase of this order 30.00 is 2010.00" in str(refused.value)


def test_a_submitted_order_is_not_yet_in_the_exposure() -> None:
    order = make_sales_order(OrderStatus.SUBMITTED)
    rules = make_validation_rules(credit_severity=Severity.ERROR)
    with pytest.raises(GuardFailed):
        order.amend(
            _one_more_kit(),  # type: ignore[arg-type]
            rules,
            _facts("1060.00"),  # type: ignore[arg-type]
            reason="one more kit",
            at=LATER,
            by=BY,
        )
