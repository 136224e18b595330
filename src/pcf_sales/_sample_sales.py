"""The sales side of the sample company: converted leads become accounts, contacts and deals,
worked through the sales process with calls, meetings, demos and workshops.

Conversions are played in the order they happen, against an index of the
accounts and contacts that exist by then, so a second lead from a company
lands on its account and a person already known is not created twice. Each
deal's story (stage moves, exit criteria, close-date pushes, activities, a
win or a loss) is drawn from a ``random.Random`` seeded from the company's
seed; nothing happens after ``as_of``.
"""

from __future__ import annotations

import bisect
import heapq
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.accounts import Account, AccountStatus, BuyingRole, Contact, Sentiment, Stance
from pcf_sales.core import (
    AccountId,
    ActivityId,
    ContactId,
    FiscalCalendar,
    FxRate,
    FxTable,
    OpportunityId,
    PeriodKind,
    ProductId,
    RoundingMode,
    UserId,
    round_amount,
)
from pcf_sales.leads import Lead
from pcf_sales.opportunities import (
    ActivityKind,
    ActivityOutcome,
    CloseReason,
    CompetitorPosition,
    ConversionIndex,
    DealStakeholder,
    FollowUp,
    Level,
    MatchAction,
    NextStep,
    Opportunity,
    OpportunityDraft,
    PipelineSnapshot,
    PriceFeedback,
    ProductLine,
    RecurringRevenue,
    SalesActivity,
    SalesProcess,
    WinLossReview,
    WinPlan,
    WinPlanAction,
    convert_lead,
    plan_lead_conversion,
)

__all__ = ["PendingConversion", "SalesRecords", "build_sales", "fx_rates"]

#: The currency the sample company reports in, and the one each country buys in.
REPORTING: Final = "EUR"
_CURRENCY_OF: Final = {"US": "USD", "GB": "GBP"}
_SELLERS: Final = (UserId("ae-mira"), UserId("ae-jonas"), UserId("ae-sofia"), UserId("ae-tom"))
_PRESALES: Final = UserId("se-kai")
_COMPETITORS: Final = ("Globex Metrology", "Initech Test", "Umbrella Instruments")
#: The catalog: product, what it is, list price in EUR, usual quantity range.
_CATALOG: Final = (
    (ProductId("MI-RIG-100"), "Test rig", Decimal("18500.00"), (1, 4)),
    (ProductId("MI-SENSOR-KIT"), "Sensor kit", Decimal("2400.00"), (2, 20)),
    (ProductId("MI-CAL-SVC"), "Calibration service (year)", Decimal("6000.00"), (1, 3)),
    (ProductId("MI-SW-SEAT"), "Metrology software seat", Decimal("1200.00"), (5, 40)),
    (ProductId("MI-TRAINING"), "Training day", Decimal("1500.00"), (1, 5)),
)
#: EUR list prices in the other currencies (the sample's price lists are set yearly).
_LIST_RATE: Final = {"EUR": Decimal(1), "USD": Decimal("1.10"), "GBP": Decimal("0.86")}
#: Kinds of activity that fit each stage.
_STAGE_ACTIVITIES: Final = {
    "qualify": (ActivityKind.CALL,),
    "discover": (ActivityKind.MEETING, ActivityKind.CALL, ActivityKind.WORKSHOP),
    "demonstrate": (ActivityKind.DEMO, ActivityKind.WORKSHOP),
    "propose": (ActivityKind.PRESALES_TASK, ActivityKind.MEETING),
    "negotiate": (ActivityKind.CALL, ActivityKind.MEETING),
}
_SUBJECTS: Final = {
    ActivityKind.CALL: "Call: next steps",
    ActivityKind.MEETING: "Meeting with the project team",
    ActivityKind.WORKSHOP: "Requirements workshop",
    ActivityKind.DEMO: "Live demo of the test rig",
    ActivityKind.PRESALES_TASK: "Solution design and quote",
}
_WIN_REASONS: Final = (
    CloseReason.PRODUCT_FIT,
    CloseReason.RELATIONSHIP,
    CloseReason.REFERENCES,
    CloseReason.SUPPORT,
    CloseReason.PRICE,
)
_LOSS_REASONS: Final = (
    CloseReason.PRICE,
    CloseReason.COMPETITOR,
    CloseReason.NO_DECISION,
    CloseReason.BUDGET,
    CloseReason.FEATURES,
    CloseReason.TIMING,
)


