"""The values a price book holds and tells: price entries, regulatory approvals, price
changes and the notice that lists them (PCF 3.3.3.9, 3.3.3.10)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum
from moneyed import Money

from pcf_sales.catalog._codes import is_sku, to_code
from pcf_sales.core import DECIMAL_CONTEXT, PriceBookId
from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    describe,
    fail,
    is_bool,
    is_date,
    is_id,
    is_instance,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_optional_text,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.pricing._values import TierTable

__all__ = [
    "PriceChange",
    "PriceChangeNotice",
    "PriceEntry",
    "RegulatoryApproval",
    "is_currency_code",
]


def is_currency_code(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        fail(attr.name, f"expected an ISO 4217 currency code such as 'EUR', got {describe(value)}")
    check_currency(value, attr.name)


@attrs.frozen(kw_only=True)
class RegulatoryApproval:
    """A regulator's approval of prices (PCF 3.3.3.10): who granted it, its reference, when."""

    authority: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    reference: str = attrs.field(converter=to_text, validator=is_text(max_length=120))
    granted_on: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    note: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=1000))
    )


def _unit_price(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_money(inst, attr, value)
    if value.amount < 0:  # type: ignore[attr-defined]
        fail(attr.name, f"a price cannot be negative, got {value.amount}")  # type: ignore[attr-defined]


@attrs.frozen(kw_only=True)
class PriceEntry:
    """The list price of one sku from ``effective_from`` on, until a later entry replaces it.

    With ``tiers``, the list amount of a quantity follows the tier table and
    ``unit_price`` is the reference price of a single unit. A scheduled change
    on an active book carries its ``regulatory_approval`` where one is needed.
    """

    sku: str = attrs.field(converter=to_code, validator=is_sku)
    unit_price: Money = attrs.field(validator=_unit_price)
    effective_from: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    tiers: TierTable | None = attrs.field(default=None, validator=optional(is_instance(TierTable)))
    regulatory_approval: RegulatoryApproval | None = attrs.field(
        default=None, validator=optional(is_instance(RegulatoryApproval))
    )

    def __attrs_post_init__(self) -> None:
        if self.tiers is not None and self.tiers.currency != self.unit_price.currency.code:
            raise CurrencyMismatch(
                self.unit_price.currency.code, self.tiers.currency, field="tiers"
            )


@attrs.frozen(kw_only=True)
class PriceChange:
    """One sku's price change: the old and new price and the change in percent.

    ``change_percent`` is derived exactly from the two prices (34 significant
    digits); round it only to show it. It is ``None`` for a new listing or a
    change from zero.
    """

    sku: str = attrs.field(converter=to_code, validator=is_sku)
    old_price: Money | None = attrs.field(validator=optional(is_money))
    new_price: Money = attrs.field(validator=is_money)
    regulatory_reference: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=120))
    )
    tiers_changed: bool = attrs.field(default=False, validator=is_bool)

    def __attrs_post_init__(self) -> None:
        old = self.old_price
        if old is None and self.tiers_changed:
            fail("tiers_changed", "a new listing has no earlier tiers to change")
        if old is not None and old.currency != self.new_price.currency:
            raise CurrencyMismatch(
                self.new_price.currency.code, old.currency.code, field="old_price"
            )

    @property
    def change_amount(self) -> Money | None:
        """New minus old price (``None`` for a new listing)."""
        if self.old_price is None:
            return None
        return Money(self.new_price.amount - self.old_price.amount, self.new_price.currency)

    @property
    def change_percent(self) -> Decimal | None:
        """The change relative to the old price, in percent (exact to 34 digits)."""
        if self.old_price is None or self.old_price.amount == 0:
            return None
        delta = self.new_price.amount - self.old_price.amount
        return DECIMAL_CONTEXT.divide(delta * 100, self.old_price.amount)

    def describe(self) -> str:
        """The change in words, the percentage shown to two decimals."""
        if self.old_price is None:
            return f"{self.sku}: new at {self.new_price.amount}"
        percent = self.change_percent
        shown = "n/a" if percent is None else f"{percent:+.2f} %"
        text = f"{self.sku}: {self.old_price.amount} -> {self.new_price.amount} ({shown})"
        return f"{text}, tier prices change" if self.tiers_changed else text


@attrs.frozen(kw_only=True)
class PriceChangeNotice:
    """What changes on ``effective_on`` in a price book, to tell customers and partners
    (PCF 3.3.3.9 communicate and implement price changes)."""

    price_book_id: PriceBookId = attrs.field(validator=is_id)
    price_book_name: str = attrs.field(validator=is_text(max_length=200))
    currency: str = attrs.field(validator=is_currency_code)
    effective_on: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    changes: tuple[PriceChange, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(PriceChange)
    )

    def __attrs_post_init__(self) -> None:
        for index, change in enumerate(self.changes):
            if change.new_price.currency.code != self.currency:
                raise CurrencyMismatch(
                    self.currency,
                    change.new_price.currency.code,
                    field=f"changes[{index}].new_price",
                )

    def describe(self) -> str:
        """The notice as text, one line per sku."""
        head = (
            f"Price changes in {self.price_book_name} ({self.currency}) "
            f"effective {self.effective_on.isoformat()}:"
        )
        if not self.changes:
            return f"{head} none"
        return "\n".join([head, *(f"  {change.describe()}" for change in self.changes)])
