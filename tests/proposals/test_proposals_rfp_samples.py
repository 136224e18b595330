"""The sample company's requests for proposal and quote."""

from __future__ import annotations

import pytest

from pcf_sales.opportunities import OpportunityStatus
from pcf_sales.proposals import BidOutcome, RfpStatus
from pcf_sales.samples import SAMPLE_AS_OF, SampleCompany, sample_company
from pcf_sales.serialization import from_document, to_document


@pytest.fixture(scope="module")
def company() -> SampleCompany:
    return sample_company()


def test_a_share_of_the_deals_comes_with_a_request(company: SampleCompany) -> None:
    share = len(company.rfps) / len(company.opportunities)
    assert 0.2 <= share <= 0.6
    assert len({r.opportunity_id for r in company.rfps}) == len(company.rfps)


def test_the_requests_are_the_same_for_the_same_seed(company: SampleCompany) -> None:
    assert sample_company().rfps == company.rfps
    assert sample_company(seed=1).rfps != company.rfps


def test_every_request_belongs_to_its_deal_and_account(company: SampleCompany) -> None:
    deals = {o.id: o for o in company.opportunities}
    for rfp in company.rfps:
        deal = deals[rfp.opportunity_id]
        assert rfp.account_id == deal.account_id
        assert rfp.received_at >= deal.created_at
        assert rfp.updated_at <= SAMPLE_AS_OF


def test_outcomes_follow_the_deals(company: SampleCompany) -> None:
    deals = {o.id: o for o in company.opportunities}
    for rfp in company.rfps:
        deal = deals[rfp.opportunity_id]
        if rfp.status is RfpStatus.WON:
            assert deal.status is OpportunityStatus.WON
        if rfp.status in (RfpStatus.LOST, RfpStatus.NO_BID):
            assert deal.status is OpportunityStatus.LOST
        if rfp.status is RfpStatus.NO_BID:
            assert rfp.bid_decision is not None
            assert rfp.bid_decision.outcome is BidOutcome.NO_BID


def test_the_samples_cover_the_interesting_paths(company: SampleCompany) -> None:
    statuses = {r.status for r in company.rfps}
    assert {RfpStatus.WON, RfpStatus.LOST, RfpStatus.NO_BID} <= statuses
    assert any(r.revision_round for r in company.rfps)
    assert any(r.questions for r in company.rfps)


def test_submitted_requests_answered_every_requirement(company: SampleCompany) -> None:
    for rfp in company.rfps:
        if any(e.command in ("submit", "resubmit") for e in rfp.history):
            assert rfp.compliance_coverage().is_complete


def test_the_requests_round_trip(company: SampleCompany) -> None:
    for rfp in company.rfps:
        assert from_document(to_document(rfp)) == rfp