@attrs.frozen(kw_only=True)
class PendingConversion:
    """A qualified lead the lead story decided to convert at ``at``."""

    lead: Lead
    at: pendulum.DateTime
    number: int
    with_opportunity: bool


@attrs.frozen(kw_only=True)
class SalesRecords:
    """What the sales story produced."""

    leads: tuple[Lead, ...]
    accounts: tuple[Account, ...]
    contacts: tuple[Contact, ...]
    opportunities: tuple[Opportunity, ...]
    activities: tuple[SalesActivity, ...]
    snapshots: tuple[PipelineSnapshot, ...]


def fx_rates(seed: int, as_of: pendulum.DateTime) -> FxTable:
    """Monthly EUR rates for USD and GBP over the two years and a bit before ``as_of``."""
    rng = random.Random(f"{seed}:fx")
    first = as_of.date().start_of("month").subtract(months=26)
    rates = []
    usd, gbp = Decimal("1.0800"), Decimal("0.8550")
    for month in range(27):
        day = first.add(months=month)
        usd = (usd * Decimal(str(round(1 + rng.uniform(-0.015, 0.015), 4)))).quantize(
            Decimal("0.0001")
        )
        gbp = (gbp * Decimal(str(round(1 + rng.uniform(-0.01, 0.01), 4)))).quantize(
            Decimal("0.0001")
        )
        rates.append(FxRate(base="EUR", quote="USD", on=day, rate=usd))
        rates.append(FxRate(base="EUR", quote="GBP", on=day, rate=gbp))
    return FxTable.from_rates(rates)


