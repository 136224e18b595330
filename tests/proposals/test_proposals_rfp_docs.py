"""The examples of the proposal guide and reference pages run and show what they say."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from pcf_sales import proposals

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = ("guides/proposals.rst", "reference/proposals.rst")


@pytest.mark.parametrize("page", PAGES)
def test_the_page_examples_pass(page: str) -> None:
    result = doctest.testfile(
        str(DOCS / page), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {page}"


@pytest.mark.parametrize("page", PAGES)
def test_the_page_draws_the_request_lifecycle_from_its_table(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    assert ".. lifecycle:: pcf_sales.proposals.RFP_LIFECYCLE" in text


def test_the_reference_page_documents_every_request_side_name() -> None:
    text = (DOCS / "reference/proposals.rst").read_text(encoding="utf-8")
    documented = {
        line.split("pcf_sales.proposals.", 1)[1].strip()
        for line in text.splitlines()
        if line.startswith((".. autoclass::", ".. autofunction::"))
    }
    mine = {
        name
        for name in proposals.__all__
        if not name.endswith("_LIFECYCLE")
        and getattr(getattr(proposals, name), "__module__", "").startswith(
            tuple(
                f"pcf_sales.proposals.{m}"
                for m in (
                    "_bid",
                    "_competition",
                    "_compliance",
                    "_profitability",
                    "_requirements",
                    "_rfp",
                    "_schedule",
                    "_solution",
                    "_staffing",
                )
            )
        )
    }
    assert mine <= documented, sorted(mine - documented)
