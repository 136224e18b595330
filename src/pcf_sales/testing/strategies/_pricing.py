"""Strategies for pricing values: adjustments, tiers, rounding, price entries and changes, and
price books walked through their commands."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import pendulum
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.core import (
    ChannelId,
    PriceBookId,
    PromotionId,
    RoundingMode,
    UserId,
)
from pcf_sales.pricing import (
    DEFAULT_STEPS,
    Adjustment,
    AdjustmentForm,
    DiscountBase,
    FloorOverride,
    ManualDiscount,
    PriceBook,
    PriceBookStatus,
    PriceChange,
    PriceChangeNotice,
    PriceEntry,
    PricingStep,
    RegulatoryApproval,
    RoundingLevel,
    RoundingPolicy,
    Tier,
    TierMode,
    TierTable,
)
from pcf_sales.testing.strategies._catalog import skus
from pcf_sales.testing.strategies._core import (
    cached_strategy,
    currencies,
    dates,
    identifiers,
    instants,
    money,
    texts,
    user_ids,
)

__all__ = [
    "PRICE_BOOK_STEPS",
    "SCENARIO_CURRENCIES",
    "adjustments",
    "apply_price_book_step",
    "channel_ids",
    "floor_overrides",
    "manual_discounts",
    "price_book_ids",
    "price_books",
    "price_change_notices",
    "price_changes",
    "price_entries",
    "promotion_ids",
    "regulatory_approvals",
    "rounding_policies",
    "step_orders",
    "tier_tables",
    "tiers",
]

SCENARIO_CURRENCIES: Final = ("USD", "EUR", "JPY", "KWD")
"""The currencies price books are drawn in: two-, zero- and three-digit minor units."""


@cached_strategy
def price_book_ids() -> st.SearchStrategy[PriceBookId]:
    """Price book ids."""
    return identifiers().map(PriceBookId)


@cached_strategy
def promotion_ids() -> st.SearchStrategy[PromotionId]:
    """Promotion ids."""
    return identifiers().map(PromotionId)


@cached_strategy
def channel_ids() -> st.SearchStrategy[ChannelId]:
    """Sales channel ids."""
    return identifiers().map(ChannelId)


@cached_strategy
def discount_percents(maximum: int = 100) -> st.SearchStrategy[Decimal]:
    """Percentages from 0 to ``maximum`` with two decimals."""
    return st.decimals(min_value=0, max_value=maximum, places=2, allow_nan=False)


@cached_strategy
def amounts_in(currency: str, low: int = 0, high: int = 1000) -> st.SearchStrategy[Money]:
    """Amounts in ``currency`` from ``low`` to ``high``."""
    return money(currency, min_amount=low, max_amount=high)


@cached_strategy
@st.composite
def adjustments(
    draw: st.DrawFn,
    currency: str | None = None,
    forms: tuple[AdjustmentForm, ...] = tuple(AdjustmentForm),
    *,
    max_percent: int = 100,
    max_amount: int = 200,
) -> Adjustment:
    """Adjustments of the given forms; amounts in ``currency`` (drawn when not given)."""
    form = draw(st.sampled_from(forms))
    if form is AdjustmentForm.PERCENT:
        return Adjustment.percent_off(
            draw(discount_percents(max_percent)), base=draw(st.sampled_from(DiscountBase))
        )
    code = draw(currencies()) if currency is None else currency
    amount = draw(amounts_in(code, 0, max_amount))
    return Adjustment(form=form, amount=amount)


@cached_strategy
def manual_discounts(
    currency: str | None = None,
    forms: tuple[AdjustmentForm, ...] = tuple(AdjustmentForm),
) -> st.SearchStrategy[ManualDiscount]:
    """Discounts given by hand, with a reason."""
    return st.builds(
        ManualDiscount,
        adjustment=adjustments(currency, forms),
        reason=texts(max_size=30),
        by=user_ids(),
    )


@cached_strategy
def floor_overrides() -> st.SearchStrategy[FloorOverride]:
    """Recorded floor overrides."""
    return st.builds(FloorOverride, reason=texts(max_size=30), by=user_ids())


@cached_strategy
def tiers(currency: str = "USD") -> st.SearchStrategy[Tier]:
    """Single tiers (open-ended or not)."""
    return st.builds(
        Tier,
        up_to=st.none() | st.integers(min_value=1, max_value=100).map(Decimal),
        unit_price=amounts_in(currency, 0, 500),
    )


@cached_strategy
@st.composite
def tier_tables(draw: st.DrawFn, currency: str | None = None) -> TierTable:
    """Tier tables of 1-4 tiers with rising bounds, either mode."""
    code = draw(currencies()) if currency is None else currency
    bounds = sorted(
        draw(st.lists(st.integers(min_value=1, max_value=100), max_size=3, unique=True))
    )
    prices = draw(
        st.lists(amounts_in(code, 0, 500), min_size=len(bounds) + 1, max_size=len(bounds) + 1)
    )
    rows = [Tier(up_to=Decimal(b), unit_price=p) for b, p in zip(bounds, prices, strict=False)]
    rows.append(Tier(up_to=None, unit_price=prices[-1]))
    return TierTable(mode=draw(st.sampled_from(TierMode)), tiers=rows)


@cached_strategy
def rounding_policies() -> st.SearchStrategy[RoundingPolicy]:
    """Rounding policies of every level and mode."""
    modes = st.sampled_from(RoundingMode)
    return st.builds(
        RoundingPolicy,
        level=st.sampled_from(RoundingLevel),
        mode=modes,
        minor_units=st.none() | st.integers(min_value=0, max_value=4),
        fx_mode=st.none() | modes,
    )


@cached_strategy
def regulatory_approvals() -> st.SearchStrategy[RegulatoryApproval]:
    """Regulators' approvals."""
    return st.builds(
        RegulatoryApproval,
        authority=texts(max_size=30),
        reference=st.from_regex(r"REG-[0-9]{1,6}", fullmatch=True),
        granted_on=dates(),
        note=st.none() | texts(max_size=30),
    )


