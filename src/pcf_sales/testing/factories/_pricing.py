"""Factories for pricing: price books in any status, rules, documents, engines and results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import pendulum

from pcf_sales.core import AccountId, PriceBookId, SegmentId, UserId, money
from pcf_sales.pricing import (
    Adjustment,
    AppliedHeaderDiscount,
    CombinationMode,
    CombinationPolicy,
    DocumentLine,
    FloorOverride,
    ManualDiscount,
    PriceBook,
    PriceBookStatus,
    PriceChange,
    PriceChangeNotice,
    PricedLine,
    PriceEntry,
    PricingContext,
    PricingDocument,
    PricingEngine,
    PricingResult,
    PricingRule,
    PricingStep,
    RegulatoryApproval,
    RoundingPolicy,
    RuleDecision,
    RuleOutcome,
    RuleScope,
    RuleSet,
    StepMode,
    Tier,
    TierMode,
    TierTable,
    UnpriceableLine,
    UnpriceableReason,
    WaterfallStep,
)
from pcf_sales.testing.factories._catalog import make_catalog
from pcf_sales.testing.factories._core import FIXED_INSTANT

__all__ = [
    "PRICING_DAY",
    "make_adjustment",
    "make_applied_header_discount",
    "make_combination_policy",
    "make_document_line",
    "make_floor_override",
    "make_manual_discount",
    "make_price_book",
    "make_price_change",
    "make_price_change_notice",
    "make_price_entry",
    "make_priced_line",
    "make_pricing_context",
    "make_pricing_document",
    "make_pricing_engine",
    "make_pricing_result",
    "make_pricing_rule",
    "make_regulatory_approval",
    "make_rounding_policy",
    "make_rule_decision",
    "make_rule_scope",
    "make_rule_set",
    "make_step_mode",
    "make_tier",
    "make_tier_table",
    "make_unpriceable_line",
    "make_waterfall_step",
]

#: The day factories price on: Monday 2 March 2026, the day of the fixed instant.
PRICING_DAY: Final = pendulum.Date(2026, 3, 2)
_BY: Final = UserId("pricing-manager")
_LIST_PRICES: Final = (
    ("CAL-KIT", "30.00"),
    ("SENS-100", "250.00"),
    ("SUB-CLOUD", "12.00"),
    ("SVC-INSTALL", "95.00"),
)


def make_price_entry(**overrides: Any) -> PriceEntry:
    """``SENS-100`` at 250.00 EUR from 1 January 2026 unless told otherwise."""
    fields: dict[str, Any] = {
        "sku": "SENS-100",
        "unit_price": money("250.00", "EUR"),
        "effective_from": pendulum.Date(2026, 1, 1),
    }
    fields.update(overrides)
    return PriceEntry(**fields)


def make_regulatory_approval(**overrides: Any) -> RegulatoryApproval:
    """Approval ``REG-2026-001`` of the national tariff authority, granted 15 January 2026."""
    fields: dict[str, Any] = {
        "authority": "National tariff authority",
        "reference": "REG-2026-001",
        "granted_on": pendulum.Date(2026, 1, 15),
    }
    fields.update(overrides)
    return RegulatoryApproval(**fields)


def make_price_book(
    status: PriceBookStatus = PriceBookStatus.ACTIVE, **overrides: Any
) -> PriceBook:
    """The EUR price book ``PB-EUR`` valid from 1 January 2026 with the list prices of the
    factory catalog (sensor 250.00, calibration kit 30.00, installation 95.00 an hour,
    dashboard 12.00 a seat-month), moved to ``status`` through the lifecycle's commands
    (one hour apart, before the fixed instant). ``overrides`` go to :meth:`PriceBook.draft`.

    >>> make_price_book(PriceBookStatus.SUBMITTED).history[-1].event
    'submitted'
    """
    fields: dict[str, Any] = {
        "id": PriceBookId("PB-EUR"),
        "name": "Europe 2026",
        "currency": "EUR",
        "valid_from": pendulum.Date(2026, 1, 1),
        "at": FIXED_INSTANT.subtract(days=30),
        "by": _BY,
    }
    fields.update(overrides)
    if "entries" not in fields:
        currency = fields["currency"]
        fields["entries"] = tuple(
            PriceEntry(
                sku=sku, unit_price=money(price, currency), effective_from=fields["valid_from"]
            )
            for sku, price in _LIST_PRICES
        )
    book = PriceBook.draft(**fields)
    at = book.history[0].at
    by = book.history[0].by

    def later() -> pendulum.DateTime:
        nonlocal at
        at = at.add(hours=1)
        return at

    if status is PriceBookStatus.DRAFT:
        return book
    if status is PriceBookStatus.RETIRED:
        return book.retire(at=later(), by=by, reason="replaced")
    book = book.submit(at=later(), by=by)
    if status is PriceBookStatus.SUBMITTED:
        return book
    approval = make_regulatory_approval() if book.requires_regulatory_approval else None
    book = book.approve(at=later(), by=by, regulatory_approval=approval)
    if status is PriceBookStatus.APPROVED:
        return book
    return book.activate(at=later(), by=by)


def make_price_change(**overrides: Any) -> PriceChange:
    """``SENS-100`` from 250.00 to 265.00 EUR unless told otherwise."""
    fields: dict[str, Any] = {
        "sku": "SENS-100",
        "old_price": money("250.00", "EUR"),
        "new_price": money("265.00", "EUR"),
    }
    fields.update(overrides)
    return PriceChange(**fields)


def make_price_change_notice(**overrides: Any) -> PriceChangeNotice:
    """One change (the sensor, +6 %) in ``PB-EUR`` effective 1 July 2026."""
    fields: dict[str, Any] = {
        "price_book_id": PriceBookId("PB-EUR"),
        "price_book_name": "Europe 2026",
        "currency": "EUR",
        "effective_on": pendulum.Date(2026, 7, 1),
        "changes": (make_price_change(),),
    }
    fields.update(overrides)
    return PriceChangeNotice(**fields)


def make_adjustment(percent: Decimal | int | str = 10) -> Adjustment:
    """10 % off the running price unless told otherwise."""
    return Adjustment.percent_off(percent)


def make_manual_discount(**overrides: Any) -> ManualDiscount:
    """5 % off, given by ``sales-rep`` to match a competitor, unless told otherwise."""
    fields: dict[str, Any] = {
        "adjustment": Adjustment.percent_off(5),
        "reason": "match competitor offer",
        "by": UserId("sales-rep"),
    }
    fields.update(overrides)
    return ManualDiscount(**fields)


def make_floor_override(**overrides: Any) -> FloorOverride:
    """A floor override approved by ``sales-director`` for a strategic deal."""
    fields: dict[str, Any] = {
        "reason": "strategic reference customer",
        "by": UserId("sales-director"),
    }
    fields.update(overrides)
    return FloorOverride(**fields)


def make_tier(up_to: Decimal | int | None = None, price: str = "200.00") -> Tier:
    """An open-ended tier at 200.00 EUR unless told otherwise."""
    return Tier(up_to=None if up_to is None else Decimal(up_to), unit_price=money(price, "EUR"))


def make_tier_table(mode: TierMode = TierMode.GRADUATED) -> TierTable:
    """Up to 10 units at 250.00, up to 50 at 225.00, beyond at 200.00 EUR."""
    return TierTable(
        mode=mode,
        tiers=(make_tier(10, "250.00"), make_tier(50, "225.00"), make_tier(None, "200.00")),
    )


def make_rounding_policy(**overrides: Any) -> RoundingPolicy:
    """Half-up per unit to the currency's minor unit unless told otherwise."""
    return RoundingPolicy(**overrides)


