"""Quote commands and the outcome report against baselines measured in the same run.

* ``Quote.present`` (a lifecycle command on an approved quote whose history
  has 10 entries) compared with a bare dict update of the same quote's
  plain-dict form.
* ``quote_outcomes`` over 100 and 1000 quotes in every status, compared with
  counting the same quotes' statuses in a plain loop over dicts, and its
  growth for 10x the quotes.

See ``benchmarks/README.md`` for how to read the ratios.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import attrs
import pendulum
import pytest

from pcf_sales.core import QuoteId, UserId
from pcf_sales.proposals import Quote, QuoteOutcomes, QuoteStatus, quote_outcomes
from pcf_sales.serialization import to_dict
from pcf_sales.testing.factories import make_quote

T = TypeVar("T")
REP = UserId("rep-1")
COUNTS = (100, 1000)
AS_OF = pendulum.datetime(2026, 3, 20, tz="UTC")
#: The statuses a counted quote can be in (a superseded version needs its successor).
STATUSES = tuple(s for s in QuoteStatus if s is not QuoteStatus.SUPERSEDED)


class Measure(Protocol):
    """The ``measure`` fixture of ``benchmarks/conftest.py``."""

    def __call__(self, key: str, function: Callable[[], T]) -> T: ...

    def ratio(self, label: str, numerator: str, denominator: str) -> float | None: ...


@functools.cache
def approved_quote() -> Quote:
    return make_quote(QuoteStatus.APPROVED)


@functools.cache
def many_quotes(count: int) -> tuple[Quote, ...]:
    by_status = {status: make_quote(status) for status in STATUSES}
    found = []
    for number in range(count):
        quote = by_status[STATUSES[number % len(STATUSES)]]
        found.append(attrs.evolve(quote, id=QuoteId(f"Q-{number:05d}")))
    return tuple(found)


# --- baselines --------------------------------------------------------------------------


@pytest.mark.benchmark(group="quotes")
def test_baseline_bare_dict_update_of_a_quote(measure: Measure) -> None:
    record: dict[str, Any] = to_dict(approved_quote())

    def update() -> dict[str, Any]:
        return {**record, "status": "presented", "revision": record["revision"] + 1}

    result = measure("baseline.quote_dict_update", update)
    assert result["status"] == "presented"
    assert record["status"] == "approved"


@pytest.mark.benchmark(group="quotes")
@pytest.mark.parametrize("count", COUNTS)
def test_baseline_count_statuses_over_dicts(measure: Measure, count: int) -> None:
    records = [{"id": q.id, "status": q.status.value} for q in many_quotes(count)]

    def tally() -> Counter[str]:
        return Counter(record["status"] for record in records)

    result = measure(f"baseline.status_count.{count}", tally)
    assert sum(result.values()) == count


# --- the quote ---------------------------------------------------------------------------


@pytest.mark.benchmark(group="quotes")
def test_present_an_approved_quote(measure: Measure) -> None:
    quote = approved_quote()
    at = quote.history[-1].at.add(hours=1)

    def present() -> Quote:
        return quote.present(at=at, by=REP)

    result = measure("quote.present", present)
    assert result.status is QuoteStatus.PRESENTED
    assert result.revision == quote.revision + 1
    measure.ratio("Quote.present / bare dict update", "quote.present", "baseline.quote_dict_update")


@pytest.mark.benchmark(group="quotes")
@pytest.mark.parametrize("count", COUNTS)
def test_quote_outcomes(measure: Measure, count: int) -> None:
    quotes = many_quotes(count)

    def report() -> QuoteOutcomes:
        return quote_outcomes(quotes, as_of=AS_OF)

    result = measure(f"quote_outcomes.{count}", report)
    assert len(result.quotes) == count
    assert result.acceptance_rate is not None
    measure.ratio(
        f"quote_outcomes / status count ({count} quotes)",
        f"quote_outcomes.{count}",
        f"baseline.status_count.{count}",
    )
    if count != COUNTS[0]:
        measure.ratio(
            f"quote_outcomes growth {COUNTS[0]} -> {count} quotes",
            f"quote_outcomes.{count}",
            f"quote_outcomes.{COUNTS[0]}",
        )
