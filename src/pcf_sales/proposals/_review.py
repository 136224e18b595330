"""Internal reviews and approvals of a quote (PCF 3.5.3.11, 3.5.3.12).

The approval chain of a quote is worked out once, when the quote is submitted
for review, from three things: the functional reviews every proposal needs
(solution, pricing, legal, ...), the :class:`~pcf_sales.pricing.DiscountPolicy`
applied to the priced document, and the deal's profitability and size (margin
floors and deal-size thresholds that call for a role). Each step names the
role that signs it off and every reason it is needed.
"""

from __future__ import annotations

import decimal
import hashlib
import json
import re
from decimal import Decimal
from enum import Enum
from typing import Any, Final, cast

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, FxTable, Percentage, UserId
from pcf_sales.core._validate import (
    check_decimal,
    describe,
    fail,
    is_decimal,
    is_enum,
    is_id,
    is_instance,
    is_instant,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_decimal,
    to_instant,
    to_optional_text,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.pricing import ApprovalRequirements, DiscountPolicy, PricingResult
from pcf_sales.proposals._profitability import Profitability

__all__ = [
    "ApprovalChain",
    "ChainStep",
    "DealSizeRule",
    "MarginFloor",
    "QuoteReview",
    "ReviewOutcome",
    "ReviewPolicy",
    "ReviewRequirement",
    "StepKind",
    "approval_chain",
]

_CODE: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")
_DIGEST: Final = re.compile(r"[0-9a-f]{64}")


def _code(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_text(max_length=64)(inst, attr, value)
    if not set(cast("str", value)) <= _CODE:
        fail(attr.name, f"expected a code of lower case letters, digits, _ and -, got {value!r}")


class StepKind(Enum):
    """Whether a step of the chain is a functional review or an approval of authority."""

    REVIEW = "review"
    """A functional check (solution, pricing, legal, ...): reviews run side by side."""
    APPROVAL = "approval"
    """A sign-off of authority: approvals are given in the order of the chain."""


class ReviewOutcome(Enum):
    """What a reviewer decided."""

    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    """The quote can go ahead once it is changed (a new version)."""
    REJECTED = "rejected"
    """The quote must not go to the customer as it is."""


@attrs.frozen(kw_only=True)
class ReviewRequirement:
    """A functional review a proposal needs: ``code`` (``legal``) done by ``role``, for
    every deal or only from a deal size of ``at_or_above``."""

    code: str = attrs.field(validator=_code)
    role: str = attrs.field(validator=_code)
    at_or_above: Money | None = attrs.field(default=None, validator=optional(is_money))


@attrs.frozen(kw_only=True)
class MarginFloor:
    """A margin below ``below`` percent needs the approval of ``role``."""

    below: Decimal = attrs.field(
        converter=to_decimal, validator=is_decimal(minimum=-1000, maximum=1000)
    )
    role: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class DealSizeRule:
    """A deal of ``at_or_above`` or more needs the approval of ``role``."""

    at_or_above: Money = attrs.field(validator=is_money)
    role: str = attrs.field(validator=_code)

    def __attrs_post_init__(self) -> None:
        if self.at_or_above.amount < 0:
            fail("at_or_above", f"a deal size is not negative, got {self.at_or_above.amount}")


@attrs.frozen(kw_only=True)
class ReviewPolicy:
    """Which reviews and approvals a quote needs, as data.

    ``discount_policy`` decides the approvals a discount, margin or deal size
    calls for; ``margin_floors`` and ``deal_sizes`` add approvals from the
    profitability analysis and the deal's revenue; ``unknown_margin_role``
    approves a deal whose margin is not known (``None``: nobody extra);
    ``profitability_role`` approves a proposal whose profitability analysis falls
    short of its own floor (``None``: the ``unknown_margin_role``).
    """

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=120))
    discount_policy: DiscountPolicy = attrs.field(validator=is_instance(DiscountPolicy))
    reviews: tuple[ReviewRequirement, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(ReviewRequirement)
    )
    margin_floors: tuple[MarginFloor, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(MarginFloor)
    )
    deal_sizes: tuple[DealSizeRule, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(DealSizeRule)
    )
    unknown_margin_role: str | None = attrs.field(default=None, validator=optional(_code))
    profitability_role: str | None = attrs.field(default=None, validator=optional(_code))

    def __attrs_post_init__(self) -> None:
        codes = [review.code for review in self.reviews]
        for index, code in enumerate(codes):
            if code in codes[:index]:
                fail(f"reviews[{index}].code", f"review {code!r} is listed twice")
        roles = {level.role for level in self.discount_policy.levels}
        roles |= {floor.role for floor in self.margin_floors}
        roles |= {rule.role for rule in self.deal_sizes}
        for extra in (self.unknown_margin_role, self.profitability_role):
            if extra is not None:
                roles.add(extra)
        for index, code in enumerate(codes):
            if code in roles:
                fail(f"reviews[{index}].code", f"{code!r} is also an approving role; rename one")

    @classmethod
    def default(cls, currency: str = "EUR") -> ReviewPolicy:
        """A documented starting point (amounts in ``currency``).

        Reviews: ``solution`` by a solution architect and ``pricing`` by a
        pricing analyst on every quote, ``legal`` by counsel from 250,000.
        Approvals: :meth:`DiscountPolicy.default`, plus the finance director
        below a 15 % margin (from the profitability analysis), when the margin
        is unknown or when the profitability falls short of its own floor, and
        the chief executive from a deal of 1,000,000.
        """
        return cls(
            name="default",
            discount_policy=DiscountPolicy.default(currency),
            reviews=(
                ReviewRequirement(code="solution", role="solution_architect"),
                ReviewRequirement(code="pricing", role="pricing_analyst"),
                ReviewRequirement(
                    code="legal", role="legal_counsel", at_or_above=Money("250000.00", currency)
                ),
            ),
            margin_floors=(MarginFloor(below=Decimal(15), role="finance_director"),),
            deal_sizes=(
                DealSizeRule(at_or_above=Money("1000000.00", currency), role="chief_executive"),
            ),
            unknown_margin_role="finance_director",
            profitability_role="finance_director",
        )


