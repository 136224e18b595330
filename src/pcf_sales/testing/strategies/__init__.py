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

from pcf_sales import catalog as catalog_package
from pcf_sales import core
from pcf_sales import leads as leads_package
from pcf_sales import pricing as pricing_package
from pcf_sales.testing._registry import STRATEGY_NAMES
from pcf_sales.testing.strategies._catalog import (
    BUNDLE_STEPS,
    PRODUCT_STEPS,
    apply_bundle_step,
    apply_product_step,
    bundle_components,
    bundle_ids,
    bundles,
    catalogs,
    families,
    products,
    skus,
    units,
)
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
    product_ids,
    quote_ids,
    rfp_ids,
    sales_order_ids,
    segment_ids,
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
from pcf_sales.testing.strategies._pricing import (
    PRICE_BOOK_STEPS,
    SCENARIO_CURRENCIES,
    adjustments,
    apply_price_book_step,
    channel_ids,
    floor_overrides,
    manual_discounts,
    price_book_ids,
    price_books,
    price_change_notices,
    price_changes,
    price_entries,
    promotion_ids,
    regulatory_approvals,
    rounding_policies,
    step_orders,
    tier_tables,
    tiers,
)
from pcf_sales.testing.strategies._pricing_policy import (
    approval_levels,
    approval_requirements,
    approval_thresholds,
    break_evens,
    cost_volume_profits,
    discount_policies,
    leakage_items,
    margin_prices,
    price_targets,
    pricing_analyses,
    pricing_targets,
    required_approvals,
    target_comparisons,
)
from pcf_sales.testing.strategies._pricing_scenarios import (
    ACCOUNTS,
    CHANNELS,
    PARTNER_TIERS,
    PRICING_DAY,
    PROMOTION_CODES,
    SEGMENTS,
    applied_header_discounts,
    combination_policies,
    document_lines,
    priced_lines,
    pricing_contexts,
    pricing_documents,
    pricing_engines,
    pricing_results,
    pricing_rules,
    pricing_scenarios,
    rule_decisions,
    rule_scopes,
    rule_sets,
    step_modes,
    unpriceable_lines,
    waterfall_steps,
)
from pcf_sales.testing.strategies._samples import sample_companies

__all__ = [
    "ACCOUNTS",
    "BUNDLE_STEPS",
    "CHANNELS",
    "CURRENCIES",
    "LEAD_STEPS",
    "PARTNER_TIERS",
    "PRICE_BOOK_STEPS",
    "PRICING_DAY",
    "PRODUCT_STEPS",
    "PROMOTION_CODES",
    "SCENARIO_CURRENCIES",
    "SEGMENTS",
    "STRATEGIES",
    "account_ids",
    "adjustments",
    "applied_header_discounts",
    "apply_bundle_step",
    "apply_lead_step",
    "apply_price_book_step",
    "apply_product_step",
    "approval_levels",
    "approval_requirements",
    "approval_thresholds",
    "break_evens",
    "bundle_components",
    "bundle_ids",
    "bundles",
    "campaign_ids",
    "catalogs",
    "channel_ids",
    "combination_policies",
    "company_details",
    "contact_ids",
    "cost_volume_profits",
    "country_codes",
    "country_infos",
    "coverages",
    "criterion_answer",
    "criterion_answers",
    "currencies",
    "custom_fields",
    "dates",
    "discount_policies",
    "disqualifications",
    "document_lines",
    "duplicate_suspects",
    "email_addresses",
    "engagement_rules",
    "engagements",
    "families",
    "field_conditions",
    "fiscal_calendars",
    "fit_rules",
    "floor_overrides",
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
    "leakage_items",
    "level_coverages",
    "lifecycles",
    "manual_discounts",
    "margin_prices",
    "money",
    "opportunity_ids",
    "partner_ids",
    "pcf_elements",
    "percentages",
    "periods",
    "person_details",
    "phone_numbers",
    "price_book_ids",
    "price_books",
    "price_change_notices",
    "price_changes",
    "price_entries",
    "price_targets",
    "priced_lines",
    "pricing_analyses",
    "pricing_contexts",
    "pricing_documents",
    "pricing_engines",
    "pricing_results",
    "pricing_rules",
    "pricing_scenarios",
    "pricing_targets",
    "product_ids",
    "products",
    "promotion_ids",
    "qualification_criteria",
    "qualification_frameworks",
    "qualification_results",
    "quote_ids",
    "register_type_strategies",
    "regulatory_approvals",
    "required_approvals",
    "rfp_ids",
    "rounding_policies",
    "rule_contributions",
    "rule_decisions",
    "rule_scopes",
    "rule_sets",
    "sales_order_ids",
    "sample_companies",
    "scoring_models",
    "segment_ids",
    "skus",
    "step_modes",
    "step_orders",
    "tags",
    "target_comparisons",
    "texts",
    "tier_tables",
    "tiers",
    "transitions",
    "units",
    "unpriceable_lines",
    "user_ids",
    "waterfall_steps",
    "web_domains",
]

leads = lead_aggregates
"""Leads received with drawn data and walked through drawn commands."""


def _all_lifecycles() -> list[core.Lifecycle[Any, Any]]:
    return [
        leads_package.LEAD_LIFECYCLE,
        catalog_package.PRODUCT_LIFECYCLE,
        catalog_package.BUNDLE_LIFECYCLE,
        pricing_package.PRICE_BOOK_LIFECYCLE,
    ]


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
    cls: globals()[name] for cls, name in STRATEGY_NAMES.items()
}


def register_type_strategies() -> None:
    """Make ``st.from_type(T)`` draw from these strategies for every public type.

    Hypothesis runs this through the package's entry point; call it yourself
    only if you disabled Hypothesis plugins.
    """
    from pcf_sales.testing._hypothesis import _hypothesis_setup_hook

    _hypothesis_setup_hook()
