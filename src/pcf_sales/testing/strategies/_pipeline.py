"""Strategies for the pipeline, its analytics, strategy fit, resource allocation and lead
conversion: valid by construction, shrinking towards the least data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum
from hypothesis import strategies as st

from pcf_sales.accounts import Account, ContactMatchReason, SizeBand
from pcf_sales.core import (
    AccountId,
    OpportunityId,
    Percentage,
    UserId,
    round_amount,
)
from pcf_sales.opportunities import (
    AccountChoice,
    AlertKind,
    Assignment,
    BusinessStrategy,
    ChangeKind,
    ChangeTotal,
    CheckResult,
    ContactCandidate,
    ContactChoice,
    ConversionIndex,
    ConversionPlan,
    ConversionResult,
    DealAlert,
    DealSizePolicy,
    EffortDemand,
    FitCheck,
    FitDimension,
    ForecastCategory,
    MatchAction,
    OpportunityDraft,
    OpportunityStatus,
    PipelineChange,
    PipelineChanges,
    PipelineEntry,
    PipelineGroup,
    PipelineSnapshot,
    PipelineSummary,
    QuotaCoverage,
    ResourceAllocation,
    SalesCycle,
    SellerCapacity,
    SellerLoad,
    StageConversion,
    StageVelocity,
    StrategyFit,
    UnassignedDemand,
    allocate_sales_resources,
    convert_lead,
    pipeline_changes,
    plan_lead_conversion,
)
from pcf_sales.testing.strategies._accounts import (
    account_indexes,
    account_matches,
    addresses,
    contact_indexes,
)
from pcf_sales.testing.strategies._core import (
    account_ids,
    contact_ids,
    country_codes,
    currencies,
    dates,
    instants,
    lead_ids,
    money,
    opportunity_ids,
    periods,
    product_ids,
    segment_ids,
    texts,
    user_ids,
)
from pcf_sales.testing.strategies._leads import leads
from pcf_sales.testing.strategies._opportunities import (
    opportunities,
    product_lines,
    recurring_revenues,
    sales_processes,
)

__all__ = [
    "account_choices",
    "assignments",
    "business_strategies",
    "change_totals",
    "contact_candidates",
    "contact_choices",
    "conversion_indexes",
    "conversion_plans",
    "conversion_results",
    "deal_alerts",
    "deal_size_policies",
    "effort_demands",
    "fit_checks",
    "opportunity_drafts",
    "pipeline_change_items",
    "pipeline_change_reports",
    "pipeline_changes_of",
    "pipeline_entries",
    "pipeline_groups",
    "pipeline_snapshots",
    "pipeline_summaries",
    "quota_coverages",
    "resource_allocations",
    "sales_cycles",
    "seller_capacities",
    "seller_loads",
    "stage_conversions",
    "stage_velocities",
    "strategy_fits",
    "unassigned_demands",
]

_KEYS: Final = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_PERCENT: Final = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)

# --- the pipeline ----------------------------------------------------------------------------


@st.composite
def pipeline_entries(
    draw: st.DrawFn,
    currency: str | None = None,
    *,
    as_of: pendulum.DateTime | None = None,
    opportunity_id: str | None = None,
) -> PipelineEntry:
    """Pipeline rows consistent with a snapshot in ``currency`` at ``as_of``."""
    code = draw(currencies()) if currency is None else currency
    moment = draw(instants()) if as_of is None else as_of
    foreign = draw(st.booleans())
    amount = draw(money(draw(currencies())) if foreign else money(code))
    value = amount.amount if amount.currency.code == code else draw(money(code)).amount
    probability = draw(_PERCENT)
    weighted = round_amount(value * probability / 100, code)
    status = draw(st.sampled_from(OpportunityStatus))
    created = moment.subtract(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 400)))
    closed = None
    if status is not OpportunityStatus.OPEN:
        closed = moment.subtract(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 10)))
        closed = max(closed, created)
    stage_index = draw(st.integers(min_value=0, max_value=5))
    category = draw(st.sampled_from(ForecastCategory))
    return PipelineEntry(
        opportunity_id=OpportunityId(
            draw(opportunity_ids()) if opportunity_id is None else opportunity_id
        ),
        account_id=draw(account_ids()),
        name=draw(texts(max_size=20)),
        owner=UserId(draw(st.sampled_from(("ae-1", "ae-2", "ae-3")))),
        status=status,
        stage=f"stage_{stage_index}",
        stage_index=stage_index,
        probability=probability,
        forecast_category=category,
        close_date=draw(dates()),
        amount=amount,
        value=value,
        weighted=weighted,
        created_at=created,
        closed_at=closed,
        days_in_stage=draw(st.integers(min_value=0, max_value=400)),
        days_since_change=draw(st.integers(min_value=0, max_value=400)),
        stage_norm_days=draw(st.none() | st.integers(min_value=1, max_value=60)),
        close_date_pushes=draw(st.integers(min_value=0, max_value=3)),
        days_slipped=draw(st.integers(min_value=0, max_value=200)),
    )


@st.composite
def pipeline_snapshots(
    draw: st.DrawFn,
    currency: str | None = None,
    *,
    as_of: pendulum.DateTime | None = None,
    max_size: int = 8,
) -> PipelineSnapshot:
    """Snapshots of drawn rows (each deal once), in ``currency`` at ``as_of``."""
    code = draw(currencies()) if currency is None else currency
    moment = draw(instants()) if as_of is None else as_of
    ids = draw(st.lists(opportunity_ids(), max_size=max_size, unique=True))
    rows = [draw(pipeline_entries(code, as_of=moment, opportunity_id=i)) for i in sorted(ids)]
    return PipelineSnapshot(as_of=moment, currency=code, entries=rows)


@st.composite
def pipeline_summaries(draw: st.DrawFn) -> PipelineSummary:
    """Summaries of drawn snapshots, with or without a period."""
    snapshot = draw(pipeline_snapshots())
    period = draw(st.none() | periods())
    return snapshot.summary(period=period, stall_after_days=draw(st.integers(1, 90)))


@st.composite
def pipeline_groups(draw: st.DrawFn) -> PipelineGroup:
    """Single groups."""
    code = draw(currencies())
    return PipelineGroup(
        key=draw(texts(max_size=20)),
        count=draw(st.integers(min_value=0, max_value=1000)),
        value=draw(money(code)),
        weighted=draw(money(code)),
    )


def deal_alerts() -> st.SearchStrategy[DealAlert]:
    """Single alerts."""
    return st.builds(
        DealAlert,
        opportunity_id=opportunity_ids(),
        kind=st.sampled_from(AlertKind),
        days=st.integers(min_value=0, max_value=1000),
        detail=texts(max_size=40),
    )


@st.composite
def quota_coverages(draw: st.DrawFn) -> QuotaCoverage:
    """Coverage of a drawn quota by a drawn snapshot in a drawn period."""
    snapshot = draw(pipeline_snapshots())
    quota = draw(money(snapshot.currency))
    return snapshot.coverage(quota, period=draw(periods()))


@st.composite
def pipeline_change_reports(draw: st.DrawFn) -> PipelineChanges:
    """The changes between two drawn snapshots of overlapping deals."""
    before, after = draw(pipeline_changes_of())
    return pipeline_changes(before, after, period=draw(st.none() | periods()))


@st.composite
def pipeline_changes_of(
    draw: st.DrawFn, *, max_size: int = 8
) -> tuple[PipelineSnapshot, PipelineSnapshot]:
    """Two snapshots in one currency, the second no earlier, sharing some deals: some
    rows carried over unchanged, some changed, some only in one of them."""
    code = draw(currencies())
    first = draw(instants())
    second = first.add(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 120)))
    ids = sorted(draw(st.lists(opportunity_ids(), max_size=max_size, unique=True)))
    before_rows: list[PipelineEntry] = []
    after_rows: list[PipelineEntry] = []
    for deal_id in ids:
        place = draw(st.sampled_from(("both", "same", "before", "after")))
        if place in ("both", "same", "before"):
            row = draw(pipeline_entries(code, as_of=first, opportunity_id=deal_id))
            before_rows.append(row)
            if place == "same":
                after_rows.append(row)
        if place in ("both", "after"):
            after_rows.append(draw(pipeline_entries(code, as_of=second, opportunity_id=deal_id)))
    return (
        PipelineSnapshot(as_of=first, currency=code, entries=before_rows),
        PipelineSnapshot(as_of=second, currency=code, entries=after_rows),
    )


@st.composite
def pipeline_change_items(draw: st.DrawFn) -> PipelineChange:
    """Single changes."""
    code = draw(currencies())
    return PipelineChange(
        opportunity_id=draw(opportunity_ids()),
        kind=draw(st.sampled_from(ChangeKind)),
        count_delta=draw(st.integers(min_value=-1, max_value=1)),
        value_delta=draw(money(code, min_amount=-100_000, max_amount=100_000)),
        weighted_delta=draw(money(code, min_amount=-100_000, max_amount=100_000)),
        detail=draw(texts(max_size=40)),
    )


@st.composite
def change_totals(draw: st.DrawFn) -> ChangeTotal:
    """Single totals."""
    code = draw(currencies())
    return ChangeTotal(
        kind=draw(st.sampled_from(ChangeKind)),
        count=draw(st.integers(min_value=0, max_value=100)),
        count_delta=draw(st.integers(min_value=-100, max_value=100)),
        value_delta=draw(money(code, min_amount=-100_000, max_amount=100_000)),
        weighted_delta=draw(money(code, min_amount=-100_000, max_amount=100_000)),
    )


@st.composite
def stage_conversions(draw: st.DrawFn) -> StageConversion:
    """Rows of a stage-conversion report."""
    advanced, lost, still_open = (draw(st.integers(0, 500)) for _ in range(3))
    decided = advanced + lost
    rate = None
    if decided:
        rate = Percentage((Decimal(100 * advanced) / decided).quantize(Decimal("0.1")))
    return StageConversion(
        stage=draw(_KEYS),
        reached=advanced + lost + still_open,
        advanced=advanced,
        lost=lost,
        still_open=still_open,
        rate=rate,
    )


_DAYS: Final = st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False)


def stage_velocities() -> st.SearchStrategy[StageVelocity]:
    """Rows of a stage-velocity report."""
    return st.builds(
        StageVelocity,
        stage=_KEYS,
        visits=st.integers(min_value=0, max_value=500),
        running=st.integers(min_value=0, max_value=500),
        mean_days=st.none() | _DAYS,
        median_days=st.none() | _DAYS,
    )


def sales_cycles() -> st.SearchStrategy[SalesCycle]:
    """Sales-cycle figures for won or lost deals."""
    return st.builds(
        SalesCycle,
        outcome=st.sampled_from((OpportunityStatus.WON, OpportunityStatus.LOST)),
        count=st.integers(min_value=0, max_value=500),
        mean_days=st.none() | _DAYS,
        median_days=st.none() | _DAYS,
        shortest_days=st.none() | _DAYS,
        longest_days=st.none() | _DAYS,
    )


# --- strategy fit -------------------------------------------------------------------------------


@st.composite
def deal_size_policies(draw: st.DrawFn) -> DealSizePolicy:
    """Policies with a minimum, a maximum or both."""
    code = draw(currencies())
    low = draw(st.none() | money(code, max_amount=100_000))
    high = draw(st.none() | money(code, min_amount=100_000, max_amount=10_000_000))
    if low is None and high is None:
        low = draw(money(code))
    return DealSizePolicy(minimum=low, maximum=high)


@st.composite
def business_strategies(draw: st.DrawFn) -> BusinessStrategy:
    """Strategies checking one or more dimensions."""
    industries = draw(
        st.lists(st.sampled_from(("manufacturing", "software", "automotive", "energy")))
    )
    strategy: dict[str, Any] = {
        "target_segments": draw(st.lists(segment_ids(), max_size=3, unique=True)),
        "target_industries": industries,
        "target_sizes": draw(st.lists(st.sampled_from(SizeBand), unique=True)),
        "target_countries": draw(st.lists(country_codes(), max_size=3, unique=True)),
        "offerings": draw(st.lists(product_ids(), max_size=3, unique=True)),
        "deal_size": draw(st.none() | deal_size_policies()),
    }
    if not any(strategy.values()):
        strategy["target_industries"] = ["manufacturing"]
    moderate = draw(st.integers(min_value=0, max_value=100))
    strong = draw(st.integers(min_value=moderate, max_value=100))
    return BusinessStrategy(
        name=draw(texts(max_size=20)),
        strong_from=Percentage(strong),
        moderate_from=Percentage(moderate),
        **strategy,
    )


def fit_checks() -> st.SearchStrategy[FitCheck]:
    """Single checks."""
    return st.builds(
        FitCheck,
        dimension=st.sampled_from(FitDimension),
        result=st.sampled_from(CheckResult),
        detail=texts(max_size=40),
    )


@st.composite
def strategy_fits(draw: st.DrawFn) -> StrategyFit:
    """Evaluations of drawn deals at drawn accounts against drawn strategies (in one
    currency, so no exchange rates are needed)."""
    strategy = draw(business_strategies())
    code = strategy.deal_size.currency if strategy.deal_size is not None else "USD"
    deal = draw(opportunities(max_steps=2, currency=code))
    account = Account.open(
        id=deal.account_id,
        at=deal.created_at,
        by=deal.owner,
        name=draw(texts(max_size=20)),
        industry=draw(st.none() | st.sampled_from(("Manufacturing", "software", "retail"))),
        size_band=draw(st.none() | st.sampled_from(SizeBand)),
        segment_id=draw(st.none() | segment_ids()),
        billing_address=draw(st.none() | addresses()),
    )
    return strategy.evaluate(deal, account)


# --- resource allocation -----------------------------------------------------------------------


_HOURS: Final = st.decimals(min_value=0, max_value=200, places=1, allow_nan=False)
_EFFORT: Final = st.decimals(min_value=Decimal("0.5"), max_value=80, places=1, allow_nan=False)


def seller_capacities() -> st.SearchStrategy[SellerCapacity]:
    """Single sellers' capacities."""
    return st.builds(SellerCapacity, user_id=user_ids(), hours=_HOURS)


