"""The PCF 3.0 catalogue: every numbered element, and the names that serve it.

The elements of APQC PCF category 3.0, *Market and Sell Products and
Services*, ship with the package (``data/pcf-3.0-elements.tsv``; level-4 and
level-5 numbers are assigned in the order the hierarchy lists them).
:data:`SERVED_BY` maps each element the library serves to the public names
that serve it, and :func:`coverage` summarises how much of the category is
served so far.

Reading the bundled table is the one read of a file in the library: it is
the library's own reference data, read once, like importing a module.

>>> element("3.5.1.3").name
'Validate and qualify leads/opportunities'
>>> "pcf_sales.leads.QualificationFramework" in served_by("3.5.1.3")
True
"""

from __future__ import annotations

import functools
import importlib
import types
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from typing import Final

import attrs

from pcf_sales.core._money import DECIMAL_CONTEXT
from pcf_sales.core._validate import fail, is_int, is_text, is_tuple_of, to_tuple

__all__ = [
    "SERVED_BY",
    "Coverage",
    "LevelCoverage",
    "PcfElement",
    "coverage",
    "element",
    "elements",
    "resolve",
    "served_by",
]


@attrs.frozen(kw_only=True)
class PcfElement:
    """One numbered element of the hierarchy, such as 3.5.1.3 at level 4."""

    id: str = attrs.field(validator=is_text(max_length=20))
    level: int = attrs.field(validator=is_int(minimum=1, maximum=5))
    name: str = attrs.field(validator=is_text(max_length=200))

    @property
    def parent_id(self) -> str | None:
        """The id of the element one level up, or ``None`` for the category itself."""
        head, dot, _ = self.id.rpartition(".")
        if not dot or self.id == "3.0":
            return None
        return "3.0" if head == "3" else head


@attrs.frozen(kw_only=True)
class LevelCoverage:
    """How many elements of one level are served."""

    level: int = attrs.field(validator=is_int(minimum=1, maximum=5))
    total: int = attrs.field(validator=is_int(minimum=0))
    served: int = attrs.field(validator=is_int(minimum=0))

    def __attrs_post_init__(self) -> None:
        if self.served > self.total:
            fail("served", f"{self.served} served of only {self.total} elements")


@attrs.frozen(kw_only=True)
class Coverage:
    """How much of PCF 3.0 the library serves: totals, per level, and what is open."""

    total: int = attrs.field(validator=is_int(minimum=0))
    served: int = attrs.field(validator=is_int(minimum=0))
    levels: tuple[LevelCoverage, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(LevelCoverage)
    )
    unserved: tuple[str, ...] = attrs.field(converter=to_tuple, validator=is_tuple_of(str))

    def __attrs_post_init__(self) -> None:
        if self.served > self.total:
            fail("served", f"{self.served} served of only {self.total} elements")
        if self.total - self.served != len(self.unserved):
            fail("unserved", f"lists {len(self.unserved)} ids, expected {self.total - self.served}")
        if sum(level.total for level in self.levels) not in (0, self.total):
            fail("levels", "the levels' totals do not add up to the total")

    @property
    def percent(self) -> Decimal:
        """Served elements as a percentage of all, to one decimal place."""
        if self.total == 0:
            return Decimal(0)
        share = DECIMAL_CONTEXT.divide(Decimal(100 * self.served), Decimal(self.total))
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP, context=DECIMAL_CONTEXT)


