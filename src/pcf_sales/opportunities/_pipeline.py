"""The pipeline at an instant (PCF 3.5.1.6): totals and weighted value by stage, owner,
forecast category and fiscal period; coverage against a quota; aging, stalled, slipped
and past-due deals.

A :class:`PipelineSnapshot` holds one compact row per deal, taken from the
deals as they were at ``as_of`` and converted once to one reporting currency.
Everything else is computed from the rows on ``Decimal`` amounts, with
``Money`` built only for the results.
"""

from __future__ import annotations

import datetime as _dt
import decimal
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, Final, cast

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import (
    DECIMAL_CONTEXT,
    AccountId,
    FiscalCalendar,
    FxTable,
    OpportunityId,
    Period,
    PeriodKind,
    UserId,
    round_amount,
)
from pcf_sales.core._fast import builder
from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    check_instant,
    check_int,
    describe,
    fail,
    is_date,
    is_decimal,
    is_enum,
    is_id,
    is_instance,
    is_instant,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_decimal,
    to_instant,
    to_optional_decimal,
    to_optional_instant,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.opportunities._checks import (
    check_amount,
    check_enum,
    check_instance,
    money_validator,
)
from pcf_sales.opportunities._opportunity import Opportunity, OpportunityStatus
from pcf_sales.opportunities._process import ForecastCategory

__all__ = [
    "AlertKind",
    "DealAlert",
    "PipelineEntry",
    "PipelineGroup",
    "PipelineSnapshot",
    "PipelineSummary",
    "QuotaCoverage",
]

_OPEN: Final = OpportunityStatus.OPEN
_WON: Final = OpportunityStatus.WON
_datetime_sub: Final = _dt.datetime.__sub__


def _currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    check_currency(value, attr.name)


@attrs.frozen(kw_only=True)
class PipelineEntry:
    """One deal in a snapshot, as it was at the snapshot's ``as_of``.

    ``amount`` is the deal's own amount; ``value`` is it in the snapshot's
    reporting currency (converted once, rounded half-up to the minor unit)
    and ``weighted`` is ``value`` times probability, rounded half-up once.
    ``days_in_stage`` runs to ``as_of`` (to the close for a closed deal),
    ``days_since_change`` from the deal's last change.
    """

    opportunity_id: OpportunityId = attrs.field(validator=is_id)
    account_id: AccountId = attrs.field(validator=is_id)
    name: str = attrs.field(validator=is_text(max_length=200))
    owner: UserId = attrs.field(validator=is_id)
    status: OpportunityStatus = attrs.field(validator=is_enum(OpportunityStatus))
    stage: str = attrs.field(validator=is_text(max_length=64))
    stage_index: int = attrs.field(validator=is_int(minimum=0))
    probability: Decimal = attrs.field(
        converter=to_decimal, validator=is_decimal(minimum=0, maximum=100)
    )
    forecast_category: ForecastCategory = attrs.field(validator=is_enum(ForecastCategory))
    close_date: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    amount: Money = attrs.field(validator=money_validator)
    value: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    weighted: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    created_at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    closed_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=optional(is_instant)
    )
    days_in_stage: int = attrs.field(default=0, validator=is_int(minimum=0))
    days_since_change: int = attrs.field(default=0, validator=is_int(minimum=0))
    stage_norm_days: int | None = attrs.field(default=None, validator=optional(is_int(minimum=1)))
    close_date_pushes: int = attrs.field(default=0, validator=is_int(minimum=0))
    days_slipped: int = attrs.field(default=0, validator=is_int(minimum=0))

    def __attrs_post_init__(self) -> None:
        if (self.status is _OPEN) != (self.closed_at is None):
            fail("closed_at", "is set exactly when the deal is won or lost")


_new_entry: Final = builder(PipelineEntry)


