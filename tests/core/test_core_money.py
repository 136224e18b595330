"""Exact money: rounding to the minor unit, sums in one currency, allocation, percentages."""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.core import (
    DEFAULT_ROUNDING,
    Percentage,
    RoundingMode,
    allocate,
    is_rounded,
    minor_digits,
    money,
    round_amount,
    round_money,
    sum_money,
    zero,
)
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import make_money, make_percentage

# Amounts with up to six decimals, so every currency has digits to round away.
_RAW_AMOUNTS = st.decimals(
    min_value=-1_000_000, max_value=1_000_000, places=6, allow_nan=False, allow_infinity=False
)
_CURRENCIES = st.sampled_from(("EUR", "USD", "JPY", "KWD", "BHD"))
_WEIGHTS = st.lists(
    st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=8,
).filter(lambda ws: any(w > 0 for w in ws))


def _unit(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_digits(currency))


# --- minor units and rounding ----------------------------------------------------


@pytest.mark.parametrize(
    ("currency", "digits"), [("JPY", 0), ("EUR", 2), ("USD", 2), ("BHD", 3), ("KWD", 3)]
)
def test_minor_digits_follow_iso_4217(currency: str, digits: int) -> None:
    assert minor_digits(currency) == digits


@pytest.mark.parametrize(
    ("mode", "positive", "negative"),
    [
        (RoundingMode.HALF_UP, "0.13", "-0.13"),
        (RoundingMode.HALF_EVEN, "0.12", "-0.12"),
        (RoundingMode.HALF_DOWN, "0.12", "-0.12"),
        (RoundingMode.UP, "0.13", "-0.13"),
        (RoundingMode.DOWN, "0.12", "-0.12"),
        (RoundingMode.CEILING, "0.13", "-0.12"),
        (RoundingMode.FLOOR, "0.12", "-0.13"),
    ],
)
def test_each_rounding_mode_settles_a_tie_as_documented(
    mode: RoundingMode, positive: str, negative: str
) -> None:
    assert round_money(Money("0.125", "EUR"), mode) == Money(positive, "EUR")
    assert round_money(Money("-0.125", "EUR"), mode) == Money(negative, "EUR")


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (RoundingMode.HALF_UP, "0.12"),
        (RoundingMode.HALF_EVEN, "0.12"),
        (RoundingMode.HALF_DOWN, "0.12"),
        (RoundingMode.UP, "0.13"),
        (RoundingMode.DOWN, "0.12"),
        (RoundingMode.CEILING, "0.13"),
        (RoundingMode.FLOOR, "0.12"),
    ],
)
def test_each_rounding_mode_settles_a_value_below_the_tie(
    mode: RoundingMode, expected: str
) -> None:
    assert round_money(Money("0.1201", "EUR"), mode) == Money(expected, "EUR")


def test_the_default_rounding_is_commercial_half_up() -> None:
    assert DEFAULT_ROUNDING is RoundingMode.HALF_UP
    assert round_money(Money("0.125", "EUR")) == Money("0.13", "EUR")
    assert round_money(Money("2.5", "JPY")) == Money("3", "JPY")
    assert round_money(Money("-2.5", "JPY")) == Money("-3", "JPY")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1234.5", "JPY", "1235"),
        ("1234.49", "JPY", "1234"),
        ("10.005", "EUR", "10.01"),
        ("10.0049", "EUR", "10.00"),
        ("1.0005", "BHD", "1.001"),
        ("1.0004", "KWD", "1.000"),
    ],
)
def test_rounding_goes_to_the_minor_unit_of_the_currency(
    amount: str, currency: str, expected: str
) -> None:
    rounded = round_money(Money(amount, currency))
    assert rounded.currency.code == currency
    assert str(rounded.amount) == expected


def test_rounding_returns_a_new_money_and_leaves_the_original_alone() -> None:
    original = Money("10.005", "EUR")
    rounded = round_money(original)
    assert rounded is not original
    assert original.amount == Decimal("10.005")


def test_round_amount_accepts_a_currency_object() -> None:
    eur = Money(0, "EUR").currency
    assert round_amount(Decimal("1.005"), eur) == round_amount(Decimal("1.005"), "EUR")


def test_rounding_in_an_unknown_currency_names_the_currency() -> None:
    with pytest.raises(ValidationError) as raised:
        round_amount(Decimal("1.00"), "EURO")
    assert raised.value.field == "currency"