#: The public names that serve each element, by element id. Only elements
#: with at least one name are listed; a parent is listed when the library
#: serves it as a whole, not merely some of its children.
SERVED_BY: Final[Mapping[str, tuple[str, ...]]] = types.MappingProxyType(
    {
        "3.2.2": ("pcf_sales.pricing",),
        "3.2.2.1": (
            "pcf_sales.pricing.analyse_pricing",
            "pcf_sales.pricing.PricingAnalysis",
            "pcf_sales.pricing.CostVolumeProfit",
        ),
        "3.2.2.2": (
            "pcf_sales.pricing.DiscountPolicy",
            "pcf_sales.pricing.DiscountPolicy.evaluate",
            "pcf_sales.pricing.CombinationPolicy",
            "pcf_sales.pricing.RuleSet",
        ),
        "3.2.2.3": ("pcf_sales.pricing.PricingTargets", "pcf_sales.pricing.PriceTarget"),
        "3.2.2.4": (
            "pcf_sales.pricing.PriceBook.submit",
            "pcf_sales.pricing.PriceBook.approve",
        ),
        "3.3.3.1": (
            "pcf_sales.catalog.Product",
            "pcf_sales.catalog.Catalog.unit_cost",
            "pcf_sales.pricing.CostVolumeProfit",
        ),
        "3.3.3.3": (
            "pcf_sales.pricing.CostVolumeProfit.price_for_margin",
            "pcf_sales.pricing.CostVolumeProfit.break_even",
            "pcf_sales.pricing.TierTable",
        ),
        "3.3.3.4": (
            "pcf_sales.pricing.PricingEngine",
            "pcf_sales.pricing.PricingEngine.price",
            "pcf_sales.pricing.PriceBook.activate",
        ),
        "3.3.3.5": ("pcf_sales.pricing.analyse_pricing", "pcf_sales.pricing.TargetComparison"),
        "3.3.3.6": (
            "pcf_sales.pricing.PriceBook.schedule_price_change",
            "pcf_sales.pricing.PricingAnalysis",
        ),
        "3.3.3.7": ("pcf_sales.pricing.PricingRule.promotion",),
        "3.3.3.8": (
            "pcf_sales.pricing.PricingRule.free_goods",
            "pcf_sales.pricing.PricingRule.bundle_discount",
            "pcf_sales.pricing.PricingRule.volume_tiers",
        ),
        "3.3.3.9": (
            "pcf_sales.pricing.PriceBook.schedule_price_change",
            "pcf_sales.pricing.PriceBook.price_change_notice",
            "pcf_sales.pricing.PriceChangeNotice",
        ),
        "3.3.3.10": (
            "pcf_sales.pricing.RegulatoryApproval",
            "pcf_sales.pricing.PriceBook.record_regulatory_approval",
            "pcf_sales.pricing.PriceBook.approve",
        ),
        "3.5.1.1": (
            "pcf_sales.leads.Lead.receive",
            "pcf_sales.leads.LeadChannel",
            "pcf_sales.leads.find_duplicate_suspects",
            "pcf_sales.leads.DuplicateSuspect",
        ),
        "3.5.1.2": (
            "pcf_sales.leads.Lead",
            "pcf_sales.leads.Lead.receive",
            "pcf_sales.leads.LeadSource",
            "pcf_sales.leads.Engagement",
            "pcf_sales.leads.Lead.record_engagement",
            "pcf_sales.opportunities.Opportunity.open",
            "pcf_sales.opportunities.plan_lead_conversion",
            "pcf_sales.opportunities.convert_lead",
        ),
        "3.5.1.3": (
            "pcf_sales.leads.QualificationFramework",
            "pcf_sales.leads.Lead.assess",
            "pcf_sales.leads.Lead.qualify",
            "pcf_sales.leads.Lead.disqualify",
            "pcf_sales.leads.ScoringModel",
            "pcf_sales.leads.LeadScore",
            "pcf_sales.leads.Lead.start_working",
            "pcf_sales.leads.Lead.nurture",
            "pcf_sales.leads.Lead.recycle",
            "pcf_sales.leads.QualificationResult",
            "pcf_sales.leads.CriterionAnswer",
        ),
        "3.5.1.4": (
            "pcf_sales.opportunities.BusinessStrategy",
            "pcf_sales.opportunities.BusinessStrategy.evaluate",
            "pcf_sales.opportunities.DealSizePolicy",
            "pcf_sales.opportunities.StrategyFit",
        ),
        "3.5.1.5": (
            "pcf_sales.opportunities.WinPlan",
            "pcf_sales.opportunities.Opportunity.update_win_plan",
            "pcf_sales.opportunities.DecisionCriterion",
            "pcf_sales.opportunities.DealStakeholder",
            "pcf_sales.opportunities.CompetitorPosition",
            "pcf_sales.opportunities.WinPlanAction",
            "pcf_sales.opportunities.DealRisk",
        ),
        "3.5.1.6": (
            "pcf_sales.opportunities.Opportunity",
            "pcf_sales.opportunities.SalesProcess",
            "pcf_sales.opportunities.Opportunity.move_to_stage",
            "pcf_sales.opportunities.Opportunity.change_close_date",
            "pcf_sales.opportunities.PipelineSnapshot",
            "pcf_sales.opportunities.PipelineSnapshot.summary",
            "pcf_sales.opportunities.PipelineSnapshot.coverage",
            "pcf_sales.opportunities.pipeline_changes",
            "pcf_sales.opportunities.stage_conversion",
            "pcf_sales.opportunities.stage_velocity",
            "pcf_sales.opportunities.sales_cycle",
        ),
        "3.5.1.7": (
            "pcf_sales.opportunities.allocate_sales_resources",
            "pcf_sales.opportunities.SellerCapacity",
            "pcf_sales.opportunities.EffortDemand",
            "pcf_sales.opportunities.ResourceAllocation",
            "pcf_sales.opportunities.TeamMember",
            "pcf_sales.opportunities.Opportunity.set_team",
        ),
        "3.5.1.8": (
            "pcf_sales.opportunities.SalesActivity",
            "pcf_sales.opportunities.ActivityKind",
            "pcf_sales.opportunities.SalesActivity.plan",
        ),
        "3.5.1.8.1": (
            "pcf_sales.opportunities.ActivityKind.CALL",
            "pcf_sales.opportunities.SalesActivity.complete",
            "pcf_sales.opportunities.ActivityOutcome",
        ),
        "3.5.1.8.2": (
            "pcf_sales.opportunities.ActivityKind.DEMO",
            "pcf_sales.opportunities.ActivityKind.PRESALES_TASK",
            "pcf_sales.opportunities.SalesActivity",
        ),
        "3.5.1.8.3": (
            "pcf_sales.opportunities.ActivityKind.MEETING",
            "pcf_sales.opportunities.ActivityKind.WORKSHOP",
            "pcf_sales.opportunities.SalesActivity.record_no_show",
            "pcf_sales.opportunities.FollowUp",
        ),
        "3.5.1.8.4": (
            "pcf_sales.opportunities.Opportunity.close_won",
            "pcf_sales.opportunities.Opportunity.close_lost",
            "pcf_sales.opportunities.WinLossReview",
        ),
        "3.5.1.8.5": (
            "pcf_sales.opportunities.WinLossReview",
            "pcf_sales.opportunities.CloseReason",
            "pcf_sales.opportunities.PriceFeedback",
            "pcf_sales.opportunities.ActivityOutcome",
            "pcf_sales.opportunities.SalesActivity.as_interaction",
        ),
        "3.5.2": (
            "pcf_sales.accounts.Account",
            "pcf_sales.accounts.Contact",
            "pcf_sales.accounts.AccountHierarchy",
        ),
        "3.5.2.1": (
            "pcf_sales.accounts.KeyAccountCriteria",
            "pcf_sales.accounts.KeyAccountCriteria.rank",
            "pcf_sales.accounts.KeyAccountCriteria.select",
            "pcf_sales.accounts.AccountFacts",
            "pcf_sales.accounts.KeyAccountRanking",
        ),
        "3.5.2.2": (
            "pcf_sales.accounts.KeyAccountPlan",
            "pcf_sales.accounts.KeyAccountPlan.draft",
            "pcf_sales.accounts.KeyAccountPlan.add_objective",
            "pcf_sales.accounts.KeyAccountPlan.set_target",
            "pcf_sales.accounts.KeyAccountPlan.add_action",
            "pcf_sales.accounts.KeyAccountPlan.activate",
            "pcf_sales.accounts.PlanObjective",
            "pcf_sales.accounts.PlanTarget",
        ),
        "3.5.2.3": (
            "pcf_sales.accounts.KeyAccountPlan.record_actual",
            "pcf_sales.accounts.KeyAccountPlan.progress",
            "pcf_sales.accounts.KeyAccountPlan.revise",
            "pcf_sales.accounts.KeyAccountPlan.close",
            "pcf_sales.accounts.PlanAction",
            "pcf_sales.accounts.PlanProgress",
        ),
        "3.5.2.4": (
            "pcf_sales.accounts.Contact",
            "pcf_sales.accounts.Contact.record_consent",
            "pcf_sales.accounts.Interaction",
            "pcf_sales.accounts.relationship_map",
            "pcf_sales.accounts.RelationshipMap",
            "pcf_sales.accounts.RelationshipHealthPolicy",
            "pcf_sales.accounts.RelationshipHealth",
        ),
        "3.5.3": (
            "pcf_sales.proposals.Rfp",
            "pcf_sales.proposals.BidPolicy",
            "pcf_sales.proposals.SolutionPlan",
            "pcf_sales.proposals.Profitability",
        ),
        "3.5.3.1": (
            "pcf_sales.proposals.Rfp",
            "pcf_sales.proposals.Rfp.receive",
            "pcf_sales.proposals.RfpKind",
        ),
        "3.5.3.2": (
            "pcf_sales.proposals.Requirement",
            "pcf_sales.proposals.Rfp.add_requirement",
            "pcf_sales.proposals.Rfp.refine_requirement",
            "pcf_sales.proposals.Rfp.remove_requirement",
            "pcf_sales.proposals.Rfp.record_clarification",
            "pcf_sales.proposals.Clarification",
            "pcf_sales.proposals.Rfp.change_due",
        ),
        "3.5.3.3": (
            "pcf_sales.proposals.Rfp.start_review",
            "pcf_sales.proposals.Rfp.decide",
            "pcf_sales.proposals.BidPolicy",
            "pcf_sales.proposals.BidScorecard",
            "pcf_sales.proposals.BidDecision",
            "pcf_sales.proposals.ComplianceCoverage",
        ),
        "3.5.3.4": (
            "pcf_sales.proposals.CompetitiveAnalysis",
            "pcf_sales.proposals.Competitor",
            "pcf_sales.proposals.CompetitiveAnalysis.price_to_win",
            "pcf_sales.proposals.PriceToWin",
        ),
        "3.5.3.5": (
            "pcf_sales.proposals.BidRating.from_strategy_fit",
            "pcf_sales.proposals.BidRating.from_opportunity",
            "pcf_sales.proposals.BidPolicy.evaluate",
        ),
        "3.5.3.6": (
            "pcf_sales.proposals.Rfp.ask_question",
            "pcf_sales.proposals.Rfp.record_answer",
            "pcf_sales.proposals.Question",
            "pcf_sales.proposals.Rfp.answer_requirement",
            "pcf_sales.proposals.ComplianceAnswer",
        ),
        "3.5.3.7": (
            "pcf_sales.proposals.SolutionPlan",
            "pcf_sales.proposals.SolutionTask",
            "pcf_sales.proposals.Deliverable",
            "pcf_sales.proposals.ServiceRole",
        ),
        "3.5.3.8": (
            "pcf_sales.proposals.StaffingPlan",
            "pcf_sales.proposals.StaffingPlan.of",
            "pcf_sales.proposals.StaffingLine",
        ),
        "3.5.3.9": (
            "pcf_sales.proposals.PriceEstimate.of",
            "pcf_sales.proposals.SolutionPlan.services_estimate",
            "pcf_sales.proposals.Schedule.of",
            "pcf_sales.proposals.Milestone",
        ),
        "3.5.3.10": (
            "pcf_sales.proposals.ProfitabilityPolicy.analyse",
            "pcf_sales.proposals.Profitability",
            "pcf_sales.proposals.ProductCost",
            "pcf_sales.proposals.approval_chain",
        ),
        "3.5.3.11": (
            "pcf_sales.proposals.approval_chain",
            "pcf_sales.proposals.ReviewPolicy",
            "pcf_sales.proposals.ReviewRequirement",
            "pcf_sales.proposals.Quote.submit_for_review",
            "pcf_sales.proposals.Quote.record_review",
            "pcf_sales.proposals.QuoteReview",
            "pcf_sales.proposals.Rfp.submit_for_review",
            "pcf_sales.proposals.Rfp.return_to_preparation",
        ),
        "3.5.3.12": (
            "pcf_sales.proposals.approval_chain",
            "pcf_sales.proposals.ApprovalChain",
            "pcf_sales.proposals.MarginFloor",
            "pcf_sales.proposals.DealSizeRule",
            "pcf_sales.pricing.DiscountPolicy",
            "pcf_sales.proposals.Quote.approve",
            "pcf_sales.proposals.Rfp.approve",
            "pcf_sales.proposals.ApprovalChain.is_for",
        ),
        "3.5.3.13": (
            "pcf_sales.proposals.Quote",
            "pcf_sales.proposals.Quote.present",
            "pcf_sales.proposals.QuoteTerms",
            "pcf_sales.proposals.Rfp.submit",
        ),
        "3.5.3.14": (
            "pcf_sales.proposals.Quote.revise",
            "pcf_sales.proposals.VersionChange",
            "pcf_sales.proposals.Rfp.request_revision",
            "pcf_sales.proposals.Rfp.start_revision",
        ),
        "3.5.3.15": (
            "pcf_sales.proposals.Quote.accept",
            "pcf_sales.proposals.Quote.reject",
            "pcf_sales.proposals.Quote.expire",
            "pcf_sales.proposals.Quote.order_draft",
            "pcf_sales.proposals.OrderDraft",
            "pcf_sales.proposals.quote_outcomes",
            "pcf_sales.proposals.QuoteOutcomes",
            "pcf_sales.proposals.Rfp.win",
            "pcf_sales.proposals.Rfp.lose",
            "pcf_sales.proposals.Rfp.withdraw",
            "pcf_sales.proposals.Rfp.cancel",
            "pcf_sales.proposals.Rfp.expire",
        ),
        "3.5.4": (
            "pcf_sales.orders",
            "pcf_sales.orders.SalesOrder",
            "pcf_sales.orders.OrderStatus",
        ),
        "3.5.4.1": (
            "pcf_sales.orders.validate_order",
            "pcf_sales.orders.ValidationRules",
            "pcf_sales.orders.OrderFacts",
            "pcf_sales.orders.CreditSnapshot",
            "pcf_sales.orders.ValidationReport",
            "pcf_sales.orders.SalesOrder.accept",
            "pcf_sales.orders.SalesOrder.reject",
            "pcf_sales.orders.SalesOrder.place_on_hold",
            "pcf_sales.orders.SalesOrder.release_hold",
            "pcf_sales.orders.SalesOrder.release_to_fulfilment",
        ),
        "3.5.4.5": (
            "pcf_sales.orders.SalesOrder.enter",
            "pcf_sales.orders.SalesOrder.enter_priced",
            "pcf_sales.orders.SalesOrder.amend",
            "pcf_sales.orders.OrderParties",
            "pcf_sales.orders.QuoteReference",
            "pcf_sales.orders.SalesOrder.from_order_draft",
            "pcf_sales.orders.SalesOrder.submit",
            "pcf_sales.orders.SalesOrder.cancel",
            "pcf_sales.orders.SalesOrder.change_payment_terms",
        ),
        "3.5.4.7": (
            "pcf_sales.orders.SalesOrder.record_promises",
            "pcf_sales.orders.SalesOrder.repromise",
            "pcf_sales.orders.SalesOrder.record_shipment",
            "pcf_sales.orders.SalesOrder.record_delivery",
            "pcf_sales.orders.SalesOrder.cancel_back_orders",
            "pcf_sales.orders.SalesOrder.cancel_lines",
            "pcf_sales.orders.SalesOrder.close_line",
            "pcf_sales.orders.LinePromise",
            "pcf_sales.orders.DeliveryTolerance",
        ),
        "3.5.4.8": (
            "pcf_sales.orders.order_status",
            "pcf_sales.orders.OrderStatusView",
            "pcf_sales.orders.order_book",
            "pcf_sales.orders.ReturnOrder",
            "pcf_sales.orders.SalesOrder.record_return",
            "pcf_sales.orders.ReturnOrder.credit_from",
            "pcf_sales.orders.SalesOrder.change_payment_terms",
        ),
        "3.5.4.2": (
            "pcf_sales.orders.InvolvedParty",
            "pcf_sales.orders.customer_picture",
            "pcf_sales.orders.CustomerPicture",
            "pcf_sales.orders.SalesOrder.change_parties",
        ),
        "3.5.4.2.1": (
            "pcf_sales.orders.CommunicationProfile",
            "pcf_sales.orders.CustomerPicture",
            "pcf_sales.accounts.KeyAccountCriteria",
        ),
        "3.5.4.2.2": (
            "pcf_sales.orders.customer_picture",
            "pcf_sales.orders.CustomerPicture",
            "pcf_sales.orders.ResolvedAddress",
            "pcf_sales.orders.ContactReach",
        ),
        "3.5.4.2.3": (
            "pcf_sales.orders.InvolvedParty.register",
            "pcf_sales.orders.InvolvedParty.modify",
        ),
        "3.5.4.2.4": (
            "pcf_sales.orders.InvolvedParty.record_address",
            "pcf_sales.orders.InvolvedParty.end_address",
            "pcf_sales.orders.PartyAddress",
        ),
        "3.5.4.2.5": (
            "pcf_sales.orders.InvolvedParty.record_contact",
            "pcf_sales.accounts.Contact",
        ),
        "3.5.4.2.6": (
            "pcf_sales.orders.InvolvedParty.set_profile",
            "pcf_sales.orders.CommunicationProfile",
            "pcf_sales.orders.DocumentRoute",
        ),
        "3.5.4.2.7": ("pcf_sales.orders.InvolvedParty.review",),
        "3.5.4.2.8": (
            "pcf_sales.orders.InvolvedParty.terminate",
            "pcf_sales.orders.InvolvedParty.reinstate",
        ),
        "3.5.4.3": (
            "pcf_sales.orders.AvailabilitySnapshot",
            "pcf_sales.orders.DemandLine",
            "pcf_sales.orders.available_to_promise",
            "pcf_sales.orders.allocate_supply",
            "pcf_sales.orders.AllocationPolicy",
            "pcf_sales.orders.AvailabilityPromise",
            "pcf_sales.orders.order_demand",
            "pcf_sales.orders.line_promise",
            "pcf_sales.orders.line_promises",
        ),
        "3.5.4.4": (
            "pcf_sales.orders.plan_fulfilment",
            "pcf_sales.orders.FulfilmentPolicy",
            "pcf_sales.orders.FulfilmentRule",
            "pcf_sales.orders.FulfilmentPlan",
        ),
        "3.5.4.6": (
            "pcf_sales.orders.CrossSellModel",
            "pcf_sales.orders.CrossSellModel.recommend",
            "pcf_sales.orders.mine_affinities",
            "pcf_sales.orders.AffinityRule",
            "pcf_sales.orders.UpgradePath",
            "pcf_sales.orders.Recommendation",
        ),
    }
)


