"""Example tests of the request for proposal: every command, its refusals and bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pendulum
import pytest

from pcf_sales.core import AccountId, OpportunityId, RfpId, UserId
from pcf_sales.errors import GuardFailed, InvalidTransition, ValidationError
from pcf_sales.proposals import (
    RFP_LIFECYCLE,
    BidOutcome,
    ComplianceAnswer,
    ComplianceLevel,
    Requirement,
    RequirementPriority,
    Rfp,
    RfpKind,
    RfpStatus,
)
from pcf_sales.serialization import to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_bid_decision,
    make_clarification,
    make_compliance_answer,
    make_question,
    make_requirement,
    make_rfp,
)

BY = UserId("bid-manager")


def later(rfp: Rfp, hours: int = 1) -> pendulum.DateTime:
    return rfp.updated_at.add(hours=hours)


def refused(rfp: Rfp, field: str, run: Callable[[], object]) -> ValidationError:
    """Run ``run``, expect a ValidationError naming ``field``, and check nothing changed."""
    before = to_document(rfp)
    with pytest.raises(ValidationError) as error:
        run()
    assert error.value.field == field
    assert to_document(rfp) == before
    return error.value


# -- receiving ---------------------------------------------------------------------------


def test_a_received_request_starts_in_received_with_one_history_entry() -> None:
    rfp = make_rfp()
    assert rfp.status is RfpStatus.RECEIVED
    assert rfp.revision == 1
    assert rfp.history[0].command == "receive"
    assert [r.key for r in rfp.requirements] == ["R-1", "R-2", "R-3"]
    assert rfp.is_open


def test_a_request_must_be_due_after_it_was_received() -> None:
    with pytest.raises(ValidationError) as error:
        make_rfp(due_at=FIXED_INSTANT)
    assert error.value.field == "due_at"


def test_a_request_cannot_be_received_after_it_was_recorded() -> None:
    with pytest.raises(ValidationError) as error:
        make_rfp(received_at=FIXED_INSTANT.add(hours=1))
    assert error.value.field == "received_at"


def test_a_naive_due_instant_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_rfp(due_at=pendulum.naive(2026, 4, 1))
    assert error.value.field == "due_at"


def test_requirement_keys_are_unique() -> None:
    with pytest.raises(ValidationError) as error:
        make_rfp(requirements=[make_requirement("R-1"), make_requirement("R-1")])
    assert error.value.field == "requirements[1]"


@pytest.mark.parametrize("key", ["", "-R1", "R 1", "x" * 41])
def test_a_bad_requirement_key_is_refused(key: str) -> None:
    with pytest.raises(ValidationError) as error:
        Requirement(key=key, text="t", priority=RequirementPriority.MUST)
    assert error.value.field == "key"


# -- the bid decision --------------------------------------------------------------------


def test_review_then_a_bid_decision_records_the_decision_and_its_reasons() -> None:
    rfp = make_rfp(RfpStatus.IN_REVIEW)
    decision = make_bid_decision(BidOutcome.BID)
    decided = rfp.decide(decision, at=later(rfp), by=BY)
    assert decided.status is RfpStatus.BID_DECIDED
    assert decided.bid_decision == decision
    assert decided.history[-1].reason == decision.summary()
    assert decided.history[-1].changes == ("bid_decision",)


def test_a_no_bid_decision_can_be_reconsidered_which_clears_it() -> None:
    rfp = make_rfp(RfpStatus.NO_BID)
    assert rfp.bid_decision is not None
    assert rfp.bid_decision.outcome is BidOutcome.NO_BID
    again = rfp.reconsider(at=later(rfp), by=BY, reason="scope grew")
    assert again.status is RfpStatus.IN_REVIEW
    assert again.bid_decision is None


def test_reconsidering_needs_a_reason() -> None:
    rfp = make_rfp(RfpStatus.NO_BID)
    refused(rfp, "reason", lambda: rfp.reconsider(at=later(rfp), by=BY, reason=" "))


def test_deciding_before_review_is_an_invalid_transition() -> None:
    rfp = make_rfp()
    with pytest.raises(InvalidTransition) as error:
        rfp.decide(make_bid_decision(), at=later(rfp), by=BY)
    assert error.value.command == "decide_bid"
    assert error.value.state == "received"


def test_a_decision_must_be_a_bid_decision() -> None:
    rfp = make_rfp(RfpStatus.IN_REVIEW)
    bad: Any = "bid"
    refused(rfp, "decision", lambda: rfp.decide(bad, at=later(rfp), by=BY))


def test_a_stored_request_must_hold_a_decision_matching_its_status() -> None:
    rfp = make_rfp(RfpStatus.BID_DECIDED)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(rfp, bid_decision=make_bid_decision(BidOutcome.NO_BID))
    assert error.value.field == "bid_decision"


# -- preparing, reviewing, approving, submitting -----------------------------------------


def test_the_full_path_to_a_win() -> None:
    rfp = make_rfp(RfpStatus.SUBMITTED)
    won = rfp.win(at=later(rfp), by=BY, reason="best value")
    assert won.status is RfpStatus.WON
    assert not won.is_open
    assert won.allowed_commands() == ()
    assert [e.event for e in won.history][-3:] == ["approved", "submitted", "won"]


def test_approval_needs_every_requirement_answered_unless_overridden() -> None:
    rfp = make_rfp(RfpStatus.IN_PREPARATION)
    rfp = rfp.answer_requirement(make_compliance_answer("R-1"), at=later(rfp), by=BY)
    rfp = rfp.submit_for_review(at=later(rfp), by=BY)
    with pytest.raises(GuardFailed) as error:
        rfp.approve(at=later(rfp), by=BY)
    assert "R-2, R-3" in str(error.value)
    approved = rfp.approve(at=later(rfp), by=BY, override_reason="customer waived R-2 and R-3")
    assert approved.status is RfpStatus.APPROVED
    assert approved.history[-1].overridden == ("every requirement answered",)


def test_internal_review_can_send_the_proposal_back_with_a_reason() -> None:
    rfp = make_rfp(RfpStatus.INTERNAL_REVIEW)
    back = rfp.return_to_preparation(at=later(rfp), by=BY, reason="margin too thin")
    assert back.status is RfpStatus.IN_PREPARATION
    assert back.history[-1].reason == "margin too thin"


def test_submitting_after_the_deadline_is_refused() -> None:
    rfp = make_rfp(RfpStatus.APPROVED)
    refused(rfp, "at", lambda: rfp.submit(at=rfp.due_at.add(minutes=1), by=BY))


def test_a_revision_round_ends_in_a_resubmission() -> None:
    rfp = make_rfp(RfpStatus.SUBMITTED)
    new_due = rfp.updated_at.add(days=10)
    asked = rfp.request_revision(at=later(rfp), by=BY, reason="lower price", due_at=new_due)
    assert asked.status is RfpStatus.REVISION_REQUESTED
    assert asked.due_at == new_due
    revising = asked.start_revision(at=later(asked), by=BY)
    assert revising.revision_round == 1
    reviewed = revising.submit_for_review(at=later(revising), by=BY)
    approved = reviewed.approve(at=later(reviewed), by=BY)
    resubmitted = approved.submit(at=later(approved), by=BY)
    assert resubmitted.status is RfpStatus.RESUBMITTED
    assert resubmitted.history[-1].command == "resubmit"
    lost = resubmitted.lose(at=later(resubmitted), by=BY, reason="price")
    assert lost.status is RfpStatus.LOST


def test_a_revision_request_cannot_set_a_deadline_in_the_past() -> None:
    rfp = make_rfp(RfpStatus.SUBMITTED)
    refused(
        rfp,
        "due_at",
        lambda: rfp.request_revision(at=later(rfp), by=BY, reason="again", due_at=rfp.updated_at),
    )


def test_losing_needs_a_reason() -> None:
    rfp = make_rfp(RfpStatus.SUBMITTED)
    refused(rfp, "reason", lambda: rfp.lose(at=later(rfp), by=BY, reason=""))


# -- withdrawing, cancelling, expiring ----------------------------------------------------


def test_we_can_withdraw_once_we_decided_to_bid_but_not_before() -> None:
    rfp = make_rfp(RfpStatus.IN_PREPARATION)
    assert rfp.withdraw(at=later(rfp), by=BY, reason="team booked").status is RfpStatus.WITHDRAWN
    fresh = make_rfp(RfpStatus.IN_REVIEW)
    with pytest.raises(InvalidTransition):
        fresh.withdraw(at=later(fresh), by=BY, reason="no")


def test_the_customer_can_cancel_an_open_request() -> None:
    rfp = make_rfp(RfpStatus.SUBMITTED)
    assert rfp.cancel(at=later(rfp), by=BY, reason="budget cut").status is RfpStatus.CANCELLED


def test_a_request_expires_only_once_its_deadline_has_passed() -> None:
    rfp = make_rfp(RfpStatus.IN_REVIEW)
    refused(rfp, "at", lambda: rfp.expire(at=later(rfp), by=BY))
    expired = rfp.expire(at=rfp.due_at, by=BY)
    assert expired.status is RfpStatus.EXPIRED


def test_terminal_states_allow_no_commands() -> None:
    for status in RFP_LIFECYCLE.terminal:
        rfp = make_rfp(status)
        with pytest.raises(InvalidTransition):
            rfp.assign(UserId("someone"), at=later(rfp), by=BY)


# -- requirements, questions, clarifications ---------------------------------------------


def test_adding_refining_and_removing_requirements() -> None:
    rfp = make_rfp(RfpStatus.IN_REVIEW)
    added = rfp.add_requirement(
        make_requirement("R-4", RequirementPriority.COULD, text="Spare parts for 10 years"),
        at=later(rfp),
        by=BY,
    )
    assert added.requirement("R-4").priority is RequirementPriority.COULD
    refined = added.refine_requirement(
        make_requirement("R-4", RequirementPriority.MUST, text="Spare parts for 10 years"),
        at=later(added),
        by=BY,
    )
    assert refined.requirement("R-4").priority is RequirementPriority.MUST
    answered = refined.answer_requirement(make_compliance_answer("R-4"), at=later(refined), by=BY)
    removed = answered.remove_requirement("R-4", at=later(answered), by=BY, reason="dropped")
    assert [r.key for r in removed.requirements] == ["R-1", "R-2", "R-3"]
    assert removed.compliance == ()
    assert removed.history[-1].changes == ("compliance", "requirements")


def test_adding_a_requirement_under_a_used_key_is_refused() -> None:
    rfp = make_rfp()
    refused(
        rfp,
        "requirement.key",
        lambda: rfp.add_requirement(make_requirement("R-1"), at=later(rfp), by=BY),
    )


def test_refining_an_unknown_requirement_is_refused() -> None:
    rfp = make_rfp()
    refused(
        rfp,
        "requirement.key",
        lambda: rfp.refine_requirement(make_requirement("R-9"), at=later(rfp), by=BY),
    )


def test_a_requirement_a_question_refers_to_cannot_be_removed() -> None:
    rfp = make_rfp()
    rfp = rfp.ask_question(make_question(), at=later(rfp), by=BY)
    refused(rfp, "key", lambda: rfp.remove_requirement("R-1", at=later(rfp), by=BY, reason="x"))


def test_requirements_cannot_change_once_the_proposal_is_in_review() -> None:
    rfp = make_rfp(RfpStatus.INTERNAL_REVIEW)
    with pytest.raises(InvalidTransition):
        rfp.add_requirement(make_requirement("R-9"), at=later(rfp), by=BY)


def test_a_question_is_asked_then_answered() -> None:
    rfp = make_rfp()
    asked = rfp.ask_question(make_question(), at=later(rfp), by=BY)
    assert [q.key for q in asked.open_questions] == ["Q-1"]
    answered = asked.record_answer("Q-1", "Frankfurt or Dublin", at=later(asked), by=BY)
    assert answered.open_questions == ()
    assert answered.questions[0].answer == "Frankfurt or Dublin"
    assert answered.questions[0].answered_at == answered.updated_at


def test_answering_an_unknown_or_answered_question_is_refused() -> None:
    rfp = make_rfp()
    refused(rfp, "key", lambda: rfp.record_answer("Q-9", "yes", at=later(rfp), by=BY))
    rfp = rfp.ask_question(make_question(), at=later(rfp), by=BY)
    rfp = rfp.record_answer("Q-1", "yes", at=later(rfp), by=BY)
    refused(rfp, "key", lambda: rfp.record_answer("Q-1", "again", at=later(rfp), by=BY))


def test_a_blank_answer_is_refused() -> None:
    rfp = make_rfp()
    rfp = rfp.ask_question(make_question(), at=later(rfp), by=BY)
    refused(rfp, "answer", lambda: rfp.record_answer("Q-1", "  ", at=later(rfp), by=BY))


def test_a_question_about_an_unknown_requirement_is_refused() -> None:
    rfp = make_rfp()
    refused(
        rfp,
        "question.requirement_key",
        lambda: rfp.ask_question(make_question(requirement_key="R-9"), at=later(rfp), by=BY),
    )


def test_a_question_asked_after_it_was_recorded_is_refused() -> None:
    rfp = make_rfp()
    question = make_question(asked_at=later(rfp, 5))
    refused(rfp, "question.asked_at", lambda: rfp.ask_question(question, at=later(rfp), by=BY))


def test_clarifications_are_recorded_in_order() -> None:
    rfp = make_rfp(RfpStatus.SUBMITTED)
    noted = rfp.record_clarification(make_clarification(), at=later(rfp), by=BY)
    assert noted.clarifications == (make_clarification(),)


def test_compliance_answers_replace_earlier_ones_and_feed_the_coverage() -> None:
    rfp = make_rfp(RfpStatus.IN_PREPARATION)
    rfp = rfp.answer_requirement(
        make_compliance_answer("R-1", ComplianceLevel.PARTIAL), at=later(rfp), by=BY
    )
    rfp = rfp.answer_requirement(make_compliance_answer("R-1"), at=later(rfp), by=BY)
    rfp = rfp.answer_requirement(
        make_compliance_answer("R-2", ComplianceLevel.EXCEPTION), at=later(rfp), by=BY
    )
    coverage = rfp.compliance_coverage()
    assert len(rfp.compliance) == 2
    assert coverage.musts_met == ("R-1",)
    assert coverage.musts_not_met == ("R-2",)
    assert coverage.exceptions == ("R-2",)
    assert str(coverage.must_coverage) == "50 %"
    assert coverage.unanswered == ("R-3",)


def test_a_partial_answer_needs_a_note() -> None:
    with pytest.raises(ValidationError) as error:
        ComplianceAnswer(requirement_key="R-1", level=ComplianceLevel.PARTIAL)
    assert error.value.field == "note"


def test_the_deadline_can_be_extended_with_a_reason() -> None:
    rfp = make_rfp(RfpStatus.IN_PREPARATION)
    extended = rfp.change_due(rfp.due_at.add(days=7), at=later(rfp), by=BY, reason="addendum")
    assert extended.due_at == rfp.due_at.add(days=7)
    refused(
        rfp,
        "due_at",
        lambda: rfp.change_due(FIXED_INSTANT, at=later(rfp), by=BY, reason="typo"),
    )


def test_assigning_checks_the_owner_id() -> None:
    rfp = make_rfp()
    assert rfp.assign(UserId("bm-2"), at=later(rfp), by=BY).owner == "bm-2"
    bad: Any = "has space"
    refused(rfp, "owner", lambda: rfp.assign(bad, at=later(rfp), by=BY))


def test_commands_refuse_time_running_backwards() -> None:
    rfp = make_rfp(RfpStatus.IN_REVIEW)
    refused(rfp, "at", lambda: rfp.assign(UserId("bm-2"), at=FIXED_INSTANT, by=BY))


def test_an_rfq_is_received_like_an_rfp() -> None:
    rfq = Rfp.receive(
        id=RfpId("RFQ-7"),
        kind=RfpKind.RFQ,
        title="500 sensors",
        account_id=AccountId("a"),
        opportunity_id=OpportunityId("o"),
        received_at=FIXED_INSTANT,
        due_at=FIXED_INSTANT.add(days=5),
        at=FIXED_INSTANT.add(hours=2),
        by=BY,
    )
    assert rfq.kind is RfpKind.RFQ
    assert rfq.requirements == ()


# -- moving the deadline during sign-off, and waiting for the decision --------------------


@pytest.mark.parametrize(
    "status",
    [
        RfpStatus.INTERNAL_REVIEW,
        RfpStatus.APPROVED,
        RfpStatus.SUBMITTED,
        RfpStatus.RESUBMITTED,
    ],
)
def test_the_customer_can_extend_the_deadline_during_sign_off_and_after(
    status: RfpStatus,
) -> None:
    rfp = make_rfp(status)
    assert "change_due" in rfp.allowed_commands()
    extended = rfp.change_due(rfp.due_at.add(days=7), at=later(rfp), by=BY, reason="addendum")
    assert extended.due_at == rfp.due_at.add(days=7)
    assert extended.status is status
    refused(
        rfp,
        "due_at",
        lambda: rfp.change_due(later(rfp), at=later(rfp, 2), by=BY, reason="typo"),
    )


def submitted(decision_in_days: int | None = 30) -> Rfp:
    approved = make_rfp(RfpStatus.APPROVED)
    at = approved.due_at.subtract(hours=1)
    expected = None if decision_in_days is None else approved.due_at.add(days=decision_in_days)
    return approved.submit(at=at, by=BY, decision_expected_by=expected)


def test_a_sent_proposal_does_not_expire_at_its_submission_deadline() -> None:
    rfp = submitted()
    assert rfp.decision_expected_by == rfp.due_at.add(days=30)
    refused(rfp, "at", lambda: rfp.expire(at=rfp.due_at.add(minutes=1), by=BY))
    refused(rfp, "at", lambda: rfp.expire(at=rfp.due_at.add(days=29), by=BY))
    expired = rfp.expire(at=rfp.due_at.add(days=30), by=BY)
    assert expired.status is RfpStatus.EXPIRED


def test_a_sent_proposal_without_a_decision_date_does_not_expire() -> None:
    rfp = submitted(None)
    assert rfp.decision_expected_by is None
    refused(rfp, "at", lambda: rfp.expire(at=rfp.due_at.add(days=365), by=BY))


def test_a_sent_proposal_never_expires_before_its_deadline() -> None:
    approved = make_rfp(RfpStatus.APPROVED)
    at = approved.due_at.subtract(days=2)
    rfp = approved.submit(at=at, by=BY, decision_expected_by=at.add(hours=1))
    refused(rfp, "at", lambda: rfp.expire(at=at.add(hours=2), by=BY))
    assert rfp.expire(at=rfp.due_at, by=BY).status is RfpStatus.EXPIRED


@pytest.mark.parametrize(
    ("expected", "field"),
    [
        (pendulum.naive(2027, 1, 1), "decision_expected_by"),
        ("2027-01-01", "decision_expected_by"),
        (FIXED_INSTANT, "decision_expected_by"),
    ],
)
def test_a_bad_decision_date_is_refused(expected: Any, field: str) -> None:
    rfp = make_rfp(RfpStatus.APPROVED)
    refused(
        rfp,
        field,
        lambda: rfp.submit(at=later(rfp), by=BY, decision_expected_by=expected),
    )


def test_a_revision_request_clears_the_decision_date_until_the_resubmission() -> None:
    rfp = submitted()
    asked = rfp.request_revision(at=later(rfp), by=BY, reason="phase it", due_at=later(rfp, 48))
    assert asked.decision_expected_by is None
    ready = (
        asked.start_revision(at=later(asked), by=BY)
        .submit_for_review(at=later(asked, 2), by=BY)
        .approve(at=later(asked, 3), by=BY)
    )
    again = ready.submit(at=later(ready), by=BY, decision_expected_by=later(ready, 24 * 20))
    assert again.status is RfpStatus.RESUBMITTED
    assert again.decision_expected_by == later(ready, 24 * 20)


def test_a_new_text_or_priority_clears_the_compliance_answer() -> None:
    rfp = make_rfp(RfpStatus.IN_PREPARATION)
    answered = rfp.answer_requirement(make_compliance_answer("R-1"), at=later(rfp), by=BY)
    first = answered.requirement("R-1")
    for changed in (
        attrs.evolve(first, text="a completely different need"),
        attrs.evolve(
            first,
            priority=next(p for p in RequirementPriority if p is not first.priority),
        ),
    ):
        refined = answered.refine_requirement(changed, at=later(answered), by=BY)
        assert "R-1" in refined.compliance_coverage().unanswered
    same = answered.refine_requirement(
        attrs.evolve(first, category="scope"), at=later(answered), by=BY
    )
    assert "R-1" not in same.compliance_coverage().unanswered


def test_a_request_is_not_received_already_past_its_deadline() -> None:
    with pytest.raises(ValidationError) as error:
        Rfp.receive(
            id=RfpId("RFP-9"),
            kind=RfpKind.RFQ,
            title="late",
            account_id=AccountId("a"),
            opportunity_id=OpportunityId("o"),
            received_at=FIXED_INSTANT.subtract(days=30),
            due_at=FIXED_INSTANT.subtract(days=10),
            at=FIXED_INSTANT,
            by=BY,
        )
    assert error.value.field == "due_at"
