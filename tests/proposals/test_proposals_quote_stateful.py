"""Stateful test of the quote lifecycle and its version chain: random command sequences on
every version, invariants after every step."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pendulum
import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from pcf_sales.core import UserId
from pcf_sales.errors import GuardFailed, InvalidTransition, ValidationError
from pcf_sales.opportunities import CloseReason, PriceFeedback, WinLossReview
from pcf_sales.pricing import Adjustment, ManualDiscount, PricingResult
from pcf_sales.proposals import (
    QUOTE_LIFECYCLE,
    Incoterm,
    Quote,
    QuoteStatus,
    ReviewOutcome,
    StepKind,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_approval_chain,
    make_document_line,
    make_pricing_document,
    make_pricing_result,
    make_quote,
    make_quote_terms,
)

BY = UserId("sales-rep")
_OPEN = {QuoteStatus.DRAFT, QuoteStatus.IN_REVIEW, QuoteStatus.APPROVED, QuoteStatus.PRESENTED}
_REVISABLE = _OPEN | {QuoteStatus.REJECTED, QuoteStatus.EXPIRED}


def _pricing(percent: int) -> PricingResult:
    if percent == 0:
        return make_pricing_result()
    discount = ManualDiscount(
        adjustment=Adjustment.percent_off(percent), reason="negotiated", by=BY
    )
    document = make_pricing_document(
        lines=(make_document_line(discount=discount), make_document_line("CAL-KIT", 2))
    )
    return make_pricing_result(document=document)


#: A few pricings to revise to, priced once.
PRICINGS = {percent: _pricing(percent) for percent in (0, 5, 12, 25, 40)}


class QuoteMachine(RuleBasedStateMachine):
    """Drives one quote through random commands, revising it into new versions."""

    def __init__(self) -> None:
        super().__init__()
        self.versions: list[Quote] = []
        self.now = FIXED_INSTANT
        self.revisions: dict[int, int] = {}

    @initialize()
    def draft(self) -> None:
        self.versions = [make_quote()]

    @property
    def quote(self) -> Quote:
        return self.versions[-1]

    def _set(self, quote: Quote) -> None:
        self.versions[-1] = quote

    def _tick(self, minutes: int) -> pendulum.DateTime:
        self.now = self.now.add(minutes=minutes)
        return self.now

    def _refused(self, command: str) -> bool:
        return self.quote.status not in QUOTE_LIFECYCLE.transition(command).sources

    # -- rules --------------------------------------------------------------------------

    @rule(minutes=st.integers(1, 60 * 24 * 2))
    def time_passes(self, minutes: int) -> None:
        self._tick(minutes)

    @precondition(lambda self: self.quote.status in {QuoteStatus.DRAFT})
    @rule(margin=st.none() | st.integers(-10, 60), minutes=st.integers(1, 600))
    def submit_for_review(self, margin: int | None, minutes: int) -> None:
        quote = self.quote
        chain = make_approval_chain(
            pricing=quote.pricing,
            margin_percent=None if margin is None else Decimal(margin),
        )
        at = self._tick(minutes)
        if self._refused("submit_for_review"):
            with pytest.raises(InvalidTransition):
                quote.submit_for_review(chain, at=at, by=BY)
            return
        self._set(quote.submit_for_review(chain, at=at, by=BY))

    @precondition(lambda self: self.quote.status in {QuoteStatus.IN_REVIEW})
    @rule(
        data=st.data(),
        outcome=st.sampled_from(ReviewOutcome),
        minutes=st.integers(1, 600),
    )
    def record_review(self, data: st.DataObject, outcome: ReviewOutcome, minutes: int) -> None:
        quote = self.quote
        at = self._tick(minutes)
        if self._refused("record_review") or quote.approval_chain is None:
            with pytest.raises(InvalidTransition):
                quote.record_review("solution", outcome, at=at, by=BY, comment="c")
            return
        step = data.draw(st.sampled_from(quote.approval_chain.steps))
        earlier = [
            s.code
            for s in quote.approval_chain.steps[: quote.approval_chain.steps.index(step)]
            if s.kind is StepKind.APPROVAL
        ]
        blocked = (
            step.kind is StepKind.APPROVAL
            and outcome is ReviewOutcome.APPROVED
            and any(code in quote.pending_steps() for code in earlier)
        )
        if blocked:
            with pytest.raises(GuardFailed):
                quote.record_review(step.code, outcome, at=at, by=BY, comment="c")
            return
        reviewed = quote.record_review(step.code, outcome, at=at, by=BY, comment="c")
        assert reviewed.latest_reviews()[step.code].outcome is outcome
        self._set(reviewed)

    @precondition(lambda self: self.quote.status in {QuoteStatus.IN_REVIEW})
    @rule(minutes=st.integers(1, 120))
    def every_reviewer_approves(self, minutes: int) -> None:
        quote = self.quote
        if quote.status is not QuoteStatus.IN_REVIEW:
            return
        for code in quote.pending_steps():
            quote = quote.record_review(
                code, ReviewOutcome.APPROVED, at=self._tick(minutes), by=UserId(f"r-{code}")
            )
        assert quote.pending_steps() == ()
        self._set(quote)

    @precondition(lambda self: self.quote.status in {QuoteStatus.IN_REVIEW})
    @rule(minutes=st.integers(1, 600))
    def approve(self, minutes: int) -> None:
        quote = self.quote
        at = self._tick(minutes)
        if self._refused("approve"):
            with pytest.raises(InvalidTransition):
                quote.approve(at=at, by=BY)
        elif quote.pending_steps():
            with pytest.raises(GuardFailed):
                quote.approve(at=at, by=BY)
        else:
            self._set(quote.approve(at=at, by=BY))

    def _valid_command(self, command: str, minutes: int) -> None:
        quote = self.quote
        at = self._tick(minutes)
        run = getattr(quote, command)
        if self._refused(command):
            with pytest.raises(InvalidTransition):
                run(at=at, by=BY)
        elif at.date() > quote.valid_until:
            with pytest.raises(GuardFailed):
                run(at=at, by=BY)
        else:
            self._set(run(at=at, by=BY))

    @precondition(lambda self: self.quote.status in {QuoteStatus.APPROVED})
    @rule(minutes=st.integers(1, 60 * 24))
    def present(self, minutes: int) -> None:
        self._valid_command("present", minutes)

    @precondition(lambda self: self.quote.status in {QuoteStatus.PRESENTED})
    @rule(minutes=st.integers(1, 60 * 24))
    def accept(self, minutes: int) -> None:
        self._valid_command("accept", minutes)

    @precondition(lambda self: self.quote.status in {QuoteStatus.PRESENTED})
    @rule(minutes=st.integers(1, 600), competitor=st.none() | st.just("Globex"))
    def reject(self, minutes: int, competitor: str | None) -> None:
        quote = self.quote
        at = self._tick(minutes)
        lost = WinLossReview(
            reasons=(CloseReason.PRICE,),
            competitor=competitor,
            price_feedback=PriceFeedback.TOO_HIGH,
        )
        if self._refused("reject"):
            with pytest.raises(InvalidTransition):
                quote.reject(lost, at=at, by=BY)
            return
        self._set(quote.reject(lost, at=at, by=BY))

    @precondition(lambda self: self.quote.status in _OPEN)
    @rule(minutes=st.integers(1, 60 * 24 * 10))
    def expire(self, minutes: int) -> None:
        quote = self.quote
        at = self._tick(minutes)
        if self._refused("expire"):
            with pytest.raises(InvalidTransition):
                quote.expire(at=at, by=BY)
        elif at.date() <= quote.valid_until:
            with pytest.raises(GuardFailed):
                quote.expire(at=at, by=BY)
        else:
            self._set(quote.expire(at=at, by=BY))

    @precondition(lambda self: self.quote.status in _OPEN)
    @rule(minutes=st.integers(1, 600), really=st.integers(0, 7))
    def withdraw(self, minutes: int, really: int) -> None:
        quote = self.quote
        if really:
            return
        at = self._tick(minutes)
        if self._refused("withdraw"):
            with pytest.raises(InvalidTransition):
                quote.withdraw(at=at, by=BY, reason="cancelled")
            return
        self._set(quote.withdraw(at=at, by=BY, reason="cancelled"))

    @precondition(lambda self: self.quote.status in _REVISABLE)
    @rule(
        percent=st.sampled_from(sorted(PRICINGS)),
        days=st.integers(1, 60),
        payment_days=st.sampled_from([30, 45, 60]),
        minutes=st.integers(1, 600),
        really=st.integers(0, 3),
    )
    def revise(self, percent: int, days: int, payment_days: int, minutes: int, really: int) -> None:
        quote = self.quote
        if really and quote.status in _OPEN:
            return
        at = self._tick(minutes)
        terms = make_quote_terms(payment_days=payment_days, incoterm=Incoterm.FCA)
        arguments = {
            "at": at,
            "by": BY,
            "reason": "customer asked",
            "pricing": PRICINGS[percent],
            "terms": terms,
            "valid_until": at.date().add(days=days),
        }
        if self._refused("revise"):
            with pytest.raises(InvalidTransition):
                quote.revise(**arguments)  # type: ignore[arg-type]
            return
        if (PRICINGS[percent], terms, at.date().add(days=days)) == (
            quote.pricing,
            quote.terms,
            quote.valid_until,
        ):
            with pytest.raises(ValidationError):
                quote.revise(**arguments)  # type: ignore[arg-type]
            return
        old, new = quote.revise(**arguments)  # type: ignore[arg-type]
        assert new.change is not None
        assert set(new.change.fields) <= {"pricing", "terms", "valid_until"}
        self.versions[-1] = old
        self.versions.append(new)

    @rule(minutes=st.integers(1, 600))
    def superseded_versions_cannot_be_presented_or_accepted(self, minutes: int) -> None:
        at = self._tick(minutes)
        for old in self.versions[:-1]:
            with pytest.raises(InvalidTransition):
                old.present(at=at, by=BY)
            with pytest.raises(InvalidTransition):
                old.accept(at=at, by=BY)

    @rule(data=st.data())
    def a_command_the_status_does_not_allow_is_refused(self, data: st.DataObject) -> None:
        quote = self.quote
        refused = [c for c in QUOTE_LIFECYCLE.commands() if c not in quote.allowed_commands()]
        if not refused:
            return
        command = data.draw(st.sampled_from(refused))
        at = self._tick(1)
        calls: dict[str, Callable[[], object]] = {
            "submit_for_review": lambda: quote.submit_for_review(
                make_approval_chain(pricing=quote.pricing), at=at, by=BY
            ),
            "record_review": lambda: quote.record_review(
                "solution", ReviewOutcome.APPROVED, at=at, by=BY
            ),
            "reject": lambda: quote.reject(
                WinLossReview(reasons=(CloseReason.OTHER,)), at=at, by=BY
            ),
            "withdraw": lambda: quote.withdraw(at=at, by=BY, reason="r"),
            "revise": lambda: quote.revise(
                at=at, by=BY, reason="r", valid_until=at.date().add(days=90)
            ),
        }
        plain: Callable[..., object] = getattr(quote, command)
        call = calls.get(command, lambda: plain(at=at, by=BY))
        with pytest.raises(InvalidTransition):
            call()

    @rule()
    def round_trip(self) -> None:
        assert from_document(to_document(self.quote)) == self.quote

    # -- invariants ---------------------------------------------------------------------

    @invariant()
    def history_is_a_legal_path_and_revision_only_grows(self) -> None:
        for quote in self.versions:
            QUOTE_LIFECYCLE.check_history(quote)
            assert quote.revision == len(quote.history)
            assert quote.revision >= self.revisions.get(quote.version, 0)
            self.revisions[quote.version] = quote.revision

    @invariant()
    def versions_form_a_chain(self) -> None:
        for number, quote in enumerate(self.versions, start=1):
            assert quote.version == number
            assert quote.id == self.versions[0].id
            if number < len(self.versions):
                assert quote.status is QuoteStatus.SUPERSEDED
                assert quote.superseded_by == number + 1
            else:
                assert quote.status is not QuoteStatus.SUPERSEDED
            if number > 1:
                assert quote.change is not None
                assert quote.change.from_version == number - 1

    @invariant()
    def approvals_belong_to_this_version(self) -> None:
        quote = self.quote
        for review in quote.reviews:
            assert review.at >= quote.drafted_at
        if quote.status is QuoteStatus.DRAFT:
            assert quote.reviews == ()
            assert quote.approval_chain is None
        if quote.status in {QuoteStatus.APPROVED, QuoteStatus.PRESENTED, QuoteStatus.ACCEPTED}:
            assert quote.pending_steps() == ()

    @invariant()
    def an_accepted_quote_hands_over_its_prices_exactly(self) -> None:
        quote = self.quote
        if quote.status is QuoteStatus.ACCEPTED:
            draft = quote.order_draft()
            assert draft.total == quote.total
            assert draft.pricing == quote.pricing
            assert draft.accepted_at is not None
            assert draft.accepted_at.date() <= quote.valid_until

    @invariant()
    def expiry_is_computed_at_the_instant_given(self) -> None:
        quote = self.quote
        event(f"version {min(quote.version, 3)}+ {quote.status.value}")
        if quote.status in _OPEN:
            assert quote.is_expired(self.now) == (self.now.date() > quote.valid_until)
        elif quote.status is QuoteStatus.EXPIRED:
            assert quote.is_expired(self.now)
        else:
            assert not quote.is_expired(self.now)


QuoteMachine.TestCase.settings = settings(stateful_step_count=50, deadline=None)
test_quote_lifecycle = QuoteMachine.TestCase
