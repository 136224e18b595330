"""pcf_sales: a pure-domain library for APQC PCF 3.0, Market and Sell Products and Services.

Typed, immutable objects and state machines with no I/O: host applications
persist them (see :mod:`pcf_sales.serialization`) and decide what happens
around them. The most used names are available here; each package
(:mod:`pcf_sales.core`, :mod:`pcf_sales.leads`, ...) holds the rest.

Names are imported on first use, so importing ``pcf_sales`` (as the pytest
plugin and the Hypothesis hook do in every test run) costs next to nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pcf_sales.core import (
        FiscalCalendar,
        FxTable,
        Lifecycle,
        Percentage,
        RoundingMode,
        allocate,
        money,
    )
    from pcf_sales.errors import (
        CurrencyMismatch,
        GuardFailed,
        InvalidTransition,
        MissingFxRate,
        PcfSalesError,
        ValidationError,
    )
    from pcf_sales.leads import Lead, LeadStatus, ScoringModel

__all__ = [
    "CurrencyMismatch",
    "FiscalCalendar",
    "FxTable",
    "GuardFailed",
    "InvalidTransition",
    "Lead",
    "LeadStatus",
    "Lifecycle",
    "MissingFxRate",
    "PcfSalesError",
    "Percentage",
    "RoundingMode",
    "ScoringModel",
    "ValidationError",
    "__version__",
    "allocate",
    "money",
]

_HOMES = {
    "CurrencyMismatch": "pcf_sales.errors",
    "GuardFailed": "pcf_sales.errors",
    "InvalidTransition": "pcf_sales.errors",
    "MissingFxRate": "pcf_sales.errors",
    "PcfSalesError": "pcf_sales.errors",
    "ValidationError": "pcf_sales.errors",
    "FiscalCalendar": "pcf_sales.core",
    "FxTable": "pcf_sales.core",
    "Lifecycle": "pcf_sales.core",
    "Percentage": "pcf_sales.core",
    "RoundingMode": "pcf_sales.core",
    "allocate": "pcf_sales.core",
    "money": "pcf_sales.core",
    "Lead": "pcf_sales.leads",
    "LeadStatus": "pcf_sales.leads",
    "ScoringModel": "pcf_sales.leads",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("pcf-sales")
        except PackageNotFoundError:  # pragma: no cover - a source tree that is not installed
            found = "0+unknown"
        globals()["__version__"] = found
        return found
    home = _HOMES.get(name)
    if home is None:
        msg = f"module 'pcf_sales' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
