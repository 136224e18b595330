"""The public surface: exactly these names, sorted, and every domain class frozen and slotted.

Each package's ``__all__`` is pinned here as a literal list, so adding or
removing a public name is a deliberate change to this file too.
"""

from __future__ import annotations

import enum
import importlib
import typing
from typing import Any, Final

import attrs
import attrs.exceptions
import pytest

import pcf_sales
from pcf_sales import core, errors, leads, pcf, samples
from pcf_sales.core import LeadId, UserId
from pcf_sales.leads import LEAD_LIFECYCLE, LeadStatus
from pcf_sales.samples import sample_company
from pcf_sales.testing import factories as f

PUBLIC_NAMES: Final[dict[str, list[str]]] = {
    "pcf_sales": [
        "CurrencyMismatch",
        "FiscalCalendar",
        "FxTable",
        "GuardFailed",
        "InvalidTransition",
        "Lead",
        "LeadStatus",
        "Lifecycle",
        "MissingFxRate",
        "PcfSalesError",
        "Percentage",
        "RoundingMode",
        "ScoringModel",
        "ValidationError",
        "__version__",
        "allocate",
        "money",
    ],
    "pcf_sales.errors": [
        "CurrencyMismatch",
        "GuardFailed",
        "InvalidTransition",
        "MissingFxRate",
        "PcfSalesError",
        "ValidationError",
    ],
    "pcf_sales.core": [
        "COUNTRIES",
        "DECIMAL_CONTEXT",
        "DEFAULT_ROUNDING",
        "FREE_MAIL_DOMAINS",
        "AccountId",
        "Aggregate",
        "CampaignId",
        "ContactId",
        "CountryCode",
        "CountryInfo",
        "CustomFields",
        "EmailAddress",
        "FiscalCalendar",
        "FiscalYearNaming",
        "FxRate",
        "FxTable",
        "Guard",
        "HistoryEntry",
        "LeadId",
        "Lifecycle",
        "OpportunityId",
        "PartnerId",
        "Percentage",
        "Period",
        "PeriodKind",
        "PersonDetails",
        "PhoneNumber",
        "ProductId",
        "QuoteId",
        "RfpId",
        "RoundingMode",
        "SalesOrderId",
        "Scalar",
        "SegmentId",
        "Transition",
        "UserId",
        "allocate",
        "company_domain",
        "country",
        "instant",
        "is_rounded",
        "minor_digits",
        "money",
        "new_id",
        "round_amount",
        "round_money",
        "sum_money",
        "zero",
    ],
    "pcf_sales.leads": [
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
    ],
    "pcf_sales.serialization": [
        "DOCUMENT_TYPES",
        "from_dict",
        "from_document",
        "schema_version",
        "to_dict",
        "to_document",
    ],
    "pcf_sales.pcf": [
        "SERVED_BY",
        "Coverage",
        "LevelCoverage",
        "PcfElement",
        "coverage",
        "element",
        "elements",
        "resolve",
        "served_by",
    ],
    "pcf_sales.samples": [
        "DEFAULT_SEED",
        "SAMPLE_AS_OF",
        "SampleCompany",
        "sample_company",
    ],
    "pcf_sales.testing.strategies": [
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
        "history_entries_for",
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
        "product_ids",
        "qualification_criteria",
        "qualification_frameworks",
        "qualification_results",
        "quote_ids",
        "register_type_strategies",
        "rfp_ids",
        "rule_contributions",
        "sales_order_ids",
        "sample_companies",
        "scoring_models",
        "segment_ids",
        "tags",
        "texts",
        "transitions",
        "user_ids",
        "web_domains",
    ],
    "pcf_sales.testing.factories": [
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
    ],
}

#: The packages whose public classes are domain types.
DOMAIN_PACKAGES: Final = (pcf_sales, core, leads, pcf, samples)

