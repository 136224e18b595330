"""Discount policy (PCF 3.2.2.2, 3.2.2.4): which approvals a priced document needs, and why."""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, Final, cast

import attrs
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, FxTable, minor_digits
from pcf_sales.core._validate import (
    describe,
    fail,
    is_bool,
    is_decimal,
    is_enum,
    is_instance,
    is_int,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_optional_decimal,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.pricing._results import PricingResult

__all__ = [
    "ApprovalLevel",
    "ApprovalRequirements",
    "ApprovalThreshold",
    "DiscountPolicy",
    "PolicyMetric",
    "RequiredApproval",
]

_CODE: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


class PolicyMetric(Enum):
    """What a threshold of a discount policy looks at."""

    DISCOUNT_PERCENT = "discount_percent"
    """The document's discount off list, in percent: breached above the limit."""
    LINE_DISCOUNT_PERCENT = "line_discount_percent"
    """The largest discount of any line, in percent: breached above the limit."""
    MARGIN_PERCENT = "margin_percent"
    """The document's margin over standard cost, in percent: breached below the limit."""
    LINE_MARGIN_PERCENT = "line_margin_percent"
    """The smallest margin of any line, in percent: breached below the limit."""
    DEAL_SIZE = "deal_size"
    """The document's net total: breached at or above the amount."""
    FLOOR_OVERRIDE = "floor_override"
    """Any line below its price floor by a recorded override: breached when there is one."""


def _role(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_text(max_length=64)(inst, attr, value)
    if not set(cast("str", value)) <= _CODE:
        fail(
            attr.name, f"expected a role code of lower case letters, digits, _ and -, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class ApprovalLevel:
    """A level of approval authority: ``rank`` 1 is the lowest."""

    rank: int = attrs.field(validator=is_int(minimum=1, maximum=20))
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=80))
    role: str = attrs.field(validator=_role)


@attrs.frozen(kw_only=True)
class ApprovalThreshold:
    """A limit that, when a document breaches it, requires approval at ``level`` (a rank).

    Percent metrics take ``limit``; ``DEAL_SIZE`` takes ``amount``;
    ``FLOOR_OVERRIDE`` takes neither.
    """

    metric: PolicyMetric = attrs.field(validator=is_enum(PolicyMetric))
    level: int = attrs.field(validator=is_int(minimum=1, maximum=20))
    limit: Decimal | None = attrs.field(
        default=None,
        converter=to_optional_decimal,
        validator=optional(is_decimal(minimum=-1000, maximum=1000)),
    )
    amount: Money | None = attrs.field(default=None, validator=optional(is_money))

    def __attrs_post_init__(self) -> None:
        metric = self.metric
        if metric is PolicyMetric.DEAL_SIZE:
            if self.amount is None or self.limit is not None:
                fail("amount", "a deal-size threshold takes an amount and no limit")
            if self.amount.amount < 0:
                fail("amount", f"a deal size is not negative, got {self.amount.amount}")
        elif metric is PolicyMetric.FLOOR_OVERRIDE:
            if self.amount is not None or self.limit is not None:
                fail("limit", "a floor-override threshold takes no limit and no amount")
        elif self.limit is None or self.amount is not None:
            fail("limit", f"a {metric.value} threshold takes a limit in percent and no amount")

    def describe(self) -> str:
        """The threshold in words."""
        metric = self.metric
        if metric is PolicyMetric.DEAL_SIZE and self.amount is not None:
            return f"deal size at or above {self.amount.amount} {self.amount.currency.code}"
        if metric is PolicyMetric.FLOOR_OVERRIDE:
            return "a line below its price floor by override"
        limit = f"{self.limit} %"
        return {
            PolicyMetric.DISCOUNT_PERCENT: f"discount above {limit}",
            PolicyMetric.LINE_DISCOUNT_PERCENT: f"a line discount above {limit}",
            PolicyMetric.MARGIN_PERCENT: f"margin below {limit}",
            PolicyMetric.LINE_MARGIN_PERCENT: f"a line margin below {limit}",
        }[metric]


@attrs.frozen(kw_only=True)
class RequiredApproval:
    """One approval a document needs: the level and every reason it is needed."""

    level: ApprovalLevel = attrs.field(validator=is_instance(ApprovalLevel))
    reasons: tuple[str, ...] = attrs.field(converter=to_tuple, validator=is_tuple_of(str))


@attrs.frozen(kw_only=True)
class ApprovalRequirements:
    """The approvals a priced document needs under a policy, lowest level first."""

    policy: str = attrs.field(validator=is_text(max_length=120))
    approvals: tuple[RequiredApproval, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(RequiredApproval)
    )

    @property
    def required(self) -> bool:
        """True when any approval is needed."""
        return bool(self.approvals)

    @property
    def highest(self) -> ApprovalLevel | None:
        """The highest level needed, or ``None``."""
        return self.approvals[-1].level if self.approvals else None

    def explain(self) -> str:
        """The requirements as text."""
        if not self.approvals:
            return f"{self.policy}: no approval needed"
        lines = [f"{self.policy}: {len(self.approvals)} approval(s) needed"]
        for item in self.approvals:
            lines.append(f"  {item.level.rank}. {item.level.name} ({item.level.role})")
            lines.extend(f"     - {reason}" for reason in item.reasons)
        return "\n".join(lines)


def _levels(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(ApprovalLevel)(inst, attr, value)
    ranks = [level.rank for level in value]  # type: ignore[attr-defined]
    if not ranks:
        fail(attr.name, "a policy needs at least one approval level")
    if ranks != sorted(set(ranks)):
        fail(attr.name, "levels go from the lowest rank up, each rank once")


@attrs.frozen(kw_only=True)
class DiscountPolicy:
    """Guidelines for discounting (PCF 3.2.2.2): thresholds on discount, margin and deal size,
    each naming the approval level a breach needs.

    With ``chain`` (the default) a level's approval comes after every level below it,
    so those are required too ("approves before ..."). Quotes use :meth:`evaluate`.

    >>> from pcf_sales.testing.factories import make_pricing_result
    >>> DiscountPolicy.default().evaluate(make_pricing_result()).required
    False
    """

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=120))
    levels: tuple[ApprovalLevel, ...] = attrs.field(converter=to_tuple, validator=_levels)
    thresholds: tuple[ApprovalThreshold, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(ApprovalThreshold)
    )
    chain: bool = attrs.field(default=True, validator=is_bool)

    def __attrs_post_init__(self) -> None:
        ranks = {level.rank for level in self.levels}
        for index, threshold in enumerate(self.thresholds):
            if threshold.level not in ranks:
                fail(f"thresholds[{index}].level", f"no approval level of rank {threshold.level}")

    @classmethod
    def default(cls, currency: str = "EUR") -> DiscountPolicy:
        """A documented starting point (amounts in ``currency``).

        Sales manager (1): discount above 10 %, a line discount above 15 %,
        margin below 40 %. Sales director (2): discount above 20 %, a line
        discount above 30 %, margin below 30 %, a line margin below 15 %, a
        deal of 100,000 or more, any floor override. Finance director (3):
        discount above 35 %, margin below 20 %, a deal of 500,000 or more.
        """
        return cls(
            name="default",
            levels=(
                ApprovalLevel(rank=1, name="Sales manager", role="sales_manager"),
                ApprovalLevel(rank=2, name="Sales director", role="sales_director"),
                ApprovalLevel(rank=3, name="Finance director", role="finance_director"),
            ),
            thresholds=(
                ApprovalThreshold(metric=PolicyMetric.DISCOUNT_PERCENT, limit=10, level=1),
                ApprovalThreshold(metric=PolicyMetric.LINE_DISCOUNT_PERCENT, limit=15, level=1),
                ApprovalThreshold(metric=PolicyMetric.MARGIN_PERCENT, limit=40, level=1),
                ApprovalThreshold(metric=PolicyMetric.DISCOUNT_PERCENT, limit=20, level=2),
                ApprovalThreshold(metric=PolicyMetric.LINE_DISCOUNT_PERCENT, limit=30, level=2),
                ApprovalThreshold(metric=PolicyMetric.MARGIN_PERCENT, limit=30, level=2),
                ApprovalThreshold(metric=PolicyMetric.LINE_MARGIN_PERCENT, limit=15, level=2),
                ApprovalThreshold(
                    metric=PolicyMetric.DEAL_SIZE,
                    amount=Money("100000.00", currency),
                    level=2,
                ),
                ApprovalThreshold(metric=PolicyMetric.FLOOR_OVERRIDE, level=2),
                ApprovalThreshold(metric=PolicyMetric.DISCOUNT_PERCENT, limit=35, level=3),
                ApprovalThreshold(metric=PolicyMetric.MARGIN_PERCENT, limit=20, level=3),
                ApprovalThreshold(
                    metric=PolicyMetric.DEAL_SIZE,
                    amount=Money("500000.00", currency),
                    level=3,
                ),
            ),
        )

    def evaluate(self, result: PricingResult, *, fx: FxTable | None = None) -> ApprovalRequirements:
        """The approvals ``result`` needs, lowest level first, each with its reasons.

        A deal-size threshold in another currency than the document's needs
        ``fx`` (the rate on the document's pricing date is used).
        """
        if not isinstance(result, PricingResult):
            fail("result", f"expected a PricingResult, got {describe(result)}")
        if fx is not None and not isinstance(fx, FxTable):
            fail("fx", f"expected an FxTable, got {describe(fx)}")
        reasons: dict[int, list[str]] = {}
        with decimal.localcontext(DECIMAL_CONTEXT):
            for threshold in self.thresholds:
                why = _breach(threshold, result, fx)
                if why is not None:
                    reasons.setdefault(threshold.level, []).append(why)
        if self.chain and reasons:
            top = max(reasons)
            by_rank = {level.rank: level for level in self.levels}
            for rank in sorted(by_rank):
                if rank < top and rank not in reasons:
                    reasons[rank] = [f"approves before {by_rank[top].name}"]
        levels = {level.rank: level for level in self.levels}
        return ApprovalRequirements(
            policy=self.name,
            approvals=tuple(
                RequiredApproval(level=levels[rank], reasons=tuple(reasons[rank]))
                for rank in sorted(reasons)
            ),
        )


