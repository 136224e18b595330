"""Factories for the PCF catalogue types."""

from __future__ import annotations

from pcf_sales.pcf import Coverage, LevelCoverage, PcfElement, coverage, element

__all__ = ["make_coverage", "make_level_coverage", "make_pcf_element"]


def make_pcf_element(element_id: str = "3.5.1.3") -> PcfElement:
    """The shipped element ``element_id`` (3.5.1.3 validate and qualify, by default)."""
    return element(element_id)


def make_level_coverage(level: int = 4, total: int = 10, served: int = 3) -> LevelCoverage:
    """Three of ten level-4 elements served, unless told otherwise."""
    return LevelCoverage(level=level, total=total, served=served)


def make_coverage() -> Coverage:
    """The catalogue's current coverage."""
    return coverage()