#: Public names of the domain packages that are not classes of their own and
#: so are not held to "frozen, slotted attrs class", by kind.
ENUMS: Final = frozenset(
    {
        "ConditionOperator",
        "ContributionKind",
        "DisqualificationReason",
        "EngagementKind",
        "FiscalYearNaming",
        "LeadChannel",
        "LeadStatus",
        "MatchReason",
        "PeriodKind",
        "RoundingMode",
    }
)
ERRORS: Final = frozenset(
    {
        "CurrencyMismatch",
        "GuardFailed",
        "InvalidTransition",
        "MissingFxRate",
        "PcfSalesError",
        "ValidationError",
    }
)
NEW_TYPES: Final = frozenset(
    {
        "AccountId",
        "CampaignId",
        "ContactId",
        "CountryCode",
        "LeadId",
        "OpportunityId",
        "PartnerId",
        "ProductId",
        "QuoteId",
        "RfpId",
        "SalesOrderId",
        "SegmentId",
        "UserId",
    }
)
TYPE_ALIASES: Final = frozenset({"Scalar"})
PROTOCOLS: Final = frozenset({"Aggregate"})

#: Every public attrs class of the domain packages.
ATTRS_CLASSES: Final = frozenset(
    {
        "CompanyDetails",
        "CountryInfo",
        "Coverage",
        "CriterionAnswer",
        "CustomFields",
        "Disqualification",
        "DuplicateSuspect",
        "EmailAddress",
        "Engagement",
        "EngagementRule",
        "FieldCondition",
        "FiscalCalendar",
        "FitRule",
        "FxRate",
        "FxTable",
        "GradeBand",
        "Guard",
        "HistoryEntry",
        "Lead",
        "LeadConversion",
        "LeadScore",
        "LeadSource",
        "LevelCoverage",
        "Lifecycle",
        "PcfElement",
        "Percentage",
        "Period",
        "PersonDetails",
        "PhoneNumber",
        "QualificationCriterion",
        "QualificationFramework",
        "QualificationResult",
        "RuleContribution",
        "SampleCompany",
        "ScoringModel",
        "Transition",
    }
)


def _isort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then the rest."""
    if len(name) > 1 and name.isupper():
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def _public_objects() -> dict[str, object]:
    found: dict[str, object] = {}
    for module in DOMAIN_PACKAGES:
        for name in module.__all__:
            obj = getattr(module, name)
            if name in found:
                assert found[name] is obj, f"{name} names two different objects"
            found[name] = obj
    return found


def _instances() -> dict[str, object]:
    """One instance of every public attrs class, from the library's own kit."""
    lead = f.make_lead(LeadStatus.QUALIFIED)
    row = LEAD_LIFECYCLE.transition("qualify")
    return {
        "CompanyDetails": f.make_company_details(),
        "CountryInfo": f.make_country_info(),
        "Coverage": f.make_coverage(),
        "CriterionAnswer": f.make_criterion_answer(),
        "CustomFields": f.make_custom_fields(erp_number="C-1"),
        "Disqualification": f.make_disqualification(),
        "DuplicateSuspect": f.make_duplicate_suspect(),
        "EmailAddress": f.make_email_address(),
        "Engagement": f.make_engagement(),
        "EngagementRule": f.make_engagement_rule(),
        "FieldCondition": f.make_field_condition(),
        "FiscalCalendar": f.make_fiscal_calendar(),
        "FitRule": f.make_fit_rule(),
        "FxRate": f.make_fx_rate(),
        "FxTable": f.make_fx_table(),
        "GradeBand": f.make_grade_band(),
        "Guard": row.guards[0],
        "HistoryEntry": lead.history[-1],
        "Lead": lead,
        "LeadConversion": f.make_lead_conversion(),
        "LeadScore": f.make_lead_score(),
        "LeadSource": f.make_lead_source(),
        "LevelCoverage": f.make_level_coverage(),
        "Lifecycle": LEAD_LIFECYCLE,
        "PcfElement": f.make_pcf_element(),
        "Percentage": f.make_percentage(),
        "Period": f.make_period(),
        "PersonDetails": f.make_person_details(),
        "PhoneNumber": f.make_phone_number(),
        "QualificationCriterion": f.make_qualification_criterion(),
        "QualificationFramework": f.make_qualification_framework(),
        "QualificationResult": f.make_qualification_result(),
        "RuleContribution": f.make_rule_contribution(),
        "SampleCompany": sample_company(seed=3, leads=2),
        "ScoringModel": f.make_scoring_model(),
        "Transition": row,
    }


# --- the names -------------------------------------------------------------------------------


