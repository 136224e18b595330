"""The examples of the opportunity guide and reference pages run and show what they say."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = ("guides/opportunities.rst", "reference/opportunities.rst")


@pytest.mark.parametrize("page", PAGES)
def test_the_page_examples_pass(page: str) -> None:
    path = DOCS / page
    result = doctest.testfile(
        str(path), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {page}"


@pytest.mark.parametrize("page", PAGES)
def test_the_page_draws_both_lifecycles_from_their_tables(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    assert ".. lifecycle:: pcf_sales.opportunities.OPPORTUNITY_LIFECYCLE" in text
    assert ".. lifecycle:: pcf_sales.opportunities.ACTIVITY_LIFECYCLE" in text
