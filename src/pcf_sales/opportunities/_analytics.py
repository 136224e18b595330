"""Stage conversion, stage velocity and sales-cycle length, from the deals' own histories
(PCF 3.5.1.6)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final

import attrs
import pendulum

from pcf_sales.core import DECIMAL_CONTEXT, Percentage
from pcf_sales.core._validate import (
    check_instant,
    describe,
    fail,
    is_decimal,
    is_enum,
    is_instance,
    is_int,
    is_text,
    optional,
    to_optional_decimal,
)
from pcf_sales.opportunities._checks import check_enum, check_instance
from pcf_sales.opportunities._opportunity import Opportunity, OpportunityStatus
from pcf_sales.opportunities._process import SalesProcess

__all__ = [
    "SalesCycle",
    "StageConversion",
    "StageVelocity",
    "sales_cycle",
    "stage_conversion",
    "stage_velocity",
]

_DAY: Final = Decimal(86400)
_TENTH: Final = Decimal("0.1")
_DAYS = optional(is_decimal(minimum=0))


@attrs.frozen(kw_only=True)
class StageConversion:
    """How the deals that reached a stage fared there.

    A deal reached every stage up to the furthest it was ever in (stages it
    skipped count as passed); a won deal passed every stage. ``advanced`` got
    past the stage, ``lost`` were lost without getting past it, ``still_open``
    are open and have not got past it, so ``reached = advanced + lost +
    still_open``. ``rate`` is ``advanced / (advanced + lost)``: the share of
    the decided deals that got through, to 0.1 % (``None`` when none is
    decided yet).
    """

    stage: str = attrs.field(validator=is_text(max_length=64))
    reached: int = attrs.field(validator=is_int(minimum=0))
    advanced: int = attrs.field(validator=is_int(minimum=0))
    lost: int = attrs.field(validator=is_int(minimum=0))
    still_open: int = attrs.field(validator=is_int(minimum=0))
    rate: Percentage | None = attrs.field(default=None, validator=optional(is_instance(Percentage)))

    def __attrs_post_init__(self) -> None:
        if self.reached != self.advanced + self.lost + self.still_open:
            fail("reached", "is advanced + lost + still_open")


@attrs.frozen(kw_only=True)
class StageVelocity:
    """How long deals stay in a stage: over ``visits`` finished visits (moved on or
    closed), the mean and median days, to 0.1 day. ``running`` visits have not
    finished yet and are not averaged."""

    stage: str = attrs.field(validator=is_text(max_length=64))
    visits: int = attrs.field(validator=is_int(minimum=0))
    running: int = attrs.field(validator=is_int(minimum=0))
    mean_days: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_DAYS
    )
    median_days: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_DAYS
    )


@attrs.frozen(kw_only=True)
class SalesCycle:
    """How long deals took from opening to closing (won, or lost), in days to 0.1."""

    outcome: OpportunityStatus = attrs.field(validator=is_enum(OpportunityStatus))
    count: int = attrs.field(validator=is_int(minimum=0))
    mean_days: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_DAYS
    )
    median_days: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_DAYS
    )
    shortest_days: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_DAYS
    )
    longest_days: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_DAYS
    )

    def __attrs_post_init__(self) -> None:
        if self.outcome is OpportunityStatus.OPEN:
            fail("outcome", "a sales cycle ends in won or lost")


def _deals(
    opportunities: Iterable[Opportunity], process: SalesProcess | None
) -> tuple[list[Opportunity], SalesProcess]:
    deals = list(opportunities)
    for index, deal in enumerate(deals):
        if not isinstance(deal, Opportunity):
            fail(f"opportunities[{index}]", f"expected an Opportunity, got {describe(deal)}")
    if process is None:
        chosen = deals[0].process if deals else SalesProcess.default()
    else:
        chosen = check_instance(SalesProcess, process, "process")
    for index, deal in enumerate(deals):
        for visit in deal.stage_history:
            if not chosen.has_stage(visit.stage):
                fail(
                    f"opportunities[{index}]",
                    f"deal {deal.id!r} was in stage {visit.stage!r}, which {chosen.name!r} "
                    "does not have; pass the process to compare the deals on",
                )
    return deals, chosen


def _days(seconds: int) -> Decimal:
    return DECIMAL_CONTEXT.divide(Decimal(seconds), _DAY).quantize(_TENTH)


def _mean_median(values: Sequence[int]) -> tuple[Decimal | None, Decimal | None]:
    if not values:
        return None, None
    ordered = sorted(values)
    total = sum(ordered)
    mean = DECIMAL_CONTEXT.divide(Decimal(total), Decimal(len(ordered)))
    middle = len(ordered) // 2
    if len(ordered) % 2:
        median = Decimal(ordered[middle])
    else:
        median = DECIMAL_CONTEXT.divide(Decimal(ordered[middle - 1] + ordered[middle]), Decimal(2))
    return (
        DECIMAL_CONTEXT.divide(mean, _DAY).quantize(_TENTH),
        DECIMAL_CONTEXT.divide(median, _DAY).quantize(_TENTH),
    )


def stage_conversion(
    opportunities: Iterable[Opportunity], *, process: SalesProcess | None = None
) -> tuple[StageConversion, ...]:
    """For each stage of ``process`` (by default the first deal's), how many deals reached
    it and how many of those got past it, from the deals' stage histories.

    The last stage's rate is the win rate of the deals that got that far.
    """
    deals, chosen = _deals(opportunities, process)
    count = len(chosen.stages)
    reached = [0] * count
    advanced = [0] * count
    lost = [0] * count
    still_open = [0] * count
    for deal in deals:
        if deal.status is OpportunityStatus.WON:
            furthest = count
        else:
            furthest = max(chosen.index_of(v.stage) for v in deal.stage_history)
        for index in range(min(furthest + 1, count)):
            reached[index] += 1
            if index < furthest:
                advanced[index] += 1
        if furthest < count:
            if deal.status is OpportunityStatus.LOST:
                lost[furthest] += 1
            else:
                still_open[furthest] += 1
    rows = []
    for index, stage in enumerate(chosen.stages):
        decided = advanced[index] + lost[index]
        rate = None
        if decided:
            share = DECIMAL_CONTEXT.divide(Decimal(100 * advanced[index]), Decimal(decided))
            rate = Percentage(share.quantize(_TENTH))
        rows.append(
            StageConversion(
                stage=stage.key,
                reached=reached[index],
                advanced=advanced[index],
                lost=lost[index],
                still_open=still_open[index],
                rate=rate,
            )
        )
    return tuple(rows)


def stage_velocity(
    opportunities: Iterable[Opportunity],
    *,
    as_of: pendulum.DateTime,
    process: SalesProcess | None = None,
) -> tuple[StageVelocity, ...]:
    """For each stage, how long the finished visits to it lasted (mean and median days),
    from the deals' stage histories up to ``as_of``.

    A visit finishes when the deal moves to another stage or closes; visits
    still running at ``as_of`` (and anything after it) are counted apart.
    """
    moment = check_instant(as_of, "as_of")
    deals, chosen = _deals(opportunities, process)
    spent: dict[str, list[int]] = {stage.key: [] for stage in chosen.stages}
    running: dict[str, int] = dict.fromkeys(spent, 0)
    for deal in deals:
        for visit, end in deal.stage_spans():
            if visit.entered_at > moment:
                continue
            if end is None or end > moment:
                running[visit.stage] += 1
            else:
                spent[visit.stage].append(int((end - visit.entered_at).total_seconds()))
    rows = []
    for stage in chosen.stages:
        mean, median = _mean_median(spent[stage.key])
        rows.append(
            StageVelocity(
                stage=stage.key,
                visits=len(spent[stage.key]),
                running=running[stage.key],
                mean_days=mean,
                median_days=median,
            )
        )
    return tuple(rows)


def sales_cycle(
    opportunities: Iterable[Opportunity],
    *,
    outcome: OpportunityStatus = OpportunityStatus.WON,
) -> SalesCycle:
    """How long the deals now ``outcome`` (won by default, or lost) took from opening to
    their last close, in days."""
    wanted = check_enum(OpportunityStatus, outcome, "outcome")
    if wanted is OpportunityStatus.OPEN:
        fail("outcome", "a sales cycle ends in won or lost; open deals have not ended")
    lengths: list[int] = []
    for index, deal in enumerate(opportunities):
        if not isinstance(deal, Opportunity):
            fail(f"opportunities[{index}]", f"expected an Opportunity, got {describe(deal)}")
        closed = deal.closed_at
        if deal.status is wanted and closed is not None:
            lengths.append(int((closed - deal.created_at).total_seconds()))
    mean, median = _mean_median(lengths)
    return SalesCycle(
        outcome=wanted,
        count=len(lengths),
        mean_days=mean,
        median_days=median,
        shortest_days=_days(min(lengths)) if lengths else None,
        longest_days=_days(max(lengths)) if lengths else None,
    )
