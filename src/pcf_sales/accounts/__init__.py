"""Accounts and contacts (PCF 3.5.2.1-3.5.2.4): who we sell to, and how well we know them.

An :class:`Account` is an organisation (prospect, customer, dormant or
churned) with its team, addresses and place in a hierarchy
(:class:`AccountHierarchy` rolls figures up it); a :class:`Contact` is a
person there, with a buying role, a stance and consent per channel.
:class:`KeyAccountCriteria` ranks accounts and selects the key accounts;
a :class:`KeyAccountPlan` sets objectives, targets and actions for one and
tracks progress. :func:`relationship_map` and
:class:`RelationshipHealthPolicy` show how well the relationship is covered.
:class:`AccountIndex` and :class:`ContactIndex` find existing records by
normalised domain, email or name.
"""

from __future__ import annotations

from pcf_sales.accounts._account import (
    ACCOUNT_LIFECYCLE,
    Account,
    AccountStatus,
    AccountTeamMember,
    AccountTeamRole,
    SizeBand,
)
from pcf_sales.accounts._address import Address
from pcf_sales.accounts._contact import (
    CONTACT_LIFECYCLE,
    BuyingRole,
    CommunicationPreferences,
    Consent,
    ConsentStatus,
    Contact,
    ContactChannel,
    ContactStatus,
    Stance,
)
from pcf_sales.accounts._health import (
    HealthFactor,
    HealthGrade,
    RelationshipHealth,
    RelationshipHealthPolicy,
)
from pcf_sales.accounts._hierarchy import (
    AccountHierarchy,
    HierarchyLink,
    HierarchyRollUp,
    RollUpLine,
)
from pcf_sales.accounts._key_accounts import (
    AccountFacts,
    AccountRank,
    CriterionScore,
    CriterionWeight,
    KeyAccountCriteria,
    KeyAccountCriterion,
    KeyAccountRanking,
)
from pcf_sales.accounts._matching import (
    AccountIndex,
    AccountMatch,
    AccountMatchKeys,
    AccountMatchReason,
    ContactIndex,
    ContactMatch,
    ContactMatchKeys,
    ContactMatchReason,
    find_matching_accounts,
    find_matching_contacts,
)
from pcf_sales.accounts._plan import (
    KEY_ACCOUNT_PLAN_LIFECYCLE,
    KeyAccountPlan,
    KeyAccountPlanStatus,
)
from pcf_sales.accounts._plan_action import PLAN_ACTION_LIFECYCLE, PlanAction, PlanActionStatus
from pcf_sales.accounts._plan_values import PlanObjective, PlanTarget, TargetActual, TargetValue
from pcf_sales.accounts._progress import PlanProgress, TargetProgress, TargetProgressStatus
from pcf_sales.accounts._relationship import (
    ContactCoverage,
    Interaction,
    InteractionDirection,
    InteractionKind,
    RelationshipMap,
    Sentiment,
    relationship_map,
)

__all__ = [
    "ACCOUNT_LIFECYCLE",
    "CONTACT_LIFECYCLE",
    "KEY_ACCOUNT_PLAN_LIFECYCLE",
    "PLAN_ACTION_LIFECYCLE",
    "Account",
    "AccountFacts",
    "AccountHierarchy",
    "AccountIndex",
    "AccountMatch",
    "AccountMatchKeys",
    "AccountMatchReason",
    "AccountRank",
    "AccountStatus",
    "AccountTeamMember",
    "AccountTeamRole",
    "Address",
    "BuyingRole",
    "CommunicationPreferences",
    "Consent",
    "ConsentStatus",
    "Contact",
    "ContactChannel",
    "ContactCoverage",
    "ContactIndex",
    "ContactMatch",
    "ContactMatchKeys",
    "ContactMatchReason",
    "ContactStatus",
    "CriterionScore",
    "CriterionWeight",
    "HealthFactor",
    "HealthGrade",
    "HierarchyLink",
    "HierarchyRollUp",
    "Interaction",
    "InteractionDirection",
    "InteractionKind",
    "KeyAccountCriteria",
    "KeyAccountCriterion",
    "KeyAccountPlan",
    "KeyAccountPlanStatus",
    "KeyAccountRanking",
    "PlanAction",
    "PlanActionStatus",
    "PlanObjective",
    "PlanProgress",
    "PlanTarget",
    "RelationshipHealth",
    "RelationshipHealthPolicy",
    "RelationshipMap",
    "RollUpLine",
    "Sentiment",
    "SizeBand",
    "Stance",
    "TargetActual",
    "TargetProgress",
    "TargetProgressStatus",
    "TargetValue",
    "find_matching_accounts",
    "find_matching_contacts",
    "relationship_map",
]