@st.composite
def effort_demands(draw: st.DrawFn, currency: str | None = None) -> EffortDemand:
    """Single demands in ``currency`` (drawn when not given)."""
    code = draw(currencies()) if currency is None else currency
    return EffortDemand(
        opportunity_id=draw(opportunity_ids()),
        expected_value=draw(money(code)),
        effort_hours=draw(_EFFORT),
    )


@st.composite
def assignments(draw: st.DrawFn) -> Assignment:
    """Single assignments."""
    return Assignment(
        opportunity_id=draw(opportunity_ids()),
        user_id=draw(user_ids()),
        hours=draw(_EFFORT),
        expected_value=draw(money()),
    )


@st.composite
def unassigned_demands(draw: st.DrawFn) -> UnassignedDemand:
    """Single unassigned demands."""
    return UnassignedDemand(
        opportunity_id=draw(opportunity_ids()),
        expected_value=draw(money()),
        effort_hours=draw(_EFFORT),
        reason=draw(texts(max_size=40)),
    )


@st.composite
def seller_loads(draw: st.DrawFn) -> SellerLoad:
    """Single loads within capacity."""
    capacity = draw(_HOURS)
    used = draw(st.decimals(min_value=0, max_value=capacity, places=1, allow_nan=False))
    return SellerLoad(user_id=draw(user_ids()), capacity=capacity, assigned_hours=used)


