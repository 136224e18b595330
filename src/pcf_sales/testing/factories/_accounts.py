"""Factories for accounts and contacts: readable defaults, aggregates in any status through
their own commands."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import pendulum
from moneyed import Money

from pcf_sales.accounts import (
    Account,
    AccountFacts,
    AccountHierarchy,
    AccountIndex,
    AccountMatch,
    AccountMatchKeys,
    AccountMatchReason,
    AccountRank,
    AccountStatus,
    AccountTeamMember,
    AccountTeamRole,
    Address,
    BuyingRole,
    CommunicationPreferences,
    Consent,
    ConsentStatus,
    Contact,
    ContactChannel,
    ContactCoverage,
    ContactIndex,
    ContactMatch,
    ContactMatchKeys,
    ContactMatchReason,
    ContactStatus,
    CriterionScore,
    CriterionWeight,
    HealthFactor,
    HierarchyLink,
    HierarchyRollUp,
    Interaction,
    InteractionKind,
    KeyAccountCriteria,
    KeyAccountCriterion,
    KeyAccountPlan,
    KeyAccountPlanStatus,
    KeyAccountRanking,
    PlanAction,
    PlanActionStatus,
    PlanObjective,
    PlanProgress,
    PlanTarget,
    RelationshipHealth,
    RelationshipHealthPolicy,
    RelationshipMap,
    RollUpLine,
    Sentiment,
    SizeBand,
    Stance,
    TargetActual,
    TargetProgress,
    TargetValue,
    relationship_map,
)
from pcf_sales.core import (
    AccountId,
    ContactId,
    CountryCode,
    FiscalCalendar,
    KeyAccountPlanId,
    Percentage,
    PeriodKind,
    PlanActionId,
    SegmentId,
    UserId,
)
from pcf_sales.testing.factories._core import FIXED_INSTANT, make_person_details

__all__ = [
    "make_account",
    "make_account_facts",
    "make_account_hierarchy",
    "make_account_index",
    "make_account_match",
    "make_account_match_keys",
    "make_account_rank",
    "make_account_team_member",
    "make_address",
    "make_communication_preferences",
    "make_consent",
    "make_contact",
    "make_contact_coverage",
    "make_contact_index",
    "make_contact_match",
    "make_contact_match_keys",
    "make_criterion_score",
    "make_criterion_weight",
    "make_health_factor",
    "make_hierarchy_link",
    "make_hierarchy_roll_up",
    "make_interaction",
    "make_key_account_criteria",
    "make_key_account_plan",
    "make_key_account_ranking",
    "make_plan_action",
    "make_plan_objective",
    "make_plan_progress",
    "make_plan_target",
    "make_relationship_health",
    "make_relationship_health_policy",
    "make_relationship_map",
    "make_roll_up_line",
    "make_target_actual",
    "make_target_progress",
    "make_target_value",
]

_BY: Final = UserId("user-1")
_CALENDAR: Final = FiscalCalendar(start_month=1)


def _clock(start: pendulum.DateTime) -> Any:
    """A function giving one hour later at each call."""
    moments = [start]

    def later() -> pendulum.DateTime:
        moments[0] = moments[0].add(hours=1)
        return moments[0]

    return later


# --- accounts ---------------------------------------------------------------------------


def make_address(**overrides: Any) -> Address:
    """12 Crane Street, Manchester M1 2AB, GB, unless told otherwise."""
    fields: dict[str, Any] = {
        "line1": "12 Crane Street",
        "city": "Manchester",
        "postal_code": "M1 2AB",
        "country": CountryCode("GB"),
    }
    fields.update(overrides)
    return Address(**fields)


def make_account_team_member(
    user_id: str = "am-1", role: AccountTeamRole = AccountTeamRole.ACCOUNT_MANAGER
) -> AccountTeamMember:
    """``am-1`` as account manager unless told otherwise."""
    return AccountTeamMember(user_id=UserId(user_id), role=role)


def make_account(status: AccountStatus = AccountStatus.PROSPECT, **overrides: Any) -> Account:
    """An account in ``status``, reached through the lifecycle's own commands.

    ``overrides`` go to :meth:`Account.open`. The default is Analytical
    Engines Ltd (``account-1``, the account the lead factory converts to),
    owned by ``am-1``. Each later command happens one hour after the
    previous one, by the same user.

    >>> make_account(AccountStatus.CHURNED).history[-1].event
    'churned'
    """
    fields: dict[str, Any] = {
        "id": AccountId("account-1"),
        "at": FIXED_INSTANT,
        "by": _BY,
        "name": "Analytical Engines",
        "legal_name": "Analytical Engines Ltd",
        "domain": "analytical-engines.example",
        "industry": "software",
        "size_band": SizeBand.LARGE,
        "segment_id": SegmentId("segment-1"),
        "billing_address": make_address(),
        "owner": UserId("am-1"),
        "team": (make_account_team_member(),),
    }
    fields.update(overrides)
    account = Account.open(**fields)
    later = _clock(account.opened_at)
    by = account.history[0].by
    if status is AccountStatus.PROSPECT:
        return account
    if status is AccountStatus.DISQUALIFIED:
        return account.disqualify(reason="no budget for test rigs", at=later(), by=by)
    account = account.become_customer(at=later(), by=by)
    if status is AccountStatus.CUSTOMER:
        return account
    if status is AccountStatus.DORMANT:
        return account.go_dormant(at=later(), by=by)
    return account.churn(reason="moved to a competitor", at=later(), by=by)


# --- contacts ---------------------------------------------------------------------------


def make_consent(
    channel: ContactChannel = ContactChannel.EMAIL,
    status: ConsentStatus = ConsentStatus.OPTED_IN,
    at: pendulum.DateTime | None = None,
    source: str | None = "newsletter form",
) -> Consent:
    """An email opt-in a day before the fixed instant, unless told otherwise."""
    when = FIXED_INSTANT.subtract(days=1) if at is None else at
    return Consent(channel=channel, status=status, at=when, source=source)


def make_communication_preferences(**overrides: Any) -> CommunicationPreferences:
    """Email in English, at most four touches a month, unless told otherwise."""
    fields: dict[str, Any] = {
        "preferred_channel": ContactChannel.EMAIL,
        "language": "en",
        "max_touches_per_month": 4,
    }
    fields.update(overrides)
    return CommunicationPreferences(**fields)


def make_contact(status: ContactStatus = ContactStatus.ACTIVE, **overrides: Any) -> Contact:
    """A contact in ``status``, reached through the lifecycle's own commands.

    ``overrides`` go to :meth:`Contact.add`. The default is Ada Lovelace
    (``contact-1`` at ``account-1``), the decision maker, supportive, opted
    in to email.

    >>> make_contact(ContactStatus.LEFT).is_active
    False
    """
    fields: dict[str, Any] = {
        "id": ContactId("contact-1"),
        "at": FIXED_INSTANT,
        "by": _BY,
        "account_id": AccountId("account-1"),
        "person": make_person_details(),
        "buying_role": BuyingRole.DECISION_MAKER,
        "stance": Stance.SUPPORTIVE,
        "preferences": make_communication_preferences(),
        "consents": (make_consent(),),
    }
    fields.update(overrides)
    contact = Contact.add(**fields)
    if status is ContactStatus.ACTIVE:
        return contact
    return contact.leave(at=contact.added_at.add(hours=1), by=contact.history[0].by)


# --- hierarchies ------------------------------------------------------------------------


def make_hierarchy_link(
    account_id: str = "account-2", parent_id: str | None = "account-1"
) -> HierarchyLink:
    """``account-2`` under ``account-1`` unless told otherwise."""
    parent = None if parent_id is None else AccountId(parent_id)
    return HierarchyLink(account_id=AccountId(account_id), parent_id=parent)


def make_account_hierarchy() -> AccountHierarchy:
    """``group`` with subsidiaries ``de`` and ``fr``, and ``fr`` with a branch ``fr-lyon``."""
    return AccountHierarchy.from_parents(
        {"group": None, "de": "group", "fr": "group", "fr-lyon": "fr"}
    )


def make_hierarchy_roll_up(currency: str = "USD") -> HierarchyRollUp:
    """The default hierarchy's revenue rolled up: 100.00, 50.00, 30.00 and 20.00."""
    figures = {
        "group": Money("100.00", currency),
        "de": Money("50.00", currency),
        "fr": Money("30.00", currency),
        "fr-lyon": Money("20.00", currency),
    }
    return make_account_hierarchy().roll_up(figures, currency=currency)


