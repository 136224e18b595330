"""Factories for a proposal's solution, schedule, staffing, competition and estimates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import pendulum

from pcf_sales.core import FiscalCalendar, Percentage, PeriodKind, money
from pcf_sales.pricing import DocumentLine
from pcf_sales.proposals import (
    CompetitiveAnalysis,
    Competitor,
    Deliverable,
    Milestone,
    PriceEstimate,
    PricePosition,
    PriceRange,
    PriceToWin,
    ProductCost,
    Profitability,
    ProfitabilityPolicy,
    Schedule,
    ScheduledTask,
    ServiceLine,
    ServiceRole,
    ServicesEstimate,
    SolutionPlan,
    SolutionTask,
    StaffingLine,
    StaffingPlan,
)
from pcf_sales.testing.factories._catalog import make_catalog
from pcf_sales.testing.factories._core import make_period
from pcf_sales.testing.factories._pricing import make_pricing_context, make_pricing_engine

__all__ = [
    "SCHEDULE_START",
    "make_competitive_analysis",
    "make_competitor",
    "make_deliverable",
    "make_milestone",
    "make_price_estimate",
    "make_price_range",
    "make_price_to_win",
    "make_product_cost",
    "make_profitability",
    "make_profitability_policy",
    "make_schedule",
    "make_scheduled_task",
    "make_service_line",
    "make_service_role",
    "make_services_estimate",
    "make_solution_plan",
    "make_solution_task",
    "make_staffing_line",
    "make_staffing_plan",
]

#: The day :func:`make_schedule` starts: Friday 6 March 2026.
SCHEDULE_START: Final = pendulum.Date(2026, 3, 6)


def make_service_role(
    name: str = "engineer", bill: str = "150.00", cost: str = "90.00"
) -> ServiceRole:
    """An engineer billed at 150.00 EUR an hour who costs 90.00, unless told otherwise."""
    return ServiceRole(name=name, bill_rate=money(bill, "EUR"), cost_rate=money(cost, "EUR"))


def make_deliverable(key: str = "D1", name: str = "Pilot site") -> Deliverable:
    """Deliverable ``D1``, the pilot site, unless told otherwise."""
    return Deliverable(key=key, name=name)


def make_solution_task(key: str = "T1", **overrides: Any) -> SolutionTask:
    """A two-day, 16-hour site survey by an engineer for ``D1`` unless told otherwise."""
    fields: dict[str, Any] = {
        "name": "Site survey",
        "deliverable": "D1",
        "role": "engineer",
        "effort_hours": Decimal(16),
        "duration_days": 2,
    }
    fields.update(overrides)
    return SolutionTask(key=key, **fields)


def make_solution_plan(**overrides: Any) -> SolutionPlan:
    """A pilot (survey, install, project management) then a roll-out, by an engineer and
    a project manager, with 40 ``SENS-100`` sensors, unless told otherwise."""
    fields: dict[str, Any] = {
        "roles": (
            make_service_role(),
            make_service_role("project_manager", "180.00", "110.00"),
        ),
        "deliverables": (make_deliverable(), make_deliverable("D2", "Roll-out")),
        "tasks": (
            make_solution_task(),
            make_solution_task(
                "T2",
                name="Pilot install",
                effort_hours=Decimal(40),
                duration_days=5,
                depends_on=("T1",),
            ),
            make_solution_task(
                "T3",
                name="Project management",
                role="project_manager",
                effort_hours=Decimal(60),
                duration_days=15,
            ),
            make_solution_task(
                "T4",
                name="Roll-out",
                deliverable="D2",
                effort_hours=Decimal(120),
                duration_days=10,
                depends_on=("T2",),
            ),
        ),
        "products": (DocumentLine(sku="SENS-100", quantity=Decimal(40)),),
        "approach": "Pilot one plant, then roll out to the other two",
    }
    fields.update(overrides)
    return SolutionPlan(**fields)


def make_schedule(plan: SolutionPlan | None = None) -> Schedule:
    """The default plan scheduled from :data:`SCHEDULE_START`, no holidays."""
    return Schedule.of(make_solution_plan() if plan is None else plan, start=SCHEDULE_START)


def make_scheduled_task(**overrides: Any) -> ScheduledTask:
    """``T1`` by an engineer on 6 and 9 March 2026 unless told otherwise."""
    fields: dict[str, Any] = {
        "task_key": "T1",
        "role": "engineer",
        "start": SCHEDULE_START,
        "end": pendulum.Date(2026, 3, 9),
        "duration_days": 2,
    }
    fields.update(overrides)
    return ScheduledTask(**fields)


def make_milestone(**overrides: Any) -> Milestone:
    """``D1`` due 16 March 2026 when ``T2`` ends, unless told otherwise."""
    fields: dict[str, Any] = {
        "deliverable": "D1",
        "due": pendulum.Date(2026, 3, 16),
        "last_task": "T2",
    }
    fields.update(overrides)
    return Milestone(**fields)


def make_staffing_plan(plan: SolutionPlan | None = None) -> StaffingPlan:
    """The default plan's staffing per calendar month."""
    chosen = make_solution_plan() if plan is None else plan
    return StaffingPlan.of(chosen, make_schedule(chosen), FiscalCalendar())


