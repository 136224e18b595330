"""The opportunity aggregate (PCF 3.5.1.4-3.5.1.8): a deal moving through a sales process to
won or lost, and its lifecycle table."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import (
    DECIMAL_CONTEXT,
    AccountId,
    CustomFields,
    Guard,
    HistoryEntry,
    Lifecycle,
    OpportunityId,
    Percentage,
    Scalar,
    Transition,
    UserId,
    allocate,
    round_amount,
)
from pcf_sales.core._custom_fields import check_field_name, check_scalar, is_tags, to_tags
from pcf_sales.core._validate import (
    check_date,
    check_instant,
    check_text,
    fail,
    is_date,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.opportunities import _opportunity_rules as _rules
from pcf_sales.opportunities._checks import (
    check_amount,
    check_enum,
    check_field,
    check_instance,
    money_validator,
    require,
)
from pcf_sales.opportunities._opportunity_rules import (
    CLOSE_COMMANDS,
    MAX_REASON,
    STAGE_COMMANDS,
    OpportunityStatus,
)
from pcf_sales.opportunities._process import ExitCriterion, ForecastCategory, SalesProcess, Stage
from pcf_sales.opportunities._review import WinLossReview
from pcf_sales.opportunities._values import (
    CloseDateChange,
    NextStep,
    OpportunitySource,
    ProductLine,
    RecurringRevenue,
    RevenueSplit,
    StageVisit,
    TeamMember,
)
from pcf_sales.opportunities._win_plan import WinPlan

__all__ = ["OPPORTUNITY_LIFECYCLE", "Opportunity", "OpportunityStatus"]


@attrs.frozen(kw_only=True)
class Opportunity:
    """A deal: an amount we expect to win from an account by a close date, moving through
    the stages of its :class:`SalesProcess` to won or lost.

    Create one with :meth:`open` (or by converting a lead); change it only
    through its commands, each returning a new ``Opportunity`` with one more
    history entry and the next ``revision``.

    The opportunity carries the sales process it runs under, so the guards of
    its commands (exit criteria), its default probabilities and its forecast
    categories need nothing else, and a stored deal keeps the rules it was
    worked under when the company later changes its process. ``checklist``
    holds the keys of the exit criteria that are done. Moving forward past a
    stage needs its exit criteria done, and winning needs those of the
    current stage and every later one; the guard can be overridden with a
    reason, which the history keeps. Moving back needs nothing.

    ``stage_history`` records every stage entered and when (time in stage),
    ``close_date_changes`` every move of the close date (slippage), including
    the move to the day the deal actually closed and a new date set on
    reopening.

    >>> from pcf_sales.core import money
    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> deal = Opportunity.open(
    ...     id="OP-1", at=at, by="ae-1", account_id="AC-1", name="Test rigs",
    ...     amount=money("48000.00", "EUR"), close_date=pendulum.Date(2026, 6, 30), owner="ae-1")
    >>> deal.stage, str(deal.probability), deal.forecast_category.value
    ('qualify', '10 %', 'pipeline')
    >>> deal = deal.check_criterion("budget_confirmed", at=at.add(days=3), by="ae-1")
    >>> deal = deal.check_criterion("decision_maker_identified", at=at.add(days=5), by="ae-1")
    >>> deal = deal.move_to_stage("discover", at=at.add(days=6), by="ae-1")
    >>> deal.stage, deal.weighted_amount
    ('discover', Money('9600.00', 'EUR'))
    """

    id: OpportunityId = attrs.field(validator=is_id)
    status: OpportunityStatus = attrs.field(validator=is_enum(OpportunityStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[OpportunityStatus], ...] = attrs.field(
        converter=to_tuple, validator=_rules.history
    )
    account_id: AccountId = attrs.field(validator=is_id)
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    amount: Money = attrs.field(validator=money_validator)
    close_date: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    owner: UserId = attrs.field(validator=is_id)
    process: SalesProcess = attrs.field(validator=is_instance(SalesProcess))
    stage_history: tuple[StageVisit, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(StageVisit)
    )
    probability: Percentage = attrs.field(validator=_rules.probability)
    forecast_category: ForecastCategory = attrs.field(validator=is_enum(ForecastCategory))
    checklist: tuple[str, ...] = attrs.field(
        default=(), converter=_rules.checklist, validator=_rules.sorted_checklist
    )
    source: OpportunitySource = attrs.field(
        factory=OpportunitySource, validator=is_instance(OpportunitySource)
    )
    product_lines: tuple[ProductLine, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(ProductLine)
    )
    recurring: RecurringRevenue | None = attrs.field(
        default=None, validator=optional(is_instance(RecurringRevenue))
    )
    team: tuple[TeamMember, ...] = attrs.field(
        default=(), converter=_rules.to_team, validator=_rules.team
    )
    next_step: NextStep | None = attrs.field(
        default=None, validator=optional(is_instance(NextStep))
    )
    win_plan: WinPlan = attrs.field(factory=WinPlan, validator=is_instance(WinPlan))
    close_date_changes: tuple[CloseDateChange, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(CloseDateChange)
    )
    review: WinLossReview | None = attrs.field(
        default=None, validator=optional(is_instance(WinLossReview))
    )
    tags: tuple[str, ...] = attrs.field(default=(), converter=to_tags, validator=is_tags)
    custom_fields: CustomFields = attrs.field(
        factory=CustomFields, validator=is_instance(CustomFields)
    )

    def __attrs_post_init__(self) -> None:
        OPPORTUNITY_LIFECYCLE.check_history(self)
        _rules.check_money(self.amount, self.product_lines, self.recurring)
        _rules.check_stages(self)
        _rules.check_close_date_changes(self)
        unknown = sorted(set(self.checklist) - self.process.criterion_keys)
        if unknown:
            fail("checklist", f"{unknown[0]!r} is not an exit criterion of {self.process.name!r}")
        _rules.check_status_fields(self)

    # -- creating -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        *,
        id: OpportunityId,
        at: pendulum.DateTime,
        by: UserId,
        account_id: AccountId,
        name: str,
        close_date: pendulum.Date,
        owner: UserId,
        amount: Money | None = None,
        process: SalesProcess | None = None,
        stage: str | None = None,
        source: OpportunitySource | None = None,
        product_lines: Iterable[ProductLine] = (),
        recurring: RecurringRevenue | None = None,
        team: Iterable[TeamMember] = (),
        next_step: NextStep | None = None,
        win_plan: WinPlan | None = None,
        tags: Iterable[str] = (),
        custom_fields: CustomFields | None = None,
    ) -> Opportunity:
        """A new, open deal in ``stage`` (the process's first stage by default).

        ``amount`` may be left out when there are product lines: it is then
        their total. The probability and forecast category start at the
        stage's defaults. ``process`` defaults to :meth:`SalesProcess.default`.
        ``close_date`` cannot be before the day of ``at``.
        """
        opened = check_instant(at, "at")
        _rules.check_close_date(close_date, opened, opened)
        chosen = SalesProcess.default() if process is None else process
        check_instance(SalesProcess, chosen, "process")
        key = chosen.first.key if stage is None else _rules.stage_key(chosen, stage)
        lines = _rules.check_lines(product_lines)
        if amount is None:
            if not lines:
                fail("amount", "give an amount, or product lines to total")
            amount = _rules.lines_total(lines, "product_lines")
        elif lines:
            check_amount(amount, "amount")
            total = _rules.lines_total(lines, "product_lines", currency=amount.currency.code)
            if total != amount:
                fail("amount", f"is {amount.amount} but the product lines total {total.amount}")
        entered = chosen.stage(key)
        return OPPORTUNITY_LIFECYCLE.create(
            cls,
            at=opened,
            by=by,
            id=id,
            account_id=account_id,
            name=name,
            amount=amount,
            close_date=close_date,
            owner=owner,
            process=chosen,
            stage_history=(StageVisit(stage=key, entered_at=opened),),
            probability=entered.probability,
            forecast_category=entered.forecast_category,
            source=OpportunitySource() if source is None else source,
            product_lines=lines,
            recurring=recurring,
            team=team,
            next_step=next_step,
            win_plan=WinPlan() if win_plan is None else win_plan,
            tags=_rules.checked_tags(tags),
            custom_fields=CustomFields() if custom_fields is None else custom_fields,
        )

    # -- facts ----------------------------------------------------------------------------

    @property
    def created_at(self) -> pendulum.DateTime:
        """When the deal was opened (its first history entry)."""
        return self.history[0].at

    @property
    def updated_at(self) -> pendulum.DateTime:
        """When the deal last changed."""
        return self.history[-1].at

    @property
    def closed_at(self) -> pendulum.DateTime | None:
        """When the deal was won or lost, or ``None`` while it is open."""
        if self.status is OpportunityStatus.OPEN:
            return None
        for entry in reversed(self.history):
            if entry.command in CLOSE_COMMANDS:
                return entry.at
        return None  # pragma: no cover - check_history makes a closed deal have a close entry

    @property
    def stage(self) -> str:
        """The key of the stage the deal is in (for a closed deal: the one it closed from)."""
        return self.stage_history[-1].stage

    @property
    def current_stage(self) -> Stage:
        """The :class:`Stage` the deal is in (for a closed deal: the one it closed from)."""
        return self.process.stage(self.stage)

    @property
    def is_open(self) -> bool:
        """True while the deal is being worked."""
        return self.status is OpportunityStatus.OPEN

    @property
    def weighted_amount(self) -> Money:
        """Amount times win probability, rounded half-up to the minor unit (expected revenue)."""
        product = DECIMAL_CONTEXT.multiply(self.amount.amount, self.probability.ratio)
        return Money(round_amount(product, self.amount.currency.code), self.amount.currency)

    @property
    def original_close_date(self) -> pendulum.Date:
        """The close date the deal was opened with."""
        if self.close_date_changes:
            return self.close_date_changes[0].from_date
        return self.close_date

    @property
    def pushes(self) -> tuple[CloseDateChange, ...]:
        """The close-date changes that moved the date later."""
        return tuple(c for c in self.close_date_changes if c.is_push)

    @property
    def days_slipped(self) -> int:
        """Total days the close date was pushed (pull-ins do not count against it)."""
        return sum(c.days for c in self.close_date_changes if c.is_push)

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the deal's current status."""
        return OPPORTUNITY_LIFECYCLE.allowed(self.status)

    def missing_exit_criteria(self) -> tuple[ExitCriterion, ...]:
        """The exit criteria of the current stage that are not done."""
        done = set(self.checklist)
        return tuple(c for c in self.current_stage.exit_criteria if c.key not in done)

    def revenue_splits(self) -> tuple[RevenueSplit, ...]:
        """The amount split by the team's shares, exactly (largest remainder, see
        :func:`~pcf_sales.core.allocate`). Without a team the owner gets it all."""
        if not self.team:
            return (RevenueSplit(user_id=self.owner, share=Percentage(100), amount=self.amount),)
        parts = allocate(self.amount, [m.split.percent for m in self.team])
        return tuple(
            RevenueSplit(user_id=m.user_id, share=m.split, amount=part)
            for m, part in zip(self.team, parts, strict=True)
        )

    def stage_spans(
        self, *, as_of: pendulum.DateTime | None = None
    ) -> tuple[tuple[StageVisit, pendulum.DateTime | None], ...]:
        """Each stage visit with the instant it ended: the next visit, or the close.

        The last visit of an open deal ends at ``as_of`` when given, otherwise
        its end is ``None`` (still running).
        """
        limit = None if as_of is None else check_instant(as_of, "as_of")
        visits = self.stage_history
        spans: list[tuple[StageVisit, pendulum.DateTime | None]] = []
        closed_at: pendulum.DateTime | None = None
        for entry in self.history[1:]:
            if entry.command in STAGE_COMMANDS:
                spans.append((visits[len(spans)], closed_at or entry.at))
                closed_at = None
            elif entry.command in CLOSE_COMMANDS:
                closed_at = entry.at
        last = visits[len(spans)]
        if closed_at is None and limit is not None:
            closed_at = max(limit, last.entered_at)
        spans.append((last, closed_at))
        return tuple(spans)

    def days_in_stages(self, *, as_of: pendulum.DateTime) -> tuple[tuple[str, Decimal], ...]:
        """Days spent in each stage, all visits added up, in process order, to 0.1 day.

        The current stage of an open deal counts up to ``as_of``.
        """
        seconds: dict[str, int] = {}
        for visit, end in self.stage_spans(as_of=as_of):
            if end is None:  # pragma: no cover - as_of closes every span
                continue
            spent = int((end - visit.entered_at).total_seconds())
            seconds[visit.stage] = seconds.get(visit.stage, 0) + max(spent, 0)
        return tuple(
            (key, (Decimal(seconds[key]) / 86400).quantize(Decimal("0.1")))
            for key in self.process.keys
            if key in seconds
        )

    # -- moving through the stages ----------------------------------------------------------

    def move_to_stage(
        self,
        stage: str,
        *,
        at: pendulum.DateTime,
        by: UserId,
        reason: str | None = None,
        override_reason: str | None = None,
    ) -> Opportunity:
        """Move the open deal to ``stage``, forward or back.

        Moving forward needs the exit criteria of every stage passed done;
        ``override_reason`` moves anyway and is recorded. The probability and
        forecast category become the new stage's defaults.
        """
        require(OPPORTUNITY_LIFECYCLE, self, "move_to_stage")
        key = _rules.stage_key(self.process, stage)
        if key == self.stage:
            fail("stage", f"the deal is already in {key!r}")
        moment = check_instant(at, "at")
        recorded = _rules.one_reason(reason, override_reason)
        entered = self.process.stage(key)
        return OPPORTUNITY_LIFECYCLE.apply(
            self,
            "move_to_stage",
            at=moment,
            by=by,
            reason=recorded,
            override=override_reason is not None,
            changes={
                "stage_history": (*self.stage_history, StageVisit(stage=key, entered_at=moment)),
                "probability": entered.probability,
                "forecast_category": entered.forecast_category,
            },
        )

    def check_criterion(self, key: str, *, at: pendulum.DateTime, by: UserId) -> Opportunity:
        """Mark exit criterion ``key`` done. Marking one that is done changes nothing."""
        require(OPPORTUNITY_LIFECYCLE, self, "check_criterion")
        self._criterion(key)
        if key in self.checklist:
            return self
        return OPPORTUNITY_LIFECYCLE.apply(
            self,
            "check_criterion",
            at=at,
            by=by,
            changes={"checklist": tuple(sorted((*self.checklist, key)))},
        )

    def uncheck_criterion(
        self, key: str, *, at: pendulum.DateTime, by: UserId, reason: str | None = None
    ) -> Opportunity:
        """Mark exit criterion ``key`` not done after all."""
        require(OPPORTUNITY_LIFECYCLE, self, "uncheck_criterion")
        self._criterion(key)
        if key not in self.checklist:
            fail("key", f"{key!r} is not done; nothing to uncheck")
        kept = tuple(k for k in self.checklist if k != key)
        return OPPORTUNITY_LIFECYCLE.apply(
            self, "uncheck_criterion", at=at, by=by, reason=reason, changes={"checklist": kept}
        )

    def _criterion(self, key: str) -> None:
        check_text(key, "key", max_length=64)
        if self.process.find_criterion(key) is None:
            known = ", ".join(sorted(self.process.criterion_keys)) or "none"
            fail(
                "key", f"{key!r} is not an exit criterion of {self.process.name!r}; known: {known}"
            )

    # -- closing and reopening ----------------------------------------------------------------

    def close_won(
        self,
        review: WinLossReview,
        *,
        at: pendulum.DateTime,
        by: UserId,
        close_date: pendulum.Date | None = None,
        override_reason: str | None = None,
    ) -> Opportunity:
        """The customer signed (PCF 3.5.1.8.4 close the sale).

        Needs the exit criteria of the current stage and every later one done,
        unless ``override_reason`` says why not. ``close_date`` (the day the
        deal closed) defaults to the day of ``at``; when it differs from the
        expected close date the move is recorded in ``close_date_changes``
        (closing late is slippage). The probability becomes 100 % and the
        forecast category closed; ``review`` records why we won.
        """
        require(OPPORTUNITY_LIFECYCLE, self, "close_won")
        changes = self._closing(review, at, close_date, Percentage(100), ForecastCategory.CLOSED)
        return OPPORTUNITY_LIFECYCLE.apply(
            self,
            "close_won",
            at=at,
            by=by,
            reason=override_reason,
            override=override_reason is not None,
            changes=changes,
        )

    def close_lost(
        self,
        review: WinLossReview,
        *,
        at: pendulum.DateTime,
        by: UserId,
        close_date: pendulum.Date | None = None,
    ) -> Opportunity:
        """The deal is lost; ``review`` records why and to whom (PCF 3.5.1.8.5).

        The probability becomes 0 % and the forecast category omitted. The
        close date becomes ``close_date`` (the day of ``at`` by default), the
        move recorded as in :meth:`close_won`.
        """
        require(OPPORTUNITY_LIFECYCLE, self, "close_lost")
        changes = self._closing(review, at, close_date, Percentage(0), ForecastCategory.OMITTED)
        return OPPORTUNITY_LIFECYCLE.apply(self, "close_lost", at=at, by=by, changes=changes)

    def _closing(
        self,
        review: WinLossReview,
        at: pendulum.DateTime,
        close_date: pendulum.Date | None,
        probability: Percentage,
        category: ForecastCategory,
    ) -> dict[str, object]:
        check_instance(WinLossReview, review, "review")
        moment = check_instant(at, "at")
        day = moment.date() if close_date is None else check_date(close_date, "close_date")
        if day > moment.date():
            fail("close_date", f"{day} is after the deal is recorded as closed ({moment.date()})")
        opened = self.created_at.astimezone(moment.tzinfo).date()
        if day < opened:
            fail("close_date", f"{day} is before the deal was opened ({opened})")
        return {
            "review": review,
            "probability": probability,
            "forecast_category": category,
            **self._close_date_moved(day, moment),
        }

    def _close_date_moved(self, day: pendulum.Date, at: pendulum.DateTime) -> dict[str, object]:
        """The changes setting the close date to ``day`` at ``at``, the move recorded."""
        if day == self.close_date:
            return {"close_date": day}
        change = CloseDateChange(at=at, from_date=self.close_date, to_date=day)
        return {"close_date": day, "close_date_changes": (*self.close_date_changes, change)}

    def reopen(
        self,
        *,
        reason: str,
        at: pendulum.DateTime,
        by: UserId,
        stage: str | None = None,
        close_date: pendulum.Date | None = None,
        override_reason: str | None = None,
    ) -> Opportunity:
        """Reopen a won or lost deal, saying why, in ``stage`` (the one it closed from by
        default) with a new expected ``close_date`` (unchanged by default; a new one
        is recorded in ``close_date_changes``).

        Reopening into a later stage than the one it closed from needs the exit
        criteria of the stages passed done, as moving forward does, unless
        ``override_reason`` says why not; the history keeps both reasons. The
        review is cleared; probability and forecast category become the
        stage's defaults; the stage history records the new visit.
        """
        require(OPPORTUNITY_LIFECYCLE, self, "reopen")
        key = self.stage if stage is None else _rules.stage_key(self.process, stage)
        moment = check_instant(at, "at")
        day = self.close_date
        if close_date is not None:
            day = _rules.check_close_date(close_date, self.created_at, moment)
        recorded = reason
        if override_reason is not None:
            why = check_text(override_reason, "override_reason", max_length=MAX_REASON // 2)
            text = check_text(reason, "reason", max_length=MAX_REASON // 2)
            recorded = f"{text} (override: {why})"
        entered = self.process.stage(key)
        return OPPORTUNITY_LIFECYCLE.apply(
            self,
            "reopen",
            at=moment,
            by=by,
            reason=recorded,
            override=override_reason is not None,
            changes={
                "stage_history": (*self.stage_history, StageVisit(stage=key, entered_at=moment)),
                "probability": entered.probability,
                "forecast_category": entered.forecast_category,
                "review": None,
                **self._close_date_moved(day, moment),
            },
        )

    # -- commercial data (open deals only) -----------------------------------------------------

    def change_amount(
        self, amount: Money, *, at: pendulum.DateTime, by: UserId, reason: str | None = None
    ) -> Opportunity:
        """Change the amount (not while product lines set it: change those instead), in
        the deal's currency."""
        require(OPPORTUNITY_LIFECYCLE, self, "change_amount")
        value = check_amount(amount, "amount", currency=self.amount.currency.code)
        if self.product_lines:
            fail("amount", "follows the product lines while there are any; change those instead")
        if self.recurring is not None and self.recurring.monthly.currency != value.currency:
            raise CurrencyMismatch(
                self.recurring.monthly.currency.code, value.currency.code, field="amount"
            )
        if value == self.amount:
            fail("amount", f"is already {value.amount} {value.currency.code}")
        return OPPORTUNITY_LIFECYCLE.apply(
            self, "change_amount", at=at, by=by, reason=reason, changes={"amount": value}
        )

    def change_close_date(
        self,
        close_date: pendulum.Date,
        *,
        at: pendulum.DateTime,
        by: UserId,
        reason: str | None = None,
    ) -> Opportunity:
        """Move the expected close date; the move is recorded (a later date is a push).
        It cannot move before the day the deal was opened."""
        require(OPPORTUNITY_LIFECYCLE, self, "change_close_date")
        moment = check_instant(at, "at")
        day = _rules.check_close_date(close_date, self.created_at, moment)
        if day == self.close_date:
            fail("close_date", f"is already {day}")
        text = (
            None
            if reason is None
            else check_text(reason, "reason", max_length=MAX_REASON, allow_empty=True)
        )
        change = CloseDateChange(at=moment, from_date=self.close_date, to_date=day, reason=text)
        return OPPORTUNITY_LIFECYCLE.apply(
            self,
            "change_close_date",
            at=moment,
            by=by,
            reason=text,
            changes={
                "close_date": day,
                "close_date_changes": (*self.close_date_changes, change),
            },
        )

    def set_probability(
        self, probability: Percentage, *, at: pendulum.DateTime, by: UserId
    ) -> Opportunity:
        """Override the stage's default win probability (moving stage resets it)."""
        require(OPPORTUNITY_LIFECYCLE, self, "set_probability")
        value = check_field(Opportunity, "probability", probability)
        return OPPORTUNITY_LIFECYCLE.apply(
            self, "set_probability", at=at, by=by, changes={"probability": value}
        )

    def set_forecast_category(
        self, category: ForecastCategory, *, at: pendulum.DateTime, by: UserId
    ) -> Opportunity:
        """Override the stage's default forecast category (not closed: that is for won
        deals). Moving stage resets it."""
        require(OPPORTUNITY_LIFECYCLE, self, "set_forecast_category")
        value = check_enum(ForecastCategory, category, "category")
        if value is ForecastCategory.CLOSED:
            fail("category", "only won deals are in the closed category; close the deal instead")
        return OPPORTUNITY_LIFECYCLE.apply(
            self, "set_forecast_category", at=at, by=by, changes={"forecast_category": value}
        )

    def set_product_lines(
        self, lines: Iterable[ProductLine], *, at: pendulum.DateTime, by: UserId
    ) -> Opportunity:
        """Replace the product lines, priced in the deal's currency; the amount becomes
        their total (with no lines it stays as it is)."""
        require(OPPORTUNITY_LIFECYCLE, self, "set_product_lines")
        checked = _rules.check_lines(lines)
        changes: dict[str, object] = {"product_lines": checked}
        if checked:
            code = self.amount.currency.code
            changes["amount"] = _rules.lines_total(checked, "lines", currency=code)
        return OPPORTUNITY_LIFECYCLE.apply(self, "set_product_lines", at=at, by=by, changes=changes)

    def set_recurring_revenue(
        self, recurring: RecurringRevenue | None, *, at: pendulum.DateTime, by: UserId
    ) -> Opportunity:
        """Set the recurring revenue (in the deal's currency), or clear it with ``None``."""
        require(OPPORTUNITY_LIFECYCLE, self, "set_recurring_revenue")
        value = check_field(Opportunity, "recurring", recurring)
        if value is not None and value.monthly.currency != self.amount.currency:
            raise CurrencyMismatch(
                self.amount.currency.code, value.monthly.currency.code, field="recurring"
            )
        return OPPORTUNITY_LIFECYCLE.apply(
            self, "set_recurring_revenue", at=at, by=by, changes={"recurring": value}
        )

    def set_next_step(
        self, next_step: NextStep | None, *, at: pendulum.DateTime, by: UserId
    ) -> Opportunity:
        """Set what happens next (``None`` clears it)."""
        require(OPPORTUNITY_LIFECYCLE, self, "set_next_step")
        value = check_field(Opportunity, "next_step", next_step)
        return OPPORTUNITY_LIFECYCLE.apply(
            self, "set_next_step", at=at, by=by, changes={"next_step": value}
        )

    def update_win_plan(self, plan: WinPlan, *, at: pendulum.DateTime, by: UserId) -> Opportunity:
        """Record a new version of the win plan (PCF 3.5.1.5)."""
        require(OPPORTUNITY_LIFECYCLE, self, "update_win_plan")
        value = check_instance(WinPlan, plan, "plan")
        return OPPORTUNITY_LIFECYCLE.apply(
            self, "update_win_plan", at=at, by=by, changes={"win_plan": value}
        )

    # -- data that may change in any status --------------------------------------------------

    def rename(self, name: str, *, at: pendulum.DateTime, by: UserId) -> Opportunity:
        """Change the deal's name."""
        require(OPPORTUNITY_LIFECYCLE, self, "rename")
        value = check_field(Opportunity, "name", name)
        return OPPORTUNITY_LIFECYCLE.apply(self, "rename", at=at, by=by, changes={"name": value})

    def assign(self, owner: UserId, *, at: pendulum.DateTime, by: UserId) -> Opportunity:
        """Give the deal to ``owner``."""
        require(OPPORTUNITY_LIFECYCLE, self, "assign")
        value = check_field(Opportunity, "owner", owner)
        return OPPORTUNITY_LIFECYCLE.apply(self, "assign", at=at, by=by, changes={"owner": value})

    def set_team(
        self, members: Iterable[TeamMember], *, at: pendulum.DateTime, by: UserId
    ) -> Opportunity:
        """Replace the deal team; the revenue splits must add up to exactly 100 % (an
        empty team gives the owner all the credit). Allowed after closing too, so
        credit can be corrected for commissions."""
        require(OPPORTUNITY_LIFECYCLE, self, "set_team")
        value = check_field(Opportunity, "team", members)
        return OPPORTUNITY_LIFECYCLE.apply(self, "set_team", at=at, by=by, changes={"team": value})

    def tag(self, *tags: str, at: pendulum.DateTime, by: UserId) -> Opportunity:
        """Add tags (case-insensitive). When none is new the deal is returned unchanged."""
        require(OPPORTUNITY_LIFECYCLE, self, "tag")
        merged = to_tags((*self.tags, *_rules.checked_tags(tags, at_least_one=True)))
        if merged == self.tags:
            return self
        return OPPORTUNITY_LIFECYCLE.apply(self, "tag", at=at, by=by, changes={"tags": merged})

    def untag(self, *tags: str, at: pendulum.DateTime, by: UserId) -> Opportunity:
        """Remove tags; removing one the deal does not have is an error."""
        require(OPPORTUNITY_LIFECYCLE, self, "untag")
        removing = _rules.checked_tags(tags, at_least_one=True)
        absent = [t for t in removing if t not in self.tags]
        if absent:
            fail("tags", f"the deal has no tag {absent[0]!r}")
        kept = tuple(t for t in self.tags if t not in removing)
        return OPPORTUNITY_LIFECYCLE.apply(self, "untag", at=at, by=by, changes={"tags": kept})

    def set_custom_field(
        self, key: str, value: Scalar, *, at: pendulum.DateTime, by: UserId
    ) -> Opportunity:
        """Set one of the host's own fields."""
        require(OPPORTUNITY_LIFECYCLE, self, "set_custom_field")
        check_field_name(key, "key")
        check_scalar(value, "value")
        fields = self.custom_fields.with_value(key, value)
        return OPPORTUNITY_LIFECYCLE.apply(
            self, "set_custom_field", at=at, by=by, changes={"custom_fields": fields}
        )

    def remove_custom_field(self, key: str, *, at: pendulum.DateTime, by: UserId) -> Opportunity:
        """Remove one of the host's own fields."""
        require(OPPORTUNITY_LIFECYCLE, self, "remove_custom_field")
        if not isinstance(key, str) or key not in self.custom_fields:
            fail("key", f"the deal has no custom field {key!r}")
        return OPPORTUNITY_LIFECYCLE.apply(
            self,
            "remove_custom_field",
            at=at,
            by=by,
            changes={"custom_fields": self.custom_fields.without(key)},
        )


# --- the lifecycle table ---------------------------------------------------------------------


def _exit_criteria_done(deal: Opportunity) -> str | None:
    """The guard of forward moves and of winning: the exit criteria of every stage left."""
    process = deal.process
    visits = deal.stage_history
    if deal.status is OpportunityStatus.OPEN:
        start = process.index_of(visits[-2].stage)
        stop = process.index_of(visits[-1].stage)
    else:
        start = process.index_of(visits[-1].stage)
        stop = len(process.stages)
    done = set(deal.checklist)
    missing = [
        f"{criterion.label} ({stage.name})"
        for stage, criterion in process.criteria_to_leave(start, stop)
        if criterion.key not in done
    ]
    if not missing:
        return None
    return "not done: " + "; ".join(missing)


_EXIT_CRITERIA: Final[Guard[Opportunity]] = Guard("exit criteria done", _exit_criteria_done)

_OPEN: Final = frozenset({OpportunityStatus.OPEN})
_ALL: Final = frozenset(OpportunityStatus)


def _data(
    command: str, event: str, sources: frozenset[OpportunityStatus] = _OPEN
) -> Transition[OpportunityStatus, Opportunity]:
    return Transition(command=command, event=event, sources=sources)


OPPORTUNITY_LIFECYCLE: Lifecycle[OpportunityStatus, Opportunity] = Lifecycle(
    aggregate="Opportunity",
    states=OpportunityStatus,
    initial=OpportunityStatus.OPEN,
    terminal=frozenset(),
    creation="open",
    creation_event="opened",
    transitions=(
        Transition(
            command="move_to_stage",
            event="stage_changed",
            sources=_OPEN,
            guards=(_EXIT_CRITERIA,),
        ),
        Transition(
            command="close_won",
            event="closed_won",
            sources=_OPEN,
            target=OpportunityStatus.WON,
            guards=(_EXIT_CRITERIA,),
        ),
        Transition(
            command="close_lost",
            event="closed_lost",
            sources=_OPEN,
            target=OpportunityStatus.LOST,
        ),
        Transition(
            command="reopen",
            event="reopened",
            sources={OpportunityStatus.WON, OpportunityStatus.LOST},
            target=OpportunityStatus.OPEN,
            guards=(_EXIT_CRITERIA,),
            needs_reason=True,
        ),
        _data("check_criterion", "criterion_checked"),
        _data("uncheck_criterion", "criterion_unchecked"),
        _data("change_amount", "amount_changed"),
        _data("change_close_date", "close_date_changed"),
        _data("set_probability", "probability_set"),
        _data("set_forecast_category", "forecast_category_set"),
        _data("set_product_lines", "product_lines_set"),
        _data("set_recurring_revenue", "recurring_revenue_set"),
        _data("set_next_step", "next_step_set"),
        _data("update_win_plan", "win_plan_updated"),
        _data("rename", "renamed", _ALL),
        _data("assign", "assigned", _ALL),
        _data("set_team", "team_set", _ALL),
        _data("tag", "tagged", _ALL),
        _data("untag", "untagged", _ALL),
        _data("set_custom_field", "custom_field_set", _ALL),
        _data("remove_custom_field", "custom_field_removed", _ALL),
    ),
)
"""The opportunity lifecycle: open (moving through the stages, forward and back) → won or
lost, and a won or lost deal reopened with a reason (into a later stage than it closed
from only with that stage's way cleared, as moving forward). Commercial data (amount, close date,
stage, probability, products, win plan) changes only while the deal is open; the name,
owner, team, tags and custom fields can change at any time."""