def _shown(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), context=DECIMAL_CONTEXT)} %"


def _breach(threshold: ApprovalThreshold, result: PricingResult, fx: FxTable | None) -> str | None:
    metric = threshold.metric
    limit = threshold.limit
    if metric is PolicyMetric.DISCOUNT_PERCENT:
        value = result.discount_percent
        if value is not None and limit is not None and value > limit:
            return f"discount {_shown(value)} is above {limit} %"
        return None
    if metric is PolicyMetric.MARGIN_PERCENT:
        value = result.margin_percent
        if value is None:
            return _given_away("net total", result.total, result.cost_total)
        if limit is not None and value < limit:
            return f"margin {_shown(value)} is below {limit} %"
        return None
    if metric is PolicyMetric.LINE_DISCOUNT_PERCENT:
        return _worst_line(result.lines, limit, discount=True)
    if metric is PolicyMetric.LINE_MARGIN_PERCENT:
        return _worst_line(result.lines, limit, discount=False)
    if metric is PolicyMetric.FLOOR_OVERRIDE:
        below = [str(line.line_number) for line in result.lines if line.floor_overridden]
        if below:
            return f"line(s) {', '.join(below)} below their price floor by override"
        return None
    amount = threshold.amount
    if amount is None:  # pragma: no cover - checked by ApprovalThreshold
        return None
    total = result.total
    size = total.amount
    if amount.currency.code != total.currency.code:
        if fx is None:
            raise CurrencyMismatch(
                total.currency.code, amount.currency.code, field="thresholds.amount"
            )
        rate = fx.rate(total.currency.code, amount.currency.code, on=result.priced_on)
        size = total.amount * rate.rate
    if size >= amount.amount:
        return (
            f"deal size {total.amount} {total.currency.code} is at or above "
            f"{amount.amount} {amount.currency.code}"
        )
    return None


