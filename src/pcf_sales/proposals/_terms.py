"""The commercial terms of a quote, carried unchanged into the order draft."""

from __future__ import annotations

from enum import Enum

import attrs

from pcf_sales.core._validate import (
    fail,
    is_enum,
    is_int,
    is_text,
    optional,
    to_optional_text,
)

__all__ = ["Incoterm", "QuoteTerms"]


class Incoterm(Enum):
    """The Incoterms 2020 rules: who carries the goods, their risk and their cost, and where."""

    EXW = "EXW"
    """Ex works."""
    FCA = "FCA"
    """Free carrier."""
    CPT = "CPT"
    """Carriage paid to."""
    CIP = "CIP"
    """Carriage and insurance paid to."""
    DAP = "DAP"
    """Delivered at place."""
    DPU = "DPU"
    """Delivered at place unloaded."""
    DDP = "DDP"
    """Delivered duty paid."""
    FAS = "FAS"
    """Free alongside ship."""
    FOB = "FOB"
    """Free on board."""
    CFR = "CFR"
    """Cost and freight."""
    CIF = "CIF"
    """Cost, insurance and freight."""


@attrs.frozen(kw_only=True)
class QuoteTerms:
    """Payment and delivery terms of a quote.

    ``payment_days`` is the number of days after invoice the customer pays in
    (0 for payment in advance or on receipt); ``payment_terms`` says it in words.
    ``incoterm`` with ``incoterm_place`` (the named place the rule refers to) or
    free-text ``delivery_terms`` say how the goods travel.

    >>> QuoteTerms(payment_days=30, incoterm=Incoterm.DAP, incoterm_place="Lyon").describe()
    'net 30 days; DAP Lyon'
    """

    payment_days: int = attrs.field(default=30, validator=is_int(minimum=0, maximum=365))
    payment_terms: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=200))
    )
    incoterm: Incoterm | None = attrs.field(default=None, validator=optional(is_enum(Incoterm)))
    incoterm_place: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=200))
    )
    delivery_terms: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=500))
    )
    notes: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=4000))
    )

    def __attrs_post_init__(self) -> None:
        if self.incoterm_place is not None and self.incoterm is None:
            fail("incoterm_place", "names the place of an Incoterm rule; give the incoterm too")

    def describe(self) -> str:
        """The terms on one line."""
        parts = [
            self.payment_terms
            if self.payment_terms is not None
            else (
                "payment in advance" if self.payment_days == 0 else f"net {self.payment_days} days"
            )
        ]
        if self.incoterm is not None:
            place = f" {self.incoterm_place}" if self.incoterm_place else ""
            parts.append(f"{self.incoterm.value}{place}")
        if self.delivery_terms is not None:
            parts.append(self.delivery_terms)
        return "; ".join(parts)