def test_an_amount_too_long_to_round_is_refused_naming_the_amount() -> None:
    assert round_amount(Decimal("1" * 32), "EUR") == Decimal("1" * 32)  # 34 digits with cents
    with pytest.raises(ValidationError) as raised:
        round_amount(Decimal("1" * 33), "EUR")
    assert raised.value.field == "amount"
    assert "too many digits" in raised.value.reason


def test_rounding_does_not_follow_the_host_decimal_context() -> None:
    expected = round_money(Money("1234567.125", "EUR"), RoundingMode.HALF_EVEN)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_UP
        assert round_money(Money("1234567.125", "EUR"), RoundingMode.HALF_EVEN) == expected
    assert expected == Money("1234567.12", "EUR")


@given(_RAW_AMOUNTS, _CURRENCIES, st.sampled_from(RoundingMode))
def test_rounding_agrees_with_decimal_quantize_and_stays_within_one_minor_unit(
    amount: Decimal, currency: str, mode: RoundingMode
) -> None:
    rounded = round_money(Money(amount, currency), mode)
    unit = _unit(currency)
    assert rounded.amount == amount.quantize(unit, rounding=mode.decimal_mode)
    assert abs(rounded.amount - amount) < unit
    assert is_rounded(rounded)
    assert round_money(rounded, mode) == rounded


@given(_RAW_AMOUNTS, _CURRENCIES)
def test_directed_modes_bound_the_amount_and_half_modes_stay_within_half_a_unit(
    amount: Decimal, currency: str
) -> None:
    value = Money(amount, currency)
    floor = round_money(value, RoundingMode.FLOOR).amount
    ceiling = round_money(value, RoundingMode.CEILING).amount
    assert floor <= amount <= ceiling
    half = _unit(currency) / 2
    for mode in (RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.HALF_DOWN):
        assert abs(round_money(value, mode).amount - amount) <= half


def test_is_rounded_looks_at_the_digits_below_the_minor_unit() -> None:
    assert is_rounded(Money("1.50", "EUR"))
    assert is_rounded(Money("1.0", "JPY"))
    assert not is_rounded(Money("1.5", "JPY"))
    assert not is_rounded(Money("1.0001", "KWD"))


# --- building amounts ------------------------------------------------------------


def test_zero_carries_the_minor_unit_of_its_currency() -> None:
    assert str(zero("EUR").amount) == "0.00"
    assert str(zero("JPY").amount) == "0"
    assert str(zero("KWD").amount) == "0.000"


def test_money_refuses_floats_and_names_the_amount() -> None:
    with pytest.raises(ValidationError) as raised:
        money(1.5, "EUR")  # type: ignore[arg-type]
    assert raised.value.field == "amount"
    assert "float" in raised.value.reason


@pytest.mark.parametrize(
    ("code", "hint"), [("eur", "upper case"), ("ABC", "unknown"), ("XXX", "no currency")]
)
def test_money_refuses_codes_that_cannot_carry_amounts(code: str, hint: str) -> None:
    with pytest.raises(ValidationError) as raised:
        money("1.00", code)
    assert raised.value.field == "currency"
    assert hint in raised.value.reason


# --- sums in one currency --------------------------------------------------------


@given(st.lists(strategies.money("KWD"), max_size=8))
def test_a_sum_is_the_exact_decimal_sum(amounts: list[Money]) -> None:
    total = sum_money(amounts, currency="KWD")
    assert total.amount == sum((a.amount for a in amounts), Decimal(0))
    assert total.currency.code == "KWD"


def test_the_sum_of_nothing_is_zero_in_the_given_currency() -> None:
    assert sum_money([], currency="JPY") == zero("JPY")


def test_the_sum_of_nothing_without_a_currency_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        sum_money([])
    assert raised.value.field == "currency"


def test_mixing_currencies_in_a_sum_names_the_offending_amount() -> None:
    with pytest.raises(CurrencyMismatch) as raised:
        sum_money([make_money("1.00", "EUR"), make_money("2.00", "EUR"), make_money("3", "JPY")])
    assert (raised.value.expected, raised.value.actual) == ("EUR", "JPY")
    assert raised.value.field == "amounts[2]"
    assert "FxTable" in str(raised.value)


def test_every_amount_must_match_the_currency_asked_for() -> None:
    with pytest.raises(CurrencyMismatch) as raised:
        sum_money([make_money("1.00", "EUR")], currency="USD")
    assert (raised.value.expected, raised.value.actual) == ("USD", "EUR")
    assert raised.value.field == "amounts[0]"


