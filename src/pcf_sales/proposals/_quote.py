"""The quote aggregate (PCF 3.5.3.11-3.5.3.15) and its lifecycle table."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import (
    AccountId,
    HistoryEntry,
    OpportunityId,
    QuoteId,
    RfpId,
    UserId,
)
from pcf_sales.core._validate import (
    check_date,
    check_id,
    check_instant,
    check_int,
    describe,
    fail,
    is_date,
    is_enum,
    is_id,
    is_instance,
    is_instant,
    is_int,
    is_tuple_of,
    optional,
    to_date,
    to_optional_instant,
    to_tuple,
)
from pcf_sales.opportunities import WinLossReview
from pcf_sales.pricing import PricingResult
from pcf_sales.proposals._order_draft import OrderDraft
from pcf_sales.proposals._quote_lifecycle import (
    DECIDED,
    OPEN,
    QUOTE_LIFECYCLE,
    REVIEWED,
    SEEN,
    QuoteStatus,
)
from pcf_sales.proposals._review import ApprovalChain, QuoteReview, ReviewOutcome
from pcf_sales.proposals._terms import QuoteTerms
from pcf_sales.proposals._versions import VersionChange, describe_changes

__all__ = ["Quote"]


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


def _pricing(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_instance(PricingResult)(inst, attr, value)
    check_pricing(value)


def check_pricing(value: object, field: str = "pricing") -> PricingResult:
    """``value`` if it is a complete, final pricing result a quote can carry."""
    if not isinstance(value, PricingResult):
        fail(field, f"expected a PricingResult, got {describe(value)}")
    if not value.lines:
        fail(field, "a quote needs at least one priced line")
    if not value.is_complete:
        fail(field, f"lines could not be priced: {value.unpriceable[0].describe()}")
    if value.preview:
        fail(field, "a preview (priced with a price book that is not active) cannot be quoted")
    return value


@attrs.frozen(kw_only=True)
class Quote:
    """One version of a quote: priced lines, terms and validity, from draft to decision.

    Versions of the same quote share the ``id`` and count up in ``version``;
    :meth:`revise` supersedes this version and starts the next one as a draft,
    recording what changed, so approvals never carry over to changed content.
    ``pricing`` is the :class:`~pcf_sales.pricing.PricingResult` exactly as
    priced (waterfalls included); ``valid_until`` is the last day the customer
    may accept. Whether the quote has expired is computed at an explicit
    instant (:meth:`is_expired`), in that instant's own offset.

    >>> from pcf_sales.testing.factories import make_quote
    >>> quote = make_quote()
    >>> quote.status.value, quote.version, quote.total
    ('draft', 1, Money('1060.00', 'EUR'))
    """

    id: QuoteId = attrs.field(validator=is_id)
    status: QuoteStatus = attrs.field(validator=is_enum(QuoteStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[QuoteStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    version: int = attrs.field(validator=is_int(minimum=1))
    account_id: AccountId = attrs.field(validator=is_id)
    opportunity_id: OpportunityId | None = attrs.field(default=None, validator=optional(is_id))
    rfp_id: RfpId | None = attrs.field(default=None, validator=optional(is_id))
    pricing: PricingResult = attrs.field(validator=_pricing)
    terms: QuoteTerms = attrs.field(factory=QuoteTerms, validator=is_instance(QuoteTerms))
    valid_until: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    change: VersionChange | None = attrs.field(
        default=None, validator=optional(is_instance(VersionChange))
    )
    approval_chain: ApprovalChain | None = attrs.field(
        default=None, validator=optional(is_instance(ApprovalChain))
    )
    reviews: tuple[QuoteReview, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(QuoteReview)
    )
    presented_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=optional(is_instant)
    )
    decided_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=optional(is_instant)
    )
    outcome: WinLossReview | None = attrs.field(
        default=None, validator=optional(is_instance(WinLossReview))
    )
    superseded_by: int | None = attrs.field(default=None, validator=optional(is_int(minimum=2)))

    def __attrs_post_init__(self) -> None:
        QUOTE_LIFECYCLE.check_history(self)
        status = self.status
        context_account = self.pricing.context.account_id
        if context_account is not None and context_account != self.account_id:
            fail("pricing", f"was priced for account {context_account}, not {self.account_id}")
        if (self.version == 1) != (self.change is None):
            fail("change", "records what changed exactly when the version is not the first")
        if self.change is not None and self.change.from_version != self.version - 1:
            fail("change.from_version", f"expected {self.version - 1}")
        if (status is QuoteStatus.SUPERSEDED) != (self.superseded_by is not None):
            fail("superseded_by", "is set exactly when the version is superseded")
        if self.superseded_by is not None and self.superseded_by != self.version + 1:
            fail("superseded_by", f"expected version {self.version + 1}")
        if status in REVIEWED and self.approval_chain is None:
            fail("approval_chain", f"a quote that is {status.value} has an approval chain")
        if status is QuoteStatus.DRAFT and (self.approval_chain is not None or self.reviews):
            fail("approval_chain", "a draft has no approval chain and no reviews yet")
        codes = () if self.approval_chain is None else self.approval_chain.codes
        for index, review in enumerate(self.reviews):
            if review.step not in codes:
                fail(f"reviews[{index}].step", f"{review.step!r} is not a step of the chain")
        if status in SEEN and self.presented_at is None:
            fail("presented_at", f"a quote that is {status.value} was presented")
        if status in OPEN - {QuoteStatus.PRESENTED} and self.presented_at is not None:
            fail("presented_at", "is set once the quote is presented")
        if (status in DECIDED and self.decided_at is None) or (
            status in OPEN and self.decided_at is not None
        ):
            fail("decided_at", "is set exactly when the customer or we decided")
        if status is QuoteStatus.REJECTED and self.outcome is None:
            fail("outcome", "a rejected quote records why")
        if status in OPEN and self.outcome is not None:
            fail("outcome", "an open quote has no outcome yet")

    # -- creating -------------------------------------------------------------------

    @classmethod
    def draft(
        cls,
        *,
        id: QuoteId,
        account_id: AccountId,
        pricing: PricingResult,
        valid_until: pendulum.Date,
        at: pendulum.DateTime,
        by: UserId,
        terms: QuoteTerms | None = None,
        opportunity_id: OpportunityId | None = None,
        rfp_id: RfpId | None = None,
    ) -> Quote:
        """Version 1 of a new quote, in draft."""
        moment = check_instant(at, "at")
        last_day = check_date(valid_until, "valid_until")
        if last_day < moment.date():
            fail("valid_until", f"{last_day} is before the quote is drafted ({moment.date()})")
        return QUOTE_LIFECYCLE.create(
            cls,
            at=moment,
            by=by,
            id=id,
            version=1,
            account_id=account_id,
            opportunity_id=opportunity_id,
            rfp_id=rfp_id,
            pricing=pricing,
            terms=QuoteTerms() if terms is None else terms,
            valid_until=last_day,
        )

    # -- facts ----------------------------------------------------------------------

    @property
    def total(self) -> Money:
        """The quote's net total, exactly as priced."""
        return self.pricing.total

    @property
    def currency(self) -> str:
        """The currency the quote is in."""
        return self.pricing.currency

    @property
    def drafted_at(self) -> pendulum.DateTime:
        """When this version was drafted."""
        return self.history[0].at

    @property
    def is_open(self) -> bool:
        """True while this version may still be reviewed, presented or accepted."""
        return self.status in OPEN

    def is_expired(self, as_of: pendulum.DateTime) -> bool:
        """True when the quote has expired at ``as_of``: it is marked expired, or it is
        still open and its last valid day is before ``as_of``'s date."""
        moment = check_instant(as_of, "as_of")
        if self.status is QuoteStatus.EXPIRED:
            return True
        return self.status in OPEN and moment.date() > self.valid_until

    def latest_reviews(self) -> dict[str, QuoteReview]:
        """The latest review of each step that has one."""
        return {review.step: review for review in self.reviews}

    def pending_steps(self) -> tuple[str, ...]:
        """The steps of the chain whose latest review is not an approval, in chain order."""
        if self.approval_chain is None:
            return ()
        latest = self.latest_reviews()
        return tuple(
            code
            for code in self.approval_chain.codes
            if code not in latest or latest[code].outcome is not ReviewOutcome.APPROVED
        )

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the quote's current status."""
        return QUOTE_LIFECYCLE.allowed(self.status)

    # -- reviews and approvals (PCF 3.5.3.11, 3.5.3.12) ------------------------------------

    def submit_for_review(
        self, chain: ApprovalChain, *, at: pendulum.DateTime, by: UserId
    ) -> Quote:
        """Send the draft through ``chain``, which :func:`approval_chain` worked out for
        this version's pricing (a chain for other prices or discounts is refused)."""
        QUOTE_LIFECYCLE.require(self, "submit_for_review")
        if not isinstance(chain, ApprovalChain):
            fail("chain", f"expected an ApprovalChain, got {describe(chain)}")
        if not chain.is_for(self.pricing):
            fail(
                "chain",
                f"was not worked out for the pricing of version {self.version} "
                f"(total {self.total.amount} {self.currency}); work it out with approval_chain",
            )
        return QUOTE_LIFECYCLE.apply(
            self, "submit_for_review", at=at, by=by, changes={"approval_chain": chain}
        )

    def record_review(
        self,
        step: str,
        outcome: ReviewOutcome,
        *,
        at: pendulum.DateTime,
        by: UserId,
        comment: str | None = None,
    ) -> Quote:
        """Record ``by``'s decision on ``step``. Approvals are given in chain order;
        a later review of a step replaces the earlier one."""
        QUOTE_LIFECYCLE.require(self, "record_review")
        check_id(by, "by")
        chain = self.approval_chain
        if chain is not None:
            chain.step(step)
        review = QuoteReview(step=step, reviewer=by, outcome=outcome, at=at, comment=comment)
        text = f"{step}: {outcome.value}" + ("" if review.comment is None else f": {comment}")
        return QUOTE_LIFECYCLE.apply(
            self,
            "record_review",
            at=review.at,
            by=review.reviewer,
            reason=text,
            changes={"reviews": (*self.reviews, review)},
        )

    def approve(self, *, at: pendulum.DateTime, by: UserId) -> Quote:
        """Mark the quote approved: every step of its chain must be approved."""
        return QUOTE_LIFECYCLE.apply(self, "approve", at=at, by=by)

    # -- with the customer (PCF 3.5.3.13, 3.5.3.15) -----------------------------------

    def present(self, *, at: pendulum.DateTime, by: UserId) -> Quote:
        """Present the approved quote to the customer, on or before its last valid day."""
        moment = check_instant(at, "at")
        return QUOTE_LIFECYCLE.apply(
            self, "present", at=moment, by=by, changes={"presented_at": moment}
        )

    def accept(
        self, *, at: pendulum.DateTime, by: UserId, outcome: WinLossReview | None = None
    ) -> Quote:
        """Record that the customer accepted the quote on or before its last valid day;
        :meth:`order_draft` then hands over the order."""
        QUOTE_LIFECYCLE.require(self, "accept")
        if outcome is not None and not isinstance(outcome, WinLossReview):
            fail("outcome", f"expected a WinLossReview, got {describe(outcome)}")
        moment = check_instant(at, "at")
        return QUOTE_LIFECYCLE.apply(
            self,
            "accept",
            at=moment,
            by=by,
            changes={"decided_at": moment, "outcome": outcome},
        )

    def reject(self, outcome: WinLossReview, *, at: pendulum.DateTime, by: UserId) -> Quote:
        """Record that the customer turned the quote down, with the reasons, the competitor
        who won and what they said about the price."""
        QUOTE_LIFECYCLE.require(self, "reject")
        if not isinstance(outcome, WinLossReview):
            fail("outcome", f"expected a WinLossReview, got {describe(outcome)}")
        moment = check_instant(at, "at")
        text = ", ".join(reason.value for reason in outcome.reasons)
        if outcome.competitor is not None:
            text += f"; lost to {outcome.competitor}"
        return QUOTE_LIFECYCLE.apply(
            self,
            "reject",
            at=moment,
            by=by,
            reason=text,
            changes={"decided_at": moment, "outcome": outcome},
        )

    def expire(self, *, at: pendulum.DateTime, by: UserId) -> Quote:
        """Mark the quote expired: its last valid day is before ``at``'s date."""
        moment = check_instant(at, "at")
        return QUOTE_LIFECYCLE.apply(
            self, "expire", at=moment, by=by, changes={"decided_at": moment}
        )

    def withdraw(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> Quote:
        """Take the quote back, saying why."""
        moment = check_instant(at, "at")
        return QUOTE_LIFECYCLE.apply(
            self, "withdraw", at=moment, by=by, reason=reason, changes={"decided_at": moment}
        )

    def order_draft(self) -> OrderDraft:
        """The order the accepted quote hands over, its prices exactly as quoted."""
        if self.status is not QuoteStatus.ACCEPTED or self.decided_at is None:
            fail(
                "status",
                f"only an accepted quote hands over an order; this one is {self.status.value}",
            )
        return OrderDraft(
            quote_id=self.id,
            quote_version=self.version,
            account_id=self.account_id,
            opportunity_id=self.opportunity_id,
            accepted_at=self.decided_at,
            currency=self.pricing.currency,
            pricing=self.pricing,
            terms=self.terms,
            valid_until=self.valid_until,
        )

    # -- versions (PCF 3.5.3.14) --------------------------------------------------------

    def revise(
        self,
        *,
        at: pendulum.DateTime,
        by: UserId,
        reason: str,
        pricing: PricingResult | None = None,
        terms: QuoteTerms | None = None,
        valid_until: pendulum.Date | None = None,
    ) -> tuple[Quote, Quote]:
        """This version superseded, and the next version as a draft with the changes.

        At least one of ``pricing``, ``terms`` and ``valid_until`` must differ;
        the new version records what changed and needs its reviews and
        approvals again.
        """
        QUOTE_LIFECYCLE.require(self, "revise")
        moment = check_instant(at, "at")
        new_pricing = self.pricing if pricing is None else check_pricing(pricing)
        if terms is not None and not isinstance(terms, QuoteTerms):
            fail("terms", f"expected QuoteTerms, got {describe(terms)}")
        new_terms = self.terms if terms is None else terms
        last_day = (
            self.valid_until if valid_until is None else check_date(valid_until, "valid_until")
        )
        if last_day < moment.date():
            fail("valid_until", f"{last_day} has passed at {moment.date()}; give a later day")
        fields, details = describe_changes(
            (self.pricing, self.terms, self.valid_until), (new_pricing, new_terms, last_day)
        )
        if not fields:
            fail("revise", "nothing changed: give a new pricing, terms or valid_until")
        change = VersionChange(
            from_version=self.version, fields=fields, details=details, reason=reason
        )
        number = check_int(self.version + 1, "version", minimum=2)
        superseded = QUOTE_LIFECYCLE.apply(
            self,
            "revise",
            at=moment,
            by=by,
            reason=change.reason,
            changes={"superseded_by": number},
        )
        successor = QUOTE_LIFECYCLE.create(
            Quote,
            at=moment,
            by=by,
            reason=f"version {number}: {change.reason}",
            id=self.id,
            version=number,
            account_id=self.account_id,
            opportunity_id=self.opportunity_id,
            rfp_id=self.rfp_id,
            pricing=new_pricing,
            terms=new_terms,
            valid_until=last_day,
            change=change,
        )
        return superseded, successor