def make_roll_up_line(account_id: str = "fr") -> RollUpLine:
    """The line of ``fr`` (30.00 own, 50.00 in all) in the default roll-up."""
    return make_hierarchy_roll_up().line(AccountId(account_id))


# --- matching ---------------------------------------------------------------------------


def make_account_match_keys(**overrides: Any) -> AccountMatchKeys:
    """The keys of the default account unless told otherwise."""
    fields: dict[str, Any] = {
        "account_id": AccountId("account-1"),
        "domain": "analytical-engines.example",
        "name": "analytical engines",
    }
    fields.update(overrides)
    return AccountMatchKeys(**fields)


def make_contact_match_keys(**overrides: Any) -> ContactMatchKeys:
    """The keys of the default contact unless told otherwise."""
    fields: dict[str, Any] = {
        "contact_id": ContactId("contact-1"),
        "account_id": AccountId("account-1"),
        "email": "ada.lovelace@analytical-engines.example",
        "name": "ada lovelace",
    }
    fields.update(overrides)
    return ContactMatchKeys(**fields)


def make_account_index(*accounts: Account) -> AccountIndex:
    """The index of ``accounts`` (the default account when none are given)."""
    return AccountIndex.build(accounts or (make_account(),))


def make_contact_index(*contacts: Contact) -> ContactIndex:
    """The index of ``contacts`` (the default contact when none are given)."""
    return ContactIndex.build(contacts or (make_contact(),))