class AlertKind(Enum):
    """What needs a look about an open deal."""

    OVER_STAGE_NORM = "over_stage_norm"
    """In its stage longer than the stage's norm."""
    STALLED = "stalled"
    """Nothing has changed on it for a long time."""
    SLIPPED = "slipped"
    """Its close date has been pushed."""
    PAST_DUE = "past_due"
    """Its close date is in the past and it is still open."""


@attrs.frozen(kw_only=True)
class DealAlert:
    """One open deal that needs a look, why, and by how many days."""

    opportunity_id: OpportunityId = attrs.field(validator=is_id)
    kind: AlertKind = attrs.field(validator=is_enum(AlertKind))
    days: int = attrs.field(validator=is_int(minimum=0))
    detail: str = attrs.field(validator=is_text(max_length=500))


_new_alert: Final = builder(DealAlert)


@attrs.frozen(kw_only=True)
class PipelineGroup:
    """The deals of one group (a stage, an owner, a category, a period): how many, their
    value and their weighted value."""

    key: str = attrs.field(validator=is_text(max_length=200))
    count: int = attrs.field(validator=is_int(minimum=0))
    value: Money = attrs.field(validator=money_validator)
    weighted: Money = attrs.field(validator=money_validator)


_new_group: Final = builder(PipelineGroup)


def _groups(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(PipelineGroup)(inst, attr, value)


@attrs.frozen(kw_only=True)
class PipelineSummary:
    """The pipeline of a snapshot, summed up (see :meth:`PipelineSnapshot.summary`).

    ``by_stage``, ``by_owner`` and ``by_period`` group the open deals;
    ``by_forecast_category`` groups every deal: open ones under their
    category, won ones under closed and lost ones under omitted, so a
    forecast reads commit + closed. Every amount is a sum of the rows'
    rounded values, so groups add up to the totals exactly.
    """

    as_of: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    currency: str = attrs.field(validator=_currency)
    period: Period | None = attrs.field(default=None, validator=optional(is_instance(Period)))
    stall_after_days: int = attrs.field(validator=is_int(minimum=1))
    open_count: int = attrs.field(validator=is_int(minimum=0))
    open_value: Money = attrs.field(validator=money_validator)
    weighted_value: Money = attrs.field(validator=money_validator)
    won_count: int = attrs.field(validator=is_int(minimum=0))
    won_value: Money = attrs.field(validator=money_validator)
    lost_count: int = attrs.field(validator=is_int(minimum=0))
    lost_value: Money = attrs.field(validator=money_validator)
    by_stage: tuple[PipelineGroup, ...] = attrs.field(converter=to_tuple, validator=_groups)
    by_owner: tuple[PipelineGroup, ...] = attrs.field(converter=to_tuple, validator=_groups)
    by_forecast_category: tuple[PipelineGroup, ...] = attrs.field(
        converter=to_tuple, validator=_groups
    )
    by_period: tuple[PipelineGroup, ...] = attrs.field(converter=to_tuple, validator=_groups)
    alerts: tuple[DealAlert, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(DealAlert)
    )

    def alerts_of(self, kind: AlertKind) -> tuple[DealAlert, ...]:
        """The alerts of one kind."""
        check_enum(AlertKind, kind, "kind")
        return tuple(a for a in self.alerts if a.kind is kind)

    def explain(self) -> tuple[str, ...]:
        """How the figures were reached, in words."""
        scope = "every deal" if self.period is None else f"deals closing in {self.period.label}"
        return (
            f"Snapshot of {scope} as of {self.as_of.isoformat()}, in {self.currency}.",
            "Each deal's amount was converted once to the reporting currency and rounded "
            "half-up to its minor unit; its weighted value is that amount times its win "
            "probability, rounded half-up once. Totals and groups are sums of those rows.",
            f"Pipeline: {self.open_count} open deals worth {self.open_value.amount}, "
            f"{self.weighted_value.amount} weighted.",
            f"Alerts: deals over their stage norm, unchanged for {self.stall_after_days} days "
            "or more (stalled), with a pushed close date (slipped), or past their close date.",
        )


_new_summary: Final = builder(PipelineSummary)


@attrs.frozen(kw_only=True)
class QuotaCoverage:
    """How well the pipeline covers what is left of a quota in a period.

    ``remaining`` is the quota less the deals already won in the period (not
    below zero); ``coverage`` is the open pipeline closing in the period over
    ``remaining`` (``None`` when nothing remains), to two decimals, and
    ``weighted_coverage`` the same with weighted values. A common rule of
    thumb wants 3x coverage early in a quarter.
    """

    period: Period = attrs.field(validator=is_instance(Period))
    quota: Money = attrs.field(validator=money_validator)
    closed_won: Money = attrs.field(validator=money_validator)
    remaining: Money = attrs.field(validator=money_validator)
    pipeline: Money = attrs.field(validator=money_validator)
    weighted: Money = attrs.field(validator=money_validator)
    coverage: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal(minimum=0))
    )
    weighted_coverage: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal(minimum=0))
    )

    @property
    def gap(self) -> Money:
        """How much more pipeline it would take for the open deals to cover what remains
        (zero when they already do)."""
        short = self.remaining.amount - self.pipeline.amount
        return Money(max(short, self.remaining.amount * 0), self.remaining.currency)

    def explain(self) -> str:
        """How the coverage was reached, in one sentence."""
        if self.coverage is None:
            return (
                f"{self.period.label}: won {self.closed_won.amount} of a quota of "
                f"{self.quota.amount}; nothing remains to cover."
            )
        return (
            f"{self.period.label}: quota {self.quota.amount} less {self.closed_won.amount} won "
            f"leaves {self.remaining.amount}; open deals closing in the period are worth "
            f"{self.pipeline.amount} ({self.coverage}x) and {self.weighted.amount} weighted "
            f"({self.weighted_coverage}x)."
        )