@attrs.frozen(kw_only=True)
class ChainStep:
    """One step of an approval chain: its code, kind, the role that signs it off and why."""

    code: str = attrs.field(validator=_code)
    kind: StepKind = attrs.field(validator=is_enum(StepKind))
    role: str = attrs.field(validator=_code)
    reasons: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(is_text(max_length=500))
    )


def _steps(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(ChainStep)(inst, attr, value)
    codes = [step.code for step in cast("tuple[ChainStep, ...]", value)]
    for index, code in enumerate(codes):
        if code in codes[:index]:
            fail(f"{attr.name}[{index}].code", f"step {code!r} is in the chain twice")


def pricing_digest(pricing: PricingResult) -> str:
    """A fingerprint of everything in ``pricing`` (SHA-256 of its canonical document):
    equal exactly when two pricing results are equal."""
    # imported here: serialization discovers every package's types when it loads
    from pcf_sales.serialization import to_dict

    text = json.dumps(to_dict(pricing), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digest(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not _DIGEST.fullmatch(value):
        fail(attr.name, f"expected 64 lower case hex digits, got {describe(value)}")


@attrs.frozen(kw_only=True)
class ApprovalChain:
    """The reviews and approvals a quote needs, reviews first, approvals lowest first.

    ``requirements`` is what the discount policy said, kept to explain the chain.
    ``pricing_digest`` fingerprints the pricing result the chain was worked out
    for (:func:`approval_chain` sets it): a quote accepts only a chain built for
    its own pricing, so a chain cannot be carried over to a changed version.
    """

    policy: str = attrs.field(validator=is_text(max_length=120))
    steps: tuple[ChainStep, ...] = attrs.field(converter=to_tuple, validator=_steps)
    requirements: ApprovalRequirements = attrs.field(validator=is_instance(ApprovalRequirements))
    pricing_digest: str | None = attrs.field(default=None, validator=_digest)

    def is_for(self, pricing: PricingResult) -> bool:
        """True when the chain was worked out for exactly ``pricing``."""
        return self.pricing_digest is not None and self.pricing_digest == pricing_digest(pricing)

    @property
    def codes(self) -> tuple[str, ...]:
        """The steps' codes in chain order."""
        return tuple(step.code for step in self.steps)

    def step(self, code: str) -> ChainStep:
        """The step with ``code``."""
        for step in self.steps:
            if step.code == code:
                return step
        return fail("step", f"the approval chain has no step {code!r}; steps: {self.codes}")

    def explain(self) -> str:
        """The chain as text, a line per step with its reasons."""
        if not self.steps:
            return f"{self.policy}: no review or approval needed"
        lines = [f"{self.policy}: {len(self.steps)} step(s)"]
        for number, step in enumerate(self.steps, start=1):
            lines.append(f"  {number}. {step.kind.value} {step.code} by {step.role}")
            lines.extend(f"     - {reason}" for reason in step.reasons)
        return "\n".join(lines)


@attrs.frozen(kw_only=True)
class QuoteReview:
    """A reviewer's decision on one step of a quote's approval chain.

    Asking for changes or rejecting needs a comment saying why.
    """

    step: str = attrs.field(validator=_code)
    reviewer: UserId = attrs.field(validator=is_id)
    outcome: ReviewOutcome = attrs.field(validator=is_enum(ReviewOutcome))
    at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    comment: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )

    def __attrs_post_init__(self) -> None:
        if self.outcome is not ReviewOutcome.APPROVED and self.comment is None:
            fail("comment", f"a review with outcome {self.outcome.value!r} says why")


def _in_currency(
    amount: Money, currency: str, on: pendulum.Date, fx: FxTable | None, field: str
) -> Decimal:
    """``amount`` in ``currency`` (exact), converted at the rate in force ``on``."""
    code = amount.currency.code
    if code == currency:
        return amount.amount
    if fx is None:
        raise CurrencyMismatch(currency, code, field=field)
    return DECIMAL_CONTEXT.multiply(amount.amount, fx.rate(code, currency, on=on).rate)


def approval_chain(
    pricing: PricingResult,
    policy: ReviewPolicy,
    *,
    margin_percent: Decimal | Percentage | None = None,
    revenue: Money | None = None,
    profitability: Profitability | None = None,
    fx: FxTable | None = None,
) -> ApprovalChain:
    """The chain of reviews and approvals a quote priced as ``pricing`` needs.

    The deal's margin and revenue come from the profitability analysis of the
    proposal: pass the :class:`~pcf_sales.proposals.Profitability` as
    ``profitability``, or its ``margin_percent`` (``None`` when unknown) and
    ``revenue`` (not negative) yourself. A profitability that falls short of its
    own floor (:attr:`~pcf_sales.proposals.Profitability.meets_floor` false)
    needs the approval of the policy's ``profitability_role``. Thresholds in
    another currency than the revenue need ``fx`` (rates on the pricing date).
    Approvals the discount policy requires come first, lowest rank first; a
    margin floor or deal size naming a role of the policy adds its reason to that
    role's highest level (and, with a chained policy, requires the levels below
    it); other roles follow. A step's code is its role, or ``role-rank`` when
    several levels of the policy share the role.

    >>> from pcf_sales.testing.factories import make_pricing_result
    >>> result = make_pricing_result()
    >>> chain = approval_chain(result, ReviewPolicy.default(result.currency),
    ...                        margin_percent=Decimal(12), revenue=result.total)
    >>> chain.codes
    ('solution', 'pricing', 'sales_manager', 'sales_director', 'finance_director')
    """
    if not isinstance(pricing, PricingResult):
        fail("pricing", f"expected a PricingResult, got {describe(pricing)}")
    if not isinstance(policy, ReviewPolicy):
        fail("policy", f"expected a ReviewPolicy, got {describe(policy)}")
    if fx is not None and not isinstance(fx, FxTable):
        fail("fx", f"expected an FxTable, got {describe(fx)}")
    short_of_floor: tuple[str, ...] = ()
    if profitability is not None:
        if not isinstance(profitability, Profitability):
            fail("profitability", f"expected a Profitability, got {describe(profitability)}")
        if margin_percent is not None or revenue is not None:
            fail(
                "profitability",
                "give either a profitability or margin_percent and revenue, not both",
            )
        margin_percent = profitability.margin_percent
        revenue = profitability.revenue
        if not profitability.meets_floor:
            short_of_floor = profitability.reasons()
    margin = _margin(margin_percent)
    if not isinstance(revenue, Money):
        fail("revenue", f"expected Money, got {describe(revenue)}")
    check_decimal(revenue.amount, "revenue", minimum=0)
    on = pricing.priced_on
    code = revenue.currency.code
    requirements = policy.discount_policy.evaluate(pricing, fx=fx)
    steps = [
        ChainStep(
            code=review.code,
            kind=StepKind.REVIEW,
            role=review.role,
            reasons=(
                "every quote is reviewed"
                if review.at_or_above is None
                else f"revenue {revenue.amount} {code} is at or above "
                f"{review.at_or_above.amount} {review.at_or_above.currency.code}",
            ),
        )
        for index, review in enumerate(policy.reviews)
        if review.at_or_above is None
        or revenue.amount
        >= _in_currency(review.at_or_above, code, on, fx, f"reviews[{index}].at_or_above")
    ]
    extra: dict[str, list[str]] = {}
    with decimal.localcontext(DECIMAL_CONTEXT):
        for floor in policy.margin_floors:
            if margin is not None and margin < floor.below:
                extra.setdefault(floor.role, []).append(
                    f"margin {margin:.2f} % is below the floor of {floor.below} %"
                )
        if margin is None and policy.unknown_margin_role is not None:
            extra.setdefault(policy.unknown_margin_role, []).append("the margin is not known")
        if short_of_floor:
            role = policy.profitability_role or policy.unknown_margin_role
            if role is None:
                fail(
                    "policy.profitability_role",
                    "the profitability falls short of its floor and the policy names no role "
                    "to approve that",
                )
            why = "the profitability falls short of its floor: " + "; ".join(short_of_floor)
            extra.setdefault(role, []).append(why[:500])
        for index, rule in enumerate(policy.deal_sizes):
            limit = _in_currency(rule.at_or_above, code, on, fx, f"deal_sizes[{index}].at_or_above")
            if revenue.amount >= limit:
                extra.setdefault(rule.role, []).append(
                    f"revenue {revenue.amount} {code} is at or above "
                    f"{rule.at_or_above.amount} {rule.at_or_above.currency.code}"
                )
    steps.extend(_approvals(policy.discount_policy, requirements, extra))
    return ApprovalChain(
        policy=policy.name,
        steps=tuple(steps),
        requirements=requirements,
        pricing_digest=pricing_digest(pricing),
    )


def _margin(value: object) -> Decimal | None:
    """The margin percent given as a ``Decimal``, ``int`` or ``Percentage`` (``None``: unknown)."""
    if value is None:
        return None
    if isinstance(value, Percentage):
        return value.percent
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if not isinstance(value, Decimal):
        fail(
            "margin_percent",
            f"expected a Decimal, a Percentage or None, got {describe(value)}",
        )
    return check_decimal(value, "margin_percent")


def _approvals(
    discount: DiscountPolicy, requirements: ApprovalRequirements, extra: dict[str, list[str]]
) -> list[ChainStep]:
    by_rank = {level.rank: level for level in discount.levels}
    rank_of = {level.role: level.rank for level in discount.levels}  # the role's highest level
    reasons: dict[int, list[str]] = {
        item.level.rank: list(item.reasons) for item in requirements.approvals
    }
    for role, why in extra.items():
        if role in rank_of:
            reasons.setdefault(rank_of[role], []).extend(why)
    if discount.chain and reasons:
        top = max(reasons)
        for rank in sorted(by_rank):
            if rank < top and rank not in reasons:
                reasons[rank] = [f"approves before {by_rank[top].name}"]
    shared = {role for role in rank_of if sum(lv.role == role for lv in discount.levels) > 1}
    steps = [
        ChainStep(
            code=(
                f"{by_rank[rank].role}-{rank}"
                if by_rank[rank].role in shared
                else by_rank[rank].role
            ),
            kind=StepKind.APPROVAL,
            role=by_rank[rank].role,
            reasons=tuple(reasons[rank]),
        )
        for rank in sorted(reasons)
    ]
    steps.extend(
        ChainStep(code=role, kind=StepKind.APPROVAL, role=role, reasons=tuple(why))
        for role, why in extra.items()
        if role not in rank_of
    )
    return steps
