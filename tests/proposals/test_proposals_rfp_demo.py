"""The demo's proposal section: one request from receipt to outcome."""

from __future__ import annotations

from pcf_sales.__main__ import proposal_lines
from pcf_sales.samples import sample_company


def test_the_demo_follows_one_request_from_receipt_to_its_outcome() -> None:
    lines = proposal_lines(sample_company())
    text = "\n".join(lines)
    assert lines[1].startswith("A request from receipt to outcome (RFP-")
    assert lines[3].endswith(" received")
    assert "recommendation: bid" in text
    assert "must-haves met" in text
    assert "milestone D2:" in text
    assert "total 396.00 h" in text
    assert "the floor" in lines[-1]


def test_the_demo_section_is_the_same_for_the_same_seed() -> None:
    assert proposal_lines(sample_company(seed=3)) == proposal_lines(sample_company(seed=3))


def test_a_company_without_decided_requests_has_no_proposal_section() -> None:
    assert proposal_lines(sample_company(seed=7, leads=0)) == []
