"""Manual discounts are kept as given; header discounts reconcile to the cent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from moneyed import Money

from pcf_sales.core import SegmentId, UserId, money
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.pricing import (
    Adjustment,
    AdjustmentForm,
    DiscountBase,
    DocumentLine,
    FloorOverride,
    ManualDiscount,
    PricingDocument,
    PricingResult,
    PricingRule,
    PricingStep,
    RuleScope,
)
from pcf_sales.testing.factories import (
    make_pricing_context,
    make_pricing_engine,
    make_rule_set,
)

REP = UserId("rep-1")


def manual(adjustment: Adjustment, reason: str = "customer asked") -> ManualDiscount:
    return ManualDiscount(adjustment=adjustment, reason=reason, by=REP)


def price_line(sku: str, quantity: int, discount: ManualDiscount) -> PricingResult:
    document = PricingDocument(lines=[DocumentLine(sku=sku, quantity=quantity, discount=discount)])
    return make_pricing_engine().price(document, make_pricing_context())


@pytest.mark.parametrize(
    ("adjustment", "net"),
    [
        (Adjustment.percent_off(10), "900.00"),
        (Adjustment.amount_off_each(money("12.50", "EUR")), "950.00"),
        (Adjustment.amount_off(money("75.00", "EUR")), "925.00"),
        (Adjustment.unit_price(money("199.99", "EUR")), "799.96"),
        (Adjustment.net_price(money("777.77", "EUR")), "777.77"),
    ],
)
def test_each_manual_form_is_applied_and_kept_as_given(adjustment: Adjustment, net: str) -> None:
    line = price_line("SENS-100", 4, manual(adjustment)).lines[0]
    assert line.net_amount == money(net, "EUR")
    if adjustment.form in (AdjustmentForm.AMOUNT, AdjustmentForm.NET_PRICE):
        assert (
            line.steps[-1].note
            == "rounded per line: the manual discount was given for the whole line"
        )
    step = next(s for s in line.steps if s.step is PricingStep.MANUAL_DISCOUNTS)
    assert step.given == adjustment
    assert step.note == f"customer asked ({REP})"


def test_a_given_amount_is_kept_and_its_percentage_derived_exactly() -> None:
    line = price_line("CAL-KIT", 1, manual(Adjustment.amount_off(money("10.00", "EUR")))).lines[0]
    step = line.steps[1]
    assert step.given == Adjustment.amount_off(money("10.00", "EUR"))
    assert step.percent == Decimal("-33.33333333333333333333333333333333")
    # The price comes from the amount given, never from a rounded percentage:
    # 30.00 x (1 - 0.3333) would be 20.001.
    assert line.net_amount == money("20.00", "EUR")


def test_a_given_percentage_is_kept_even_when_its_amount_has_more_digits() -> None:
    line = price_line("CAL-KIT", 1, manual(Adjustment.percent_off("33.33"))).lines[0]
    step = line.steps[1]
    assert step.given == Adjustment.percent_off("33.33")
    assert step.after == Decimal("20.0010")
    assert line.net_amount == money("20.00", "EUR")


def test_a_manual_percentage_can_be_of_the_list_price() -> None:
    rules = make_rule_set(
        PricingRule.segment_discount(
            id="s.20",
            label="Segment",
            segment_id=SegmentId("smb"),
            adjustment=Adjustment.percent_off(20),
        )
    )
    document = PricingDocument(
        lines=[
            DocumentLine(
                sku="SENS-100",
                quantity=4,
                discount=manual(Adjustment.percent_off(10, base=DiscountBase.LIST)),
            )
        ]
    )
    result = make_pricing_engine(rules=rules).price(document, make_pricing_context())
    assert result.total == money("700.00", "EUR")


def test_a_manual_discount_never_takes_a_line_below_zero() -> None:
    line = price_line("CAL-KIT", 1, manual(Adjustment.amount_off(money("45.00", "EUR")))).lines[0]
    assert line.net_amount == money("0.00", "EUR")
    assert (
        line.steps[1].note == "customer asked (rep-1); held at zero: a price never goes below zero"
    )


def price_lines(*lines: DocumentLine) -> PricingResult:
    return make_pricing_engine().price(PricingDocument(lines=lines), make_pricing_context())


@pytest.mark.parametrize(
    ("adjustment", "why"),
    [
        (
            Adjustment.unit_price(money("300.00", "EUR")),
            "a manual discount never raises the price: it would take the line from 1000.00 "
            "to 1200.00",
        ),
        (
            Adjustment.net_price(money("5000.00", "EUR")),
            "a manual discount never raises the price: it would take the line from 1000.00 "
            "to 5000.00",
        ),
        (
            Adjustment.amount_off(money("1.001", "EUR")),
            "1.001 has digits below the minor unit of EUR",
        ),
        (
            Adjustment.amount_off_each(money("0.005", "EUR")),
            "0.005 has digits below the minor unit of EUR",
        ),
    ],
)
def test_a_manual_discount_that_raises_the_price_or_has_sub_cent_digits_is_refused(
    adjustment: Adjustment, why: str
) -> None:
    fine = DocumentLine(sku="CAL-KIT", quantity=1)
    bad = DocumentLine(sku="SENS-100", quantity=4, discount=manual(adjustment))
    with pytest.raises(ValidationError) as error:
        price_lines(fine, bad)
    assert error.value.field == "lines[1].discount"
    assert why in str(error.value)


def test_a_manual_price_at_the_running_price_is_accepted() -> None:
    line = price_line("SENS-100", 4, manual(Adjustment.unit_price(money("250.00", "EUR"))))
    assert line.total == money("1000.00", "EUR")


def test_a_manual_amount_in_another_currency_is_refused() -> None:
    with pytest.raises(CurrencyMismatch) as error:
        PricingDocument(
            lines=[
                DocumentLine(
                    sku="SENS-100",
                    quantity=1,
                    discount=manual(Adjustment.amount_off(Money("5", "USD"))),
                )
            ],
            currency="EUR",
        )
    assert error.value.field == "lines[0].discount"
    with pytest.raises(CurrencyMismatch) as refused:
        price_line("SENS-100", 1, manual(Adjustment.amount_off(Money("5.00", "USD"))))
    assert refused.value.field == "lines[0].discount"


def test_a_manual_discount_above_100_percent_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        DocumentLine(sku="SENS-100", quantity=1, discount=manual(Adjustment.percent_off(101)))
    assert error.value.field == "discount"


# --- header discounts ------------------------------------------------------------------------


def priced(header: ManualDiscount | None, *lines: tuple[str, int]) -> PricingResult:
    document = PricingDocument(
        lines=[DocumentLine(sku=sku, quantity=qty) for sku, qty in lines], header_discount=header
    )
    return make_pricing_engine().price(document, make_pricing_context())


LINES = (("SENS-100", 1), ("CAL-KIT", 1), ("SVC-INSTALL", 1))  # 250 + 30 + 95 = 375


def test_a_header_percentage_is_spread_over_the_lines_to_the_cent() -> None:
    result = priced(manual(Adjustment.percent_off(10)), *LINES)
    assert result.subtotal == money("375.00", "EUR")
    assert result.header_discount_total == money("37.50", "EUR")
    assert [line.header_discount.amount for line in result.lines] == [
        Decimal("25.00"),
        Decimal("3.00"),
        Decimal("9.50"),
    ]
    assert result.total == money("337.50", "EUR")
    assert sum(line.net_amount.amount for line in result.lines) == result.total.amount
    assert result.lines[0].steps[-1].step is PricingStep.HEADER_DISCOUNT


def test_a_header_amount_that_does_not_divide_evenly_still_adds_up() -> None:
    result = priced(
        manual(Adjustment.amount_off(money("100.00", "EUR"))),
        ("SENS-100", 1),
        ("SENS-100", 1),
        ("SENS-100", 1),
    )
    assert [line.header_discount.amount for line in result.lines] == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    assert result.total == money("650.00", "EUR")


def test_a_zero_percent_header_discount_changes_nothing() -> None:
    result = priced(manual(Adjustment.percent_off(0)), *LINES)
    assert result.total == result.subtotal == money("375.00", "EUR")
    assert result.header is not None
    assert result.header.applied == money("0.00", "EUR")
    assert all(line.steps[-1].step is PricingStep.ROUNDING for line in result.lines)


def test_a_hundred_percent_header_discount_leaves_exactly_zero() -> None:
    result = priced(manual(Adjustment.percent_off(100)), *LINES)
    assert result.total == money("0.00", "EUR")
    assert all(line.net_amount == money("0.00", "EUR") for line in result.lines)
    assert result.discount_percent == Decimal(100)


def test_a_header_amount_above_the_subtotal_is_held_at_it() -> None:
    result = priced(manual(Adjustment.amount_off(money("5000.00", "EUR"))), *LINES)
    assert result.total == money("0.00", "EUR")
    assert result.header is not None
    assert result.header.requested == money("5000.00", "EUR")
    assert result.header.applied == money("375.00", "EUR")
    assert result.header.note == "held at the subtotal 375.00: a document never goes below zero"


def test_a_header_net_price_sets_the_total() -> None:
    result = priced(manual(Adjustment.net_price(money("350.00", "EUR"))), *LINES)
    assert result.total == money("350.00", "EUR")
    with pytest.raises(ValidationError) as error:
        priced(manual(Adjustment.net_price(money("400.00", "EUR"))), *LINES)
    assert error.value.field == "header_discount"


def test_a_header_discount_respects_the_lines_floors() -> None:
    floor = PricingRule.minimum_price(
        id="floor.sens",
        label="Sensor floor",
        price=money("240.00", "EUR"),
        scope=RuleScope(skus=["SENS-100"]),
    )
    engine = make_pricing_engine(rules=make_rule_set(floor))
    document = PricingDocument.of(
        ("SENS-100", 1), ("CAL-KIT", 1), header_discount=manual(Adjustment.percent_off(20))
    )
    result = engine.price(document, make_pricing_context())
    sensor, kit = result.lines
    assert sensor.net_amount == money("240.00", "EUR")
    assert kit.net_amount == money("0.00", "EUR")
    assert result.header is not None
    assert result.header.requested == money("56.00", "EUR")
    assert result.header.applied == money("40.00", "EUR")
    assert result.header.note == (
        "held at 40.00: taking the 56.00 asked for would put lines below their floors"
    )
    overridden = PricingDocument(
        lines=[
            DocumentLine(
                sku="SENS-100", quantity=1, floor_override=FloorOverride(reason="strategic", by=REP)
            ),
            DocumentLine(sku="CAL-KIT", quantity=1),
        ],
        header_discount=manual(Adjustment.percent_off(20)),
    )
    allowed = engine.price(overridden, make_pricing_context())
    assert allowed.total == money("224.00", "EUR")
    assert allowed.lines[0].net_amount == money("200.00", "EUR")
    assert allowed.lines[0].floor_overridden


@pytest.mark.parametrize(
    ("header", "error_type", "field"),
    [
        (manual(Adjustment.amount_off(Money("5.00", "USD"))), CurrencyMismatch, "header_discount"),
        (manual(Adjustment.amount_off(money("5.001", "EUR"))), ValidationError, "header_discount"),
    ],
)
def test_a_bad_header_amount_names_the_field(
    header: ManualDiscount, error_type: type[Exception], field: str
) -> None:
    with pytest.raises(error_type) as error:
        priced(header, *LINES)
    assert error.value.field == field  # type: ignore[attr-defined]


def test_a_header_discount_takes_only_document_forms() -> None:
    with pytest.raises(ValidationError) as error:
        PricingDocument.of(
            ("SENS-100", 1), header_discount=manual(Adjustment.unit_price(money("1", "EUR")))
        )
    assert error.value.field == "header_discount"
    assert AdjustmentForm.UNIT_PRICE.value in error.value.reason
