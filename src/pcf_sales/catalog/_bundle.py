"""The bundle aggregate: catalog products sold together under one sku."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from pcf_sales.catalog._codes import check_family, check_sku, is_family, is_sku, to_code
from pcf_sales.catalog._product import ProductStatus
from pcf_sales.core import BundleId, HistoryEntry, Lifecycle, ProductId, Transition, UserId
from pcf_sales.core._validate import (
    check_text,
    describe,
    fail,
    is_decimal,
    is_enum,
    is_id,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_decimal,
    to_optional_text,
    to_text,
    to_tuple,
)

__all__ = ["BUNDLE_LIFECYCLE", "Bundle", "BundleComponent"]

_MAX_QUANTITY = Decimal(1_000_000)


@attrs.frozen(kw_only=True)
class BundleComponent:
    """One product in a bundle, and how many of it one bundle holds."""

    product_id: ProductId = attrs.field(validator=is_id)
    quantity: Decimal = attrs.field(
        default=Decimal(1),
        converter=to_decimal,
        validator=is_decimal(minimum=Decimal("0.000001"), maximum=_MAX_QUANTITY),
    )


def _components(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(BundleComponent)(inst, attr, value)
    _check_components(value, attr.name)  # type: ignore[arg-type]


def _check_components(components: tuple[BundleComponent, ...], field: str) -> None:
    if not components:
        fail(field, "a bundle needs at least one component")
    seen: set[str] = set()
    for index, component in enumerate(components):
        if component.product_id in seen:
            fail(
                f"{field}[{index}]",
                f"product {component.product_id!r} is listed twice; give one component "
                "with the total quantity",
            )
        seen.add(component.product_id)


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


def _checked_components(components: Iterable[BundleComponent]) -> tuple[BundleComponent, ...]:
    if isinstance(components, str) or not isinstance(components, Iterable):
        fail("components", f"expected a list of BundleComponent, got {describe(components)}")
    items = tuple(components)
    for index, item in enumerate(items):
        if not isinstance(item, BundleComponent):
            fail(f"components[{index}]", f"expected a BundleComponent, got {describe(item)}")
    _check_components(items, "components")
    return items


@attrs.frozen(kw_only=True)
class Bundle:
    """Products sold together under one sku, such as a starter kit.

    Components refer to products by id. A bundle is priced as one line: at its
    own list price when the price book has one, otherwise at the sum of its
    components' list prices; its cost is the sum of the components' costs.

    >>> at = pendulum.datetime(2026, 1, 5, 9, tz="UTC")
    >>> kit = Bundle.define(
    ...     id=BundleId("B-1"), sku="KIT-START", name="Starter kit",
    ...     components=[BundleComponent(product_id=ProductId("P-1"), quantity=2)],
    ...     at=at, by=UserId("pm-1"),
    ... )
    >>> kit.components[0].quantity, kit.status.value
    (Decimal('2'), 'draft')
    """

    id: BundleId = attrs.field(validator=is_id)
    status: ProductStatus = attrs.field(validator=is_enum(ProductStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[ProductStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    sku: str = attrs.field(converter=to_code, validator=is_sku)
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    components: tuple[BundleComponent, ...] = attrs.field(converter=to_tuple, validator=_components)
    family: str | None = attrs.field(default=None, validator=optional(is_family))
    description: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )

    def __attrs_post_init__(self) -> None:
        BUNDLE_LIFECYCLE.check_history(self)

    @classmethod
    def define(
        cls,
        *,
        id: BundleId,
        sku: str,
        name: str,
        components: Iterable[BundleComponent],
        at: pendulum.DateTime,
        by: UserId,
        family: str | None = None,
        description: str | None = None,
    ) -> Bundle:
        """A new bundle in status ``draft``."""
        return BUNDLE_LIFECYCLE.create(
            cls,
            at=at,
            by=by,
            id=id,
            sku=sku,
            name=name,
            components=tuple(components),
            family=family,
            description=description,
        )

    @property
    def is_sellable(self) -> bool:
        """True while the bundle can be priced, quoted and ordered (status ``active``)."""
        return self.status is ProductStatus.ACTIVE

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the bundle's current status."""
        return BUNDLE_LIFECYCLE.allowed(self.status)

    def quantity_of(self, product_id: ProductId) -> Decimal:
        """How many of ``product_id`` one bundle holds (zero when it is not a component)."""
        for component in self.components:
            if component.product_id == product_id:
                return component.quantity
        return Decimal(0)

    def activate(self, *, at: pendulum.DateTime, by: UserId) -> Bundle:
        """Put the bundle on sale."""
        return BUNDLE_LIFECYCLE.apply(self, "activate", at=at, by=by)

    def retire(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> Bundle:
        """Withdraw the bundle from sale."""
        return BUNDLE_LIFECYCLE.apply(self, "retire", at=at, by=by, reason=reason)

    def reinstate(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> Bundle:
        """Put a retired bundle back on sale, saying why."""
        return BUNDLE_LIFECYCLE.apply(self, "reinstate", at=at, by=by, reason=reason)

    def set_components(
        self, components: Iterable[BundleComponent], *, at: pendulum.DateTime, by: UserId
    ) -> Bundle:
        """Replace the components; only while ``draft``."""
        items = _checked_components(components)
        return BUNDLE_LIFECYCLE.apply(
            self, "set_components", at=at, by=by, changes={"components": items}
        )

    def update_details(
        self,
        *,
        name: str,
        family: str | None,
        description: str | None,
        at: pendulum.DateTime,
        by: UserId,
    ) -> Bundle:
        """Replace the name, family and description (``None`` clears family or description)."""
        new_name = check_text(to_text(name), "name", max_length=200)
        if family is not None:
            check_family(family, "family")
        new_description = to_optional_text(description)
        if new_description is not None:
            check_text(new_description, "description", max_length=2000)
        return BUNDLE_LIFECYCLE.apply(
            self,
            "update_details",
            at=at,
            by=by,
            changes={"name": new_name, "family": family, "description": new_description},
        )

    def change_sku(self, sku: str, *, at: pendulum.DateTime, by: UserId) -> Bundle:
        """Correct the sku; only while ``draft``."""
        new_sku = check_sku(to_code(sku) if isinstance(sku, str) else sku, "sku")
        return BUNDLE_LIFECYCLE.apply(self, "change_sku", at=at, by=by, changes={"sku": new_sku})


BUNDLE_LIFECYCLE: Lifecycle[ProductStatus, Bundle] = Lifecycle(
    aggregate="Bundle",
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
        Transition(command="set_components", event="components_set", sources={ProductStatus.DRAFT}),
        Transition(
            command="update_details",
            event="details_updated",
            sources={ProductStatus.DRAFT, ProductStatus.ACTIVE},
        ),
        Transition(command="change_sku", event="sku_changed", sources={ProductStatus.DRAFT}),
    ),
)
"""The bundle lifecycle: draft → active → retired, with retired bundles reinstated to
active. Components and the sku change only while draft."""
