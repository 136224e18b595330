"""Leads (PCF 3.5.1.1-3.5.1.3): receive and identify, engage, qualify, score, de-duplicate.

A :class:`Lead` is received from a channel, worked or nurtured, assessed
against a :class:`QualificationFramework` (BANT by default), qualified and
converted, or disqualified with a reason and recycled. A
:class:`ScoringModel` scores it at an explicit instant and explains every
point; :func:`find_duplicate_suspects` flags existing leads for the same
person.
"""

from __future__ import annotations

from pcf_sales.leads._duplicates import (
    DuplicateSuspect,
    MatchReason,
    find_duplicate_suspects,
    normalised_name,
)
from pcf_sales.leads._engagement import Engagement, EngagementKind
from pcf_sales.leads._lead import (
    LEAD_LIFECYCLE,
    CompanyDetails,
    Disqualification,
    DisqualificationReason,
    Lead,
    LeadChannel,
    LeadConversion,
    LeadSource,
    LeadStatus,
)
from pcf_sales.leads._qualification import (
    CriterionAnswer,
    QualificationCriterion,
    QualificationFramework,
    QualificationResult,
)
from pcf_sales.leads._scoring import (
    LEAD_FIELDS,
    ConditionOperator,
    ContributionKind,
    EngagementRule,
    FieldCondition,
    FitRule,
    GradeBand,
    LeadScore,
    RuleContribution,
    ScoringModel,
)

__all__ = [
    "LEAD_FIELDS",
    "LEAD_LIFECYCLE",
    "CompanyDetails",
    "ConditionOperator",
    "ContributionKind",
    "CriterionAnswer",
    "Disqualification",
    "DisqualificationReason",
    "DuplicateSuspect",
    "Engagement",
    "EngagementKind",
    "EngagementRule",
    "FieldCondition",
    "FitRule",
    "GradeBand",
    "Lead",
    "LeadChannel",
    "LeadConversion",
    "LeadScore",
    "LeadSource",
    "LeadStatus",
    "MatchReason",
    "QualificationCriterion",
    "QualificationFramework",
    "QualificationResult",
    "RuleContribution",
    "ScoringModel",
    "find_duplicate_suspects",
    "normalised_name",
]