class _Story:
    """Plays one deal forward from conversion, never past ``as_of``."""

    def __init__(
        self, rng: random.Random, deal: Opportunity, contact: Contact, as_of: pendulum.DateTime
    ) -> None:
        self.rng = rng
        self.deal = deal
        self.contact = contact
        self.as_of = as_of
        self.versions: list[Opportunity] = [deal]
        self.activities: list[SalesActivity] = []
        self.clock = deal.created_at
        self.won_at: pendulum.DateTime | None = None

    def later(self, days: float) -> pendulum.DateTime | None:
        """The clock moved on ``days``; ``None`` once that is past ``as_of``."""
        moment = self.clock.add(minutes=max(1, int(days * 1440)))
        if moment > self.as_of:
            return None
        self.clock = moment
        return moment

    def record(self, deal: Opportunity) -> None:
        if deal is not self.deal:
            self.deal = deal
            self.versions.append(deal)

    def play(self, number: int) -> None:
        rng = self.rng
        quality = rng.betavariate(2.2, 2.4)
        process = self.deal.process
        owner = self.deal.owner
        while self.deal.is_open:
            stage = process.stage(self.deal.stage)
            self.activity(number, stage.key)
            stay = (stage.norm_days or 14) * rng.lognormvariate(0, 0.45)
            at = self.later(stay * rng.uniform(0.3, 0.7))
            if at is None:
                return
            for criterion in stage.exit_criteria:
                if rng.random() < 0.5 + 0.5 * quality:
                    self.record(self.deal.check_criterion(criterion.key, at=at, by=owner))
            if stage.key == "discover" and self.deal.win_plan == WinPlan():
                self.record(self.deal.update_win_plan(self.plan(), at=at, by=owner))
            at = self.later(stay * rng.uniform(0.3, 0.7))
            if at is None:
                return
            if at.date() > self.deal.close_date and rng.random() < 0.8:
                self.push(at)
            if rng.random() < 0.12:
                self.resize(at)
            if rng.random() < 0.35:
                step = NextStep(
                    description=f"{_SUBJECTS[rng.choice(_STAGE_ACTIVITIES[stage.key])]}",
                    due=at.date().add(days=rng.randint(3, 14)),
                )
                self.record(self.deal.set_next_step(step, at=at, by=owner))
            self.decide(quality, at)

    def decide(self, quality: float, at: pendulum.DateTime) -> None:
        rng = self.rng
        process = self.deal.process
        deal = self.deal
        position = process.index_of(deal.stage)
        owner = deal.owner
        if rng.random() < 0.18 * (1.2 - quality):
            review = WinLossReview(
                reasons=rng.sample(_LOSS_REASONS, rng.randint(1, 2)),
                competitor=rng.choice(_COMPETITORS) if rng.random() < 0.6 else None,
                price_feedback=rng.choice((PriceFeedback.TOO_HIGH, PriceFeedback.HIGH, None)),
            )
            self.record(deal.close_lost(review, at=at, by=owner))
            return
        if position > 0 and rng.random() < 0.08:
            back = process.stages[position - 1].key
            self.record(deal.move_to_stage(back, at=at, by=owner, reason="new stakeholders"))
            return
        missing = [
            c
            for _, c in process.criteria_to_leave(position, position + 1)
            if c.key not in deal.checklist
        ]
        override = "agreed with the sales manager" if missing else None
        if missing and rng.random() < 0.7:
            return  # not ready to move on yet
        if position + 1 < len(process.stages):
            following = process.stages[position + 1].key
            self.record(deal.move_to_stage(following, at=at, by=owner, override_reason=override))
            return
        review = WinLossReview(
            reasons=rng.sample(_WIN_REASONS, rng.randint(1, 3)),
            competitor=rng.choice(_COMPETITORS) if rng.random() < 0.4 else None,
            price_feedback=rng.choice((PriceFeedback.FAIR, PriceFeedback.HIGH, None)),
        )
        self.record(deal.close_won(review, at=at, by=owner, override_reason=override))
        self.won_at = at

    def push(self, at: pendulum.DateTime) -> None:
        days = self.rng.randint(14, 60)
        target = max(self.deal.close_date, at.date()).add(days=days)
        reason = self.rng.choice(
            ("budget approval moved", "customer reorganised", "waiting for legal", None)
        )
        self.record(self.deal.change_close_date(target, at=at, by=self.deal.owner, reason=reason))

    def resize(self, at: pendulum.DateTime) -> None:
        lines = self.deal.product_lines
        index = self.rng.randrange(len(lines))
        line = lines[index]
        quantity = max(Decimal(1), line.quantity + self.rng.choice((-1, 1, 2)))
        if quantity == line.quantity:
            return
        changed = (*lines[:index], attrs.evolve(line, quantity=quantity), *lines[index + 1 :])
        self.record(self.deal.set_product_lines(changed, at=at, by=self.deal.owner))

    def plan(self) -> WinPlan:
        rng = self.rng
        role = rng.choice(
            (BuyingRole.CHAMPION, BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER)
        )
        plan = WinPlan(
            objective="Replace manual measurement with automated test rigs",
            stakeholders=[
                DealStakeholder(contact_id=self.contact.id, role=role, stance=Stance.SUPPORTIVE)
            ],
            actions=[
                WinPlanAction(
                    description="Reference call with an existing customer",
                    owner=self.deal.owner,
                    due=self.clock.date().add(days=rng.randint(7, 30)),
                )
            ],
        )
        if rng.random() < 0.5:
            plan = plan.with_competitor(
                CompetitorPosition(name=rng.choice(_COMPETITORS), threat=rng.choice(list(Level)))
            )
        return plan

    def activity(self, number: int, stage: str) -> None:
        rng = self.rng
        kind = rng.choice(_STAGE_ACTIVITIES[stage])
        planned = self.clock
        start = planned.add(days=rng.randint(1, 8)).start_of("day").add(hours=rng.randint(8, 16))
        activity = SalesActivity.plan(
            id=ActivityId(f"AT-{number:05d}-{len(self.activities) + 1:02d}"),
            at=planned,
            by=self.deal.owner,
            kind=kind,
            subject=_SUBJECTS[kind],
            owner=_PRESALES if kind is ActivityKind.PRESALES_TASK else self.deal.owner,
            scheduled_at=start,
            duration_minutes=rng.choice((30, 45, 60, 90, 120)),
            account_id=self.deal.account_id,
            opportunity_id=self.deal.id,
            contact_ids=() if kind is ActivityKind.PRESALES_TASK else (self.contact.id,),
        )
        roll = rng.random()
        end = activity.ends_at
        if roll < 0.1 and end <= self.as_of:
            activity = activity.cancel(
                reason="customer postponed", at=activity.planned_at, by=activity.owner
            )
        elif roll < 0.18 and end <= self.as_of:
            activity = activity.record_no_show(at=end, by=activity.owner)
            later = end.add(days=rng.randint(2, 7))
            if later.add(hours=2) <= self.as_of:
                activity = activity.reschedule(later, at=end, by=activity.owner)
                activity = self.complete(activity, later.add(hours=2))
        elif end <= self.as_of:
            activity = self.complete(activity, end)
        self.activities.append(activity)

    def complete(self, activity: SalesActivity, at: pendulum.DateTime) -> SalesActivity:
        rng = self.rng
        sentiment = rng.choices(
            (Sentiment.POSITIVE, Sentiment.NEUTRAL, Sentiment.NEGATIVE), weights=(5, 3, 1)
        )[0]
        follow_ups: tuple[FollowUp, ...] = ()
        if rng.random() < 0.6:
            follow_ups = (
                FollowUp(
                    description="Send the summary and the next steps",
                    due=at.date().add(days=2),
                    owner=activity.owner,
                ),
            )
        outcome = ActivityOutcome(summary=f"{activity.subject}: done", sentiment=sentiment)
        return activity.complete(outcome, at=at, by=activity.owner, follow_ups=follow_ups)


