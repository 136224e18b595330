"""The pytest plugin and the Hypothesis hook, as another project's test suite meets them.

Each test writes a small project with ``pytester`` and runs pytest on it: the
fixtures must be there without any ``conftest.py``, and ``st.from_type`` must
know the library's types without the project importing ``pcf_sales.testing``.
"""

from __future__ import annotations

import sys
import textwrap
from typing import Final

import pytest

pytest_plugins = ["pytester"]

FIXTURES: Final = (
    "pcf_instant",
    "pcf_fiscal_calendar",
    "pcf_factories",
    "pcf_scoring_model",
    "pcf_qualification_framework",
    "pcf_sample_company",
)

PROJECT_TESTS: Final = textwrap.dedent(
    """\
    from __future__ import annotations

    import types

    import pendulum

    from pcf_sales.core import FiscalCalendar
    from pcf_sales.leads import Lead, LeadStatus, QualificationFramework, ScoringModel
    from pcf_sales.samples import SampleCompany


    def test_the_instant_is_fixed_and_aware(pcf_instant):
        assert isinstance(pcf_instant, pendulum.DateTime)
        assert pcf_instant.isoformat() == "2026-03-02T09:00:00+00:00"


    def test_the_fiscal_calendar_starts_in_january(pcf_fiscal_calendar):
        assert pcf_fiscal_calendar == FiscalCalendar(start_month=1)


    def test_the_factories_make_leads(pcf_factories, pcf_instant):
        assert isinstance(pcf_factories, types.ModuleType)
        lead = pcf_factories.make_lead(LeadStatus.QUALIFIED)
        assert isinstance(lead, Lead)
        assert lead.status is LeadStatus.QUALIFIED
        assert lead.received_at == pcf_instant


    def test_the_scoring_model_is_the_default(pcf_scoring_model, pcf_factories, pcf_instant):
        assert pcf_scoring_model == ScoringModel.default()
        score = pcf_scoring_model.score(pcf_factories.make_lead(), as_of=pcf_instant)
        assert score.lead_id == "lead-1"


    def test_the_framework_is_bant(pcf_qualification_framework):
        assert isinstance(pcf_qualification_framework, QualificationFramework)
        assert pcf_qualification_framework.keys == ("budget", "authority", "need", "timeline")


    def test_the_sample_company_has_leads(pcf_sample_company):
        assert isinstance(pcf_sample_company, SampleCompany)
        assert len(pcf_sample_company.leads) > 0


    def test_the_sample_company_is_built_once_per_session(pcf_sample_company):
        from pcf_sales.samples import sample_company

        assert pcf_sample_company is sample_company()
    """
)

FROM_TYPE_TESTS: Final = textwrap.dedent(
    """\
    from __future__ import annotations

    import sys

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pcf_sales.leads import Lead, LeadStatus


    @settings(max_examples=25, deadline=None)
    @given(st.from_type(Lead))
    def test_from_type_draws_leads(lead):
        assert isinstance(lead, Lead)
        assert isinstance(lead.status, LeadStatus)
        assert lead.revision == len(lead.history)


    def test_the_strategies_were_loaded_by_the_hypothesis_hook():
        assert "pcf_sales.testing.strategies" in sys.modules
    """
)


def test_the_fixtures_work_in_a_project_without_any_conftest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_project=PROJECT_TESTS)
    result = pytester.runpytest("-q")
    result.assert_outcomes(passed=7)


def test_the_fixtures_are_listed_by_pytest_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_nothing="def test_nothing():\n    assert True\n")
    result = pytester.runpytest("--fixtures")
    assert result.ret == 0
    listed = result.stdout.str()
    for name in FIXTURES:
        assert name in listed, name
    result.stdout.fnmatch_lines(["*A fixed, timezone-aware instant*"])


def test_disabling_the_plugin_removes_the_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_uses="def test_uses(pcf_instant):\n    assert pcf_instant\n")
    result = pytester.runpytest("-p", "no:pcf_sales")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'pcf_instant' not found*"])


def test_from_type_knows_leads_without_importing_the_testing_kit(
    pytester: pytest.Pytester,
) -> None:
    assert "import pcf_sales.testing" not in FROM_TYPE_TESTS
    assert "from pcf_sales.testing" not in FROM_TYPE_TESTS
    pytester.makepyfile(test_from_type=FROM_TYPE_TESTS)
    # A fresh interpreter, so Hypothesis loads its entry points itself; the
    # pytest plugin is switched off to show the Hypothesis hook alone suffices.
    result = pytester.runpytest_subprocess("-p", "no:pcf_sales", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_the_strategies_module_can_be_imported_before_hypothesis(
    pytester: pytest.Pytester,
) -> None:
    # A notebook or script that imports the strategies first: Hypothesis is
    # imported by them and its entry point then asks for them in turn.
    result = pytester.run(
        sys.executable,
        "-c",
        "import pcf_sales.testing.strategies as s; print(len(s.STRATEGIES))",
    )
    assert result.ret == 0, result.stderr.str()
    assert int(result.stdout.str().strip()) > 0


def test_the_factories_module_can_be_imported_on_its_own(pytester: pytest.Pytester) -> None:
    result = pytester.run(
        sys.executable, "-c", "import pcf_sales.testing.factories as f; print(f.make_lead().id)"
    )
    assert result.ret == 0, result.stderr.str()
    assert result.stdout.str().strip() == "lead-1"
