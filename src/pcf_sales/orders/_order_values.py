"""Values a sales order holds: parties, payment terms, the quote it came from, holds,
amendments and recorded returns."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.accounts import Address
from pcf_sales.catalog._codes import is_sku
from pcf_sales.core import AccountId, ContactId, QuoteId, ReturnId
from pcf_sales.core._validate import (
    fail,
    is_date,
    is_decimal,
    is_enum,
    is_id,
    is_instance,
    is_instant,
    is_int,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_decimal,
    to_instant,
    to_optional_instant,
    to_optional_text,
    to_text,
    to_tuple,
)
from pcf_sales.orders._order_table import OrderStatus

__all__ = [
    "AmendmentKind",
    "HoldKind",
    "LineDifference",
    "OrderAmendment",
    "OrderHold",
    "OrderParties",
    "OrderPaymentTerms",
    "PartyRef",
    "QuoteReference",
    "RecordedReturn",
    "ReturnedLine",
]

_ZERO: Final = Decimal(0)


@attrs.frozen(kw_only=True)
class PartyRef:
    """A party of an order: the account, optionally the contact, and the address used."""

    account_id: AccountId = attrs.field(validator=is_id)
    contact_id: ContactId | None = attrs.field(default=None, validator=optional(is_id))
    address: Address | None = attrs.field(default=None, validator=optional(is_instance(Address)))


@attrs.frozen(kw_only=True)
class OrderParties:
    """Who buys (sold-to), where the goods go (ship-to), who gets the invoice (bill-to)
    and who pays (payer). Use :meth:`single` when one party plays every role."""

    sold_to: PartyRef = attrs.field(validator=is_instance(PartyRef))
    ship_to: PartyRef = attrs.field(validator=is_instance(PartyRef))
    bill_to: PartyRef = attrs.field(validator=is_instance(PartyRef))
    payer: PartyRef = attrs.field(validator=is_instance(PartyRef))

    @classmethod
    def single(cls, party: PartyRef) -> OrderParties:
        """``party`` as sold-to, ship-to, bill-to and payer."""
        return cls(sold_to=party, ship_to=party, bill_to=party, payer=party)

    def roles(self) -> tuple[tuple[str, PartyRef], ...]:
        """``(role, party)`` for the four roles, in a fixed order."""
        return (
            ("sold_to", self.sold_to),
            ("ship_to", self.ship_to),
            ("bill_to", self.bill_to),
            ("payer", self.payer),
        )


@attrs.frozen(kw_only=True)
class OrderPaymentTerms:
    """When the invoice is due: ``net_days`` after invoicing, with an optional early
    payment discount of ``discount_percent`` within ``discount_days``."""

    net_days: int = attrs.field(default=30, validator=is_int(minimum=0, maximum=365))
    discount_percent: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=is_decimal(minimum=0, maximum=100)
    )
    discount_days: int = attrs.field(default=0, validator=is_int(minimum=0, maximum=365))

    def __attrs_post_init__(self) -> None:
        if (self.discount_percent > 0) != (self.discount_days > 0):
            fail("discount_days", "an early-payment discount needs both a percent and days")
        if self.discount_days > self.net_days:
            fail("discount_days", "the discount period cannot outlast the payment period")

    def describe(self) -> str:
        """The terms as usually written (``2/10 net 30``)."""
        if self.discount_percent:
            return f"{self.discount_percent.normalize():f}/{self.discount_days} net {self.net_days}"
        return f"net {self.net_days}"


@attrs.frozen(kw_only=True)
class QuoteReference:
    """The accepted quote an order came from: its id, version, validity and acceptance."""

    quote_id: QuoteId = attrs.field(validator=is_id)
    version: int = attrs.field(validator=is_int(minimum=1))
    valid_until: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    accepted_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=optional(is_instant)
    )


class HoldKind(Enum):
    """Why an order is on hold."""

    CREDIT = "credit"
    """The order would take the customer past its credit limit."""
    COMPLIANCE = "compliance"
    """Export control, sanctions screening, a restricted product, a blocked customer."""
    OTHER = "other"


#: The statuses an order can be held in.
HOLDABLE: Final = frozenset(
    {OrderStatus.ACCEPTED, OrderStatus.IN_FULFILMENT, OrderStatus.PARTIALLY_FULFILLED}
)


def _holdable(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_enum(OrderStatus)(inst, attr, value)
    if value not in HOLDABLE:
        fail(attr.name, f"an order is held only when accepted or in fulfilment, not {value}")


@attrs.frozen(kw_only=True)
class OrderHold:
    """An order's current hold: the kind, the reason, and the status the order was in
    when it was held (releasing the hold returns it there)."""

    kind: HoldKind = attrs.field(validator=is_enum(HoldKind))
    reason: str = attrs.field(converter=to_text, validator=is_text(max_length=2000))
    held_from: OrderStatus = attrs.field(default=OrderStatus.ACCEPTED, validator=_holdable)


class AmendmentKind(Enum):
    """What an amendment did to a line."""

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@attrs.frozen(kw_only=True)
class LineDifference:
    """How one line differs after an amendment (quantities and net amounts before/after)."""

    line_number: int = attrs.field(validator=is_int(minimum=1))
    sku: str = attrs.field(validator=is_sku)
    kind: AmendmentKind = attrs.field(validator=is_enum(AmendmentKind))
    quantity_before: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    quantity_after: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    amount_before: Money = attrs.field(validator=is_money)
    amount_after: Money = attrs.field(validator=is_money)

    def describe(self) -> str:
        """The difference on one line of text."""
        return (
            f"line {self.line_number} ({self.sku}) {self.kind.value}: "
            f"{self.quantity_before} -> {self.quantity_after}, "
            f"{self.amount_before.amount} -> {self.amount_after.amount}"
        )


def _differences(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(LineDifference)(inst, attr, value)
    if not value:
        fail(attr.name, "an amendment changes at least one line")


@attrs.frozen(kw_only=True)
class OrderAmendment:
    """A change order: the order's amendment ``number``, when and why, the lines that
    differ, and the order total before and after."""

    number: int = attrs.field(validator=is_int(minimum=1))
    at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    reason: str = attrs.field(converter=to_text, validator=is_text(max_length=2000))
    differences: tuple[LineDifference, ...] = attrs.field(
        converter=to_tuple, validator=_differences
    )
    total_before: Money = attrs.field(validator=is_money)
    total_after: Money = attrs.field(validator=is_money)

    @property
    def value_change(self) -> Money:
        """How much the amendment changed the order's total."""
        return Money(self.total_after.amount - self.total_before.amount, self.total_after.currency)


@attrs.frozen(kw_only=True)
class ReturnedLine:
    """The quantity of one order line that came back, and the credit it earned."""

    line_number: int = attrs.field(validator=is_int(minimum=1))
    quantity: Decimal = attrs.field(
        converter=to_decimal, validator=is_decimal(minimum=Decimal("0.000001"))
    )
    credit: Money = attrs.field(validator=is_money)


@attrs.frozen(kw_only=True)
class RecordedReturn:
    """A received return as the order records it."""

    return_id: ReturnId = attrs.field(validator=is_id)
    received_on: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    lines: tuple[ReturnedLine, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(ReturnedLine)
    )
    note: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )

    def __attrs_post_init__(self) -> None:
        if not self.lines:
            fail("lines", "a return brings back at least one line")

    @property
    def credit_amount(self) -> Decimal:
        """The credit of all its lines (exact)."""
        return sum((line.credit.amount for line in self.lines), _ZERO)
