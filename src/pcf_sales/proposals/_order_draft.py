"""What an accepted quote hands to order entry (PCF 3.5.3.15 → 3.5.4)."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import AccountId, FxRate, OpportunityId, QuoteId
from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    fail,
    is_date,
    is_id,
    is_instance,
    is_instant,
    is_int,
    optional,
    to_date,
    to_instant,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.pricing import PricedLine, PricingResult
from pcf_sales.proposals._terms import QuoteTerms

__all__ = ["OrderDraft"]


def _currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        fail(attr.name, "expected an ISO 4217 currency code such as 'EUR'")
    check_currency(value, attr.name)


@attrs.frozen(kw_only=True)
class OrderDraft:
    """An order as the customer accepted it: the quote's prices exactly as quoted.

    ``pricing`` is the quote's :class:`~pcf_sales.pricing.PricingResult`
    untouched (lines, waterfalls, totals, the exchange rates used), so the
    order cannot drift from the price the customer agreed to. ``valid_until``
    is the quote's last valid day.

    >>> from pcf_sales.testing.factories import make_order_draft
    >>> draft = make_order_draft()
    >>> draft.total == draft.pricing.total
    True
    """

    quote_id: QuoteId = attrs.field(validator=is_id)
    quote_version: int = attrs.field(validator=is_int(minimum=1))
    account_id: AccountId = attrs.field(validator=is_id)
    opportunity_id: OpportunityId | None = attrs.field(default=None, validator=optional(is_id))
    accepted_at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    currency: str = attrs.field(validator=_currency)
    pricing: PricingResult = attrs.field(validator=is_instance(PricingResult))
    terms: QuoteTerms = attrs.field(validator=is_instance(QuoteTerms))
    valid_until: pendulum.Date = attrs.field(converter=to_date, validator=is_date)

    def __attrs_post_init__(self) -> None:
        if self.pricing.currency != self.currency:
            raise CurrencyMismatch(self.currency, self.pricing.currency, field="pricing")
        if not self.pricing.lines or not self.pricing.is_complete:
            fail("pricing", "an order draft carries a completely priced document")
        if self.accepted_at.date() > self.valid_until:
            fail("accepted_at", f"is after the quote's last valid day {self.valid_until}")

    @property
    def lines(self) -> tuple[PricedLine, ...]:
        """The priced lines, with their waterfalls."""
        return self.pricing.lines

    @property
    def total(self) -> Money:
        """The net total exactly as quoted."""
        return self.pricing.total

    @property
    def fx_rates(self) -> tuple[FxRate, ...]:
        """The exchange rates the quote was priced with."""
        return self.pricing.fx_rates