def _lines(rng: random.Random, currency: str, employees: int | None) -> tuple[ProductLine, ...]:
    size = 1.0 if employees is None else min(3.0, max(0.5, employees / 250))
    chosen = rng.sample(_CATALOG, rng.randint(1, 3))
    lines = []
    for product, label, price, (low, high) in sorted(chosen, key=lambda row: row[0]):
        quantity = max(low, min(high, round(rng.randint(low, high) * size)))
        local = round_amount(price * _LIST_RATE[currency], currency, RoundingMode.HALF_UP)
        lines.append(
            ProductLine(
                product_id=product,
                quantity=Decimal(quantity),
                unit_price=Money(local, currency),
                description=label,
            )
        )
    return tuple(lines)


def _draft(
    rng: random.Random, pending: PendingConversion, process: SalesProcess
) -> OpportunityDraft:
    lead = pending.lead
    country = lead.company.country
    currency = _CURRENCY_OF.get(country or "", REPORTING)
    lines = _lines(rng, currency, lead.company.employees)
    recurring = None
    if any(line.product_id == "MI-SW-SEAT" for line in lines):
        recurring = RecurringRevenue(
            monthly=Money(round_amount(Decimal(150) * _LIST_RATE[currency], currency), currency),
            term_months=36,
        )
    company = lead.company.name or lead.company_domain or "prospect"
    return OpportunityDraft(
        opportunity_id=OpportunityId(f"OP-{pending.number:05d}"),
        name=f"{company}: {lines[0].description}",
        close_date=pending.at.date().add(days=rng.randint(45, 120)),
        owner=rng.choice(_SELLERS),
        process=process,
        product_lines=lines,
        recurring=recurring,
    )


