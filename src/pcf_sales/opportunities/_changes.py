"""What moved the pipeline between two snapshots (PCF 3.5.1.6), reconciled to the cent.

:func:`pipeline_changes` compares two :class:`PipelineSnapshot` s deal by
deal (through their indexes, never all pairs) and explains the difference
between the open pipeline at the start and at the end as a list of changes:
new deals, deals reopened, advanced or moved back, amounts changed, close
dates pushed (slipped) or pulled in, deals won, lost or gone. Every change
carries its effect on the pipeline's value and weighted value, so that
start + changes = end exactly, for the count, the value and the weighted
value.
"""

from __future__ import annotations

import datetime as _dt
import decimal
from decimal import Decimal
from enum import Enum
from typing import Any, Final, cast

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, OpportunityId, Period, round_amount
from pcf_sales.core._fast import builder
from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    fail,
    is_enum,
    is_id,
    is_instance,
    is_instant,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_instant,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.opportunities._checks import check_instance
from pcf_sales.opportunities._opportunity import OpportunityStatus
from pcf_sales.opportunities._pipeline import PipelineEntry, PipelineSnapshot

__all__ = ["ChangeKind", "ChangeTotal", "PipelineChange", "PipelineChanges", "pipeline_changes"]

_OPEN: Final = OpportunityStatus.OPEN
_WON: Final = OpportunityStatus.WON
_LOST: Final = OpportunityStatus.LOST


class ChangeKind(Enum):
    """What happened to a deal between two snapshots, in the order a waterfall shows them."""

    NEW = "new"
    """Not in the first snapshot; open (and closing in the period) in the second."""
    REOPENED = "reopened"
    """Won or lost in the first snapshot, open again in the second."""
    ADVANCED = "advanced"
    """Moved to a later stage."""
    MOVED_BACK = "moved_back"
    """Moved to an earlier stage."""
    PROBABILITY_CHANGED = "probability_changed"
    """Same stage, different win probability."""
    AMOUNT_CHANGED = "amount_changed"
    """The deal's amount changed."""
    FX_CHANGED = "fx_changed"
    """Same amount, different value in the reporting currency (another exchange rate)."""
    PULLED_IN = "pulled_in"
    """The close date moved earlier (with a period: possibly into it)."""
    SLIPPED = "slipped"
    """The close date moved later (with a period: possibly out of it)."""
    WON = "won"
    """Open in the first snapshot, won in the second."""
    LOST = "lost"
    """Open in the first snapshot, lost in the second."""
    REMOVED = "removed"
    """In the first snapshot, not in the second (deleted by the host)."""


_KIND_ORDER: Final = {kind: index for index, kind in enumerate(ChangeKind)}


def _currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    check_currency(value, attr.name)


def _delta(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money):
        fail(attr.name, f"expected Money, got {value!r}")


