"""The request for proposal or quote (PCF 3.5.3.1-3.5.3.3, 3.5.3.6)."""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import pendulum

from pcf_sales.core import AccountId, HistoryEntry, OpportunityId, RfpId, UserId
from pcf_sales.core._validate import (
    check_id,
    check_instant,
    fail,
    is_enum,
    is_id,
    is_instance,
    is_instant,
    is_int,
    is_text,
    optional,
    to_instant,
    to_optional_instant,
    to_optional_text,
    to_text,
    to_tuple,
)
from pcf_sales.opportunities._checks import check_field, check_instance
from pcf_sales.proposals import _rfp_checks as _checks
from pcf_sales.proposals._bid import BidDecision, BidOutcome
from pcf_sales.proposals._compliance import ComplianceAnswer, ComplianceCoverage
from pcf_sales.proposals._requirements import Clarification, Question, Requirement, check_key
from pcf_sales.proposals._rfp_lifecycle import RFP_LIFECYCLE, RfpKind, RfpStatus

__all__ = ["Rfp"]


_DECIDED_TO_BID = frozenset(
    {
        RfpStatus.BID_DECIDED,
        RfpStatus.IN_PREPARATION,
        RfpStatus.INTERNAL_REVIEW,
        RfpStatus.APPROVED,
        RfpStatus.SUBMITTED,
        RfpStatus.REVISION_REQUESTED,
        RfpStatus.IN_REVISION,
        RfpStatus.RESUBMITTED,
        RfpStatus.WON,
        RfpStatus.LOST,
    }
)


