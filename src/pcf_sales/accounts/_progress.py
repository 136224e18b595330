"""Progress of a key account plan against its targets at an ``as_of`` day (PCF 3.5.2.3)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.accounts._plan_action import PlanAction, PlanActionStatus
from pcf_sales.accounts._plan_values import PlanTarget, TargetActual, TargetValue
from pcf_sales.core import (
    DECIMAL_CONTEXT,
    AccountId,
    KeyAccountPlanId,
    Percentage,
    Period,
    PlanActionId,
)
from pcf_sales.core._money import round_amount
from pcf_sales.core._validate import (
    is_date,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_tuple,
)

__all__ = ["PlanProgress", "TargetProgress", "TargetProgressStatus", "plan_progress"]

_HUNDREDTH: Final = Decimal("0.01")


class TargetProgressStatus(Enum):
    """How a target stands on the ``as_of`` day."""

    NOT_STARTED = "not_started"
    """Its period has not begun."""
    ON_TRACK = "on_track"
    """At least the share of the target that the elapsed part of the period calls for."""
    BEHIND = "behind"
    """Below that share, with time left."""
    ACHIEVED = "achieved"
    """The target is reached (possibly before the period ends)."""
    MISSED = "missed"
    """The period is over and the target was not reached."""


@attrs.frozen(kw_only=True)
class TargetProgress:
    """One target on the ``as_of`` day: what was due, what is there, and the verdict.

    ``expected`` is the target pro rata to the days of the period elapsed
    (all of it once the period is over); ``attainment`` is actual over target
    (``None`` for a zero target).
    """

    target_key: str = attrs.field(validator=is_text(max_length=40))
    objective_key: str = attrs.field(validator=is_text(max_length=40))
    measure: str = attrs.field(validator=is_text(max_length=120))
    period: Period = attrs.field(validator=is_instance(Period))
    target: TargetValue = attrs.field(validator=is_instance(TargetValue))
    actual: TargetValue = attrs.field(validator=is_instance(TargetValue))
    expected: TargetValue = attrs.field(validator=is_instance(TargetValue))
    elapsed_days: int = attrs.field(validator=is_int(minimum=0))
    attainment: Percentage | None = attrs.field(validator=optional(is_instance(Percentage)))
    status: TargetProgressStatus = attrs.field(validator=is_enum(TargetProgressStatus))
    detail: str = attrs.field(validator=is_text(max_length=400))


@attrs.frozen(kw_only=True)
class PlanProgress:
    """A key account plan against its targets on ``as_of``, and how its actions stand."""

    plan_id: KeyAccountPlanId = attrs.field(validator=is_id)
    account_id: AccountId = attrs.field(validator=is_id)
    as_of: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    targets: tuple[TargetProgress, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(TargetProgress)
    )
    open_actions: int = attrs.field(validator=is_int(minimum=0))
    actions_in_progress: int = attrs.field(validator=is_int(minimum=0))
    done_actions: int = attrs.field(validator=is_int(minimum=0))
    cancelled_actions: int = attrs.field(validator=is_int(minimum=0))
    overdue_actions: tuple[PlanActionId, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(str)
    )

    @property
    def on_track(self) -> bool:
        """True when no target is behind or missed and no action is overdue."""
        bad = (TargetProgressStatus.BEHIND, TargetProgressStatus.MISSED)
        return not self.overdue_actions and all(t.status not in bad for t in self.targets)

    def explain(self) -> str:
        """The progress as lines: one per target, then the actions."""
        lines = [f"plan {self.plan_id} for account {self.account_id} as of {self.as_of}"]
        lines.extend(f"  {t.status.value}: {t.detail}" for t in self.targets)
        lines.append(
            f"  actions: {self.open_actions} open, {self.actions_in_progress} in progress, "
            f"{self.done_actions} done, {self.cancelled_actions} cancelled"
            + (f"; overdue: {', '.join(self.overdue_actions)}" if self.overdue_actions else "")
        )
        return "\n".join(lines)


def _scaled(target: TargetValue, share: Decimal) -> TargetValue:
    number = DECIMAL_CONTEXT.multiply(target.number, share)
    if target.amount is not None:
        code = target.amount.currency.code
        return TargetValue(amount=Money(round_amount(number, code), code))
    return target.with_number(number.quantize(_HUNDREDTH, ROUND_HALF_UP, DECIMAL_CONTEXT))


def _one(
    target: PlanTarget, actuals: Iterable[TargetActual], as_of: pendulum.Date
) -> TargetProgress:
    period = target.period
    total = sum((a.value.number for a in actuals if a.on <= as_of), Decimal(0))
    actual = target.value.with_number(total)
    started = as_of >= period.start
    elapsed = (min(as_of, period.end) - period.start).in_days() + 1 if started else 0
    share = DECIMAL_CONTEXT.divide(Decimal(elapsed), Decimal(period.days))
    expected = _scaled(target.value, share)
    goal = target.value.number
    attainment = None
    if goal != 0:
        ratio = DECIMAL_CONTEXT.divide(total * 100, goal)
        attainment = Percentage(ratio.quantize(_HUNDREDTH, ROUND_HALF_UP, DECIMAL_CONTEXT))
    if as_of < period.start:
        status = TargetProgressStatus.NOT_STARTED
    elif total >= goal:
        status = TargetProgressStatus.ACHIEVED
    elif as_of > period.end:
        status = TargetProgressStatus.MISSED
    elif total >= expected.number:
        status = TargetProgressStatus.ON_TRACK
    else:
        status = TargetProgressStatus.BEHIND
    reached = "" if attainment is None else f" ({attainment})"
    detail = (
        f"{target.key} [{target.measure}, {period.label}]: {actual.describe()}{reached} "
        f"of {target.value.describe()}; {expected.describe()} expected after "
        f"{elapsed} of {period.days} days"
    )
    return TargetProgress(
        target_key=target.key,
        objective_key=target.objective_key,
        measure=target.measure,
        period=period,
        target=target.value,
        actual=actual,
        expected=expected,
        elapsed_days=elapsed,
        attainment=attainment,
        status=status,
        detail=detail,
    )


def plan_progress(
    *,
    plan_id: KeyAccountPlanId,
    account_id: AccountId,
    targets: Iterable[PlanTarget],
    actuals: Iterable[TargetActual],
    actions: Iterable[PlanAction],
    as_of: pendulum.Date,
) -> PlanProgress:
    """The progress of checked plan parts on ``as_of`` (see :meth:`KeyAccountPlan.progress`)."""
    by_target: dict[str, list[TargetActual]] = {}
    for actual in actuals:
        by_target.setdefault(actual.target_key, []).append(actual)
    lines = tuple(_one(t, by_target.get(t.key, ()), as_of) for t in targets)
    counts = dict.fromkeys(PlanActionStatus, 0)
    overdue = []
    for action in actions:
        counts[action.status] += 1
        if action.is_overdue(as_of):
            overdue.append(action.id)
    return PlanProgress(
        plan_id=plan_id,
        account_id=account_id,
        as_of=as_of,
        targets=lines,
        open_actions=counts[PlanActionStatus.OPEN],
        actions_in_progress=counts[PlanActionStatus.IN_PROGRESS],
        done_actions=counts[PlanActionStatus.DONE],
        cancelled_actions=counts[PlanActionStatus.CANCELLED],
        overdue_actions=tuple(sorted(overdue)),
    )
