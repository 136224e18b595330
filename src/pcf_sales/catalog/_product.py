"""The product aggregate: a good, service or subscription the company sells, and its lifecycle."""

from __future__ import annotations

from enum import Enum
from typing import Any, cast

import attrs
import pendulum
from moneyed import Money

from pcf_sales.catalog._codes import (
    check_family,
    check_sku,
    check_unit,
    is_family,
    is_sku,
    is_unit,
    to_code,
)
from pcf_sales.core import HistoryEntry, Lifecycle, ProductId, Transition, UserId
from pcf_sales.core._money import check_money
from pcf_sales.core._validate import (
    check_text,
    describe,
    fail,
    is_enum,
    is_id,
    is_int,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_optional_text,
    to_text,
    to_tuple,
)

__all__ = ["PRODUCT_LIFECYCLE", "Product", "ProductKind", "ProductStatus"]


class ProductKind(Enum):
    """What kind of thing a product is."""

    GOOD = "good"
    """A physical item that is shipped and stocked."""
    SERVICE = "service"
    """Work delivered once or by the hour: installation, training, consulting."""
    SUBSCRIPTION = "subscription"
    """A right to use, billed per period: software, support, data feeds."""


class ProductStatus(Enum):
    """Where a catalog item (product or bundle) is in its lifecycle."""

    DRAFT = "draft"
    """Being defined; cannot be sold yet."""
    ACTIVE = "active"
    """On sale: can be quoted, priced and ordered."""
    RETIRED = "retired"
    """Withdrawn from sale; kept for history. Can be reinstated."""


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


