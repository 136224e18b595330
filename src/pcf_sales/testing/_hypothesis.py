"""Hypothesis entry point: register a strategy for every public type.

Hypothesis calls :func:`_hypothesis_setup_hook` at the end of its own import
(entry point group ``hypothesis``), so ``st.from_type(Lead)`` works without
importing anything from :mod:`pcf_sales.testing`. The hook imports only the
types and the table of strategy names; each strategy is looked up when it is
first used, so importing :mod:`pcf_sales.testing.strategies` before or after
Hypothesis makes no difference.
"""

from __future__ import annotations

from typing import Any


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from pcf_sales.core import HistoryEntry
    from pcf_sales.testing._registry import STRATEGY_NAMES

    def named(name: str) -> st.SearchStrategy[Any]:
        def make() -> st.SearchStrategy[Any]:
            from pcf_sales.testing import strategies

            factory = getattr(strategies, name)
            strategy: st.SearchStrategy[Any] = factory()
            return strategy

        return st.deferred(make)

    def history_entries(tp: Any) -> st.SearchStrategy[Any]:
        from pcf_sales.testing import strategies

        return strategies.history_entries_for(tp)

    for cls, name in STRATEGY_NAMES.items():
        st.register_type_strategy(cls, named(name))  # type: ignore[arg-type]
    st.register_type_strategy(HistoryEntry, history_entries)