@cached_strategy
def price_entries(currency: str | None = None) -> st.SearchStrategy[PriceEntry]:
    """Single price entries."""
    code = st.sampled_from(SCENARIO_CURRENCIES) if currency is None else st.just(currency)
    return code.flatmap(
        lambda c: st.builds(
            PriceEntry,
            sku=skus(),
            unit_price=amounts_in(c, 0, 1000),
            effective_from=dates(),
            tiers=st.none() | tier_tables(c),
        )
    )


@st.composite
def price_changes(draw: st.DrawFn) -> PriceChange:
    """Price changes (a new listing, or an old and a new price)."""
    code = draw(currencies())
    old = draw(st.none() | amounts_in(code))
    return PriceChange(
        sku=draw(skus()),
        old_price=old,
        new_price=draw(amounts_in(code)),
        regulatory_reference=draw(st.none() | st.just("REG-1")),
        tiers_changed=old is not None and draw(st.booleans()),
    )


@st.composite
def price_change_notices(draw: st.DrawFn) -> PriceChangeNotice:
    """Notices of drawn price books on one of their change dates (or their start)."""
    book = draw(price_books())
    days = book.change_dates() or (book.valid_from,)
    return book.price_change_notice(draw(st.sampled_from(days)))


@cached_strategy
@st.composite
def step_orders(draw: st.DrawFn) -> tuple[PricingStep, ...]:
    """Legal waterfall orders: any order, with floors after every step that can lower a
    price; surcharges and rounding anywhere."""
    before = [
        s
        for s in DEFAULT_STEPS
        if s not in (PricingStep.FLOORS, PricingStep.SURCHARGES, PricingStep.ROUNDING)
    ]
    order = draw(st.permutations(before))
    steps = [*order, PricingStep.FLOORS]
    for movable in (PricingStep.SURCHARGES, PricingStep.ROUNDING):
        steps.insert(draw(st.integers(min_value=0, max_value=len(steps))), movable)
    return tuple(steps)


#: The commands the price book strategy (and the stateful tests) may take, by name.
PRICE_BOOK_STEPS: Final = (
    "set_price",
    "remove_price",
    "schedule_price_change",
    "cancel_price_change",
    "change_validity",
    "set_rounding",
    "set_steps",
    "set_regulatory_requirement",
    "update_details",
    "record_regulatory_approval",
    "submit",
    "withdraw",
    "approve",
    "reject",
    "revise",
    "activate",
    "retire",
)


