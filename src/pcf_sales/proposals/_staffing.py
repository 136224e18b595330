"""Staffing requirements (PCF 3.5.3.8): the hours and cost of each role in each fiscal
period, from the tasks' effort spread over the business days they are worked."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, FiscalCalendar, Period, PeriodKind, round_amount
from pcf_sales.core._validate import (
    describe,
    fail,
    is_decimal,
    is_instance,
    is_tuple_of,
    to_decimal,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.opportunities._checks import money_validator
from pcf_sales.proposals._requirements import is_currency_code, is_key
from pcf_sales.proposals._schedule import Schedule, working_days
from pcf_sales.proposals._solution import SolutionPlan

__all__ = ["StaffingLine", "StaffingPlan"]


@attrs.frozen(kw_only=True)
class StaffingLine:
    """The hours a role works in one fiscal period, and what they cost at its cost rate
    (rounded to the minor unit)."""

    role: str = attrs.field(validator=is_key)
    period: Period = attrs.field(validator=is_instance(Period))
    hours: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    cost: Money = attrs.field(validator=money_validator)

    def describe(self) -> str:
        """``engineer FY2026 M03: 64.00 h, 5760.00 EUR``."""
        return (
            f"{self.role} {self.period.label}: {self.hours} h, "
            f"{self.cost.amount} {self.cost.currency.code}"
        )


def _lines(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(StaffingLine)(inst, attr, value)
    items: tuple[StaffingLine, ...] = value  # type: ignore[assignment]
    seen: set[tuple[str, Period]] = set()
    for index, line in enumerate(items):
        key = (line.role, line.period)
        if key in seen:
            fail(f"{attr.name}[{index}]", f"{line.role} in {line.period.label} is listed twice")
        seen.add(key)


@attrs.frozen(kw_only=True)
class StaffingPlan:
    """Who is needed when: hours and cost per role and fiscal period.

    Build it with :meth:`of`. Each task's effort is spread evenly over the
    business days it is worked, to the hundredth of an hour (the hundredths
    left over go to the first days), so the hours per role add up to the
    plan's effort exactly.

    >>> from pcf_sales.testing.factories import make_solution_plan
    >>> from pcf_sales.proposals import Schedule
    >>> plan = make_solution_plan()
    >>> schedule = Schedule.of(plan, start=pendulum.Date(2026, 3, 20))
    >>> print(StaffingPlan.of(plan, schedule, FiscalCalendar()).explain())
    engineer FY2026 M03: 68.00 h, 6120.00 EUR
    project_manager FY2026 M03: 32.00 h, 3520.00 EUR
    engineer FY2026 M04: 108.00 h, 9720.00 EUR
    project_manager FY2026 M04: 28.00 h, 3080.00 EUR
    total 236.00 h, 22440.00 EUR
    """

    currency: str = attrs.field(validator=is_currency_code)
    lines: tuple[StaffingLine, ...] = attrs.field(converter=to_tuple, validator=_lines)

    def __attrs_post_init__(self) -> None:
        for index, line in enumerate(self.lines):
            if line.cost.currency.code != self.currency:
                raise CurrencyMismatch(
                    self.currency, line.cost.currency.code, field=f"lines[{index}].cost"
                )

    @classmethod
    def of(
        cls,
        plan: SolutionPlan,
        schedule: Schedule,
        calendar: FiscalCalendar,
        *,
        kind: PeriodKind = PeriodKind.MONTH,
    ) -> StaffingPlan:
        """The staffing ``plan`` needs when worked to ``schedule``, per fiscal ``kind``."""
        if not isinstance(plan, SolutionPlan):
            fail("plan", f"expected a SolutionPlan, got {describe(plan)}")
        if not isinstance(schedule, Schedule):
            fail("schedule", f"expected a Schedule, got {describe(schedule)}")
        if not isinstance(calendar, FiscalCalendar):
            fail("calendar", f"expected a FiscalCalendar, got {describe(calendar)}")
        if not isinstance(kind, PeriodKind):
            fail("kind", f"expected a PeriodKind, got {describe(kind)}")
        scheduled = {t.task_key: t for t in schedule.tasks}
        off = frozenset(d.toordinal() for d in schedule.holidays)
        periods: dict[int, Period] = {}
        hundredths: dict[tuple[str, Period], int] = {}
        for task in plan.tasks:
            placed = scheduled.get(task.key)
            if placed is None:
                fail("schedule", f"has no task {task.key!r} of the plan")
            days = working_days(placed.start.toordinal(), placed.duration_days, off)
            for day, share in zip(days, _spread(task.effort_hours, len(days)), strict=True):
                period = periods.get(day)
                if period is None:
                    period = periods[day] = calendar.period_of(pendulum.Date.fromordinal(day), kind)
                key = (task.role, period)
                hundredths[key] = hundredths.get(key, 0) + share
        code = plan.currency
        order = {role.name: index for index, role in enumerate(plan.roles)}
        lines = []
        for (role, period), units in sorted(
            hundredths.items(), key=lambda item: (item[0][1].start, order[item[0][0]])
        ):
            hours = Decimal(units).scaleb(-2, context=DECIMAL_CONTEXT)
            rate = plan.role(role).cost_rate.amount
            cost = round_amount(DECIMAL_CONTEXT.multiply(hours, rate), code)
            lines.append(
                StaffingLine(role=role, period=period, hours=hours, cost=Money(cost, code))
            )
        return cls(currency=code, lines=tuple(lines))

    @property
    def total_hours(self) -> Decimal:
        """Every role's hours in every period."""
        return sum((line.hours for line in self.lines), Decimal(0))

    @property
    def total_cost(self) -> Money:
        """The staff cost: the sum of the lines' (rounded) costs."""
        total = Decimal(0)
        for line in self.lines:
            total = DECIMAL_CONTEXT.add(total, line.cost.amount)
        return Money(round_amount(total, self.currency), self.currency)

    def hours_by_role(self) -> tuple[tuple[str, Decimal], ...]:
        """Each role's hours over all periods, in order of first appearance."""
        return _totals((line.role, line.hours) for line in self.lines)

    def hours_by_period(self) -> tuple[tuple[str, Decimal], ...]:
        """The hours of all roles per period label, in period order."""
        return _totals((line.period.label, line.hours) for line in self.lines)

    def explain(self) -> str:
        """Every line, then the totals."""
        total = f"total {self.total_hours} h, {self.total_cost.amount} {self.currency}"
        return "\n".join([*(line.describe() for line in self.lines), total])


def _totals(pairs: Iterable[tuple[str, Decimal]]) -> tuple[tuple[str, Decimal], ...]:
    totals: dict[str, Decimal] = {}
    for key, hours in pairs:
        totals[key] = totals.get(key, Decimal(0)) + hours
    return tuple(totals.items())


def _spread(hours: Decimal, days: int) -> list[int]:
    """``hours`` in hundredths, split over ``days`` as evenly as whole hundredths allow."""
    units = int(hours.scaleb(2, context=DECIMAL_CONTEXT))
    base, extra = divmod(units, days)
    return [base + (1 if index < extra else 0) for index in range(days)]
