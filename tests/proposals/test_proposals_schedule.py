"""The solution plan, its schedule on business days, its staffing and services estimate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import FiscalCalendar, PeriodKind, money
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.proposals import (
    Schedule,
    ServiceRole,
    ServicesEstimate,
    SolutionPlan,
    StaffingPlan,
    is_business_day,
    next_business_day,
)
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    SCHEDULE_START,
    make_schedule,
    make_service_role,
    make_solution_plan,
    make_solution_task,
    make_staffing_plan,
)

# -- the plan ----------------------------------------------------------------------------


def test_a_dependency_cycle_is_an_error_naming_the_cycle() -> None:
    tasks = (
        make_solution_task("T1", depends_on=("T3",)),
        make_solution_task("T2", depends_on=("T1",)),
        make_solution_task("T3", depends_on=("T2",)),
    )
    with pytest.raises(ValidationError) as error:
        make_solution_plan(tasks=tasks)
    assert error.value.field == "tasks"
    assert "T1 -> T3 -> T2 -> T1" in error.value.reason


def test_a_task_cannot_depend_on_itself() -> None:
    with pytest.raises(ValidationError) as error:
        make_solution_task("T1", depends_on=("T1",))
    assert error.value.field == "depends_on"


def test_a_dependency_on_an_unknown_task_is_named() -> None:
    with pytest.raises(ValidationError) as error:
        make_solution_plan(tasks=(make_solution_task("T1", depends_on=("T9",)),))
    assert error.value.field == "tasks[0].depends_on[0]"


def test_a_task_for_an_unknown_role_or_deliverable_is_named() -> None:
    with pytest.raises(ValidationError) as error:
        make_solution_plan(tasks=(make_solution_task(role="welder"),))
    assert error.value.field == "tasks[0].role"
    with pytest.raises(ValidationError) as error:
        make_solution_plan(tasks=(make_solution_task(deliverable="D9"),))
    assert error.value.field == "tasks[0].deliverable"


def test_task_keys_are_unique() -> None:
    with pytest.raises(ValidationError) as error:
        make_solution_plan(tasks=(make_solution_task("T1"), make_solution_task("T1")))
    assert error.value.field == "tasks[1].key"


def test_effort_is_kept_to_the_hundredth_of_an_hour() -> None:
    with pytest.raises(ValidationError) as error:
        make_solution_task(effort_hours=Decimal("1.005"))
    assert error.value.field == "effort_hours"
    bad: Any = 1.5
    with pytest.raises(ValidationError):
        make_solution_task(effort_hours=bad)


def test_roles_rate_in_one_currency() -> None:
    with pytest.raises(CurrencyMismatch):
        ServiceRole(name="engineer", bill_rate=money("1.00", "EUR"), cost_rate=money("1.00", "USD"))
    usd = ServiceRole(name="pm", bill_rate=money("1.00", "USD"), cost_rate=money("1.00", "USD"))
    with pytest.raises(CurrencyMismatch):
        make_solution_plan(roles=(make_service_role(), usd))


def test_the_services_estimate_is_effort_times_bill_rate_per_role() -> None:
    estimate = make_solution_plan().services_estimate()
    engineer, manager = estimate.lines
    assert (engineer.role, engineer.hours, engineer.amount) == (
        "engineer",
        Decimal(176),
        money("26400.00", "EUR"),
    )
    assert manager.amount == money("10800.00", "EUR")
    assert estimate.total == money("37200.00", "EUR")
    assert estimate.cost == money("22440.00", "EUR")
    assert estimate.explain().splitlines()[0] == "engineer: 176 h x 150.00 = 26400.00 EUR"


# -- the schedule ------------------------------------------------------------------------


def test_tasks_start_the_business_day_after_their_dependencies_end() -> None:
    schedule = make_schedule()
    t1, t2, t3, t4 = schedule.tasks
    assert (t1.start, t1.end) == (pendulum.Date(2026, 3, 6), pendulum.Date(2026, 3, 9))
    assert t2.start == pendulum.Date(2026, 3, 10)  # Tuesday after T1 ends on Monday
    assert t3.start == SCHEDULE_START
    assert t4.start == next_business_day(t2.end.add(days=1))
    assert [(m.deliverable, m.due, m.last_task) for m in schedule.milestones] == [
        ("D1", t3.end, "T3"),
        ("D2", t4.end, "T4"),
    ]
    assert schedule.end == t4.end


def test_holidays_and_weekends_are_not_worked() -> None:
    holiday = pendulum.Date(2026, 3, 9)
    schedule = Schedule.of(
        make_solution_plan(), start=pendulum.Date(2026, 3, 7), holidays=[holiday]
    )
    t1 = schedule.task("T1")
    assert t1.start == pendulum.Date(2026, 3, 10)  # Saturday start, Monday off
    assert schedule.working_days("T1") == (pendulum.Date(2026, 3, 10), pendulum.Date(2026, 3, 11))
    assert not is_business_day(holiday, frozenset({holiday}))


def test_a_schedule_explains_every_task_and_milestone() -> None:
    text = make_schedule().explain()
    assert "T2 (engineer): 2026-03-10 to 2026-03-16, 5 business day(s) after T1" in text
    assert text.splitlines()[-1].startswith("milestone D2")


def test_a_stored_schedule_whose_task_starts_before_its_dependency_ends_is_refused() -> None:
    schedule = make_schedule()
    early = attrs.evolve(schedule.tasks[1], start=schedule.tasks[0].end)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(schedule, tasks=(schedule.tasks[0], early, *schedule.tasks[2:]))
    assert error.value.field == "tasks[1].start"


def test_scheduling_needs_a_plan_and_a_date() -> None:
    bad: Any = "plan"
    with pytest.raises(ValidationError) as error:
        Schedule.of(bad, start=SCHEDULE_START)
    assert error.value.field == "plan"
    with pytest.raises(ValidationError) as error:
        Schedule.of(make_solution_plan(), start=pendulum.datetime(2026, 3, 6, tz="UTC"))
    assert error.value.field == "start"


@given(strategies.schedules())
def test_every_task_starts_after_all_its_dependencies_end(schedule: Schedule) -> None:
    ends = {task.task_key: task.end for task in schedule.tasks}
    off = frozenset(schedule.holidays)
    for task in schedule.tasks:
        assert task.start >= schedule.start
        assert is_business_day(task.start, off)
        assert is_business_day(task.end, off)
        assert len(schedule.working_days(task.task_key)) == task.duration_days
        for key in task.depends_on:
            assert task.start > ends[key]


@given(strategies.schedules())
def test_a_task_without_a_reason_to_wait_starts_as_early_as_it_can(schedule: Schedule) -> None:
    ends = {task.task_key: task.end for task in schedule.tasks}
    off = frozenset(schedule.holidays)
    for task in schedule.tasks:
        earliest = next_business_day(schedule.start, off)
        for key in task.depends_on:
            earliest = max(earliest, next_business_day(ends[key].add(days=1), off))
        assert task.start == earliest


# -- staffing ------------------------------------------------------------------------------


def test_staffing_spreads_effort_over_the_worked_days_per_fiscal_month() -> None:
    plan = make_solution_plan()
    staffing = StaffingPlan.of(
        plan, Schedule.of(plan, start=pendulum.Date(2026, 3, 20)), FiscalCalendar()
    )
    assert [(line.role, line.period.label, line.hours) for line in staffing.lines] == [
        ("engineer", "FY2026 M03", Decimal("68.00")),
        ("project_manager", "FY2026 M03", Decimal("32.00")),
        ("engineer", "FY2026 M04", Decimal("108.00")),
        ("project_manager", "FY2026 M04", Decimal("28.00")),
    ]
    assert staffing.total_cost == money("22440.00", "EUR")
    assert staffing.hours_by_role() == (
        ("engineer", Decimal("176.00")),
        ("project_manager", Decimal("60.00")),
    )


def test_staffing_by_quarter_of_a_july_fiscal_year() -> None:
    staffing = StaffingPlan.of(
        make_solution_plan(),
        make_schedule(),
        FiscalCalendar(start_month=7),
        kind=PeriodKind.QUARTER,
    )
    assert {line.period.label for line in staffing.lines} == {"FY2026 Q3"}


def test_staffing_needs_the_plans_schedule() -> None:
    other = make_solution_plan(tasks=(make_solution_task("T9"),))
    with pytest.raises(ValidationError) as error:
        StaffingPlan.of(other, make_schedule(), FiscalCalendar())
    assert error.value.field == "schedule"


@given(strategies.solution_plans(), st.sampled_from((PeriodKind.MONTH, PeriodKind.QUARTER)))
def test_staffing_hours_add_up_to_the_plans_effort_exactly(
    plan: SolutionPlan, kind: PeriodKind
) -> None:
    staffing = StaffingPlan.of(
        plan, Schedule.of(plan, start=SCHEDULE_START), FiscalCalendar(), kind=kind
    )
    assert dict(staffing.hours_by_role()) == {
        role: hours for role, hours in plan.effort_by_role() if hours
    }
    assert staffing.total_hours == sum((t.effort_hours for t in plan.tasks), Decimal(0))
    assert staffing.total_cost.currency.code == plan.currency


def test_the_default_staffing_plan_explains_its_totals() -> None:
    assert make_staffing_plan().explain().splitlines()[-1] == "total 236.00 h, 22440.00 EUR"


def test_estimates_and_staffing_name_a_real_currency_their_lines_share() -> None:
    estimate = make_solution_plan().services_estimate()
    with pytest.raises(ValidationError) as error:
        ServicesEstimate(currency="eur", lines=estimate.lines)
    assert error.value.field == "currency"
    with pytest.raises(CurrencyMismatch):
        ServicesEstimate(currency="USD", lines=estimate.lines)
    staffing = make_staffing_plan()
    with pytest.raises(CurrencyMismatch):
        StaffingPlan(currency="USD", lines=staffing.lines)


@pytest.mark.parametrize(
    ("holidays", "field"),
    [(None, "holidays"), (5, "holidays"), ("2026-03-10", "holidays"), (["x"], "holidays[0]")],
)
def test_holidays_that_are_not_dates_are_refused(holidays: Any, field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Schedule.of(make_solution_plan(), start=SCHEDULE_START, holidays=holidays)
    assert raised.value.field == field


def test_holidays_may_be_given_once_as_a_generator() -> None:
    day = pendulum.Date(2026, 3, 10)
    schedule = Schedule.of(make_solution_plan(), start=SCHEDULE_START, holidays=iter([day]))
    assert schedule.holidays == (day,)


def test_a_plan_that_would_end_after_the_calendar_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        Schedule.of(make_solution_plan(), start=pendulum.Date(9999, 12, 20))
    assert raised.value.field == "start"


@pytest.mark.parametrize("day", ["2026-03-09", None, pendulum.datetime(2026, 3, 9, tz="UTC")])
def test_business_day_helpers_refuse_what_is_not_a_day(day: Any) -> None:
    for helper in (is_business_day, next_business_day):
        with pytest.raises(ValidationError) as raised:
            helper(day)
        assert raised.value.field == "day"


def test_business_day_helpers_check_their_holidays() -> None:
    monday = pendulum.Date(2026, 3, 9)
    assert not is_business_day(monday, frozenset({monday}))
    assert next_business_day(monday, frozenset({monday})) == pendulum.Date(2026, 3, 10)
    bad: Any = frozenset({"2026-03-09"})
    with pytest.raises(ValidationError) as raised:
        is_business_day(monday, bad)
    assert raised.value.field == "holidays[0]"


def test_no_business_day_follows_the_last_day_of_the_calendar() -> None:
    last = pendulum.Date(9999, 12, 31)
    with pytest.raises(ValidationError) as raised:
        next_business_day(last, frozenset({last}))
    assert raised.value.field == "day"
