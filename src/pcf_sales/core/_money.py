"""Exact money: rounding to the currency's minor unit, sums, allocation, percentages.

Amounts are ``moneyed.Money`` (a ``Decimal`` and a currency). Nothing here
depends on the ambient ``decimal`` context: every operation uses the fixed
context :data:`DECIMAL_CONTEXT` and an explicit :class:`RoundingMode`, and no
``Money`` is ever mutated. (py-moneyed's own ``Money.round()`` ignores the
currency's minor unit and rounds in the ambient context, so we do not use it.)
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from functools import cache
from typing import Final

import attrs
from moneyed import Currency, CurrencyDoesNotExist, Money, get_currency

from pcf_sales.core._validate import check_decimal, describe, fail, is_decimal, to_decimal
from pcf_sales.errors import CurrencyMismatch, ValidationError

__all__ = [
    "DECIMAL_CONTEXT",
    "DEFAULT_ROUNDING",
    "MAX_AMOUNT_INTEGER_DIGITS",
    "MAX_AMOUNT_PLACES",
    "Percentage",
    "RoundingMode",
    "allocate",
    "check_amount",
    "check_currency",
    "check_mode",
    "check_money",
    "check_money_amount",
    "is_rounded",
    "minor_digits",
    "money",
    "round_amount",
    "round_money",
    "sum_money",
    "zero",
]

#: The decimal context every computation in pcf_sales uses: 34 significant
#: digits (IEEE decimal128), traps on invalid operations and division by zero.
#: Fixed, so results never depend on what a host did to ``decimal.getcontext()``.
DECIMAL_CONTEXT: Final = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

#: :data:`DECIMAL_CONTEXT` that also traps a result it would have to round:
#: sums of money use it, so a sum is either exact or refused.
_EXACT_CONTEXT: Final = DECIMAL_CONTEXT.copy()
_EXACT_CONTEXT.traps[decimal.Inexact] = True

#: :func:`money` accepts amounts below 10**18 in absolute value (a billion
#: billion: far beyond any real deal) ...
MAX_AMOUNT_INTEGER_DIGITS: Final = 18
#: ... with at most 12 significant decimal places. Such an amount has at most
#: 30 digits, so thousands of them add up exactly within the 34 digits of
#: :data:`DECIMAL_CONTEXT`; :func:`sum_money` refuses any sum it cannot make exact.
MAX_AMOUNT_PLACES: Final = 12


class RoundingMode(Enum):
    """How an amount is brought to a number of decimal places."""

    HALF_UP = "half_up"
    """Ties away from zero: 0.125 -> 0.13. Commercial rounding, the default."""
    HALF_EVEN = "half_even"
    """Ties to the even digit: 0.125 -> 0.12. Banker's rounding."""
    HALF_DOWN = "half_down"
    """Ties towards zero: 0.125 -> 0.12."""
    UP = "up"
    """Always away from zero."""
    DOWN = "down"
    """Always towards zero (truncation)."""
    CEILING = "ceiling"
    """Always towards positive infinity."""
    FLOOR = "floor"
    """Always towards negative infinity."""

    @property
    def decimal_mode(self) -> str:
        """The matching constant of the :mod:`decimal` module."""
        return _DECIMAL_MODES[self]


_DECIMAL_MODES: Final = {
    RoundingMode.HALF_UP: decimal.ROUND_HALF_UP,
    RoundingMode.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    RoundingMode.HALF_DOWN: decimal.ROUND_HALF_DOWN,
    RoundingMode.UP: decimal.ROUND_UP,
    RoundingMode.DOWN: decimal.ROUND_DOWN,
    RoundingMode.CEILING: decimal.ROUND_CEILING,
    RoundingMode.FLOOR: decimal.ROUND_FLOOR,
}

#: Commercial rounding (ties away from zero) is what customers see on quotes
#: and invoices and what most ERP systems apply to document amounts, so it is
#: the default wherever a rounding mode can be chosen.
DEFAULT_ROUNDING: Final = RoundingMode.HALF_UP


def check_mode(mode: object, field: str = "mode") -> RoundingMode:
    """Check that ``mode`` is a :class:`RoundingMode` (its text value is not enough)."""
    if not isinstance(mode, RoundingMode):
        choices = ", ".join(f"RoundingMode.{m.name}" for m in RoundingMode)
        fail(field, f"expected a RoundingMode ({choices}), got {describe(mode)}")
    return mode


def check_currency(code: object, field: str = "currency") -> Currency:
    """The ISO 4217 currency for ``code``, or a :class:`ValidationError` naming ``field``."""
    if isinstance(code, Currency):
        return code
    if not isinstance(code, str):
        fail(field, f"expected an ISO 4217 currency code such as 'EUR', got {describe(code)}")
    try:
        currency = get_currency(code)
    except CurrencyDoesNotExist:
        hint = " (currency codes are upper case)" if code.upper() != code else ""
        fail(field, f"unknown ISO 4217 currency code {code!r}{hint}")
    if currency.code == "XXX":
        fail(field, "'XXX' (no currency) cannot carry amounts")
    return currency