@st.composite
def resource_allocations(draw: st.DrawFn, *, max_demands: int = 8) -> ResourceAllocation:
    """Allocations of drawn demands to drawn sellers, exact or greedy."""
    code = draw(currencies())
    sellers = draw(st.lists(seller_capacities(), max_size=3, unique_by=lambda s: s.user_id))
    demands = draw(
        st.lists(effort_demands(code), max_size=max_demands, unique_by=lambda d: d.opportunity_id)
    )
    limit = draw(st.integers(min_value=0, max_value=8))
    return allocate_sales_resources(sellers, demands, exact_limit=limit, currency=code)


# --- lead conversion -------------------------------------------------------------------------


def contact_candidates() -> st.SearchStrategy[ContactCandidate]:
    """Single candidates."""
    return st.builds(
        ContactCandidate,
        contact_id=contact_ids(),
        account_id=account_ids(),
        reasons=st.lists(st.sampled_from(ContactMatchReason), min_size=1, max_size=2, unique=True),
        left=st.booleans(),
    )


@st.composite
def account_choices(draw: st.DrawFn) -> AccountChoice:
    """Choices to create an account, or use one."""
    new_id = draw(account_ids())
    candidates = draw(st.lists(account_matches(), max_size=3, unique_by=lambda m: m.account_id))
    if draw(st.booleans()):
        return AccountChoice(
            action=MatchAction.CREATE,
            account_id=new_id,
            new_account_id=new_id,
            new_account_name=draw(texts(max_size=30)),
            candidates=candidates,
        )
    return AccountChoice(
        action=MatchAction.USE_EXISTING,
        account_id=draw(account_ids().filter(lambda i: i != new_id)),
        new_account_id=new_id,
        new_account_name=draw(texts(max_size=30)),
        candidates=candidates,
    )