def test_a_sum_of_something_that_is_not_money_names_the_item() -> None:
    with pytest.raises(ValidationError) as raised:
        sum_money([make_money(), Decimal(1)])  # type: ignore[list-item]
    assert raised.value.field == "amounts[1]"


# --- allocation ------------------------------------------------------------------


def test_allocation_gives_leftover_units_to_the_earlier_parts_on_a_tie() -> None:
    parts = allocate(money("100.00", "EUR"), [1, 1, 1])
    assert parts == (money("33.34", "EUR"), money("33.33", "EUR"), money("33.33", "EUR"))


def test_allocation_gives_leftover_units_to_the_largest_remainder_first() -> None:
    # Exact shares 3.33.. and 6.66.. cents: the later part has the larger remainder.
    assert allocate(money("0.10", "EUR"), [1, 2]) == (money("0.03", "EUR"), money("0.07", "EUR"))
    # Shares 1.2, 1.8, 2.4, 0.6 units: two left over go to remainders .8 and .6.
    assert allocate(money("6", "JPY"), [2, 3, 4, 1]) == tuple(money(n, "JPY") for n in (1, 2, 2, 1))


def test_zero_weights_get_zero_even_when_units_are_left_over() -> None:
    parts = allocate(money("0.05", "EUR"), [0, 1, 1, 0, 1])
    assert parts == tuple(money(a, "EUR") for a in ("0.00", "0.02", "0.02", "0.00", "0.01"))


def test_a_negative_total_is_split_like_its_absolute_value_then_negated() -> None:
    parts = allocate(money("-100.00", "EUR"), [1, 1, 1])
    assert parts == (money("-33.34", "EUR"), money("-33.33", "EUR"), money("-33.33", "EUR"))


def test_allocated_parts_carry_the_minor_unit_of_the_currency() -> None:
    assert [str(p.amount) for p in allocate(money("1.000", "BHD"), [1, 1, 1])] == [
        "0.334",
        "0.333",
        "0.333",
    ]
    assert [str(p.amount) for p in allocate(money("100", "JPY"), [1, 0])] == ["100", "0"]


@given(strategies.money(min_amount=-100_000, max_amount=100_000), _WEIGHTS)
def test_allocation_always_adds_back_to_the_total_exactly(
    total: Money, weights: list[Decimal]
) -> None:
    parts = allocate(total, weights)
    assert len(parts) == len(weights)
    assert all(p.currency == total.currency and is_rounded(p) for p in parts)
    assert sum_money(parts).amount == total.amount


