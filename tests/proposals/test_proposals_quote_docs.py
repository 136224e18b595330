"""The examples of the quote guide and reference pages run and show what they say."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = ("guides/quotes.rst", "reference/quotes.rst")


@pytest.mark.parametrize("page", PAGES)
def test_the_page_examples_pass(page: str) -> None:
    path = DOCS / page
    result = doctest.testfile(
        str(path), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {page}"


def test_the_reference_draws_the_quote_lifecycle_from_its_table() -> None:
    text = (DOCS / "reference/quotes.rst").read_text(encoding="utf-8")
    assert ".. lifecycle:: pcf_sales.proposals.QUOTE_LIFECYCLE" in text
