"""Strategies for the sample company."""

from __future__ import annotations

from hypothesis import strategies as st

from pcf_sales.samples import SampleCompany, sample_company

__all__ = ["sample_companies"]


def sample_companies(*, max_leads: int = 12) -> st.SearchStrategy[SampleCompany]:
    """Small sample companies from any seed (the full default one is slow to draw)."""
    return st.builds(
        sample_company,
        st.integers(min_value=0, max_value=10_000),
        leads=st.integers(min_value=0, max_value=max_leads),
    )