@given(strategies.money(min_amount=0, max_amount=100_000), _WEIGHTS)
def test_allocation_matches_the_largest_remainder_method(
    total: Money, weights: list[Decimal]
) -> None:
    digits = minor_digits(total.currency.code)
    units = int(total.amount.scaleb(digits))
    weight_sum = sum((Fraction(w) for w in weights), Fraction(0))
    shares = [units * Fraction(w) / weight_sum for w in weights]
    floors = [s.numerator // s.denominator for s in shares]
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[: units - sum(floors)]:
        floors[i] += 1
    assert [int(p.amount.scaleb(digits)) for p in allocate(total, weights)] == floors


@given(strategies.money(min_amount=0, max_amount=100_000), _WEIGHTS)
def test_each_part_is_within_one_minor_unit_of_its_exact_share(
    total: Money, weights: list[Decimal]
) -> None:
    weight_sum = sum(weights, Decimal(0))
    unit = _unit(total.currency.code)
    for part, weight in zip(allocate(total, weights), weights, strict=True):
        exact = Fraction(total.amount) * Fraction(weight) / Fraction(weight_sum)
        assert abs(Fraction(part.amount) - exact) < Fraction(unit)
        if weight == 0:
            assert part.amount == 0


@given(strategies.money(min_amount=1, max_amount=100_000), _WEIGHTS)
def test_allocating_a_negated_total_negates_every_part(
    total: Money, weights: list[Decimal]
) -> None:
    assert allocate(-total, weights) == tuple(-p for p in allocate(total, weights))


@given(strategies.money(), _WEIGHTS, st.integers(min_value=2, max_value=50))
def test_scaling_every_weight_by_a_whole_number_changes_nothing(
    total: Money, weights: list[Decimal], factor: int
) -> None:
    assert allocate(total, [w * factor for w in weights]) == allocate(total, weights)


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ([], "weights"),
        ([0, 0], "weights"),
        ([1, -1], "weights[1]"),
        ([1, 1.5], "weights[1]"),
        ([True], "weights[0]"),
        ([Decimal("NaN")], "weights[0]"),
        ([1, "heavy"], "weights[1]"),
    ],
)
def test_bad_weights_are_refused_with_the_weight_named(weights: list[object], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        allocate(money("10.00", "EUR"), weights)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_an_unrounded_total_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        allocate(Money("10.005", "EUR"), [1, 1])
    assert raised.value.field == "total"
    assert "round_money" in raised.value.reason


def test_a_total_that_is_not_money_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        allocate(Decimal("10.00"), [1])  # type: ignore[arg-type]
    assert raised.value.field == "total"


# --- percentages -----------------------------------------------------------------


@pytest.mark.parametrize("given_value", [15, "15", " 15.0 ", Decimal("15.00")])
def test_a_percentage_is_built_from_an_int_a_numeric_string_or_a_decimal(
    given_value: Decimal | int | str,
) -> None:
    assert Percentage(given_value) == Percentage(Decimal(15))
    assert Percentage(given_value).ratio == Decimal("0.15")


def test_a_percentage_and_its_ratio_convert_both_ways() -> None:
    assert Percentage.from_ratio("0.15") == Percentage(15)
    assert Percentage.from_ratio(2) == Percentage(200)
    assert Percentage(-5).ratio == Decimal("-0.05")


def test_percentages_order_by_their_value() -> None:
    assert Percentage(-5) < Percentage(0) < make_percentage() < Percentage(150)


def test_a_percentage_reads_as_a_plain_number_with_a_percent_sign() -> None:
    assert str(Percentage("12.50")) == "12.5 %"
    assert str(Percentage(Decimal("1E+2"))) == "100 %"


def test_a_share_of_an_amount_is_rounded_with_the_mode_given() -> None:
    base = money("0.25", "EUR")  # 50 % is 0.125
    assert Percentage(50).of(base) == money("0.13", "EUR")
    assert Percentage(50).of(base, RoundingMode.HALF_EVEN) == money("0.12", "EUR")
    assert Percentage(15).of(money("19.99", "EUR")) == money("3.00", "EUR")
    assert Percentage(15).of(money("-19.99", "EUR")) == money("-3.00", "EUR")
    assert Percentage(15).of(money("1", "JPY")) == money("0", "JPY")


@given(
    strategies.percentages(),
    strategies.money(min_amount=-10_000, max_amount=10_000),
    st.sampled_from(RoundingMode),
)
def test_a_share_is_the_exact_product_rounded_to_the_minor_unit(
    rate: Percentage, value: Money, mode: RoundingMode
) -> None:
    share = rate.of(value, mode)
    assert share.currency == value.currency
    assert share.amount == (value.amount * rate.percent / 100).quantize(
        _unit(value.currency.code), rounding=mode.decimal_mode
    )


@given(st.decimals(min_value=-1000, max_value=1000, places=4, allow_nan=False))
def test_from_ratio_inverts_ratio(percent: Decimal) -> None:
    rate = Percentage(percent)
    assert Percentage.from_ratio(rate.ratio) == rate


@pytest.mark.parametrize(
    ("given_value", "hint"),
    [(0.15, "float"), ("fifteen", "Decimal"), (Decimal("NaN"), "finite"), (True, "Decimal")],
)
def test_a_bad_percentage_is_refused_with_the_field_named(given_value: object, hint: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Percentage(given_value)  # type: ignore[arg-type]
    assert raised.value.field == "percent"
    assert hint in raised.value.reason


def test_a_bad_ratio_is_refused_with_the_field_named() -> None:
    with pytest.raises(ValidationError) as raised:
        Percentage.from_ratio(0.15)  # type: ignore[arg-type]
    assert raised.value.field == "ratio"


def test_a_percentage_is_immutable() -> None:
    rate = make_percentage()
    with pytest.raises(AttributeError):
        rate.percent = Decimal(20)  # type: ignore[misc]
    assert rate == Percentage(10)


# --- very large amounts and weights: exact or refused, never rounded ---------------------

_HUGE_TOTALS = st.integers(min_value=-(10**32) + 1, max_value=10**32 - 1).map(
    lambda units: Money(Decimal(f"{units}E-2"), "EUR")
)
_HUGE_WEIGHTS = st.lists(
    st.builds(
        lambda coefficient, exponent: Decimal(f"{coefficient}E{exponent}"),
        st.integers(min_value=0, max_value=10**40),
        st.integers(min_value=-40, max_value=40),
    ),
    min_size=1,
    max_size=9,
).filter(lambda ws: any(w > 0 for w in ws))


def _units(value: Money) -> int:
    exact = Fraction(value.amount) * 10 ** minor_digits(value.currency.code)
    assert exact.denominator == 1
    return int(exact)


def test_allocating_a_34_digit_total_adds_back_exactly() -> None:
    total = Money("67600998463868254502105585351465.88", "EUR")
    parts = allocate(total, [4362])
    assert parts == (total,)
    parts = allocate(total, [3, 7, Decimal("1e-40")])
    assert sum(_units(p) for p in parts) == _units(total)


@given(_HUGE_TOTALS, _HUGE_WEIGHTS)
def test_allocating_huge_totals_by_huge_or_tiny_weights_adds_back_exactly(
    total: Money, weights: list[Decimal]
) -> None:
    parts = allocate(total, weights)
    assert sum(_units(p) for p in parts) == _units(total)
    units = abs(_units(total))
    weight_sum = sum((Fraction(w) for w in weights), Fraction(0))
    for part, weight in zip(parts, weights, strict=True):
        share = units * Fraction(weight) / weight_sum
        assert abs(abs(_units(part)) - share) < 1
        assert (part.amount < 0) <= (total.amount < 0)


def test_a_total_too_long_to_check_is_refused_naming_the_total() -> None:
    with pytest.raises(ValidationError) as raised:
        allocate(Money("1e400", "EUR"), [1, 2])
    assert raised.value.field == "total"


def test_a_sum_that_would_need_rounding_is_refused_naming_the_amount() -> None:
    amounts = [Money("1e33", "EUR"), Money("0.01", "EUR")]
    with pytest.raises(ValidationError) as raised:
        sum_money(amounts)
    assert raised.value.field == "amounts[1]"
    assert "exact" in raised.value.reason
    assert amounts == [Money("1e33", "EUR"), Money("0.01", "EUR")]


def test_a_long_sum_within_the_digits_is_exact() -> None:
    # Trailing zeros beyond the context's digits are dropped without loss.
    total = sum_money([Money("1e17", "EUR"), Money("1.000000000000000000", "EUR")])
    assert total.amount == Decimal("100000000000000001")


@given(
    st.lists(
        st.integers(min_value=-(10**30) + 1, max_value=10**30 - 1).map(
            lambda units: Money(Decimal(f"{units}E-12"), "EUR")
        ),
        min_size=1,
        max_size=50,
    )
)
def test_sums_of_amounts_money_accepts_are_exact(amounts: list[Money]) -> None:
    for item in amounts:
        money(item.amount, "EUR")
    assert Fraction(sum_money(amounts).amount) == sum(Fraction(a.amount) for a in amounts)


@pytest.mark.parametrize(
    "amount",
    ["1e18", "-1e18", "1000000000000000000.00", "1e400", "0.0000000000001", "1.0000000000001"],
)
def test_money_refuses_amounts_beyond_the_documented_size(amount: str) -> None:
    with pytest.raises(ValidationError) as raised:
        money(amount, "EUR")
    assert raised.value.field == "amount"


@pytest.mark.parametrize(
    "amount",
    ["999999999999999999.999999999999", "-1e17", "0.000000000001", "1.500000000000000000", "0E-40"],
)
def test_money_accepts_amounts_within_the_documented_size(amount: str) -> None:
    assert money(amount, "EUR").amount == Decimal(amount)


# --- arguments of the wrong kind name the argument ---------------------------------------


def test_a_share_of_something_that_is_not_money_names_the_value() -> None:
    with pytest.raises(ValidationError) as raised:
        Percentage(10).of(Decimal(5))  # type: ignore[arg-type]
    assert raised.value.field == "value"


@pytest.mark.parametrize(
    "call",
    [
        lambda mode: round_money(money("1.005", "EUR"), mode),
        lambda mode: Percentage(10).of(money("1.00", "EUR"), mode),
        lambda mode: round_amount(Decimal("1.005"), "EUR", mode),
    ],
)
def test_a_rounding_mode_given_as_text_names_the_mode(call: object) -> None:
    assert callable(call)
    with pytest.raises(ValidationError) as raised:
        call("half_up")
    assert raised.value.field == "mode"
    assert "RoundingMode.HALF_UP" in raised.value.reason


def test_round_amount_refuses_a_float_naming_the_amount() -> None:
    with pytest.raises(ValidationError) as raised:
        round_amount(1.005, "EUR")  # type: ignore[arg-type]
    assert raised.value.field == "amount"