@st.composite
def contact_choices(draw: st.DrawFn, *, account_id: str | None = None) -> ContactChoice:
    """Choices to create a contact (no candidate still there shares the email) or use a
    candidate still there."""
    new_id = draw(contact_ids())
    candidates = draw(
        st.lists(
            contact_candidates().filter(lambda c: c.contact_id != new_id),
            max_size=3,
            unique_by=lambda c: c.contact_id,
        )
    )
    if account_id is not None:
        candidates = [
            ContactCandidate(
                contact_id=c.contact_id,
                account_id=AccountId(account_id),
                reasons=c.reasons,
                left=c.left,
            )
            for c in candidates
        ]
    usable = [c for c in candidates if not c.left]
    if not usable or draw(st.booleans()):
        kept = [c for c in candidates if not c.is_twin]
        return ContactChoice(
            action=MatchAction.CREATE, contact_id=new_id, new_contact_id=new_id, candidates=kept
        )
    chosen = draw(st.sampled_from(usable))
    return ContactChoice(
        action=MatchAction.USE_EXISTING,
        contact_id=chosen.contact_id,
        new_contact_id=new_id,
        candidates=candidates,
    )


@st.composite
def opportunity_drafts(draw: st.DrawFn) -> OpportunityDraft:
    """Drafts with an amount or product lines."""
    code = draw(currencies())
    process = draw(sales_processes())
    lines = draw(st.lists(product_lines(code), max_size=2, unique_by=lambda line: line.product_id))
    return OpportunityDraft(
        opportunity_id=draw(opportunity_ids()),
        name=draw(texts(max_size=30)),
        close_date=draw(dates()),
        owner=draw(user_ids()),
        amount=None if lines else draw(money(code)),
        process=process,
        stage=draw(st.none() | st.sampled_from(process.keys)),
        product_lines=lines,
        recurring=draw(st.none() | recurring_revenues(code)),
    )


