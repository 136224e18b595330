"""Explicit time: aware instants, calendar days, fiscal calendars and periods.

Nothing here reads a clock. Instants are timezone-aware ``pendulum.DateTime``
values passed in by the caller (a naive datetime is refused); calendar days
are ``pendulum.Date``. A :class:`FiscalCalendar` is a value, so "Q3 bookings"
means the same thing in every computation that is given the same calendar.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Iterator
from enum import Enum

import attrs
import pendulum

from pcf_sales.core._validate import check_date, check_instant, fail, is_date, is_enum, is_int
from pcf_sales.core._validate import to_date as _to_date

__all__ = [
    "FiscalCalendar",
    "FiscalYearNaming",
    "Period",
    "PeriodKind",
    "instant",
]


def instant(value: _dt.datetime) -> pendulum.DateTime:
    """``value`` as an aware ``pendulum.DateTime``; a naive datetime is a ``ValidationError``.

    >>> instant(pendulum.datetime(2026, 3, 2, 9, 30, tz="Europe/Berlin")).isoformat()
    '2026-03-02T09:30:00+01:00'
    """
    return check_instant(value, "instant")


class PeriodKind(Enum):
    """The length of a fiscal period."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"

    @property
    def months(self) -> int:
        """How many calendar months a period of this kind spans."""
        return {"year": 12, "quarter": 3, "month": 1}[self.value]

    @property
    def per_year(self) -> int:
        """How many periods of this kind make a fiscal year."""
        return 12 // self.months


class FiscalYearNaming(Enum):
    """Which calendar year names a fiscal year that straddles two of them."""

    ENDING = "ending"
    """FY2027 ends in calendar 2027 (July 2026 - June 2027 with a July start)."""
    STARTING = "starting"
    """FY2026 starts in calendar 2026 (July 2026 - June 2027 with a July start)."""


def _month_number(inst: object, attr: attrs.Attribute[int], value: object) -> None:
    is_int(minimum=1, maximum=12)(inst, attr, value)


@attrs.frozen(kw_only=True, order=False)
class Period:
    """A fiscal year, quarter or month, with its first and last calendar day.

    Get periods from a :class:`FiscalCalendar` rather than building them by
    hand: the calendar knows where its year starts.

    >>> cal = FiscalCalendar(start_month=7)
    >>> q = cal.period_of(pendulum.Date(2026, 11, 22), PeriodKind.QUARTER)
    >>> q.label, q.start, q.end
    ('FY2027 Q2', Date(2026, 10, 1), Date(2026, 12, 31))
    """

    kind: PeriodKind = attrs.field(validator=is_enum(PeriodKind))
    fiscal_year: int = attrs.field(validator=is_int(minimum=1, maximum=9999))
    number: int = attrs.field(validator=is_int(minimum=1, maximum=12))
    start: pendulum.Date = attrs.field(converter=_to_date, validator=is_date)
    end: pendulum.Date = attrs.field(converter=_to_date, validator=is_date)

    def __attrs_post_init__(self) -> None:
        if self.number > self.kind.per_year:
            fail(
                "number",
                f"a fiscal year has {self.kind.per_year} {self.kind.value}s, got {self.number}",
            )
        if self.end < self.start:
            fail("end", f"{self.end} is before the start {self.start}")
        if self.start.day != 1:
            fail("start", f"a {self.kind.value} starts on the first of a month, got {self.start}")
        expected_end = _last_day(self.start, self.kind.months)
        if self.end != expected_end:
            fail(
                "end",
                f"a {self.kind.value} runs from the first of a month for {self.kind.months} "
                f"month(s): {self.start} to {expected_end}, got {self.start} to {self.end}",
            )

    @property
    def label(self) -> str:
        """A short readable name: ``FY2027``, ``FY2027 Q2`` or ``FY2027 M05``."""
        if self.kind is PeriodKind.YEAR:
            return f"FY{self.fiscal_year}"
        if self.kind is PeriodKind.QUARTER:
            return f"FY{self.fiscal_year} Q{self.number}"
        return f"FY{self.fiscal_year} M{self.number:02d}"

    @property
    def days(self) -> int:
        """Number of calendar days in the period."""
        return (self.end - self.start).in_days() + 1

    def contains(self, day: pendulum.Date) -> bool:
        """True when ``day`` falls within the period (both ends included)."""
        value = check_date(day, "day")
        return self.start <= value <= self.end

    def contains_instant(self, at: pendulum.DateTime, tz: str = "UTC") -> bool:
        """True when ``at``, seen as a calendar day in ``tz``, falls within the period."""
        moment = check_instant(at, "at")
        return self.contains(moment.in_timezone(tz).date())