@pytest.mark.parametrize("package", sorted(PUBLIC_NAMES))
def test_each_package_exports_exactly_the_pinned_names(package: str) -> None:
    module = importlib.import_module(package)
    assert list(module.__all__) == PUBLIC_NAMES[package]


@pytest.mark.parametrize("package", sorted(PUBLIC_NAMES))
def test_each_all_is_sorted_constants_then_classes_then_functions(package: str) -> None:
    names = list(importlib.import_module(package).__all__)
    assert names == sorted(names, key=_isort_key)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("package", sorted(PUBLIC_NAMES))
def test_every_exported_name_exists(package: str) -> None:
    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


def test_the_testing_package_itself_exports_nothing() -> None:
    testing = importlib.import_module("pcf_sales.testing")
    assert testing.__all__ == []


def test_the_sort_order_puts_constants_before_classes_before_functions() -> None:
    names = ["money", "Lead", "LEAD_FIELDS", "__version__", "Aggregate"]
    assert sorted(names, key=_isort_key) == [
        "LEAD_FIELDS",
        "Aggregate",
        "Lead",
        "__version__",
        "money",
    ]


def test_the_top_level_names_are_the_same_objects_as_in_their_packages() -> None:
    for name in PUBLIC_NAMES["pcf_sales"]:
        if name == "__version__":
            continue
        here = getattr(pcf_sales, name)
        home = next(
            getattr(m, name) for m in (errors, core, leads) if name in getattr(m, "__all__", ())
        )
        assert here is home, name


def test_the_version_is_a_non_empty_string() -> None:
    assert isinstance(pcf_sales.__version__, str)
    assert pcf_sales.__version__.strip() != ""


# --- every public class is a frozen, slotted attrs class ---------------------------------------


def test_the_exemptions_are_exactly_the_enums_errors_new_types_aliases_and_protocol() -> None:
    classes = {
        name
        for name, obj in _public_objects().items()
        if isinstance(obj, type) and name not in ATTRS_CLASSES
    }
    assert classes == ENUMS | ERRORS | PROTOCOLS
    assert all(issubclass(typing.cast(type, _public_objects()[n]), enum.Enum) for n in ENUMS)
    assert all(
        issubclass(typing.cast(type, _public_objects()[n]), errors.PcfSalesError) for n in ERRORS
    )
    new_types = {n for n, o in _public_objects().items() if isinstance(o, typing.NewType)}
    assert new_types == NEW_TYPES
    aliases = {
        n
        for n, o in _public_objects().items()
        if typing.get_origin(o) is not None or type(o).__name__ == "UnionType"
    }
    assert aliases == TYPE_ALIASES
    assert getattr(core.Aggregate, "_is_protocol", False) is True


def test_every_public_attrs_class_has_an_instance_to_check() -> None:
    found = {
        name for name, obj in _public_objects().items() if isinstance(obj, type) and attrs.has(obj)
    }
    assert found == ATTRS_CLASSES
    assert set(_instances()) == ATTRS_CLASSES


@pytest.mark.parametrize("name", sorted(ATTRS_CLASSES))
def test_every_public_class_is_a_slotted_attrs_class(name: str) -> None:
    cls = typing.cast(type, _public_objects()[name])
    assert attrs.has(cls)
    assert "__slots__" in cls.__dict__
    instance = _instances()[name]
    assert isinstance(instance, cls)
    assert not hasattr(instance, "__dict__"), f"{name} instances carry a __dict__"


@pytest.mark.parametrize("name", sorted(ATTRS_CLASSES))
def test_every_public_class_is_frozen(name: str) -> None:
    instance: Any = _instances()[name]
    cls = type(instance)
    first = attrs.fields(cls)[0].name
    before = getattr(instance, first)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(instance, first, before)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(instance, first)
    assert getattr(instance, first) is before


def test_a_command_leaves_the_frozen_lead_it_ran_on_untouched() -> None:
    lead = f.make_lead(LeadStatus.WORKING)
    copy = attrs.evolve(lead)
    nurtured = lead.nurture(at=lead.updated_at.add(hours=1), by=UserId("sdr-1"))
    assert lead == copy
    assert nurtured is not lead
    assert nurtured.status is LeadStatus.NURTURING
    assert lead.id == LeadId("lead-1")
