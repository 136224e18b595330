"""The sample company: deterministic, realistic, and every record in it legal."""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pcf_sales import samples
from pcf_sales.core import FiscalCalendar
from pcf_sales.errors import ValidationError
from pcf_sales.leads import (
    LEAD_LIFECYCLE,
    Lead,
    LeadChannel,
    LeadStatus,
    QualificationFramework,
    ScoringModel,
)
from pcf_sales.samples import DEFAULT_SEED, SAMPLE_AS_OF, SampleCompany, sample_company
from pcf_sales.serialization import from_document, to_document


#: Builds a company without the cache, so that equality means "built the same", not "the same
#: object handed out twice".
def _build(seed: int, *, leads: int) -> SampleCompany:
    """Build without the cache, so equal results come from equal computations."""
    return samples._build.__wrapped__(seed, leads)


def _late_instants(company: SampleCompany) -> list[tuple[str, str, str]]:
    """Every recorded instant after the company's ``as_of``: (lead, what, when)."""
    late: list[tuple[str, str, str]] = []
    for lead in company.leads:
        late.extend(
            (lead.id, f"history:{e.command}", e.at.isoformat())
            for e in lead.history
            if e.at > SAMPLE_AS_OF
        )
        late.extend(
            (lead.id, f"engagement:{e.kind.value}", e.at.isoformat())
            for e in lead.engagements
            if e.at > SAMPLE_AS_OF
        )
    return late


# --- determinism -------------------------------------------------------------------------------


def test_the_same_seed_builds_an_equal_company() -> None:
    first = _build(7, leads=60)
    second = _build(7, leads=60)
    assert first is not second
    assert first == second
    assert [to_document(lead) for lead in first.leads] == [
        to_document(lead) for lead in second.leads
    ]


def test_different_seeds_build_different_companies() -> None:
    one, two = _build(1, leads=60), _build(2, leads=60)
    assert one != two
    assert [lead.person for lead in one.leads] != [lead.person for lead in two.leads]
    assert (one.seed, two.seed) == (1, 2)


def test_the_cached_company_equals_a_freshly_built_one() -> None:
    assert sample_company(11, leads=30) == _build(11, leads=30)


def test_the_default_seed_is_used_unless_told_otherwise(pcf_sample_company: SampleCompany) -> None:
    assert pcf_sample_company.seed == DEFAULT_SEED
    assert pcf_sample_company == sample_company()


# --- what the company holds --------------------------------------------------------------------


def test_the_company_has_its_name_policies_and_as_of(pcf_sample_company: SampleCompany) -> None:
    company = pcf_sample_company
    assert company.name == "Meridian Instruments"
    assert company.as_of == SAMPLE_AS_OF
    assert company.fiscal_calendar == FiscalCalendar(start_month=4)
    assert company.scoring_model == ScoringModel.default()
    assert company.qualification_framework == QualificationFramework.bant()


def test_the_company_has_as_many_leads_as_asked_with_unique_ids() -> None:
    company = _build(5, leads=45)
    assert len(company.leads) == 45
    assert len({lead.id for lead in company.leads}) == 45


def test_the_default_company_has_600_leads(pcf_sample_company: SampleCompany) -> None:
    assert len(pcf_sample_company.leads) == 600


def test_a_company_may_have_no_leads() -> None:
    assert _build(3, leads=0).leads == ()


def test_leads_are_listed_in_the_order_they_were_received(
    pcf_sample_company: SampleCompany,
) -> None:
    keys = [(lead.received_at, lead.id) for lead in pcf_sample_company.leads]
    assert keys == sorted(keys)


def test_the_default_company_has_leads_in_every_status(
    pcf_sample_company: SampleCompany,
) -> None:
    counts = Counter(lead.status for lead in pcf_sample_company.leads)
    assert set(counts) == set(LeadStatus)


def test_the_default_company_has_leads_from_every_channel(
    pcf_sample_company: SampleCompany,
) -> None:
    channels = {lead.source.channel for lead in pcf_sample_company.leads}
    assert channels == set(LeadChannel)


