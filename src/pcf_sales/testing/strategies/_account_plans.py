"""Strategies for key account selection, key account plans and relationships: valid by
construction, shrinking towards the simplest plan and the emptiest map."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import pendulum
from hypothesis import strategies as st

from pcf_sales.accounts import (
    KEY_ACCOUNT_PLAN_LIFECYCLE,
    PLAN_ACTION_LIFECYCLE,
    AccountFacts,
    AccountRank,
    BuyingRole,
    ContactCoverage,
    CriterionScore,
    CriterionWeight,
    HealthFactor,
    Interaction,
    InteractionDirection,
    InteractionKind,
    KeyAccountCriteria,
    KeyAccountCriterion,
    KeyAccountPlan,
    KeyAccountRanking,
    PlanAction,
    PlanObjective,
    PlanProgress,
    PlanTarget,
    RelationshipHealth,
    RelationshipHealthPolicy,
    RelationshipMap,
    Sentiment,
    Stance,
    TargetActual,
    TargetProgress,
    TargetValue,
    relationship_map,
)
from pcf_sales.core import (
    AccountId,
    ContactId,
    FiscalCalendar,
    KeyAccountPlanId,
    Period,
    PeriodKind,
    PlanActionId,
    UserId,
)
from pcf_sales.testing.strategies._accounts import (
    contacts,
    key_account_plan_ids,
    plan_action_ids,
)
from pcf_sales.testing.strategies._core import (
    account_ids,
    contact_ids,
    currencies,
    dates,
    instants,
    money,
    percentages,
    texts,
    user_ids,
)

__all__ = [
    "PLAN_STEPS",
    "account_facts",
    "account_ranks",
    "apply_plan_step",
    "contact_coverages",
    "criterion_scores",
    "criterion_weights",
    "health_factors",
    "interactions",
    "key_account_criteria",
    "key_account_plans",
    "key_account_rankings",
    "plan_actions",
    "plan_objectives",
    "plan_progresses",
    "plan_targets",
    "relationship_health_policies",
    "relationship_healths",
    "relationship_maps",
    "target_actuals",
    "target_progresses",
    "target_values",
]

_KEYS: Final = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_MAX_GAP_MINUTES: Final = 60 * 24 * 30


# --- key accounts -----------------------------------------------------------------------

_SCORES: Final = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)


@st.composite
def account_facts(draw: st.DrawFn, currency: str | None = None) -> AccountFacts:
    """Facts about one account, revenue in ``currency`` (drawn when not given)."""
    return AccountFacts(
        account_id=draw(account_ids()),
        revenue=draw(money(currency, max_amount=5_000_000)),
        growth_potential=draw(percentages(min_value=-50, max_value=200)),
        strategic_fit=draw(_SCORES),
        relationship=draw(_SCORES),
    )


def criterion_weights() -> st.SearchStrategy[CriterionWeight]:
    """A criterion and its weight."""
    return st.builds(
        CriterionWeight,
        criterion=st.sampled_from(KeyAccountCriterion),
        weight=st.decimals(min_value=Decimal("0.01"), max_value=100, places=2, allow_nan=False),
    )


@st.composite
def key_account_criteria(draw: st.DrawFn) -> KeyAccountCriteria:
    """The default criteria, or drawn weights, scales and cut."""
    code = draw(currencies())
    if draw(st.booleans()):
        return KeyAccountCriteria.default(code)
    low = draw(percentages(min_value=-20, max_value=20))
    high = draw(percentages(min_value=low.percent + 1, max_value=200))
    return KeyAccountCriteria(
        name=draw(texts(max_size=20)),
        weights=draw(
            st.lists(criterion_weights(), min_size=1, max_size=4, unique_by=lambda w: w.criterion)
        ),
        revenue_for_full_marks=draw(money(code, min_amount=1, max_amount=10_000_000)),
        growth_for_full_marks=high,
        growth_for_no_marks=low,
        top=draw(st.none() | st.integers(min_value=1, max_value=10)),
        minimum_score=draw(st.none() | _SCORES),
    )


@st.composite
def key_account_rankings(draw: st.DrawFn, *, min_size: int = 0) -> KeyAccountRanking:
    """Drawn criteria's ranking of drawn facts in the criteria's currency."""
    criteria = draw(key_account_criteria())
    facts = draw(
        st.lists(
            account_facts(criteria.currency),
            min_size=min_size,
            max_size=6,
            unique_by=lambda f: f.account_id,
        )
    )
    return criteria.rank(facts)


def account_ranks() -> st.SearchStrategy[AccountRank]:
    """Ranks from drawn rankings."""
    return key_account_rankings(min_size=1).flatmap(lambda r: st.sampled_from(r.ranks))


def criterion_scores() -> st.SearchStrategy[CriterionScore]:
    """Contributions from drawn ranks."""
    return account_ranks().flatmap(lambda r: st.sampled_from(r.contributions))


# --- key account plans ------------------------------------------------------------------


def plan_objectives() -> st.SearchStrategy[PlanObjective]:
    """Objectives under short keys."""
    return st.builds(
        PlanObjective,
        key=_KEYS,
        title=texts(max_size=40),
        description=st.none() | texts(max_size=60),
    )


@st.composite
def target_values(
    draw: st.DrawFn, *, kind: TargetValue | None = None, signed: bool = False
) -> TargetValue:
    """Money or quantities (of ``kind``'s currency or unit when given); negative only
    when ``signed``."""
    low = -1000 if signed else 0
    if kind is not None and kind.amount is not None:
        return TargetValue.of_money(draw(money(kind.amount.currency.code, min_amount=low)))
    if kind is not None:
        number = draw(st.decimals(min_value=low, max_value=1000, places=1, allow_nan=False))
        return TargetValue.of_quantity(number, kind.unit)
    if draw(st.booleans()):
        return TargetValue.of_money(draw(money(min_amount=low)))
    number = draw(st.decimals(min_value=low, max_value=1000, places=1, allow_nan=False))
    return TargetValue.of_quantity(
        number, draw(st.none() | st.sampled_from(("workshops", "users")))
    )


def _sub_periods(period: Period) -> list[Period]:
    """``period`` and the fiscal quarters and months within it."""
    found = [period]
    for kind in (PeriodKind.QUARTER, PeriodKind.MONTH):
        if kind.months >= period.kind.months:
            continue
        per_parent = period.kind.months // kind.months
        for offset in range(per_parent):
            start = period.start.add(months=offset * kind.months)
            found.append(
                Period(
                    kind=kind,
                    fiscal_year=period.fiscal_year,
                    number=(period.number - 1) * per_parent + offset + 1,
                    start=start,
                    end=start.add(months=kind.months).subtract(days=1),
                )
            )
    return found


@st.composite
def plan_targets(
    draw: st.DrawFn, *, objective_key: str | None = None, period: Period | None = None
) -> PlanTarget:
    """Targets for ``objective_key`` within ``period`` (both drawn when not given)."""
    within = period if period is not None else _year(draw)
    return PlanTarget(
        key=draw(st.sampled_from(("bookings", "meetings", "adoption")) | _KEYS),
        objective_key=draw(_KEYS) if objective_key is None else objective_key,
        measure=draw(texts(max_size=30)),
        period=draw(st.sampled_from(_sub_periods(within))),
        value=draw(target_values()),
    )


def _year(draw: st.DrawFn) -> Period:
    calendar = FiscalCalendar(start_month=draw(st.integers(min_value=1, max_value=12)))
    return calendar.period(PeriodKind.YEAR, draw(st.integers(min_value=2021, max_value=2030)))


@st.composite
def target_actuals(draw: st.DrawFn, target: PlanTarget | None = None) -> TargetActual:
    """Actuals for ``target`` (a drawn one when not given), within its period."""
    chosen = draw(plan_targets()) if target is None else target
    period = chosen.period
    return TargetActual(
        target_key=chosen.key,
        on=draw(dates(min_value=period.start, max_value=period.end)),
        value=draw(target_values(kind=chosen.value, signed=True)),
        note=draw(st.none() | texts(max_size=30)),
    )


#: The commands the plan strategy (and the stateful tests) may take, by name.
PLAN_STEPS: Final = tuple(KEY_ACCOUNT_PLAN_LIFECYCLE.commands())
_ACTION_IDS: Final = st.sampled_from(("action-1", "action-2", "action-3")).map(PlanActionId)


def apply_plan_step(
    draw: st.DrawFn, plan: KeyAccountPlan, step: str, at: pendulum.DateTime, by: UserId
) -> KeyAccountPlan:
    """Run command ``step`` on ``plan`` with drawn arguments, if it can run.

    Steps the status does not allow, or that have nothing to work on (no
    objective to remove, no action in a state the command needs), return the
    plan unchanged. Closing a plan with unfinished actions overrides the guard
    with a reason; activating one without objectives or targets is skipped.
    """
    if step not in plan.allowed_commands():
        return plan
    if step == "activate":
        if not plan.objectives or not plan.targets:
            return plan
        return plan.activate(at=at, by=by)
    if step in ("revise", "reopen", "cancel"):
        return getattr(plan, step)(reason=draw(texts(max_size=30)), at=at, by=by)  # type: ignore[no-any-return]
    if step == "close":
        if any(not a.is_finished for a in plan.actions):
            return plan.close(at=at, by=by, reason=draw(texts(max_size=30)), override=True)
        return plan.close(at=at, by=by)
    if step == "rename":
        return plan.rename(draw(texts(max_size=40)), at=at, by=by)
    if step == "assign":
        return plan.assign(draw(user_ids()), at=at, by=by)
    if step == "add_objective":
        objective = draw(plan_objectives())
        if any(o.key == objective.key for o in plan.objectives):
            return plan
        return plan.add_objective(objective, at=at, by=by)
    if step == "remove_objective":
        used = {t.objective_key for t in plan.targets} | {a.objective_key for a in plan.actions}
        free = [o.key for o in plan.objectives if o.key not in used]
        if not free:
            return plan
        return plan.remove_objective(draw(st.sampled_from(free)), at=at, by=by)
    if step == "set_target":
        if not plan.objectives:
            return plan
        key = draw(st.sampled_from([o.key for o in plan.objectives]))
        target = draw(plan_targets(objective_key=key, period=plan.period))
        if any(a.target_key == target.key for a in plan.actuals):
            return plan
        return plan.set_target(target, at=at, by=by)
    if step == "remove_target":
        free_targets = [
            t.key for t in plan.targets if all(a.target_key != t.key for a in plan.actuals)
        ]
        if not free_targets:
            return plan
        return plan.remove_target(draw(st.sampled_from(free_targets)), at=at, by=by)
    if step == "record_actual":
        if not plan.targets:
            return plan
        return plan.record_actual(
            draw(target_actuals(draw(st.sampled_from(plan.targets)))), at=at, by=by
        )
    if step == "add_action":
        action_id = draw(_ACTION_IDS)
        if any(a.id == action_id for a in plan.actions):
            return plan
        keys = [o.key for o in plan.objectives]
        return plan.add_action(
            action_id,
            title=draw(texts(max_size=40)),
            owner=draw(user_ids()),
            due=draw(dates()),
            objective_key=draw(st.none() | st.sampled_from(keys)) if keys else None,
            at=at,
            by=by,
        )
    return _apply_action_step(draw, plan, step, at, by)


def _apply_action_step(
    draw: st.DrawFn, plan: KeyAccountPlan, step: str, at: pendulum.DateTime, by: UserId
) -> KeyAccountPlan:
    action_command = step.removesuffix("_action")
    ready = [a for a in plan.actions if action_command in PLAN_ACTION_LIFECYCLE.allowed(a.status)]
    if not ready:
        return plan
    action_id = draw(st.sampled_from([a.id for a in ready]))
    if step == "start_action":
        return plan.start_action(action_id, at=at, by=by)
    if step == "complete_action":
        return plan.complete_action(
            action_id, at=at, by=by, outcome=draw(st.none() | texts(max_size=30))
        )
    if step == "cancel_action":
        return plan.cancel_action(action_id, reason=draw(texts(max_size=30)), at=at, by=by)
    if step == "reopen_action":
        return plan.reopen_action(action_id, reason=draw(texts(max_size=30)), at=at, by=by)
    if step == "reassign_action":
        return plan.reassign_action(action_id, draw(user_ids()), at=at, by=by)
    if step == "reschedule_action":
        return plan.reschedule_action(action_id, draw(dates()), at=at, by=by)
    msg = f"unknown plan step {step!r}"
    raise ValueError(msg)


@st.composite
def key_account_plans(draw: st.DrawFn, *, max_steps: int = 10) -> KeyAccountPlan:
    """Plans drafted with drawn objectives and targets, then walked through up to
    ``max_steps`` commands. Shrinks towards a bare draft."""
    drafted = draw(instants())
    period = _year(draw)
    objectives = draw(st.lists(plan_objectives(), max_size=2, unique_by=lambda o: o.key))
    targets: list[PlanTarget] = []
    if objectives:
        keys = [o.key for o in objectives]
        drawn = draw(
            st.lists(
                st.sampled_from(keys).flatmap(
                    lambda k: plan_targets(objective_key=k, period=period)
                ),
                max_size=2,
                unique_by=lambda t: t.key,
            )
        )
        targets.extend(drawn)
    plan = KeyAccountPlan.draft(
        id=draw(key_account_plan_ids()),
        at=drafted,
        by=draw(user_ids()),
        account_id=draw(account_ids()),
        name=draw(texts(max_size=40)),
        owner=draw(user_ids()),
        period=period,
        objectives=objectives,
        targets=targets,
    )
    at = drafted
    for step in draw(st.lists(st.sampled_from(PLAN_STEPS), max_size=max_steps)):
        at = at.add(minutes=draw(st.integers(min_value=0, max_value=_MAX_GAP_MINUTES)))
        plan = apply_plan_step(draw, plan, step, at, draw(user_ids()))
    return plan


@st.composite
def plan_actions(draw: st.DrawFn) -> PlanAction:
    """Actions taken through drawn commands of a plan."""
    plan = draw(key_account_plans(max_steps=0))
    at = plan.updated_at.add(hours=1)
    plan = plan.add_action(
        draw(plan_action_ids()),
        title=draw(texts(max_size=40)),
        owner=draw(user_ids()),
        due=draw(dates()),
        at=at,
        by=draw(user_ids()),
    )
    steps = ("start_action", "complete_action", "cancel_action", "reopen_action", "reassign_action")
    for step in draw(st.lists(st.sampled_from(steps), max_size=4)):
        at = at.add(hours=1)
        plan = _apply_action_step(draw, plan, step, at, draw(user_ids()))
    return plan.actions[0]


@st.composite
def plan_progresses(draw: st.DrawFn) -> PlanProgress:
    """Progress of drawn plans on a drawn day."""
    plan = draw(key_account_plans())
    low, high = plan.period.start.subtract(days=60), plan.period.end.add(days=60)
    return plan.progress(draw(dates(min_value=low, max_value=high)))


@st.composite
def target_progresses(draw: st.DrawFn) -> TargetProgress:
    """Progress of one drawn target with drawn actuals, on a drawn day."""
    target = draw(plan_targets())
    calendar_day = target.period.start
    plan = KeyAccountPlan.draft(
        id=KeyAccountPlanId("plan"),
        at=draw(instants()),
        by=UserId("user"),
        account_id=AccountId("account"),
        name="Plan",
        owner=UserId("owner"),
        period=target.period,
        objectives=[PlanObjective(key=target.objective_key, title="Objective")],
        targets=[target],
    )
    for actual in draw(st.lists(target_actuals(target), max_size=3)):
        plan = plan.record_actual(actual, at=plan.updated_at, by=UserId("user"))
    as_of = draw(
        dates(min_value=calendar_day.subtract(days=30), max_value=target.period.end.add(days=30))
    )
    return plan.progress(as_of).targets[0]


# --- relationships ----------------------------------------------------------------------


@st.composite
def interactions(
    draw: st.DrawFn,
    *,
    account_id: AccountId | None = None,
    contact_ids_from: tuple[ContactId, ...] = (),
) -> Interaction:
    """Interactions (with ``account_id`` and some of ``contact_ids_from`` when given)."""
    people = contact_ids() if not contact_ids_from else st.sampled_from(contact_ids_from)
    return Interaction(
        kind=draw(st.sampled_from(InteractionKind)),
        account_id=draw(account_ids()) if account_id is None else account_id,
        at=draw(instants()),
        contact_ids=draw(st.lists(people, max_size=3, unique=True)),
        by=draw(st.none() | user_ids()),
        direction=draw(st.sampled_from(InteractionDirection)),
        sentiment=draw(st.sampled_from(Sentiment)),
        subject=draw(st.none() | texts(max_size=40)),
        duration_minutes=draw(st.none() | st.integers(min_value=0, max_value=480)),
    )


def contact_coverages() -> st.SearchStrategy[ContactCoverage]:
    """Single lines of a relationship map."""
    return st.builds(
        ContactCoverage,
        contact_id=contact_ids(),
        name=texts(min_size=0, max_size=30),
        buying_role=st.none() | st.sampled_from(BuyingRole),
        stance=st.none() | st.sampled_from(Stance),
        active=st.booleans(),
        last_touch=st.none() | instants(),
        touches_in_window=st.integers(min_value=0, max_value=50),
    )


@st.composite
def relationship_maps(draw: st.DrawFn) -> RelationshipMap:
    """Maps of drawn contacts and interactions of one account, at a drawn instant."""
    account_id = draw(account_ids())
    people = draw(
        st.lists(contacts(account_id=account_id, max_steps=2), max_size=4, unique_by=lambda c: c.id)
    )
    ids = tuple(c.id for c in people)
    touches = draw(st.lists(interactions(account_id=account_id, contact_ids_from=ids), max_size=6))
    return relationship_map(
        account_id,
        people,
        touches,
        as_of=draw(instants()),
        window_days=draw(st.integers(min_value=1, max_value=365)),
    )


@st.composite
def relationship_health_policies(draw: st.DrawFn) -> RelationshipHealthPolicy:
    """The default policy, or drawn settings."""
    if draw(st.booleans()):
        return RelationshipHealthPolicy.default()
    points = st.decimals(min_value=0, max_value=40, places=0, allow_nan=False)
    fresh = draw(st.integers(min_value=0, max_value=90))
    watch = draw(st.decimals(min_value=0, max_value=80, places=0, allow_nan=False))
    return RelationshipHealthPolicy(
        name=draw(texts(max_size=20)),
        key_roles=tuple(draw(st.lists(st.sampled_from(BuyingRole), min_size=1, unique=True))),
        coverage_points=draw(points),
        champion_points=draw(points),
        recency_points=draw(points),
        fresh_days=fresh,
        stale_days=draw(st.integers(min_value=fresh + 1, max_value=400)),
        breadth_points=draw(points),
        breadth_target=draw(st.integers(min_value=1, max_value=6)),
        sentiment_points=draw(points),
        opposition_penalty=draw(points),
        opposition_cap=draw(points),
        healthy_from=draw(st.decimals(min_value=watch, max_value=100, places=0, allow_nan=False)),
        watch_from=watch,
    )


@st.composite
def relationship_healths(draw: st.DrawFn) -> RelationshipHealth:
    """Drawn policies' health of drawn maps."""
    return draw(relationship_health_policies()).assess(draw(relationship_maps()))


def health_factors() -> st.SearchStrategy[HealthFactor]:
    """Factors of drawn healths."""
    return relationship_healths().flatmap(lambda h: st.sampled_from(h.factors))