def make_staffing_line(**overrides: Any) -> StaffingLine:
    """An engineer's 96 hours in March 2026 at 90.00 EUR an hour unless told otherwise."""
    fields: dict[str, Any] = {
        "role": "engineer",
        "period": make_period(fiscal_year=2026, number=3, kind=PeriodKind.MONTH),
        "hours": Decimal(96),
        "cost": money("8640.00", "EUR"),
    }
    fields.update(overrides)
    return StaffingLine(**fields)


def make_service_line(**overrides: Any) -> ServiceLine:
    """An engineer's 176 hours at 150.00 (cost 90.00) EUR unless told otherwise."""
    fields: dict[str, Any] = {
        "role": "engineer",
        "hours": Decimal(176),
        "bill_rate": money("150.00", "EUR"),
        "amount": money("26400.00", "EUR"),
        "cost_rate": money("90.00", "EUR"),
        "cost": money("15840.00", "EUR"),
    }
    fields.update(overrides)
    return ServiceLine(**fields)


def make_services_estimate() -> ServicesEstimate:
    """The default plan's services estimate."""
    return make_solution_plan().services_estimate()


def make_price_range(low: str = "90000.00", high: str = "110000.00") -> PriceRange:
    """90,000.00 to 110,000.00 EUR unless told otherwise."""
    return PriceRange(low=money(low, "EUR"), high=money(high, "EUR"))


def make_competitor(name: str = "Acme Instruments", **overrides: Any) -> Competitor:
    """The aggressive incumbent, expected at 90,000-110,000 EUR, unless told otherwise."""
    fields: dict[str, Any] = {
        "strengths": ("incumbent", "local service team"),
        "weaknesses": ("ageing platform",),
        "price_position": PricePosition.AGGRESSIVE,
        "expected_price": make_price_range(),
        "incumbent": True,
    }
    fields.update(overrides)
    return Competitor(name=name, **fields)


def make_competitive_analysis() -> CompetitiveAnalysis:
    """The incumbent and a premium challenger, with a 5 % value premium for us."""
    return CompetitiveAnalysis(
        competitors=(
            make_competitor(),
            make_competitor(
                "Globex Sensing",
                strengths=("brand",),
                weaknesses=("no local team",),
                price_position=PricePosition.PREMIUM,
                expected_price=make_price_range("120000.00", "150000.00"),
                incumbent=False,
            ),
        ),
        our_strengths=("wireless sensors", "analytics"),
        our_weaknesses=("new in the region",),
        value_premium=Percentage(5),
    )


def make_price_to_win() -> PriceToWin:
    """The default analysis's price to win."""
    found = make_competitive_analysis().price_to_win()
    if found is None:  # pragma: no cover - the default analysis has expected prices
        msg = "the default competitive analysis has expected prices"
        raise RuntimeError(msg)
    return found


def make_price_estimate(plan: SolutionPlan | None = None) -> PriceEstimate:
    """The default plan priced: services from effort and bill rates, the 40 sensors by the
    default pricing engine on the default pricing day (37,200.00 + 10,000.00 EUR)."""
    return PriceEstimate.of(
        make_solution_plan() if plan is None else plan,
        engine=make_pricing_engine(),
        context=make_pricing_context(),
    )


def make_product_cost(**overrides: Any) -> ProductCost:
    """40 ``SENS-100`` at a standard cost of 120.00 EUR unless told otherwise."""
    fields: dict[str, Any] = {
        "sku": "SENS-100",
        "quantity": Decimal(40),
        "unit_cost": money("120.00", "EUR"),
        "cost": money("4800.00", "EUR"),
    }
    fields.update(overrides)
    return ProductCost(**fields)


def make_profitability_policy(floor: int = 25, contingency: int = 5) -> ProfitabilityPolicy:
    """A 25 % margin floor and a 5 % contingency unless told otherwise."""
    return ProfitabilityPolicy(
        margin_floor=Percentage(floor), contingency_rate=Percentage(contingency)
    )


def make_profitability() -> Profitability:
    """The default estimate and staffing costed against the default catalog under the
    default policy: 47,200.00 EUR revenue at a 39.4 % margin."""
    return make_profitability_policy().analyse(
        make_price_estimate(), make_staffing_plan(), make_catalog()
    )
