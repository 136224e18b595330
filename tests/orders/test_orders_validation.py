"""Validation of sales orders (PCF 3.5.4.1): every problem at once, each with a severity."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from pcf_sales.accounts import AccountStatus
from pcf_sales.core import AccountId, CountryCode, UserId, money
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.orders import (
    CreditSnapshot,
    HoldKind,
    OrderStatus,
    PartyRef,
    ProblemCode,
    Severity,
    ValidationProblem,
    ValidationRules,
    validate_order,
)
from pcf_sales.pricing import DocumentLine
from pcf_sales.testing.factories import (
    PRICING_DAY,
    make_address,
    make_credit_snapshot,
    make_fx_table,
    make_order_facts,
    make_order_parties,
    make_party_ref,
    make_pricing_document,
    make_pricing_result,
    make_product_restriction,
    make_quote_reference,
    make_sales_order,
    make_validation_rules,
)


def test_a_good_order_has_no_problems() -> None:
    report = make_sales_order().validate(make_validation_rules(), make_order_facts())
    assert report.problems == ()
    assert report.passed
    assert report.explain().startswith("no problems")


def test_a_bad_order_reports_every_problem_in_one_result() -> None:
    document = make_pricing_document(
        lines=(
            DocumentLine(sku="SENS-100", quantity="2.5"),
            DocumentLine(sku="CAL-KIT", quantity=2),
        )
    )
    ship_to = PartyRef(
        account_id=AccountId("AC-1"), address=make_address(line1=None, country=CountryCode("IR"))
    )
    order = make_sales_order(
        pricing=make_pricing_result(document=document),
        parties=make_order_parties(ship_to=ship_to),
        quote=make_quote_reference(valid_until=pendulum.Date(2026, 2, 1), accepted_at=None),
        requested_date=pendulum.Date(2026, 2, 20),
    )
    rules = make_validation_rules(
        minimum_order_value=money("5000.00", "EUR"),
        whole_units=True,
        restrictions=(make_product_restriction(),),
    )
    facts = make_order_facts(
        customer_status=AccountStatus.CHURNED,
        blocked_reason="sanctions list match",
        credit=make_credit_snapshot(exposure=money("9500.00", "EUR")),
    )
    report = validate_order(order, rules, facts)
    assert set(report.codes()) == {
        ProblemCode.CUSTOMER_STATUS,
        ProblemCode.CUSTOMER_BLOCKED,
        ProblemCode.CREDIT_LIMIT,
        ProblemCode.QUOTE_EXPIRED,
        ProblemCode.QUANTITY,
        ProblemCode.MINIMUM_ORDER_VALUE,
        ProblemCode.ADDRESS_INCOMPLETE,
        ProblemCode.RESTRICTED_PRODUCT,
        ProblemCode.REQUESTED_DATE,
    }
    assert not report.passed
    assert report.holds == (HoldKind.COMPLIANCE, HoldKind.CREDIT)
    assert len(report.explain().splitlines()) == len(report.problems)
    quantity = next(p for p in report.problems if p.code is ProblemCode.QUANTITY)
    assert (quantity.field, quantity.line_number) == ("lines[0].quantity", 1)


def test_a_credit_breach_calls_for_a_hold_but_lets_the_order_be_accepted() -> None:
    order = make_sales_order(OrderStatus.SUBMITTED)
    facts = make_order_facts(credit=make_credit_snapshot(exposure=money("9500.00", "EUR")))
    accepted = order.accept(make_validation_rules(), facts, at=order.history[-1].at, by=UserId("u"))
    assert accepted.validation is not None
    assert accepted.validation.holds == (HoldKind.CREDIT,)
    held = accepted.place_on_hold(
        HoldKind.CREDIT,
        reason=accepted.validation.explain(),
        at=accepted.history[-1].at,
        by=UserId("u"),
    )
    assert held.status is OrderStatus.ON_HOLD


def test_a_credit_breach_can_be_made_an_error() -> None:
    rules = make_validation_rules(credit_severity=Severity.ERROR)
    facts = make_order_facts(credit=make_credit_snapshot(exposure=money("9500.00", "EUR")))
    report = make_sales_order().validate(rules, facts)
    assert [p.severity for p in report.problems] == [Severity.ERROR]
    assert report.problems[0].hold is None


def test_credit_in_another_currency_is_converted_with_the_facts_rates() -> None:
    credit = make_credit_snapshot(limit=money("1100.00", "USD"), exposure=money("0.00", "USD"))
    facts = make_order_facts(credit=credit, fx=make_fx_table())
    report = make_sales_order().validate(make_validation_rules(), facts)
    assert report.codes() == (ProblemCode.CREDIT_LIMIT,)


def test_credit_in_another_currency_without_rates_is_a_currency_problem() -> None:
    credit = make_credit_snapshot(limit=money("1100.00", "USD"), exposure=money("0.00", "USD"))
    report = make_sales_order().validate(make_validation_rules(), make_order_facts(credit=credit))
    assert report.codes() == (ProblemCode.CURRENCY,)
    assert report.problems[0].field == "facts.credit"


def test_a_credit_snapshot_of_another_account_is_an_error() -> None:
    facts = make_order_facts(credit=make_credit_snapshot(account_id=AccountId("AC-2")))
    report = make_sales_order().validate(make_validation_rules(), facts)
    assert report.codes() == (ProblemCode.CREDIT_ACCOUNT,)


def test_old_prices_are_not_in_force_for_an_order_entered_directly() -> None:
    facts = make_order_facts(on=PRICING_DAY.add(days=31))
    report = make_sales_order().validate(make_validation_rules(), facts)
    assert ProblemCode.PRICE_NOT_IN_FORCE in report.codes()


def test_an_order_from_a_quote_keeps_its_prices_until_the_quote_expires() -> None:
    order = make_sales_order(quote=make_quote_reference())
    late = make_order_facts(on=PRICING_DAY.add(days=40))
    report = order.validate(make_validation_rules(), late)
    assert ProblemCode.PRICE_NOT_IN_FORCE not in report.codes()


def test_a_missing_address_is_reported_for_each_role() -> None:
    party = make_party_ref(address=None)
    order = make_sales_order(parties=make_order_parties(ship_to=party, bill_to=party))
    report = order.validate(make_validation_rules(), make_order_facts())
    assert [p.field for p in report.problems] == [
        "parties.ship_to.address",
        "parties.bill_to.address",
    ]


def test_a_maximum_line_quantity_is_checked_per_line() -> None:
    report = make_sales_order().validate(
        make_validation_rules(max_line_quantity=Decimal(3)), make_order_facts()
    )
    assert [(p.code, p.line_number) for p in report.problems] == [(ProblemCode.QUANTITY, 1)]


def test_validation_needs_rules_and_facts() -> None:
    order = make_sales_order()
    with pytest.raises(ValidationError) as error:
        validate_order(order, make_order_facts(), make_order_facts())  # type: ignore[arg-type]
    assert error.value.field == "rules"


def test_a_hold_problem_names_its_hold() -> None:
    with pytest.raises(ValidationError) as error:
        ValidationProblem(
            code=ProblemCode.CREDIT_LIMIT, severity=Severity.HOLD, field="x", message="y"
        )
    assert error.value.field == "hold"


def test_a_credit_snapshot_is_in_one_currency() -> None:
    with pytest.raises(CurrencyMismatch):
        CreditSnapshot(
            account_id=AccountId("AC-1"),
            as_of=PRICING_DAY,
            limit=money("10.00", "EUR"),
            exposure=money("1.00", "USD"),
        )


def test_rules_refuse_an_unknown_address_field() -> None:
    with pytest.raises(ValidationError) as error:
        ValidationRules(ship_to_fields=("street",))
    assert error.value.field == "ship_to_fields[0]"
