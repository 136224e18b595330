"""Strategies for leads: valid by construction, shrinking towards a new, bare lead."""

from __future__ import annotations

from typing import Final

import pendulum
from hypothesis import strategies as st

from pcf_sales.core import UserId
from pcf_sales.leads import (
    LEAD_FIELDS,
    CompanyDetails,
    ConditionOperator,
    ContributionKind,
    CriterionAnswer,
    Disqualification,
    DisqualificationReason,
    DuplicateSuspect,
    Engagement,
    EngagementKind,
    EngagementRule,
    FieldCondition,
    FitRule,
    GradeBand,
    Lead,
    LeadChannel,
    LeadConversion,
    LeadScore,
    LeadSource,
    MatchReason,
    QualificationCriterion,
    QualificationFramework,
    QualificationResult,
    RuleContribution,
    ScoringModel,
)
from pcf_sales.testing.strategies._core import (
    account_ids,
    campaign_ids,
    contact_ids,
    country_codes,
    custom_fields,
    instants,
    lead_ids,
    opportunity_ids,
    partner_ids,
    person_details,
    tags,
    texts,
    user_ids,
    web_domains,
)

__all__ = [
    "LEAD_STEPS",
    "apply_lead_step",
    "company_details",
    "criterion_answer",
    "criterion_answers",
    "disqualifications",
    "duplicate_suspects",
    "engagement_rules",
    "engagements",
    "field_conditions",
    "fit_rules",
    "grade_bands",
    "lead_conversions",
    "lead_scores",
    "lead_sources",
    "leads",
    "qualification_criteria",
    "qualification_frameworks",
    "qualification_results",
    "rule_contributions",
    "scoring_models",
]


@st.composite
def engagements(draw: st.DrawFn, *, at_most: pendulum.DateTime | None = None) -> Engagement:
    """Engagements, no later than ``at_most`` when given."""
    at = draw(instants())
    if at_most is not None and at > at_most:
        at = at_most.subtract(days=draw(st.integers(min_value=0, max_value=400)))
    return Engagement(
        kind=draw(st.sampled_from(EngagementKind)),
        at=at,
        campaign_id=draw(st.none() | campaign_ids()),
        detail=draw(st.none() | texts(max_size=40)),
    )


def lead_sources() -> st.SearchStrategy[LeadSource]:
    """Where leads come from."""
    return st.builds(
        LeadSource,
        channel=st.sampled_from(LeadChannel),
        campaign_id=st.none() | campaign_ids(),
        partner_id=st.none() | partner_ids(),
        detail=st.none() | texts(max_size=40),
    )


def company_details() -> st.SearchStrategy[CompanyDetails]:
    """Company data, any of it possibly unknown."""
    return st.builds(
        CompanyDetails,
        name=st.none() | texts(max_size=40),
        domain=st.none() | web_domains(),
        industry=st.none() | st.sampled_from(("software", "retail", "manufacturing")) | texts(),
        employees=st.none() | st.integers(min_value=0, max_value=500_000),
        country=st.none() | country_codes(),
    )


def disqualifications() -> st.SearchStrategy[Disqualification]:
    """Disqualification records."""
    return st.builds(
        Disqualification,
        reason=st.sampled_from(DisqualificationReason),
        note=st.none() | texts(max_size=60),
    )


def lead_conversions() -> st.SearchStrategy[LeadConversion]:
    """Conversion records."""
    return st.builds(
        LeadConversion,
        account_id=account_ids(),
        contact_id=contact_ids(),
        opportunity_id=st.none() | opportunity_ids(),
    )


_CRITERION_KEYS: Final = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)


def qualification_criteria() -> st.SearchStrategy[QualificationCriterion]:
    """Single criteria."""
    return st.builds(
        QualificationCriterion,
        key=_CRITERION_KEYS,
        label=texts(max_size=30),
        required=st.booleans(),
        question=st.none() | texts(max_size=60),
    )


@st.composite
def qualification_frameworks(draw: st.DrawFn) -> QualificationFramework:
    """BANT, or frameworks with 1-5 distinct criteria."""
    if draw(st.booleans()):
        return QualificationFramework.bant()
    criteria = draw(
        st.lists(qualification_criteria(), min_size=1, max_size=5, unique_by=lambda c: c.key)
    )
    optional = sum(1 for c in criteria if not c.required)
    return QualificationFramework(
        name=draw(texts(max_size=20)),
        criteria=criteria,
        optional_needed=draw(st.integers(min_value=0, max_value=optional)),
    )


@st.composite
def criterion_answers(
    draw: st.DrawFn, framework: QualificationFramework | None = None
) -> tuple[CriterionAnswer, ...]:
    """Answers to some of a framework's criteria (BANT by default)."""
    chosen = QualificationFramework.bant() if framework is None else framework
    keys = draw(st.lists(st.sampled_from(chosen.keys), unique=True))
    return tuple(
        CriterionAnswer(key=k, met=draw(st.booleans()), evidence=draw(st.none() | texts()))
        for k in keys
    )


