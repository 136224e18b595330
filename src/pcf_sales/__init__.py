"""pcf_sales: a pure-domain library for APQC PCF 3.0, Market and Sell Products and Services.

Typed, immutable objects and state machines with no I/O: host applications
persist them (see :mod:`pcf_sales.serialization`) and decide what happens
around them. The most used names are re-exported here; each package
(:mod:`pcf_sales.core`, :mod:`pcf_sales.leads`, ...) holds the rest.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

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

try:
    __version__ = version("pcf-sales")
except PackageNotFoundError:  # pragma: no cover - running from a source tree that is not installed
    __version__ = "0+unknown"

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
