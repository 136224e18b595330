"""Lifecycle commands and lead scoring against baselines measured in the same run.

* One lifecycle command (``Lead.nurture`` on a working lead) and one data
  command (``Lead.assign``), each compared with a bare dict update and with
  ``attrs.evolve`` of the same lead, and measured on leads whose history is
  10, 100 and 1000 entries long (growth per 10x).
* ``ScoringModel.default().score`` on a lead with 10 and with 100 engagements.

Baselines come first in this file so the ratios can be computed as soon as
the command is measured; see ``benchmarks/README.md`` for how to read them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import attrs
import pendulum
import pytest

from pcf_sales.core import UserId
from pcf_sales.leads import Engagement, EngagementKind, Lead, LeadStatus, ScoringModel
from pcf_sales.serialization import to_dict
from pcf_sales.testing.factories import FIXED_INSTANT, make_engagement, make_lead

T = TypeVar("T")
SDR = UserId("sdr-1")
HISTORY_SIZES = (10, 100, 1000)
ENGAGEMENT_COUNTS = (10, 100)


@functools.cache
def working_lead(entries: int) -> Lead:
    """A working lead whose history has exactly ``entries`` entries (reassignments)."""
    lead = make_lead(LeadStatus.WORKING)
    owners = (UserId("sdr-1"), UserId("sdr-2"))
    while len(lead.history) < entries:
        lead = lead.assign(owners[len(lead.history) % 2], at=lead.updated_at.add(minutes=5), by=SDR)
    assert len(lead.history) == entries
    return lead


@functools.cache
def engaged_lead(count: int) -> Lead:
    """A lead with ``count`` engagements of every kind spread over the 90 days before receipt."""
    kinds = list(EngagementKind)
    engagements: list[Engagement] = [
        make_engagement(kinds[i % len(kinds)], at=FIXED_INSTANT.subtract(hours=(i * 2160) // count))
        for i in range(count)
    ]
    return make_lead(LeadStatus.WORKING, engagements=engagements)


class Measure(Protocol):
    """The ``measure`` fixture of ``benchmarks/conftest.py``."""

    def __call__(self, key: str, function: Callable[[], T]) -> T: ...

    def ratio(self, label: str, numerator: str, denominator: str) -> float | None: ...


def next_instant(lead: Lead) -> pendulum.DateTime:
    return lead.updated_at.add(hours=1)


# --- baselines --------------------------------------------------------------------------


@pytest.mark.benchmark(group="lifecycle")
def test_baseline_bare_dict_update(measure: Measure) -> None:
    record: dict[str, Any] = to_dict(working_lead(10))

    def update() -> dict[str, Any]:
        return {**record, "status": "nurturing", "revision": record["revision"] + 1}

    result = measure("baseline.dict_update", update)
    assert result["status"] == "nurturing"
    assert result["revision"] == 11
    assert record["status"] == "working"


@pytest.mark.benchmark(group="lifecycle")
def test_baseline_attrs_evolve_of_the_lead(measure: Measure) -> None:
    lead = working_lead(10)

    def evolve() -> Lead:
        return attrs.evolve(lead, owner=UserId("sdr-3"))

    result = measure("baseline.attrs_evolve", evolve)
    assert result.owner == "sdr-3"
    assert result.revision == lead.revision


# --- one lifecycle command ------------------------------------------------------------


@pytest.mark.benchmark(group="lifecycle")
@pytest.mark.parametrize("entries", HISTORY_SIZES)
def test_nurture_a_working_lead(measure: Measure, entries: int) -> None:
    lead = working_lead(entries)
    at = next_instant(lead)

    def nurture() -> Lead:
        return lead.nurture(at=at, by=SDR)

    result = measure(f"nurture.{entries}", nurture)
    assert result.status is LeadStatus.NURTURING
    assert result.revision == entries + 1
    assert result.history[-1].event == "nurture_started"
    assert lead.status is LeadStatus.WORKING
    if entries == HISTORY_SIZES[0]:
        measure.ratio("nurture / bare dict update", "nurture.10", "baseline.dict_update")
        measure.ratio("nurture / attrs.evolve", "nurture.10", "baseline.attrs_evolve")
    else:
        smaller = HISTORY_SIZES[HISTORY_SIZES.index(entries) - 1]
        measure.ratio(
            f"nurture growth {smaller} -> {entries} entries",
            f"nurture.{entries}",
            f"nurture.{smaller}",
        )


@pytest.mark.benchmark(group="lifecycle")
@pytest.mark.parametrize("entries", HISTORY_SIZES)
def test_assign_a_lead(measure: Measure, entries: int) -> None:
    lead = working_lead(entries)
    at = next_instant(lead)
    owner = UserId("sdr-9")

    def assign() -> Lead:
        return lead.assign(owner, at=at, by=SDR)

    result = measure(f"assign.{entries}", assign)
    assert result.owner == owner
    assert result.status is LeadStatus.WORKING
    assert result.revision == entries + 1
    assert result.history[-1].changes == ("owner",)
    if entries == HISTORY_SIZES[0]:
        measure.ratio("assign / bare dict update", "assign.10", "baseline.dict_update")
        measure.ratio("assign / attrs.evolve", "assign.10", "baseline.attrs_evolve")
    else:
        smaller = HISTORY_SIZES[HISTORY_SIZES.index(entries) - 1]
        measure.ratio(
            f"assign growth {smaller} -> {entries} entries",
            f"assign.{entries}",
            f"assign.{smaller}",
        )


# --- scoring ----------------------------------------------------------------------------


@pytest.mark.benchmark(group="scoring")
@pytest.mark.parametrize("count", ENGAGEMENT_COUNTS)
def test_score_a_lead(measure: Measure, count: int) -> None:
    model = ScoringModel.default()
    lead = engaged_lead(count)
    as_of = FIXED_INSTANT.add(days=1)

    def score() -> Any:
        return model.score(lead, as_of=as_of)

    result = measure(f"score.{count}", score)
    assert result.lead_id == lead.id
    assert result.total == sum((c.points for c in result.contributions), start=result.total * 0)
    assert result.engagement_points > 0
    if count != ENGAGEMENT_COUNTS[0]:
        smaller = ENGAGEMENT_COUNTS[ENGAGEMENT_COUNTS.index(count) - 1]
        measure.ratio(
            f"score growth {smaller} -> {count} engagements", f"score.{count}", f"score.{smaller}"
        )
