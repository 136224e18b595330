"""Factories for leads: readable defaults, and leads in any status through real commands."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import pendulum

from pcf_sales.core import (
    AccountId,
    ContactId,
    CountryCode,
    LeadId,
    OpportunityId,
    UserId,
)
from pcf_sales.leads import (
    CompanyDetails,
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
    LeadStatus,
    MatchReason,
    QualificationCriterion,
    QualificationFramework,
    QualificationResult,
    RuleContribution,
    ScoringModel,
)
from pcf_sales.testing.factories._core import FIXED_INSTANT, make_person_details

__all__ = [
    "bant_answers",
    "make_company_details",
    "make_criterion_answer",
    "make_disqualification",
    "make_duplicate_suspect",
    "make_engagement",
    "make_engagement_rule",
    "make_field_condition",
    "make_fit_rule",
    "make_grade_band",
    "make_lead",
    "make_lead_conversion",
    "make_lead_score",
    "make_lead_source",
    "make_qualification_criterion",
    "make_qualification_framework",
    "make_qualification_result",
    "make_rule_contribution",
    "make_scoring_model",
]

_BY: Final = UserId("user-1")


def make_lead_source(**overrides: Any) -> LeadSource:
    """A website lead from campaign ``cmp-1`` unless told otherwise."""
    fields: dict[str, Any] = {"channel": LeadChannel.WEBSITE, "campaign_id": "cmp-1"}
    fields.update(overrides)
    return LeadSource(**fields)


def make_company_details(**overrides: Any) -> CompanyDetails:
    """Analytical Engines Ltd, software, 250 people, GB, unless told otherwise."""
    fields: dict[str, Any] = {
        "name": "Analytical Engines Ltd",
        "domain": "analytical-engines.example",
        "industry": "software",
        "employees": 250,
        "country": CountryCode("GB"),
    }
    fields.update(overrides)
    return CompanyDetails(**fields)


def make_engagement(
    kind: EngagementKind = EngagementKind.FORM_SUBMISSION,
    at: pendulum.DateTime = FIXED_INSTANT,
    **overrides: Any,
) -> Engagement:
    """A form submission at the fixed instant unless told otherwise."""
    return Engagement(kind=kind, at=at, **overrides)


def make_disqualification(
    reason: DisqualificationReason = DisqualificationReason.NOT_A_FIT, note: str | None = None
) -> Disqualification:
    """Not a fit, unless told otherwise."""
    return Disqualification(reason=reason, note=note)


def make_lead_conversion(**overrides: Any) -> LeadConversion:
    """Converted into ``contact-1`` at ``account-1`` with ``opportunity-1``."""
    fields: dict[str, Any] = {
        "account_id": AccountId("account-1"),
        "contact_id": ContactId("contact-1"),
        "opportunity_id": OpportunityId("opportunity-1"),
    }
    fields.update(overrides)
    return LeadConversion(**fields)


def make_qualification_framework() -> QualificationFramework:
    """BANT."""
    return QualificationFramework.bant()


def make_qualification_criterion(**overrides: Any) -> QualificationCriterion:
    """A required ``budget`` criterion unless told otherwise."""
    fields: dict[str, Any] = {"key": "budget", "label": "Budget", "required": True}
    fields.update(overrides)
    return QualificationCriterion(**fields)


def make_criterion_answer(
    key: str = "budget", met: bool = True, evidence: str | None = None
) -> CriterionAnswer:
    """``budget`` met unless told otherwise."""
    return CriterionAnswer(key=key, met=met, evidence=evidence)


def bant_answers(*, met: bool = True) -> tuple[CriterionAnswer, ...]:
    """Answers to all four BANT criteria, all met (or all not met)."""
    return tuple(CriterionAnswer(key=k, met=met) for k in QualificationFramework.bant().keys)


def make_qualification_result(*, met: bool = True) -> QualificationResult:
    """BANT evaluated with every criterion met (or none)."""
    return QualificationFramework.bant().evaluate(bant_answers(met=met))


def make_field_condition() -> FieldCondition:
    """``industry = 'software'``."""
    return FieldCondition.equals("industry", "software")


def make_fit_rule(**overrides: Any) -> FitRule:
    """10 points for a software company unless told otherwise."""
    fields: dict[str, Any] = {
        "id": "fit.software",
        "label": "Software company",
        "condition": make_field_condition(),
        "points": Decimal(10),
    }
    fields.update(overrides)
    return FitRule(**fields)


def make_engagement_rule(**overrides: Any) -> EngagementRule:
    """15 points a form submission, 30-day half-life, unless told otherwise."""
    fields: dict[str, Any] = {
        "id": "eng.form",
        "label": "Form submission",
        "kind": EngagementKind.FORM_SUBMISSION,
        "points": Decimal(15),
        "half_life_days": Decimal(30),
    }
    fields.update(overrides)
    return EngagementRule(**fields)


def make_grade_band(grade: str = "A", minimum: Decimal | int = 75) -> GradeBand:
    """Grade A from 75 points unless told otherwise."""
    return GradeBand(grade=grade, minimum=Decimal(minimum))


def make_scoring_model() -> ScoringModel:
    """The default scoring model."""
    return ScoringModel.default()


def make_rule_contribution(**overrides: Any) -> RuleContribution:
    """10 fit points for a software company unless told otherwise."""
    fields: dict[str, Any] = {
        "rule_id": "fit.software",
        "label": "Software company",
        "kind": ContributionKind.FIT,
        "points": Decimal(10),
        "detail": "industry = 'software'",
    }
    fields.update(overrides)
    return RuleContribution(**fields)


def make_lead_score(lead: Lead | None = None, as_of: pendulum.DateTime | None = None) -> LeadScore:
    """The default model's score of ``lead`` (a default lead) a week after the fixed instant."""
    chosen = make_lead() if lead is None else lead
    when = FIXED_INSTANT.add(days=7) if as_of is None else as_of
    return ScoringModel.default().score(chosen, as_of=when)