def test_leads_carry_engagements_and_a_seniority_for_scoring(
    pcf_sample_company: SampleCompany,
) -> None:
    leads = pcf_sample_company.leads
    assert sum(1 for lead in leads if lead.engagements) > len(leads) // 2
    assert all("seniority" in lead.custom_fields for lead in leads)
    grades = Counter(
        pcf_sample_company.scoring_model.score(lead, as_of=SAMPLE_AS_OF).grade
        for lead in leads
        if lead.is_open
    )
    assert len(grades) >= 3


# --- every record is legal ---------------------------------------------------------------------


def _check_lead(lead: Lead) -> None:
    LEAD_LIFECYCLE.check_history(lead)
    assert attrs.evolve(lead) == lead  # every validator of the lead, run again
    assert lead.revision == len(lead.history)
    assert (lead.disqualification is not None) == (lead.status is LeadStatus.DISQUALIFIED)
    assert (lead.conversion is not None) == (lead.status is LeadStatus.CONVERTED)


def test_every_lead_of_the_default_company_has_a_legal_history(
    pcf_sample_company: SampleCompany,
) -> None:
    for lead in pcf_sample_company.leads:
        _check_lead(lead)


def test_every_lead_of_the_default_company_round_trips_through_a_document(
    pcf_sample_company: SampleCompany,
) -> None:
    for lead in pcf_sample_company.leads:
        assert from_document(to_document(lead)) == lead


def test_the_company_round_trips_through_a_document_of_its_parts() -> None:
    company = _build(9, leads=25)
    rebuilt = attrs.evolve(
        company, leads=[from_document(to_document(lead)) for lead in company.leads]
    )
    assert rebuilt == company


def test_nothing_in_the_default_company_happens_after_as_of(
    pcf_sample_company: SampleCompany,
) -> None:
    assert _late_instants(pcf_sample_company) == []


def test_nothing_happens_after_as_of_even_for_a_lead_drawn_on_the_last_evening() -> None:
    # Seed 61 draws a lead received on the last sample day (a Saturday) in the evening.
    assert _late_instants(sample_company(61)) == []


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_any_seed_builds_legal_leads_before_as_of(seed: int) -> None:
    company = _build(seed, leads=25)
    for lead in company.leads:
        _check_lead(lead)
    assert _late_instants(company) == []


# --- bad arguments -----------------------------------------------------------------------------


@pytest.mark.parametrize("leads", [-1, 100_001])
def test_a_number_of_leads_out_of_range_is_refused(leads: int) -> None:
    with pytest.raises(ValidationError) as error:
        sample_company(1, leads=leads)
    assert error.value.field == "leads"


@pytest.mark.parametrize("leads", ["10", 10.0, True])
def test_a_number_of_leads_that_is_not_a_whole_number_is_refused(leads: object) -> None:
    with pytest.raises(ValidationError) as error:
        sample_company(1, leads=cast("Any", leads))
    assert error.value.field == "leads"


@pytest.mark.parametrize("seed", ["2026", 1.5, False])
def test_a_seed_that_is_not_a_whole_number_is_refused(seed: object) -> None:
    with pytest.raises(ValidationError) as error:
        sample_company(cast("Any", seed), leads=5)
    assert error.value.field == "seed"


@pytest.mark.parametrize(
    ("seed", "leads"),
    [(1.0, 5), (True, 5), (1, 5.0)],
    ids=["float-seed", "bool-seed", "float-leads"],
)
def test_a_cached_company_does_not_let_a_look_alike_argument_through(
    seed: object, leads: object
) -> None:
    sample_company(1, leads=5)  # cached now; 1.0 and True hash and compare equal to 1
    with pytest.raises(ValidationError) as error:
        sample_company(cast("Any", seed), leads=cast("Any", leads))
    assert error.value.field == ("leads" if isinstance(leads, float) else "seed")
