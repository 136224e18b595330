"""Strategies for pricing rules, documents, and whole pricing scenarios: an engine with a
document and a context that fit together, and the results of pricing them.

:func:`pricing_scenarios` draws everything (catalog, price book, rules) and is what the
engine's own properties are checked against. Values that merely carry a pricing result
(results, quotes, approval chains, analyses) are drawn over the fixed pool of
:mod:`._pricing_pool` instead, which costs a small fraction of the draws."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.catalog import Catalog, Product
from pcf_sales.core import (
    FxRate,
    FxTable,
    PriceBookId,
    UserId,
    minor_digits,
)
from pcf_sales.pricing import (
    DEFAULT_STEPS,
    Adjustment,
    AdjustmentForm,
    AppliedHeaderDiscount,
    CombinationMode,
    CombinationPolicy,
    DocumentLine,
    ManualDiscount,
    PriceBook,
    PricedLine,
    PriceEntry,
    PricingContext,
    PricingDocument,
    PricingEngine,
    PricingResult,
    PricingRule,
    PricingStep,
    RuleDecision,
    RuleKind,
    RuleOutcome,
    RuleScope,
    RuleSet,
    StepMode,
    TieBreak,
    UnpriceableLine,
    UnpriceableReason,
    WaterfallStep,
)
from pcf_sales.pricing._combination import COMBINABLE_STEPS
from pcf_sales.testing.strategies._catalog import catalogs, families, skus
from pcf_sales.testing.strategies._core import cached_strategy, currencies, dates, money, texts
from pcf_sales.testing.strategies._pricing import (
    SCENARIO_CURRENCIES,
    adjustments,
    amounts_in,
    discount_percents,
    floor_overrides,
    manual_discounts,
    promotion_ids,
    rounding_policies,
    step_orders,
    tier_tables,
)
from pcf_sales.testing.strategies._pricing_pool import (
    ACCOUNTS,
    CHANNELS,
    PARTNER_TIERS,
    POOL_PRICEABLE_SKUS,
    POOL_SKUS,
    PRICING_DAY,
    PROMOTION_CODES,
    SEGMENTS,
    pool_catalog,
    pool_price_book,
    pool_rules,
)

__all__ = [
    "ACCOUNTS",
    "CHANNELS",
    "PARTNER_TIERS",
    "PRICING_DAY",
    "PROMOTION_CODES",
    "SEGMENTS",
    "applied_header_discounts",
    "combination_policies",
    "document_lines",
    "priced_lines",
    "pricing_contexts",
    "pricing_documents",
    "pricing_engines",
    "pricing_results",
    "pricing_rules",
    "pricing_scenarios",
    "rule_decisions",
    "rule_scopes",
    "rule_sets",
    "step_modes",
    "unpriceable_lines",
    "waterfall_steps",
]

# --- rules ----------------------------------------------------------------------------------


@cached_strategy
@st.composite
def rule_scopes(
    draw: st.DrawFn,
    sku_pool: tuple[str, ...] = (),
    family_pool: tuple[str, ...] = (),
) -> RuleScope:
    """Scopes over the given skus or families (or drawn ones) and the shared fact pools."""
    products = draw(st.sampled_from(("none", "skus", "families")))
    chosen_skus: list[str] = []
    chosen_families: list[str] = []
    if products == "skus":
        pool = st.sampled_from(sku_pool) if sku_pool else skus()
        chosen_skus = draw(st.lists(pool, min_size=1, max_size=2, unique=True))
    elif products == "families":
        pool = st.sampled_from(family_pool) if family_pool else families()
        chosen_families = draw(st.lists(pool, min_size=1, max_size=2, unique=True))
    return RuleScope(
        skus=chosen_skus,
        families=chosen_families,
        account_id=draw(st.none() | st.sampled_from(ACCOUNTS)),
        segment_id=draw(st.none() | st.sampled_from(SEGMENTS)),
        channel_id=draw(st.none() | st.sampled_from(CHANNELS)),
        partner_tier=draw(st.none() | st.sampled_from(PARTNER_TIERS)),
        promotion_code=draw(st.none() | st.sampled_from(PROMOTION_CODES)),
        min_quantity=draw(st.none() | st.integers(min_value=1, max_value=10).map(Decimal)),
    )


_DISCOUNT_FORMS: Final = (
    AdjustmentForm.PERCENT,
    AdjustmentForm.AMOUNT_EACH,
    AdjustmentForm.UNIT_PRICE,
)


@cached_strategy
@st.composite
def pricing_rules(
    draw: st.DrawFn,
    currency: str | None = None,
    *,
    rule_id: str | None = None,
    sku_pool: tuple[str, ...] = (),
    family_pool: tuple[str, ...] = (),
    bundle_skus: tuple[str, ...] = (),
    product_skus: tuple[str, ...] = (),
    kinds: tuple[RuleKind, ...] = tuple(RuleKind),
) -> PricingRule:
    """Rules of every kind over the given pools (bundle discounts only with
    ``bundle_skus``; free goods of another sku only from ``product_skus``)."""
    code = draw(st.sampled_from(SCENARIO_CURRENCIES)) if currency is None else currency
    allowed = [k for k in kinds if k is not RuleKind.BUNDLE_DISCOUNT or bundle_skus]
    kind = draw(st.sampled_from(allowed))
    scope = draw(rule_scopes(sku_pool, family_pool))
    window = draw(st.sampled_from(("none", "current", "past", "future")))
    valid_from = valid_until = None
    if window == "current" or kind is RuleKind.PROMOTION:
        valid_from = PRICING_DAY.subtract(days=draw(st.integers(0, 30)))
        valid_until = PRICING_DAY.add(days=draw(st.integers(0, 30)))
        if window == "past":
            valid_from, valid_until = valid_from.subtract(days=60), valid_from.subtract(days=31)
        elif window == "future":
            valid_from, valid_until = valid_until.add(days=31), valid_until.add(days=60)
    elif window == "past":
        valid_until = PRICING_DAY.subtract(days=draw(st.integers(1, 30)))
    elif window == "future":
        valid_from = PRICING_DAY.add(days=draw(st.integers(1, 30)))
    common: dict[str, Any] = {
        "id": draw(st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True))
        if rule_id is None
        else rule_id,
        "label": draw(texts(max_size=20)),
        "priority": draw(st.integers(min_value=0, max_value=3)),
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    exclusive = draw(st.booleans()) if draw(st.integers(0, 3)) == 0 else False
    percent = discount_percents(60)
    if kind is RuleKind.CONTRACT_PRICE:
        account = scope.account_id or draw(st.sampled_from(ACCOUNTS))
        scope_with = attrs.evolve(
            scope,
            account_id=account,
            segment_id=None,
            channel_id=None,
            partner_tier=None,
            promotion_code=None,
        )
        return PricingRule(
            kind=kind,
            scope=scope_with,
            adjustment=draw(adjustments(code, _DISCOUNT_FORMS, max_percent=60, max_amount=500)),
            exclusive=exclusive,
            **common,
        )
    if kind is RuleKind.VOLUME_TIERS:
        return PricingRule(
            kind=kind, scope=scope, tiers=draw(tier_tables(code)), exclusive=exclusive, **common
        )
    needed = {
        RuleKind.SEGMENT_DISCOUNT: ("segment_id", SEGMENTS),
        RuleKind.CHANNEL_DISCOUNT: ("channel_id", CHANNELS),
        RuleKind.PARTNER_TIER_DISCOUNT: ("partner_tier", PARTNER_TIERS),
    }.get(kind)
    if needed is not None and getattr(scope, needed[0]) is None:
        fact: dict[str, Any] = {needed[0]: draw(st.sampled_from(needed[1]))}
        scope = attrs.evolve(scope, **fact)
    if kind is RuleKind.BUNDLE_DISCOUNT:
        scope = RuleScope(
            skus=draw(st.lists(st.sampled_from(bundle_skus), min_size=1, max_size=2, unique=True))
        )
    if kind in (
        RuleKind.SEGMENT_DISCOUNT,
        RuleKind.CHANNEL_DISCOUNT,
        RuleKind.PARTNER_TIER_DISCOUNT,
        RuleKind.BUNDLE_DISCOUNT,
        RuleKind.PROMOTION,
    ):
        return PricingRule(
            kind=kind,
            scope=scope,
            adjustment=draw(adjustments(code, _DISCOUNT_FORMS, max_percent=60, max_amount=100)),
            exclusive=exclusive,
            promotion_id=draw(st.none() | promotion_ids()) if kind is RuleKind.PROMOTION else None,
            **common,
        )
    if kind is RuleKind.FREE_GOODS:
        other = draw(st.none() | st.sampled_from(product_skus)) if product_skus else None
        return PricingRule(
            kind=kind,
            scope=scope,
            buy_quantity=Decimal(draw(st.integers(min_value=1, max_value=5))),
            free_quantity=Decimal(draw(st.integers(min_value=1, max_value=2))),
            free_sku=other,
            exclusive=exclusive,
            **common,
        )
    if kind is RuleKind.SURCHARGE:
        return PricingRule(
            kind=kind,
            scope=scope,
            adjustment=draw(
                adjustments(
                    code,
                    (AdjustmentForm.PERCENT, AdjustmentForm.AMOUNT_EACH),
                    max_percent=20,
                    max_amount=20,
                )
            ),
            **common,
        )
    if kind is RuleKind.MARGIN_FLOOR:
        return PricingRule(
            kind=kind, scope=scope, adjustment=Adjustment.percent_off(draw(percent)), **common
        )
    return PricingRule(
        kind=kind,
        scope=scope,
        adjustment=Adjustment.unit_price(draw(amounts_in(code, 0, 600))),
        **common,
    )


@cached_strategy
def step_modes() -> st.SearchStrategy[StepMode]:
    """Modes for the combinable steps."""
    return st.builds(
        StepMode,
        step=st.sampled_from(sorted(COMBINABLE_STEPS, key=lambda s: s.value)),
        mode=st.sampled_from(CombinationMode),
    )


@cached_strategy
@st.composite
def combination_policies(draw: st.DrawFn) -> CombinationPolicy:
    """The default policy, or drawn modes, tie-breaks and caps."""
    if draw(st.booleans()):
        return CombinationPolicy()
    return CombinationPolicy(
        default_mode=draw(st.sampled_from(CombinationMode)),
        step_modes=draw(st.lists(step_modes(), max_size=3, unique_by=lambda m: m.step)),
        tie_break=draw(st.sampled_from(TieBreak)),
        max_discount_percent=draw(st.none() | discount_percents(100)),
    )


@cached_strategy
@st.composite
def rule_sets(draw: st.DrawFn, currency: str | None = None, *, max_rules: int = 5) -> RuleSet:
    """Rule sets of drawn rules with unique ids."""
    code = draw(st.sampled_from(SCENARIO_CURRENCIES)) if currency is None else currency
    count = draw(st.integers(min_value=0, max_value=max_rules))
    rules = [draw(pricing_rules(code, rule_id=f"r{i}")) for i in range(count)]
    return RuleSet(
        name=draw(texts(max_size=20)),
        currency=code,
        rules=rules,
        policy=draw(combination_policies()),
    )


# --- documents --------------------------------------------------------------------------------


@cached_strategy
def pricing_contexts(on: pendulum.Date | None = None) -> st.SearchStrategy[PricingContext]:
    """Contexts drawn from the shared fact pools."""
    return st.builds(
        PricingContext,
        on=st.just(PRICING_DAY) | dates() if on is None else st.just(on),
        account_id=st.none() | st.sampled_from(ACCOUNTS),
        segment_id=st.none() | st.sampled_from(SEGMENTS),
        channel_id=st.none() | st.sampled_from(CHANNELS),
        partner_tier=st.none() | st.sampled_from(PARTNER_TIERS),
        promotion_codes=st.lists(st.sampled_from((*PROMOTION_CODES, "spring")), max_size=3),
        owner=st.none() | st.sampled_from((UserId("rep-1"), UserId("rep-2"))),
    )


@cached_strategy
@st.composite
def document_lines(
    draw: st.DrawFn,
    sku_pool: tuple[str, ...] = (),
    currency: str | None = None,
    *,
    money_discounts: bool = True,
) -> DocumentLine:
    """Lines of the given skus (or drawn ones), sometimes with a manual discount or a floor
    override; manual amounts only in ``currency`` and only with ``money_discounts``."""
    # A manual price may not raise the line, and the running price is not known here:
    # only the forms that always lower it.
    forms = (
        (AdjustmentForm.PERCENT, AdjustmentForm.AMOUNT_EACH, AdjustmentForm.AMOUNT)
        if money_discounts and currency is not None
        else (AdjustmentForm.PERCENT,)
    )
    return DocumentLine(
        sku=draw(st.sampled_from(sku_pool) if sku_pool else skus()),
        quantity=Decimal(draw(st.integers(min_value=1, max_value=30)))
        / draw(st.sampled_from((Decimal(1), Decimal(1), Decimal(2), Decimal(4)))),
        discount=draw(st.none() | manual_discounts(currency or "USD", forms)),
        floor_override=draw(st.none() | floor_overrides())
        if draw(st.integers(0, 4)) == 0
        else None,
    )


@cached_strategy
@st.composite
def pricing_documents(
    draw: st.DrawFn,
    sku_pool: tuple[str, ...] = (),
    currency: str | None = None,
    *,
    max_lines: int = 5,
    money_discounts: bool = True,
) -> PricingDocument:
    """Documents of 1 to ``max_lines`` lines, sometimes with a header discount."""
    lines = draw(
        st.lists(
            document_lines(sku_pool, currency, money_discounts=money_discounts),
            min_size=1,
            max_size=max_lines,
        )
    )
    header_forms = (
        (AdjustmentForm.PERCENT, AdjustmentForm.AMOUNT)
        if currency is not None
        else (AdjustmentForm.PERCENT,)
    )
    header = draw(st.none() | manual_discounts(currency or "USD", header_forms))
    if header is not None and header.adjustment.amount is not None:
        digits = minor_digits(header.adjustment.amount.currency.code)
        amount = header.adjustment.amount.amount.quantize(Decimal(1).scaleb(-digits))
        header = ManualDiscount(
            adjustment=Adjustment.amount_off(Money(amount, header.adjustment.amount.currency)),
            reason=header.reason,
            by=header.by,
        )
    return PricingDocument(lines=lines, currency=currency, header_discount=header)


# --- scenarios ---------------------------------------------------------------------------------


@cached_strategy
@st.composite
def pricing_scenarios(
    draw: st.DrawFn,
    *,
    max_lines: int = 5,
    max_rules: int = 6,
    foreign: bool | None = None,
    kinds: tuple[RuleKind, ...] = tuple(RuleKind),
) -> tuple[PricingEngine, PricingDocument, PricingContext]:
    """An engine (catalog, active price book, rule set) with a document and a context that
    fit it: rules and lines name the catalog's skus, facts come from shared pools, and a
    document in another currency comes with exchange rates. Some lines may be unpriceable
    (unknown or inactive skus, missing prices)."""
    code = draw(st.sampled_from(SCENARIO_CURRENCIES))
    catalog: Catalog = draw(
        catalogs(min_products=1, max_products=4, active=True, cost_currency=code)
    )
    catalog = _maybe_retire_one(draw, catalog)
    product_skus = tuple(p.sku for p in catalog.products)
    bundle_skus = tuple(b.sku for b in catalog.bundles)
    family_pool = tuple(
        sorted(
            {p.family for p in catalog.products if p.family}
            | {b.family for b in catalog.bundles if b.family}
        )
    )
    priced = draw(st.lists(st.sampled_from(product_skus + bundle_skus), unique=True, min_size=1))
    at = pendulum.datetime(2025, 12, 1, 9, tz="UTC")
    entries = []
    for sku in priced:
        tiers = draw(st.none() | tier_tables(code)) if draw(st.integers(0, 3)) == 0 else None
        entries.append(
            PriceEntry(
                sku=sku,
                unit_price=draw(amounts_in(code, 0, 1000)),
                effective_from=pendulum.Date(2026, 1, 1),
                tiers=tiers,
            )
        )
    book = PriceBook.draft(
        id=PriceBookId("PB-1"),
        name="Scenario",
        currency=code,
        valid_from=pendulum.Date(2026, 1, 1),
        at=at,
        by=UserId("pricing"),
        entries=entries,
        rounding=draw(rounding_policies()),
        steps=draw(st.just(DEFAULT_STEPS) | step_orders()),
    )
    book = book.submit(at=at, by=UserId("pricing")).approve(at=at, by=UserId("pricing"))
    book = book.activate(at=at, by=UserId("pricing"))
    count = draw(st.integers(min_value=0, max_value=max_rules))
    rules = [
        draw(
            pricing_rules(
                code,
                rule_id=f"r{i}",
                sku_pool=product_skus + bundle_skus,
                family_pool=family_pool,
                bundle_skus=bundle_skus,
                product_skus=product_skus,
                kinds=kinds,
            )
        )
        for i in range(count)
    ]
    rule_set = RuleSet(
        name="scenario", currency=code, rules=rules, policy=draw(combination_policies())
    )
    is_foreign = draw(st.booleans()) if foreign is None else foreign
    document_currency = code
    fx = None
    if is_foreign:
        document_currency = draw(st.sampled_from([c for c in SCENARIO_CURRENCIES if c != code]))
        rate = draw(
            st.decimals(min_value=Decimal("0.01"), max_value=200, places=4, allow_nan=False)
        )
        fx = FxTable.from_rates(
            [FxRate(base=code, quote=document_currency, on=pendulum.Date(2026, 1, 1), rate=rate)]
        )
    manual_before_conversion = book.steps.index(PricingStep.MANUAL_DISCOUNTS) < book.steps.index(
        PricingStep.CURRENCY_CONVERSION
    )
    pool = product_skus + bundle_skus + (("NOPE-1",) if draw(st.integers(0, 5)) == 0 else ())
    document = draw(
        pricing_documents(
            pool,
            document_currency,
            max_lines=max_lines,
            money_discounts=not (is_foreign and manual_before_conversion),
        )
    )
    engine = PricingEngine(price_book=book, catalog=catalog, rules=rule_set, fx=fx)
    return engine, document, draw(pricing_contexts(on=PRICING_DAY))


def _maybe_retire_one(draw: st.DrawFn, catalog: Catalog) -> Catalog:
    if draw(st.integers(0, 5)) != 0 or not catalog.products:
        return catalog
    product: Product = draw(st.sampled_from(catalog.products))
    at = product.history[-1].at.add(minutes=1)
    return catalog.with_product(product.retire(at=at, by=UserId("catalog")))


@st.composite
def pricing_engines(draw: st.DrawFn) -> PricingEngine:
    """Engines of drawn scenarios."""
    return draw(pricing_scenarios())[0]


# --- pooled scenarios ---------------------------------------------------------------------------

_ROUNDINGS: Final = rounding_policies()
_STEP_ORDERS: Final = st.just(DEFAULT_STEPS) | step_orders()
_POLICIES: Final = combination_policies()
_RULE_PICKS: Final = st.lists(
    st.integers(min_value=0, max_value=len(pool_rules(SCENARIO_CURRENCIES[0])) - 1),
    max_size=6,
    unique=True,
)
_FX_RATES: Final = st.decimals(min_value=Decimal("0.01"), max_value=200, places=4, allow_nan=False)
_POOL_CONTEXTS: Final = pricing_contexts(on=PRICING_DAY)


@functools.cache
def _pool_documents(
    currency: str, *, money_discounts: bool, priceable_only: bool
) -> st.SearchStrategy[PricingDocument]:
    """Documents over the pool catalog, built once per argument set: a fresh strategy per
    draw would be validated again on every draw."""
    pool = POOL_PRICEABLE_SKUS if priceable_only else (*POOL_SKUS, "NOPE-1")
    return pricing_documents(pool, currency, money_discounts=money_discounts)


@cached_strategy
@st.composite
def pooled_pricing_scenarios(
    draw: st.DrawFn, *, currency: str | None = None, priceable_only: bool = False
) -> tuple[PricingEngine, PricingDocument, PricingContext]:
    """Scenarios over the fixed pool (:mod:`._pricing_pool`): a drawn book currency,
    rounding, step order, subset of the pool's rules and combination policy, a document in
    ``currency`` (drawn when not given; other than the book's, it comes with a drawn rate)
    and a context. ``priceable_only`` keeps unknown, inactive and unpriced skus out of the
    document. Far cheaper than :func:`pricing_scenarios`: the catalog, the price books and
    the rules are built once, and only small choices are drawn."""
    code = draw(st.sampled_from(SCENARIO_CURRENCIES))
    book = pool_price_book(code, draw(_ROUNDINGS), draw(_STEP_ORDERS))
    rules = pool_rules(code)
    rule_set = RuleSet(
        name="scenario",
        currency=code,
        rules=[rules[i] for i in draw(_RULE_PICKS)],
        policy=draw(_POLICIES),
    )
    if currency is None:
        foreign = draw(st.booleans())
        document_currency = (
            draw(st.sampled_from([c for c in SCENARIO_CURRENCIES if c != code]))
            if foreign
            else code
        )
    else:
        document_currency = currency
    fx = None
    if document_currency != code:
        fx = FxTable.from_rates(
            [
                FxRate(
                    base=code,
                    quote=document_currency,
                    on=pendulum.Date(2026, 1, 1),
                    rate=draw(_FX_RATES),
                )
            ]
        )
    manual_before_conversion = book.steps.index(PricingStep.MANUAL_DISCOUNTS) < book.steps.index(
        PricingStep.CURRENCY_CONVERSION
    )
    document = draw(
        _pool_documents(
            document_currency,
            money_discounts=fx is None or not manual_before_conversion,
            priceable_only=priceable_only,
        )
    )
    engine = PricingEngine(price_book=book, catalog=pool_catalog(code), rules=rule_set, fx=fx)
    return engine, document, draw(_POOL_CONTEXTS)


@cached_strategy
@st.composite
def pooled_pricing_results(
    draw: st.DrawFn, *, currency: str | None = None, priceable_only: bool = False
) -> PricingResult:
    """Results of pricing drawn pooled scenarios (unpriceable lines collected)."""
    engine, document, context = draw(
        pooled_pricing_scenarios(currency=currency, priceable_only=priceable_only)
    )
    return engine.price(document, context, collect_unpriceable=True)


def pricing_results() -> st.SearchStrategy[PricingResult]:
    """Results of pricing drawn scenarios over the fixed pool (unpriceable lines
    collected); the pricing engine's own properties are checked against the freely drawn
    :func:`pricing_scenarios`."""
    return _POOLED_RESULTS


_POOLED_RESULTS: Final = pooled_pricing_results()


@st.composite
def priced_lines(draw: st.DrawFn) -> PricedLine:
    """Lines of drawn results."""
    result = draw(pricing_results().filter(lambda r: bool(r.lines)))
    return draw(st.sampled_from(result.lines))


@st.composite
def waterfall_steps(draw: st.DrawFn) -> WaterfallStep:
    """Steps of drawn priced lines."""
    return draw(st.sampled_from(draw(priced_lines()).steps))


def rule_decisions() -> st.SearchStrategy[RuleDecision]:
    """Decisions of every outcome."""
    return st.builds(
        RuleDecision,
        rule_id=st.from_regex(r"[a-z][a-z0-9.]{0,10}", fullmatch=True),
        step=st.sampled_from(PricingStep),
        outcome=st.sampled_from(RuleOutcome),
        reason=texts(max_size=40),
    )


def unpriceable_lines() -> st.SearchStrategy[UnpriceableLine]:
    """Unpriceable lines of every reason."""
    return st.builds(
        UnpriceableLine,
        line_number=st.integers(min_value=1, max_value=50),
        sku=skus(),
        reason=st.sampled_from(UnpriceableReason),
        detail=texts(max_size=40),
    )


@st.composite
def applied_header_discounts(draw: st.DrawFn) -> AppliedHeaderDiscount:
    """Header discounts as applied (the applied amount never above the requested one)."""
    code = draw(currencies())
    requested = draw(money(code, max_amount=10_000))
    applied = draw(money(code, max_amount=requested.amount))
    return AppliedHeaderDiscount(
        given=draw(manual_discounts(code, (AdjustmentForm.PERCENT, AdjustmentForm.AMOUNT))),
        requested=requested,
        applied=applied,
        note=draw(st.none() | texts(max_size=30)),
    )
