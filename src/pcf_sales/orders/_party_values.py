"""The values an involved party is made of: roles, dated addresses, a communication profile."""

from __future__ import annotations

from enum import Enum
from typing import Any, cast

import attrs
import pendulum

from pcf_sales.accounts import Address, CommunicationPreferences, ContactChannel
from pcf_sales.accounts._checks import check_enum
from pcf_sales.core._validate import (
    fail,
    is_bool,
    is_date,
    is_enum,
    is_instance,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_optional_date,
    to_optional_text,
    to_tuple,
)

__all__ = [
    "AddressPurpose",
    "CommunicationProfile",
    "DocumentRoute",
    "OrderDocument",
    "PartyAddress",
    "PartyRole",
]


class PartyRole(Enum):
    """The part a party plays in an account's orders."""

    SOLD_TO = "sold_to"
    """Places the order and is the contract partner."""
    SHIP_TO = "ship_to"
    """Receives the goods or services."""
    BILL_TO = "bill_to"
    """Receives the invoice."""
    PAYER = "payer"
    """Pays the invoice."""
    END_USER = "end_user"
    """Uses what is bought (licences, warranties, export control)."""


class AddressPurpose(Enum):
    """What an address is used for."""

    SHIPPING = "shipping"
    BILLING = "billing"
    REGISTERED = "registered"
    """The legal seat, printed on contracts and invoices."""


class OrderDocument(Enum):
    """Documents a party receives about its orders."""

    ORDER_CONFIRMATION = "order_confirmation"
    DELIVERY_NOTE = "delivery_note"
    INVOICE = "invoice"
    STATEMENT = "statement"


@attrs.frozen(kw_only=True)
class PartyAddress:
    """An address used for ``purpose`` from ``valid_from`` up to (not including) ``valid_to``."""

    address: Address = attrs.field(validator=is_instance(Address))
    purpose: AddressPurpose = attrs.field(validator=is_enum(AddressPurpose))
    valid_from: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    valid_to: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )

    def __attrs_post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to <= self.valid_from:
            fail("valid_to", f"{self.valid_to} is not after valid_from {self.valid_from}")

    def applies_on(self, day: pendulum.Date) -> bool:
        """True when the address is in use on ``day``."""
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@attrs.frozen(kw_only=True)
class DocumentRoute:
    """Send ``document`` through ``channel``."""

    document: OrderDocument = attrs.field(validator=is_enum(OrderDocument))
    channel: ContactChannel = attrs.field(validator=is_enum(ContactChannel))


def _routes(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(DocumentRoute)(inst, attr, value)
    seen: set[OrderDocument] = set()
    for index, route in enumerate(cast("tuple[DocumentRoute, ...]", value)):
        if route.document in seen:
            fail(f"{attr.name}[{index}]", f"{route.document.value} is routed twice")
        seen.add(route.document)


@attrs.frozen(kw_only=True)
class CommunicationProfile:
    """How a party wants to hear about its orders: general preferences (the same value a
    :class:`~pcf_sales.accounts.Contact` holds), a channel per document, whether it is a key
    customer to be handled with care, and notes for whoever serves it."""

    preferences: CommunicationPreferences = attrs.field(
        factory=CommunicationPreferences, validator=is_instance(CommunicationPreferences)
    )
    documents: tuple[DocumentRoute, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_routes
    )
    key_customer: bool = attrs.field(default=False, validator=is_bool)
    notes: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )

    def channel_for(self, document: OrderDocument) -> ContactChannel | None:
        """The channel ``document`` goes through: its route, else the preferred channel."""
        check_enum(OrderDocument, document, "document")
        for route in self.documents:
            if route.document is document:
                return route.channel
        return self.preferences.preferred_channel