def make_account_match(
    account_id: str = "account-1",
    reasons: tuple[AccountMatchReason, ...] = (AccountMatchReason.SAME_DOMAIN,),
) -> AccountMatch:
    """``account-1`` with the same domain unless told otherwise."""
    return AccountMatch(account_id=AccountId(account_id), reasons=reasons)


def make_contact_match(
    contact_id: str = "contact-1",
    reasons: tuple[ContactMatchReason, ...] = (ContactMatchReason.SAME_EMAIL,),
) -> ContactMatch:
    """``contact-1`` with the same email unless told otherwise."""
    return ContactMatch(contact_id=ContactId(contact_id), reasons=reasons)


# --- key accounts -----------------------------------------------------------------------


def make_account_facts(**overrides: Any) -> AccountFacts:
    """``account-1``: 600,000.00 USD revenue, 10 % growth, fit 80, relationship 70."""
    fields: dict[str, Any] = {
        "account_id": AccountId("account-1"),
        "revenue": Money("600000.00", "USD"),
        "growth_potential": Percentage(10),
        "strategic_fit": Decimal(80),
        "relationship": Decimal(70),
    }
    fields.update(overrides)
    return AccountFacts(**fields)


def make_criterion_weight(
    criterion: KeyAccountCriterion = KeyAccountCriterion.REVENUE, weight: Decimal | int = 40
) -> CriterionWeight:
    """Revenue weighed 40 unless told otherwise."""
    return CriterionWeight(criterion=criterion, weight=Decimal(weight))


def make_key_account_criteria(currency: str = "USD") -> KeyAccountCriteria:
    """The default criteria in ``currency``."""
    return KeyAccountCriteria.default(currency)


def make_key_account_ranking(*facts: AccountFacts) -> KeyAccountRanking:
    """The default criteria's ranking of ``facts`` (three accounts when none are given)."""
    chosen = facts or (
        make_account_facts(),
        make_account_facts(account_id=AccountId("account-2"), revenue=Money("90000.00", "USD")),
        make_account_facts(
            account_id=AccountId("account-3"), revenue=Money("1500000.00", "USD"), strategic_fit=40
        ),
    )
    return make_key_account_criteria().rank(chosen)


def make_account_rank(position: int = 1) -> AccountRank:
    """The rank at ``position`` in the default ranking."""
    return make_key_account_ranking().ranks[position - 1]


def make_criterion_score(
    criterion: KeyAccountCriterion = KeyAccountCriterion.REVENUE,
) -> CriterionScore:
    """The default account's score on ``criterion`` under the default criteria."""
    _, parts = make_key_account_criteria().score(make_account_facts())
    return next(p for p in parts if p.criterion is criterion)


# --- key account plans ------------------------------------------------------------------


def make_plan_objective(**overrides: Any) -> PlanObjective:
    """``expand``: expand into services, unless told otherwise."""
    fields: dict[str, Any] = {"key": "expand", "title": "Expand into services"}
    fields.update(overrides)
    return PlanObjective(**fields)


def make_target_value(amount: str | None = "400000.00", currency: str = "USD") -> TargetValue:
    """400,000.00 USD unless told otherwise (``amount=None``: three workshops)."""
    if amount is None:
        return TargetValue.of_quantity(3, "workshops")
    return TargetValue.of_money(Money(amount, currency))


def make_plan_target(**overrides: Any) -> PlanTarget:
    """Bookings of 400,000.00 USD in FY2026 for ``expand``, unless told otherwise."""
    fields: dict[str, Any] = {
        "key": "bookings",
        "objective_key": "expand",
        "measure": "Bookings",
        "period": _CALENDAR.period(PeriodKind.YEAR, 2026),
        "value": make_target_value(),
    }
    fields.update(overrides)
    return PlanTarget(**fields)


def make_target_actual(**overrides: Any) -> TargetActual:
    """150,000.00 USD of bookings on 31 March 2026, unless told otherwise."""
    fields: dict[str, Any] = {
        "target_key": "bookings",
        "on": pendulum.Date(2026, 3, 31),
        "value": make_target_value("150000.00"),
        "note": "services framework signed",
    }
    fields.update(overrides)
    return TargetActual(**fields)


