"""The test kit: Hypothesis strategies, factories and a pytest plugin.

* :mod:`pcf_sales.testing.strategies`: a strategy for every public type,
  registered with Hypothesis so ``st.from_type(T)`` works;
* :mod:`pcf_sales.testing.factories`: ``make_<type>(**overrides)`` with
  deterministic, readable defaults;
* :mod:`pcf_sales.testing.plugin`: pytest fixtures (``pcf_instant``,
  ``pcf_fiscal_calendar``, ``pcf_factories``, ``pcf_price_book``,
  ``pcf_pricing_engine``, ``pcf_sample_company``, ...),
  loaded automatically when pcf-sales is installed.

Hypothesis and pytest are needed only for the strategies and the plugin;
install them with the ``test`` extra.
"""

from __future__ import annotations

__all__: list[str] = []