def make_rule_scope(**overrides: Any) -> RuleScope:
    """The ``sensors`` family unless told otherwise."""
    fields: dict[str, Any] = {"families": ("sensors",)}
    fields.update(overrides)
    return RuleScope(**fields)


def make_pricing_rule(**overrides: Any) -> PricingRule:
    """A 5 % discount for the ``smb`` segment on sensors unless told otherwise."""
    fields: dict[str, Any] = {
        "id": "seg.smb",
        "label": "Small business discount",
        "segment_id": SegmentId("smb"),
        "adjustment": Adjustment.percent_off(5),
        "scope": make_rule_scope(),
    }
    fields.update(overrides)
    return PricingRule.segment_discount(**fields)


def make_step_mode(
    step: PricingStep = PricingStep.PROMOTIONS, mode: CombinationMode = CombinationMode.STACK
) -> StepMode:
    """Promotions stack unless told otherwise."""
    return StepMode(step=step, mode=mode)


def make_combination_policy(**overrides: Any) -> CombinationPolicy:
    """The default policy unless told otherwise."""
    return CombinationPolicy(**overrides)


def make_rule_set(*rules: PricingRule, currency: str = "EUR", **overrides: Any) -> RuleSet:
    """A rule set named ``default`` holding ``rules`` (none by default)."""
    return RuleSet.of(
        name=overrides.pop("name", "default"), currency=currency, rules=rules, **overrides
    )