def criterion_answer() -> st.SearchStrategy[CriterionAnswer]:
    """A single answer to a BANT criterion."""
    return st.builds(
        CriterionAnswer,
        key=st.sampled_from(QualificationFramework.bant().keys),
        met=st.booleans(),
        evidence=st.none() | texts(max_size=40),
    )


@st.composite
def qualification_results(draw: st.DrawFn) -> QualificationResult:
    """Results of evaluating drawn answers against a drawn framework."""
    framework = draw(qualification_frameworks())
    return framework.evaluate(draw(criterion_answers(framework)))


@st.composite
def field_conditions(draw: st.DrawFn) -> FieldCondition:
    """Conditions of every operator on lead fields and custom fields."""
    field = draw(st.sampled_from(LEAD_FIELDS) | _CRITERION_KEYS.map(lambda k: f"custom.{k}"))
    operator = draw(st.sampled_from(ConditionOperator))
    value = st.one_of(texts(max_size=20), st.integers(-1000, 100_000), st.booleans())
    if operator is ConditionOperator.EQUALS:
        return FieldCondition.equals(field, draw(value))
    if operator is ConditionOperator.ONE_OF:
        return FieldCondition.one_of(field, draw(st.lists(value, min_size=1, max_size=4)))
    if operator is ConditionOperator.PRESENT:
        return FieldCondition.present(field)
    low = draw(st.none() | st.integers(-10, 10_000))
    high = draw(st.none() | st.integers(-10, 10_000))
    if low is None and high is None:
        low = 0
    if low is not None and high is not None and high < low:
        low, high = high, low
    return FieldCondition.in_range(field, minimum=low, maximum=high)


_RULE_IDS: Final = st.from_regex(r"[a-z][a-z0-9_.-]{0,15}", fullmatch=True)
_POINTS: Final = st.decimals(min_value=-50, max_value=50, places=1, allow_nan=False)


def fit_rules() -> st.SearchStrategy[FitRule]:
    """Fit rules, negative ones included."""
    return st.builds(
        FitRule,
        id=_RULE_IDS,
        label=texts(max_size=30),
        condition=field_conditions(),
        points=_POINTS,
    )


def engagement_rules() -> st.SearchStrategy[EngagementRule]:
    """Engagement rules with and without decay, lookback and caps."""
    return st.builds(
        EngagementRule,
        id=_RULE_IDS,
        label=texts(max_size=30),
        kind=st.sampled_from(EngagementKind),
        points=_POINTS,
        half_life_days=st.none()
        | st.decimals(min_value=1, max_value=365, places=1, allow_nan=False),
        lookback_days=st.none() | st.integers(min_value=1, max_value=730),
        max_points=st.none() | st.decimals(min_value=0, max_value=100, places=1, allow_nan=False),
    )


def grade_bands() -> st.SearchStrategy[GradeBand]:
    """Single grade bands."""
    return st.builds(
        GradeBand,
        grade=st.sampled_from("ABCDE"),
        minimum=st.decimals(min_value=-100, max_value=100, places=1, allow_nan=False),
    )


@st.composite
def scoring_models(draw: st.DrawFn) -> ScoringModel:
    """The default model, or models with drawn rules, caps and bands."""
    if draw(st.booleans()):
        return ScoringModel.default()
    rules = draw(st.lists(fit_rules(), max_size=4, unique_by=lambda r: r.id))
    taken = {r.id for r in rules}
    erules = draw(
        st.lists(
            engagement_rules().filter(lambda r: r.id not in taken),
            max_size=4,
            unique_by=lambda r: r.id,
        )
    )
    floor = draw(st.decimals(min_value=-50, max_value=0, places=0, allow_nan=False))
    ceiling = draw(st.none() | st.decimals(min_value=0, max_value=200, places=0, allow_nan=False))
    minimums = sorted(
        draw(
            st.lists(
                st.decimals(min_value=floor + 1, max_value=150, places=0, allow_nan=False),
                max_size=3,
                unique=True,
            )
        ),
        reverse=True,
    )
    bands = [GradeBand(grade="ABCD"[i], minimum=m) for i, m in enumerate(minimums)]
    bands.append(GradeBand(grade="E", minimum=floor))
    cap = st.none() | st.decimals(min_value=0, max_value=100, places=0, allow_nan=False)
    return ScoringModel(
        name=draw(texts(max_size=20)),
        fit_rules=rules,
        engagement_rules=erules,
        fit_cap=draw(cap),
        engagement_cap=draw(cap),
        floor=floor,
        ceiling=ceiling,
        grade_bands=bands,
    )


