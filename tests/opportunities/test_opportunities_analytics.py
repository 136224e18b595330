"""Stage conversion, stage velocity and sales-cycle length from the deals' histories."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import OpportunityId, Percentage, UserId
from pcf_sales.errors import ValidationError
from pcf_sales.opportunities import (
    ExitCriterion,
    ForecastCategory,
    Opportunity,
    OpportunityStatus,
    SalesProcess,
    Stage,
    sales_cycle,
    stage_conversion,
    stage_velocity,
)
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import FIXED_INSTANT, make_opportunity, make_win_loss_review

BY = UserId("ae-1")


def _deal(number: int, *stages: str, days: int = 10, outcome: str = "open") -> Opportunity:
    """A deal moved through ``stages`` (overriding the criteria), ``days`` apart, then closed."""
    deal = make_opportunity(id=OpportunityId(f"op-{number}"))
    at = deal.created_at
    for stage in stages:
        at = at.add(days=days)
        deal = deal.move_to_stage(stage, at=at, by=BY, override_reason="test")
    at = at.add(days=days)
    if outcome == "won":
        deal = deal.close_won(make_win_loss_review(), at=at, by=BY, override_reason="test")
    elif outcome == "lost":
        deal = deal.close_lost(make_win_loss_review(), at=at, by=BY)
    return deal


def test_conversion_counts_how_far_each_deal_got() -> None:
    deals = [
        _deal(1, "discover", "demonstrate", outcome="won"),
        _deal(2, "discover", outcome="lost"),
        _deal(3, outcome="lost"),
        _deal(4, "discover"),
        _deal(5, "propose", "discover"),
    ]
    rows = {row.stage: row for row in stage_conversion(deals)}
    qualify = rows["qualify"]
    assert (qualify.reached, qualify.advanced, qualify.lost, qualify.still_open) == (5, 4, 1, 0)
    assert qualify.rate == Percentage(Decimal("80.0"))
    discover = rows["discover"]
    assert (discover.reached, discover.advanced, discover.lost, discover.still_open) == (4, 2, 1, 1)
    assert discover.rate == Percentage(Decimal("66.7"))
    propose = rows["propose"]
    assert (propose.reached, propose.advanced, propose.still_open) == (2, 1, 1)
    assert rows["negotiate"].rate == Percentage(100)


def test_with_no_decided_deal_the_rate_is_unknown() -> None:
    (first, *_rest) = stage_conversion([_deal(1)])
    assert first.rate is None
    assert first.still_open == 1


def test_velocity_averages_finished_visits_and_counts_running_ones() -> None:
    deals = [
        _deal(1, "discover", days=10, outcome="won"),
        _deal(2, "discover", days=20),
        _deal(3, days=4, outcome="lost"),
    ]
    rows = {row.stage: row for row in stage_velocity(deals, as_of=FIXED_INSTANT.add(days=200))}
    qualify = rows["qualify"]
    assert (qualify.visits, qualify.running) == (3, 0)
    assert qualify.mean_days == Decimal("11.3")
    assert qualify.median_days == Decimal("10.0")
    discover = rows["discover"]
    assert (discover.visits, discover.running) == (1, 1)
    assert discover.mean_days == Decimal("10.0")
    assert rows["negotiate"].mean_days is None


def test_velocity_ignores_what_happens_after_as_of() -> None:
    deal = _deal(1, "discover", days=10, outcome="won")
    (qualify, discover, *_rest) = stage_velocity([deal], as_of=FIXED_INSTANT.add(days=15))
    assert (qualify.visits, discover.visits, discover.running) == (1, 0, 1)


def test_sales_cycle_measures_opening_to_closing() -> None:
    deals = [
        _deal(1, "discover", days=10, outcome="won"),
        _deal(2, "discover", "propose", days=10, outcome="won"),
        _deal(3, days=5, outcome="lost"),
        _deal(4, "discover"),
    ]
    won = sales_cycle(deals)
    assert (won.count, won.mean_days, won.median_days) == (2, Decimal("25.0"), Decimal("25.0"))
    assert (won.shortest_days, won.longest_days) == (Decimal("20.0"), Decimal("30.0"))
    lost = sales_cycle(deals, outcome=OpportunityStatus.LOST)
    assert (lost.count, lost.mean_days) == (1, Decimal("5.0"))
    assert sales_cycle([]).count == 0
    assert sales_cycle([]).mean_days is None


def test_an_open_sales_cycle_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        sales_cycle([], outcome=OpportunityStatus.OPEN)
    assert caught.value.field == "outcome"


def test_deals_in_stages_the_process_lacks_are_refused() -> None:
    other = SalesProcess(
        name="Short",
        stages=[
            Stage(
                key="talk",
                name="Talk",
                probability=Percentage(50),
                forecast_category=ForecastCategory.PIPELINE,
                exit_criteria=[ExitCriterion(key="talked", label="Talked")],
            )
        ],
    )
    with pytest.raises(ValidationError) as caught:
        stage_conversion([_deal(1)], process=other)
    assert caught.value.field == "opportunities[0]"
    with pytest.raises(ValidationError) as caught:
        stage_conversion(["deal"])  # type: ignore[list-item]
    assert caught.value.field == "opportunities[0]"


@given(deals=st.lists(strategies.opportunities(max_steps=6, currency="USD"), max_size=5))
def test_every_stage_row_adds_up(deals: list[Opportunity]) -> None:
    process = SalesProcess.default()
    usable = [d for d in deals if d.process == process]
    rows = stage_conversion(usable, process=process)
    assert [r.stage for r in rows] == list(process.keys)
    for row in rows:
        assert row.reached == row.advanced + row.lost + row.still_open
    reached = [r.reached for r in rows]
    assert reached == sorted(reached, reverse=True)
    assert all(r.reached <= len(usable) for r in rows)
