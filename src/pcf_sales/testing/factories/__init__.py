"""Factories with deterministic, readable defaults: ``make_lead(**overrides)`` and friends.

Every public type has a ``make_<type>`` here. Defaults are fixed (the same
call always gives the same value) and meant to be read in a failing test;
override only what your test is about.

>>> from pcf_sales.testing.factories import make_lead
>>> from pcf_sales.leads import LeadStatus
>>> make_lead(LeadStatus.WORKING, owner="sdr-7").owner
'sdr-7'
"""

from __future__ import annotations

from pcf_sales.testing.factories._core import (
    FIXED_INSTANT,
    make_country_info,
    make_custom_fields,
    make_email_address,
    make_fiscal_calendar,
    make_fx_rate,
    make_fx_table,
    make_guard,
    make_history_entry,
    make_lifecycle,
    make_money,
    make_percentage,
    make_period,
    make_person_details,
    make_phone_number,
    make_transition,
)
from pcf_sales.testing.factories._leads import (
    bant_answers,
    make_company_details,
    make_criterion_answer,
    make_disqualification,
    make_duplicate_suspect,
    make_engagement,
    make_engagement_rule,
    make_field_condition,
    make_fit_rule,
    make_grade_band,
    make_lead,
    make_lead_conversion,
    make_lead_score,
    make_lead_source,
    make_qualification_criterion,
    make_qualification_framework,
    make_qualification_result,
    make_rule_contribution,
    make_scoring_model,
)
from pcf_sales.testing.factories._pcf import make_coverage, make_level_coverage, make_pcf_element
from pcf_sales.testing.factories._samples import make_sample_company

__all__ = [
    "FIXED_INSTANT",
    "bant_answers",
    "make_company_details",
    "make_country_info",
    "make_coverage",
    "make_criterion_answer",
    "make_custom_fields",
    "make_disqualification",
    "make_duplicate_suspect",
    "make_email_address",
    "make_engagement",
    "make_engagement_rule",
    "make_field_condition",
    "make_fiscal_calendar",
    "make_fit_rule",
    "make_fx_rate",
    "make_fx_table",
    "make_grade_band",
    "make_guard",
    "make_history_entry",
    "make_lead",
    "make_lead_conversion",
    "make_lead_score",
    "make_lead_source",
    "make_level_coverage",
    "make_lifecycle",
    "make_money",
    "make_pcf_element",
    "make_percentage",
    "make_period",
    "make_person_details",
    "make_phone_number",
    "make_qualification_criterion",
    "make_qualification_framework",
    "make_qualification_result",
    "make_rule_contribution",
    "make_sample_company",
    "make_scoring_model",
    "make_transition",
]
