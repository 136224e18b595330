"""Explicit time: aware instants, fiscal calendars and the periods they cut a year into."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import FiscalCalendar, FiscalYearNaming, Period, PeriodKind, instant
from pcf_sales.errors import ValidationError
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import FIXED_INSTANT, make_fiscal_calendar, make_period

D = pendulum.Date

# --- instants --------------------------------------------------------------------


def test_an_aware_instant_keeps_its_offset() -> None:
    at = instant(pendulum.datetime(2026, 3, 2, 9, 30, tz="Europe/Berlin"))
    assert at.isoformat() == "2026-03-02T09:30:00+01:00"


def test_an_aware_stdlib_datetime_becomes_a_pendulum_instant_of_the_same_moment() -> None:
    given_value = dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    at = instant(given_value)
    assert isinstance(at, pendulum.DateTime)
    assert at == given_value
    assert at.utcoffset() == dt.timedelta(hours=-5)


def test_a_naive_datetime_is_refused_and_the_field_is_named() -> None:
    with pytest.raises(ValidationError) as raised:
        instant(dt.datetime(2026, 3, 2, 9))  # noqa: DTZ001 - the naive value under test
    assert raised.value.field == "instant"
    assert "naive" in raised.value.reason
    assert "tz=" in raised.value.reason


@pytest.mark.parametrize("value", [dt.date(2026, 3, 2), "2026-03-02T09:00:00Z", 1772442000])
def test_something_that_is_not_a_datetime_is_refused(value: object) -> None:
    with pytest.raises(ValidationError) as raised:
        instant(value)  # type: ignore[arg-type]
    assert raised.value.field == "instant"


# --- the calendar ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_month", "naming", "day", "year", "quarter", "month"),
    [
        (1, FiscalYearNaming.ENDING, D(2026, 1, 1), 2026, 1, 1),
        (1, FiscalYearNaming.ENDING, D(2026, 12, 31), 2026, 4, 12),
        (1, FiscalYearNaming.STARTING, D(2026, 7, 15), 2026, 3, 7),
        (4, FiscalYearNaming.ENDING, D(2026, 3, 31), 2026, 4, 12),
        (4, FiscalYearNaming.ENDING, D(2026, 4, 1), 2027, 1, 1),
        (4, FiscalYearNaming.STARTING, D(2026, 4, 1), 2026, 1, 1),
        (4, FiscalYearNaming.STARTING, D(2027, 2, 14), 2026, 4, 11),
        (10, FiscalYearNaming.ENDING, D(2026, 11, 22), 2027, 1, 2),
        (10, FiscalYearNaming.ENDING, D(2026, 9, 30), 2026, 4, 12),
        (10, FiscalYearNaming.STARTING, D(2026, 11, 22), 2026, 1, 2),
        (10, FiscalYearNaming.STARTING, D(2027, 7, 1), 2026, 4, 10),
        (7, FiscalYearNaming.ENDING, D(2026, 11, 22), 2027, 2, 5),
    ],
)
def test_a_day_has_a_fiscal_year_quarter_and_month(
    start_month: int, naming: FiscalYearNaming, day: D, year: int, quarter: int, month: int
) -> None:
    cal = make_fiscal_calendar(start_month, naming)
    assert (cal.fiscal_year_of(day), cal.quarter_of(day), cal.month_of(day)) == (
        year,
        quarter,
        month,
    )


@pytest.mark.parametrize(
    ("start_month", "kind", "number", "label", "start", "end"),
    [
        (1, PeriodKind.YEAR, 1, "FY2026", D(2026, 1, 1), D(2026, 12, 31)),
        (1, PeriodKind.QUARTER, 1, "FY2026 Q1", D(2026, 1, 1), D(2026, 3, 31)),
        (1, PeriodKind.MONTH, 2, "FY2026 M02", D(2026, 2, 1), D(2026, 2, 28)),
        (4, PeriodKind.YEAR, 1, "FY2026", D(2025, 4, 1), D(2026, 3, 31)),
        (4, PeriodKind.QUARTER, 4, "FY2026 Q4", D(2026, 1, 1), D(2026, 3, 31)),
        (4, PeriodKind.MONTH, 11, "FY2026 M11", D(2026, 2, 1), D(2026, 2, 28)),
        (10, PeriodKind.YEAR, 1, "FY2026", D(2025, 10, 1), D(2026, 9, 30)),
        (10, PeriodKind.QUARTER, 2, "FY2026 Q2", D(2026, 1, 1), D(2026, 3, 31)),
        (10, PeriodKind.MONTH, 12, "FY2026 M12", D(2026, 9, 1), D(2026, 9, 30)),
    ],
)
def test_a_named_period_starts_and_ends_where_the_calendar_says(
    start_month: int, kind: PeriodKind, number: int, label: str, start: D, end: D
) -> None:
    period = make_fiscal_calendar(start_month).period(kind, 2026, number)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert period.days == (end - start).in_days() + 1


def test_a_february_in_a_leap_year_has_29_days() -> None:
    assert make_fiscal_calendar(3).period(PeriodKind.MONTH, 2028, 12).days == 29
    assert make_fiscal_calendar(3).period(PeriodKind.YEAR, 2028).days == 366


@given(strategies.dates())
def test_with_a_january_start_fiscal_and_calendar_years_match_however_named(day: D) -> None:
    for naming in FiscalYearNaming:
        cal = make_fiscal_calendar(1, naming)
        assert cal.fiscal_year_of(day) == day.year
        assert cal.month_of(day) == day.month


@given(st.integers(min_value=2, max_value=12), strategies.dates())
def test_a_year_named_by_its_end_is_one_more_than_when_named_by_its_start(
    start_month: int, day: D
) -> None:
    ending = make_fiscal_calendar(start_month, FiscalYearNaming.ENDING)
    starting = make_fiscal_calendar(start_month, FiscalYearNaming.STARTING)
    assert ending.fiscal_year_of(day) == starting.fiscal_year_of(day) + 1
    assert ending.year_start(ending.fiscal_year_of(day)) == starting.year_start(
        starting.fiscal_year_of(day)
    )


@given(strategies.fiscal_calendars(), strategies.dates())
def test_every_day_falls_in_exactly_one_quarter_of_its_fiscal_year(
    cal: FiscalCalendar, day: D
) -> None:
    year = cal.fiscal_year_of(day)
    quarters = [cal.period(PeriodKind.QUARTER, year, n) for n in range(1, 5)]
    holding = [q for q in quarters if q.contains(day)]
    assert len(holding) == 1
    assert holding[0].number == cal.quarter_of(day)
    assert holding[0] == cal.period_of(day, PeriodKind.QUARTER)


@given(strategies.fiscal_calendars(), strategies.dates(), st.sampled_from(PeriodKind))
def test_the_period_of_a_day_contains_it_and_belongs_to_its_fiscal_year(
    cal: FiscalCalendar, day: D, kind: PeriodKind
) -> None:
    period = cal.period_of(day, kind)
    assert period.kind is kind
    assert period.contains(day)
    assert period.fiscal_year == cal.fiscal_year_of(day)
    assert cal.period(PeriodKind.YEAR, period.fiscal_year).start <= period.start


@given(
    strategies.fiscal_calendars(),
    st.integers(min_value=2000, max_value=2100),
    st.sampled_from([PeriodKind.QUARTER, PeriodKind.MONTH]),
)
def test_the_periods_of_a_year_tile_it_without_gap_or_overlap(
    cal: FiscalCalendar, fiscal_year: int, kind: PeriodKind
) -> None:
    year = cal.period(PeriodKind.YEAR, fiscal_year)
    parts = [cal.period(kind, fiscal_year, n) for n in range(1, kind.per_year + 1)]
    assert parts[0].start == year.start == cal.year_start(fiscal_year)
    assert parts[-1].end == year.end
    for before, after in itertools.pairwise(parts):
        assert before.end.add(days=1) == after.start
    assert sum(p.days for p in parts) == year.days
    assert cal.period(PeriodKind.YEAR, fiscal_year + 1).start == year.end.add(days=1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start_month": 0}, "start_month"),
        ({"start_month": 13}, "start_month"),
        ({"start_month": "4"}, "start_month"),
        ({"start_month": True}, "start_month"),
        ({"naming": "ending"}, "naming"),
    ],
)
def test_a_bad_calendar_is_refused_with_the_field_named(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        FiscalCalendar(**kwargs)  # type: ignore[arg-type]
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("method", "argument"),
    [("fiscal_year_of", FIXED_INSTANT), ("month_of", "2026-03-02"), ("quarter_of", None)],
)
def test_a_calendar_question_about_something_that_is_not_a_day_names_the_day(
    method: str, argument: object
) -> None:
    with pytest.raises(ValidationError) as raised:
        getattr(make_fiscal_calendar(), method)(argument)
    assert raised.value.field == "day"


@pytest.mark.parametrize(
    ("kind", "number", "field"),
    [
        ("quarter", 1, "kind"),
        (PeriodKind.QUARTER, 5, "number"),
        (PeriodKind.QUARTER, 0, "number"),
        (PeriodKind.MONTH, 13, "number"),
        (PeriodKind.YEAR, 2, "number"),
        (PeriodKind.QUARTER, "1", "number"),
    ],
)
def test_a_period_that_does_not_exist_is_refused(kind: object, number: object, field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        make_fiscal_calendar(4).period(kind, 2026, number)  # type: ignore[arg-type]
    assert raised.value.field == field


@pytest.mark.parametrize("fiscal_year", [0, 10_000, "2026"])
def test_a_fiscal_year_outside_1_to_9999_is_refused_with_the_field_named(
    fiscal_year: object,
) -> None:
    with pytest.raises(ValidationError) as raised:
        make_fiscal_calendar(7).period(PeriodKind.YEAR, fiscal_year)  # type: ignore[arg-type]
    assert raised.value.field == "fiscal_year"


def test_the_last_fiscal_year_a_period_accepts_can_be_built_from_a_calendar() -> None:
    period = make_fiscal_calendar(1).period(PeriodKind.YEAR, 9999)
    assert (period.start, period.end) == (D(9999, 1, 1), D(9999, 12, 31))


# --- periods ---------------------------------------------------------------------


def test_a_period_contains_both_its_first_and_last_day() -> None:
    q = make_period()  # FY2026 Q1 of a calendar year
    assert q.contains(D(2026, 1, 1))
    assert q.contains(D(2026, 3, 31))
    assert not q.contains(D(2025, 12, 31))
    assert not q.contains(D(2026, 4, 1))


def test_an_instant_is_placed_by_its_calendar_day_in_the_zone_asked_for() -> None:
    q = make_period()
    late_on_new_years_eve = pendulum.datetime(2025, 12, 31, 23, 30, tz="UTC")
    assert not q.contains_instant(late_on_new_years_eve)
    assert q.contains_instant(late_on_new_years_eve, tz="Europe/Berlin")


def test_a_period_asked_about_a_datetime_or_a_naive_instant_names_the_argument() -> None:
    q = make_period()
    with pytest.raises(ValidationError) as raised:
        q.contains(FIXED_INSTANT)
    assert raised.value.field == "day"
    with pytest.raises(ValidationError) as raised:
        q.contains_instant(dt.datetime(2026, 1, 5))  # type: ignore[arg-type]  # noqa: DTZ001
    assert raised.value.field == "at"


def test_periods_have_no_order_of_their_own_compare_their_starts() -> None:
    q1, q2 = make_period(number=1), make_period(number=2)
    with pytest.raises(TypeError):
        _ = q1 < q2  # type: ignore[operator]
    assert q1.start < q2.start


@given(strategies.periods(), st.integers(min_value=-30, max_value=30))
def test_shifting_a_period_moves_it_by_whole_periods_and_back(period: Period, steps: int) -> None:
    cal = make_fiscal_calendar()
    here = cal.period_of(period.start, period.kind)
    there = cal.shift(here, steps)
    assert there.kind is here.kind
    assert cal.shift(there, -steps) == here
    following = cal.shift(here, 1)
    assert following.start == here.end.add(days=1)
    assert cal.shift(following, -1) == here


def test_the_period_after_the_last_quarter_is_the_first_of_the_next_year() -> None:
    cal = make_fiscal_calendar(10)
    q4 = cal.period(PeriodKind.QUARTER, 2026, 4)
    assert cal.shift(q4, 1) == cal.period(PeriodKind.QUARTER, 2027, 1)
    assert cal.shift(cal.period(PeriodKind.MONTH, 2026, 1), -1).label == "FY2025 M12"


@given(strategies.fiscal_calendars(), strategies.dates(), strategies.dates())
def test_the_periods_over_a_range_of_days_cover_it_in_order_without_gaps(
    cal: FiscalCalendar, a: D, b: D
) -> None:
    start, end = min(a, b), max(a, b)
    found = cal.periods(PeriodKind.MONTH, start, end)
    assert found[0].contains(start)
    assert found[-1].contains(end)
    for before, after in itertools.pairwise(found):
        assert before.end.add(days=1) == after.start
    assert cal.periods_between(found[0], found[-1]) == found


def test_the_quarters_over_a_range_are_listed_even_when_it_crosses_a_fiscal_year() -> None:
    cal = make_fiscal_calendar(4)
    labels = [p.label for p in cal.periods(PeriodKind.QUARTER, D(2026, 2, 10), D(2026, 7, 1))]
    assert labels == ["FY2026 Q4", "FY2027 Q1", "FY2027 Q2"]


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    cal = make_fiscal_calendar()
    with pytest.raises(ValidationError) as raised:
        cal.periods(PeriodKind.MONTH, D(2026, 5, 1), D(2026, 4, 30))
    assert raised.value.field == "end"
    with pytest.raises(ValidationError) as raised:
        cal.periods_between(make_period(number=2), make_period(number=1))
    assert raised.value.field == "last"
    with pytest.raises(ValidationError) as raised:
        cal.periods_between(make_period(), make_period(PeriodKind.MONTH))
    assert raised.value.field == "last"


def test_a_period_built_by_hand_must_span_whole_months_of_its_kind() -> None:
    with pytest.raises(ValidationError) as raised:
        Period(
            kind=PeriodKind.QUARTER,
            fiscal_year=2026,
            number=1,
            start=D(2026, 1, 1),
            end=D(2026, 4, 1),
        )
    assert raised.value.field == "end"
    with pytest.raises(ValidationError) as raised:
        Period(
            kind=PeriodKind.MONTH,
            fiscal_year=2026,
            number=13,
            start=D(2026, 1, 1),
            end=D(2026, 1, 31),
        )
    assert raised.value.field == "number"


def test_a_period_starting_after_the_first_of_a_month_names_the_start() -> None:
    with pytest.raises(ValidationError) as raised:
        Period(
            kind=PeriodKind.QUARTER,
            fiscal_year=2026,
            number=1,
            start=D(2026, 1, 2),
            end=D(2026, 4, 1),
        )
    assert raised.value.field == "start"


def test_a_period_is_immutable() -> None:
    q = make_period()
    before = attrs.evolve(q)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        q.number = 2  # type: ignore[misc]
    assert q == before