def make_pricing_engine(**overrides: Any) -> PricingEngine:
    """An engine with the factory price book, catalog and an empty rule set."""
    fields: dict[str, Any] = {
        "price_book": make_price_book(),
        "catalog": make_catalog(),
        "rules": make_rule_set(),
    }
    fields.update(overrides)
    return PricingEngine(**fields)


def make_document_line(
    sku: str = "SENS-100", quantity: Decimal | int | str = 4, **overrides: Any
) -> DocumentLine:
    """Four sensors unless told otherwise."""
    return DocumentLine(sku=sku, quantity=Decimal(quantity), **overrides)


def make_pricing_document(**overrides: Any) -> PricingDocument:
    """Four sensors and two calibration kits unless told otherwise."""
    fields: dict[str, Any] = {
        "lines": (make_document_line(), make_document_line("CAL-KIT", 2)),
    }
    fields.update(overrides)
    return PricingDocument(**fields)


def make_pricing_context(**overrides: Any) -> PricingContext:
    """Account ``AC-1`` in segment ``smb`` on :data:`PRICING_DAY` unless told otherwise."""
    fields: dict[str, Any] = {
        "on": PRICING_DAY,
        "account_id": AccountId("AC-1"),
        "segment_id": SegmentId("smb"),
        "owner": UserId("sales-rep"),
    }
    fields.update(overrides)
    return PricingContext(**fields)


def make_pricing_result(**overrides: Any) -> PricingResult:
    """The factory document priced by the factory engine in the factory context; overrides
    may give ``engine``, ``document`` and ``context``."""
    engine = overrides.pop("engine", None) or make_pricing_engine()
    document = overrides.pop("document", None) or make_pricing_document()
    context = overrides.pop("context", None) or make_pricing_context()
    return engine.price(document, context, **overrides)


def make_priced_line() -> PricedLine:
    """The first line of :func:`make_pricing_result`."""
    return make_pricing_result().lines[0]


def make_waterfall_step() -> WaterfallStep:
    """The list-price step of :func:`make_priced_line`."""
    return make_priced_line().steps[0]


def make_rule_decision(**overrides: Any) -> RuleDecision:
    """A promotion that lost to a better one unless told otherwise."""
    fields: dict[str, Any] = {
        "rule_id": "promo.spring",
        "step": PricingStep.PROMOTIONS,
        "outcome": RuleOutcome.LOST,
        "reason": "promo.partner gives a lower price: 900.00 against 950.00",
    }
    fields.update(overrides)
    return RuleDecision(**fields)


def make_unpriceable_line(**overrides: Any) -> UnpriceableLine:
    """Line 3 with an unknown sku unless told otherwise."""
    fields: dict[str, Any] = {
        "line_number": 3,
        "sku": "NOPE-1",
        "reason": UnpriceableReason.UNKNOWN_SKU,
        "detail": "no product or bundle with sku 'NOPE-1' in the catalog",
    }
    fields.update(overrides)
    return UnpriceableLine(**fields)


def make_applied_header_discount(**overrides: Any) -> AppliedHeaderDiscount:
    """A 2 % header discount of 21.20 EUR, applied in full, unless told otherwise."""
    fields: dict[str, Any] = {
        "given": make_manual_discount(adjustment=Adjustment.percent_off(2)),
        "requested": money("21.20", "EUR"),
        "applied": money("21.20", "EUR"),
    }
    fields.update(overrides)
    return AppliedHeaderDiscount(**fields)
