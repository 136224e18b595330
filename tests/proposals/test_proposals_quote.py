"""Example tests of the Quote aggregate: every command, every refusal, every bad input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest

from pcf_sales.core import AccountId, QuoteId, UserId
from pcf_sales.errors import CurrencyMismatch, GuardFailed, InvalidTransition, ValidationError
from pcf_sales.opportunities import CloseReason, PriceFeedback, WinLossReview
from pcf_sales.pricing import Adjustment, DocumentLine, ManualDiscount, PricingResult
from pcf_sales.proposals import (
    QUOTE_LIFECYCLE,
    ApprovalChain,
    Incoterm,
    OrderDraft,
    Quote,
    QuoteStatus,
    QuoteTerms,
    ReviewOutcome,
)
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    approve_quote,
    make_approval_chain,
    make_document_line,
    make_pricing_document,
    make_pricing_result,
    make_quote,
    make_quote_terms,
)

BY = UserId("sales-rep")


def later(quote: Quote, hours: int = 1) -> pendulum.DateTime:
    return quote.history[-1].at.add(hours=hours)


def discounted_pricing(percent: int = 12) -> PricingResult:
    document = make_pricing_document(
        lines=(
            make_document_line(
                discount=ManualDiscount(
                    adjustment=Adjustment.percent_off(percent), reason="competitive", by=BY
                )
            ),
            make_document_line("CAL-KIT", 2),
        )
    )
    return make_pricing_result(document=document)


# -- drafting -------------------------------------------------------------------------------


def test_a_drafted_quote_is_version_one_in_draft_with_its_prices_as_priced() -> None:
    pricing = make_pricing_result()
    quote = Quote.draft(
        id=QuoteId("Q-9"),
        account_id=AccountId("AC-1"),
        pricing=pricing,
        valid_until=pendulum.Date(2026, 4, 1),
        at=FIXED_INSTANT,
        by=BY,
    )
    assert (quote.status, quote.version, quote.revision) == (QuoteStatus.DRAFT, 1, 1)
    assert quote.pricing is pricing
    assert quote.total == pricing.total
    assert quote.terms == QuoteTerms()
    assert quote.change is None
    assert quote.drafted_at == FIXED_INSTANT


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"valid_until": pendulum.Date(2026, 3, 1)}, "valid_until"),
        ({"valid_until": "2026-04-01"}, "valid_until"),
        ({"at": pendulum.naive(2026, 3, 2)}, "at"),
        ({"by": "has space"}, "by"),
        ({"account_id": ""}, "account_id"),
        ({"terms": "net 30"}, "terms"),
        ({"pricing": "1060.00 EUR"}, "pricing"),
        ({"account_id": AccountId("AC-2")}, "pricing"),
        ({"pricing": attrs.evolve(make_pricing_result(), preview=True)}, "pricing"),
    ],
)
def test_drafting_with_a_bad_input_names_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        make_quote(**overrides)
    assert raised.value.field == field


def test_a_quote_with_an_unpriceable_line_cannot_be_drafted() -> None:
    document = make_pricing_document(
        lines=(make_document_line(), DocumentLine(sku="NOPE-1", quantity=1))
    )
    pricing = make_pricing_result(document=document, collect_unpriceable=True)
    with pytest.raises(ValidationError) as raised:
        make_quote(pricing=pricing)
    assert raised.value.field == "pricing"
    assert "NOPE-1" in raised.value.reason


# -- reviews and approvals --------------------------------------------------------------------


def test_submitting_for_review_stores_the_chain() -> None:
    quote = make_quote()
    chain = make_approval_chain(pricing=quote.pricing)
    reviewed = quote.submit_for_review(chain, at=later(quote), by=BY)
    assert reviewed.status is QuoteStatus.IN_REVIEW
    assert reviewed.approval_chain == chain
    assert reviewed.pending_steps() == chain.codes


def test_submitting_something_that_is_not_a_chain_is_refused_and_changes_nothing() -> None:
    quote = make_quote()
    with pytest.raises(ValidationError) as raised:
        quote.submit_for_review("all good", at=later(quote), by=BY)  # type: ignore[arg-type]
    assert raised.value.field == "chain"
    assert quote.status is QuoteStatus.DRAFT
    assert quote.revision == 1


def test_a_chain_made_up_by_hand_is_refused_and_changes_nothing() -> None:
    quote = make_quote()
    built = make_approval_chain(pricing=quote.pricing)
    empty = ApprovalChain(policy="none", steps=(), requirements=built.requirements)
    with pytest.raises(ValidationError) as raised:
        quote.submit_for_review(empty, at=later(quote), by=BY)
    assert raised.value.field == "chain"
    assert quote.status is QuoteStatus.DRAFT
    assert quote.revision == 1


def test_the_chain_of_version_one_is_refused_for_a_more_discounted_version_two() -> None:
    first = make_quote()
    chain_one = make_approval_chain(pricing=first.pricing)
    _, second = first.revise(
        at=later(first), by=BY, reason="customer asked for 25 %", pricing=discounted_pricing(25)
    )
    with pytest.raises(ValidationError) as raised:
        second.submit_for_review(chain_one, at=later(second), by=BY)
    assert raised.value.field == "chain"
    assert second.status is QuoteStatus.DRAFT
    chain_two = make_approval_chain(pricing=second.pricing)
    assert not chain_one.requirements.required
    assert chain_two.requirements.required
    reviewed = second.submit_for_review(chain_two, at=later(second), by=BY)
    assert reviewed.approval_chain == chain_two


def test_a_chain_knows_the_pricing_it_was_worked_out_for() -> None:
    chain = make_approval_chain()
    assert chain.is_for(make_pricing_result())
    assert not chain.is_for(discounted_pricing())
    assert not attrs.evolve(chain, pricing_digest=None).is_for(make_pricing_result())


@pytest.mark.parametrize("digest", ["abc", "A" * 64, 5])
def test_a_pricing_digest_is_a_sha256_in_hex(digest: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        attrs.evolve(make_approval_chain(), pricing_digest=digest)
    assert raised.value.field == "pricing_digest"


def test_a_quote_is_approved_once_every_step_of_its_chain_is_approved() -> None:
    quote = make_quote(QuoteStatus.IN_REVIEW)
    approved = approve_quote(quote, at=later(quote))
    assert approved.status is QuoteStatus.APPROVED
    assert approved.pending_steps() == ()
    assert [r.reviewer for r in approved.reviews][:2] == ["reviewer-solution", "reviewer-pricing"]


def test_a_quote_with_a_step_pending_cannot_be_approved() -> None:
    quote = make_quote(QuoteStatus.IN_REVIEW)
    with pytest.raises(GuardFailed) as raised:
        quote.approve(at=later(quote), by=BY)
    assert "solution" in str(raised.value)
    assert not raised.value.overridable


def test_changes_requested_keep_a_step_pending_until_it_is_approved_again() -> None:
    quote = make_quote(QuoteStatus.IN_REVIEW)
    asked = quote.record_review(
        "solution",
        ReviewOutcome.CHANGES_REQUESTED,
        at=later(quote),
        by=UserId("architect-1"),
        comment="add the spare parts",
    )
    assert "solution" in asked.pending_steps()
    again = asked.record_review(
        "solution", ReviewOutcome.APPROVED, at=later(asked), by=UserId("architect-1")
    )
    assert "solution" not in again.pending_steps()
    assert again.history[-1].reason == "solution: approved"


def test_approvals_are_given_in_chain_order() -> None:
    quote = make_quote(QuoteStatus.IN_REVIEW)
    with pytest.raises(GuardFailed) as raised:
        quote.record_review(
            "finance_director", ReviewOutcome.APPROVED, at=later(quote), by=UserId("cfo")
        )
    assert "sales_manager" in str(raised.value)


def test_reviews_run_side_by_side_in_any_order() -> None:
    quote = make_quote(QuoteStatus.IN_REVIEW)
    first = quote.record_review(
        "pricing", ReviewOutcome.APPROVED, at=later(quote), by=UserId("analyst")
    )
    assert first.pending_steps()[0] == "solution"


@pytest.mark.parametrize(
    ("step", "outcome", "comment", "field"),
    [
        ("marketing", ReviewOutcome.APPROVED, None, "step"),
        ("solution", "approved", None, "outcome"),
        ("solution", ReviewOutcome.REJECTED, None, "comment"),
        ("solution", ReviewOutcome.APPROVED, "x" * 2001, "comment"),
    ],
)
def test_a_bad_review_is_refused_naming_the_field_and_changes_nothing(
    step: str, outcome: Any, comment: str | None, field: str
) -> None:
    quote = make_quote(QuoteStatus.IN_REVIEW)
    with pytest.raises(ValidationError) as raised:
        quote.record_review(step, outcome, at=later(quote), by=UserId("r"), comment=comment)
    assert raised.value.field == field
    assert quote.reviews == ()
    assert quote.revision == 2


def test_a_review_cannot_be_recorded_on_a_draft() -> None:
    with pytest.raises(InvalidTransition):
        make_quote().record_review("solution", ReviewOutcome.APPROVED, at=FIXED_INSTANT, by=BY)


# -- with the customer ------------------------------------------------------------------------


def test_an_approved_quote_is_presented_and_accepted() -> None:
    quote = make_quote(QuoteStatus.APPROVED)
    presented = quote.present(at=later(quote), by=BY)
    assert presented.presented_at == later(quote)
    accepted = presented.accept(at=later(presented), by=UserId("buyer"))
    assert accepted.status is QuoteStatus.ACCEPTED
    assert accepted.decided_at == later(presented)
    assert not accepted.is_open


def test_an_expired_quote_cannot_be_accepted() -> None:
    quote = make_quote(QuoteStatus.PRESENTED)
    after = pendulum.datetime(2026, 4, 2, 9, tz="UTC")
    assert quote.is_expired(after)
    with pytest.raises(GuardFailed) as raised:
        quote.accept(at=after, by=UserId("buyer"))
    assert "2026-04-01" in str(raised.value)
    assert not raised.value.overridable
    expired = quote.expire(at=after, by=BY)
    assert expired.status is QuoteStatus.EXPIRED
    assert expired.is_expired(after)
    with pytest.raises(InvalidTransition):
        expired.accept(at=after, by=UserId("buyer"))


def test_a_quote_is_valid_through_its_last_day() -> None:
    quote = make_quote(QuoteStatus.PRESENTED)
    last_day = pendulum.datetime(2026, 4, 1, 23, 59, tz="UTC")
    assert not quote.is_expired(last_day)
    assert quote.accept(at=last_day, by=UserId("buyer")).status is QuoteStatus.ACCEPTED


def test_a_quote_still_valid_cannot_be_marked_expired() -> None:
    quote = make_quote(QuoteStatus.PRESENTED)
    with pytest.raises(GuardFailed):
        quote.expire(at=later(quote), by=BY)


def test_an_expired_approved_quote_cannot_be_presented() -> None:
    quote = make_quote(QuoteStatus.APPROVED)
    with pytest.raises(GuardFailed):
        quote.present(at=pendulum.datetime(2026, 4, 2, tz="UTC"), by=BY)


def test_is_expired_needs_an_aware_instant() -> None:
    with pytest.raises(ValidationError) as raised:
        make_quote().is_expired(pendulum.naive(2026, 5, 1))
    assert raised.value.field == "as_of"


def test_a_rejection_records_the_reasons_the_competitor_and_the_price_feedback() -> None:
    quote = make_quote(QuoteStatus.PRESENTED)
    lost = WinLossReview(
        reasons=(CloseReason.PRICE,), competitor="Initech", price_feedback=PriceFeedback.TOO_HIGH
    )
    rejected = quote.reject(lost, at=later(quote), by=UserId("buyer"))
    assert rejected.status is QuoteStatus.REJECTED
    assert rejected.outcome == lost
    assert rejected.history[-1].reason == "price; lost to Initech"


def test_a_rejection_needs_a_win_loss_review() -> None:
    quote = make_quote(QuoteStatus.PRESENTED)
    with pytest.raises(ValidationError) as raised:
        quote.reject("too expensive", at=later(quote), by=BY)  # type: ignore[arg-type]
    assert raised.value.field == "outcome"
    assert quote.status is QuoteStatus.PRESENTED


def test_accepting_with_a_bad_outcome_is_refused() -> None:
    quote = make_quote(QuoteStatus.PRESENTED)
    with pytest.raises(ValidationError) as raised:
        quote.accept(at=later(quote), by=BY, outcome="great")  # type: ignore[arg-type]
    assert raised.value.field == "outcome"


def test_a_withdrawal_needs_a_reason() -> None:
    quote = make_quote(QuoteStatus.APPROVED)
    with pytest.raises(ValidationError) as raised:
        quote.withdraw(at=later(quote), by=BY, reason="  ")
    assert raised.value.field == "reason"
    withdrawn = quote.withdraw(at=later(quote), by=BY, reason="project cancelled")
    assert withdrawn.status is QuoteStatus.WITHDRAWN
    assert withdrawn.allowed_commands() == ()


# -- the order draft ------------------------------------------------------------------------


def test_an_accepted_quote_hands_over_an_order_draft_with_its_prices_exactly() -> None:
    quote = make_quote(QuoteStatus.ACCEPTED, pricing=discounted_pricing())
    draft = quote.order_draft()
    assert isinstance(draft, OrderDraft)
    assert draft.pricing is quote.pricing
    assert draft.total == quote.total
    assert (draft.quote_id, draft.quote_version, draft.account_id) == ("Q-1", 1, "AC-1")
    assert draft.opportunity_id == "OP-1"
    assert draft.accepted_at == quote.decided_at
    assert draft.terms == quote.terms
    assert draft.valid_until == quote.valid_until
    assert draft.lines[0].steps == quote.pricing.lines[0].steps


@pytest.mark.parametrize("status", [s for s in QuoteStatus if s is not QuoteStatus.ACCEPTED])
def test_only_an_accepted_quote_hands_over_an_order_draft(status: QuoteStatus) -> None:
    with pytest.raises(ValidationError) as raised:
        make_quote(status).order_draft()
    assert raised.value.field == "status"


def test_an_order_draft_in_another_currency_than_its_pricing_is_refused() -> None:
    draft = make_quote(QuoteStatus.ACCEPTED).order_draft()
    with pytest.raises(CurrencyMismatch):
        OrderDraft(
            quote_id=draft.quote_id,
            quote_version=1,
            account_id=draft.account_id,
            accepted_at=draft.accepted_at,
            currency="USD",
            pricing=draft.pricing,
            terms=draft.terms,
            valid_until=draft.valid_until,
        )


# -- versions -------------------------------------------------------------------------------


def test_an_approved_quote_that_is_revised_needs_approval_again() -> None:
    quote = make_quote(QuoteStatus.APPROVED)
    old, new = quote.revise(
        at=later(quote), by=BY, reason="customer asked for 12 %", pricing=discounted_pricing()
    )
    assert old.status is QuoteStatus.SUPERSEDED
    assert old.superseded_by == 2
    assert new.status is QuoteStatus.DRAFT
    assert new.version == 2
    assert new.id == quote.id
    assert new.approval_chain is None
    assert new.reviews == ()
    reviewed = new.submit_for_review(make_approval_chain(pricing=new.pricing), at=later(new), by=BY)
    assert reviewed.pending_steps() == reviewed.approval_chain.codes  # type: ignore[union-attr]
    with pytest.raises(GuardFailed):
        reviewed.approve(at=later(reviewed), by=BY)


def test_a_revision_records_what_changed() -> None:
    quote = make_quote(QuoteStatus.PRESENTED)
    terms = make_quote_terms(payment_days=45, incoterm=Incoterm.EXW, incoterm_place=None)
    _, new = quote.revise(
        at=later(quote),
        by=BY,
        reason="new terms",
        terms=terms,
        valid_until=pendulum.Date(2026, 5, 1),
    )
    change = new.change
    assert change is not None
    assert change.from_version == 1
    assert change.fields == ("terms", "valid_until")
    assert change.details == (
        "terms 'net 30 days; DAP Lyon' -> 'net 45 days; EXW'",
        "valid until 2026-04-01 -> 2026-05-01",
    )
    assert "from version 1: new terms" in change.explain()


def test_a_superseded_version_cannot_be_presented_or_accepted() -> None:
    quote = make_quote(QuoteStatus.PRESENTED)
    old, _ = quote.revise(at=later(quote), by=BY, reason="r", valid_until=pendulum.Date(2026, 5, 1))
    for command in ("present", "accept", "revise"):
        assert command not in old.allowed_commands()
    with pytest.raises(InvalidTransition):
        old.accept(at=later(old), by=BY)


def test_an_expired_or_rejected_quote_can_be_revised_with_a_new_validity() -> None:
    for status in (QuoteStatus.EXPIRED, QuoteStatus.REJECTED):
        quote = make_quote(status)
        at = later(quote)
        _, new = quote.revise(at=at, by=BY, reason="try again", valid_until=at.date().add(days=45))
        assert new.version == 2
        assert new.status is QuoteStatus.DRAFT
        assert new.outcome is None


def test_revising_without_a_change_is_refused_and_changes_nothing() -> None:
    quote = make_quote(QuoteStatus.APPROVED)
    with pytest.raises(ValidationError) as raised:
        quote.revise(at=later(quote), by=BY, reason="no change", terms=quote.terms)
    assert raised.value.field == "revise"
    assert quote.status is QuoteStatus.APPROVED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"pricing": "cheaper"}, "pricing"),
        ({"terms": "net 45"}, "terms"),
        ({"valid_until": pendulum.Date(2026, 3, 1)}, "valid_until"),
        ({"at": pendulum.naive(2026, 3, 3)}, "at"),
    ],
)
def test_a_bad_revision_is_refused_naming_the_field(overrides: dict[str, Any], field: str) -> None:
    quote = make_quote(QuoteStatus.APPROVED)
    arguments: dict[str, Any] = {
        "at": later(quote),
        "by": BY,
        "reason": "r",
        "valid_until": pendulum.Date(2026, 5, 1),
    }
    arguments.update(overrides)
    with pytest.raises(ValidationError) as raised:
        quote.revise(**arguments)
    assert raised.value.field == field
    assert quote.status is QuoteStatus.APPROVED
    assert quote.revision == 8


def test_the_lifecycle_table_names_every_quote_command() -> None:
    assert QUOTE_LIFECYCLE.commands() == (
        "submit_for_review",
        "record_review",
        "approve",
        "present",
        "accept",
        "reject",
        "expire",
        "withdraw",
        "revise",
    )
    assert make_quote(QuoteStatus.PRESENTED).allowed_commands() == (
        "accept",
        "expire",
        "reject",
        "revise",
        "withdraw",
    )


def test_a_quote_built_from_fields_that_disagree_is_refused() -> None:
    quote = make_quote(QuoteStatus.ACCEPTED)
    with pytest.raises(ValidationError) as raised:
        Quote(**{**_fields(quote), "decided_at": None})
    assert raised.value.field == "decided_at"
    with pytest.raises(ValidationError) as raised:
        Quote(**{**_fields(quote), "superseded_by": 2})
    assert raised.value.field == "superseded_by"


def _fields(quote: Quote) -> dict[str, Any]:
    return {f.name: getattr(quote, f.name) for f in attrs.fields(Quote)}


def test_discount_makes_the_chain_longer() -> None:
    chain = make_approval_chain(pricing=discounted_pricing(25), margin_percent=Decimal(50))
    assert "sales_director" in chain.codes