def _entries(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(PipelineEntry)(inst, attr, value)
    ids = [e.opportunity_id for e in cast("tuple[PipelineEntry, ...]", value)]
    if ids != sorted(set(ids)):
        fail(attr.name, "entries are stored sorted by opportunity id, each deal once")


@attrs.frozen(kw_only=True)
class PipelineSnapshot:
    """Every deal as it was at ``as_of``, in one reporting ``currency``, indexed by id.

    Take one with :meth:`take`; compare two with
    :func:`~pcf_sales.opportunities.pipeline_changes`.

    >>> from pcf_sales.core import money
    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> deal = Opportunity.open(
    ...     id="OP-1", at=at, by="ae-1", account_id="AC-1", name="Test rigs",
    ...     amount=money("48000.00", "EUR"), close_date=pendulum.Date(2026, 6, 30), owner="ae-1")
    >>> snapshot = PipelineSnapshot.take([deal], as_of=at.add(days=30), currency="EUR")
    >>> summary = snapshot.summary()
    >>> summary.open_value, summary.weighted_value, summary.by_period[0].key
    (Money('48000.00', 'EUR'), Money('4800.00', 'EUR'), 'FY2026 Q2')
    >>> [(a.kind.value, a.days) for a in summary.alerts]
    [('over_stage_norm', 16), ('stalled', 30)]
    """

    as_of: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    currency: str = attrs.field(validator=_currency)
    entries: tuple[PipelineEntry, ...] = attrs.field(converter=to_tuple, validator=_entries)
    _by_id: dict[str, PipelineEntry] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        code = self.currency
        for index, entry in enumerate(self.entries):
            _check_entry(entry, code, self.as_of, f"entries[{index}]")
        object.__setattr__(self, "_by_id", {e.opportunity_id: e for e in self.entries})

    @classmethod
    def take(
        cls,
        opportunities: Iterable[Opportunity],
        *,
        as_of: pendulum.DateTime,
        currency: str,
        fx: FxTable | None = None,
    ) -> PipelineSnapshot:
        """The snapshot of ``opportunities`` as they are at ``as_of``, in ``currency``.

        Each deal must be the version current at ``as_of`` (none may have
        changed after it). Amounts in other currencies are converted with
        ``fx`` at its rate for the day of ``as_of`` (in UTC); without ``fx``
        they are a :class:`~pcf_sales.errors.CurrencyMismatch`.
        """
        moment = check_instant(as_of, "as_of")
        code = check_currency(currency, "currency").code
        if fx is not None:
            check_instance(FxTable, fx, "fx")
        day = moment.in_timezone("UTC").date()
        rows: list[PipelineEntry] = []
        seen: set[str] = set()
        for index, deal in enumerate(opportunities):
            rows.append(_row(deal, index, moment, code, day, fx, seen))
        rows.sort(key=lambda e: e.opportunity_id)
        snapshot = _new_snapshot(as_of=moment, currency=code, entries=tuple(rows), _by_id=None)
        object.__setattr__(snapshot, "_by_id", {e.opportunity_id: e for e in rows})
        return snapshot

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, opportunity_id: OpportunityId) -> PipelineEntry | None:
        """The row of ``opportunity_id``, or ``None`` when the deal is not in the snapshot."""
        return self._by_id.get(opportunity_id)

    # -- summing up ----------------------------------------------------------------------------

    def summary(
        self,
        *,
        calendar: FiscalCalendar | None = None,
        period_kind: PeriodKind = PeriodKind.QUARTER,
        period: Period | None = None,
        stall_after_days: int = 30,
    ) -> PipelineSummary:
        """Totals and weighted value by stage, owner, forecast category and fiscal period of
        the close date (of ``period_kind`` in ``calendar``), and the alerts.

        With ``period`` only the deals closing in it are summed up. One pass
        over the rows, on ``Decimal`` amounts; periods are looked up once per
        close date.
        """
        cal = (
            FiscalCalendar()
            if calendar is None
            else check_instance(FiscalCalendar, calendar, "calendar")
        )
        kind = check_enum(PeriodKind, period_kind, "period_kind")
        stall = check_int(stall_after_days, "stall_after_days", minimum=1)
        if period is not None:
            check_instance(Period, period, "period")
        first = _dt.date.min if period is None else period.start
        last = _dt.date.max if period is None else period.end
        today = self.as_of.date()
        open_count = won_count = lost_count = 0
        nothing = round_amount(Decimal(0), self.currency)
        open_value = weighted_value = won_value = lost_value = nothing
        by_stage: dict[tuple[int, str], list[Any]] = {}
        by_owner: dict[str, list[Any]] = {}
        by_category: dict[ForecastCategory, list[Any]] = {}
        by_period: dict[str, list[Any]] = {}
        period_of_day: dict[pendulum.Date, tuple[pendulum.Date, str]] = {}
        period_of_month: dict[tuple[int, int], tuple[pendulum.Date, str]] = {}
        alerts: list[DealAlert] = []
        with decimal.localcontext(DECIMAL_CONTEXT):
            for e in self.entries:
                close = e.close_date
                if not first <= close <= last:
                    continue
                value = e.value
                weighted = e.weighted
                row = by_category.get(e.forecast_category)
                if row is None:
                    row = by_category[e.forecast_category] = [0, nothing, nothing]
                row[0] += 1
                row[1] += value
                row[2] += weighted
                status = e.status
                if status is not _OPEN:
                    if status is _WON:
                        won_count += 1
                        won_value += value
                    else:
                        lost_count += 1
                        lost_value += value
                    continue
                open_count += 1
                open_value += value
                weighted_value += weighted
                stage_key = (e.stage_index, e.stage)
                row = by_stage.get(stage_key)
                if row is None:
                    row = by_stage[stage_key] = [0, nothing, nothing]
                row[0] += 1
                row[1] += value
                row[2] += weighted
                row = by_owner.get(e.owner)
                if row is None:
                    row = by_owner[e.owner] = [0, nothing, nothing]
                row[0] += 1
                row[1] += value
                row[2] += weighted
                found = period_of_day.get(close)
                if found is None:
                    month = (close.year, close.month)
                    found = period_of_month.get(month)
                    if found is None:
                        p = cal.period_of(close, kind)
                        found = period_of_month[month] = (p.start, p.label)
                    period_of_day[close] = found
                row = by_period.get(found[1])
                if row is None:
                    row = by_period[found[1]] = [0, nothing, nothing, found[0]]
                row[0] += 1
                row[1] += value
                row[2] += weighted
                _alerts(e, today, stall, alerts)
        code = self.currency
        ordered_periods = sorted(by_period.items(), key=lambda item: item[1][3])
        alerts.sort(key=lambda a: (_ALERT_ORDER[a.kind], -a.days, a.opportunity_id))
        return _new_summary(
            as_of=self.as_of,
            currency=code,
            period=period,
            stall_after_days=stall,
            open_count=open_count,
            open_value=Money(open_value, code),
            weighted_value=Money(weighted_value, code),
            won_count=won_count,
            won_value=Money(won_value, code),
            lost_count=lost_count,
            lost_value=Money(lost_value, code),
            by_stage=tuple(_group(k[1], r, code) for k, r in sorted(by_stage.items())),
            by_owner=tuple(_group(k, r, code) for k, r in sorted(by_owner.items())),
            by_forecast_category=tuple(
                _group(c.value, by_category[c], code) for c in ForecastCategory if c in by_category
            ),
            by_period=tuple(_group(k, r, code) for k, r in ordered_periods),
            alerts=tuple(alerts),
        )

    def coverage(self, quota: Money, *, period: Period) -> QuotaCoverage:
        """How the open deals closing in ``period`` cover the part of ``quota`` not yet won.

        ``quota`` must be in the snapshot's currency.
        """
        target = check_amount(quota, "quota", currency=self.currency)
        check_instance(Period, period, "period")
        first, last = period.start, period.end
        won = pipeline = weighted = round_amount(Decimal(0), self.currency)
        with decimal.localcontext(DECIMAL_CONTEXT):
            for e in self.entries:
                if not first <= e.close_date <= last:
                    continue
                if e.status is _OPEN:
                    pipeline += e.value
                    weighted += e.weighted
                elif e.status is _WON:
                    won += e.value
            remaining = max(target.amount - won, target.amount * 0)
            cover = weighted_cover = None
            if remaining > 0:
                cover = (pipeline / remaining).quantize(Decimal("0.01"))
                weighted_cover = (weighted / remaining).quantize(Decimal("0.01"))
        code = self.currency
        return QuotaCoverage(
            period=period,
            quota=target,
            closed_won=Money(won, code),
            remaining=Money(remaining, code),
            pipeline=Money(pipeline, code),
            weighted=Money(weighted, code),
            coverage=cover,
            weighted_coverage=weighted_cover,
        )


