"""The engine: list prices, waterfalls, bundles, tiers, rounding and unpriceable lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest
from moneyed import Money

from pcf_sales.catalog import Catalog, ProductStatus
from pcf_sales.core import AccountId, ChannelId, ProductId, RoundingMode, SegmentId, UserId, money
from pcf_sales.errors import CurrencyMismatch, NotPriceable, ValidationError
from pcf_sales.pricing import (
    Adjustment,
    DocumentLine,
    PriceBookStatus,
    PriceEntry,
    PricingContext,
    PricingDocument,
    PricingEngine,
    PricingResult,
    PricingRule,
    PricingStep,
    RoundingLevel,
    RoundingPolicy,
    RuleScope,
    Tier,
    TierMode,
    TierTable,
    UnpriceableReason,
)
from pcf_sales.testing.factories import (
    PRICING_DAY,
    make_bundle,
    make_catalog,
    make_price_book,
    make_pricing_context,
    make_pricing_engine,
    make_product,
    make_rule_set,
    make_tier_table,
)

DAY = PRICING_DAY


def price(
    *lines: tuple[str, Decimal | int | str], engine: PricingEngine | None = None, **context: Any
) -> PricingResult:
    chosen = engine or make_pricing_engine()
    return chosen.price(PricingDocument.of(*lines), make_pricing_context(**context))


def test_a_line_without_rules_is_priced_at_list_with_its_margin() -> None:
    result = price(("SENS-100", 4))
    line = result.lines[0]
    assert line.list_amount == money("1000.00", "EUR")
    assert line.net_amount == money("1000.00", "EUR")
    assert line.net_unit_price == Decimal(250)
    assert line.cost == money("480.00", "EUR")
    assert line.margin == money("520.00", "EUR")
    assert line.margin_percent == Decimal(52)
    assert line.discount_percent == Decimal(0)
    assert [s.step for s in line.steps] == [PricingStep.LIST_PRICE, PricingStep.ROUNDING]
    assert result.total == result.subtotal == result.list_total == money("1000.00", "EUR")
    assert result.is_complete


def test_each_rule_applied_is_a_step_with_its_id_label_and_amounts() -> None:
    rules = make_rule_set(
        PricingRule.segment_discount(
            id="seg.smb",
            label="Small business",
            segment_id=SegmentId("smb"),
            adjustment=Adjustment.percent_off(10),
        ),
        PricingRule.channel_discount(
            id="ch.web",
            label="Web shop",
            channel_id=ChannelId("web"),
            adjustment=Adjustment.amount_off_each(money("5.00", "EUR")),
        ),
    )
    result = price(
        ("SENS-100", 4), engine=make_pricing_engine(rules=rules), channel_id=ChannelId("web")
    )
    steps = result.lines[0].steps
    assert [(s.step, s.rule_id, s.label, s.before, s.after) for s in steps[1:3]] == [
        (
            PricingStep.SEGMENT_DISCOUNTS,
            "seg.smb",
            "Small business",
            Decimal("1000.00"),
            Decimal("900.0000"),
        ),
        (
            PricingStep.CHANNEL_DISCOUNTS,
            "ch.web",
            "Web shop",
            Decimal("900.0000"),
            Decimal("880.0000"),
        ),
    ]
    assert steps[1].percent == Decimal(-10)
    assert steps[1].given == Adjustment.percent_off(10)
    assert result.lines[0].applied_rules() == ("seg.smb", "ch.web")
    assert result.total == money("880.00", "EUR")
    assert "Small business [seg.smb] (10 %): 1000.00 -> 900.000 EUR (-100.000)" in result.explain()


def test_an_unknown_sku_is_an_error_naming_the_line() -> None:
    with pytest.raises(NotPriceable) as error:
        price(("SENS-100", 1), ("NOPE-1", 2))
    assert (error.value.line_number, error.value.sku, error.value.reason) == (
        2,
        "NOPE-1",
        "unknown_sku",
    )
    assert "line 2 (NOPE-1) cannot be priced" in str(error.value)


def test_asked_to_the_engine_lists_every_unpriceable_line_and_prices_the_rest() -> None:
    catalog = make_catalog().with_product(
        make_catalog()
        .product("SUB-CLOUD")
        .retire(at=pendulum.datetime(2026, 3, 2, 11, tz="UTC"), by=UserId("pm"))
    )
    book = make_price_book(
        entries=[
            PriceEntry(
                sku="SENS-100",
                unit_price=money("250.00", "EUR"),
                effective_from=pendulum.Date(2026, 1, 1),
            )
        ]
    )
    engine = make_pricing_engine(catalog=catalog, price_book=book)
    document = PricingDocument.of(("NOPE-1", 1), ("SENS-100", 2), ("SUB-CLOUD", 3), ("CAL-KIT", 1))
    result = engine.price(document, make_pricing_context(), collect_unpriceable=True)
    assert [(u.line_number, u.reason) for u in result.unpriceable] == [
        (1, UnpriceableReason.UNKNOWN_SKU),
        (3, UnpriceableReason.INACTIVE_PRODUCT),
        (4, UnpriceableReason.NO_PRICE_IN_FORCE),
    ]
    assert [line.line_number for line in result.lines] == [2]
    assert not result.is_complete
    assert result.total == money("500.00", "EUR")
    assert (
        "not priced: line 4 (CAL-KIT): price book 'PB-EUR' has no price for 'CAL-KIT'"
        in result.explain()
    )


def test_a_date_outside_the_books_window_prices_nothing() -> None:
    engine = make_pricing_engine(price_book=make_price_book(valid_until=pendulum.Date(2026, 2, 28)))
    with pytest.raises(NotPriceable) as error:
        engine.price(PricingDocument.of(("SENS-100", 1)), make_pricing_context())
    assert error.value.reason == "price_book_not_in_force"
    assert "valid from 2026-01-01 to 2026-02-28, not on 2026-03-02" in error.value.detail


def test_a_price_takes_effect_on_its_date() -> None:
    book = make_price_book(PriceBookStatus.DRAFT).schedule_price_change(
        "SENS-100",
        money("265.00", "EUR"),
        effective_on=DAY.add(days=1),
        at=pendulum.datetime(2026, 2, 1, tz="UTC"),
        by=UserId("p"),
    )
    book = book.submit(at=pendulum.datetime(2026, 2, 2, tz="UTC"), by=UserId("p"))
    book = book.approve(at=pendulum.datetime(2026, 2, 2, tz="UTC"), by=UserId("p")).activate(
        at=pendulum.datetime(2026, 2, 2, tz="UTC"), by=UserId("p")
    )
    engine = make_pricing_engine(price_book=book)
    assert price(("SENS-100", 1), engine=engine).total == money("250.00", "EUR")
    assert price(("SENS-100", 1), engine=engine, on=DAY.add(days=1)).total == money("265.00", "EUR")


def test_an_inactive_bundle_component_makes_the_bundle_unpriceable() -> None:
    retired = make_product().retire(at=pendulum.datetime(2026, 3, 2, 11, tz="UTC"), by=UserId("pm"))
    engine = make_pricing_engine(catalog=make_catalog().with_product(retired))
    with pytest.raises(NotPriceable) as error:
        price(("KIT-START", 1), engine=engine)
    assert error.value.reason == "inactive_product"
    assert "bundle component 'SENS-100' is retired" in error.value.detail


def test_a_draft_bundle_is_not_on_sale() -> None:
    catalog = Catalog.of(
        products=make_catalog().products, bundles=[make_bundle(ProductStatus.DRAFT)]
    )
    with pytest.raises(NotPriceable) as error:
        price(("KIT-START", 1), engine=make_pricing_engine(catalog=catalog))
    assert "bundle 'KIT-START' is draft" in error.value.detail


def test_a_bundle_without_its_own_price_is_the_sum_of_its_components() -> None:
    line = price(("KIT-START", 2)).lines[0]
    assert line.list_amount == money("1060.00", "EUR")
    assert line.steps[0].note == "sum of the components' list prices"
    assert line.cost == money("500.00", "EUR")


def test_a_bundle_with_its_own_price_and_a_bundle_discount() -> None:
    book = make_price_book(PriceBookStatus.DRAFT).set_price(
        "KIT-START",
        money("499.00", "EUR"),
        at=pendulum.datetime(2026, 2, 1, tz="UTC"),
        by=UserId("p"),
    )
    book = (
        book.submit(at=pendulum.datetime(2026, 2, 2, tz="UTC"), by=UserId("p"))
        .approve(at=pendulum.datetime(2026, 2, 2, tz="UTC"), by=UserId("p"))
        .activate(at=pendulum.datetime(2026, 2, 2, tz="UTC"), by=UserId("p"))
    )
    rules = make_rule_set(
        PricingRule.bundle_discount(
            id="kit.10",
            label="Kit discount",
            bundle_skus=["KIT-START"],
            adjustment=Adjustment.percent_off(10),
        )
    )
    line = price(("KIT-START", 1), engine=make_pricing_engine(price_book=book, rules=rules)).lines[
        0
    ]
    assert line.list_amount == money("499.00", "EUR")
    assert line.net_amount == money("449.10", "EUR")


def test_a_bundle_component_without_a_price_leaves_the_bundle_unpriceable() -> None:
    book = make_price_book(
        entries=[
            PriceEntry(
                sku="SENS-100",
                unit_price=money("250.00", "EUR"),
                effective_from=pendulum.Date(2026, 1, 1),
            )
        ]
    )
    with pytest.raises(NotPriceable) as error:
        price(("KIT-START", 1), engine=make_pricing_engine(price_book=book))
    assert "nor for its component 'CAL-KIT'" in error.value.detail


def test_a_price_with_tiers_prices_the_list_amount_by_the_table() -> None:
    book = make_price_book(
        entries=[
            PriceEntry(
                sku="SENS-100",
                unit_price=money("250.00", "EUR"),
                effective_from=pendulum.Date(2026, 1, 1),
                tiers=make_tier_table(),
            )
        ]
    )
    line = price(("SENS-100", 12), engine=make_pricing_engine(price_book=book)).lines[0]
    assert line.list_amount == money("2950.00", "EUR")
    assert line.steps[0].note == "graduated tiers: 10 x 250.00 + 2 x 225.00"


def graduated(up_to_ten: str, above: str) -> TierTable:
    return TierTable(
        mode=TierMode.GRADUATED,
        tiers=[
            Tier(up_to=10, unit_price=money(up_to_ten, "EUR")),
            Tier(up_to=None, unit_price=money(above, "EUR")),
        ],
    )


def test_a_tier_priced_list_amount_in_whole_cents_is_kept_under_per_unit_rounding() -> None:
    book = make_price_book(
        entries=[
            PriceEntry(
                sku="SENS-100",
                unit_price=money("250.00", "EUR"),
                effective_from=pendulum.Date(2026, 1, 1),
                tiers=graduated("250.00", "200.00"),
            )
        ]
    )
    line = price(("SENS-100", 12), engine=make_pricing_engine(price_book=book)).lines[0]
    assert line.net_amount == money("2900.00", "EUR")


def test_a_volume_tier_rule_in_whole_cents_is_kept_under_per_unit_rounding() -> None:
    rule = PricingRule.volume_tiers(
        id="tiers",
        label="Volume",
        tiers=graduated("250.00", "200.00"),
        scope=RuleScope(skus=["SENS-100"]),
    )
    line = price(("SENS-100", 12), engine=make_pricing_engine(rules=make_rule_set(rule))).lines[0]
    assert line.net_amount == money("2900.00", "EUR")
    assert line.steps[-1].note == "rounded per line: tier prices give the line amount"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (RoundingPolicy(), "999.99"),
        (RoundingPolicy(level=RoundingLevel.LINE), "1000.00"),
        (RoundingPolicy(mode=RoundingMode.UP), "1000.02"),
        (RoundingPolicy(level=RoundingLevel.LINE, mode=RoundingMode.UP), "1000.01"),
        (RoundingPolicy(minor_units=0), "999.00"),
    ],
)
def test_rounding_follows_the_books_policy(policy: RoundingPolicy, expected: str) -> None:
    # 3 units at 1000.00 less 66.666666 %: 1000.00002 for the line, 333.33334 a unit.
    book = make_price_book(
        rounding=policy,
        entries=[
            PriceEntry(
                sku="SENS-100",
                unit_price=money("1000.00", "EUR"),
                effective_from=pendulum.Date(2026, 1, 1),
            )
        ],
    )
    rules = make_rule_set(
        PricingRule.segment_discount(
            id="third",
            label="A third off",
            segment_id=SegmentId("smb"),
            adjustment=Adjustment.percent_off("66.666666"),
        )
    )
    line = price(("SENS-100", 3), engine=make_pricing_engine(price_book=book, rules=rules)).lines[0]
    assert line.net_amount == money(expected, "EUR")
    assert str(line.net_amount.amount) == expected
    assert line.steps[-1].step is PricingStep.ROUNDING


def test_fractional_quantities_are_priced_exactly_then_rounded() -> None:
    line = price(("SVC-INSTALL", "2.5")).lines[0]
    assert line.net_amount == money("237.50", "EUR")
    assert line.net_unit_price == Decimal(95)


def test_a_draft_book_prices_only_in_preview() -> None:
    book = make_price_book(PriceBookStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        make_pricing_engine(price_book=book)
    assert error.value.field == "price_book"
    result = price(("SENS-100", 1), engine=make_pricing_engine(price_book=book, preview=True))
    assert result.preview


def test_the_engine_checks_its_rules_against_the_book_and_catalog() -> None:
    with pytest.raises(CurrencyMismatch) as mismatch:
        make_pricing_engine(rules=make_rule_set(currency="USD"))
    assert mismatch.value.field == "rules.currency"
    bad_bundle = PricingRule.bundle_discount(
        id="b", label="b", bundle_skus=["SENS-100"], adjustment=Adjustment.percent_off(5)
    )
    with pytest.raises(ValidationError) as error:
        make_pricing_engine(rules=make_rule_set(bad_bundle))
    assert error.value.field == "rules.rules[0].scope.skus[0]"
    bad_free = PricingRule.free_goods(
        id="f", label="f", buy_quantity=1, free_quantity=1, free_sku="NOPE-1"
    )
    with pytest.raises(ValidationError) as error:
        make_pricing_engine(rules=make_rule_set(bad_free))
    assert error.value.field == "rules.rules[0].free_sku"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda e: e.price("SENS-100", make_pricing_context()), "document"),
        (lambda e: e.price(PricingDocument.of(("SENS-100", 1)), DAY), "context"),
        (
            lambda e: e.price(PricingDocument.of(("SENS-100", 1)), make_pricing_context(), fx={}),
            "fx",
        ),
        (
            lambda e: e.price(
                PricingDocument.of(("SENS-100", 1)), make_pricing_context(), collect_unpriceable=1
            ),
            "collect_unpriceable",
        ),
        (
            lambda e: e.price(
                PricingDocument.of(("SENS-100", 1), currency="USD"), make_pricing_context()
            ),
            "fx",
        ),
    ],
)
def test_bad_arguments_name_the_field(call: object, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        call(make_pricing_engine())  # type: ignore[operator]
    assert error.value.field == field


def test_promotion_codes_are_compared_without_case_and_count_once() -> None:
    promo = PricingRule.promotion(
        id="p.spring",
        label="Spring",
        adjustment=Adjustment.percent_off(10),
        valid_from=DAY.subtract(days=1),
        valid_until=DAY.add(days=1),
        scope=RuleScope(promotion_code="SPRING"),
    )
    engine = make_pricing_engine(rules=make_rule_set(promo))
    with_code = price(
        ("SENS-100", 1), engine=engine, promotion_codes=["spring", "Spring", "SPRING"]
    )
    assert with_code.total == money("225.00", "EUR")
    assert price(("SENS-100", 1), engine=engine).total == money("250.00", "EUR")
    assert price(
        ("SENS-100", 1), engine=engine, on=DAY.add(days=2), promotion_codes=["spring"]
    ).total == money("250.00", "EUR")


def test_a_minimum_quantity_restricts_a_rule_to_larger_lines() -> None:
    rule = PricingRule.segment_discount(
        id="seg.bulk",
        label="Bulk",
        segment_id=SegmentId("smb"),
        adjustment=Adjustment.percent_off(10),
        scope=RuleScope(min_quantity=10),
    )
    engine = make_pricing_engine(rules=make_rule_set(rule))
    result = price(("SENS-100", 9), ("SENS-100", 10), engine=engine)
    assert [line.net_amount for line in result.lines] == [
        money("2250.00", "EUR"),
        money("2250.00", "EUR"),
    ]


def test_rules_scoped_to_a_family_or_account_apply_only_there() -> None:
    rules = make_rule_set(
        PricingRule.contract_price(
            id="c.ac1",
            label="AC-1 contract",
            account_id=AccountId("AC-1"),
            families=["sensors"],
            adjustment=Adjustment.unit_price(money("200.00", "EUR")),
        ),
    )
    engine = make_pricing_engine(rules=rules)
    ours = price(("SENS-100", 1), ("CAL-KIT", 1), engine=engine)
    assert [line.net_amount.amount for line in ours.lines] == [Decimal("200.00"), Decimal("30.00")]
    theirs = price(("SENS-100", 1), engine=engine, account_id=AccountId("AC-2"))
    assert theirs.total == money("250.00", "EUR")


def test_a_result_round_trips_and_still_adds_up() -> None:
    from pcf_sales.serialization import from_document, to_document

    result = price(("SENS-100", 3), ("KIT-START", 1))
    back = from_document(to_document(result))
    assert back == result
    assert back.total == Money(sum(line.net_amount.amount for line in back.lines), "EUR")


def test_a_stored_result_whose_lines_do_not_add_up_is_refused() -> None:
    from pcf_sales.serialization import from_document, to_document

    document = to_document(price(("SENS-100", 3)))
    document["data"]["lines"][0]["net_amount"]["amount"] = "1.00"
    with pytest.raises(ValidationError) as error:
        from_document(document)
    assert error.value.field.startswith("data.lines[0]")


def test_a_line_can_be_looked_up_by_number() -> None:
    result = price(("SENS-100", 1), ("CAL-KIT", 1))
    assert result.line(2).sku == "CAL-KIT"
    with pytest.raises(ValidationError):
        result.line(3)


def test_documents_can_be_built_from_pairs_only() -> None:
    with pytest.raises(ValidationError) as error:
        PricingDocument.of(("SENS-100",))  # type: ignore[arg-type]
    assert error.value.field == "lines[0]"
    with pytest.raises(ValidationError) as error:
        PricingDocument(lines=[])
    assert error.value.field == "lines"
    with pytest.raises(ValidationError) as error:
        DocumentLine(sku="SENS-100", quantity=0)
    assert error.value.field == "quantity"
    with pytest.raises(ValidationError) as error:
        PricingContext(on=DAY, promotion_codes=["no spaces allowed"])
    assert error.value.field == "promotion_codes[0]"
    assert ProductId("P-1") == "P-1"


def test_the_not_priceable_error_carries_its_fields_and_pickles() -> None:
    import pickle

    error = NotPriceable(3, "NOPE-1", "unknown_sku", "no product or bundle with sku 'NOPE-1'")
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, NotPriceable)
    assert isinstance(again, LookupError)
    assert (again.line_number, again.sku, again.reason, again.detail) == (
        3,
        "NOPE-1",
        "unknown_sku",
        "no product or bundle with sku 'NOPE-1'",
    )
    assert str(again) == str(error)
