"""Other currencies through an FxTable, and the waterfall order as the price book's data."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from moneyed import Money

from pcf_sales.core import FxRate, FxTable, RoundingMode, SegmentId, UserId, money
from pcf_sales.errors import MissingFxRate, ValidationError
from pcf_sales.pricing import (
    DEFAULT_STEPS,
    Adjustment,
    DocumentLine,
    ManualDiscount,
    PriceBook,
    PriceBookStatus,
    PricingDocument,
    PricingEngine,
    PricingResult,
    PricingRule,
    PricingStep,
    RoundingPolicy,
    RuleScope,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_catalog,
    make_price_book,
    make_pricing_context,
    make_pricing_engine,
    make_product,
    make_rule_set,
)

RATE = FxRate(base="EUR", quote="USD", on=pendulum.Date(2026, 3, 1), rate=Decimal("1.0825"))
TABLE = FxTable.from_rates([RATE])


def usd(*lines: tuple[str, int], engine: PricingEngine | None = None) -> PricingResult:
    chosen = engine or make_pricing_engine(fx=TABLE)
    return chosen.price(PricingDocument.of(*lines, currency="USD"), make_pricing_context())


def test_a_document_in_another_currency_is_converted_with_the_rate_it_keeps() -> None:
    result = usd(("SENS-100", 4))
    line = result.lines[0]
    assert result.currency == "USD"
    assert result.price_book_currency == "EUR"
    # 1082.50 for the line is 270.625 a unit, rounded per unit to 270.63
    assert line.net_amount == Money("1082.52", "USD")
    # the list amount is rounded the same way, so the line shows no discount
    assert line.list_amount == Money("1082.52", "USD")
    conversion = line.steps[1]
    assert (conversion.step, conversion.before, conversion.after, conversion.currency) == (
        PricingStep.CURRENCY_CONVERSION,
        Decimal("1000.00"),
        Decimal("1082.500000"),
        "USD",
    )
    assert conversion.note == "1 EUR = 1.0825 USD"
    assert result.fx_rates == (RATE,)
    assert line.cost == Money("519.600000", "USD")


def test_re_pricing_with_the_kept_rates_gives_the_same_result_whatever_the_market_did() -> None:
    first = usd(("SENS-100", 4), ("CAL-KIT", 3))
    moved = FxTable.from_rates(
        [RATE, FxRate(base="EUR", quote="USD", on=pendulum.Date(2026, 3, 2), rate=Decimal("1.20"))]
    )
    engine = make_pricing_engine(fx=moved)
    assert usd(("SENS-100", 4), ("CAL-KIT", 3), engine=engine) != first
    again = engine.price(
        PricingDocument.of(("SENS-100", 4), ("CAL-KIT", 3), currency="USD"),
        make_pricing_context(),
        fx=first.fx_table(),
    )
    assert again == first


def test_an_inverse_quote_is_used_and_kept() -> None:
    inverse = FxTable.from_rates(
        [FxRate(base="USD", quote="EUR", on=pendulum.Date(2026, 3, 1), rate=Decimal("0.8"))]
    )
    result = usd(("SENS-100", 4), engine=make_pricing_engine(fx=inverse))
    assert result.total == Money("1250.00", "USD")
    assert result.fx_rates[0].base == "EUR"
    assert result.fx_rates[0].rate == Decimal("1.25")


def test_a_missing_rate_is_an_error_naming_the_pair() -> None:
    stale = FxTable.from_rates([RATE], max_age_days=0)
    with pytest.raises(MissingFxRate) as error:
        usd(("SENS-100", 1), engine=make_pricing_engine(fx=stale))
    assert (error.value.base, error.value.quote) == ("EUR", "USD")


def test_rule_amounts_after_the_conversion_are_converted_with_the_same_rate() -> None:
    steps: list[PricingStep] = [
        s for s in DEFAULT_STEPS if s is not PricingStep.CURRENCY_CONVERSION
    ]
    steps.insert(0, PricingStep.CURRENCY_CONVERSION)
    book = make_price_book(steps=steps)
    rule = PricingRule.segment_discount(
        id="s.5",
        label="Five off",
        segment_id=SegmentId("smb"),
        adjustment=Adjustment.amount_off_each(money("5.00", "EUR")),
    )
    result = usd(
        ("SENS-100", 4),
        engine=make_pricing_engine(price_book=book, fx=TABLE, rules=make_rule_set(rule)),
    )
    # (250.00 - 5.00) x 1.0825 = 265.2125 a unit, whichever comes first
    assert result.total == Money("1060.84", "USD")
    assert result.lines[0].steps[1].step is PricingStep.CURRENCY_CONVERSION


def test_explicit_fx_rounding_rounds_the_converted_unit_price() -> None:
    book = make_price_book(rounding=RoundingPolicy(fx_mode=RoundingMode.DOWN))
    line = usd(("CAL-KIT", 3), engine=make_pricing_engine(price_book=book, fx=TABLE)).lines[0]
    # 30.00 x 1.0825 = 32.475 a unit, rounded down at the conversion to 32.47
    assert line.steps[1].after == Decimal("97.41")
    assert line.steps[1].note == "1 EUR = 1.0825 USD, unit price rounded down"


def test_a_standard_cost_in_a_third_currency_is_converted_with_the_table() -> None:
    catalog = make_catalog().with_product(make_product(standard_cost=Money("100.00", "GBP")))
    gbp = FxRate(base="GBP", quote="EUR", on=pendulum.Date(2026, 3, 1), rate=Decimal("1.17"))
    engine = make_pricing_engine(catalog=catalog, fx=FxTable.from_rates([gbp]))
    result = engine.price(PricingDocument.of(("SENS-100", 1)), make_pricing_context())
    assert result.lines[0].cost == Money("117.00", "EUR")
    assert result.lines[0].notes == ()
    assert result.fx_rates == (gbp,)


@pytest.mark.parametrize("fx", [None, FxTable.from_rates([RATE])])
def test_a_standard_cost_without_a_rate_leaves_the_margin_unknown_and_says_why(
    fx: FxTable | None,
) -> None:
    catalog = make_catalog().with_product(make_product(standard_cost=Money("100.00", "GBP")))
    engine = make_pricing_engine(catalog=catalog, fx=fx)
    document = PricingDocument.of(("SENS-100", 2), ("CAL-KIT", 1))
    result = engine.price(document, make_pricing_context(), collect_unpriceable=True)
    line = result.lines[0]
    assert (line.net_amount, line.cost, line.margin) == (Money("500.00", "EUR"), None, None)
    assert line.notes == (
        "cost and margin unknown: the standard cost of SENS-100 is in GBP and there is "
        "no GBP/EUR rate on 2026-03-02",
    )
    assert result.lines[1].cost is not None
    assert result.lines[1].notes == ()


def test_a_margin_floor_without_a_cost_in_the_documents_currency_is_not_applied() -> None:
    catalog = make_catalog().with_product(make_product(standard_cost=Money("100.00", "GBP")))
    floor = PricingRule.margin_floor(id="margin", label="Margin", percent=30)
    engine = make_pricing_engine(catalog=catalog, rules=make_rule_set(floor))
    line = engine.price(PricingDocument.of(("SENS-100", 2)), make_pricing_context()).lines[0]
    assert line.floor is None
    assert [(d.rule_id, d.reason) for d in line.decisions] == [
        ("margin", "no standard cost in the document's currency")
    ]


def test_a_manual_amount_before_the_conversion_is_refused_in_another_currency() -> None:
    steps: list[PricingStep] = [s for s in DEFAULT_STEPS if s is not PricingStep.MANUAL_DISCOUNTS]
    steps.insert(0, PricingStep.MANUAL_DISCOUNTS)
    engine = make_pricing_engine(price_book=make_price_book(steps=steps), fx=TABLE)
    discount = ManualDiscount(
        adjustment=Adjustment.amount_off(Money("5.00", "USD")), reason="r", by=UserId("rep")
    )
    document = PricingDocument(
        lines=[DocumentLine(sku="SENS-100", quantity=1, discount=discount)], currency="USD"
    )
    with pytest.raises(ValidationError) as error:
        engine.price(document, make_pricing_context())
    assert error.value.field == "lines[0].discount"
    assert "put manual discounts after currency conversion" in error.value.reason


# --- the order of the steps is data --------------------------------------------------------


def _book_with(steps: list[PricingStep]) -> PriceBook:
    return make_price_book(PriceBookStatus.DRAFT).set_steps(steps, at=FIXED_INSTANT, by=UserId("p"))


def test_the_order_of_discounts_and_surcharges_changes_the_price_and_the_waterfall_shows_it() -> (
    None
):
    rules = make_rule_set(
        PricingRule.segment_discount(
            id="s.10",
            label="Ten percent",
            segment_id=SegmentId("smb"),
            adjustment=Adjustment.percent_off(10),
        ),
        PricingRule.surcharge(
            id="x.20",
            label="Twenty on",
            adjustment=Adjustment.amount_off_each(money("20.00", "EUR")),
            scope=RuleScope(skus=["SENS-100"]),
        ),
    )
    surcharge_first: list[PricingStep] = [
        s for s in DEFAULT_STEPS if s is not PricingStep.SURCHARGES
    ]
    surcharge_first.insert(0, PricingStep.SURCHARGES)
    default = make_pricing_engine(rules=rules).price(
        PricingDocument.of(("SENS-100", 1)), make_pricing_context()
    )
    book = _book_with(surcharge_first)
    moved = make_pricing_engine(rules=rules, price_book=book, preview=True).price(
        PricingDocument.of(("SENS-100", 1)), make_pricing_context()
    )
    assert default.total == money("245.00", "EUR")  # 250 - 25 + 20
    assert moved.total == money("243.00", "EUR")  # (250 + 20) - 27
    assert [s.rule_id for s in moved.lines[0].steps if s.rule_id] == ["x.20", "s.10"]


def test_rounding_before_the_manual_discount_rounds_first() -> None:
    rules = make_rule_set(
        PricingRule.segment_discount(
            id="s.third",
            label="Third",
            segment_id=SegmentId("smb"),
            adjustment=Adjustment.percent_off("33.333"),
        ),
    )
    discount = ManualDiscount(
        adjustment=Adjustment.percent_off("0.01"), reason="r", by=UserId("rep")
    )
    document = PricingDocument(lines=[DocumentLine(sku="CAL-KIT", quantity=1, discount=discount)])
    early: list[PricingStep] = [s for s in DEFAULT_STEPS if s is not PricingStep.ROUNDING]
    early.insert(early.index(PricingStep.MANUAL_DISCOUNTS), PricingStep.ROUNDING)
    late = make_pricing_engine(rules=rules).price(document, make_pricing_context())
    first = make_pricing_engine(rules=rules, price_book=_book_with(early), preview=True).price(
        document, make_pricing_context()
    )
    # late: 30 - 33.333 % = 20.0001, less 0.01 % = 19.99810... -> 20.00
    # first: rounded to 20.00, less 0.01 % = 19.998, which a final rounding brings to 20.00
    assert late.total == first.total == money("20.00", "EUR")
    steps = [s.step for s in first.lines[0].steps]
    assert steps[-3:] == [PricingStep.ROUNDING, PricingStep.MANUAL_DISCOUNTS, PricingStep.ROUNDING]
    assert first.lines[0].steps[-1].label == "Final rounding"
    assert [s.step for s in late.lines[0].steps][-2:] == [
        PricingStep.MANUAL_DISCOUNTS,
        PricingStep.ROUNDING,
    ]


def test_a_line_note_survives_a_round_trip() -> None:
    catalog = make_catalog().with_product(make_product(standard_cost=Money("100.00", "GBP")))
    result = make_pricing_engine(catalog=catalog).price(
        PricingDocument.of(("SENS-100", 2)), make_pricing_context()
    )
    assert result.lines[0].notes
    assert from_document(to_document(result)) == result


@pytest.mark.parametrize("fx_mode", [None, RoundingMode.UP])
@pytest.mark.parametrize("rate", ["1.0825", "1.08333", "0.9237"])
@pytest.mark.parametrize("quantity", [1, 3, 7])
def test_a_converted_line_no_rule_moved_shows_its_list_amount_as_its_net(
    fx_mode: RoundingMode | None, rate: str, quantity: int
) -> None:
    table = FxTable.from_rates(
        [FxRate(base="EUR", quote="USD", on=pendulum.Date(2026, 3, 1), rate=Decimal(rate))]
    )
    book = make_price_book(rounding=RoundingPolicy(fx_mode=fx_mode))
    engine = make_pricing_engine(fx=table, price_book=book)
    document = PricingDocument.of(("SENS-100", quantity), ("CAL-KIT", quantity), currency="USD")
    for line in engine.price(document, make_pricing_context()).lines:
        assert line.list_amount == line.net_amount
        assert line.discount_percent == 0
