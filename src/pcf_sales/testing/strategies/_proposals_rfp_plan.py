"""Strategies for a proposal's competition, solution, schedule and staffing: valid by
construction, shrinking towards one role, one task, no dependencies."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import pendulum
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.core import FiscalCalendar, Percentage, PeriodKind, money, round_money
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
from pcf_sales.testing.strategies._core import fiscal_calendars, percentages, texts
from pcf_sales.testing.strategies._pricing_scenarios import pricing_results

__all__ = [
    "competitive_analyses",
    "competitors",
    "deliverables",
    "milestones",
    "price_estimates",
    "price_ranges",
    "price_to_wins",
    "product_costs",
    "profitabilities",
    "profitability_policies",
    "scheduled_tasks",
    "schedules",
    "service_lines",
    "service_roles",
    "services_estimates",
    "solution_plans",
    "solution_tasks",
    "staffing_lines",
    "staffing_plans",
]

_CURRENCY: Final = "EUR"
_DAYS: Final = st.dates(min_value=pendulum.Date(2020, 1, 1), max_value=pendulum.Date(2035, 12, 31))
_HOURS: Final = st.decimals(min_value=Decimal("0.01"), max_value=2000, places=2, allow_nan=False)


def _rates(currency: str) -> st.SearchStrategy[Money]:
    return st.integers(min_value=0, max_value=50_000).map(
        lambda cents: round_money(money(Decimal(cents).scaleb(-2), currency))
    )


def _dates() -> st.SearchStrategy[pendulum.Date]:
    return _DAYS.map(lambda d: pendulum.Date(d.year, d.month, d.day))


@st.composite
def price_ranges(draw: st.DrawFn, currency: str = _CURRENCY) -> PriceRange:
    """Ranges from a low to a high amount in ``currency``."""
    a = draw(st.integers(min_value=0, max_value=10**8))
    b = draw(st.integers(min_value=0, max_value=10**8))
    return PriceRange(
        low=money(Decimal(min(a, b)).scaleb(-2), currency),
        high=money(Decimal(max(a, b)).scaleb(-2), currency),
    )


def competitors() -> st.SearchStrategy[Competitor]:
    """Competitors, with or without an expected price (in EUR)."""
    return st.builds(
        Competitor,
        name=texts(max_size=30),
        strengths=st.lists(texts(max_size=30), max_size=3).map(tuple),
        weaknesses=st.lists(texts(max_size=30), max_size=3).map(tuple),
        price_position=st.sampled_from(PricePosition),
        expected_price=st.none() | price_ranges(),
        incumbent=st.just(False),
    )


@st.composite
def competitive_analyses(draw: st.DrawFn) -> CompetitiveAnalysis:
    """Analyses of distinct competitors, at most one of them the incumbent."""
    found = draw(
        st.lists(competitors(), min_size=1, max_size=4, unique_by=lambda c: c.name.casefold())
    )
    if draw(st.booleans()):
        first = found[0]
        found[0] = Competitor(
            name=first.name,
            strengths=first.strengths,
            weaknesses=first.weaknesses,
            price_position=first.price_position,
            expected_price=first.expected_price,
            incumbent=True,
        )
    return CompetitiveAnalysis(
        competitors=tuple(found),
        our_strengths=tuple(draw(st.lists(texts(max_size=30), max_size=3))),
        value_premium=draw(percentages(min_value=0, max_value=100, places=1)),
    )


@st.composite
def price_to_wins(draw: st.DrawFn) -> PriceToWin:
    """Price-to-win ranges of analyses where someone has an expected price."""
    analysis = draw(competitive_analyses())
    found = analysis.price_to_win()
    if found is None:
        return PriceToWin(range=draw(price_ranges()), basis=(draw(texts(max_size=40)),))
    return found


def service_roles(
    name: st.SearchStrategy[str] | None = None, currency: str = _CURRENCY
) -> st.SearchStrategy[ServiceRole]:
    """Roles billed and costed in ``currency``."""
    names = st.sampled_from(("engineer", "architect", "pm", "trainer")) if name is None else name
    rates = _rates(currency)
    return st.builds(ServiceRole, name=names, bill_rate=rates, cost_rate=rates)


def deliverables() -> st.SearchStrategy[Deliverable]:
    """Deliverables ``D1``..``D9``."""
    return st.builds(
        Deliverable, key=st.from_regex(r"D[1-9]", fullmatch=True), name=texts(max_size=30)
    )


def solution_tasks() -> st.SearchStrategy[SolutionTask]:
    """Single tasks without dependencies."""
    return st.builds(
        SolutionTask,
        key=st.from_regex(r"T[0-9]{1,3}", fullmatch=True),
        name=texts(max_size=30),
        deliverable=st.just("D1"),
        role=st.just("engineer"),
        effort_hours=_HOURS,
        duration_days=st.integers(min_value=1, max_value=30),
    )


@st.composite
def solution_plans(
    draw: st.DrawFn, *, max_tasks: int = 8, currency: str = _CURRENCY
) -> SolutionPlan:
    """Plans whose tasks depend only on earlier tasks (so never in a cycle), shrinking
    towards one role, one deliverable and one task."""
    role_names = draw(
        st.lists(
            st.sampled_from(("engineer", "architect", "pm", "trainer")),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    roles = tuple(draw(service_roles(st.just(name), currency)) for name in role_names)
    keys = [f"D{index}" for index in range(1, draw(st.integers(1, 3)) + 1)]
    delivered = tuple(Deliverable(key=key, name=f"Deliverable {key}") for key in keys)
    count = draw(st.integers(min_value=0, max_value=max_tasks))
    tasks: list[SolutionTask] = []
    for index in range(count):
        earlier = [t.key for t in tasks]
        depends = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3)) if earlier else []
        )
        tasks.append(
            SolutionTask(
                key=f"T{index + 1}",
                name=f"Task {index + 1}",
                deliverable=draw(st.sampled_from(keys)),
                role=draw(st.sampled_from(role_names)),
                effort_hours=draw(_HOURS),
                duration_days=draw(st.integers(min_value=1, max_value=20)),
                depends_on=tuple(depends),
            )
        )
    order = draw(st.permutations(tasks)) if tasks else []
    products = draw(
        st.lists(
            st.builds(
                DocumentLine,
                sku=st.sampled_from(("SENS-100", "CAL-KIT", "GW-200")),
                quantity=st.integers(min_value=1, max_value=500).map(Decimal),
            ),
            max_size=2,
        )
    )
    return SolutionPlan(
        roles=roles,
        deliverables=delivered,
        tasks=tuple(order),
        products=tuple(products),
        approach=draw(st.none() | texts(max_size=60)),
    )


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    """Schedules of drawn plans from a drawn day, with a few holidays."""
    plan = draw(solution_plans())
    start = draw(_dates())
    holidays = draw(st.lists(_dates(), max_size=4))
    return Schedule.of(plan, start=start, holidays=holidays)


def scheduled_tasks() -> st.SearchStrategy[ScheduledTask]:
    """Scheduled tasks of drawn schedules."""
    return schedules().filter(lambda s: bool(s.tasks)).flatmap(lambda s: st.sampled_from(s.tasks))


def milestones() -> st.SearchStrategy[Milestone]:
    """Milestones of drawn schedules."""
    return (
        schedules()
        .filter(lambda s: bool(s.milestones))
        .flatmap(lambda s: st.sampled_from(s.milestones))
    )


@st.composite
def staffing_plans(draw: st.DrawFn, calendar: FiscalCalendar | None = None) -> StaffingPlan:
    """Staffing of drawn plans per month or quarter of a drawn fiscal calendar."""
    plan = draw(solution_plans())
    schedule = Schedule.of(plan, start=draw(_dates()))
    chosen = draw(fiscal_calendars()) if calendar is None else calendar
    kind = draw(st.sampled_from((PeriodKind.MONTH, PeriodKind.QUARTER)))
    return StaffingPlan.of(plan, schedule, chosen, kind=kind)


def staffing_lines() -> st.SearchStrategy[StaffingLine]:
    """Lines of drawn staffing plans."""
    return (
        staffing_plans().filter(lambda p: bool(p.lines)).flatmap(lambda p: st.sampled_from(p.lines))
    )


def services_estimates() -> st.SearchStrategy[ServicesEstimate]:
    """Services estimates of drawn plans."""
    return solution_plans().map(lambda plan: plan.services_estimate())


def service_lines() -> st.SearchStrategy[ServiceLine]:
    """Lines of drawn services estimates."""
    return services_estimates().flatmap(lambda e: st.sampled_from(e.lines))


@st.composite
def price_estimates(draw: st.DrawFn) -> PriceEstimate:
    """Services estimates of drawn plans, with or without a drawn pricing result in the
    same currency."""
    products = draw(st.none() | pricing_results())
    currency = _CURRENCY if products is None else products.currency
    plan = draw(solution_plans(max_tasks=4, currency=currency))
    return PriceEstimate(services=plan.services_estimate(), products=products)


@st.composite
def product_costs(draw: st.DrawFn, currency: str = _CURRENCY) -> ProductCost:
    """Product lines costed at a unit cost, or without one (costing zero)."""
    quantity = Decimal(draw(st.integers(min_value=0, max_value=1000)))
    unit = draw(st.none() | _rates(currency))
    cost = money(0, currency) if unit is None else round_money(unit * quantity)
    return ProductCost(
        sku=draw(st.sampled_from(("SENS-100", "CAL-KIT", "GW-200"))),
        quantity=quantity,
        unit_cost=unit,
        cost=cost,
    )


def _shares() -> st.SearchStrategy[Percentage]:
    return percentages(min_value=0, max_value=100, places=1)


def profitability_policies() -> st.SearchStrategy[ProfitabilityPolicy]:
    """Floors and contingencies from 0 to 100 %."""
    return st.builds(
        ProfitabilityPolicy,
        margin_floor=_shares(),
        contingency_rate=_shares(),
        minimum_margin=st.none() | _rates(_CURRENCY),
    )


@st.composite
def profitabilities(draw: st.DrawFn) -> Profitability:
    """Profitability results over drawn revenues and costs (in EUR)."""
    amounts = st.integers(min_value=0, max_value=10**9).map(
        lambda cents: money(Decimal(cents).scaleb(-2), _CURRENCY)
    )
    return Profitability(
        currency=_CURRENCY,
        services_revenue=draw(amounts),
        products_revenue=draw(amounts),
        staff_cost=draw(amounts),
        product_costs=tuple(draw(st.lists(product_costs(), max_size=3))),
        contingency_rate=draw(_shares()),
        margin_floor=draw(_shares()),
        minimum_margin=draw(st.none() | amounts),
    )