def apply_price_book_step(
    draw: st.DrawFn, book: PriceBook, step: str, at: pendulum.DateTime, by: UserId
) -> PriceBook:
    """Run command ``step`` on ``book`` with drawn arguments when its status (and the
    command's own rules) allow it; otherwise return the book unchanged."""
    if step not in book.allowed_commands():
        return book
    code = book.currency
    if step == "set_price":
        return book.set_price(draw(skus()), draw(amounts_in(code)), at=at, by=by)
    if step == "remove_price":
        if not book.entries:
            return book
        return book.remove_price(draw(st.sampled_from(book.skus())), at=at, by=by)
    if step == "schedule_price_change":
        start = max(book.valid_from, at.date().add(days=1))
        if book.valid_until is not None and start > book.valid_until:
            return book
        day = start.add(days=draw(st.integers(min_value=0, max_value=60)))
        if book.valid_until is not None and day > book.valid_until:
            day = book.valid_until
        sku = draw(st.sampled_from(book.skus())) if book.entries else draw(skus())
        if any(e.sku == sku and e.effective_from == day for e in book.entries):
            return book
        approval = draw(regulatory_approvals()) if book.requires_regulatory_approval else None
        return book.schedule_price_change(
            sku,
            draw(amounts_in(code)),
            effective_on=day,
            at=at,
            by=by,
            regulatory_approval=approval,
        )
    if step == "cancel_price_change":
        today = at.date()
        future = [
            e
            for e in book.entries
            if book.status is not PriceBookStatus.ACTIVE or e.effective_from > today
        ]
        if not future:
            return book
        entry = draw(st.sampled_from(future))
        return book.cancel_price_change(entry.sku, effective_on=entry.effective_from, at=at, by=by)
    if step == "change_validity":
        latest = max((e.effective_from for e in book.entries), default=book.valid_from)
        if book.status is PriceBookStatus.ACTIVE:
            latest = max(latest, at.date())
        until = draw(st.none() | st.just(latest.add(days=draw(st.integers(0, 400)))))
        return book.change_validity(valid_from=book.valid_from, valid_until=until, at=at, by=by)
    if step == "set_rounding":
        return book.set_rounding(draw(rounding_policies()), at=at, by=by)
    if step == "set_steps":
        return book.set_steps(draw(step_orders()), at=at, by=by)
    if step == "set_regulatory_requirement":
        return book.set_regulatory_requirement(draw(st.booleans()), at=at, by=by)
    if step == "update_details":
        return book.update_details(
            name=draw(texts(max_size=30)), description=draw(st.none() | texts()), at=at, by=by
        )
    if step == "record_regulatory_approval":
        return book.record_regulatory_approval(draw(regulatory_approvals()), at=at, by=by)
    if step == "submit":
        return book.submit(at=at, by=by) if book.entries else book
    if step == "withdraw":
        return book.withdraw(at=at, by=by)
    if step == "approve":
        approval = None
        if book.requires_regulatory_approval and book.regulatory_approval is None:
            approval = draw(regulatory_approvals())
        return book.approve(at=at, by=by, regulatory_approval=approval)
    if step == "reject":
        return book.reject(at=at, by=by, reason=draw(texts(max_size=30)))
    if step == "revise":
        return book.revise(at=at, by=by, reason=draw(texts(max_size=30)))
    if step == "activate":
        return book.activate(at=at, by=by)
    return book.retire(at=at, by=by, reason=draw(st.none() | texts(max_size=30)))


@st.composite
def price_books(draw: st.DrawFn, *, max_steps: int = 6, currency: str | None = None) -> PriceBook:
    """Price books drafted with drawn prices and walked through up to ``max_steps``
    commands. Shrinks towards a new draft with no prices."""
    code = draw(st.sampled_from(SCENARIO_CURRENCIES)) if currency is None else currency
    at = draw(instants())
    start = at.date().subtract(days=draw(st.integers(min_value=0, max_value=90)))
    codes = draw(st.lists(skus(), max_size=4, unique=True))
    book = PriceBook.draft(
        id=draw(price_book_ids()),
        name=draw(texts(max_size=30)),
        currency=code,
        valid_from=start,
        at=at,
        by=draw(user_ids()),
        entries=[
            PriceEntry(sku=sku, unit_price=draw(amounts_in(code)), effective_from=start)
            for sku in codes
        ],
        rounding=draw(rounding_policies()),
        steps=draw(st.just(DEFAULT_STEPS) | step_orders()),
    )
    for step in draw(st.lists(st.sampled_from(PRICE_BOOK_STEPS), max_size=max_steps)):
        at = at.add(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 10)))
        book = apply_price_book_step(draw, book, step, at, draw(user_ids()))
    return book
