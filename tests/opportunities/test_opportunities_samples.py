"""The sample company's sales side and the demo's pipeline sections: deterministic, legal,
linked by id, nothing after ``as_of``, and pipeline changes that reconcile."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pcf_sales import samples
from pcf_sales.__main__ import changes_lines, conversion_lines, demo_report, pipeline_lines
from pcf_sales.leads import LeadStatus
from pcf_sales.opportunities import (
    ActivityStatus,
    OpportunityStatus,
    pipeline_changes,
    stage_conversion,
)
from pcf_sales.samples import SAMPLE_AS_OF, SampleCompany, sample_company
from pcf_sales.serialization import from_document, to_document


@pytest.fixture(scope="module")
def company() -> SampleCompany:
    return sample_company()


def test_the_same_seed_builds_the_same_sales_records() -> None:
    first = samples._build.__wrapped__(11, 80)
    second = samples._build.__wrapped__(11, 80)
    assert first is not second
    assert first == second
    assert [to_document(d) for d in first.opportunities] == [
        to_document(d) for d in second.opportunities
    ]


def test_the_default_company_has_accounts_contacts_deals_and_activities(
    company: SampleCompany,
) -> None:
    assert len(company.accounts) > 30
    assert len(company.opportunities) > 30
    assert len(company.activities) > len(company.opportunities)
    statuses = Counter(d.status for d in company.opportunities)
    assert set(statuses) == set(OpportunityStatus)
    assert {a.status for a in company.activities} >= {
        ActivityStatus.COMPLETED,
        ActivityStatus.CANCELLED,
    }
    assert {d.amount.currency.code for d in company.opportunities} == {"EUR", "USD", "GBP"}


def test_every_converted_lead_points_at_records_that_exist(company: SampleCompany) -> None:
    accounts = {a.id: a for a in company.accounts}
    contacts = {c.id: c for c in company.contacts}
    deals = {d.id: d for d in company.opportunities}
    converted = [lead for lead in company.leads if lead.status is LeadStatus.CONVERTED]
    assert converted
    for lead in converted:
        conversion = lead.conversion
        assert conversion is not None
        assert conversion.account_id in accounts
        assert contacts[conversion.contact_id].account_id == conversion.account_id
        if conversion.opportunity_id is not None:
            deal = deals[conversion.opportunity_id]
            assert deal.account_id == conversion.account_id
            assert deal.source.lead_id == lead.id
    assert len(deals) == sum(
        1 for lead in converted if lead.conversion and lead.conversion.opportunity_id
    )


def test_no_person_is_a_contact_twice(company: SampleCompany) -> None:
    emails = Counter(c.person.email.normalised for c in company.contacts if c.person.email)
    assert all(count == 1 for count in emails.values())


def test_accounts_that_won_a_deal_are_customers(company: SampleCompany) -> None:
    winners = {d.account_id for d in company.opportunities if d.status is OpportunityStatus.WON}
    for account in company.accounts:
        assert account.is_customer == (account.id in winners)


def test_every_sales_record_is_legal_and_round_trips(company: SampleCompany) -> None:
    records: tuple[Any, ...] = (
        *company.accounts,
        *company.contacts,
        *company.opportunities,
        *company.activities,
    )
    for record in records:
        assert attrs.evolve(record) == record
        assert from_document(to_document(record)) == record


def test_nothing_in_the_sales_records_happens_after_as_of(company: SampleCompany) -> None:
    records: tuple[Any, ...] = (
        *company.accounts,
        *company.contacts,
        *company.opportunities,
        *company.activities,
    )
    for record in records:
        assert all(entry.at <= SAMPLE_AS_OF for entry in record.history)


def test_snapshots_run_quarter_by_quarter_to_as_of_and_reconcile(company: SampleCompany) -> None:
    snapshots = company.pipeline_snapshots
    assert snapshots[-1].as_of == SAMPLE_AS_OF
    assert [s.as_of for s in snapshots] == sorted(s.as_of for s in snapshots)
    assert len(snapshots[-1]) == len(company.opportunities)
    for before, after in itertools.pairwise(snapshots):
        assert pipeline_changes(before, after).reconciles
    latest = {d.id: d for d in company.opportunities}
    for entry in snapshots[-1].entries:
        assert entry.status is latest[entry.opportunity_id].status


def test_stage_conversion_of_the_sample_reads_as_a_funnel(company: SampleCompany) -> None:
    rows = stage_conversion(company.opportunities)
    reached = [r.reached for r in rows]
    assert reached == sorted(reached, reverse=True)
    assert reached[0] == len(company.opportunities)


def test_the_demo_reports_the_pipeline_its_changes_and_conversion(company: SampleCompany) -> None:
    pipeline = "\n".join(pipeline_lines(company))
    assert "Pipeline as of 2026-10-31 (EUR)" in pipeline
    assert "Coverage: FY2027 Q3" in pipeline
    changes = "\n".join(changes_lines(company))
    assert "start + changes = end: reconciles to the cent" in changes
    conversion = "\n".join(conversion_lines(company))
    assert "Sales cycle of" in conversion
    report = demo_report()
    assert pipeline in report
    assert changes in report


def test_a_tiny_company_still_builds_and_reports() -> None:
    tiny = samples._build.__wrapped__(5, 0)
    assert tiny.opportunities == ()
    assert len(tiny.pipeline_snapshots[-1]) == 0
    assert "start + changes = end: reconciles to the cent" in changes_lines(tiny)[-1]
    assert "0 open deals" in "\n".join(pipeline_lines(tiny))
    assert "Sales cycle of 0 won deals" in demo_report(5, leads=0)


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_any_seed_builds_legal_sales_records(seed: int) -> None:
    built = samples._build.__wrapped__(seed, 120)
    for deal in built.opportunities:
        assert attrs.evolve(deal) == deal
        assert all(entry.at <= SAMPLE_AS_OF for entry in deal.history)
    for before, after in itertools.pairwise(built.pipeline_snapshots):
        assert pipeline_changes(before, after).reconciles
