"""Exchange rates as a snapshot: rates by date, conversion with explicit rounding, errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.core import FxRate, FxTable, RoundingMode, is_rounded, minor_digits, money
from pcf_sales.errors import MissingFxRate, PcfSalesError, ValidationError
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import FIXED_INSTANT, make_fx_rate, make_fx_table

DAY = FIXED_INSTANT.date()


def _eur_usd_over_time() -> FxTable:
    return make_fx_table(
        make_fx_rate(rate="1.10", on=DAY),
        make_fx_rate(rate="1.20", on=DAY.add(days=10)),
        make_fx_rate(rate="1.30", on=DAY.add(days=20)),
    )


# --- rates -----------------------------------------------------------------------


def test_a_rate_names_both_currencies_its_day_and_its_value() -> None:
    rate = make_fx_rate()
    assert (rate.base, rate.quote, rate.on, rate.rate) == ("EUR", "USD", DAY, Decimal("1.0825"))


def test_a_stdlib_date_becomes_a_calendar_day() -> None:
    rate = make_fx_rate(on=dt.date(2026, 3, 2))  # type: ignore[arg-type]
    assert isinstance(rate.on, pendulum.Date)
    assert rate == make_fx_rate()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rate": Decimal(0)}, "rate"),
        ({"rate": Decimal("-1.2")}, "rate"),
        ({"rate": 1.2}, "rate"),
        ({"quote": "EUR"}, "quote"),
        ({"base": "eur"}, "base"),
        ({"quote": "DOLLAR"}, "quote"),
        ({"on": pendulum.datetime(2026, 3, 2, tz="UTC")}, "on"),
        ({"on": "2026-03-02"}, "on"),
    ],
)
def test_a_bad_rate_is_refused_with_the_field_named(
    overrides: dict[str, object], field: str
) -> None:
    fields: dict[str, object] = {"base": "EUR", "quote": "USD", "on": DAY, "rate": Decimal("1.1")}
    fields.update(overrides)
    with pytest.raises(ValidationError) as raised:
        FxRate(**fields)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_the_inverse_of_a_rate_swaps_the_pair_and_keeps_the_day() -> None:
    inverse = make_fx_rate(rate="1.25").inverse()
    assert (inverse.base, inverse.quote, inverse.on) == ("USD", "EUR", DAY)
    assert inverse.rate == Decimal("0.8")


@given(strategies.fx_rates())
def test_a_rate_times_its_inverse_is_one_to_34_digits(rate: FxRate) -> None:
    product = rate.rate * rate.inverse().rate
    assert abs(product - 1) < Decimal("1e-30")


# --- finding the rate in force ---------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(0, "1.10"), (5, "1.10"), (10, "1.20"), (19, "1.20"), (20, "1.30"), (400, "1.30")],
)
def test_the_rate_in_force_is_the_latest_quoted_on_or_before_the_day(
    offset: int, expected: str
) -> None:
    rate = _eur_usd_over_time().rate("EUR", "USD", on=DAY.add(days=offset))
    assert rate.rate == Decimal(expected)
    assert rate.on <= DAY.add(days=offset)


def test_a_day_before_the_first_quote_has_no_rate() -> None:
    with pytest.raises(MissingFxRate) as raised:
        _eur_usd_over_time().rate("EUR", "USD", on=DAY.subtract(days=1))
    error = raised.value
    assert (error.base, error.quote, error.on) == ("EUR", "USD", DAY.subtract(days=1).isoformat())
    assert isinstance(error, PcfSalesError)
    assert isinstance(error, LookupError)
    assert "add one to the FxTable" in str(error)


def test_the_opposite_pair_is_used_inverted_when_only_it_is_quoted() -> None:
    table = make_fx_table(make_fx_rate(rate="1.25"))
    assert table.rate("USD", "EUR", on=DAY) == make_fx_rate(rate="1.25").inverse()
    assert table.convert(money("100.00", "USD"), "EUR", on=DAY) == money("80.00", "EUR")


def test_a_directly_quoted_pair_is_preferred_to_the_inverse_of_the_opposite_pair() -> None:
    table = make_fx_table(
        make_fx_rate(rate="1.10", on=DAY),
        make_fx_rate(base="USD", quote="EUR", rate="0.5", on=DAY),
    )
    assert table.rate("EUR", "USD", on=DAY).rate == Decimal("1.10")
    assert table.rate("USD", "EUR", on=DAY).rate == Decimal("0.5")


def test_cross_rates_are_not_guessed_through_a_third_currency() -> None:
    table = make_fx_table()  # EUR->USD and GBP->USD
    with pytest.raises(MissingFxRate) as raised:
        table.convert(money("10.00", "EUR"), "GBP", on=DAY)
    assert (raised.value.base, raised.value.quote) == ("EUR", "GBP")


@pytest.mark.parametrize(("age", "in_force"), [(0, True), (3, True), (4, False)])
def test_a_rate_older_than_the_maximum_age_is_not_used(age: int, in_force: bool) -> None:
    table = make_fx_table(make_fx_rate(), max_age_days=3)
    on = DAY.add(days=age)
    if in_force:
        assert table.rate("EUR", "USD", on=on) == make_fx_rate()
        assert table.rate("USD", "EUR", on=on) == make_fx_rate().inverse()
    else:
        with pytest.raises(MissingFxRate) as raised:
            table.rate("USD", "EUR", on=on)
        assert raised.value.on == on.isoformat()
        assert "older than 3 days" in str(raised.value)


def test_a_pair_never_quoted_gets_no_hint_about_the_age_of_rates() -> None:
    with pytest.raises(MissingFxRate) as raised:
        make_fx_table(max_age_days=3).rate("EUR", "JPY", on=DAY)
    assert "older than" not in str(raised.value)


@pytest.mark.parametrize(
    ("base", "quote", "on", "field"),
    [
        ("EUR", "EUR", DAY, "quote"),
        ("euro", "USD", DAY, "base"),
        ("EUR", 840, DAY, "quote"),
        ("EUR", "USD", FIXED_INSTANT, "on"),
        ("EUR", "USD", "2026-03-02", "on"),
    ],
)
def test_a_bad_rate_question_is_refused_with_the_argument_named(
    base: str, quote: object, on: object, field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        make_fx_table().rate(base, quote, on=on)  # type: ignore[arg-type]
    assert raised.value.field == field


# --- conversion ------------------------------------------------------------------


def test_conversion_multiplies_by_the_rate_and_rounds_to_the_target_minor_unit() -> None:
    table = make_fx_table(make_fx_rate(quote="JPY", rate="161.235"))
    assert table.convert(money("10.00", "EUR"), "JPY", on=DAY) == money("1612", "JPY")
    table = make_fx_table(make_fx_rate(quote="KWD", rate="0.33333"))
    assert table.convert(money("10.00", "EUR"), "KWD", on=DAY) == money("3.333", "KWD")


def test_conversion_rounds_with_the_mode_given() -> None:
    table = make_fx_table(make_fx_rate(rate="1.5"))
    value = money("0.05", "EUR")  # 0.075 USD
    assert table.convert(value, "USD", on=DAY) == money("0.08", "USD")
    assert table.convert(value, "USD", on=DAY, mode=RoundingMode.HALF_EVEN) == money("0.08", "USD")
    assert table.convert(value, "USD", on=DAY, mode=RoundingMode.DOWN) == money("0.07", "USD")
    value = money("0.01", "EUR")  # 0.015 USD
    assert table.convert(value, "USD", on=DAY, mode=RoundingMode.HALF_EVEN) == money("0.02", "USD")
    assert table.convert(value, "USD", on=DAY, mode=RoundingMode.HALF_DOWN) == money("0.01", "USD")


def test_converting_to_the_same_currency_needs_no_rate() -> None:
    empty = FxTable.from_rates([])
    value = money("12.34", "KWD")
    assert empty.convert(value, "KWD", on=DAY) == value


@pytest.mark.parametrize(
    ("value", "to", "field"),
    [(Decimal("1.00"), "USD", "value"), (money("1.00", "EUR"), "usd", "to")],
)
def test_a_bad_conversion_request_names_the_argument(value: object, to: str, field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        make_fx_table().convert(value, to, on=DAY)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_a_conversion_without_a_rate_names_the_pair_and_the_day() -> None:
    with pytest.raises(MissingFxRate) as raised:
        make_fx_table().convert(money("1.00", "EUR"), "CHF", on=DAY)
    assert (raised.value.base, raised.value.quote, raised.value.on) == ("EUR", "CHF", "2026-03-02")


@given(
    strategies.fx_rates(),
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=60),
    st.sampled_from(RoundingMode),
)
def test_a_converted_amount_is_the_exact_product_rounded_in_the_target_currency(
    rate: FxRate, units: int, days_later: int, mode: RoundingMode
) -> None:
    value = Money(Decimal(units).scaleb(-minor_digits(rate.base)), rate.base)
    converted = FxTable.from_rates([rate]).convert(
        value, rate.quote, on=rate.on.add(days=days_later), mode=mode
    )
    unit = Decimal(1).scaleb(-minor_digits(rate.quote))
    assert converted.currency.code == rate.quote
    assert is_rounded(converted)
    assert converted.amount == (value.amount * rate.rate).quantize(unit, rounding=mode.decimal_mode)


@given(st.lists(st.integers(min_value=0, max_value=365), min_size=1, max_size=6, unique=True))
def test_the_rate_found_for_any_day_is_the_latest_quote_on_or_before_it(
    offsets: list[int],
) -> None:
    quotes = [make_fx_rate(rate=str(1 + n), on=DAY.add(days=n)) for n in offsets]
    table = FxTable.from_rates(quotes)
    for day_offset in range(-1, 370, 7):
        on = DAY.add(days=day_offset)
        earlier = [q for q in quotes if q.on <= on]
        if earlier:
            assert table.rate("EUR", "USD", on=on) == max(earlier, key=lambda q: q.on)
        else:
            with pytest.raises(MissingFxRate):
                table.rate("EUR", "USD", on=on)


# --- the table as a snapshot -----------------------------------------------------


def test_a_table_keeps_its_rates_in_canonical_order_whatever_order_they_came_in() -> None:
    rates = [make_fx_rate(base="GBP"), make_fx_rate(on=DAY.add(days=1)), make_fx_rate()]
    table = FxTable.from_rates(rates)
    assert table.rates == (rates[2], rates[1], rates[0])
    assert table == FxTable.from_rates(reversed(rates))


def test_a_table_is_a_snapshot_that_later_changes_to_the_input_list_do_not_reach() -> None:
    rates = [make_fx_rate()]
    table = FxTable(rates=rates)
    rates.append(make_fx_rate(base="GBP"))
    assert table.rates == (make_fx_rate(),)
    with pytest.raises(MissingFxRate):
        table.rate("GBP", "USD", on=DAY)


def test_a_table_and_its_rates_cannot_be_changed_in_place() -> None:
    table = make_fx_table()
    before = attrs.evolve(table)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        table.max_age_days = 5  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        table.rates[0].rate = Decimal(2)  # type: ignore[misc]
    assert table == before


def test_a_second_rate_for_the_same_pair_and_day_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        FxTable(rates=(make_fx_rate(), make_fx_rate(rate="1.2")))
    assert raised.value.field == "rates[1]"
    assert "one rate per day" in raised.value.reason


@pytest.mark.parametrize(
    ("rates", "field"),
    [
        ([make_fx_rate(base="GBP"), make_fx_rate(), make_fx_rate(base="GBP")], "rates[2]"),
        ([make_fx_rate(base="GBP"), make_fx_rate(), "EUR/USD 1.08"], "rates[2]"),
    ],
)
def test_building_from_rates_names_the_bad_rate_at_its_given_position(
    rates: list[object], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        FxTable.from_rates(rates)  # type: ignore[arg-type]
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rates": (make_fx_rate(), make_fx_rate())}, "rates[1]"),
        ({"rates": ("EUR/USD 1.08",)}, "rates[0]"),
        ({"rates": (), "max_age_days": -1}, "max_age_days"),
        ({"rates": (), "max_age_days": True}, "max_age_days"),
    ],
)
def test_a_bad_table_is_refused_with_the_field_named(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        FxTable(**kwargs)  # type: ignore[arg-type]
    assert raised.value.field == field


@given(strategies.fx_tables())
def test_a_table_rebuilt_from_its_own_rates_is_equal(table: FxTable) -> None:
    assert FxTable.from_rates(table.rates, max_age_days=table.max_age_days) == table
    assert FxTable(rates=table.rates, max_age_days=table.max_age_days) == table