@cache
def _exponent(code: str) -> Decimal:
    return Decimal(1).scaleb(-minor_digits(code))


@cache
def minor_digits(currency: str | Currency) -> int:
    """Decimal places of the currency's minor unit: 2 for EUR, 0 for JPY, 3 for KWD."""
    cur = check_currency(currency)
    sub_unit = int(cur.sub_unit)
    digits = len(str(sub_unit)) - 1
    if sub_unit != 10**digits:  # pragma: no cover - every ISO 4217 unit is a power of ten
        fail("currency", f"{cur.code} has a minor unit of 1/{sub_unit}, not a power of ten")
    return digits


def round_amount(
    amount: Decimal, currency: str | Currency, mode: RoundingMode = DEFAULT_ROUNDING
) -> Decimal:
    """``amount`` rounded to the minor unit of ``currency`` with ``mode``."""
    check_decimal(amount, "amount")
    code = check_currency(currency).code
    check_mode(mode)
    try:
        return amount.quantize(
            _exponent(code), rounding=_DECIMAL_MODES[mode], context=DECIMAL_CONTEXT
        )
    except decimal.InvalidOperation:
        # quantize refuses a result with more digits than the context's precision
        fail("amount", f"{amount} has too many digits to round to {code}'s minor unit")


def round_money(value: Money, mode: RoundingMode = DEFAULT_ROUNDING) -> Money:
    """``value`` rounded to its currency's minor unit (a new ``Money``)."""
    if not isinstance(value, Money):
        fail("value", f"expected Money, got {describe(value)}")
    check_mode(mode)
    return Money(round_amount(value.amount, value.currency.code, mode), value.currency)


def is_rounded(value: Money) -> bool:
    """True when ``value`` has no digits below its currency's minor unit."""
    if not isinstance(value, Money):
        fail("value", f"expected Money, got {describe(value)}")
    return round_amount(value.amount, value.currency.code, RoundingMode.DOWN) == value.amount


def check_amount(value: object, field: str = "amount") -> Decimal:
    """Check a money amount: a finite ``Decimal`` within the documented size.

    At most :data:`MAX_AMOUNT_INTEGER_DIGITS` digits before the decimal point
    and :data:`MAX_AMOUNT_PLACES` significant decimal places (trailing zeros do
    not count), so sums of amounts stay exact.
    """
    amount = check_decimal(value, field)
    if amount and amount.adjusted() >= MAX_AMOUNT_INTEGER_DIGITS:
        fail(
            field,
            f"must be below 10**{MAX_AMOUNT_INTEGER_DIGITS} in absolute value, got {amount}",
        )
    _, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - check_decimal refuses non-finite values
        fail(field, f"must be a finite amount, got {amount}")
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    places = -(exponent + trailing_zeros)
    if amount and places > MAX_AMOUNT_PLACES:
        fail(
            field,
            f"must have at most {MAX_AMOUNT_PLACES} decimal places, got {places} in {amount}",
        )
    return amount


def money(amount: Decimal | int | str, currency: str) -> Money:
    """A ``Money`` from an exact amount; floats are refused (they are not exact).

    The amount must fit the documented size (see :func:`check_amount`).

    >>> money("19.99", "EUR")
    Money('19.99', 'EUR')
    """
    value = check_amount(to_decimal(amount), "amount")
    return Money(value, check_currency(currency))


def zero(currency: str) -> Money:
    """Zero in ``currency``, at its minor unit (``0.00`` for EUR, ``0`` for JPY)."""
    return Money(
        Decimal(0).scaleb(-minor_digits(check_currency(currency)), context=DECIMAL_CONTEXT),
        currency,
    )


def sum_money(amounts: Iterable[Money], *, currency: str | None = None) -> Money:
    """The sum of ``amounts``, all of which must be in one currency.

    ``currency`` is required when ``amounts`` may be empty (the sum of nothing
    is zero in *some* currency) and, when given, every amount must match it.
    The sum is exact: one that would need more than the 34 digits of
    :data:`DECIMAL_CONTEXT` is refused rather than rounded.
    """
    total: Decimal | None = None
    code = currency
    if code is not None:
        check_currency(code)
    for index, item in enumerate(amounts):
        if not isinstance(item, Money):
            fail(f"amounts[{index}]", f"expected Money, got {describe(item)}")
        item_code = item.currency.code
        if code is None:
            code = item_code
        elif item_code != code:
            raise CurrencyMismatch(code, item_code, field=f"amounts[{index}]")
        if total is None:
            total = item.amount
            continue
        try:
            total = _EXACT_CONTEXT.add(total, item.amount)
        except decimal.Inexact:
            fail(
                f"amounts[{index}]",
                f"adding {item.amount} to {total} needs more than "
                f"{DECIMAL_CONTEXT.prec} digits; the sum would not be exact",
            )
    if code is None:
        fail("currency", "the sum of no amounts needs a currency; pass currency='EUR' or similar")
    if total is None:
        return zero(code)
    return Money(total, code)


