"""Example tests of the Opportunity aggregate: every command, every refusal, every bad input."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest

from pcf_sales.core import AccountId, OpportunityId, Percentage, ProductId, UserId, money
from pcf_sales.errors import CurrencyMismatch, GuardFailed, InvalidTransition, ValidationError
from pcf_sales.opportunities import (
    OPPORTUNITY_LIFECYCLE,
    CloseReason,
    ForecastCategory,
    NextStep,
    Opportunity,
    OpportunityStatus,
    RecurringRevenue,
    SalesProcess,
    TeamMember,
    TeamRole,
    WinLossReview,
    even_team,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_next_step,
    make_opportunity,
    make_product_line,
    make_recurring_revenue,
    make_win_loss_review,
    make_win_plan,
)

BY = UserId("ae-7")
GUARD = "exit criteria done"
QUALIFY_CRITERIA = ("budget_confirmed", "decision_maker_identified")


def _next(deal: Opportunity, hours: int = 1) -> pendulum.DateTime:
    return deal.updated_at.add(hours=hours)


def _check_step(
    before: Opportunity,
    after: Opportunity,
    command: str,
    to_state: OpportunityStatus,
    *,
    reason: str | None = None,
    changes: tuple[str, ...] = (),
    overridden: tuple[str, ...] = (),
) -> None:
    row = OPPORTUNITY_LIFECYCLE.transition(command)
    assert after.status is to_state
    assert after.revision == before.revision + 1
    assert after.history[:-1] == before.history
    entry = after.history[-1]
    assert (entry.command, entry.event) == (command, row.event)
    assert entry.from_state is before.status
    assert entry.to_state is to_state
    assert entry.by == BY
    assert entry.reason == reason
    assert entry.changes == changes
    assert entry.overridden == overridden
    untouched = {f.name for f in attrs.fields(Opportunity)} - {"status", "revision", "history"}
    for name in untouched - set(changes):
        assert getattr(after, name) == getattr(before, name), name


def _refused(
    deal: Opportunity, run: Callable[[], object], error: type[Exception], field: str
) -> None:
    """``run`` raises ``error`` naming ``field`` and ``deal`` is untouched."""
    snapshot = to_document(deal)
    with pytest.raises(error) as caught:
        run()
    assert getattr(caught.value, "field", field) == field
    assert to_document(deal) == snapshot


def _qualified_through(deal: Opportunity) -> Opportunity:
    for key in QUALIFY_CRITERIA:
        deal = deal.check_criterion(key, at=_next(deal), by=BY)
    return deal


# --- opening -------------------------------------------------------------------------------


def test_opening_a_deal_puts_it_in_the_first_stage_with_its_defaults() -> None:
    deal = make_opportunity()
    assert deal.status is OpportunityStatus.OPEN
    assert deal.revision == 1
    assert deal.stage == "qualify"
    assert deal.probability == Percentage(10)
    assert deal.forecast_category is ForecastCategory.PIPELINE
    assert deal.stage_history[0].entered_at == FIXED_INSTANT
    assert deal.history[0].command == "open"
    assert deal.weighted_amount == money("4800.00", "USD")
    assert deal.closed_at is None
    assert deal.review is None


def test_a_deal_can_open_in_a_later_stage_with_that_stages_defaults() -> None:
    deal = make_opportunity(stage="propose")
    assert deal.stage == "propose"
    assert deal.probability == Percentage(60)
    assert deal.forecast_category is ForecastCategory.BEST_CASE


def test_without_an_amount_the_product_lines_make_it() -> None:
    lines = (make_product_line(), make_product_line(product_id=ProductId("p-2"), quantity=1))
    deal = make_opportunity(amount=None, product_lines=lines)
    assert deal.amount == money("60000.00", "USD")


def test_an_amount_that_differs_from_the_product_lines_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        make_opportunity(product_lines=(make_product_line(),), amount=money("1.00", "USD"))
    assert caught.value.field == "amount"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": money("-1.00", "USD")}, "amount"),
        ({"amount": money("1.005", "USD")}, "amount"),
        ({"amount": None}, "amount"),
        ({"stage": "nowhere"}, "stage"),
        ({"name": "  "}, "name"),
        ({"owner": "has space"}, "owner"),
        ({"at": pendulum.naive(2026, 3, 2)}, "at"),
        ({"close_date": "2026-06-30"}, "close_date"),
        (
            {"team": (TeamMember(user_id=UserId("u"), role=TeamRole.OTHER, split=Percentage(99)),)},
            "team",
        ),
    ],
)
def test_opening_with_bad_data_is_refused_naming_the_field(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_opportunity(**overrides)
    assert caught.value.field == field


def test_recurring_revenue_in_another_currency_is_a_currency_mismatch() -> None:
    with pytest.raises(CurrencyMismatch) as caught:
        make_opportunity(recurring=RecurringRevenue(monthly=money("10.00", "EUR"), term_months=12))
    assert caught.value.field == "recurring"


# --- stages and exit criteria -------------------------------------------------------------------


def test_moving_forward_needs_the_exit_criteria_of_the_stage_left() -> None:
    deal = make_opportunity()
    snapshot = to_document(deal)
    with pytest.raises(GuardFailed) as caught:
        deal.move_to_stage("discover", at=_next(deal), by=BY)
    assert caught.value.failures[0][0] == GUARD
    assert "Budget confirmed (Qualify)" in caught.value.failures[0][1]
    assert caught.value.overridable
    assert to_document(deal) == snapshot


def test_with_the_criteria_done_the_deal_moves_on_and_takes_the_stage_defaults() -> None:
    deal = _qualified_through(make_opportunity())
    moved = deal.move_to_stage("discover", at=_next(deal), by=BY)
    _check_step(
        deal,
        moved,
        "move_to_stage",
        OpportunityStatus.OPEN,
        changes=("forecast_category", "probability", "stage_history"),
    )
    assert moved.stage == "discover"
    assert moved.probability == Percentage(20)
    assert moved.stage_history[-1].entered_at == moved.updated_at


def test_skipping_stages_needs_the_criteria_of_every_stage_skipped() -> None:
    deal = _qualified_through(make_opportunity())
    with pytest.raises(GuardFailed) as caught:
        deal.move_to_stage("propose", at=_next(deal), by=BY)
    reason = caught.value.failures[0][1]
    assert "Needs and pains documented (Discover needs)" in reason
    assert "Solution demonstrated (Demonstrate solution)" in reason
    assert "Proposal sent" not in reason


def test_an_override_reason_moves_anyway_and_is_recorded() -> None:
    deal = make_opportunity()
    moved = deal.move_to_stage("negotiate", at=_next(deal), by=BY, override_reason="CEO deal")
    _check_step(
        deal,
        moved,
        "move_to_stage",
        OpportunityStatus.OPEN,
        reason="CEO deal",
        changes=("forecast_category", "probability", "stage_history"),
        overridden=(GUARD,),
    )


def test_moving_back_needs_no_criteria_and_may_carry_a_reason() -> None:
    deal = make_opportunity(stage="propose")
    back = deal.move_to_stage("qualify", at=_next(deal), by=BY, reason="new stakeholder")
    assert back.stage == "qualify"
    assert back.history[-1].reason == "new stakeholder"
    assert back.history[-1].overridden == ()


@pytest.mark.parametrize(
    ("stage", "kwargs", "field"),
    [
        ("qualify", {}, "stage"),
        ("nowhere", {}, "stage"),
        (7, {}, "stage"),
        ("discover", {"reason": "a", "override_reason": "b"}, "reason"),
    ],
)
def test_bad_stage_moves_are_refused_and_change_nothing(
    stage: Any, kwargs: dict[str, Any], field: str
) -> None:
    deal = make_opportunity()
    _refused(
        deal,
        lambda: deal.move_to_stage(stage, at=_next(deal), by=BY, **kwargs),
        ValidationError,
        field,
    )


def test_checking_a_criterion_twice_changes_nothing_the_second_time() -> None:
    deal = make_opportunity()
    once = deal.check_criterion("budget_confirmed", at=_next(deal), by=BY)
    _check_step(deal, once, "check_criterion", OpportunityStatus.OPEN, changes=("checklist",))
    assert once.checklist == ("budget_confirmed",)
    assert once.check_criterion("budget_confirmed", at=_next(once), by=BY) is once


def test_unchecking_a_criterion_takes_it_off_the_checklist() -> None:
    deal = make_opportunity().check_criterion(
        "budget_confirmed", at=_next(make_opportunity()), by=BY
    )
    undone = deal.uncheck_criterion("budget_confirmed", at=_next(deal), by=BY, reason="cut")
    assert undone.checklist == ()
    assert undone.history[-1].reason == "cut"


@pytest.mark.parametrize("key", ["no_such_criterion", "", 3])
def test_unknown_criteria_are_refused(key: Any) -> None:
    deal = make_opportunity()
    _refused(deal, lambda: deal.check_criterion(key, at=_next(deal), by=BY), ValidationError, "key")


def test_unchecking_a_criterion_that_is_not_done_is_refused() -> None:
    deal = make_opportunity()
    _refused(
        deal,
        lambda: deal.uncheck_criterion("budget_confirmed", at=_next(deal), by=BY),
        ValidationError,
        "key",
    )


def test_missing_exit_criteria_lists_those_of_the_current_stage() -> None:
    deal = make_opportunity().check_criterion(
        "budget_confirmed", at=_next(make_opportunity()), by=BY
    )
    assert [c.key for c in deal.missing_exit_criteria()] == ["decision_maker_identified"]


def test_time_in_stages_adds_up_the_visits() -> None:
    deal = _qualified_through(make_opportunity())
    deal = deal.move_to_stage("discover", at=FIXED_INSTANT.add(days=3), by=BY)
    deal = deal.move_to_stage("qualify", at=FIXED_INSTANT.add(days=5), by=BY)
    days = dict(deal.days_in_stages(as_of=FIXED_INSTANT.add(days=10)))
    assert days == {"qualify": Decimal("8.0"), "discover": Decimal("2.0")}


# --- closing and reopening -----------------------------------------------------------------


def test_winning_needs_the_criteria_of_the_current_and_every_later_stage() -> None:
    deal = make_opportunity(stage="negotiate")
    with pytest.raises(GuardFailed) as caught:
        deal.close_won(make_win_loss_review(), at=_next(deal), by=BY)
    assert "Commercial terms agreed" in caught.value.failures[0][1]


def test_winning_sets_probability_category_close_date_and_review() -> None:
    deal = make_opportunity(stage="negotiate")
    for key in ("terms_agreed", "paperwork_out"):
        deal = deal.check_criterion(key, at=_next(deal), by=BY)
    review = make_win_loss_review()
    at = _next(deal)
    won = deal.close_won(review, at=at, by=BY)
    _check_step(
        deal,
        won,
        "close_won",
        OpportunityStatus.WON,
        changes=("close_date", "close_date_changes", "forecast_category", "probability", "review"),
    )
    assert won.close_date_changes[-1].to_date == at.date()
    assert won.probability == Percentage(100)
    assert won.forecast_category is ForecastCategory.CLOSED
    assert won.close_date == at.date()
    assert won.closed_at == at
    assert won.review == review


def test_an_early_win_can_be_overridden_with_a_reason() -> None:
    deal = make_opportunity()
    won = deal.close_won(make_win_loss_review(), at=_next(deal), by=BY, override_reason="signed")
    assert won.status is OpportunityStatus.WON
    assert won.history[-1].overridden == (GUARD,)


def test_losing_records_the_review_and_drops_the_probability_to_zero() -> None:
    deal = make_opportunity()
    review = WinLossReview(reasons=[CloseReason.PRICE], competitor="Globex")
    lost = deal.close_lost(review, at=_next(deal), by=BY, close_date=deal.created_at.date())
    assert lost.status is OpportunityStatus.LOST
    assert lost.probability == Percentage(0)
    assert lost.forecast_category is ForecastCategory.OMITTED
    assert lost.review is not None
    assert lost.review.competitor == "Globex"


@pytest.mark.parametrize(
    ("review", "close_date", "field"),
    [
        ("price", None, "review"),
        (make_win_loss_review(), FIXED_INSTANT.date().add(days=2), "close_date"),
        (make_win_loss_review(), FIXED_INSTANT.date().subtract(days=1), "close_date"),
    ],
)
def test_bad_closing_data_is_refused(review: Any, close_date: Any, field: str) -> None:
    deal = make_opportunity()
    _refused(
        deal,
        lambda: deal.close_lost(review, at=_next(deal), by=BY, close_date=close_date),
        ValidationError,
        field,
    )


def test_a_lost_opportunity_cannot_move_stages_without_reopening() -> None:
    lost = make_opportunity(OpportunityStatus.LOST)
    snapshot = to_document(lost)
    with pytest.raises(InvalidTransition) as caught:
        lost.move_to_stage("discover", at=_next(lost), by=BY, override_reason="try")
    assert caught.value.command == "move_to_stage"
    assert caught.value.state == "lost"
    assert "reopen" in caught.value.allowed
    assert to_document(lost) == snapshot
    reopened = lost.reopen(reason="customer is back", at=_next(lost), by=BY)
    moved = reopened.move_to_stage("discover", at=_next(reopened), by=BY, override_reason="ok")
    assert moved.stage == "discover"


def test_reopening_clears_the_review_and_restores_the_stage_defaults() -> None:
    won = make_opportunity(OpportunityStatus.WON)
    new_date = won.close_date.add(days=60)
    reopened = won.reopen(reason="contract fell through", at=_next(won), by=BY, close_date=new_date)
    assert reopened.status is OpportunityStatus.OPEN
    assert reopened.review is None
    assert reopened.stage == "negotiate"
    assert reopened.probability == Percentage(80)
    assert reopened.close_date == new_date
    assert reopened.history[-1].reason == "contract fell through"
    assert reopened.stage_history[-1].entered_at == reopened.updated_at


def test_reopening_needs_a_reason() -> None:
    lost = make_opportunity(OpportunityStatus.LOST)
    _refused(
        lost, lambda: lost.reopen(reason=" ", at=_next(lost), by=BY), ValidationError, "reason"
    )


@pytest.mark.parametrize(
    "command",
    [
        "change_amount",
        "change_close_date",
        "check_criterion",
        "set_probability",
        "set_product_lines",
        "update_win_plan",
        "close_won",
        "close_lost",
    ],
)
def test_commercial_commands_are_refused_once_won(command: str) -> None:
    won = make_opportunity(OpportunityStatus.WON)
    runs: dict[str, Callable[[], object]] = {
        "change_amount": lambda: won.change_amount(money("1.00", "USD"), at=_next(won), by=BY),
        "change_close_date": lambda: won.change_close_date(
            won.close_date.add(days=1), at=_next(won), by=BY
        ),
        "check_criterion": lambda: won.check_criterion("bad key", at=_next(won), by=BY),
        "set_probability": lambda: won.set_probability("x", at=_next(won), by=BY),  # type: ignore[arg-type]
        "set_product_lines": lambda: won.set_product_lines([], at=_next(won), by=BY),
        "update_win_plan": lambda: won.update_win_plan(make_win_plan(), at=_next(won), by=BY),
        "close_won": lambda: won.close_won(make_win_loss_review(), at=_next(won), by=BY),
        "close_lost": lambda: won.close_lost(make_win_loss_review(), at=_next(won), by=BY),
    }
    snapshot = to_document(won)
    with pytest.raises(InvalidTransition) as caught:
        runs[command]()
    assert type(caught.value) is InvalidTransition
    assert caught.value.command == command
    assert to_document(won) == snapshot


# --- commercial data ---------------------------------------------------------------------


def test_changing_the_amount_is_recorded_with_its_reason() -> None:
    deal = make_opportunity()
    changed = deal.change_amount(money("52000.00", "USD"), at=_next(deal), by=BY, reason="scope")
    _check_step(
        deal, changed, "change_amount", OpportunityStatus.OPEN, reason="scope", changes=("amount",)
    )


@pytest.mark.parametrize(
    ("amount", "error", "field"),
    [
        (money("48000.00", "USD"), ValidationError, "amount"),
        (money("-5.00", "USD"), ValidationError, "amount"),
        ("48000", ValidationError, "amount"),
    ],
)
def test_bad_amounts_are_refused(amount: Any, error: type[Exception], field: str) -> None:
    deal = make_opportunity()
    _refused(deal, lambda: deal.change_amount(amount, at=_next(deal), by=BY), error, field)


def test_the_amount_follows_the_product_lines_while_there_are_any() -> None:
    deal = make_opportunity()
    lined = deal.set_product_lines([make_product_line(quantity=2)], at=_next(deal), by=BY)
    assert lined.amount == money("24000.00", "USD")
    assert lined.history[-1].changes == ("amount", "product_lines")
    _refused(
        lined,
        lambda: lined.change_amount(money("1.00", "USD"), at=_next(lined), by=BY),
        ValidationError,
        "amount",
    )
    cleared = lined.set_product_lines([], at=_next(lined), by=BY)
    assert cleared.product_lines == ()
    assert cleared.amount == lined.amount


def test_product_lines_for_one_product_twice_are_refused() -> None:
    deal = make_opportunity()
    line = make_product_line()
    _refused(
        deal,
        lambda: deal.set_product_lines([line, line], at=_next(deal), by=BY),
        ValidationError,
        "product_lines[1]",
    )


def test_recurring_revenue_in_the_deals_currency_is_set_and_cleared() -> None:
    deal = make_opportunity()
    recurring = make_recurring_revenue()
    with_recurring = deal.set_recurring_revenue(recurring, at=_next(deal), by=BY)
    assert with_recurring.recurring == recurring
    assert recurring.annual == money("6000.00", "USD")
    assert recurring.total == money("18000.00", "USD")
    assert (
        with_recurring.set_recurring_revenue(None, at=_next(with_recurring), by=BY).recurring
        is None
    )
    euros = RecurringRevenue(monthly=money("5.00", "EUR"), term_months=3)
    with pytest.raises(CurrencyMismatch):
        deal.set_recurring_revenue(euros, at=_next(deal), by=BY)


def test_close_date_pushes_are_recorded_as_slippage() -> None:
    deal = make_opportunity()
    original = deal.close_date
    pushed = deal.change_close_date(original.add(days=30), at=_next(deal), by=BY, reason="budget")
    pulled = pushed.change_close_date(original.add(days=20), at=_next(pushed), by=BY)
    pushed_again = pulled.change_close_date(original.add(days=45), at=_next(pulled), by=BY)
    assert [c.days for c in pushed_again.close_date_changes] == [30, -10, 25]
    assert len(pushed_again.pushes) == 2
    assert pushed_again.days_slipped == 55
    assert pushed_again.original_close_date == original
    assert pushed_again.close_date_changes[0].reason == "budget"


def test_moving_the_close_date_to_the_same_day_is_refused() -> None:
    deal = make_opportunity()
    _refused(
        deal,
        lambda: deal.change_close_date(deal.close_date, at=_next(deal), by=BY),
        ValidationError,
        "close_date",
    )


def test_probability_and_category_can_be_overridden_until_the_stage_changes() -> None:
    deal = _qualified_through(make_opportunity())
    deal = deal.set_probability(Percentage(35), at=_next(deal), by=BY)
    deal = deal.set_forecast_category(ForecastCategory.COMMIT, at=_next(deal), by=BY)
    assert (deal.probability, deal.forecast_category) == (Percentage(35), ForecastCategory.COMMIT)
    moved = deal.move_to_stage("discover", at=_next(deal), by=BY)
    assert (moved.probability, moved.forecast_category) == (
        Percentage(20),
        ForecastCategory.PIPELINE,
    )


@pytest.mark.parametrize(
    ("run", "field"),
    [
        (lambda d: d.set_probability(Percentage(101), at=_next(d), by=BY), "probability"),
        (lambda d: d.set_probability(50, at=_next(d), by=BY), "probability"),
        (
            lambda d: d.set_forecast_category(ForecastCategory.CLOSED, at=_next(d), by=BY),
            "category",
        ),
        (lambda d: d.set_forecast_category("commit", at=_next(d), by=BY), "category"),
        (lambda d: d.set_next_step("call", at=_next(d), by=BY), "next_step"),
        (lambda d: d.update_win_plan({}, at=_next(d), by=BY), "plan"),
        (lambda d: d.rename("", at=_next(d), by=BY), "name"),
        (lambda d: d.assign(None, at=_next(d), by=BY), "owner"),
        (lambda d: d.set_team([make_team_half()], at=_next(d), by=BY), "team"),
        (lambda d: d.untag("absent", at=_next(d), by=BY), "tags"),
        (lambda d: d.tag(at=_next(d), by=BY), "tags"),
        (lambda d: d.set_custom_field("Bad Key", 1, at=_next(d), by=BY), "key"),
        (lambda d: d.remove_custom_field("absent", at=_next(d), by=BY), "key"),
        (
            lambda d: d.check_criterion(
                "budget_confirmed", at=d.created_at.subtract(days=1), by=BY
            ),
            "at",
        ),
        (lambda d: d.check_criterion("budget_confirmed", at=_next(d), by=" "), "by"),
    ],
)
def test_bad_data_commands_are_refused_naming_the_field(
    run: Callable[[Opportunity], object], field: str
) -> None:
    deal = make_opportunity()
    _refused(deal, lambda: run(deal), ValidationError, field)


def make_team_half() -> TeamMember:
    return TeamMember(user_id=UserId("u-1"), role=TeamRole.SPECIALIST, split=Percentage(50))


def test_next_step_and_win_plan_are_recorded() -> None:
    deal = make_opportunity()
    step = make_next_step()
    plan = make_win_plan()
    deal = deal.set_next_step(step, at=_next(deal), by=BY)
    deal = deal.update_win_plan(plan, at=_next(deal), by=BY)
    assert (deal.next_step, deal.win_plan) == (step, plan)
    assert deal.set_next_step(None, at=_next(deal), by=BY).next_step is None


# --- data that may change at any time --------------------------------------------------------


def test_name_owner_team_and_tags_can_change_after_closing() -> None:
    won = make_opportunity(OpportunityStatus.WON)
    team = even_team(
        [(UserId("ae-1"), TeamRole.ACCOUNT_EXECUTIVE), (UserId("se-1"), TeamRole.SALES_ENGINEER)]
    )
    changed = won.rename("Test rigs, phase 1", at=_next(won), by=BY)
    changed = changed.assign(UserId("ae-2"), at=_next(changed), by=BY)
    changed = changed.set_team(team, at=_next(changed), by=BY)
    changed = changed.tag("Strategic", at=_next(changed), by=BY)
    changed = changed.set_custom_field("erp_order", "SO-1", at=_next(changed), by=BY)
    assert changed.status is OpportunityStatus.WON
    assert changed.tags == ("strategic",)
    assert changed.tag("strategic", at=_next(changed), by=BY) is changed
    assert changed.untag("strategic", at=_next(changed), by=BY).tags == ()
    assert not changed.remove_custom_field("erp_order", at=_next(changed), by=BY).custom_fields


def test_revenue_splits_allocate_the_amount_exactly() -> None:
    team = even_team([(UserId(f"u-{i}"), TeamRole.ACCOUNT_EXECUTIVE) for i in range(3)])
    deal = make_opportunity(amount=money("100.00", "USD"), team=team)
    splits = deal.revenue_splits()
    assert [s.amount for s in splits] == [
        money("33.34", "USD"),
        money("33.33", "USD"),
        money("33.33", "USD"),
    ]
    assert sum(s.share.percent for s in splits) == 100


def test_without_a_team_the_owner_gets_all_the_credit() -> None:
    (split,) = make_opportunity().revenue_splits()
    assert (split.user_id, split.share, split.amount) == (
        "ae-1",
        Percentage(100),
        money("48000.00", "USD"),
    )


def test_a_team_is_stored_sorted_and_its_splits_must_make_exactly_100() -> None:
    members = [
        TeamMember(user_id=UserId("b"), role=TeamRole.SPECIALIST, split=Percentage("40.5")),
        TeamMember(user_id=UserId("a"), role=TeamRole.ACCOUNT_EXECUTIVE, split=Percentage("59.5")),
    ]
    assert [m.user_id for m in make_opportunity(team=members).team] == ["a", "b"]
    with pytest.raises(ValidationError) as caught:
        make_opportunity(team=[*members[:1], attrs.evolve(members[1], split=Percentage("59.49"))])
    assert caught.value.field == "team"


def test_even_team_refuses_no_members_and_duplicates() -> None:
    with pytest.raises(ValidationError) as caught:
        even_team([])
    assert caught.value.field == "members"
    with pytest.raises(ValidationError) as caught:
        even_team([(UserId("u"), TeamRole.OTHER), (UserId("u"), TeamRole.OTHER)])
    assert caught.value.field == "members"


# --- storing -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(OpportunityStatus))
def test_a_deal_round_trips_through_its_document(status: OpportunityStatus) -> None:
    deal = make_opportunity(
        status,
        product_lines=(make_product_line(),),
        amount=None,
        recurring=make_recurring_revenue(),
        win_plan=make_win_plan(),
        next_step=NextStep(description="Call back"),
    )
    assert from_document(to_document(deal)) == deal


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("data", "probability", "percent"), "55", "probability"),
        (("data", "review"), None, "review"),
        (("data", "checklist"), ["not_a_criterion"], "checklist"),
        (("data", "stage_history"), [], "stage_history"),
    ],
)
def test_inconsistent_documents_are_refused(path: tuple[str, ...], value: Any, field: str) -> None:
    document = to_document(make_opportunity(OpportunityStatus.WON))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert field in caught.value.field


def test_a_process_is_shared_not_copied_between_deals_from_one_process() -> None:
    process = SalesProcess.default()
    first = make_opportunity(process=process)
    second = make_opportunity(id=OpportunityId("opportunity-2"), process=process)
    assert first.process is second.process
    assert first.account_id == AccountId("account-1")


# --- closing and reopening keep the slippage record -------------------------------------------


def test_closing_on_another_day_records_the_close_date_move() -> None:
    deal = make_opportunity()
    expected = deal.close_date
    at = _next(deal)
    lost = deal.close_lost(make_win_loss_review(), at=at, by=BY)
    (change,) = lost.close_date_changes
    assert (change.at, change.from_date, change.to_date) == (at, expected, at.date())
    assert lost.original_close_date == expected
    assert lost.days_slipped == 0
    assert lost.history[-1].changes == (
        "close_date",
        "close_date_changes",
        "forecast_category",
        "probability",
        "review",
    )
    assert from_document(to_document(lost)) == lost


def test_winning_late_counts_as_slippage() -> None:
    deal = make_opportunity(close_date=FIXED_INSTANT.date().add(days=1))
    at = FIXED_INSTANT.add(days=11)
    won = deal.close_won(make_win_loss_review(), at=at, by=BY, override_reason="signed")
    assert won.original_close_date == FIXED_INSTANT.date().add(days=1)
    assert won.days_slipped == 10
    assert [c.is_push for c in won.close_date_changes] == [True]


def test_closing_on_the_expected_day_records_no_move() -> None:
    deal = make_opportunity(close_date=FIXED_INSTANT.date())
    lost = deal.close_lost(make_win_loss_review(), at=_next(deal), by=BY)
    assert lost.close_date_changes == ()
    assert "close_date_changes" not in lost.history[-1].changes


def test_reopening_with_a_new_close_date_records_the_move() -> None:
    deal = make_opportunity()
    expected = deal.close_date
    lost = deal.close_lost(make_win_loss_review(), at=_next(deal), by=BY)
    at = _next(lost)
    later = expected.add(days=30)
    reopened = lost.reopen(reason="customer is back", at=at, by=BY, close_date=later)
    assert [(c.from_date, c.to_date) for c in reopened.close_date_changes] == [
        (expected, lost.close_date),
        (lost.close_date, later),
    ]
    assert reopened.original_close_date == expected
    assert reopened.close_date_changes[-1].at == at
    # the win-early pull-in does not offset the push on reopening (pushes only count)
    assert reopened.days_slipped == (later - lost.close_date).days
    assert from_document(to_document(reopened)) == reopened


def test_a_close_date_move_without_a_command_that_moves_it_is_refused_on_loading() -> None:
    deal = make_opportunity()
    renamed = deal.rename("Renamed", at=_next(deal), by=BY)
    moved = deal.change_close_date(deal.close_date.add(days=5), at=_next(deal), by=BY)
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(renamed, close_date_changes=moved.close_date_changes)
    assert caught.value.field == "close_date_changes"
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(moved, close_date_changes=())
    assert caught.value.field == "close_date_changes"


# --- reopening into a later stage --------------------------------------------------------------


def test_reopening_into_a_later_stage_needs_the_exit_criteria_of_the_stages_passed() -> None:
    lost = make_opportunity(OpportunityStatus.LOST)
    assert lost.stage == "qualify"
    _refused(
        lost,
        lambda: lost.reopen(reason="customer is back", at=_next(lost), by=BY, stage="negotiate"),
        GuardFailed,
        "",
    )
    with pytest.raises(GuardFailed) as caught:
        lost.reopen(reason="customer is back", at=_next(lost), by=BY, stage="negotiate")
    assert caught.value.command == "reopen"
    assert caught.value.overridable


def test_reopening_into_a_later_stage_can_be_overridden_with_a_reason() -> None:
    lost = make_opportunity(OpportunityStatus.LOST)
    reopened = lost.reopen(
        reason="customer is back",
        at=_next(lost),
        by=BY,
        stage="negotiate",
        override_reason="terms agreed by phone",
    )
    assert reopened.stage == "negotiate"
    entry = reopened.history[-1]
    assert entry.overridden == (GUARD,)
    assert entry.reason is not None
    assert "customer is back" in entry.reason
    assert "terms agreed by phone" in entry.reason
    assert from_document(to_document(reopened)) == reopened


def test_reopening_into_the_same_or_an_earlier_stage_needs_nothing() -> None:
    won = make_opportunity(OpportunityStatus.WON)
    again = won.reopen(reason="fell through", at=_next(won), by=BY)
    earlier = won.reopen(reason="fell through", at=_next(won), by=BY, stage="qualify")
    assert (again.stage, earlier.stage) == ("negotiate", "qualify")
    assert again.history[-1].overridden == earlier.history[-1].overridden == ()


def test_reopening_with_a_blank_override_reason_is_refused() -> None:
    lost = make_opportunity(OpportunityStatus.LOST)
    _refused(
        lost,
        lambda: lost.reopen(
            reason="back", at=_next(lost), by=BY, stage="negotiate", override_reason=" "
        ),
        ValidationError,
        "override_reason",
    )


def test_a_single_string_of_tags_is_refused_rather_than_split_into_letters() -> None:
    with pytest.raises(ValidationError) as caught:
        make_opportunity(tags="abc")
    assert caught.value.field == "tags"


# --- close dates before the deal was opened, currencies that would change -----------------------


def test_opening_with_a_close_date_before_the_opening_day_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        make_opportunity(close_date=FIXED_INSTANT.date().subtract(days=1))
    assert caught.value.field == "close_date"
    assert make_opportunity(close_date=FIXED_INSTANT.date()).close_date == FIXED_INSTANT.date()


def test_moving_the_close_date_before_the_opening_day_is_refused() -> None:
    deal = make_opportunity()
    _refused(
        deal,
        lambda: deal.change_close_date(
            FIXED_INSTANT.date().subtract(days=1), at=_next(deal), by=BY
        ),
        ValidationError,
        "close_date",
    )
    lost = make_opportunity(OpportunityStatus.LOST)
    _refused(
        lost,
        lambda: lost.reopen(
            reason="back", at=_next(lost), by=BY, close_date=FIXED_INSTANT.date().subtract(days=1)
        ),
        ValidationError,
        "close_date",
    )


def test_changing_the_amount_to_another_currency_is_refused() -> None:
    deal = make_opportunity()
    _refused(
        deal,
        lambda: deal.change_amount(money("5.00", "EUR"), at=_next(deal), by=BY),
        CurrencyMismatch,
        "amount",
    )


def test_product_lines_in_another_currency_are_refused() -> None:
    deal = make_opportunity()
    euros = make_product_line(unit_price=money("10.00", "EUR"))
    _refused(
        deal,
        lambda: deal.set_product_lines([euros], at=_next(deal), by=BY),
        CurrencyMismatch,
        "lines[0]",
    )
