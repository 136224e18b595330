"""Matching opportunities to business strategy (PCF 3.5.1.4): a fit evaluation against the
target segments, industries, company sizes and countries, the offerings to sell and the
deal-size policy, with a reason for every check."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, Final, cast

import attrs
import pendulum
from moneyed import Money

from pcf_sales.accounts import Account, SizeBand
from pcf_sales.core import (
    DECIMAL_CONTEXT,
    CountryCode,
    FxTable,
    OpportunityId,
    Percentage,
    ProductId,
    SegmentId,
)
from pcf_sales.core._contact_details import is_country
from pcf_sales.core._validate import (
    check_date,
    fail,
    is_enum,
    is_id,
    is_instance,
    is_text,
    is_tuple_of,
    optional,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.opportunities._checks import check_instance, money_validator
from pcf_sales.opportunities._opportunity import Opportunity

__all__ = [
    "BusinessStrategy",
    "CheckResult",
    "DealSizePolicy",
    "FitCheck",
    "FitDimension",
    "FitLevel",
    "StrategyFit",
]


class FitDimension(Enum):
    """What a strategy checks a deal against."""

    SEGMENT = "segment"
    """The account's market segment is a target segment."""
    INDUSTRY = "industry"
    """The account's industry is a target industry."""
    COMPANY_SIZE = "company_size"
    """The account's size band is a target size."""
    COUNTRY = "country"
    """The account's country (billing address, else shipping) is a target country."""
    OFFERING = "offering"
    """The deal includes at least one of the offerings the strategy pushes."""
    DEAL_SIZE = "deal_size"
    """The deal's amount is within the deal-size policy."""


class CheckResult(Enum):
    """The outcome of one check."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    """The deal or account lacks the data to tell (counts as not met in the score)."""


class FitLevel(Enum):
    """How well a deal fits the strategy."""

    STRONG = "strong"
    MODERATE = "moderate"
    WEAK = "weak"


@attrs.frozen(kw_only=True)
class FitCheck:
    """One check of a deal against the strategy, and why it came out as it did."""

    dimension: FitDimension = attrs.field(validator=is_enum(FitDimension))
    result: CheckResult = attrs.field(validator=is_enum(CheckResult))
    detail: str = attrs.field(validator=is_text(max_length=500))


@attrs.frozen(kw_only=True)
class StrategyFit:
    """A deal's fit with a strategy: the level, the score (the share of checks met, to
    0.1 %) and every check with its reason."""

    opportunity_id: OpportunityId = attrs.field(validator=is_id)
    strategy: str = attrs.field(validator=is_text(max_length=120))
    level: FitLevel = attrs.field(validator=is_enum(FitLevel))
    score: Percentage = attrs.field(validator=is_instance(Percentage))
    checks: tuple[FitCheck, ...] = attrs.field(converter=to_tuple, validator=is_tuple_of(FitCheck))

    @property
    def reasons(self) -> tuple[str, ...]:
        """Every check in words: ``met: industry 'software' is a target``."""
        return tuple(f"{c.result.value.replace('_', ' ')}: {c.detail}" for c in self.checks)


@attrs.frozen(kw_only=True)
class DealSizePolicy:
    """The deal sizes the strategy wants: at least ``minimum``, at most ``maximum``
    (either may be open), in one currency."""

    minimum: Money | None = attrs.field(default=None, validator=optional(money_validator))
    maximum: Money | None = attrs.field(default=None, validator=optional(money_validator))

    def __attrs_post_init__(self) -> None:
        if self.minimum is None and self.maximum is None:
            fail("minimum", "a deal-size policy has a minimum, a maximum or both")
        if self.minimum is not None and self.maximum is not None:
            if self.minimum.currency != self.maximum.currency:
                raise CurrencyMismatch(
                    self.minimum.currency.code, self.maximum.currency.code, field="maximum"
                )
            if self.maximum < self.minimum:
                fail("maximum", f"{self.maximum.amount} is below the minimum {self.minimum.amount}")

    @property
    def currency(self) -> str:
        """The policy's currency."""
        bound = self.minimum if self.minimum is not None else self.maximum
        return cast("Money", bound).currency.code


def _sorted_unique(value: Iterable[Any]) -> tuple[Any, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(i, str) for i in items):
        return tuple(sorted(set(items)))
    return items


