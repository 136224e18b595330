"""The delivery schedule (PCF 3.5.3.9 scheduling estimates): every task placed on business
days after the tasks it depends on, and a milestone per deliverable."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import attrs
import pendulum

from pcf_sales.core._validate import (
    check_date,
    describe,
    fail,
    is_date,
    is_int,
    is_tuple_of,
    to_date,
    to_tuple,
)
from pcf_sales.proposals._requirements import is_key
from pcf_sales.proposals._solution import SolutionPlan

__all__ = [
    "Milestone",
    "Schedule",
    "ScheduledTask",
    "is_business_day",
    "next_business_day",
    "working_days",
]

_SATURDAY: Final = 5
_LAST_DAY: Final = pendulum.Date.max.toordinal()


def is_business_day(day: pendulum.Date, holidays: frozenset[pendulum.Date] = frozenset()) -> bool:
    """True for Monday to Friday, unless ``day`` is one of ``holidays``."""
    given = check_date(day, "day")
    return given.weekday() < _SATURDAY and given.toordinal() not in _days_off(holidays)


def next_business_day(
    day: pendulum.Date, holidays: frozenset[pendulum.Date] = frozenset()
) -> pendulum.Date:
    """``day`` itself when it is a business day, else the first business day after it."""
    given = check_date(day, "day")
    found = _next_working(given.toordinal(), _days_off(holidays))
    if found > _LAST_DAY:
        fail("day", f"no business day follows {given} in the calendar")
    return pendulum.Date.fromordinal(found)


def _holiday_dates(holidays: Iterable[pendulum.Date]) -> tuple[pendulum.Date, ...]:
    """``holidays`` as calendar dates, each checked."""
    days = to_tuple(holidays)
    if not isinstance(days, tuple):
        fail("holidays", f"expected a collection of dates, got {describe(holidays)}")
    return tuple(check_date(d, f"holidays[{i}]") for i, d in enumerate(days))


def _days_off(holidays: Iterable[pendulum.Date]) -> frozenset[int]:
    """The ordinals of ``holidays``, each checked to be a calendar date."""
    return frozenset(d.toordinal() for d in _holiday_dates(holidays))


# Days are counted as proleptic Gregorian ordinals inside the scheduler: ordinal 1 is
# Monday 1 January of year 1, so the weekday of ordinal ``n`` is ``(n - 1) % 7``.


def _next_working(ordinal: int, off: frozenset[int]) -> int:
    while (ordinal - 1) % 7 >= _SATURDAY or ordinal in off:
        ordinal += 1
    return ordinal


def working_days(start: int, count: int, off: frozenset[int]) -> list[int]:
    """``count`` business days from ordinal ``start`` (a business day), skipping ``off``."""
    days = [start]
    while len(days) < count:
        days.append(_next_working(days[-1] + 1, off))
    return days


@attrs.frozen(kw_only=True)
class ScheduledTask:
    """A task placed on the calendar: it works ``duration_days`` business days from
    ``start`` to ``end`` (both included)."""

    task_key: str = attrs.field(validator=is_key)
    role: str = attrs.field(validator=is_key)
    start: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    end: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    duration_days: int = attrs.field(validator=is_int(minimum=1, maximum=1000))
    depends_on: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(is_key, unique=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            fail("end", f"{self.end} is before the start {self.start}")


@attrs.frozen(kw_only=True)
class Milestone:
    """A deliverable's completion: the day its last task ends."""

    deliverable: str = attrs.field(validator=is_key)
    due: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    last_task: str = attrs.field(validator=is_key)


def _holidays(value: Iterable[pendulum.Date]) -> tuple[pendulum.Date, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(d, pendulum.Date) for d in items):
        return tuple(sorted(set(items)))
    return items


