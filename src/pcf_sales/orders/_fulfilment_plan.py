"""The outcome of fulfilment planning: decisions per line, their parts, and the groups they make."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Final

import attrs
import pendulum

from pcf_sales.catalog import ProductKind
from pcf_sales.catalog._codes import is_sku, to_code
from pcf_sales.core import DECIMAL_CONTEXT, AccountId, SalesOrderId
from pcf_sales.core._validate import (
    fail,
    is_date,
    is_decimal,
    is_enum,
    is_id,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_decimal,
    to_optional_date,
    to_tuple,
)
from pcf_sales.orders._availability import positive

__all__ = [
    "FulfilmentDecision",
    "FulfilmentGroup",
    "FulfilmentItem",
    "FulfilmentMethod",
    "FulfilmentPart",
    "FulfilmentPlan",
]

_ZERO: Final = Decimal(0)


class FulfilmentMethod(Enum):
    """How a line is fulfilled."""

    SHIP_FROM_STOCK = "ship_from_stock"
    """Picked from our own stock and shipped."""
    DROP_SHIP = "drop_ship"
    """Shipped by a supplier straight to the customer."""
    MAKE_TO_ORDER = "make_to_order"
    """Produced or assembled for this order."""
    SERVICE_DELIVERY = "service_delivery"
    """Delivered by people: installation, training, consulting."""
    DIGITAL_DELIVERY = "digital_delivery"
    """Provisioned or downloaded: licences, subscriptions, files."""


@attrs.frozen(kw_only=True)
class FulfilmentPart:
    """A quantity of a line leaving from ``location`` on ``date`` (``None``: not known yet)."""

    quantity: Decimal = attrs.field(converter=to_decimal, validator=positive)
    location: str | None = attrs.field(default=None, validator=optional(is_id))
    date: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )


@attrs.frozen(kw_only=True)
class FulfilmentDecision:
    """How one line is fulfilled, by which rule (``None``: the kind's default), and why."""

    order_id: SalesOrderId = attrs.field(validator=is_id)
    line_number: int = attrs.field(validator=is_int(minimum=1))
    sku: str = attrs.field(converter=to_code, validator=is_sku)
    kind: ProductKind = attrs.field(validator=is_enum(ProductKind))
    method: FulfilmentMethod = attrs.field(validator=is_enum(FulfilmentMethod))
    rule: str | None = attrs.field(validator=optional(is_text(max_length=80)))
    parts: tuple[FulfilmentPart, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(FulfilmentPart)
    )
    reason: str = attrs.field(validator=is_text(max_length=1000))

    @property
    def quantity(self) -> Decimal:
        """The line's quantity: the sum of its parts."""
        total = _ZERO
        for part in self.parts:
            total = DECIMAL_CONTEXT.add(total, part.quantity)
        return total


@attrs.frozen(kw_only=True)
class FulfilmentItem:
    """A quantity of one order line inside a fulfilment group."""

    order_id: SalesOrderId = attrs.field(validator=is_id)
    line_number: int = attrs.field(validator=is_int(minimum=1))
    sku: str = attrs.field(converter=to_code, validator=is_sku)
    quantity: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))


@attrs.frozen(kw_only=True)
class FulfilmentGroup:
    """What leaves from one place, by one method, on one day for one order and ship-to:
    one shipment, one work order, one provisioning run. ``location`` or ``date`` is
    ``None`` when not known yet; a plan always sets ``order_id`` (and ``ship_to`` when
    the lines name one)."""

    method: FulfilmentMethod = attrs.field(validator=is_enum(FulfilmentMethod))
    location: str | None = attrs.field(validator=optional(is_id))
    date: pendulum.Date | None = attrs.field(
        converter=to_optional_date, validator=optional(is_date)
    )
    items: tuple[FulfilmentItem, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(FulfilmentItem)
    )
    order_id: SalesOrderId | None = attrs.field(default=None, validator=optional(is_id))
    ship_to: AccountId | None = attrs.field(default=None, validator=optional(is_id))

    def __attrs_post_init__(self) -> None:
        if self.order_id is not None:
            for index, item in enumerate(self.items):
                if item.order_id != self.order_id:
                    fail(f"items[{index}].order_id", f"is not the group's order {self.order_id}")


@attrs.frozen(kw_only=True)
class FulfilmentPlan:
    """Every line's decision (in the order given) and the groups they make."""

    decisions: tuple[FulfilmentDecision, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(FulfilmentDecision)
    )
    groups: tuple[FulfilmentGroup, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(FulfilmentGroup)
    )

    def decision_for(self, order_id: SalesOrderId, line_number: int) -> FulfilmentDecision:
        """The decision for one order line (a ``ValidationError`` when it was not planned)."""
        found = next(
            (d for d in self.decisions if (d.order_id, d.line_number) == (order_id, line_number)),
            None,
        )
        if found is None:
            fail("line_number", f"order {order_id!r} line {line_number!r} was not planned")
        return found

    def by_method(self, method: FulfilmentMethod) -> tuple[FulfilmentDecision, ...]:
        """The decisions that chose ``method``."""
        return tuple(d for d in self.decisions if d.method is method)