@attrs.frozen(kw_only=True)
class FiscalCalendar:
    """A fiscal year that starts on the first day of ``start_month``.

    ``naming`` says which calendar year names a fiscal year that straddles
    two (by default the year it ends in, as most companies with a July or
    October year do). With ``start_month=1`` fiscal and calendar years match.

    >>> cal = FiscalCalendar(start_month=10)
    >>> cal.fiscal_year_of(pendulum.Date(2026, 11, 22)), cal.quarter_of(pendulum.Date(2026, 11, 22))
    (2027, 1)
    """

    start_month: int = attrs.field(default=1, validator=_month_number)
    naming: FiscalYearNaming = attrs.field(
        default=FiscalYearNaming.ENDING, validator=is_enum(FiscalYearNaming)
    )

    # -- where a day falls -------------------------------------------------------

    def _offset(self) -> int:
        """Calendar year of the fiscal year's start minus its name."""
        if self.start_month == 1 or self.naming is FiscalYearNaming.STARTING:
            return 0
        return -1

    def fiscal_year_of(self, day: pendulum.Date) -> int:
        """The fiscal year ``day`` belongs to."""
        value = check_date(day, "day")
        start_year = value.year if value.month >= self.start_month else value.year - 1
        return start_year - self._offset()

    def month_of(self, day: pendulum.Date) -> int:
        """The fiscal month number (1-12) of ``day``."""
        value = check_date(day, "day")
        return (value.month - self.start_month) % 12 + 1

    def quarter_of(self, day: pendulum.Date) -> int:
        """The fiscal quarter number (1-4) of ``day``."""
        return (self.month_of(day) - 1) // 3 + 1

    def period_of(self, day: pendulum.Date, kind: PeriodKind) -> Period:
        """The fiscal period of ``kind`` that contains ``day``."""
        month = self.month_of(day)
        number = (month - 1) // kind.months + 1
        return self.period(kind, self.fiscal_year_of(day), number)

    # -- periods by name ---------------------------------------------------------

    def year_start(self, fiscal_year: int) -> pendulum.Date:
        """The first day of ``fiscal_year``."""
        if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int):
            fail("fiscal_year", f"expected a whole year, got {fiscal_year!r}")
        year = fiscal_year + self._offset()
        last = year if self.start_month == 1 else year + 1
        if year < 1 or last > 9999:
            fail("fiscal_year", f"fiscal year {fiscal_year} falls outside the years 1 to 9999")
        return pendulum.Date(year, self.start_month, 1)

    def period(self, kind: PeriodKind, fiscal_year: int, number: int = 1) -> Period:
        """Period ``number`` of ``kind`` in ``fiscal_year`` (1 for the year itself)."""
        if not isinstance(kind, PeriodKind):
            fail("kind", f"expected a PeriodKind, got {kind!r}")
        if not isinstance(number, int) or not 1 <= number <= kind.per_year:
            fail("number", f"a fiscal year has {kind.per_year} {kind.value}(s), got {number!r}")
        start = self.year_start(fiscal_year).add(months=(number - 1) * kind.months)
        end = _last_day(start, kind.months)
        return Period(kind=kind, fiscal_year=fiscal_year, number=number, start=start, end=end)

    def shift(self, period: Period, steps: int) -> Period:
        """The period ``steps`` periods after ``period`` (before it when negative)."""
        index = period.fiscal_year * period.kind.per_year + (period.number - 1) + steps
        year, offset = divmod(index, period.kind.per_year)
        return self.period(period.kind, year, offset + 1)

    def periods_between(self, first: Period, last: Period) -> tuple[Period, ...]:
        """Every period from ``first`` to ``last``, both included, in order."""
        if first.kind is not last.kind:
            fail("last", f"expected a {first.kind.value} like first, got a {last.kind.value}")
        if last.start < first.start:
            fail("last", f"{last.label} comes before {first.label}")
        return tuple(self._walk(first, last))

    def _walk(self, first: Period, last: Period) -> Iterator[Period]:
        current = first
        while current.start <= last.start:
            yield current
            current = self.shift(current, 1)

    def periods(
        self, kind: PeriodKind, start: pendulum.Date, end: pendulum.Date
    ) -> tuple[Period, ...]:
        """The periods of ``kind`` that overlap the days ``start`` to ``end``."""
        first_day = check_date(start, "start")
        last_day = check_date(end, "end")
        if last_day < first_day:
            fail("end", f"{last_day} is before start {first_day}")
        return self.periods_between(self.period_of(first_day, kind), self.period_of(last_day, kind))


def _last_day(start: pendulum.Date, months: int) -> pendulum.Date:
    """The last day of the ``months`` months that begin with ``start``'s month.

    Computed from the calendar, not as "start + months - 1 day", so a period
    ending on 9999-12-31 does not overflow into the year 10000.
    """
    index = start.year * 12 + start.month - 1 + months - 1
    year, month = divmod(index, 12)
    return pendulum.Date(year, month + 1, calendar.monthrange(year, month + 1)[1])