@functools.cache
def _table() -> tuple[PcfElement, ...]:
    text = resources.files("pcf_sales").joinpath("data/pcf-3.0-elements.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip()]
    header, body = rows[0], rows[1:]
    if header != ["id", "level", "name"]:  # pragma: no cover - guards the shipped file
        fail("pcf-3.0-elements.tsv", f"unexpected header {header}")
    return tuple(PcfElement(id=i, level=int(level), name=name) for i, level, name in body)


@functools.cache
def _by_id() -> dict[str, PcfElement]:
    return {e.id: e for e in _table()}


def elements(*, level: int | None = None) -> tuple[PcfElement, ...]:
    """Every element of PCF 3.0 in hierarchy order, or only those of ``level``."""
    if level is None:
        return _table()
    return tuple(e for e in _table() if e.level == level)


def element(element_id: str) -> PcfElement:
    """The element numbered ``element_id`` (a ``ValidationError`` if there is none)."""
    found = _by_id().get(element_id)
    if found is None:
        fail("element_id", f"PCF 3.0 has no element {element_id!r}")
    return found


def served_by(element_id: str) -> tuple[str, ...]:
    """The public names that serve ``element_id`` (empty when none do yet)."""
    element(element_id)
    return SERVED_BY.get(element_id, ())


def resolve(name: str) -> object:
    """The object a dotted public name such as ``pcf_sales.leads.Lead.receive`` names."""
    if not isinstance(name, str) or not name or any(not part for part in name.split(".")):
        fail("name", f"expected a dotted name such as 'pcf_sales.leads.Lead', got {name!r}")
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(obj, attribute):
                fail("name", f"{'.'.join(parts[:cut])} has no {attribute!r} (in {name!r})")
            obj = getattr(obj, attribute)
        return obj
    return fail("name", f"{name!r} does not name a module")


def coverage() -> Coverage:
    """How many elements are served, overall and per level, and which are not."""
    table = _table()
    served = [e for e in table if e.id in SERVED_BY]
    levels = tuple(
        LevelCoverage(
            level=level,
            total=sum(1 for e in table if e.level == level),
            served=sum(1 for e in served if e.level == level),
        )
        for level in sorted({e.level for e in table})
    )
    return Coverage(
        total=len(table),
        served=len(served),
        levels=levels,
        unserved=tuple(e.id for e in table if e.id not in SERVED_BY),
    )
