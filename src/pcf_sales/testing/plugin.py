"""pytest plugin (entry point ``pytest11``): fixtures for tests of code that uses pcf_sales.

Every fixture hands out an immutable value or a module of factories, so a
fixture shared across Hypothesis examples cannot leak state between them.
Nothing is imported until a fixture is used, so having pcf-sales installed
costs other test suites nothing. Fixture names start with ``pcf_`` so they
never clash with a project's own.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import pendulum

    from pcf_sales.core import FiscalCalendar
    from pcf_sales.leads import QualificationFramework, ScoringModel
    from pcf_sales.pricing import PriceBook, PricingEngine
    from pcf_sales.samples import SampleCompany


@pytest.fixture
def pcf_instant() -> pendulum.DateTime:
    """A fixed, timezone-aware instant: Monday 2 March 2026, 09:00 UTC."""
    from pcf_sales.testing.factories import FIXED_INSTANT

    return FIXED_INSTANT


@pytest.fixture
def pcf_fiscal_calendar() -> FiscalCalendar:
    """A fiscal calendar whose year starts in January."""
    from pcf_sales.core import FiscalCalendar

    return FiscalCalendar(start_month=1)


@pytest.fixture
def pcf_factories() -> types.ModuleType:
    """The :mod:`pcf_sales.testing.factories` module: ``pcf_factories.make_lead(...)``."""
    from pcf_sales.testing import factories

    return factories


@pytest.fixture
def pcf_scoring_model() -> ScoringModel:
    """The default lead scoring model."""
    from pcf_sales.leads import ScoringModel

    return ScoringModel.default()


@pytest.fixture
def pcf_qualification_framework() -> QualificationFramework:
    """The BANT qualification framework."""
    from pcf_sales.leads import QualificationFramework

    return QualificationFramework.bant()


@pytest.fixture
def pcf_price_book() -> PriceBook:
    """An active EUR price book (``PB-EUR``) with the factory catalog's list prices."""
    from pcf_sales.testing.factories import make_price_book

    return make_price_book()


@pytest.fixture
def pcf_pricing_engine() -> PricingEngine:
    """A pricing engine over the factory price book and catalog, with no rules."""
    from pcf_sales.testing.factories import make_pricing_engine

    return make_pricing_engine()


@pytest.fixture(scope="session")
def pcf_sample_company() -> SampleCompany:
    """The deterministic sample company (default seed), built once per test session."""
    from pcf_sales.samples import sample_company

    return sample_company()