_new_snapshot: Final = builder(PipelineSnapshot)

_ALERT_ORDER: Final = {kind: index for index, kind in enumerate(AlertKind)}


def _group(key: str, row: list[Any], code: str) -> PipelineGroup:
    return _new_group(
        key=key, count=row[0], value=Money(row[1], code), weighted=Money(row[2], code)
    )


def _alerts(e: PipelineEntry, today: pendulum.Date, stall: int, found: list[DealAlert]) -> None:
    norm = e.stage_norm_days
    if norm is not None and e.days_in_stage > norm:
        found.append(
            _new_alert(
                opportunity_id=e.opportunity_id,
                kind=AlertKind.OVER_STAGE_NORM,
                days=e.days_in_stage - norm,
                detail=f"{e.days_in_stage} days in {e.stage}, norm {norm}",
            )
        )
    if e.days_since_change >= stall:
        found.append(
            _new_alert(
                opportunity_id=e.opportunity_id,
                kind=AlertKind.STALLED,
                days=e.days_since_change,
                detail=f"unchanged for {e.days_since_change} days",
            )
        )
    if e.close_date_pushes:
        found.append(
            _new_alert(
                opportunity_id=e.opportunity_id,
                kind=AlertKind.SLIPPED,
                days=e.days_slipped,
                detail=f"close date pushed {e.close_date_pushes}x, {e.days_slipped} days in all",
            )
        )
    if e.close_date < today:
        late = today.toordinal() - e.close_date.toordinal()
        found.append(
            _new_alert(
                opportunity_id=e.opportunity_id,
                kind=AlertKind.PAST_DUE,
                days=late,
                detail=f"close date {e.close_date} passed {late} days ago",
            )
        )


