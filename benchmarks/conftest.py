"""Benchmark support: collect ``bench_*.py``, keep each median, report ratios at the end.

Every hot path is measured next to a baseline measured in the same run, and
the ratio (hot path / baseline) is what to read: absolute times depend on the
machine, ratios much less. Growth is the ratio of the same operation on an
input ten times larger.

``pytest benchmarks --benchmark-only`` measures; ``pytest benchmarks
--benchmark-disable`` (the CI smoke run) runs each benchmarked function once
and checks its result, without timing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeVar

import pytest

T = TypeVar("T")

#: Median seconds per call of every benchmark measured in this session, by key.
MEDIANS: Final[dict[str, float]] = {}
#: (label, numerator key, denominator key) of the ratios the summary reports.
RATIOS: Final[list[tuple[str, str, str]]] = []


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Module | None:
    # A file named on the command line is collected by pytest itself already.
    if parent.session.isinitpath(file_path):
        return None
    if file_path.suffix == ".py" and file_path.name.startswith("bench_"):
        module: pytest.Module = pytest.Module.from_parent(parent, path=file_path)
        return module
    return None


class Measure:
    """Runs one benchmark, keeps its median, and records ratios to earlier ones."""

    def __init__(self, benchmark: Any) -> None:
        self._benchmark = benchmark

    @property
    def enabled(self) -> bool:
        return not self._benchmark.disabled

    def __call__(self, key: str, function: Callable[[], T]) -> T:
        result: T = self._benchmark(function)
        stats = self._benchmark.stats
        if self.enabled and stats is not None:
            MEDIANS[key] = float(stats.stats.median)
            self._benchmark.extra_info["median_us"] = round(MEDIANS[key] * 1e6, 3)
        return result

    def ratio(self, label: str, numerator: str, denominator: str) -> float | None:
        """``numerator / denominator`` when both were measured, recorded in extra_info."""
        RATIOS.append((label, numerator, denominator))
        if numerator not in MEDIANS or denominator not in MEDIANS:
            return None
        value = MEDIANS[numerator] / MEDIANS[denominator]
        self._benchmark.extra_info[label] = round(value, 2)
        return value


@pytest.fixture
def measure(benchmark: Any) -> Measure:
    """The ``benchmark`` fixture, remembering medians so later benchmarks can compare."""
    return Measure(benchmark)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not RATIOS:
        return
    terminalreporter.section("pcf_sales ratios (median / median, same run)")
    seen: set[str] = set()
    for label, numerator, denominator in RATIOS:
        if label in seen:
            continue
        seen.add(label)
        if numerator in MEDIANS and denominator in MEDIANS:
            value = MEDIANS[numerator] / MEDIANS[denominator]
            line = (
                f"{label:<48} {value:8.2f}x   "
                f"({MEDIANS[numerator] * 1e6:.3f} us / {MEDIANS[denominator] * 1e6:.3f} us)"
            )
        else:
            line = f"{label:<48} not measured (benchmarks disabled or deselected)"
        terminalreporter.write_line(line)