def _given_away(what: str, net: Money, cost: Money | None) -> str | None:
    """A net of zero against a positive cost has no margin percent, and is below any."""
    if net.amount != 0 or cost is None or cost.amount <= 0:
        return None
    return f"{what} {_money(net)} against a cost of {_money(cost)}: below every margin threshold"


def _money(value: Money) -> str:
    code = value.currency.code
    amount = value.amount.quantize(Decimal(1).scaleb(-minor_digits(code)), context=DECIMAL_CONTEXT)
    return f"{amount} {code}"


def _worst_line(lines: Iterable[Any], limit: Decimal | None, *, discount: bool) -> str | None:
    if limit is None:  # pragma: no cover - checked by ApprovalThreshold
        return None
    worst: tuple[Decimal, int] | None = None
    for line in lines:
        if line.generated_by is not None:
            continue  # free goods are free by a rule of the price book, not a person's discount
        value = line.discount_percent if discount else line.margin_percent
        if value is None:
            if not discount:
                given_away = _given_away(f"line {line.line_number} net", line.net_amount, line.cost)
                if given_away is not None:
                    return given_away
            continue
        breached = value > limit if discount else value < limit
        if breached and (worst is None or (value > worst[0] if discount else value < worst[0])):
            worst = (value, line.line_number)
    if worst is None:
        return None
    what = "discount" if discount else "margin"
    side = "above" if discount else "below"
    return f"line {worst[1]} {what} {_shown(worst[0])} is {side} {limit} %"