@st.composite
def conversion_plans(draw: st.DrawFn) -> ConversionPlan:
    """Consistent plans: a contact used is at the account used."""
    account = draw(account_choices())
    contact = draw(contact_choices(account_id=account.account_id))
    if contact.action is MatchAction.USE_EXISTING and account.action is MatchAction.CREATE:
        contact = ContactChoice(
            action=MatchAction.CREATE,
            contact_id=contact.new_contact_id,
            new_contact_id=contact.new_contact_id,
            candidates=[c for c in contact.candidates if not c.is_twin],
        )
    return ConversionPlan(
        lead_id=draw(lead_ids()),
        account=account,
        contact=contact,
        opportunity=draw(st.none() | opportunity_drafts()),
    )


def conversion_indexes() -> st.SearchStrategy[ConversionIndex]:
    """Indexes of drawn account and contact keys."""
    return st.builds(ConversionIndex, accounts=account_indexes(), contacts=contact_indexes())


@st.composite
def conversion_results(draw: st.DrawFn) -> ConversionResult:
    """Conversions of drawn qualified leads into new records, with or without a deal."""
    lead = draw(leads(max_steps=0))
    lead = lead.start_working(at=lead.updated_at, by=UserId("sdr-1"))
    lead = lead.qualify(at=lead.updated_at, by=UserId("sdr-1"), override_reason="test")
    at = lead.updated_at.add(minutes=draw(st.integers(min_value=0, max_value=10_000)))
    draft = draw(st.none() | opportunity_drafts())
    if draft is not None and draft.close_date < at.date():
        draft = attrs.evolve(draft, close_date=at.date())
    plan = plan_lead_conversion(
        lead,
        index=ConversionIndex.build(),
        new_account_id=draw(account_ids()),
        new_contact_id=draw(contact_ids()),
        opportunity=draft,
    )
    return convert_lead(lead, plan, at=at, by=draw(user_ids()))