def allocate(total: Money, weights: Sequence[Decimal | int]) -> tuple[Money, ...]:
    """Split ``total`` by ``weights`` so the parts always add up to it exactly.

    Works in the currency's minor units with the largest-remainder method:
    each part first gets the whole minor units of its exact share, then the
    minor units left over go one each to the parts with the largest
    remainders, ties going to the earlier part. Zero weights get zero. A
    negative total is split like its absolute value, then negated.

    >>> allocate(money("100.00", "EUR"), [1, 1, 1])
    (Money('33.34', 'EUR'), Money('33.33', 'EUR'), Money('33.33', 'EUR'))
    """
    if not isinstance(total, Money):
        fail("total", f"expected Money, got {describe(total)}")
    try:
        rounded = is_rounded(total)
    except ValidationError as error:
        raise ValidationError("total", error.reason) from None
    if not rounded:
        fail(
            "total",
            f"{total.amount} has digits below the minor unit of {total.currency.code}; "
            "round it with round_money() first",
        )
    if not weights:
        fail("weights", "need at least one weight")
    exact_weights: list[Fraction] = []
    for index, weight in enumerate(weights):
        value = check_decimal(to_decimal(weight), f"weights[{index}]", minimum=0)
        exact_weights.append(Fraction(value))
    weight_sum = sum(exact_weights, Fraction(0))
    if weight_sum == 0:
        fail("weights", "at least one weight must be positive")

    # Whole minor units and exact fractional shares: no step rounds.
    digits = minor_digits(total.currency.code)
    units_exact = Fraction(total.amount) * 10**digits
    if units_exact.denominator != 1:  # pragma: no cover - the total is rounded, checked above
        fail("total", f"{total.amount} has digits below the minor unit of {total.currency.code}")
    units = units_exact.numerator
    sign = -1 if units < 0 else 1
    units = abs(units)
    shares = [units * weight / weight_sum for weight in exact_weights]
    floors = [share.numerator // share.denominator for share in shares]
    left = units - sum(floors)
    remainders = [share - floor for share, floor in zip(shares, floors, strict=True)]
    by_remainder = sorted(range(len(shares)), key=lambda i: (-remainders[i], i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return tuple(
        Money(Decimal(sign * part).scaleb(-digits, context=_EXACT_CONTEXT), total.currency)
        for part in floors
    )


@attrs.frozen(order=True)
class Percentage:
    """A percentage or rate as an exact ``Decimal``: ``Percentage(15)`` is 15 %.

    Use :attr:`ratio` (0.15) for arithmetic and :meth:`of` to take the share
    of an amount with explicit rounding. Negative values (a decline) and values
    above 100 (growth) are allowed; the fields that hold a percentage say
    which range they accept.

    >>> Percentage(15).of(money("19.99", "EUR"))
    Money('3.00', 'EUR')
    """

    percent: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())

    @classmethod
    def from_ratio(cls, ratio: Decimal | int | str) -> Percentage:
        """The percentage for a ratio: ``Percentage.from_ratio("0.15")`` is 15 %."""
        value = check_decimal(to_decimal(ratio), "ratio")
        return cls(value.scaleb(2, context=DECIMAL_CONTEXT))

    @property
    def ratio(self) -> Decimal:
        """The percentage as a fraction of one: 15 % is ``Decimal('0.15')``."""
        return self.percent.scaleb(-2, context=DECIMAL_CONTEXT)

    def of(self, value: Money, mode: RoundingMode = DEFAULT_ROUNDING) -> Money:
        """This share of ``value``, rounded to the currency's minor unit with ``mode``."""
        check_money(value, "value")
        check_mode(mode)
        amount = DECIMAL_CONTEXT.multiply(value.amount, self.ratio)
        return Money(round_amount(amount, value.currency.code, mode), value.currency)

    def __str__(self) -> str:
        return f"{self.percent.normalize(DECIMAL_CONTEXT):f} %"


def check_money_amount(
    value: object,
    field: str,
    *,
    currency: str | None = None,
    minimum: Decimal | int | None = 0,
) -> Money:
    """A finite ``Money`` at its currency's minor unit, at least ``minimum`` (when not
    ``None``) and in ``currency`` when given; else a ``ValidationError`` (or
    ``CurrencyMismatch``) naming ``field``. Amounts that arrive unrounded are refused
    rather than rounded silently: the caller decides how to round."""
    checked = check_money(value, field, currency=currency)
    amount = checked.amount
    if not amount.is_finite():
        fail(field, f"must be a finite amount, got {amount}")
    if minimum is not None and amount < minimum:
        fail(field, f"must be at least {minimum}, got {amount}")
    if not is_rounded(checked):
        fail(
            field,
            f"{amount} has digits below the minor unit of {checked.currency.code}; "
            "round it with round_money() first",
        )
    return checked


def check_money(value: object, field: str, *, currency: str | None = None) -> Money:
    """Check that ``value`` is ``Money`` (in ``currency`` when given)."""
    if not isinstance(value, Money):
        fail(field, f"expected Money, got {describe(value)}")
    if currency is not None and value.currency.code != currency:
        raise CurrencyMismatch(currency, value.currency.code, field=field)
    return value
