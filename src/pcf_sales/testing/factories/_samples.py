"""Factory for the sample company."""

from __future__ import annotations

from pcf_sales.samples import DEFAULT_SEED, SampleCompany, sample_company

__all__ = ["make_sample_company"]


def make_sample_company(seed: int = DEFAULT_SEED, leads: int = 60) -> SampleCompany:
    """A small sample company (60 leads) from the default seed, unless told otherwise."""
    return sample_company(seed, leads=leads)