def _industries(value: Iterable[str]) -> tuple[str, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(i, str) for i in items):
        return tuple(sorted({i.strip().casefold() for i in items}))
    return items


def _bands(value: Iterable[SizeBand]) -> tuple[SizeBand, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(i, SizeBand) for i in items):
        order = list(SizeBand)
        return tuple(sorted(set(items), key=order.index))
    return items


_TEXTS: Final = is_tuple_of(is_text(max_length=120), unique=True)


@attrs.frozen(kw_only=True)
class BusinessStrategy:
    """Where the company wants to win: the segments, industries, company sizes and
    countries it targets, the offerings it pushes and the deal sizes it wants.

    Only the dimensions given are checked. The score is the share of checks
    met (unknown data counts as not met); ``strong_from`` and
    ``moderate_from`` set the levels.

    >>> from pcf_sales.core import money
    >>> strategy = BusinessStrategy(
    ...     name="Industrial focus", target_industries=["Manufacturing", "automotive"],
    ...     deal_size=DealSizePolicy(minimum=money("20000.00", "EUR")))
    >>> strategy.target_industries
    ('automotive', 'manufacturing')
    """

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=120))
    target_segments: tuple[SegmentId, ...] = attrs.field(
        default=(), converter=_sorted_unique, validator=is_tuple_of(is_id, unique=True)
    )
    target_industries: tuple[str, ...] = attrs.field(
        default=(), converter=_industries, validator=_TEXTS
    )
    target_sizes: tuple[SizeBand, ...] = attrs.field(
        default=(), converter=_bands, validator=is_tuple_of(is_enum(SizeBand), unique=True)
    )
    target_countries: tuple[CountryCode, ...] = attrs.field(
        default=(), converter=_sorted_unique, validator=is_tuple_of(is_country, unique=True)
    )
    offerings: tuple[ProductId, ...] = attrs.field(
        default=(), converter=_sorted_unique, validator=is_tuple_of(is_id, unique=True)
    )
    deal_size: DealSizePolicy | None = attrs.field(
        default=None, validator=optional(is_instance(DealSizePolicy))
    )
    strong_from: Percentage = attrs.field(factory=lambda: Percentage(80))
    moderate_from: Percentage = attrs.field(factory=lambda: Percentage(50))

    def __attrs_post_init__(self) -> None:
        if not self.dimensions:
            fail("target_segments", "a strategy targets at least one thing to check deals against")
        for name in ("strong_from", "moderate_from"):
            value = getattr(self, name)
            if not isinstance(value, Percentage) or not 0 <= value.percent <= 100:
                fail(name, f"expected a Percentage from 0 to 100, got {value!r}")
        if self.moderate_from > self.strong_from:
            fail("moderate_from", "is above strong_from")

    @property
    def dimensions(self) -> tuple[FitDimension, ...]:
        """The dimensions this strategy checks, in :class:`FitDimension` order."""
        given = {
            FitDimension.SEGMENT: self.target_segments,
            FitDimension.INDUSTRY: self.target_industries,
            FitDimension.COMPANY_SIZE: self.target_sizes,
            FitDimension.COUNTRY: self.target_countries,
            FitDimension.OFFERING: self.offerings,
            FitDimension.DEAL_SIZE: self.deal_size,
        }
        return tuple(d for d, value in given.items() if value)

    def evaluate(
        self,
        opportunity: Opportunity,
        account: Account,
        *,
        fx: FxTable | None = None,
        on: pendulum.Date | None = None,
    ) -> StrategyFit:
        """How well ``opportunity`` (at ``account``) fits the strategy, check by check.

        A deal in another currency than the deal-size policy is converted with
        ``fx`` at its rate on ``on`` (the deal's last change by default);
        without ``fx`` it is a :class:`~pcf_sales.errors.CurrencyMismatch`.
        """
        deal = check_instance(Opportunity, opportunity, "opportunity")
        company = check_instance(Account, account, "account")
        if company.id != deal.account_id:
            fail("account", f"is {company.id!r}, but the deal is for {deal.account_id!r}")
        day = deal.updated_at.date() if on is None else check_date(on, "on")
        checks = [self._check(d, deal, company, fx, day) for d in self.dimensions]
        met = sum(1 for c in checks if c.result is CheckResult.MET)
        score = Percentage(
            DECIMAL_CONTEXT.divide(Decimal(100 * met), Decimal(len(checks))).quantize(
                Decimal("0.1")
            )
        )
        if score >= self.strong_from:
            level = FitLevel.STRONG
        elif score >= self.moderate_from:
            level = FitLevel.MODERATE
        else:
            level = FitLevel.WEAK
        return StrategyFit(
            opportunity_id=deal.id, strategy=self.name, level=level, score=score, checks=checks
        )

    def _check(
        self,
        dimension: FitDimension,
        deal: Opportunity,
        account: Account,
        fx: FxTable | None,
        day: pendulum.Date,
    ) -> FitCheck:
        if dimension is FitDimension.SEGMENT:
            return _member(dimension, account.segment_id, self.target_segments, "segment")
        if dimension is FitDimension.INDUSTRY:
            industry = None if account.industry is None else account.industry.casefold()
            return _member(dimension, industry, self.target_industries, "industry")
        if dimension is FitDimension.COMPANY_SIZE:
            band = None if account.size_band is None else account.size_band
            return _member(dimension, band, self.target_sizes, "size band")
        if dimension is FitDimension.COUNTRY:
            return _member(dimension, _country(account), self.target_countries, "country")
        if dimension is FitDimension.OFFERING:
            return self._offering(deal)
        return self._deal_size(deal, fx, day)

    def _offering(self, deal: Opportunity) -> FitCheck:
        dimension = FitDimension.OFFERING
        if not deal.product_lines:
            return FitCheck(
                dimension=dimension,
                result=CheckResult.UNKNOWN,
                detail="the deal has no product lines to compare with the offerings",
            )
        pushed = [p.product_id for p in deal.product_lines if p.product_id in self.offerings]
        if pushed:
            return FitCheck(
                dimension=dimension,
                result=CheckResult.MET,
                detail=f"includes target offering(s) {', '.join(pushed)}",
            )
        return FitCheck(
            dimension=dimension,
            result=CheckResult.NOT_MET,
            detail="includes none of the target offerings",
        )

    def _deal_size(self, deal: Opportunity, fx: FxTable | None, day: pendulum.Date) -> FitCheck:
        policy = cast("DealSizePolicy", self.deal_size)
        code = policy.currency
        amount = deal.amount
        note = ""
        if amount.currency.code != code:
            if fx is None:
                raise CurrencyMismatch(code, amount.currency.code, field="opportunity.amount")
            converted = fx.convert(amount, code, on=day)
            note = f" ({converted.amount} {code} at the rate of {day})"
            amount = converted
        shown = f"{deal.amount.amount} {deal.amount.currency.code}{note}"
        if policy.minimum is not None and amount < policy.minimum:
            return FitCheck(
                dimension=FitDimension.DEAL_SIZE,
                result=CheckResult.NOT_MET,
                detail=f"{shown} is below the minimum of {policy.minimum.amount} {code}",
            )
        if policy.maximum is not None and amount > policy.maximum:
            return FitCheck(
                dimension=FitDimension.DEAL_SIZE,
                result=CheckResult.NOT_MET,
                detail=f"{shown} is above the maximum of {policy.maximum.amount} {code}",
            )
        return FitCheck(
            dimension=FitDimension.DEAL_SIZE,
            result=CheckResult.MET,
            detail=f"{shown} is within the deal-size policy",
        )


def _country(account: Account) -> str | None:
    for address in (account.billing_address, account.shipping_address):
        if address is not None:
            return address.country
    return None


def _member(
    dimension: FitDimension, value: object, targets: tuple[Any, ...], what: str
) -> FitCheck:
    if value is None:
        return FitCheck(
            dimension=dimension,
            result=CheckResult.UNKNOWN,
            detail=f"the account has no {what} recorded",
        )
    shown = value.value if isinstance(value, Enum) else value
    if value in targets:
        return FitCheck(
            dimension=dimension, result=CheckResult.MET, detail=f"{what} {shown!r} is a target"
        )
    return FitCheck(
        dimension=dimension, result=CheckResult.NOT_MET, detail=f"{what} {shown!r} is not a target"
    )
