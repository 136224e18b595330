"""Exchange rates as a snapshot value: the host supplies them, nothing is fetched."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from decimal import Decimal

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core._money import (
    DECIMAL_CONTEXT,
    DEFAULT_ROUNDING,
    RoundingMode,
    check_currency,
    round_amount,
)
from pcf_sales.core._validate import (
    check_date,
    describe,
    fail,
    is_date,
    is_decimal,
    is_int,
    is_tuple_of,
    optional,
    to_date,
    to_decimal,
    to_tuple,
)
from pcf_sales.errors import MissingFxRate

__all__ = ["FxRate", "FxTable"]


def _currency_code(inst: object, attr: attrs.Attribute[str], value: object) -> None:
    check_currency(value, attr.name)


@attrs.frozen(kw_only=True)
class FxRate:
    """One quoted rate: on ``on``, 1 unit of ``base`` buys ``rate`` units of ``quote``.

    >>> FxRate(base="EUR", quote="USD", on=pendulum.Date(2026, 3, 2), rate=Decimal("1.0825"))
    FxRate(base='EUR', quote='USD', on=Date(2026, 3, 2), rate=Decimal('1.0825'))
    """

    base: str = attrs.field(validator=_currency_code)
    quote: str = attrs.field(validator=_currency_code)
    on: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    rate: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())

    def __attrs_post_init__(self) -> None:
        if self.rate <= 0:
            fail("rate", f"an exchange rate must be positive, got {self.rate}")
        if self.base == self.quote:
            fail("quote", f"a rate converts between two currencies, got {self.base} twice")

    def inverse(self) -> FxRate:
        """The same quote seen from the other side (``1 / rate``, 34 significant digits)."""
        return FxRate(
            base=self.quote,
            quote=self.base,
            on=self.on,
            rate=DECIMAL_CONTEXT.divide(Decimal(1), self.rate),
        )


@attrs.frozen(kw_only=True)
class FxTable:
    """A snapshot of exchange rates by date, supplied by the host.

    The rate in force on a day is the latest one quoted on or before it,
    provided it is at most ``max_age_days`` old (``None``: any age). When
    only the opposite pair is quoted, its inverse is used. Converting between
    equal currencies needs no rate. A missing rate raises
    :class:`~pcf_sales.errors.MissingFxRate`; nothing is guessed.

    >>> table = FxTable.from_rates([
    ...     FxRate(base="EUR", quote="USD", on=pendulum.Date(2026, 3, 2), rate=Decimal("1.0825")),
    ... ])
    >>> table.convert(Money("100.00", "EUR"), "USD", on=pendulum.Date(2026, 3, 4))
    Money('108.25', 'USD')
    """

    rates: tuple[FxRate, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(FxRate, unique=True)
    )
    max_age_days: int | None = attrs.field(default=None, validator=optional(is_int(minimum=0)))
    _index: dict[tuple[str, str], tuple[list[pendulum.Date], list[FxRate]]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        index: dict[tuple[str, str], list[FxRate]] = {}
        for position, rate in enumerate(self.rates):
            pair = index.setdefault((rate.base, rate.quote), [])
            if any(other.on == rate.on for other in pair):
                fail(
                    f"rates[{position}]",
                    f"a second {rate.base}->{rate.quote} rate for {rate.on}; keep one rate per day",
                )
            pair.append(rate)
        built = {}
        for key, quoted in index.items():
            quoted.sort(key=lambda r: r.on)
            built[key] = ([r.on for r in quoted], quoted)
        object.__setattr__(self, "_index", built)

    @classmethod
    def from_rates(cls, rates: Iterable[FxRate], *, max_age_days: int | None = None) -> FxTable:
        """A table from quoted rates, stored in a canonical order (pair, then date).

        The rates are checked in the order given, so an error names the
        position the caller knows.
        """
        given = cls(rates=rates, max_age_days=max_age_days)
        ordered = tuple(sorted(given.rates, key=lambda r: (r.base, r.quote, r.on)))
        if ordered == given.rates:
            return given
        return cls(rates=ordered, max_age_days=max_age_days)

    def rate(self, base: str, quote: str, *, on: pendulum.Date) -> FxRate:
        """The rate in force for ``base`` -> ``quote`` on ``on`` (see the class notes)."""
        check_currency(base, "base")
        check_currency(quote, "quote")
        day = check_date(on, "on")
        if base == quote:
            fail("quote", f"no rate is needed to convert {base} to itself")
        direct = self._latest(base, quote, day)
        if direct is not None:
            return direct
        reverse = self._latest(quote, base, day)
        if reverse is not None:
            return reverse.inverse()
        detail = ""
        if self.max_age_days is not None and (
            (base, quote) in self._index or (quote, base) in self._index
        ):
            detail = f"rates older than {self.max_age_days} days are not used"
        raise MissingFxRate(base, quote, day.isoformat(), detail)

    def _latest(self, base: str, quote: str, day: pendulum.Date) -> FxRate | None:
        entry = self._index.get((base, quote))
        if entry is None:
            return None
        dates, rates = entry
        position = bisect.bisect_right(dates, day) - 1
        if position < 0:
            return None
        found = rates[position]
        if self.max_age_days is not None and (day - found.on).in_days() > self.max_age_days:
            return None
        return found

    def convert(
        self,
        value: Money,
        to: str,
        *,
        on: pendulum.Date,
        mode: RoundingMode = DEFAULT_ROUNDING,
    ) -> Money:
        """``value`` in currency ``to`` at the rate in force on ``on``, rounded with ``mode``.

        A value already in ``to`` comes back unchanged: converting needs no
        rate, so nothing is rounded either.
        """
        if not isinstance(value, Money):
            fail("value", f"expected Money, got {describe(value)}")
        target = check_currency(to, "to").code
        source = value.currency.code
        if source == target:
            check_date(on, "on")
            return value
        used = self.rate(source, target, on=on)
        amount = DECIMAL_CONTEXT.multiply(value.amount, used.rate)
        return Money(round_amount(amount, target, mode), target)
