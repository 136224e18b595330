"""Hypothesis strategies for every public type of pcf_sales, valid by construction.

Each strategy shrinks towards the simplest valid value: the initial state,
the least data, USD, zero. :func:`register_type_strategies` (run for you by
Hypothesis through the package's entry point) makes ``st.from_type(T)`` use
them, so a test can ask for ``st.from_type(Lead)`` directly.

>>> from hypothesis import given, strategies as st
>>> from pcf_sales.leads import Lead
>>> @given(st.from_type(Lead))
... def test_every_lead_has_a_history(lead):
...     assert lead.revision == len(lead.history)
>>> test_every_lead_has_a_history()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from hypothesis import strategies as st

from pcf_sales import core, pcf
from pcf_sales import leads as _leads
from pcf_sales.testing.strategies._core import (
    CURRENCIES,
    account_ids,
    campaign_ids,
    contact_ids,
    country_codes,
    country_infos,
    currencies,
    custom_fields,
    dates,
    email_addresses,
    fiscal_calendars,
    fx_rates,
    fx_tables,
    history_entries,
    history_entries_for,
    identifiers,
    instants,
    lead_ids,
    money,
    opportunity_ids,
    partner_ids,
    percentages,
    periods,
    person_details,
    phone_numbers,
    tags,
    texts,
    user_ids,
    web_domains,
)
from pcf_sales.testing.strategies._leads import (
    LEAD_STEPS,
    apply_lead_step,
    company_details,
    criterion_answer,
    criterion_answers,
    disqualifications,
    duplicate_suspects,
    engagement_rules,
    engagements,
    field_conditions,
    fit_rules,
    grade_bands,
    lead_conversions,
    lead_scores,
    lead_sources,
    qualification_criteria,
    qualification_frameworks,
    qualification_results,
    rule_contributions,
    scoring_models,
)
from pcf_sales.testing.strategies._leads import (
    leads as lead_aggregates,
)
from pcf_sales.testing.strategies._pcf import coverages, level_coverages, pcf_elements

__all__ = [
    "CURRENCIES",
    "LEAD_STEPS",
    "STRATEGIES",
    "account_ids",
    "apply_lead_step",
    "campaign_ids",
    "company_details",
    "contact_ids",
    "country_codes",
    "country_infos",
    "coverages",
    "criterion_answer",
    "criterion_answers",
    "currencies",
    "custom_fields",
    "dates",
    "disqualifications",
    "duplicate_suspects",
    "email_addresses",
    "engagement_rules",
    "engagements",
    "field_conditions",
    "fiscal_calendars",
    "fit_rules",
    "fx_rates",
    "fx_tables",
    "grade_bands",
    "guards",
    "history_entries",
    "identifiers",
    "instants",
    "lead_conversions",
    "lead_ids",
    "lead_scores",
    "lead_sources",
    "leads",
    "level_coverages",
    "lifecycles",
    "money",
    "opportunity_ids",
    "partner_ids",
    "pcf_elements",
    "percentages",
    "periods",
    "person_details",
    "phone_numbers",
    "qualification_criteria",
    "qualification_frameworks",
    "qualification_results",
    "register_type_strategies",
    "rule_contributions",
    "scoring_models",
    "tags",
    "texts",
    "transitions",
    "user_ids",
    "web_domains",
]

leads = lead_aggregates
"""Leads received with drawn data and walked through drawn commands."""


def _all_lifecycles() -> list[core.Lifecycle[Any, Any]]:
    return [_leads.LEAD_LIFECYCLE]


def lifecycles() -> st.SearchStrategy[core.Lifecycle[Any, Any]]:
    """The lifecycle tables the library ships."""
    return st.sampled_from(_all_lifecycles())


def transitions() -> st.SearchStrategy[core.Transition[Any, Any]]:
    """Rows of the shipped lifecycle tables."""
    return st.sampled_from([row for table in _all_lifecycles() for row in table.transitions])


def guards() -> st.SearchStrategy[core.Guard[Any]]:
    """Guards of the shipped lifecycle tables."""
    return st.sampled_from(
        [g for table in _all_lifecycles() for row in table.transitions for g in row.guards]
    )


#: The strategy for each public type, as a function that makes it.
STRATEGIES: Final[dict[Any, Callable[[], st.SearchStrategy[Any]]]] = {
    # core
    core.AccountId: account_ids,
    core.CampaignId: campaign_ids,
    core.ContactId: contact_ids,
    core.CountryCode: country_codes,
    core.CountryInfo: country_infos,
    core.CustomFields: custom_fields,
    core.EmailAddress: email_addresses,
    core.FiscalCalendar: fiscal_calendars,
    core.FxRate: fx_rates,
    core.FxTable: fx_tables,
    core.Guard: guards,
    core.LeadId: lead_ids,
    core.Lifecycle: lifecycles,
    core.OpportunityId: opportunity_ids,
    core.PartnerId: partner_ids,
    core.Percentage: percentages,
    core.Period: periods,
    core.PersonDetails: person_details,
    core.PhoneNumber: phone_numbers,
    core.Transition: transitions,
    core.UserId: user_ids,
    # leads
    _leads.CompanyDetails: company_details,
    _leads.CriterionAnswer: criterion_answer,
    _leads.Disqualification: disqualifications,
    _leads.DuplicateSuspect: duplicate_suspects,
    _leads.Engagement: engagements,
    _leads.EngagementRule: engagement_rules,
    _leads.FieldCondition: field_conditions,
    _leads.FitRule: fit_rules,
    _leads.GradeBand: grade_bands,
    _leads.Lead: leads,
    _leads.LeadConversion: lead_conversions,
    _leads.LeadScore: lead_scores,
    _leads.LeadSource: lead_sources,
    _leads.QualificationCriterion: qualification_criteria,
    _leads.QualificationFramework: qualification_frameworks,
    _leads.QualificationResult: qualification_results,
    _leads.RuleContribution: rule_contributions,
    _leads.ScoringModel: scoring_models,
    # pcf
    pcf.Coverage: coverages,
    pcf.LevelCoverage: level_coverages,
    pcf.PcfElement: pcf_elements,
}


def register_type_strategies() -> None:
    """Make ``st.from_type(T)`` draw from these strategies for every public type.

    Hypothesis runs this through the package's entry point; call it yourself
    only if you disabled Hypothesis plugins.
    """
    for cls, make in STRATEGIES.items():
        st.register_type_strategy(cls, st.deferred(make))
    st.register_type_strategy(core.HistoryEntry, history_entries_for)