def _cost(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    is_money(inst, attr, value)
    _check_cost(cast("Money", value), attr.name)


def _check_cost(value: Money, field: str) -> Money:
    check_money(value, field)
    if value.amount < 0:
        fail(field, f"a standard cost cannot be negative, got {value.amount}")
    return value


@attrs.frozen(kw_only=True)
class Product:
    """A good, service or subscription in the catalog (the boundary with PCF 2.0).

    Pricing, quotes and orders refer to products by ``sku``; other aggregates
    refer to them by ``id``. ``standard_cost`` (per ``unit``) is what margins
    are computed from; it may be in any currency. Create one with
    :meth:`define`; it can be priced only while ``active``.

    >>> at = pendulum.datetime(2026, 1, 5, 9, tz="UTC")
    >>> product = Product.define(
    ...     id=ProductId("P-1"), sku="SENS-100", name="Pressure sensor", kind=ProductKind.GOOD,
    ...     family="sensors", standard_cost=Money("42.00", "EUR"), at=at, by=UserId("pm-1"),
    ... )
    >>> product.activate(at=at.add(days=1), by=UserId("pm-1")).status.value
    'active'
    """

    id: ProductId = attrs.field(validator=is_id)
    status: ProductStatus = attrs.field(validator=is_enum(ProductStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[ProductStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    sku: str = attrs.field(converter=to_code, validator=is_sku)
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    kind: ProductKind = attrs.field(validator=is_enum(ProductKind))
    unit: str = attrs.field(default="each", converter=to_code, validator=is_unit)
    family: str | None = attrs.field(default=None, validator=optional(is_family))
    standard_cost: Money | None = attrs.field(default=None, validator=_cost)
    description: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )

    def __attrs_post_init__(self) -> None:
        PRODUCT_LIFECYCLE.check_history(self)

    # -- creating -------------------------------------------------------------------

    @classmethod
    def define(
        cls,
        *,
        id: ProductId,
        sku: str,
        name: str,
        kind: ProductKind,
        at: pendulum.DateTime,
        by: UserId,
        unit: str = "each",
        family: str | None = None,
        standard_cost: Money | None = None,
        description: str | None = None,
    ) -> Product:
        """A new product in status ``draft``."""
        return PRODUCT_LIFECYCLE.create(
            cls,
            at=at,
            by=by,
            id=id,
            sku=sku,
            name=name,
            kind=kind,
            unit=unit,
            family=family,
            standard_cost=standard_cost,
            description=description,
        )

    # -- facts ----------------------------------------------------------------------

    @property
    def is_sellable(self) -> bool:
        """True while the product can be priced, quoted and ordered (status ``active``)."""
        return self.status is ProductStatus.ACTIVE

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the product's current status."""
        return PRODUCT_LIFECYCLE.allowed(self.status)

    # -- lifecycle ------------------------------------------------------------------

    def activate(self, *, at: pendulum.DateTime, by: UserId) -> Product:
        """Put the product on sale."""
        return PRODUCT_LIFECYCLE.apply(self, "activate", at=at, by=by)

    def retire(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> Product:
        """Withdraw the product from sale (a draft that will never sell can be retired too)."""
        return PRODUCT_LIFECYCLE.apply(self, "retire", at=at, by=by, reason=reason)

    def reinstate(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> Product:
        """Put a retired product back on sale, saying why."""
        return PRODUCT_LIFECYCLE.apply(self, "reinstate", at=at, by=by, reason=reason)

    # -- data -----------------------------------------------------------------------

    def update_details(
        self,
        *,
        name: str,
        family: str | None,
        description: str | None,
        at: pendulum.DateTime,
        by: UserId,
    ) -> Product:
        """Replace the name, family and description (``None`` clears family or description)."""
        new_name = check_text(to_text(name), "name", max_length=200)
        if family is not None:
            check_family(family, "family")
        new_description = to_optional_text(description)
        if new_description is not None:
            check_text(new_description, "description", max_length=2000)
        return PRODUCT_LIFECYCLE.apply(
            self,
            "update_details",
            at=at,
            by=by,
            changes={"name": new_name, "family": family, "description": new_description},
        )

    def change_unit(self, unit: str, *, at: pendulum.DateTime, by: UserId) -> Product:
        """Change the unit of measure; only while ``draft``, since prices are quoted per unit."""
        new_unit = check_unit(to_code(unit), "unit")
        return PRODUCT_LIFECYCLE.apply(
            self, "change_unit", at=at, by=by, changes={"unit": new_unit}
        )

    def set_standard_cost(
        self, cost: Money | None, *, at: pendulum.DateTime, by: UserId
    ) -> Product:
        """Set the standard cost per unit (``None``: unknown, so no margins)."""
        if cost is not None:
            _check_cost(cost, "cost")
        return PRODUCT_LIFECYCLE.apply(
            self, "set_standard_cost", at=at, by=by, changes={"standard_cost": cost}
        )

    def change_sku(self, sku: str, *, at: pendulum.DateTime, by: UserId) -> Product:
        """Correct the sku; only while ``draft``, before any price or document names it."""
        if not isinstance(sku, str):
            fail("sku", f"expected a sku, got {describe(sku)}")
        new_sku = check_sku(to_code(sku), "sku")
        return PRODUCT_LIFECYCLE.apply(self, "change_sku", at=at, by=by, changes={"sku": new_sku})


PRODUCT_LIFECYCLE: Lifecycle[ProductStatus, Product] = Lifecycle(
    aggregate="Product",
    states=ProductStatus,
    initial=ProductStatus.DRAFT,
    terminal=frozenset(),
    creation="define",
    creation_event="defined",
    transitions=(
        Transition(
            command="activate",
            event="activated",
            sources={ProductStatus.DRAFT},
            target=ProductStatus.ACTIVE,
        ),
        Transition(
            command="retire",
            event="retired",
            sources={ProductStatus.DRAFT, ProductStatus.ACTIVE},
            target=ProductStatus.RETIRED,
        ),
        Transition(
            command="reinstate",
            event="reinstated",
            sources={ProductStatus.RETIRED},
            target=ProductStatus.ACTIVE,
            needs_reason=True,
        ),
        Transition(
            command="update_details",
            event="details_updated",
            sources={ProductStatus.DRAFT, ProductStatus.ACTIVE},
        ),
        Transition(command="change_unit", event="unit_changed", sources={ProductStatus.DRAFT}),
        Transition(command="change_sku", event="sku_changed", sources={ProductStatus.DRAFT}),
        Transition(
            command="set_standard_cost",
            event="standard_cost_set",
            sources={ProductStatus.DRAFT, ProductStatus.ACTIVE},
        ),
    ),
)
"""The product lifecycle: draft → active → retired, with retired products reinstated to
active. Units and skus change only while draft; cost and details while draft or active."""
