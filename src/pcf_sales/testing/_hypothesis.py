"""Hypothesis entry point: register a strategy for every public type.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported (entry
point group ``hypothesis``), so ``st.from_type(Lead)`` works without importing
anything from :mod:`pcf_sales.testing`.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from pcf_sales.testing.strategies import register_type_strategies

    register_type_strategies()
