"""Strategies for opportunities and sales activities: valid by construction, shrinking
towards a deal just opened in the default process, in USD."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import pendulum
from hypothesis import strategies as st

from pcf_sales.accounts import BuyingRole, Sentiment, Stance
from pcf_sales.core import (
    ActivityId,
    Percentage,
    UserId,
)
from pcf_sales.opportunities import (
    ACTIVITY_LIFECYCLE,
    OPPORTUNITY_LIFECYCLE,
    ActivityKind,
    ActivityOutcome,
    CloseDateChange,
    CloseReason,
    CompetitorPosition,
    DealRisk,
    DealStakeholder,
    DecisionCriterion,
    ExitCriterion,
    FollowUp,
    ForecastCategory,
    Level,
    NextStep,
    Opportunity,
    OpportunitySource,
    PriceFeedback,
    ProductLine,
    RecurringRevenue,
    RevenueSplit,
    SalesActivity,
    SalesProcess,
    Stage,
    StageVisit,
    Standing,
    TeamMember,
    TeamRole,
    WinLossReview,
    WinPlan,
    WinPlanAction,
)
from pcf_sales.testing.strategies._core import (
    account_ids,
    campaign_ids,
    contact_ids,
    currencies,
    custom_fields,
    dates,
    identifiers,
    instants,
    lead_ids,
    money,
    opportunity_ids,
    partner_ids,
    product_ids,
    tags,
    texts,
    user_ids,
)

__all__ = [
    "ACTIVITY_STEPS",
    "OPPORTUNITY_STEPS",
    "activity_ids",
    "activity_outcomes",
    "apply_activity_step",
    "apply_opportunity_step",
    "close_date_changes",
    "competitor_positions",
    "deal_risks",
    "deal_stakeholders",
    "decision_criteria",
    "exit_criteria",
    "follow_ups",
    "next_steps",
    "opportunities",
    "opportunity_sources",
    "product_lines",
    "recurring_revenues",
    "revenue_splits",
    "sales_activities",
    "sales_processes",
    "stage_visits",
    "stages",
    "team_members",
    "teams",
    "win_loss_reviews",
    "win_plan_actions",
    "win_plans",
]

_KEYS: Final = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_MAX_GAP_MINUTES: Final = 60 * 24 * 20
_PERCENT: Final = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)


def _percentages() -> st.SearchStrategy[Percentage]:
    return _PERCENT.map(Percentage)


def activity_ids() -> st.SearchStrategy[ActivityId]:
    """Sales activity ids."""
    return identifiers().map(ActivityId)


# --- the sales process ------------------------------------------------------------------------


def exit_criteria() -> st.SearchStrategy[ExitCriterion]:
    """Single exit criteria."""
    return st.builds(ExitCriterion, key=_KEYS, label=texts(max_size=30))


@st.composite
def stages(draw: st.DrawFn, *, taken: frozenset[str] = frozenset()) -> Stage:
    """Open stages, with exit criteria whose keys avoid ``taken``."""
    criteria = draw(
        st.lists(
            exit_criteria().filter(lambda c: c.key not in taken),
            max_size=3,
            unique_by=lambda c: c.key,
        )
    )
    return Stage(
        key=draw(_KEYS),
        name=draw(texts(max_size=30)),
        probability=draw(_percentages()),
        forecast_category=draw(
            st.sampled_from([c for c in ForecastCategory if c is not ForecastCategory.CLOSED])
        ),
        exit_criteria=criteria,
        norm_days=draw(st.none() | st.integers(min_value=1, max_value=120)),
        description=draw(st.none() | texts(max_size=40)),
    )


@st.composite
def sales_processes(draw: st.DrawFn) -> SalesProcess:
    """The default process, or one to five drawn stages with unique keys and criteria."""
    if draw(st.booleans()):
        return SalesProcess.default()
    count = draw(st.integers(min_value=1, max_value=5))
    found: list[Stage] = []
    keys: set[str] = set()
    criteria: set[str] = set()
    for _ in range(count):
        stage = draw(stages(taken=frozenset(criteria)).filter(lambda s: s.key not in keys))
        keys.add(stage.key)
        criteria.update(c.key for c in stage.exit_criteria)
        found.append(stage)
    return SalesProcess(name=draw(texts(max_size=20)), stages=found)


# --- values on a deal -----------------------------------------------------------------------


def opportunity_sources() -> st.SearchStrategy[OpportunitySource]:
    """Sources, any part possibly unknown."""
    return st.builds(
        OpportunitySource,
        lead_id=st.none() | lead_ids(),
        campaign_id=st.none() | campaign_ids(),
        partner_id=st.none() | partner_ids(),
    )


@st.composite
def product_lines(draw: st.DrawFn, currency: str | None = None) -> ProductLine:
    """Product lines priced in ``currency`` (drawn when not given)."""
    code = draw(currencies()) if currency is None else currency
    return ProductLine(
        product_id=draw(product_ids()),
        quantity=draw(
            st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2, allow_nan=False)
        ),
        unit_price=draw(money(code, max_amount=100_000)),
        discount=draw(_percentages()),
        description=draw(st.none() | texts(max_size=30)),
    )


@st.composite
def recurring_revenues(draw: st.DrawFn, currency: str | None = None) -> RecurringRevenue:
    """Recurring revenue in ``currency`` (drawn when not given)."""
    code = draw(currencies()) if currency is None else currency
    return RecurringRevenue(
        monthly=draw(money(code, max_amount=100_000)),
        term_months=draw(st.integers(min_value=1, max_value=60)),
    )


def team_members() -> st.SearchStrategy[TeamMember]:
    """Single team members (a split alone need not make 100 %)."""
    return st.builds(
        TeamMember, user_id=user_ids(), role=st.sampled_from(TeamRole), split=_percentages()
    )


@st.composite
def teams(draw: st.DrawFn) -> tuple[TeamMember, ...]:
    """Deal teams whose splits add up to exactly 100 % (or no team)."""
    users = draw(st.lists(user_ids(), max_size=4, unique=True))
    if not users:
        return ()
    cuts = sorted(
        draw(st.lists(st.integers(min_value=0, max_value=10_000), min_size=len(users) - 1))[
            : len(users) - 1
        ]
    )
    bounds = [0, *cuts, 10_000]
    shares = [bounds[i + 1] - bounds[i] for i in range(len(users))]
    return tuple(
        TeamMember(
            user_id=user,
            role=draw(st.sampled_from(TeamRole)),
            split=Percentage(Decimal(share).scaleb(-2)),
        )
        for user, share in sorted(zip(users, shares, strict=True))
    )


@st.composite
def revenue_splits(draw: st.DrawFn) -> RevenueSplit:
    """Single revenue splits."""
    return RevenueSplit(user_id=draw(user_ids()), share=draw(_percentages()), amount=draw(money()))


def next_steps() -> st.SearchStrategy[NextStep]:
    """Next steps, with or without a due date."""
    return st.builds(NextStep, description=texts(max_size=40), due=st.none() | dates())


def stage_visits() -> st.SearchStrategy[StageVisit]:
    """Single stage visits."""
    return st.builds(StageVisit, stage=_KEYS, entered_at=instants())


@st.composite
def close_date_changes(draw: st.DrawFn) -> CloseDateChange:
    """Close-date moves, pushes and pull-ins."""
    before = draw(dates())
    after = draw(dates().filter(lambda d: d != before))
    return CloseDateChange(
        at=draw(instants()), from_date=before, to_date=after, reason=draw(st.none() | texts())
    )


def win_loss_reviews() -> st.SearchStrategy[WinLossReview]:
    """Reviews with one to three reasons."""
    return st.builds(
        WinLossReview,
        reasons=st.lists(st.sampled_from(CloseReason), min_size=1, max_size=3, unique=True),
        competitor=st.none() | texts(max_size=20),
        price_feedback=st.none() | st.sampled_from(PriceFeedback),
        notes=st.none() | texts(max_size=40),
    )


# --- win plans -----------------------------------------------------------------------------


def decision_criteria() -> st.SearchStrategy[DecisionCriterion]:
    """Single decision criteria."""
    return st.builds(
        DecisionCriterion,
        name=texts(max_size=30),
        importance=st.sampled_from(Level),
        standing=st.sampled_from(Standing),
        notes=st.none() | texts(max_size=30),
    )


def deal_stakeholders() -> st.SearchStrategy[DealStakeholder]:
    """Single stakeholders."""
    return st.builds(
        DealStakeholder,
        contact_id=contact_ids(),
        role=st.sampled_from(BuyingRole),
        stance=st.sampled_from(Stance),
        notes=st.none() | texts(max_size=30),
    )


def competitor_positions() -> st.SearchStrategy[CompetitorPosition]:
    """Single competitors."""
    return st.builds(
        CompetitorPosition,
        name=texts(max_size=20),
        threat=st.sampled_from(Level),
        strengths=st.none() | texts(max_size=30),
        weaknesses=st.none() | texts(max_size=30),
    )


def win_plan_actions() -> st.SearchStrategy[WinPlanAction]:
    """Single actions, done or not."""
    return st.builds(
        WinPlanAction,
        description=texts(max_size=30),
        owner=st.none() | user_ids(),
        due=st.none() | dates(),
        done=st.booleans(),
    )


def deal_risks() -> st.SearchStrategy[DealRisk]:
    """Single risks."""
    return st.builds(
        DealRisk,
        description=texts(max_size=30),
        likelihood=st.sampled_from(Level),
        impact=st.sampled_from(Level),
        mitigation=st.none() | texts(max_size=30),
    )


def win_plans() -> st.SearchStrategy[WinPlan]:
    """Win plans, empty up to a few of everything."""
    return st.builds(
        WinPlan,
        objective=st.none() | texts(max_size=40),
        decision_criteria=st.lists(
            decision_criteria(), max_size=3, unique_by=lambda c: c.name.casefold()
        ),
        stakeholders=st.lists(deal_stakeholders(), max_size=3, unique_by=lambda s: s.contact_id),
        competitors=st.lists(
            competitor_positions(), max_size=2, unique_by=lambda c: c.name.casefold()
        ),
        actions=st.lists(win_plan_actions(), max_size=3, unique_by=lambda a: a.description),
        risks=st.lists(deal_risks(), max_size=2, unique_by=lambda r: r.description),
    )


# --- opportunities, built through their commands ---------------------------------------------

#: The commands the opportunity strategy (and the stateful tests) may take, by name.
OPPORTUNITY_STEPS: Final = tuple(OPPORTUNITY_LIFECYCLE.commands())


def _later(deal: Opportunity, draw: st.DrawFn) -> pendulum.Date:
    opened = deal.created_at.date()
    return draw(dates(min_value=opened).filter(lambda d: d != deal.close_date))


def apply_opportunity_step(
    draw: st.DrawFn, deal: Opportunity, step: str, at: pendulum.DateTime, by: UserId
) -> Opportunity:
    """Run command ``step`` on ``deal`` with drawn arguments, if its status allows it.

    Steps the status does not allow, or that have nothing to work on (moving
    to the stage the deal is in with a one-stage process, unchecking with an
    empty checklist), return the deal unchanged. Guarded moves that would be
    refused are overridden with a drawn reason.
    """
    if step not in deal.allowed_commands():
        return deal
    code = deal.amount.currency.code
    process = deal.process
    if step == "move_to_stage":
        others = [k for k in process.keys if k != deal.stage]
        if not others:
            return deal
        target = draw(st.sampled_from(others))
        blocked = _blocked(deal, process.index_of(deal.stage), process.index_of(target))
        if blocked:
            return deal.move_to_stage(
                target, at=at, by=by, override_reason=draw(texts(max_size=30))
            )
        return deal.move_to_stage(target, at=at, by=by, reason=draw(st.none() | texts()))
    if step == "check_criterion":
        keys = sorted(process.criterion_keys)
        if not keys:
            return deal
        return deal.check_criterion(draw(st.sampled_from(keys)), at=at, by=by)
    if step == "uncheck_criterion":
        if not deal.checklist:
            return deal
        return deal.uncheck_criterion(draw(st.sampled_from(deal.checklist)), at=at, by=by)
    if step == "change_amount":
        if deal.product_lines:
            return deal
        amount = draw(money(code).filter(lambda m: m != deal.amount))
        return deal.change_amount(amount, at=at, by=by, reason=draw(st.none() | texts()))
    if step == "change_close_date":
        return deal.change_close_date(
            _later(deal, draw), at=at, by=by, reason=draw(st.none() | texts())
        )
    if step == "set_probability":
        return deal.set_probability(draw(_percentages()), at=at, by=by)
    if step == "set_forecast_category":
        categories = [c for c in ForecastCategory if c is not ForecastCategory.CLOSED]
        return deal.set_forecast_category(draw(st.sampled_from(categories)), at=at, by=by)
    if step == "set_product_lines":
        lines = draw(
            st.lists(product_lines(code), max_size=3, unique_by=lambda line: line.product_id)
        )
        return deal.set_product_lines(lines, at=at, by=by)
    if step == "set_recurring_revenue":
        return deal.set_recurring_revenue(draw(st.none() | recurring_revenues(code)), at=at, by=by)
    if step == "set_next_step":
        return deal.set_next_step(draw(st.none() | next_steps()), at=at, by=by)
    if step == "update_win_plan":
        return deal.update_win_plan(draw(win_plans()), at=at, by=by)
    if step == "close_won":
        review = draw(win_loss_reviews())
        blocked = _blocked(deal, process.index_of(deal.stage), len(process.stages))
        reason = draw(texts(max_size=30)) if blocked else None
        return deal.close_won(review, at=at, by=by, override_reason=reason)
    if step == "close_lost":
        return deal.close_lost(draw(win_loss_reviews()), at=at, by=by)
    if step == "reopen":
        stage = draw(st.none() | st.sampled_from(process.keys))
        start = process.index_of(deal.stage)
        blocked = stage is not None and _blocked(deal, start, process.index_of(stage))
        return deal.reopen(
            reason=draw(texts(max_size=30)),
            at=at,
            by=by,
            stage=stage,
            close_date=draw(st.none() | dates(min_value=deal.created_at.date())),
            override_reason=draw(texts(max_size=30)) if blocked else None,
        )
    if step == "rename":
        return deal.rename(draw(texts(max_size=40)), at=at, by=by)
    if step == "assign":
        return deal.assign(draw(user_ids()), at=at, by=by)
    if step == "set_team":
        return deal.set_team(draw(teams()), at=at, by=by)
    if step == "tag":
        return deal.tag(*draw(tags().filter(bool)), at=at, by=by)
    if step == "untag":
        if not deal.tags:
            return deal
        return deal.untag(draw(st.sampled_from(deal.tags)), at=at, by=by)
    if step == "set_custom_field":
        value = draw(st.none() | st.integers() | texts(max_size=20))
        return deal.set_custom_field(draw(_KEYS), value, at=at, by=by)
    if step == "remove_custom_field":
        if not deal.custom_fields:
            return deal
        key = draw(st.sampled_from(list(deal.custom_fields)))
        return deal.remove_custom_field(key, at=at, by=by)
    msg = f"unknown opportunity step {step!r}"
    raise ValueError(msg)


def _blocked(deal: Opportunity, start: int, stop: int) -> bool:
    done = set(deal.checklist)
    return any(c.key not in done for _, c in deal.process.criteria_to_leave(start, stop))


@st.composite
def opportunities(
    draw: st.DrawFn, *, max_steps: int = 8, currency: str | None = None
) -> Opportunity:
    """Deals opened with drawn data, then walked through up to ``max_steps`` commands.

    Shrinks towards a deal just opened in the default process's first stage.
    """
    opened = draw(instants())
    code = draw(currencies()) if currency is None else currency
    process = draw(sales_processes())
    lines = draw(st.lists(product_lines(code), max_size=2, unique_by=lambda line: line.product_id))
    deal = Opportunity.open(
        id=draw(opportunity_ids()),
        at=opened,
        by=draw(user_ids()),
        account_id=draw(account_ids()),
        name=draw(texts(max_size=40)),
        close_date=draw(dates(min_value=opened.date())),
        owner=draw(user_ids()),
        amount=None if lines else draw(money(code)),
        process=process,
        stage=draw(st.none() | st.sampled_from(process.keys)),
        source=draw(opportunity_sources()),
        product_lines=lines,
        recurring=draw(st.none() | recurring_revenues(code)),
        team=draw(teams()),
        next_step=draw(st.none() | next_steps()),
        win_plan=draw(st.none() | win_plans()),
        tags=draw(tags()),
        custom_fields=draw(custom_fields()),
    )
    at = opened
    for step in draw(st.lists(st.sampled_from(OPPORTUNITY_STEPS), max_size=max_steps)):
        at = at.add(minutes=draw(st.integers(min_value=0, max_value=_MAX_GAP_MINUTES)))
        deal = apply_opportunity_step(draw, deal, step, at, draw(user_ids()))
    return deal


# --- activities ----------------------------------------------------------------------------


def activity_outcomes() -> st.SearchStrategy[ActivityOutcome]:
    """Outcomes of every sentiment."""
    return st.builds(
        ActivityOutcome, summary=texts(max_size=40), sentiment=st.sampled_from(Sentiment)
    )


def follow_ups() -> st.SearchStrategy[FollowUp]:
    """Follow-ups, with or without a due date and owner."""
    return st.builds(
        FollowUp,
        description=texts(max_size=30),
        due=st.none() | dates(),
        owner=st.none() | user_ids(),
    )


#: The commands the activity strategy (and the stateful tests) may take, by name.
ACTIVITY_STEPS: Final = tuple(ACTIVITY_LIFECYCLE.commands())


def apply_activity_step(
    draw: st.DrawFn, activity: SalesActivity, step: str, at: pendulum.DateTime, by: UserId
) -> SalesActivity:
    """Run command ``step`` on ``activity`` with drawn arguments, if its status allows it
    (an activity cannot be completed or a no-show recorded before the scheduled start:
    those steps are skipped)."""
    if step not in activity.allowed_commands():
        return activity
    if step == "complete":
        if at < activity.scheduled_at:
            return activity
        return activity.complete(
            draw(activity_outcomes()),
            at=at,
            by=by,
            follow_ups=draw(st.lists(follow_ups(), max_size=2)),
        )
    if step == "record_no_show":
        if at < activity.scheduled_at:
            return activity
        return activity.record_no_show(at=at, by=by)
    if step == "reschedule":
        start = at.add(hours=draw(st.integers(min_value=-48, max_value=24 * 30)))
        duration = draw(st.none() | st.integers(min_value=1, max_value=480))
        return activity.reschedule(start, at=at, by=by, duration_minutes=duration)
    if step == "cancel":
        return activity.cancel(reason=draw(texts(max_size=30)), at=at, by=by)
    if step == "add_attendee":
        return activity.add_attendee(draw(contact_ids()), at=at, by=by)
    if step == "remove_attendee":
        if not activity.contact_ids:
            return activity
        return activity.remove_attendee(draw(st.sampled_from(activity.contact_ids)), at=at, by=by)
    if step == "set_agenda":
        return activity.set_agenda(draw(st.none() | texts(max_size=40)), at=at, by=by)
    if step == "assign":
        return activity.assign(draw(user_ids()), at=at, by=by)
    msg = f"unknown activity step {step!r}"
    raise ValueError(msg)


@st.composite
def sales_activities(draw: st.DrawFn, *, max_steps: int = 4) -> SalesActivity:
    """Activities planned with drawn data, then walked through up to ``max_steps`` commands.

    Shrinks towards a call just planned.
    """
    planned = draw(instants())
    activity_id = draw(activity_ids())
    about = draw(st.sampled_from(("account", "opportunity", "lead", "all")))
    activity = SalesActivity.plan(
        id=activity_id,
        at=planned,
        by=draw(user_ids()),
        kind=draw(st.sampled_from(ActivityKind)),
        subject=draw(texts(max_size=30)),
        owner=draw(user_ids()),
        scheduled_at=planned.add(hours=draw(st.integers(min_value=-48, max_value=24 * 30))),
        duration_minutes=draw(st.integers(min_value=1, max_value=480)),
        account_id=draw(account_ids()) if about in ("account", "all") else None,
        opportunity_id=draw(opportunity_ids()) if about in ("opportunity", "all") else None,
        lead_id=draw(lead_ids()) if about in ("lead", "all") else None,
        contact_ids=draw(st.lists(contact_ids(), max_size=3)),
        agenda=draw(st.none() | texts(max_size=30)),
        follow_up_of=draw(st.none() | activity_ids().filter(lambda i: i != activity_id)),
    )
    at = planned
    for step in draw(st.lists(st.sampled_from(ACTIVITY_STEPS), max_size=max_steps)):
        at = at.add(minutes=draw(st.integers(min_value=0, max_value=_MAX_GAP_MINUTES)))
        activity = apply_activity_step(draw, activity, step, at, draw(user_ids()))
    return activity