def make_duplicate_suspect(
    lead_id: str = "lead-0", reasons: tuple[MatchReason, ...] = (MatchReason.SAME_EMAIL,)
) -> DuplicateSuspect:
    """``lead-0`` with the same email unless told otherwise."""
    return DuplicateSuspect(lead_id=LeadId(lead_id), reasons=reasons)


def make_lead(status: LeadStatus = LeadStatus.NEW, **overrides: Any) -> Lead:
    """A lead in ``status``, reached through the lifecycle's own commands.

    ``overrides`` go to :meth:`Lead.receive` (``id``, ``at``, ``by``,
    ``person``, ``source``, ``company``, ``owner``, ``tags``,
    ``custom_fields``, ``engagements``). Each later command happens one hour
    after the previous one, by the same user.

    >>> make_lead(LeadStatus.QUALIFIED).history[-1].event
    'qualified'
    """
    fields: dict[str, Any] = {
        "id": LeadId("lead-1"),
        "at": FIXED_INSTANT,
        "by": _BY,
        "person": make_person_details(),
        "source": make_lead_source(),
        "company": make_company_details(),
    }
    fields.update(overrides)
    lead = Lead.receive(**fields)
    at: pendulum.DateTime = lead.received_at
    by = lead.history[0].by

    def later() -> pendulum.DateTime:
        nonlocal at
        at = at.add(hours=1)
        return at

    if status is LeadStatus.NEW:
        return lead
    if status is LeadStatus.DISQUALIFIED:
        return lead.disqualify(DisqualificationReason.NOT_A_FIT, at=later(), by=by)
    if status is LeadStatus.RECYCLED:
        lead = lead.disqualify(DisqualificationReason.BAD_TIMING, at=later(), by=by)
        return lead.recycle(at=later(), by=by)
    lead = lead.start_working(at=later(), by=by)
    if status is LeadStatus.WORKING:
        return lead
    if status is LeadStatus.NURTURING:
        return lead.nurture(at=later(), by=by)
    lead = lead.assess(QualificationFramework.bant(), bant_answers(), at=later(), by=by)
    lead = lead.qualify(at=later(), by=by)
    if status is LeadStatus.QUALIFIED:
        return lead
    return lead.convert(
        account_id=AccountId("account-1"),
        contact_id=ContactId("contact-1"),
        opportunity_id=OpportunityId("opportunity-1"),
        at=later(),
        by=by,
    )