def _dates(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(is_date)(inst, attr, value)


@attrs.frozen(kw_only=True)
class Schedule:
    """Every task on business days and a milestone per deliverable with tasks.

    Build it with :meth:`of`: each task starts on the first business day
    after the last of its dependencies ends (a task without dependencies on
    the first business day from ``start``), and ends ``duration_days - 1``
    business days later. Weekends and ``holidays`` are not worked.

    >>> from pcf_sales.testing.factories import make_solution_plan
    >>> schedule = Schedule.of(make_solution_plan(), start=pendulum.Date(2026, 3, 6))
    >>> [(t.task_key, str(t.start), str(t.end)) for t in schedule.tasks][:2]
    [('T1', '2026-03-06', '2026-03-09'), ('T2', '2026-03-10', '2026-03-16')]
    """

    start: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    holidays: tuple[pendulum.Date, ...] = attrs.field(
        default=(), converter=_holidays, validator=_dates
    )
    tasks: tuple[ScheduledTask, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(ScheduledTask)
    )
    milestones: tuple[Milestone, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(Milestone)
    )

    def __attrs_post_init__(self) -> None:
        ends = {t.task_key: t.end for t in self.tasks}
        for index, task in enumerate(self.tasks):
            if task.start < self.start:
                fail(f"tasks[{index}].start", f"{task.start} is before the schedule starts")
            for key in task.depends_on:
                if key not in ends:
                    fail(f"tasks[{index}].depends_on", f"no scheduled task {key!r}")
                if task.start <= ends[key]:
                    fail(f"tasks[{index}].start", f"starts before {key!r} ends on {ends[key]}")

    @classmethod
    def of(
        cls,
        plan: SolutionPlan,
        *,
        start: pendulum.Date,
        holidays: Iterable[pendulum.Date] = (),
    ) -> Schedule:
        """Schedule ``plan`` from ``start``, skipping weekends and ``holidays``."""
        if not isinstance(plan, SolutionPlan):
            fail("plan", f"expected a SolutionPlan, got {describe(plan)}")
        first = check_date(start, "start")
        days = _holiday_dates(holidays)
        off = frozenset(d.toordinal() for d in days)
        begin = _next_working(first.toordinal(), off)
        ends: dict[str, int] = {}
        placed: dict[str, ScheduledTask] = {}
        for task in plan.ordered_tasks():
            ready = begin
            for key in task.depends_on:
                ready = max(ready, _next_working(ends[key] + 1, off))
            end = working_days(ready, task.duration_days, off)[-1]
            if end > _LAST_DAY:
                fail("start", f"from {first} the plan would end after the last calendar day")
            ends[task.key] = end
            placed[task.key] = ScheduledTask(
                task_key=task.key,
                role=task.role,
                start=pendulum.Date.fromordinal(ready),
                end=pendulum.Date.fromordinal(end),
                duration_days=task.duration_days,
                depends_on=task.depends_on,
            )
        scheduled = tuple(placed[t.key] for t in plan.tasks)
        last: dict[str, ScheduledTask] = {}
        for task in plan.tasks:
            done = placed[task.key]
            current = last.get(task.deliverable)
            if current is None or done.end > current.end:
                last[task.deliverable] = done
        milestones = [
            Milestone(deliverable=d.key, due=last[d.key].end, last_task=last[d.key].task_key)
            for d in plan.deliverables
            if d.key in last
        ]
        return cls(start=first, holidays=days, tasks=scheduled, milestones=milestones)

    @property
    def end(self) -> pendulum.Date:
        """The day the last task ends (the start when there are no tasks)."""
        return max((t.end for t in self.tasks), default=self.start)

    def task(self, key: str) -> ScheduledTask:
        """The scheduled task under ``key``."""
        found = [t for t in self.tasks if t.task_key == key]
        if not found:
            fail("key", f"no scheduled task {key!r}")
        return found[0]

    def working_days(self, task_key: str) -> tuple[pendulum.Date, ...]:
        """The business days task ``task_key`` is worked on."""
        task = self.task(task_key)
        off = frozenset(d.toordinal() for d in self.holidays)
        days = working_days(task.start.toordinal(), task.duration_days, off)
        return tuple(pendulum.Date.fromordinal(d) for d in days)

    def explain(self) -> str:
        """Every task's dates, then the milestones."""
        lines = [
            f"{t.task_key} ({t.role}): {t.start} to {t.end}, {t.duration_days} business day(s)"
            + (f" after {', '.join(t.depends_on)}" if t.depends_on else "")
            for t in self.tasks
        ]
        lines.extend(f"milestone {m.deliverable}: {m.due}" for m in self.milestones)
        return "\n".join(lines)
