"""What is priced (a document of lines) and the facts it is priced in (the context)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum

from pcf_sales.catalog._codes import is_sku, to_code
from pcf_sales.core import AccountId, ChannelId, PartnerId, SegmentId, UserId
from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    describe,
    fail,
    is_date,
    is_decimal,
    is_id,
    is_instance,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_decimal,
    to_optional_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.pricing._scope import (
    PROMO_CODE,
    is_partner_tier,
    normalise_promotion_code,
    to_optional_tier,
)
from pcf_sales.pricing._values import AdjustmentForm, FloorOverride, ManualDiscount

__all__ = ["DocumentLine", "PricingContext", "PricingDocument"]

_MAX_QUANTITY: Final = Decimal(1_000_000_000)
_HEADER_FORMS: Final = (AdjustmentForm.PERCENT, AdjustmentForm.AMOUNT, AdjustmentForm.NET_PRICE)


def _discount_percent(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    is_instance(ManualDiscount)(inst, attr, value)
    percent = value.adjustment.percent  # type: ignore[attr-defined]
    if percent is not None and percent > 100:
        fail(attr.name, f"a discount takes at most 100 %, got {percent}")


@attrs.frozen(kw_only=True)
class DocumentLine:
    """One line to price: a sku and a quantity, with an optional manual discount and an
    optional recorded override of the price floor."""

    sku: str = attrs.field(converter=to_code, validator=is_sku)
    quantity: Decimal = attrs.field(
        converter=to_decimal,
        validator=is_decimal(minimum=Decimal("0.000001"), maximum=_MAX_QUANTITY),
    )
    discount: ManualDiscount | None = attrs.field(default=None, validator=_discount_percent)
    floor_override: FloorOverride | None = attrs.field(
        default=None, validator=optional(is_instance(FloorOverride))
    )


def _lines(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(DocumentLine)(inst, attr, value)
    if not value:
        fail(attr.name, "a document needs at least one line")


def _optional_currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        fail(attr.name, f"expected an ISO 4217 currency code such as 'EUR', got {describe(value)}")
    check_currency(value, attr.name)


@attrs.frozen(kw_only=True)
class PricingDocument:
    """Lines to price together, in ``currency`` (the price book's when not given), with an
    optional header discount spread over the lines.

    Manual amounts (line discounts, the header discount) are in the document's
    currency. A header discount is a percentage, an amount off the whole
    document, or the net total wanted.
    """

    lines: tuple[DocumentLine, ...] = attrs.field(converter=to_tuple, validator=_lines)
    currency: str | None = attrs.field(default=None, validator=_optional_currency)
    header_discount: ManualDiscount | None = attrs.field(default=None, validator=_discount_percent)
    reference: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=128))
    )

    def __attrs_post_init__(self) -> None:
        header = self.header_discount
        if header is not None and header.adjustment.form not in _HEADER_FORMS:
            fail(
                "header_discount",
                "a header discount is a percent, an amount or a net price, not "
                f"{header.adjustment.form.value}",
            )
        if self.currency is None:
            return
        for field, discount in self._manual_discounts():
            currency = discount.adjustment.currency
            if currency is not None and currency != self.currency:
                raise CurrencyMismatch(self.currency, currency, field=field)

    def _manual_discounts(self) -> Iterable[tuple[str, ManualDiscount]]:
        if self.header_discount is not None:
            yield "header_discount", self.header_discount
        for index, line in enumerate(self.lines):
            if line.discount is not None:
                yield f"lines[{index}].discount", line.discount

    @classmethod
    def of(
        cls,
        *lines: tuple[str, Decimal | int | str],
        currency: str | None = None,
        header_discount: ManualDiscount | None = None,
        reference: str | None = None,
    ) -> PricingDocument:
        """A document from ``(sku, quantity)`` pairs.

        >>> PricingDocument.of(("SENS-100", 3), ("SVC-INSTALL", "1.5")).lines[1].quantity
        Decimal('1.5')
        """
        built = []
        for index, item in enumerate(lines):
            if not isinstance(item, tuple) or len(item) != 2:
                fail(f"lines[{index}]", f"expected a (sku, quantity) pair, got {describe(item)}")
            built.append(DocumentLine(sku=item[0], quantity=item[1]))
        return cls(
            lines=tuple(built),
            currency=currency,
            header_discount=header_discount,
            reference=reference,
        )


def _codes(value: Iterable[str]) -> tuple[str, ...]:
    items = to_tuple(value)
    if not isinstance(items, tuple) or not all(isinstance(i, str) for i in items):
        return items
    return tuple(sorted({normalise_promotion_code(i) for i in items}))


def _promotion_codes(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        fail(attr.name, f"expected a list of promotion codes, got {describe(value)}")
    for index, code in enumerate(value):
        if not isinstance(code, str) or not PROMO_CODE.fullmatch(code):
            fail(
                f"{attr.name}[{index}]",
                f"expected a promotion code of letters, digits, _ and -, got {describe(code)}",
            )


@attrs.frozen(kw_only=True)
class PricingContext:
    """The facts a document is priced in: the day, and who is buying through which channel.

    Facts owned by other packages come in as plain values: the account's
    segment, the channel, the partner's tier. ``promotion_codes`` are compared
    without regard to case, and a code given twice counts once. ``owner`` is
    who owns the deal (for discount leakage by owner).
    """

    on: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    account_id: AccountId | None = attrs.field(default=None, validator=optional(is_id))
    segment_id: SegmentId | None = attrs.field(default=None, validator=optional(is_id))
    channel_id: ChannelId | None = attrs.field(default=None, validator=optional(is_id))
    partner_id: PartnerId | None = attrs.field(default=None, validator=optional(is_id))
    partner_tier: str | None = attrs.field(
        default=None, converter=to_optional_tier, validator=is_partner_tier
    )
    promotion_codes: tuple[str, ...] = attrs.field(
        default=(), converter=_codes, validator=_promotion_codes
    )
    owner: UserId | None = attrs.field(default=None, validator=optional(is_id))
