"""The pipeline: snapshots, summaries, coverage, alerts, and changes that reconcile to the cent."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import (
    FiscalCalendar,
    FxRate,
    FxTable,
    OpportunityId,
    Period,
    PeriodKind,
    UserId,
    money,
)
from pcf_sales.errors import CurrencyMismatch, MissingFxRate, ValidationError
from pcf_sales.opportunities import (
    AlertKind,
    ChangeKind,
    Opportunity,
    OpportunityStatus,
    PipelineChanges,
    PipelineSnapshot,
    pipeline_changes,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_opportunity,
    make_period,
    make_pipeline_changes,
    make_pipeline_snapshot,
    make_win_loss_review,
)

BY = UserId("ae-1")
CAL = FiscalCalendar()


def _deal(number: int, **overrides: object) -> Opportunity:
    return make_opportunity(id=OpportunityId(f"op-{number}"), **overrides)  # type: ignore[arg-type]


def _snapshot(*deals: Opportunity, days: int = 1, currency: str = "USD") -> PipelineSnapshot:
    as_of = max(d.updated_at for d in deals).add(days=days)
    return PipelineSnapshot.take(deals, as_of=as_of, currency=currency)


# --- snapshots ---------------------------------------------------------------------------


def test_a_snapshot_has_one_row_per_deal_sorted_and_indexed() -> None:
    snapshot = make_pipeline_snapshot()
    ids = [e.opportunity_id for e in snapshot.entries]
    assert (
        ids == sorted(ids) == ["opportunity-1", "opportunity-2", "opportunity-3", "opportunity-4"]
    )
    assert len(snapshot) == 4
    entry = snapshot.entry(OpportunityId("opportunity-2"))
    assert entry is not None
    assert entry.stage == "propose"
    assert entry.weighted == Decimal("7200.00")
    assert snapshot.entry(OpportunityId("nope")) is None


def test_a_snapshot_refuses_a_deal_that_changed_after_it() -> None:
    deal = make_opportunity()
    with pytest.raises(ValidationError) as caught:
        PipelineSnapshot.take([deal], as_of=deal.created_at.subtract(minutes=1), currency="USD")
    assert caught.value.field == "opportunities[0]"


def test_a_snapshot_refuses_a_deal_listed_twice() -> None:
    deal = make_opportunity()
    with pytest.raises(ValidationError) as caught:
        PipelineSnapshot.take([deal, deal], as_of=deal.updated_at, currency="USD")
    assert caught.value.field == "opportunities[1]"


def test_another_currency_without_rates_is_a_currency_mismatch() -> None:
    deals = [_deal(1), _deal(2, amount=money("1000.00", "EUR"))]
    with pytest.raises(CurrencyMismatch) as caught:
        _snapshot(*deals)
    assert caught.value.field == "opportunities[1].amount"
    assert (caught.value.expected, caught.value.actual) == ("USD", "EUR")


def test_with_rates_other_currencies_are_converted_once_at_the_snapshot_day() -> None:
    deals = [_deal(1), _deal(2, amount=money("1000.00", "EUR"))]
    as_of = max(d.updated_at for d in deals).add(days=1)
    fx = FxTable.from_rates(
        [FxRate(base="EUR", quote="USD", on=FIXED_INSTANT.date(), rate=Decimal("1.0825"))]
    )
    snapshot = PipelineSnapshot.take(deals, as_of=as_of, currency="USD", fx=fx)
    euro = snapshot.entries[1]
    assert euro.amount == money("1000.00", "EUR")
    assert euro.value == Decimal("1082.50")
    assert euro.weighted == Decimal("108.25")
    assert snapshot.summary().open_value == money("49082.50", "USD")
    with pytest.raises(MissingFxRate):
        PipelineSnapshot.take(deals, as_of=as_of, currency="GBP", fx=fx)


def test_a_snapshot_round_trips_and_checks_its_rows_when_read() -> None:
    snapshot = make_pipeline_snapshot()
    assert from_document(to_document(snapshot)) == snapshot
    document = to_document(snapshot)
    document["data"]["entries"][0]["weighted"] = "1.00"
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert caught.value.field.endswith("weighted")
    document = to_document(snapshot)
    document["data"]["entries"].reverse()
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert caught.value.field.endswith("entries")


# --- summaries -------------------------------------------------------------------------------


def test_the_summary_totals_open_won_and_lost_deals() -> None:
    summary = make_pipeline_snapshot().summary()
    assert (summary.open_count, summary.won_count, summary.lost_count) == (2, 1, 1)
    assert summary.open_value == money("60000.00", "USD")
    assert summary.weighted_value == money("12000.00", "USD")
    assert summary.won_value == money("48000.00", "USD")
    assert summary.lost_value == money("48000.00", "USD")


def test_groups_add_up_to_the_totals() -> None:
    summary = make_pipeline_snapshot().summary()
    for groups in (summary.by_stage, summary.by_owner, summary.by_period):
        assert sum(g.count for g in groups) == summary.open_count
        assert sum(g.value.amount for g in groups) == summary.open_value.amount
        assert sum(g.weighted.amount for g in groups) == summary.weighted_value.amount
    assert [g.key for g in summary.by_stage] == ["qualify", "propose"]
    categories = {g.key: g for g in summary.by_forecast_category}
    assert categories["closed"].value == summary.won_value
    assert categories["omitted"].count == 1
    assert sum(g.count for g in summary.by_forecast_category) == 4


def test_periods_follow_the_fiscal_calendar_in_order() -> None:
    deals = [
        _deal(1, close_date=pendulum.Date(2026, 11, 3)),
        _deal(2, close_date=pendulum.Date(2026, 5, 3)),
        _deal(3, close_date=pendulum.Date(2026, 7, 1)),
    ]
    summary = _snapshot(*deals).summary(calendar=FiscalCalendar(start_month=4))
    assert [g.key for g in summary.by_period] == ["FY2027 Q1", "FY2027 Q2", "FY2027 Q3"]
    monthly = _snapshot(*deals).summary(period_kind=PeriodKind.MONTH)
    assert [g.key for g in monthly.by_period] == ["FY2026 M05", "FY2026 M07", "FY2026 M11"]


def test_a_period_limits_the_summary_to_deals_closing_in_it() -> None:
    deals = [
        _deal(1, close_date=pendulum.Date(2026, 5, 3)),
        _deal(2, close_date=pendulum.Date(2026, 8, 3)),
    ]
    period = CAL.period(PeriodKind.QUARTER, 2026, 2)
    summary = _snapshot(*deals).summary(period=period)
    assert summary.open_count == 1
    assert summary.period == period
    assert "FY2026 Q2" in summary.explain()[0]


def test_alerts_flag_aging_stalled_slipped_and_past_due_deals() -> None:
    deal = make_opportunity(close_date=FIXED_INSTANT.date().add(days=10))
    deal = deal.change_close_date(
        deal.close_date.add(days=5), at=deal.updated_at.add(days=1), by=BY
    )
    snapshot = PipelineSnapshot.take([deal], as_of=FIXED_INSTANT.add(days=40), currency="USD")
    summary = snapshot.summary(stall_after_days=30)
    found = {a.kind: a for a in summary.alerts}
    assert found[AlertKind.OVER_STAGE_NORM].days == 40 - 14
    assert found[AlertKind.STALLED].days == 39
    assert found[AlertKind.SLIPPED].days == 5
    assert found[AlertKind.PAST_DUE].days == 40 - 15
    assert summary.alerts_of(AlertKind.STALLED) == (found[AlertKind.STALLED],)
    quiet = snapshot.summary(stall_after_days=60)
    assert AlertKind.STALLED not in {a.kind for a in quiet.alerts}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"stall_after_days": 0}, "stall_after_days"),
        ({"calendar": "FY"}, "calendar"),
        ({"period_kind": "quarter"}, "period_kind"),
        ({"period": "2026Q1"}, "period"),
    ],
)
def test_bad_summary_arguments_are_refused(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make_pipeline_snapshot().summary(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_the_summary_does_not_depend_on_the_ambient_decimal_context() -> None:
    import decimal

    snapshot = make_pipeline_snapshot()
    expected = snapshot.summary()
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert snapshot.summary() == expected


# --- coverage ------------------------------------------------------------------------------


def test_coverage_is_the_open_pipeline_over_what_remains_of_the_quota() -> None:
    won = make_opportunity(OpportunityStatus.WON, id=OpportunityId("won-1"))
    open_deal = _deal(2, close_date=won.close_date)
    snapshot = _snapshot(won, open_deal)
    period = CAL.period_of(won.close_date, PeriodKind.QUARTER)
    coverage = snapshot.coverage(money("64000.00", "USD"), period=period)
    assert coverage.closed_won == money("48000.00", "USD")
    assert coverage.remaining == money("16000.00", "USD")
    assert coverage.pipeline == money("48000.00", "USD")
    assert coverage.coverage == Decimal("3.00")
    assert coverage.weighted_coverage == Decimal("0.30")
    assert coverage.gap == money("0.00", "USD")
    assert "3.00x" in coverage.explain()


def test_a_quota_already_won_has_nothing_to_cover() -> None:
    won = make_opportunity(OpportunityStatus.WON)
    period = CAL.period_of(won.close_date, PeriodKind.QUARTER)
    coverage = _snapshot(won).coverage(money("10000.00", "USD"), period=period)
    assert coverage.coverage is None
    assert coverage.remaining == money("0.00", "USD")
    assert "nothing remains" in coverage.explain()


def test_a_quota_in_another_currency_is_a_currency_mismatch() -> None:
    with pytest.raises(CurrencyMismatch) as caught:
        make_pipeline_snapshot().coverage(money("1.00", "EUR"), period=make_period())
    assert caught.value.field == "quota"


# --- changes -----------------------------------------------------------------------------


def test_changes_explain_new_advanced_amount_and_slipped_deals() -> None:
    changes = make_pipeline_changes()
    kinds = [(c.opportunity_id, c.kind) for c in changes.changes]
    assert kinds == [
        ("opportunity-5", ChangeKind.NEW),
        ("opportunity-1", ChangeKind.ADVANCED),
        ("opportunity-1", ChangeKind.AMOUNT_CHANGED),
        ("opportunity-2", ChangeKind.SLIPPED),
    ]
    assert changes.total(ChangeKind.AMOUNT_CHANGED).value_delta == money("12000.00", "USD")
    assert changes.total(ChangeKind.AMOUNT_CHANGED).weighted_delta == money("1200.00", "USD")
    assert changes.total(ChangeKind.ADVANCED).weighted_delta == money("6000.00", "USD")
    assert changes.reconciles
    assert changes.explain()[-1].startswith("end ")


def test_won_and_lost_deals_leave_the_pipeline_with_their_value() -> None:
    open_deal = make_opportunity(stage="negotiate")
    before = _snapshot(open_deal, _deal(2))
    won = open_deal.close_won(
        make_win_loss_review(), at=open_deal.updated_at.add(days=2), by=BY, override_reason="signed"
    )
    lost = _deal(2).close_lost(make_win_loss_review(), at=open_deal.updated_at.add(days=2), by=BY)
    after = PipelineSnapshot.take([won, lost], as_of=won.updated_at.add(days=1), currency="USD")
    changes = pipeline_changes(before, after)
    assert [c.kind for c in changes.changes] == [ChangeKind.WON, ChangeKind.LOST]
    assert changes.total(ChangeKind.WON).value_delta == money("-48000.00", "USD")
    assert changes.end_count == 0
    assert changes.end_value.amount == 0
    assert changes.reconciles


def test_within_a_period_a_push_out_of_it_takes_the_value_with_it() -> None:
    deal = make_opportunity(close_date=pendulum.Date(2026, 6, 20))
    period = CAL.period(PeriodKind.QUARTER, 2026, 2)
    before = _snapshot(deal)
    pushed = deal.change_close_date(pendulum.Date(2026, 7, 20), at=before.as_of.add(hours=1), by=BY)
    after = _snapshot(pushed)
    changes = pipeline_changes(before, after, period=period)
    (change,) = changes.changes
    assert change.kind is ChangeKind.SLIPPED
    assert change.count_delta == -1
    assert change.value_delta == money("-48000.00", "USD")
    assert "+30 days" in change.detail
    back = pipeline_changes(
        after, before.__class__.take([deal], as_of=after.as_of, currency="USD"), period=period
    )
    assert [c.kind for c in back.changes] == [ChangeKind.PULLED_IN]
    assert back.changes[0].count_delta == 1


def test_a_deal_missing_from_the_second_snapshot_is_removed() -> None:
    before = _snapshot(_deal(1), _deal(2))
    after = PipelineSnapshot.take([_deal(1)], as_of=before.as_of.add(days=1), currency="USD")
    changes = pipeline_changes(before, after)
    assert [(c.opportunity_id, c.kind) for c in changes.changes] == [("op-2", ChangeKind.REMOVED)]
    assert changes.reconciles


def test_identical_snapshots_have_no_changes() -> None:
    snapshot = make_pipeline_snapshot()
    changes = pipeline_changes(snapshot, snapshot)
    assert changes.changes == ()
    assert (changes.start_value, changes.start_count) == (changes.end_value, changes.end_count)


def test_snapshots_in_two_currencies_or_out_of_order_are_refused() -> None:
    first = _snapshot(_deal(1))
    with pytest.raises(CurrencyMismatch):
        pipeline_changes(
            first, make_pipeline_snapshot(_deal(1, amount=money("5.00", "EUR")), currency="EUR")
        )
    later = PipelineSnapshot.take([_deal(1)], as_of=first.as_of.add(days=3), currency="USD")
    with pytest.raises(ValidationError) as caught:
        pipeline_changes(later, first)
    assert caught.value.field == "after"


def test_a_changes_document_that_does_not_reconcile_is_refused() -> None:
    document = to_document(make_pipeline_changes())
    assert from_document(document) == make_pipeline_changes()
    document["data"]["end_value"]["amount"] = "1.00"
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert "start + changes != end" in caught.value.reason


@given(pair=strategies.pipeline_changes_of(), period=st.none() | strategies.periods())
def test_pipeline_changes_reconcile_exactly_for_any_two_snapshots(
    pair: tuple[PipelineSnapshot, PipelineSnapshot], period: Period | None
) -> None:
    before, after = pair
    changes = pipeline_changes(before, after, period=period)
    assert changes.reconciles
    total_value = changes.start_value.amount + sum(c.value_delta.amount for c in changes.changes)
    total_weighted = changes.start_weighted.amount + sum(
        c.weighted_delta.amount for c in changes.changes
    )
    assert total_value == changes.end_value.amount
    assert total_weighted == changes.end_weighted.amount
    assert changes.start_count + sum(c.count_delta for c in changes.changes) == changes.end_count
    start = before.summary(period=period)
    end = after.summary(period=period)
    assert (changes.start_count, changes.start_value) == (start.open_count, start.open_value)
    assert (changes.end_count, changes.end_weighted) == (end.open_count, end.weighted_value)
    assert sum(t.count for t in changes.totals) == len(changes.changes)
    assert PipelineChanges(**{f: getattr(changes, f) for f in _FIELDS}) == changes


_FIELDS = (
    "before_as_of",
    "after_as_of",
    "currency",
    "period",
    "start_count",
    "start_value",
    "start_weighted",
    "end_count",
    "end_value",
    "end_weighted",
    "changes",
    "totals",
)


@given(deal=strategies.opportunities(max_steps=3), data=st.data())
def test_changes_between_two_versions_of_real_deals_reconcile(
    deal: Opportunity, data: st.DataObject
) -> None:
    before = PipelineSnapshot.take(
        [deal], as_of=deal.updated_at, currency=deal.amount.currency.code
    )
    later = deal
    at = deal.updated_at
    for step in data.draw(st.lists(st.sampled_from(strategies.OPPORTUNITY_STEPS), max_size=5)):
        at = at.add(days=data.draw(st.integers(0, 30)))
        later = strategies.apply_opportunity_step(cast("st.DrawFn", data.draw), later, step, at, BY)
    after = PipelineSnapshot.take(
        [later], as_of=later.updated_at, currency=deal.amount.currency.code
    )
    changes = pipeline_changes(before, after)
    assert changes.reconciles
    if later.status is OpportunityStatus.WON and deal.is_open:
        assert [c.kind for c in changes.changes] == [ChangeKind.WON]
