"""Strategies for the PCF catalogue types."""

from __future__ import annotations

from hypothesis import strategies as st

from pcf_sales.pcf import Coverage, LevelCoverage, PcfElement, coverage, elements

__all__ = ["coverages", "level_coverages", "pcf_elements"]


def pcf_elements() -> st.SearchStrategy[PcfElement]:
    """Elements of the shipped PCF 3.0 table."""
    return st.sampled_from(elements())


@st.composite
def level_coverages(draw: st.DrawFn) -> LevelCoverage:
    """Coverage of one level: served never exceeds total."""
    total = draw(st.integers(min_value=0, max_value=200))
    return LevelCoverage(
        level=draw(st.integers(min_value=2, max_value=5)),
        total=total,
        served=draw(st.integers(min_value=0, max_value=total)),
    )


def coverages() -> st.SearchStrategy[Coverage]:
    """The catalogue's current coverage."""
    return st.just(coverage())