@attrs.frozen(kw_only=True)
class Rfp:
    """A customer's request for proposal or quote, from receipt to the outcome.

    Create one with :meth:`receive`; change it only through its commands,
    each of which returns a new ``Rfp`` with one more history entry and the
    next ``revision``. ``received_at`` is when the customer sent it (no later
    than when it was recorded) and ``due_at`` the submission deadline.
    ``decision_expected_by``, given when the proposal is sent, is when the
    customer is expected to decide (the end of the proposal's validity): a sent
    proposal waits for the decision until then.

    >>> monday = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> rfp = Rfp.receive(
    ...     id=RfpId("RFP-1"), kind=RfpKind.RFP, title="Plant sensors",
    ...     account_id=AccountId("A-1"), opportunity_id=OpportunityId("O-1"),
    ...     received_at=monday, due_at=monday.add(weeks=3), at=monday, by=UserId("bid-desk"))
    >>> rfp.start_review(at=monday.add(hours=1), by=UserId("bid-desk")).status.value
    'in_review'
    """

    id: RfpId = attrs.field(validator=is_id)
    status: RfpStatus = attrs.field(validator=is_enum(RfpStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[RfpStatus], ...] = attrs.field(
        converter=to_tuple, validator=_checks.history
    )
    kind: RfpKind = attrs.field(validator=is_enum(RfpKind))
    title: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    account_id: AccountId = attrs.field(validator=is_id)
    opportunity_id: OpportunityId = attrs.field(validator=is_id)
    received_at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    due_at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    customer_reference: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=120))
    )
    owner: UserId | None = attrs.field(default=None, validator=optional(is_id))
    requirements: tuple[Requirement, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_checks.requirements
    )
    questions: tuple[Question, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_checks.questions
    )
    clarifications: tuple[Clarification, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_checks.clarifications
    )
    compliance: tuple[ComplianceAnswer, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_checks.answers
    )
    bid_decision: BidDecision | None = attrs.field(
        default=None, validator=optional(is_instance(BidDecision))
    )
    revision_round: int = attrs.field(default=0, validator=is_int(minimum=0))
    decision_expected_by: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=optional(is_instant)
    )

    def __attrs_post_init__(self) -> None:
        RFP_LIFECYCLE.check_history(self)
        if self.received_at > self.history[0].at:
            fail("received_at", "is after the request was recorded")
        if self.due_at <= self.received_at:
            fail("due_at", f"{self.due_at} is not after the request was received")
        _checks.check_references(
            self.requirements, self.questions, self.clarifications, self.compliance
        )
        decision = self.bid_decision
        if self.status is RfpStatus.NO_BID:
            if decision is None or decision.outcome is not BidOutcome.NO_BID:
                fail("bid_decision", "a request in no_bid holds a no-bid decision")
        elif self.status in _DECIDED_TO_BID:
            if decision is None or decision.outcome is not BidOutcome.BID:
                fail("bid_decision", f"a request in {self.status.value} holds a bid decision")
        elif self.status in (RfpStatus.RECEIVED, RfpStatus.IN_REVIEW) and decision is not None:
            fail("bid_decision", f"a request in {self.status.value} has no bid decision yet")
        rounds = sum(1 for entry in self.history if entry.command == "start_revision")
        if self.revision_round != rounds:
            fail("revision_round", f"is {self.revision_round}, but {rounds} revision(s) started")

    # -- creating -------------------------------------------------------------------

    @classmethod
    def receive(
        cls,
        *,
        id: RfpId,
        kind: RfpKind,
        title: str,
        account_id: AccountId,
        opportunity_id: OpportunityId,
        received_at: pendulum.DateTime,
        due_at: pendulum.DateTime,
        at: pendulum.DateTime,
        by: UserId,
        customer_reference: str | None = None,
        owner: UserId | None = None,
        requirements: Iterable[Requirement] = (),
    ) -> Rfp:
        """A new request in status ``received`` (PCF 3.5.3.1 receive RFP/RFQ), due after
        it is recorded at ``at`` (as :meth:`change_due` requires of a new deadline)."""
        due = check_instant(due_at, "due_at")
        if due <= check_instant(at, "at"):
            fail("due_at", f"{due} is not after the request is recorded at {at}")
        return RFP_LIFECYCLE.create(
            cls,
            at=at,
            by=by,
            id=id,
            kind=kind,
            title=title,
            account_id=account_id,
            opportunity_id=opportunity_id,
            received_at=received_at,
            due_at=due_at,
            customer_reference=customer_reference,
            owner=owner,
            requirements=to_tuple(requirements),
        )

    # -- facts ----------------------------------------------------------------------

    @property
    def updated_at(self) -> pendulum.DateTime:
        """When the request last changed."""
        return self.history[-1].at

    @property
    def is_open(self) -> bool:
        """True until the request reaches an outcome (won, lost, withdrawn, cancelled,
        expired)."""
        return self.status not in RFP_LIFECYCLE.terminal

    @property
    def open_questions(self) -> tuple[Question, ...]:
        """The questions the customer has not answered yet."""
        return tuple(q for q in self.questions if not q.is_answered)

    def requirement(self, key: str) -> Requirement:
        """The requirement under ``key``."""
        found = [item for item in self.requirements if item.key == key]
        if not found:
            fail("key", f"the request has no requirement {key!r}")
        return found[0]

    def compliance_coverage(self) -> ComplianceCoverage:
        """The compliance matrix: every requirement with our answer, and the coverage."""
        return ComplianceCoverage.of(self.requirements, self.compliance)

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the request's current status."""
        return RFP_LIFECYCLE.allowed(self.status)

    # -- the bid decision -------------------------------------------------------------------

    def start_review(self, *, at: pendulum.DateTime, by: UserId) -> Rfp:
        """Start reviewing the request (PCF 3.5.3.3)."""
        return RFP_LIFECYCLE.apply(self, "start_review", at=at, by=by)

    def decide(self, decision: BidDecision, *, at: pendulum.DateTime, by: UserId) -> Rfp:
        """Record the bid or no-bid decision; its reasons go to the history."""
        command = "decide_bid"
        if isinstance(decision, BidDecision) and decision.outcome is BidOutcome.NO_BID:
            command = "decide_no_bid"
        RFP_LIFECYCLE.require(self, command)
        check_instance(BidDecision, decision, "decision")
        return RFP_LIFECYCLE.apply(
            self,
            command,
            at=at,
            by=by,
            reason=decision.summary()[:4000],
            changes={"bid_decision": decision},
        )

    def reconsider(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> Rfp:
        """Take a no-bid decision back to review (the decision is cleared)."""
        return RFP_LIFECYCLE.apply(
            self, "reconsider", at=at, by=by, reason=reason, changes={"bid_decision": None}
        )

    # -- preparing and submitting ---------------------------------------------------------

    def start_preparation(self, *, at: pendulum.DateTime, by: UserId) -> Rfp:
        """Start preparing the proposal (PCF 3.5.3.7-3.5.3.10)."""
        return RFP_LIFECYCLE.apply(self, "start_preparation", at=at, by=by)

    def submit_for_review(self, *, at: pendulum.DateTime, by: UserId) -> Rfp:
        """Hand the prepared proposal to internal review."""
        return RFP_LIFECYCLE.apply(self, "submit_for_review", at=at, by=by)

    def return_to_preparation(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> Rfp:
        """Internal review sends the proposal back, saying why."""
        return RFP_LIFECYCLE.apply(self, "return_to_preparation", at=at, by=by, reason=reason)

    def approve(
        self, *, at: pendulum.DateTime, by: UserId, override_reason: str | None = None
    ) -> Rfp:
        """Approve the proposal for submission. Every requirement must be answered in the
        compliance matrix, unless ``override_reason`` says why it may go anyway."""
        return RFP_LIFECYCLE.apply(
            self,
            "approve",
            at=at,
            by=by,
            reason=override_reason,
            override=override_reason is not None,
        )

    def submit(
        self,
        *,
        at: pendulum.DateTime,
        by: UserId,
        decision_expected_by: pendulum.DateTime | None = None,
    ) -> Rfp:
        """Send the approved proposal to the customer: ``submitted`` the first time,
        ``resubmitted`` after a revision. Submitting after ``due_at`` is refused.

        ``decision_expected_by`` is when the customer is expected to decide (the end
        of the proposal's validity); the sent proposal can expire only after it.
        """
        command = "resubmit" if self.revision_round else "submit"
        RFP_LIFECYCLE.require(self, command)
        moment = check_instant(at, "at")
        if moment > self.due_at:
            fail("at", f"{moment} is after the deadline {self.due_at}; extend it or expire")
        expected = None
        if decision_expected_by is not None:
            expected = check_instant(decision_expected_by, "decision_expected_by")
            if expected <= moment:
                fail(
                    "decision_expected_by",
                    f"{expected} is not after the proposal is sent ({moment})",
                )
        return RFP_LIFECYCLE.apply(
            self, command, at=moment, by=by, changes={"decision_expected_by": expected}
        )

    def request_revision(
        self,
        *,
        at: pendulum.DateTime,
        by: UserId,
        reason: str,
        due_at: pendulum.DateTime | None = None,
    ) -> Rfp:
        """The customer asks for a revised proposal (by ``due_at`` when given)."""
        RFP_LIFECYCLE.require(self, "request_revision")
        changes: dict[str, object] = {"decision_expected_by": None}
        if due_at is not None:
            changes["due_at"] = self._new_due(due_at, at)
        return RFP_LIFECYCLE.apply(
            self, "request_revision", at=at, by=by, reason=reason, changes=changes
        )

    def start_revision(self, *, at: pendulum.DateTime, by: UserId) -> Rfp:
        """Start revising the proposal: the next revision round."""
        return RFP_LIFECYCLE.apply(
            self,
            "start_revision",
            at=at,
            by=by,
            changes={"revision_round": self.revision_round + 1},
        )

    # -- outcomes --------------------------------------------------------------------------

    def win(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> Rfp:
        """The customer awarded us the business (PCF 3.5.3.15)."""
        return RFP_LIFECYCLE.apply(self, "win", at=at, by=by, reason=reason)

    def lose(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> Rfp:
        """The customer chose someone else, for ``reason``."""
        return RFP_LIFECYCLE.apply(self, "lose", at=at, by=by, reason=reason)

    def withdraw(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> Rfp:
        """We withdraw our bid, saying why."""
        return RFP_LIFECYCLE.apply(self, "withdraw", at=at, by=by, reason=reason)

    def cancel(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> Rfp:
        """The customer cancelled the request."""
        return RFP_LIFECYCLE.apply(self, "cancel", at=at, by=by, reason=reason)

    def expire(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> Rfp:
        """The request lapsed: no earlier than ``due_at`` and, once the proposal was
        sent, only when the customer has not decided by ``decision_expected_by`` (a
        sent proposal without that date does not lapse; withdraw it instead)."""
        RFP_LIFECYCLE.require(self, "expire")
        moment = check_instant(at, "at")
        if moment < self.due_at:
            fail("at", f"{moment} is before the deadline {self.due_at}; it has not expired")
        if self.status in (RfpStatus.SUBMITTED, RfpStatus.RESUBMITTED):
            expected = self.decision_expected_by
            if expected is None:
                fail(
                    "at",
                    "the proposal was sent and waits for the customer's decision, "
                    "with no decision date given at submission; withdraw it instead",
                )
            if moment < expected:
                fail(
                    "at",
                    f"{moment} is before the customer's decision is expected ({expected}); "
                    "it has not expired",
                )
        return RFP_LIFECYCLE.apply(self, "expire", at=moment, by=by, reason=reason)

    # -- changing data (PCF 3.5.3.2 refine requirements) -----------------------------------

    def add_requirement(
        self, requirement: Requirement, *, at: pendulum.DateTime, by: UserId
    ) -> Rfp:
        """Add a requirement under a new key."""
        RFP_LIFECYCLE.require(self, "add_requirement")
        item = check_instance(Requirement, requirement, "requirement")
        if any(r.key == item.key for r in self.requirements):
            fail("requirement.key", f"the request already has a requirement {item.key!r}")
        return RFP_LIFECYCLE.apply(
            self,
            "add_requirement",
            at=at,
            by=by,
            changes={"requirements": (*self.requirements, item)},
        )

    def refine_requirement(
        self, requirement: Requirement, *, at: pendulum.DateTime, by: UserId
    ) -> Rfp:
        """Replace the requirement with the same key (its text, priority or category).
        A new text or priority clears our compliance answer to it, which must then be
        given again."""
        RFP_LIFECYCLE.require(self, "refine_requirement")
        item = check_instance(Requirement, requirement, "requirement")
        if not any(r.key == item.key for r in self.requirements):
            fail("requirement.key", f"the request has no requirement {item.key!r}")
        old = self.requirement(item.key)
        updated = tuple(item if r.key == item.key else r for r in self.requirements)
        changes: dict[str, object] = {"requirements": updated}
        if (old.text, old.priority) != (item.text, item.priority):
            changes["compliance"] = tuple(
                a for a in self.compliance if a.requirement_key != item.key
            )
        return RFP_LIFECYCLE.apply(self, "refine_requirement", at=at, by=by, changes=changes)

    def remove_requirement(
        self, key: str, *, at: pendulum.DateTime, by: UserId, reason: str
    ) -> Rfp:
        """Remove a requirement (and our answer to it), saying why."""
        RFP_LIFECYCLE.require(self, "remove_requirement")
        check_key(key, "key")
        if not any(r.key == key for r in self.requirements):
            fail("key", f"the request has no requirement {key!r}")
        questions = [q.key for q in self.questions if q.requirement_key == key]
        notes = [i for i, c in enumerate(self.clarifications) if c.requirement_key == key]
        if questions or notes:
            fail("key", f"requirement {key!r} is referred to by questions or clarifications")
        return RFP_LIFECYCLE.apply(
            self,
            "remove_requirement",
            at=at,
            by=by,
            reason=reason,
            changes={
                "requirements": tuple(r for r in self.requirements if r.key != key),
                "compliance": tuple(a for a in self.compliance if a.requirement_key != key),
            },
        )

    def ask_question(self, question: Question, *, at: pendulum.DateTime, by: UserId) -> Rfp:
        """Put a question to the customer (unanswered, asked no later than ``at``)."""
        RFP_LIFECYCLE.require(self, "ask_question")
        item = check_instance(Question, question, "question")
        if item.is_answered:
            fail("question.answer", "a question is asked unanswered; record the answer later")
        if item.asked_at > check_instant(at, "at"):
            fail("question.asked_at", f"{item.asked_at} is after the time of recording {at}")
        if any(q.key == item.key for q in self.questions):
            fail("question.key", f"the request already has a question {item.key!r}")
        self._known_requirement(item.requirement_key, "question.requirement_key")
        return RFP_LIFECYCLE.apply(
            self, "ask_question", at=at, by=by, changes={"questions": (*self.questions, item)}
        )

    def record_answer(self, key: str, answer: str, *, at: pendulum.DateTime, by: UserId) -> Rfp:
        """Record the customer's answer to question ``key``, answered at ``at``."""
        RFP_LIFECYCLE.require(self, "record_answer")
        check_key(key, "key")
        moment = check_instant(at, "at")
        index = next((i for i, q in enumerate(self.questions) if q.key == key), None)
        if index is None:
            fail("key", f"the request has no question {key!r}")
        question = self.questions[index]
        if question.is_answered:
            fail("key", f"question {key!r} is already answered")
        if moment < question.asked_at:
            fail("at", f"{moment} is before question {key!r} was asked")
        text = check_field(Question, "answer", answer)
        if text is None:
            fail("answer", "must not be empty")
        updated = attrs.evolve(question, answer=text, answered_at=moment)
        questions = (*self.questions[:index], updated, *self.questions[index + 1 :])
        return RFP_LIFECYCLE.apply(
            self, "record_answer", at=moment, by=by, changes={"questions": questions}
        )

    def record_clarification(
        self, clarification: Clarification, *, at: pendulum.DateTime, by: UserId
    ) -> Rfp:
        """Record a clarification the customer issued (no later than ``at``)."""
        RFP_LIFECYCLE.require(self, "record_clarification")
        item = check_instance(Clarification, clarification, "clarification")
        if item.issued_at > check_instant(at, "at"):
            fail("clarification.issued_at", f"{item.issued_at} is after the time of recording")
        self._known_requirement(item.requirement_key, "clarification.requirement_key")
        return RFP_LIFECYCLE.apply(
            self,
            "record_clarification",
            at=at,
            by=by,
            changes={"clarifications": (*self.clarifications, item)},
        )

    def answer_requirement(
        self, answer: ComplianceAnswer, *, at: pendulum.DateTime, by: UserId
    ) -> Rfp:
        """Set our compliance answer to a requirement (replacing an earlier one)."""
        RFP_LIFECYCLE.require(self, "answer_requirement")
        item = check_instance(ComplianceAnswer, answer, "answer")
        self._known_requirement(item.requirement_key, "answer.requirement_key")
        kept = tuple(a for a in self.compliance if a.requirement_key != item.requirement_key)
        return RFP_LIFECYCLE.apply(
            self, "answer_requirement", at=at, by=by, changes={"compliance": (*kept, item)}
        )

    def change_due(
        self, due_at: pendulum.DateTime, *, at: pendulum.DateTime, by: UserId, reason: str
    ) -> Rfp:
        """Move the deadline (the customer extended or brought it forward)."""
        RFP_LIFECYCLE.require(self, "change_due")
        return RFP_LIFECYCLE.apply(
            self,
            "change_due",
            at=at,
            by=by,
            reason=reason,
            changes={"due_at": self._new_due(due_at, at)},
        )

    def assign(self, owner: UserId | None, *, at: pendulum.DateTime, by: UserId) -> Rfp:
        """Give the request to ``owner`` (the bid manager), or to nobody."""
        RFP_LIFECYCLE.require(self, "assign")
        if owner is not None:
            check_id(owner, "owner")
        return RFP_LIFECYCLE.apply(self, "assign", at=at, by=by, changes={"owner": owner})

    # -- helpers ---------------------------------------------------------------------------

    def _known_requirement(self, key: str | None, field: str) -> None:
        if key is not None and not any(r.key == key for r in self.requirements):
            fail(field, f"the request has no requirement {key!r}")

    def _new_due(self, due_at: object, at: object) -> pendulum.DateTime:
        due = check_instant(due_at, "due_at")
        if due <= self.received_at:
            fail("due_at", f"{due} is not after the request was received")
        if due <= check_instant(at, "at"):
            fail("due_at", f"{due} is not after the time of the change {at}")
        return due