def make_key_account_plan(
    status: KeyAccountPlanStatus = KeyAccountPlanStatus.DRAFT, **overrides: Any
) -> KeyAccountPlan:
    """A plan in ``status``, reached through the lifecycle's own commands.

    ``overrides`` go to :meth:`KeyAccountPlan.draft`. The default is
    ``plan-1`` for ``account-1`` over FY2026 with the objective ``expand``
    and the bookings target; active and closed plans have one action,
    ``action-1`` (done in a closed plan).

    >>> make_key_account_plan(KeyAccountPlanStatus.CLOSED).history[-1].event
    'closed'
    """
    fields: dict[str, Any] = {
        "id": KeyAccountPlanId("plan-1"),
        "at": FIXED_INSTANT,
        "by": _BY,
        "account_id": AccountId("account-1"),
        "name": "Analytical Engines FY2026",
        "owner": UserId("kam-1"),
        "period": _CALENDAR.period(PeriodKind.YEAR, 2026),
        "objectives": (make_plan_objective(),),
        "targets": (make_plan_target(),),
    }
    fields.update(overrides)
    plan = KeyAccountPlan.draft(**fields)
    later = _clock(plan.history[0].at)
    by = plan.history[0].by
    if status is KeyAccountPlanStatus.DRAFT:
        return plan
    if status is KeyAccountPlanStatus.CANCELLED:
        return plan.cancel(reason="account sold to a competitor group", at=later(), by=by)
    plan = plan.activate(at=later(), by=by)
    plan = plan.add_action(
        PlanActionId("action-1"),
        title="Run a services discovery workshop",
        owner=UserId("se-1"),
        due=pendulum.Date(2026, 4, 30),
        objective_key=plan.objectives[0].key if plan.objectives else None,
        at=later(),
        by=by,
    )
    if status is KeyAccountPlanStatus.ACTIVE:
        return plan
    plan = plan.complete_action(
        PlanActionId("action-1"), outcome="workshop held", at=later(), by=by
    )
    return plan.close(at=later(), by=by)


def make_plan_action(status: PlanActionStatus = PlanActionStatus.OPEN) -> PlanAction:
    """``action-1`` of the default active plan, in ``status`` through the plan's commands."""
    plan = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    later = _clock(plan.updated_at)
    action_id = PlanActionId("action-1")
    if status is PlanActionStatus.IN_PROGRESS:
        plan = plan.start_action(action_id, at=later(), by=_BY)
    elif status is PlanActionStatus.DONE:
        plan = plan.complete_action(action_id, outcome="workshop held", at=later(), by=_BY)
    elif status is PlanActionStatus.CANCELLED:
        plan = plan.cancel_action(action_id, reason="no longer needed", at=later(), by=_BY)
    return plan.action(action_id)


def make_plan_progress(as_of: pendulum.Date | None = None) -> PlanProgress:
    """The default active plan with one actual, on 30 June 2026 unless told otherwise."""
    plan = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    plan = plan.record_actual(make_target_actual(), at=plan.updated_at.add(hours=1), by=_BY)
    return plan.progress(pendulum.Date(2026, 6, 30) if as_of is None else as_of)


def make_target_progress() -> TargetProgress:
    """The bookings target in the default plan progress."""
    return make_plan_progress().targets[0]


# --- relationships ----------------------------------------------------------------------


def make_interaction(**overrides: Any) -> Interaction:
    """A positive meeting with ``contact-1`` at ``account-1`` at the fixed instant."""
    fields: dict[str, Any] = {
        "kind": InteractionKind.MEETING,
        "account_id": AccountId("account-1"),
        "at": FIXED_INSTANT,
        "contact_ids": (ContactId("contact-1"),),
        "by": UserId("am-1"),
        "sentiment": Sentiment.POSITIVE,
        "subject": "Quarterly business review",
        "duration_minutes": 60,
    }
    fields.update(overrides)
    return Interaction(**fields)


def make_relationship_map(as_of: pendulum.DateTime | None = None) -> RelationshipMap:
    """The default contact and meeting, mapped a week after the fixed instant."""
    when = FIXED_INSTANT.add(days=7) if as_of is None else as_of
    return relationship_map(
        AccountId("account-1"), [make_contact()], [make_interaction()], as_of=when
    )


def make_contact_coverage() -> ContactCoverage:
    """The default contact's line in the default relationship map."""
    return make_relationship_map().contacts[0]


def make_relationship_health_policy() -> RelationshipHealthPolicy:
    """The default relationship health policy."""
    return RelationshipHealthPolicy.default()


def make_relationship_health() -> RelationshipHealth:
    """The default policy's health of the default relationship map."""
    return make_relationship_health_policy().assess(make_relationship_map())


def make_health_factor(key: str = "coverage") -> HealthFactor:
    """The factor ``key`` of the default relationship health."""
    return next(f for f in make_relationship_health().factors if f.key == key)
