"""Example tests of the Lead aggregate: every command, every refusal, every bad input."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any, cast

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import (
    AccountId,
    ContactId,
    CustomFields,
    EmailAddress,
    HistoryEntry,
    LeadId,
    OpportunityId,
    PersonDetails,
    UserId,
)
from pcf_sales.errors import GuardFailed, InvalidTransition, ValidationError
from pcf_sales.leads import (
    LEAD_LIFECYCLE,
    CompanyDetails,
    CriterionAnswer,
    Disqualification,
    DisqualificationReason,
    Engagement,
    EngagementKind,
    Lead,
    LeadChannel,
    LeadConversion,
    LeadStatus,
    QualificationFramework,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    bant_answers,
    make_company_details,
    make_engagement,
    make_lead,
    make_lead_source,
    make_person_details,
)

BY = UserId("sdr-7")
GUARD = "qualification criteria met"


def _snapshot(lead: Lead) -> dict[str, Any]:
    """An independent copy of everything a lead holds, to check nothing changed."""
    return to_document(lead)


def _next(lead: Lead, hours: int = 1) -> pendulum.DateTime:
    return lead.updated_at.add(hours=hours)


def _check_step(
    before: Lead,
    after: Lead,
    command: str,
    event: str,
    to_state: LeadStatus,
    at: pendulum.DateTime,
    *,
    reason: str | None = None,
    changes: tuple[str, ...] = (),
    overridden: tuple[str, ...] = (),
) -> None:
    assert after.status is to_state
    assert after.revision == before.revision + 1
    assert after.history[:-1] == before.history
    entry = after.history[-1]
    assert entry.command == command
    assert entry.event == event
    assert entry.from_state is before.status
    assert entry.to_state is to_state
    assert entry.at == at
    assert entry.by == BY
    assert entry.reason == reason
    assert entry.changes == changes
    assert entry.overridden == overridden
    assert after.id == before.id


# --- receive -------------------------------------------------------------------------


def test_receiving_a_lead_creates_it_new_at_revision_one() -> None:
    engagement = make_engagement(EngagementKind.WEB_VISIT, at=FIXED_INSTANT.subtract(days=1))
    lead = Lead.receive(
        id=LeadId("L-1"),
        at=FIXED_INSTANT,
        by=BY,
        person=make_person_details(),
        source=make_lead_source(),
        company=make_company_details(),
        owner=UserId("sdr-1"),
        tags=(" VIP ", "vip", "Fair"),
        custom_fields=CustomFields({"seniority": "vp"}),
        engagements=[engagement],
    )
    assert lead.status is LeadStatus.NEW
    assert lead.revision == 1
    assert lead.tags == ("fair", "vip")
    assert lead.engagements == (engagement,)
    assert lead.owner == "sdr-1"
    assert lead.received_at == FIXED_INSTANT
    assert lead.updated_at == FIXED_INSTANT
    assert lead.qualification is None
    assert lead.disqualification is None
    assert lead.conversion is None
    (entry,) = lead.history
    assert entry.command == "receive"
    assert entry.event == "received"
    assert entry.from_state is None
    assert entry.to_state is LeadStatus.NEW
    assert entry.at == FIXED_INSTANT
    assert entry.by == BY
    assert entry.reason is None
    assert entry.changes == (
        "company",
        "custom_fields",
        "engagements",
        "id",
        "owner",
        "person",
        "source",
        "tags",
    )


def test_receiving_sorts_the_engagements_it_is_given() -> None:
    early = make_engagement(at=FIXED_INSTANT.subtract(days=3))
    late = make_engagement(EngagementKind.WEB_VISIT, at=FIXED_INSTANT.subtract(days=1))
    lead = make_lead(engagements=[late, early])
    assert lead.engagements == (early, late)


def test_receiving_refuses_an_engagement_after_receipt() -> None:
    later = make_engagement(at=FIXED_INSTANT.add(minutes=1))
    with pytest.raises(ValidationError) as error:
        make_lead(engagements=[later])
    assert error.value.field == "engagements[0].at"


def test_receiving_names_the_late_engagement_at_the_position_the_caller_gave() -> None:
    late = make_engagement(at=FIXED_INSTANT.add(days=2))
    early = make_engagement(at=FIXED_INSTANT.subtract(days=2))
    with pytest.raises(ValidationError) as error:
        make_lead(engagements=[late, early])
    assert error.value.field == "engagements[0].at"


def test_receiving_an_engagement_at_the_instant_of_receipt_is_allowed() -> None:
    same = make_engagement(at=FIXED_INSTANT)
    assert make_lead(engagements=[same]).engagements == (same,)


def test_receiving_refuses_a_person_without_last_name_and_email() -> None:
    with pytest.raises(ValidationError) as error:
        make_lead(person=PersonDetails(first_name="Ada", title="CTO"))
    assert error.value.field == "person"


@pytest.mark.parametrize(
    "person",
    [PersonDetails(last_name="Okafor"), PersonDetails(email=EmailAddress("x@acme.example"))],
)
def test_a_last_name_or_an_email_alone_is_enough_to_receive_a_lead(person: PersonDetails) -> None:
    assert make_lead(person=person).person == person


def test_receiving_refuses_a_naive_instant() -> None:
    with pytest.raises(ValidationError) as error:
        make_lead(at=_dt.datetime(2026, 3, 2, 9, 0))  # noqa: DTZ001 - the point of the test
    assert error.value.field == "at"


def test_receiving_refuses_something_that_is_not_an_engagement() -> None:
    with pytest.raises(ValidationError) as error:
        make_lead(engagements=["web visit"])
    assert error.value.field == "engagements[0]"


def test_receiving_refuses_a_blank_actor() -> None:
    with pytest.raises(ValidationError) as error:
        make_lead(by=UserId(" "))
    assert error.value.field == "by"


def test_a_received_lead_accepts_an_aware_stdlib_datetime() -> None:
    moment = _dt.datetime(2026, 3, 2, 9, 0, tzinfo=_dt.UTC)
    lead = make_lead(at=moment)
    assert isinstance(lead.received_at, pendulum.DateTime)
    assert lead.received_at == FIXED_INSTANT


# --- moving through the lifecycle ----------------------------------------------------------


def test_start_working_moves_a_new_lead_to_working() -> None:
    lead = make_lead()
    snapshot = _snapshot(lead)
    at = _next(lead)
    worked = lead.start_working(at=at, by=BY)
    _check_step(lead, worked, "start_working", "work_started", LeadStatus.WORKING, at)
    assert _snapshot(lead) == snapshot


@pytest.mark.parametrize("status", [LeadStatus.NURTURING, LeadStatus.RECYCLED])
def test_start_working_also_picks_up_nurtured_and_recycled_leads(status: LeadStatus) -> None:
    lead = make_lead(status)
    at = _next(lead)
    worked = lead.start_working(at=at, by=BY)
    _check_step(lead, worked, "start_working", "work_started", LeadStatus.WORKING, at)


def test_nurture_hands_a_working_lead_to_marketing_with_the_reason() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    at = _next(lead)
    nurtured = lead.nurture(at=at, by=BY, reason="  not ready to buy  ")
    _check_step(
        lead,
        nurtured,
        "nurture",
        "nurture_started",
        LeadStatus.NURTURING,
        at,
        reason="not ready to buy",
    )
    assert _snapshot(lead) == snapshot


def test_nurture_without_a_reason_records_none() -> None:
    lead = make_lead(LeadStatus.WORKING)
    nurtured = lead.nurture(at=_next(lead), by=BY)
    assert nurtured.history[-1].reason is None


def test_assess_records_the_qualification_result_and_keeps_the_status() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    at = _next(lead)
    framework = QualificationFramework.bant()
    answers = bant_answers()
    assessed = lead.assess(framework, answers, at=at, by=BY)
    _check_step(
        lead, assessed, "assess", "assessed", LeadStatus.WORKING, at, changes=("qualification",)
    )
    assert assessed.qualification == framework.evaluate(answers)
    assert assessed.qualification is not None
    assert assessed.qualification.is_qualified
    assert lead.qualification is None
    assert _snapshot(lead) == snapshot


def test_assess_is_allowed_on_a_new_lead() -> None:
    lead = make_lead()
    assessed = lead.assess(QualificationFramework.bant(), bant_answers(), at=_next(lead), by=BY)
    assert assessed.status is LeadStatus.NEW
    assert assessed.qualification is not None


def test_a_later_assessment_replaces_the_earlier_one() -> None:
    lead = make_lead(LeadStatus.WORKING)
    bant = QualificationFramework.bant()
    first = lead.assess(bant, bant_answers(met=False), at=_next(lead), by=BY)
    second = first.assess(bant, bant_answers(), at=_next(first), by=BY)
    assert first.qualification is not None
    assert not first.qualification.is_qualified
    assert second.qualification is not None
    assert second.qualification.is_qualified


def test_qualify_moves_an_assessed_working_lead_to_qualified() -> None:
    lead = make_lead(LeadStatus.WORKING)
    lead = lead.assess(QualificationFramework.bant(), bant_answers(), at=_next(lead), by=BY)
    snapshot = _snapshot(lead)
    at = _next(lead)
    qualified = lead.qualify(at=at, by=BY)
    _check_step(lead, qualified, "qualify", "qualified", LeadStatus.QUALIFIED, at)
    assert qualified.qualification == lead.qualification
    assert _snapshot(lead) == snapshot


def test_qualify_works_from_nurturing_too() -> None:
    lead = make_lead(LeadStatus.NURTURING)
    lead = lead.assess(QualificationFramework.bant(), bant_answers(), at=_next(lead), by=BY)
    assert lead.qualify(at=_next(lead), by=BY).status is LeadStatus.QUALIFIED


def test_qualify_without_an_assessment_fails_its_guard() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    with pytest.raises(GuardFailed) as error:
        lead.qualify(at=_next(lead), by=BY)
    failure = error.value
    assert failure.command == "qualify"
    assert failure.state == "working"
    assert failure.aggregate == "Lead"
    assert failure.aggregate_id == lead.id
    assert failure.overridable
    assert [name for name, _ in failure.failures] == [GUARD]
    assert "not been assessed" in failure.failures[0][1]
    assert _snapshot(lead) == snapshot


def test_qualify_after_a_failing_assessment_fails_its_guard_saying_what_is_missing() -> None:
    lead = make_lead(LeadStatus.WORKING)
    answers = [
        CriterionAnswer(key="budget", met=True),
        CriterionAnswer(key="authority", met=False),
        CriterionAnswer(key="need", met=True),
    ]
    lead = lead.assess(QualificationFramework.bant(), answers, at=_next(lead), by=BY)
    snapshot = _snapshot(lead)
    with pytest.raises(GuardFailed) as error:
        lead.qualify(at=_next(lead), by=BY)
    ((name, why),) = error.value.failures
    assert name == GUARD
    assert "authority" in why
    assert "not qualified" in why
    assert _snapshot(lead) == snapshot


def test_qualify_with_an_override_reason_records_the_overridden_guard() -> None:
    lead = make_lead(LeadStatus.WORKING)
    lead = lead.assess(
        QualificationFramework.bant(), bant_answers(met=False), at=_next(lead), by=BY
    )
    snapshot = _snapshot(lead)
    at = _next(lead)
    qualified = lead.qualify(at=at, by=BY, override_reason="strategic logo, CEO asked")
    _check_step(
        lead,
        qualified,
        "qualify",
        "qualified",
        LeadStatus.QUALIFIED,
        at,
        reason="strategic logo, CEO asked",
        overridden=(GUARD,),
    )
    assert _snapshot(lead) == snapshot


def test_qualify_with_an_override_reason_and_no_assessment_succeeds() -> None:
    lead = make_lead(LeadStatus.WORKING)
    qualified = lead.qualify(at=_next(lead), by=BY, override_reason="referred by the CFO")
    assert qualified.status is LeadStatus.QUALIFIED
    assert qualified.history[-1].overridden == (GUARD,)
    assert qualified.qualification is None


def test_an_override_reason_on_a_passing_guard_overrides_nothing() -> None:
    lead = make_lead(LeadStatus.WORKING)
    lead = lead.assess(QualificationFramework.bant(), bant_answers(), at=_next(lead), by=BY)
    qualified = lead.qualify(at=_next(lead), by=BY, override_reason="fast track")
    assert qualified.history[-1].overridden == ()
    assert qualified.history[-1].reason == "fast track"


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_override_reason_is_refused(blank: str) -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.qualify(at=_next(lead), by=BY, override_reason=blank)
    assert error.value.field == "reason"
    assert _snapshot(lead) == snapshot


def test_return_to_nurturing_sends_a_qualified_lead_back_with_the_reason() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    snapshot = _snapshot(lead)
    at = _next(lead)
    returned = lead.return_to_nurturing(at=at, by=BY, reason="no project this year")
    _check_step(
        lead,
        returned,
        "return_to_nurturing",
        "returned_to_nurturing",
        LeadStatus.NURTURING,
        at,
        reason="no project this year",
    )
    assert returned.qualification == lead.qualification
    assert _snapshot(lead) == snapshot


@pytest.mark.parametrize("blank", ["", "  \t "])
def test_return_to_nurturing_needs_a_reason(blank: str) -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.return_to_nurturing(at=_next(lead), by=BY, reason=blank)
    assert error.value.field == "reason"
    assert _snapshot(lead) == snapshot


def test_disqualify_records_the_reason_code_and_note() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    at = _next(lead)
    dropped = lead.disqualify(DisqualificationReason.NO_BUDGET, at=at, by=BY, note=" frozen ")
    _check_step(
        lead,
        dropped,
        "disqualify",
        "disqualified",
        LeadStatus.DISQUALIFIED,
        at,
        reason="no_budget: frozen",
        changes=("disqualification",),
    )
    assert dropped.disqualification == Disqualification(
        reason=DisqualificationReason.NO_BUDGET, note="frozen"
    )
    assert not dropped.is_open
    assert _snapshot(lead) == snapshot


def test_disqualify_without_a_note_records_the_code_as_reason() -> None:
    lead = make_lead()
    dropped = lead.disqualify(DisqualificationReason.DUPLICATE, at=_next(lead), by=BY)
    assert dropped.history[-1].reason == "duplicate"
    assert dropped.disqualification == Disqualification(reason=DisqualificationReason.DUPLICATE)


def test_disqualify_needs_a_disqualification_reason_code() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.disqualify(cast("Any", "no_budget"), at=_next(lead), by=BY)
    assert error.value.field == "reason"
    assert _snapshot(lead) == snapshot


def test_disqualify_refuses_a_note_longer_than_2000_characters() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.disqualify(DisqualificationReason.OTHER, at=_next(lead), by=BY, note="x" * 2001)
    assert error.value.field == "note"
    assert _snapshot(lead) == snapshot


def test_disqualify_accepts_the_longest_note_a_disqualification_holds() -> None:
    lead = make_lead(LeadStatus.WORKING)
    note = "x" * 2000
    dropped = lead.disqualify(DisqualificationReason.NO_BUDGET, at=_next(lead), by=BY, note=note)
    assert dropped.disqualification == Disqualification(
        reason=DisqualificationReason.NO_BUDGET, note=note
    )


def test_recycle_gives_a_disqualified_lead_another_chance() -> None:
    lead = make_lead(LeadStatus.DISQUALIFIED)
    snapshot = _snapshot(lead)
    at = _next(lead)
    recycled = lead.recycle(at=at, by=BY, reason="new budget year")
    _check_step(
        lead,
        recycled,
        "recycle",
        "recycled",
        LeadStatus.RECYCLED,
        at,
        reason="new budget year",
        changes=("disqualification", "qualification"),
    )
    assert recycled.disqualification is None
    assert recycled.qualification is None
    assert recycled.is_open
    assert _snapshot(lead) == snapshot


def test_a_recycled_lead_needs_a_new_assessment_to_qualify() -> None:
    lead = make_lead(LeadStatus.WORKING)
    assessed = lead.assess(QualificationFramework.bant(), bant_answers(), at=_next(lead), by=BY)
    assert assessed.qualification is not None
    assert assessed.qualification.is_qualified
    dropped = assessed.disqualify(DisqualificationReason.BAD_TIMING, at=_next(assessed), by=BY)
    recycled = dropped.recycle(at=_next(dropped), by=BY)
    working = recycled.start_working(at=_next(recycled), by=BY)
    snapshot = _snapshot(working)
    with pytest.raises(GuardFailed) as error:
        working.qualify(at=_next(working), by=BY)
    assert [name for name, _ in error.value.failures] == [GUARD]
    assert _snapshot(working) == snapshot
    reassessed = working.assess(
        QualificationFramework.bant(), bant_answers(), at=_next(working), by=BY
    )
    assert reassessed.qualify(at=_next(reassessed), by=BY).status is LeadStatus.QUALIFIED


def test_convert_records_what_the_qualified_lead_became() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    snapshot = _snapshot(lead)
    at = _next(lead)
    converted = lead.convert(
        account_id=AccountId("AC-1"),
        contact_id=ContactId("CT-1"),
        opportunity_id=OpportunityId("OP-1"),
        at=at,
        by=BY,
    )
    _check_step(
        lead, converted, "convert", "converted", LeadStatus.CONVERTED, at, changes=("conversion",)
    )
    assert converted.conversion == LeadConversion(
        account_id=AccountId("AC-1"),
        contact_id=ContactId("CT-1"),
        opportunity_id=OpportunityId("OP-1"),
    )
    assert converted.allowed_commands() == ()
    assert not converted.is_open
    assert _snapshot(lead) == snapshot


def test_convert_without_an_opportunity_is_allowed() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    converted = lead.convert(
        account_id=AccountId("AC-1"), contact_id=ContactId("CT-1"), at=_next(lead), by=BY
    )
    assert converted.conversion is not None
    assert converted.conversion.opportunity_id is None


def test_convert_refuses_a_blank_account_id() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.convert(account_id=AccountId(""), contact_id=ContactId("CT-1"), at=_next(lead), by=BY)
    assert error.value.field == "account_id"
    assert _snapshot(lead) == snapshot


# --- changing data ---------------------------------------------------------------------


def test_update_person_replaces_the_person() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    at = _next(lead)
    person = PersonDetails(first_name="Grace", last_name="Hopper", title="Rear Admiral")
    updated = lead.update_person(person, at=at, by=BY)
    _check_step(
        lead,
        updated,
        "update_person",
        "person_updated",
        LeadStatus.WORKING,
        at,
        changes=("person",),
    )
    assert updated.person == person
    assert _snapshot(lead) == snapshot


def test_update_person_refuses_a_person_without_last_name_and_email() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.update_person(PersonDetails(first_name="Grace"), at=_next(lead), by=BY)
    assert error.value.field == "person"
    assert _snapshot(lead) == snapshot


def test_update_person_refuses_something_that_is_not_person_details() -> None:
    lead = make_lead()
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.update_person(cast("Any", {"last_name": "Hopper"}), at=_next(lead), by=BY)
    assert error.value.field == "person"
    assert _snapshot(lead) == snapshot


def test_update_company_replaces_the_company() -> None:
    lead = make_lead(LeadStatus.NURTURING)
    snapshot = _snapshot(lead)
    at = _next(lead)
    company = CompanyDetails(name="Babbage & Co", domain="https://www.Babbage.example/about")
    updated = lead.update_company(company, at=at, by=BY)
    _check_step(
        lead,
        updated,
        "update_company",
        "company_updated",
        LeadStatus.NURTURING,
        at,
        changes=("company",),
    )
    assert updated.company == company
    assert updated.company.domain == "babbage.example"
    assert _snapshot(lead) == snapshot


def test_update_company_refuses_something_that_is_not_company_details() -> None:
    lead = make_lead()
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.update_company(cast("Any", "Babbage & Co"), at=_next(lead), by=BY)
    assert error.value.field == "company"
    assert _snapshot(lead) == snapshot


def test_assign_gives_the_lead_an_owner_and_none_returns_it_to_the_queue() -> None:
    lead = make_lead()
    snapshot = _snapshot(lead)
    at = _next(lead)
    owned = lead.assign(UserId("sdr-9"), at=at, by=BY)
    _check_step(lead, owned, "assign", "assigned", LeadStatus.NEW, at, changes=("owner",))
    assert owned.owner == "sdr-9"
    queued = owned.assign(None, at=_next(owned), by=BY)
    assert queued.owner is None
    assert queued.revision == 3
    assert _snapshot(lead) == snapshot


def test_assign_refuses_an_owner_id_with_whitespace() -> None:
    lead = make_lead()
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.assign(UserId("sdr 9"), at=_next(lead), by=BY)
    assert error.value.field == "owner"
    assert _snapshot(lead) == snapshot


def test_tag_adds_normalised_tags() -> None:
    lead = make_lead(tags=("vip",))
    snapshot = _snapshot(lead)
    at = _next(lead)
    tagged = lead.tag(" Trade-Show ", "VIP", at=at, by=BY)
    _check_step(lead, tagged, "tag", "tagged", LeadStatus.NEW, at, changes=("tags",))
    assert tagged.tags == ("trade-show", "vip")
    assert _snapshot(lead) == snapshot


@pytest.mark.parametrize("bad", ["", "   ", "x" * 65])
def test_tag_refuses_blank_and_overlong_tags(bad: str) -> None:
    lead = make_lead()
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.tag(bad, at=_next(lead), by=BY)
    assert error.value.field == "tags[0]"
    assert _snapshot(lead) == snapshot


def test_tag_names_the_bad_tag_at_the_position_the_caller_gave() -> None:
    lead = make_lead(tags=("alpha", "beta"))
    with pytest.raises(ValidationError) as error:
        lead.tag("gamma", "  ", at=_next(lead), by=BY)
    assert error.value.field == "tags[1]"


def test_tag_refuses_a_tag_with_control_characters() -> None:
    lead = make_lead()
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.tag("trade\x00show", at=_next(lead), by=BY)
    assert error.value.field == "tags[0]"
    assert _snapshot(lead) == snapshot


def _try_tag(lead: Lead, tag: str) -> Lead | ValidationError:
    try:
        return lead.tag(tag, at=_next(lead), by=BY)
    except ValidationError as error:
        return error


@given(tag=st.text(max_size=70))
def test_every_tag_the_tag_command_accepts_is_one_a_lead_can_hold(tag: str) -> None:
    lead = make_lead()
    outcome = _try_tag(lead, tag)
    if isinstance(outcome, ValidationError):
        assert outcome.field == "tags[0]"
        return
    tagged = outcome
    assert attrs.evolve(tagged) == tagged  # re-runs every validator of the lead
    assert from_document(to_document(tagged)) == tagged


def test_a_tag_that_grows_when_lower_cased_is_measured_after_lower_casing() -> None:
    lead = make_lead()
    outcome = _try_tag(lead, "\u0130" * 64)  # each dotted capital I lower-cases to two characters
    if isinstance(outcome, ValidationError):
        assert outcome.field == "tags[0]"
    else:
        assert all(len(tag) <= 64 for tag in outcome.tags)
        assert from_document(to_document(outcome)) == outcome


def test_untag_removes_tags() -> None:
    lead = make_lead(tags=("fair", "vip"))
    snapshot = _snapshot(lead)
    at = _next(lead)
    untagged = lead.untag("VIP", at=at, by=BY)
    _check_step(lead, untagged, "untag", "untagged", LeadStatus.NEW, at, changes=("tags",))
    assert untagged.tags == ("fair",)
    assert _snapshot(lead) == snapshot


def test_untag_refuses_a_tag_the_lead_does_not_have() -> None:
    lead = make_lead(tags=("vip",))
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.untag("fair", at=_next(lead), by=BY)
    assert error.value.field == "tags"
    assert "fair" in error.value.reason
    assert _snapshot(lead) == snapshot


def test_set_custom_field_sets_one_host_field() -> None:
    lead = make_lead(custom_fields=CustomFields({"erp": "C-1"}))
    snapshot = _snapshot(lead)
    at = _next(lead)
    updated = lead.set_custom_field("seniority", "vp", at=at, by=BY)
    _check_step(
        lead,
        updated,
        "set_custom_field",
        "custom_field_set",
        LeadStatus.NEW,
        at,
        changes=("custom_fields",),
    )
    assert updated.custom_fields.to_dict() == {"erp": "C-1", "seniority": "vp"}
    overwritten = updated.set_custom_field("erp", 42, at=_next(updated), by=BY)
    assert overwritten.custom_fields["erp"] == 42
    assert _snapshot(lead) == snapshot


def test_set_custom_field_refuses_a_key_that_is_not_snake_case() -> None:
    lead = make_lead()
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.set_custom_field("Bad Key", 1, at=_next(lead), by=BY)
    assert error.value.field == "key"
    assert _snapshot(lead) == snapshot


@pytest.mark.parametrize("value", [float("nan"), float("inf"), [1, 2]])
def test_set_custom_field_refuses_values_json_cannot_carry(value: object) -> None:
    lead = make_lead()
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.set_custom_field("score", cast("Any", value), at=_next(lead), by=BY)
    assert error.value.field == "value"
    assert _snapshot(lead) == snapshot


def test_remove_custom_field_removes_one_host_field() -> None:
    lead = make_lead(custom_fields=CustomFields({"erp": "C-1", "seniority": "vp"}))
    snapshot = _snapshot(lead)
    at = _next(lead)
    updated = lead.remove_custom_field("erp", at=at, by=BY)
    _check_step(
        lead,
        updated,
        "remove_custom_field",
        "custom_field_removed",
        LeadStatus.NEW,
        at,
        changes=("custom_fields",),
    )
    assert updated.custom_fields.to_dict() == {"seniority": "vp"}
    assert _snapshot(lead) == snapshot


def test_remove_custom_field_refuses_a_field_the_lead_does_not_have() -> None:
    lead = make_lead()
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.remove_custom_field("erp", at=_next(lead), by=BY)
    assert error.value.field == "key"
    assert _snapshot(lead) == snapshot


def test_record_engagement_adds_the_engagement() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    at = _next(lead)
    engagement = make_engagement(EngagementKind.WEBINAR_ATTENDANCE, at=at.subtract(minutes=5))
    recorded = lead.record_engagement(engagement, at=at, by=BY)
    _check_step(
        lead,
        recorded,
        "record_engagement",
        "engagement_recorded",
        LeadStatus.WORKING,
        at,
        changes=("engagements",),
    )
    assert recorded.engagements == (engagement,)
    assert _snapshot(lead) == snapshot


def test_recording_the_same_engagement_twice_changes_nothing() -> None:
    lead = make_lead(LeadStatus.WORKING)
    engagement = make_engagement(at=lead.updated_at)
    once = lead.record_engagement(engagement, at=_next(lead), by=BY)
    twice = once.record_engagement(
        Engagement(kind=engagement.kind, at=engagement.at), at=_next(once), by=BY
    )
    assert twice is once
    assert twice.revision == once.revision
    assert twice.engagements == (engagement,)


def test_an_engagement_differing_only_in_detail_is_a_new_engagement() -> None:
    lead = make_lead(LeadStatus.WORKING)
    first = make_engagement(at=lead.updated_at)
    second = make_engagement(at=lead.updated_at, detail="pricing page")
    once = lead.record_engagement(first, at=_next(lead), by=BY)
    twice = once.record_engagement(second, at=_next(once), by=BY)
    assert twice.engagements == (first, second)
    assert twice.revision == once.revision + 1


def test_engagements_are_kept_in_the_order_they_happened() -> None:
    lead = make_lead(LeadStatus.WORKING)
    at = _next(lead, hours=48)
    middle = make_engagement(EngagementKind.WEB_VISIT, at=at.subtract(hours=24))
    late = make_engagement(EngagementKind.EMAIL_CLICK, at=at.subtract(hours=1))
    early = make_engagement(EngagementKind.EMAIL_OPEN, at=at.subtract(hours=40))
    for engagement in (middle, late, early):
        lead = lead.record_engagement(engagement, at=at, by=BY)
    assert lead.engagements == (early, middle, late)


def test_record_engagement_refuses_an_engagement_later_than_the_recording() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    at = _next(lead)
    with pytest.raises(ValidationError) as error:
        lead.record_engagement(make_engagement(at=at.add(seconds=1)), at=at, by=BY)
    assert error.value.field == "engagement.at"
    assert _snapshot(lead) == snapshot


def test_record_engagement_refuses_something_that_is_not_an_engagement() -> None:
    lead = make_lead()
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.record_engagement(cast("Any", "web visit"), at=_next(lead), by=BY)
    assert error.value.field == "engagement"
    assert _snapshot(lead) == snapshot


# --- refusals by status -----------------------------------------------------------------


def _run(lead: Lead, command: str) -> Lead:
    """Run ``command`` on ``lead`` with valid arguments, one hour after its last change."""
    at = _next(lead)
    runners: dict[str, Callable[[], Lead]] = {
        "start_working": lambda: lead.start_working(at=at, by=BY),
        "nurture": lambda: lead.nurture(at=at, by=BY),
        "assess": lambda: lead.assess(QualificationFramework.bant(), bant_answers(), at=at, by=BY),
        "qualify": lambda: lead.qualify(at=at, by=BY, override_reason="go"),
        "return_to_nurturing": lambda: lead.return_to_nurturing(at=at, by=BY, reason="later"),
        "disqualify": lambda: lead.disqualify(DisqualificationReason.NO_NEED, at=at, by=BY),
        "recycle": lambda: lead.recycle(at=at, by=BY),
        "convert": lambda: lead.convert(
            account_id=AccountId("AC-1"), contact_id=ContactId("CT-1"), at=at, by=BY
        ),
        "update_person": lambda: lead.update_person(
            PersonDetails(last_name="Hopper"), at=at, by=BY
        ),
        "update_company": lambda: lead.update_company(CompanyDetails(name="Babbage"), at=at, by=BY),
        "assign": lambda: lead.assign(UserId("sdr-2"), at=at, by=BY),
        "tag": lambda: lead.tag("hot", at=at, by=BY),
        "untag": lambda: lead.untag("vip", at=at, by=BY),
        "set_custom_field": lambda: lead.set_custom_field("tier", 2, at=at, by=BY),
        "remove_custom_field": lambda: lead.remove_custom_field("erp", at=at, by=BY),
        "record_engagement": lambda: lead.record_engagement(
            make_engagement(EngagementKind.SALES_TOUCH, at=at), at=at, by=BY
        ),
    }
    return runners[command]()


def _lead_in(status: LeadStatus) -> Lead:
    return make_lead(status, tags=("vip",), custom_fields=CustomFields({"erp": "C-1"}))


_PAIRS = [(status, command) for status in LeadStatus for command in LEAD_LIFECYCLE.commands()]
_REFUSED = [(s, c) for s, c in _PAIRS if c not in LEAD_LIFECYCLE.allowed(s)]
_ALLOWED = [(s, c) for s, c in _PAIRS if c in LEAD_LIFECYCLE.allowed(s)]


def test_the_refusal_table_covers_every_status_and_command() -> None:
    assert len(LEAD_LIFECYCLE.commands()) == 16  # every Lead command but receive
    assert len(_REFUSED) + len(_ALLOWED) == len(LeadStatus) * 16
    assert {c for _, c in _ALLOWED} == set(LEAD_LIFECYCLE.commands())


@pytest.mark.parametrize(
    ("status", "command"), _REFUSED, ids=[f"{s.value}-{c}" for s, c in _REFUSED]
)
def test_a_command_not_allowed_in_the_status_is_refused_naming_the_allowed_ones(
    status: LeadStatus, command: str
) -> None:
    lead = _lead_in(status)
    snapshot = _snapshot(lead)
    with pytest.raises(InvalidTransition) as error:
        _run(lead, command)
    refusal = error.value
    assert type(refusal) is InvalidTransition
    assert refusal.aggregate == "Lead"
    assert refusal.aggregate_id == lead.id
    assert refusal.command == command
    assert refusal.state == status.value
    assert refusal.allowed == LEAD_LIFECYCLE.allowed(status)
    assert _snapshot(lead) == snapshot


@pytest.mark.parametrize(
    ("status", "command"), _ALLOWED, ids=[f"{s.value}-{c}" for s, c in _ALLOWED]
)
def test_a_command_allowed_in_the_status_succeeds_and_lands_where_the_table_says(
    status: LeadStatus, command: str
) -> None:
    lead = _lead_in(status)
    snapshot = _snapshot(lead)
    after = _run(lead, command)
    target = LEAD_LIFECYCLE.transition(command).target
    assert after.status is (status if target is None else target)
    assert after.revision == lead.revision + 1
    assert after.history[-1].command == command
    assert after.history[-1].event == LEAD_LIFECYCLE.transition(command).event
    assert _snapshot(lead) == snapshot


def test_a_converted_lead_cannot_be_disqualified() -> None:
    lead = make_lead(LeadStatus.CONVERTED)
    with pytest.raises(InvalidTransition) as error:
        lead.disqualify(DisqualificationReason.CHOSE_COMPETITOR, at=_next(lead), by=BY)
    assert error.value.allowed == ()
    assert "none (terminal state)" in str(error.value)


def test_a_new_lead_cannot_be_qualified() -> None:
    lead = make_lead().assess(
        QualificationFramework.bant(), bant_answers(), at=FIXED_INSTANT.add(hours=1), by=BY
    )
    with pytest.raises(InvalidTransition) as error:
        lead.qualify(at=_next(lead), by=BY)
    assert type(error.value) is InvalidTransition
    assert error.value.allowed == (
        "assess",
        "assign",
        "disqualify",
        "record_engagement",
        "remove_custom_field",
        "set_custom_field",
        "start_working",
        "tag",
        "untag",
        "update_company",
        "update_person",
    )
    assert "start_working" in str(error.value)


def test_a_disqualified_lead_can_only_be_recycled_or_have_its_data_changed() -> None:
    assert "recycle" in LEAD_LIFECYCLE.allowed(LeadStatus.DISQUALIFIED)
    assert "start_working" not in LEAD_LIFECYCLE.allowed(LeadStatus.DISQUALIFIED)
    assert "disqualify" not in LEAD_LIFECYCLE.allowed(LeadStatus.DISQUALIFIED)


# --- bad instants and actors on any command -------------------------------------------------


def test_a_command_dated_before_the_last_change_is_refused() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.nurture(at=lead.updated_at.subtract(seconds=1), by=BY)
    assert error.value.field == "at"
    assert _snapshot(lead) == snapshot


def test_a_command_at_the_same_instant_as_the_last_change_is_allowed() -> None:
    lead = make_lead(LeadStatus.WORKING)
    assert lead.nurture(at=lead.updated_at, by=BY).updated_at == lead.updated_at


def test_a_command_with_a_naive_instant_is_refused() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    naive = _dt.datetime(2027, 1, 1, 9, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValidationError) as error:
        lead.nurture(at=cast("Any", naive), by=BY)
    assert error.value.field == "at"
    assert _snapshot(lead) == snapshot


def test_record_engagement_with_a_naive_instant_is_refused() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    naive = _dt.datetime(2027, 1, 1, 9, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValidationError) as error:
        lead.record_engagement(make_engagement(), at=cast("Any", naive), by=BY)
    assert error.value.field == "at"
    assert _snapshot(lead) == snapshot


@pytest.mark.parametrize(
    "actor",
    ["", "  ", "two words", "x" * 129, "tab\there"],
    ids=["empty", "blank", "space-inside", "too-long", "tab-inside"],
)
def test_a_command_by_a_bad_actor_id_is_refused(actor: str) -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.nurture(at=_next(lead), by=UserId(actor))
    assert error.value.field == "by"
    assert _snapshot(lead) == snapshot


def test_a_reason_longer_than_4000_characters_is_refused() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.nurture(at=_next(lead), by=BY, reason="x" * 4001)
    assert error.value.field == "reason"
    assert _snapshot(lead) == snapshot


def test_assess_refuses_something_that_is_not_a_framework() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    with pytest.raises(ValidationError) as error:
        lead.assess(cast("Any", "BANT"), bant_answers(), at=_next(lead), by=BY)
    assert error.value.field == "framework"
    assert _snapshot(lead) == snapshot


def test_assess_refuses_an_answer_to_an_unknown_criterion() -> None:
    lead = make_lead(LeadStatus.WORKING)
    snapshot = _snapshot(lead)
    answers = [CriterionAnswer(key="budget", met=True), CriterionAnswer(key="champion", met=True)]
    with pytest.raises(ValidationError) as error:
        lead.assess(QualificationFramework.bant(), answers, at=_next(lead), by=BY)
    assert error.value.field == "answers[1].key"
    assert _snapshot(lead) == snapshot


# --- a lead built from its fields must be consistent ---------------------------------------


def test_a_lead_built_from_its_own_fields_equals_it() -> None:
    lead = make_lead(LeadStatus.CONVERTED)
    assert attrs.evolve(lead) == lead


def test_a_lead_whose_revision_does_not_match_its_history_is_refused() -> None:
    lead = make_lead(LeadStatus.WORKING)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, revision=lead.revision + 1)
    assert error.value.field == "revision"


def test_a_lead_whose_status_does_not_match_its_history_is_refused() -> None:
    lead = make_lead(LeadStatus.WORKING)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, status=LeadStatus.NURTURING)
    assert error.value.field == "status"


def test_a_lead_with_a_broken_history_chain_is_refused() -> None:
    lead = make_lead(LeadStatus.WORKING)
    bad: HistoryEntry[LeadStatus] = attrs.evolve(lead.history[1], from_state=LeadStatus.NURTURING)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, history=(lead.history[0], bad))
    assert error.value.field == "history[1].from_state"


def test_a_lead_whose_history_runs_backwards_is_refused() -> None:
    lead = make_lead(LeadStatus.WORKING)
    bad: HistoryEntry[LeadStatus] = attrs.evolve(
        lead.history[1], at=lead.received_at.subtract(minutes=1)
    )
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, history=(lead.history[0], bad))
    assert error.value.field == "history[1].at"


def test_a_lead_whose_history_uses_a_command_the_status_does_not_allow_is_refused() -> None:
    lead = make_lead(LeadStatus.WORKING)
    bad: HistoryEntry[LeadStatus] = attrs.evolve(
        lead.history[1], command="convert", event="converted", to_state=LeadStatus.CONVERTED
    )
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, history=(lead.history[0], bad), status=LeadStatus.CONVERTED)
    assert error.value.field == "history[1].command"


def test_a_lead_whose_history_does_not_start_with_receipt_is_refused() -> None:
    lead = make_lead(LeadStatus.WORKING)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, history=(lead.history[1],), revision=1)
    assert error.value.field == "history[0]"


def test_a_lead_with_an_empty_history_is_refused() -> None:
    lead = make_lead()
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, history=())
    assert error.value.field == "history"


def test_a_disqualification_on_a_lead_that_is_not_disqualified_is_refused() -> None:
    lead = make_lead(LeadStatus.WORKING)
    record = Disqualification(reason=DisqualificationReason.NO_NEED)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, disqualification=record)
    assert error.value.field == "disqualification"


def test_a_disqualified_lead_without_its_disqualification_is_refused() -> None:
    lead = make_lead(LeadStatus.DISQUALIFIED)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, disqualification=None)
    assert error.value.field == "disqualification"


def test_a_converted_lead_without_its_conversion_is_refused() -> None:
    lead = make_lead(LeadStatus.CONVERTED)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, conversion=None)
    assert error.value.field == "conversion"


def test_a_conversion_on_a_lead_that_is_not_converted_is_refused() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    record = LeadConversion(account_id=AccountId("AC-1"), contact_id=ContactId("CT-1"))
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, conversion=record)
    assert error.value.field == "conversion"


def test_a_lead_with_unsorted_engagements_is_refused() -> None:
    early = make_engagement(at=FIXED_INSTANT.subtract(days=2))
    late = make_engagement(at=FIXED_INSTANT.subtract(days=1))
    lead = make_lead(engagements=[early, late])
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, engagements=(late, early))
    assert error.value.field == "engagements"


def test_a_lead_without_last_name_and_email_is_refused_when_built_directly() -> None:
    lead = make_lead()
    with pytest.raises(ValidationError) as error:
        attrs.evolve(lead, person=PersonDetails(first_name="Ada"))
    assert error.value.field == "person"


# --- facts ---------------------------------------------------------------------------------


def test_the_company_domain_falls_back_to_a_business_email_domain() -> None:
    lead = make_lead(
        company=CompanyDetails(name="Acme"),
        person=PersonDetails(last_name="Doe", email=EmailAddress("jo@Acme.example")),
    )
    assert lead.company_domain == "acme.example"


def test_a_free_mail_address_gives_no_company_domain() -> None:
    lead = make_lead(
        company=CompanyDetails(name="Acme"),
        person=PersonDetails(last_name="Doe", email=EmailAddress("jo.doe@gmail.com")),
    )
    assert lead.company_domain is None


def test_a_recorded_company_domain_wins_over_the_email_domain() -> None:
    lead = make_lead()
    assert lead.company_domain == "analytical-engines.example"
    other = lead.update_company(CompanyDetails(domain="babbage.example"), at=_next(lead), by=BY)
    assert other.company_domain == "babbage.example"


@pytest.mark.parametrize("status", list(LeadStatus))
def test_only_converted_and_disqualified_leads_are_closed(status: LeadStatus) -> None:
    lead = make_lead(status)
    assert lead.is_open is (status not in (LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED))
    assert lead.allowed_commands() == LEAD_LIFECYCLE.allowed(status)


def test_every_factory_status_round_trips_through_a_document() -> None:
    for status in LeadStatus:
        lead = make_lead(status, source=make_lead_source(channel=LeadChannel.REFERRAL))
        assert from_document(to_document(lead)) == lead