# --- leads, built through their commands ----------------------------------------------------

#: The commands the lead strategy (and the stateful tests) may take, by name.
LEAD_STEPS: Final = (
    "start_working",
    "nurture",
    "assess",
    "qualify",
    "return_to_nurturing",
    "disqualify",
    "recycle",
    "convert",
    "assign",
    "tag",
    "untag",
    "set_custom_field",
    "record_engagement",
    "update_company",
)


def apply_lead_step(
    draw: st.DrawFn, lead: Lead, step: str, at: pendulum.DateTime, by: UserId
) -> Lead:
    """Run command ``step`` on ``lead`` with drawn arguments, if its status allows it.

    Steps the status does not allow return the lead unchanged, so any list of
    step names is a valid walk through the lifecycle.
    """
    if step not in lead.allowed_commands():
        return lead
    if step == "start_working":
        return lead.start_working(at=at, by=by)
    if step == "nurture":
        return lead.nurture(at=at, by=by)
    if step == "assess":
        framework = QualificationFramework.bant()
        return lead.assess(framework, draw(criterion_answers(framework)), at=at, by=by)
    if step == "qualify":
        result = lead.qualification
        if result is not None and result.is_qualified:
            return lead.qualify(at=at, by=by)
        return lead.qualify(at=at, by=by, override_reason=draw(texts(max_size=40)))
    if step == "return_to_nurturing":
        return lead.return_to_nurturing(at=at, by=by, reason=draw(texts(max_size=40)))
    if step == "disqualify":
        reason = draw(st.sampled_from(DisqualificationReason))
        return lead.disqualify(reason, at=at, by=by, note=draw(st.none() | texts(max_size=40)))
    if step == "recycle":
        return lead.recycle(at=at, by=by)
    if step == "convert":
        return lead.convert(
            account_id=draw(account_ids()),
            contact_id=draw(contact_ids()),
            opportunity_id=draw(st.none() | opportunity_ids()),
            at=at,
            by=by,
        )
    if step == "assign":
        return lead.assign(draw(st.none() | user_ids()), at=at, by=by)
    if step == "tag":
        return lead.tag(*draw(tags().filter(bool)), at=at, by=by)
    if step == "untag":
        if not lead.tags:
            return lead
        return lead.untag(draw(st.sampled_from(lead.tags)), at=at, by=by)
    if step == "set_custom_field":
        key = draw(_CRITERION_KEYS)
        return lead.set_custom_field(key, draw(st.none() | st.integers() | texts()), at=at, by=by)
    if step == "record_engagement":
        return lead.record_engagement(draw(engagements(at_most=at)), at=at, by=by)
    if step == "update_company":
        return lead.update_company(draw(company_details()), at=at, by=by)
    msg = f"unknown lead step {step!r}"
    raise ValueError(msg)


@st.composite
def leads(draw: st.DrawFn, *, max_steps: int = 8) -> Lead:
    """Leads received with drawn data, then walked through up to ``max_steps`` commands.

    Shrinks towards a lead just received, with the least data.
    """
    received = draw(instants())
    lead = Lead.receive(
        id=draw(lead_ids()),
        at=received,
        by=draw(user_ids()),
        person=draw(person_details(require_name_or_email=True)),
        source=draw(lead_sources()),
        company=draw(company_details()),
        owner=draw(st.none() | user_ids()),
        tags=draw(tags()),
        custom_fields=draw(custom_fields()),
        engagements=draw(st.lists(engagements(at_most=received), max_size=4)),
    )
    at = received
    for step in draw(st.lists(st.sampled_from(LEAD_STEPS), max_size=max_steps)):
        at = at.add(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 30)))
        lead = apply_lead_step(draw, lead, step, at, draw(user_ids()))
    return lead


@st.composite
def lead_scores(draw: st.DrawFn) -> LeadScore:
    """Scores of drawn leads under drawn models, at a drawn instant after receipt."""
    lead = draw(leads(max_steps=3))
    as_of = lead.updated_at.add(days=draw(st.integers(min_value=0, max_value=400)))
    return draw(scoring_models()).score(lead, as_of=as_of)


def rule_contributions() -> st.SearchStrategy[RuleContribution]:
    """Single contributions of any kind."""
    return st.builds(
        RuleContribution,
        rule_id=_RULE_IDS,
        label=texts(max_size=30),
        kind=st.sampled_from(ContributionKind),
        points=_POINTS,
        detail=texts(max_size=60),
    )


@st.composite
def duplicate_suspects(draw: st.DrawFn) -> DuplicateSuspect:
    """Suspects with one or both reasons."""
    reasons = draw(st.lists(st.sampled_from(MatchReason), min_size=1, max_size=2, unique=True))
    return DuplicateSuspect(lead_id=draw(lead_ids()), reasons=tuple(reasons))
