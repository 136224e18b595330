"""The kernel every other package builds on: money, time, ids, contact details, lifecycles.

Nothing here reads a clock, draws unseeded random numbers or touches the
outside world; see :doc:`/concepts` for why.
"""

from __future__ import annotations

from pcf_sales.core._contact_details import (
    FREE_MAIL_DOMAINS,
    CountryCode,
    EmailAddress,
    PersonDetails,
    PhoneNumber,
    company_domain,
)
from pcf_sales.core._countries import COUNTRIES, CountryInfo, country
from pcf_sales.core._custom_fields import CustomFields, Scalar
from pcf_sales.core._fx import FxRate, FxTable
from pcf_sales.core._ids import (
    AccountId,
    ActivityId,
    BundleId,
    CampaignId,
    ChannelId,
    ContactId,
    KeyAccountPlanId,
    LeadId,
    OpportunityId,
    PartnerId,
    PlanActionId,
    PriceBookId,
    ProductId,
    PromotionId,
    QuoteId,
    RfpId,
    SalesOrderId,
    SegmentId,
    UserId,
    new_id,
)
from pcf_sales.core._lifecycle import Aggregate, Guard, HistoryEntry, Lifecycle, Transition
from pcf_sales.core._money import (
    DECIMAL_CONTEXT,
    DEFAULT_ROUNDING,
    Percentage,
    RoundingMode,
    allocate,
    is_rounded,
    minor_digits,
    money,
    round_amount,
    round_money,
    sum_money,
    zero,
)
from pcf_sales.core._names import normalised_company_name, normalised_name
from pcf_sales.core._time import FiscalCalendar, FiscalYearNaming, Period, PeriodKind, instant

__all__ = [
    "COUNTRIES",
    "DECIMAL_CONTEXT",
    "DEFAULT_ROUNDING",
    "FREE_MAIL_DOMAINS",
    "AccountId",
    "ActivityId",
    "Aggregate",
    "BundleId",
    "CampaignId",
    "ChannelId",
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
    "KeyAccountPlanId",
    "LeadId",
    "Lifecycle",
    "OpportunityId",
    "PartnerId",
    "Percentage",
    "Period",
    "PeriodKind",
    "PersonDetails",
    "PhoneNumber",
    "PlanActionId",
    "PriceBookId",
    "ProductId",
    "PromotionId",
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
    "normalised_company_name",
    "normalised_name",
    "round_amount",
    "round_money",
    "sum_money",
    "zero",
]