def _count_delta(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_int(minimum=-1, maximum=1)(inst, attr, value)


@attrs.frozen(kw_only=True)
class PipelineChange:
    """One thing that happened to one deal, and what it did to the pipeline measured.

    ``count_delta`` is +1 when the deal entered the pipeline measured, -1 when
    it left it, 0 otherwise; ``value_delta`` and ``weighted_delta`` are its
    effect on the value and the weighted value. A deal that changed in
    several ways has one change per way: its amount change is valued at the
    old probability, its stage or probability change at the new amount, so
    the parts add up to the deal's whole change.
    """

    opportunity_id: OpportunityId = attrs.field(validator=is_id)
    kind: ChangeKind = attrs.field(validator=is_enum(ChangeKind))
    count_delta: int = attrs.field(validator=_count_delta)
    value_delta: Money = attrs.field(validator=_delta)
    weighted_delta: Money = attrs.field(validator=_delta)
    detail: str = attrs.field(validator=is_text(max_length=500))


_new_change: Final = builder(PipelineChange)


@attrs.frozen(kw_only=True)
class ChangeTotal:
    """The changes of one kind, added up."""

    kind: ChangeKind = attrs.field(validator=is_enum(ChangeKind))
    count: int = attrs.field(validator=is_int(minimum=0))
    count_delta: int = attrs.field(validator=is_int())
    value_delta: Money = attrs.field(validator=_delta)
    weighted_delta: Money = attrs.field(validator=_delta)


_new_total: Final = builder(ChangeTotal)


def _changes(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(PipelineChange)(inst, attr, value)


def _totals(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(ChangeTotal)(inst, attr, value)
    kinds = [t.kind for t in cast("tuple[ChangeTotal, ...]", value)]
    if kinds != list(ChangeKind):
        fail(attr.name, "holds one total per kind of change, in the order of ChangeKind")


def _money(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money):
        fail(attr.name, f"expected Money, got {value!r}")


@attrs.frozen(kw_only=True)
class PipelineChanges:
    """The move of the open pipeline from one snapshot to the next, explained.

    ``start_*`` and ``end_*`` describe the pipeline measured (open deals, and
    with ``period`` only those closing in it) in each snapshot; ``changes``
    list what happened, ordered as a waterfall (by kind, then deal), and
    ``totals`` add them up by kind. Reading one back checks that it
    reconciles: start + changes = end, exactly.
    """

    before_as_of: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    after_as_of: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    currency: str = attrs.field(validator=_currency)
    period: Period | None = attrs.field(default=None, validator=optional(is_instance(Period)))
    start_count: int = attrs.field(validator=is_int(minimum=0))
    start_value: Money = attrs.field(validator=_money)
    start_weighted: Money = attrs.field(validator=_money)
    end_count: int = attrs.field(validator=is_int(minimum=0))
    end_value: Money = attrs.field(validator=_money)
    end_weighted: Money = attrs.field(validator=_money)
    changes: tuple[PipelineChange, ...] = attrs.field(converter=to_tuple, validator=_changes)
    totals: tuple[ChangeTotal, ...] = attrs.field(converter=to_tuple, validator=_totals)

    def __attrs_post_init__(self) -> None:
        if self.after_as_of < self.before_as_of:
            fail("after_as_of", "is before before_as_of")
        code = self.currency
        for name in ("start_value", "start_weighted", "end_value", "end_weighted"):
            amount = getattr(self, name)
            if amount.currency.code != code:
                raise CurrencyMismatch(code, amount.currency.code, field=name)
        for index, change in enumerate(self.changes):
            for name in ("value_delta", "weighted_delta"):
                amount = getattr(change, name)
                if amount.currency.code != code:
                    raise CurrencyMismatch(code, amount.currency.code, field=f"changes[{index}]")
        expected = _add_up(self.changes, code)
        if expected != self.totals:
            fail("totals", "do not add up the changes by kind")
        problem = self.reconciliation_error()
        if problem is not None:
            fail("changes", problem)

    def total(self, kind: ChangeKind) -> ChangeTotal:
        """The total of one kind of change."""
        return self.totals[_KIND_ORDER[kind]]

    def of_kind(self, kind: ChangeKind) -> tuple[PipelineChange, ...]:
        """The changes of one kind."""
        return tuple(c for c in self.changes if c.kind is kind)

    def reconciliation_error(self) -> str | None:
        """``None`` when start + changes = end for the count, value and weighted value;
        otherwise what does not add up."""
        count = self.start_count + sum(t.count_delta for t in self.totals)
        with decimal.localcontext(DECIMAL_CONTEXT):
            value = self.start_value.amount + sum(
                (t.value_delta.amount for t in self.totals), Decimal(0)
            )
            weighted = self.start_weighted.amount + sum(
                (t.weighted_delta.amount for t in self.totals), Decimal(0)
            )
        problems = []
        if count != self.end_count:
            problems.append(f"count: {count} != {self.end_count}")
        if value != self.end_value.amount:
            problems.append(f"value: {value} != {self.end_value.amount}")
        if weighted != self.end_weighted.amount:
            problems.append(f"weighted: {weighted} != {self.end_weighted.amount}")
        if not problems:
            return None
        return "start + changes != end (" + "; ".join(problems) + ")"

    @property
    def reconciles(self) -> bool:
        """True when start + changes = end exactly (always, for a computed result)."""
        return self.reconciliation_error() is None

    def explain(self) -> tuple[str, ...]:
        """The waterfall in words: start, each kind of change that happened, end."""
        code = self.currency
        lines = [
            f"start {self.before_as_of.date()}: {self.start_count} deals, "
            f"{self.start_value.amount} {code} ({self.start_weighted.amount} weighted)"
        ]
        lines.extend(
            f"{t.kind.value.replace('_', ' ')}: {t.count} change(s), {t.count_delta:+d} deals, "
            f"{t.value_delta.amount:+} {code} ({t.weighted_delta.amount:+} weighted)"
            for t in self.totals
            if t.count
        )
        lines.append(
            f"end {self.after_as_of.date()}: {self.end_count} deals, "
            f"{self.end_value.amount} {code} ({self.end_weighted.amount} weighted)"
        )
        return tuple(lines)


_new_changes: Final = builder(PipelineChanges)


def _add_up(changes: tuple[PipelineChange, ...], code: str) -> tuple[ChangeTotal, ...]:
    sums: dict[ChangeKind, list[Any]] = {k: [0, 0, Decimal(0), Decimal(0)] for k in ChangeKind}
    with decimal.localcontext(DECIMAL_CONTEXT):
        for change in changes:
            row = sums[change.kind]
            row[0] += 1
            row[1] += change.count_delta
            row[2] += change.value_delta.amount
            row[3] += change.weighted_delta.amount
    zero = round_amount(Decimal(0), code)
    return tuple(
        _new_total(
            kind=kind,
            count=row[0],
            count_delta=row[1],
            value_delta=Money(row[2] if row[0] else zero, code),
            weighted_delta=Money(row[3] if row[0] else zero, code),
        )
        for kind, row in sums.items()
    )


def pipeline_changes(
    before: PipelineSnapshot, after: PipelineSnapshot, *, period: Period | None = None
) -> PipelineChanges:
    """Explain how the open pipeline moved from ``before`` to ``after``.

    The pipeline measured is the open deals of each snapshot; with
    ``period``, only those whose close date falls in it (so a deal pushed
    out of the quarter is a slip that takes its value with it). Both
    snapshots must be in the same reporting currency, ``after`` no earlier
    than ``before``.

    Each deal of ``after`` is looked up in ``before``'s index (and the deals
    only in ``before`` found by counting), so the cost grows linearly with
    the number of deals.

    >>> from pcf_sales.core import money
    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> from pcf_sales.opportunities import Opportunity
    >>> deal = Opportunity.open(
    ...     id="OP-1", at=at, by="ae-1", account_id="AC-1", name="Test rigs",
    ...     amount=money("48000.00", "EUR"), close_date=pendulum.Date(2026, 6, 30), owner="ae-1")
    >>> first = PipelineSnapshot.take([deal], as_of=at, currency="EUR")
    >>> bigger = deal.change_amount(money("60000.00", "EUR"), at=at.add(days=7), by="ae-1")
    >>> moved = pipeline_changes(first, PipelineSnapshot.take([bigger], as_of=at.add(days=7),
    ...                                                       currency="EUR"))
    >>> [(c.kind.value, c.value_delta.amount, c.weighted_delta.amount) for c in moved.changes]
    [('amount_changed', Decimal('12000.00'), Decimal('1200.00'))]
    >>> moved.reconciles
    True
    """
    check_instance(PipelineSnapshot, before, "before")
    check_instance(PipelineSnapshot, after, "after")
    if after.currency != before.currency:
        raise CurrencyMismatch(before.currency, after.currency, field="after")
    if after.as_of < before.as_of:
        fail("after", f"is as of {after.as_of.isoformat()}, before {before.as_of.isoformat()}")
    if period is not None:
        check_instance(Period, period, "period")
    first = _dt.date.min if period is None else period.start
    last = _dt.date.max if period is None else period.end
    code = after.currency
    measure = _Measure(code)
    old = before._by_id
    found: list[PipelineChange] = []
    matched = 0
    start_count = end_count = 0
    start_value = start_weighted = end_value = end_weighted = round_amount(Decimal(0), code)
    with decimal.localcontext(DECIMAL_CONTEXT):
        for entry in before.entries:
            if entry.status is _OPEN and first <= entry.close_date <= last:
                start_count += 1
                start_value += entry.value
                start_weighted += entry.weighted
        for a in after.entries:
            a_in = a.status is _OPEN and first <= a.close_date <= last
            if a_in:
                end_count += 1
                end_value += a.value
                end_weighted += a.weighted
            b = old.get(a.opportunity_id)
            if b is None:
                if a_in:
                    found.append(measure.enter(a, ChangeKind.NEW, _where(a)))
                continue
            matched += 1
            b_in = b.status is _OPEN and first <= b.close_date <= last
            if a_in and b_in:
                if (
                    a.value == b.value
                    and a.stage_index == b.stage_index
                    and a.probability == b.probability
                    and a.close_date == b.close_date
                    and (a.amount is b.amount or a.amount == b.amount)
                ):
                    continue  # nothing that moves the pipeline changed
                measure.compare(b, a, found)
            elif a_in:
                if b.status is not _OPEN:
                    found.append(measure.enter(a, ChangeKind.REOPENED, f"reopened; {_where(a)}"))
                else:
                    kind = (
                        ChangeKind.SLIPPED if a.close_date > b.close_date else ChangeKind.PULLED_IN
                    )
                    found.append(measure.enter(a, kind, _dates(b, a)))
            elif b_in:
                if a.status is _WON:
                    found.append(measure.leave(b, ChangeKind.WON, f"won from {b.stage}"))
                elif a.status is _LOST:
                    found.append(measure.leave(b, ChangeKind.LOST, f"lost from {b.stage}"))
                else:
                    kind = (
                        ChangeKind.SLIPPED if a.close_date > b.close_date else ChangeKind.PULLED_IN
                    )
                    found.append(measure.leave(b, kind, _dates(b, a)))
        if matched != len(before.entries):
            new = after._by_id
            for b in before.entries:
                if (
                    b.opportunity_id not in new
                    and b.status is _OPEN
                    and first <= b.close_date <= last
                ):
                    found.append(measure.leave(b, ChangeKind.REMOVED, "no longer in the snapshot"))
    found.sort(key=lambda c: (_KIND_ORDER[c.kind], c.opportunity_id))
    changes = tuple(found)
    return _new_changes(
        before_as_of=before.as_of,
        after_as_of=after.as_of,
        currency=code,
        period=period,
        start_count=start_count,
        start_value=Money(start_value, code),
        start_weighted=Money(start_weighted, code),
        end_count=end_count,
        end_value=Money(end_value, code),
        end_weighted=Money(end_weighted, code),
        changes=changes,
        totals=_add_up(changes, code),
    )


def _where(entry: PipelineEntry) -> str:
    return f"in {entry.stage}, closing {entry.close_date}"


def _dates(b: PipelineEntry, a: PipelineEntry) -> str:
    days = a.close_date.toordinal() - b.close_date.toordinal()
    return f"close date {b.close_date} -> {a.close_date} ({days:+d} days)"


class _Measure:
    """Builds the changes of one comparison, in one currency."""

    __slots__ = ("code", "currency", "zero")

    def __init__(self, code: str) -> None:
        self.code = code
        self.currency = check_currency(code)
        self.zero = Money(round_amount(Decimal(0), code), self.currency)

    def _change(
        self,
        entry: PipelineEntry,
        kind: ChangeKind,
        count: int,
        value: Decimal,
        weighted: Decimal,
        detail: str,
    ) -> PipelineChange:
        currency = self.currency
        return _new_change(
            opportunity_id=entry.opportunity_id,
            kind=kind,
            count_delta=count,
            value_delta=Money(value, currency),
            weighted_delta=Money(weighted, currency),
            detail=detail,
        )

    def enter(self, entry: PipelineEntry, kind: ChangeKind, detail: str) -> PipelineChange:
        return self._change(entry, kind, 1, entry.value, entry.weighted, detail)

    def leave(self, entry: PipelineEntry, kind: ChangeKind, detail: str) -> PipelineChange:
        return self._change(entry, kind, -1, -entry.value, -entry.weighted, detail)

    def compare(self, b: PipelineEntry, a: PipelineEntry, found: list[PipelineChange]) -> None:
        """A deal in the pipeline in both snapshots: its amount, stage and date changes."""
        code = self.code
        value_delta = a.value - b.value
        amount_changed = a.amount is not b.amount and a.amount != b.amount
        middle = b.weighted
        if value_delta or amount_changed:
            if value_delta:
                middle = round_amount(
                    DECIMAL_CONTEXT.multiply(
                        a.value, b.probability.scaleb(-2, context=DECIMAL_CONTEXT)
                    ),
                    code,
                )
            if amount_changed:
                kind = ChangeKind.AMOUNT_CHANGED
                detail = f"amount {_text(b.amount)} -> {_text(a.amount)}"
            else:
                kind = ChangeKind.FX_CHANGED
                detail = f"value in {code} {b.value} -> {a.value} at another rate"
            found.append(self._change(a, kind, 0, value_delta, middle - b.weighted, detail))
        stage_effect = a.weighted - middle
        if a.stage_index != b.stage_index:
            kind = ChangeKind.ADVANCED if a.stage_index > b.stage_index else ChangeKind.MOVED_BACK
            found.append(
                self._change(a, kind, 0, self.zero.amount, stage_effect, f"{b.stage} -> {a.stage}")
            )
        elif a.probability != b.probability:
            detail = f"probability {b.probability} % -> {a.probability} %"
            found.append(
                self._change(
                    a, ChangeKind.PROBABILITY_CHANGED, 0, self.zero.amount, stage_effect, detail
                )
            )
        if a.close_date != b.close_date:
            kind = ChangeKind.SLIPPED if a.close_date > b.close_date else ChangeKind.PULLED_IN
            found.append(self._change(a, kind, 0, self.zero.amount, self.zero.amount, _dates(b, a)))


def _text(amount: Money) -> str:
    return f"{amount.amount} {amount.currency.code}"
