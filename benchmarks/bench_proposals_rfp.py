"""Request commands and scheduling against baselines measured in the same run.

* One lifecycle command (``Rfp.start_preparation``) and one data command
  (``Rfp.answer_requirement``) on a request with 10 requirements, compared with
  a bare dict update and with ``attrs.evolve`` of the same request.
* ``Schedule.of`` on plans of 20 and 200 chained tasks, compared with a bare
  loop over dicts that computes the same earliest start days (as day numbers,
  weekends skipped by arithmetic), and its growth per 10x.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol, TypeVar

import attrs
import pendulum
import pytest

from pcf_sales.core import UserId
from pcf_sales.proposals import (
    ComplianceLevel,
    Rfp,
    RfpStatus,
    Schedule,
    SolutionPlan,
    SolutionTask,
)
from pcf_sales.serialization import to_dict
from pcf_sales.testing.factories import (
    make_compliance_answer,
    make_deliverable,
    make_requirement,
    make_rfp,
    make_service_role,
)

T = TypeVar("T")
BY = UserId("bid-desk")
TASK_COUNTS = (20, 200)
START = pendulum.Date(2026, 3, 2)


class Measure(Protocol):
    """The ``measure`` fixture of ``benchmarks/conftest.py``."""

    def __call__(self, key: str, function: Callable[[], T]) -> T: ...

    def ratio(self, label: str, numerator: str, denominator: str) -> float | None: ...


@functools.cache
def decided_rfp() -> Rfp:
    """A request with 10 requirements, decided to bid."""
    requirements = [make_requirement(f"R-{i}") for i in range(1, 11)]
    return make_rfp(RfpStatus.BID_DECIDED, requirements=requirements)


@functools.cache
def chained_plan(count: int) -> SolutionPlan:
    """``count`` tasks, each depending on the one before and on the one three back."""
    tasks = []
    for index in range(1, count + 1):
        depends = tuple(f"T{i}" for i in (index - 1, index - 3) if i >= 1)
        tasks.append(
            SolutionTask(
                key=f"T{index}",
                name=f"Task {index}",
                deliverable="D1",
                role="engineer",
                effort_hours=Decimal(8 * (index % 5 + 1)),
                duration_days=index % 5 + 1,
                depends_on=depends,
            )
        )
    return SolutionPlan(
        roles=(make_service_role(),), deliverables=(make_deliverable(),), tasks=tuple(tasks)
    )


# --- baselines --------------------------------------------------------------------------


@pytest.mark.benchmark(group="proposals")
def test_baseline_bare_dict_update_of_a_request(measure: Measure) -> None:
    record: dict[str, Any] = to_dict(decided_rfp())

    def update() -> dict[str, Any]:
        return {**record, "status": "in_preparation", "revision": record["revision"] + 1}

    result = measure("rfp.baseline.dict_update", update)
    assert result["status"] == "in_preparation"


@pytest.mark.benchmark(group="proposals")
def test_baseline_attrs_evolve_of_a_request(measure: Measure) -> None:
    rfp = decided_rfp()

    def evolve() -> Rfp:
        return attrs.evolve(rfp, owner=UserId("bm-2"))

    result = measure("rfp.baseline.attrs_evolve", evolve)
    assert result.owner == "bm-2"


def _bare_schedule(plan: list[tuple[str, int, tuple[str, ...]]]) -> dict[str, tuple[int, int]]:
    """Earliest (start, end) business-day numbers of tasks given in dependency order."""
    placed: dict[str, tuple[int, int]] = {}
    for key, duration, depends in plan:
        start = 0
        for dep in depends:
            start = max(start, placed[dep][1] + 1)
        placed[key] = (start, start + duration - 1)
    return placed


@pytest.mark.benchmark(group="proposals")
@pytest.mark.parametrize("count", TASK_COUNTS)
def test_baseline_bare_schedule_loop(measure: Measure, count: int) -> None:
    rows = [(t.key, t.duration_days, t.depends_on) for t in chained_plan(count).tasks]

    result = measure(f"schedule.baseline.{count}", lambda: _bare_schedule(rows))
    assert len(result) == count


# --- request commands -------------------------------------------------------------------


@pytest.mark.benchmark(group="proposals")
def test_start_preparation_of_a_request(measure: Measure) -> None:
    rfp = decided_rfp()
    at = rfp.updated_at.add(hours=1)

    def start() -> Rfp:
        return rfp.start_preparation(at=at, by=BY)

    result = measure("rfp.start_preparation", start)
    assert result.status is RfpStatus.IN_PREPARATION
    assert rfp.status is RfpStatus.BID_DECIDED
    measure.ratio(
        "rfp start_preparation / bare dict update",
        "rfp.start_preparation",
        "rfp.baseline.dict_update",
    )
    measure.ratio(
        "rfp start_preparation / attrs.evolve", "rfp.start_preparation", "rfp.baseline.attrs_evolve"
    )


@pytest.mark.benchmark(group="proposals")
def test_answer_a_requirement(measure: Measure) -> None:
    rfp = decided_rfp()
    at = rfp.updated_at.add(hours=1)
    answer = make_compliance_answer("R-7", ComplianceLevel.COMPLY)

    def run() -> Rfp:
        return rfp.answer_requirement(answer, at=at, by=BY)

    result = measure("rfp.answer_requirement", run)
    assert result.compliance == (answer,)
    measure.ratio(
        "rfp answer_requirement / attrs.evolve",
        "rfp.answer_requirement",
        "rfp.baseline.attrs_evolve",
    )


# --- scheduling ---------------------------------------------------------------------------


@pytest.mark.benchmark(group="proposals")
@pytest.mark.parametrize("count", TASK_COUNTS)
def test_schedule_a_plan(measure: Measure, count: int) -> None:
    plan = chained_plan(count)

    def run() -> Schedule:
        return Schedule.of(plan, start=START)

    result = measure(f"schedule.{count}", run)
    assert len(result.tasks) == count
    ends = {t.task_key: t.end for t in result.tasks}
    assert all(t.start > ends[d] for t in result.tasks for d in t.depends_on)
    measure.ratio(
        f"Schedule.of / bare loop ({count} tasks)",
        f"schedule.{count}",
        f"schedule.baseline.{count}",
    )
    if count != TASK_COUNTS[0]:
        measure.ratio(
            f"Schedule.of growth {TASK_COUNTS[0]} -> {count} tasks",
            f"schedule.{count}",
            f"schedule.{TASK_COUNTS[0]}",
        )