def build_sales(
    pending: Sequence[PendingConversion],
    *,
    seed: int,
    as_of: pendulum.DateTime,
    calendar: FiscalCalendar,
    process: SalesProcess,
    fx: FxTable,
) -> SalesRecords:
    """Convert the pending leads in the order they happen and play each deal forward."""
    rng = random.Random(f"{seed}:sales")
    accounts: dict[AccountId, Account] = {}
    contacts: dict[ContactId, Contact] = {}
    index = ConversionIndex.build()
    converted: list[Lead] = []
    stories: list[_Story] = []
    wins: list[tuple[pendulum.DateTime, str, AccountId]] = []

    def flush(until: pendulum.DateTime | None) -> None:
        while wins and (until is None or wins[0][0] <= until):
            at, _, account_id = heapq.heappop(wins)
            account = accounts[account_id]
            if account.status is AccountStatus.PROSPECT:
                accounts[account_id] = account.become_customer(
                    at=max(at, account.updated_at), by=UserId("ae-sales"), reason="first deal won"
                )

    for item in sorted(pending, key=lambda p: (p.at, p.lead.id)):
        flush(item.at)
        draft = _draft(rng, item, process) if item.with_opportunity else None
        plan = plan_lead_conversion(
            item.lead,
            index=index,
            new_account_id=AccountId(f"AC-{item.number:05d}"),
            new_contact_id=ContactId(f"CT-{item.number:05d}"),
            opportunity=draft,
        )
        existing_account = None
        if plan.account.action is MatchAction.USE_EXISTING:
            existing_account = accounts[plan.account.account_id]
        existing_contact = None
        if plan.contact.action is MatchAction.USE_EXISTING:
            existing_contact = contacts[plan.contact.contact_id]
        result = convert_lead(
            item.lead,
            plan,
            at=item.at,
            by=UserId("ae-sales"),
            account=existing_account,
            contact=existing_contact,
        )
        accounts[result.account.id] = result.account
        contacts[result.contact.id] = result.contact
        index = index.updated(result)
        converted.append(result.lead)
        if result.opportunity is not None:
            story = _Story(rng, result.opportunity, result.contact, as_of)
            story.play(item.number)
            stories.append(story)
            if story.won_at is not None:
                heapq.heappush(wins, (story.won_at, story.deal.id, result.account.id))
    flush(None)
    deals = tuple(sorted((s.deal for s in stories), key=lambda d: d.id))
    activities = tuple(sorted((a for s in stories for a in s.activities), key=lambda a: a.id))
    return SalesRecords(
        leads=tuple(converted),
        accounts=tuple(sorted(accounts.values(), key=lambda a: a.id)),
        contacts=tuple(sorted(contacts.values(), key=lambda c: c.id)),
        opportunities=deals,
        activities=activities,
        snapshots=_snapshots(stories, as_of, calendar, fx),
    )


def _snapshots(
    stories: Sequence[_Story],
    as_of: pendulum.DateTime,
    calendar: FiscalCalendar,
    fx: FxTable,
) -> tuple[PipelineSnapshot, ...]:
    """Snapshots at the start of each fiscal quarter of the two years, and at ``as_of``."""
    first = as_of.subtract(days=730).date()
    starts = [
        p.start
        for p in calendar.periods(PeriodKind.QUARTER, first, as_of.date())
        if p.start >= first
    ]
    moments = [pendulum.datetime(d.year, d.month, d.day, tz="UTC") for d in starts]
    moments = [m for m in moments if m < as_of] + [as_of]
    found = []
    for moment in moments:
        current = []
        for story in stories:
            stamps = [v.updated_at for v in story.versions]
            position = bisect.bisect_right(stamps, moment) - 1
            if position >= 0:
                current.append(story.versions[position])
        found.append(PipelineSnapshot.take(current, as_of=moment, currency=REPORTING, fx=fx))
    return tuple(found)