def _row(
    deal: Opportunity,
    index: int,
    moment: pendulum.DateTime,
    code: str,
    day: pendulum.Date,
    fx: FxTable | None,
    seen: set[str],
) -> PipelineEntry:
    where = f"opportunities[{index}]"
    if not isinstance(deal, Opportunity):
        fail(where, f"expected an Opportunity, got {describe(deal)}")
    if deal.id in seen:
        fail(where, f"deal {deal.id!r} is listed twice")
    seen.add(deal.id)
    if deal.updated_at > moment:
        fail(
            where,
            f"deal {deal.id!r} changed at {deal.updated_at.isoformat()}, after as_of; a snapshot "
            "shows each deal as it was at as_of, so pass the version current then",
        )
    amount = deal.amount
    if amount.currency.code == code:
        value = amount.amount
    elif fx is None:
        raise CurrencyMismatch(code, amount.currency.code, field=f"{where}.amount")
    else:
        value = fx.convert(amount, code, on=day).amount
    probability = deal.probability.percent
    weighted = round_amount(
        DECIMAL_CONTEXT.multiply(value, probability.scaleb(-2, context=DECIMAL_CONTEXT)), code
    )
    visit = deal.stage_history[-1]
    closed_at = deal.closed_at
    stage_end = moment if closed_at is None else closed_at
    process = deal.process
    stage_index = process.index_of(visit.stage)
    return _new_entry(
        opportunity_id=deal.id,
        account_id=deal.account_id,
        name=deal.name,
        owner=deal.owner,
        status=deal.status,
        stage=visit.stage,
        stage_index=stage_index,
        probability=probability,
        forecast_category=deal.forecast_category,
        close_date=deal.close_date,
        amount=amount,
        value=value,
        weighted=weighted,
        created_at=deal.created_at,
        closed_at=closed_at,
        days_in_stage=max(_datetime_sub(stage_end, visit.entered_at).days, 0),
        days_since_change=max(_datetime_sub(moment, deal.updated_at).days, 0),
        stage_norm_days=process.stages[stage_index].norm_days,
        close_date_pushes=sum(1 for c in deal.close_date_changes if c.is_push),
        days_slipped=deal.days_slipped,
    )


def _check_entry(entry: PipelineEntry, code: str, as_of: pendulum.DateTime, where: str) -> None:
    expected_digits = round_amount(entry.value, code)
    if expected_digits != entry.value:
        fail(f"{where}.value", f"{entry.value} is not rounded to the minor unit of {code}")
    if entry.amount.currency.code == code and entry.amount.amount != entry.value:
        fail(f"{where}.value", f"is {entry.value} but the amount is {entry.amount.amount} {code}")
    product = DECIMAL_CONTEXT.multiply(
        entry.value, entry.probability.scaleb(-2, context=DECIMAL_CONTEXT)
    )
    if round_amount(product, code) != entry.weighted:
        fail(
            f"{where}.weighted",
            f"is {entry.weighted}, not value times probability rounded: "
            f"{round_amount(product, code)}",
        )
    if entry.created_at > as_of:
        fail(f"{where}.created_at", "is after the snapshot's as_of")
    if entry.closed_at is not None and entry.closed_at > as_of:
        fail(f"{where}.closed_at", "is after the snapshot's as_of")
