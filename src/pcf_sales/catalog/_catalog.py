"""A catalog snapshot: the products and bundles pricing, quotes and orders look skus up in."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
from moneyed import Money

from pcf_sales.catalog._bundle import Bundle
from pcf_sales.catalog._product import Product
from pcf_sales.core import DECIMAL_CONTEXT, ProductId
from pcf_sales.core._validate import describe, fail, is_tuple_of, to_tuple

__all__ = ["Catalog"]


@attrs.frozen(kw_only=True)
class Catalog:
    """The products and bundles on file, indexed by sku and id: a value the host supplies.

    Skus are unique across products and bundles, and every bundle component
    names a product of the same catalog. Lookups are dictionary reads.

    >>> from pcf_sales.testing.factories import make_product
    >>> catalog = Catalog.of(products=[make_product(sku="SENS-100")])
    >>> catalog.product("SENS-100").name
    'Pressure sensor'
    """

    products: tuple[Product, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Product)
    )
    bundles: tuple[Bundle, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Bundle)
    )
    _by_sku: dict[str, Product | Bundle] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _by_id: dict[str, Product] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        by_sku: dict[str, Product | Bundle] = {}
        by_id: dict[str, Product] = {}
        for index, product in enumerate(self.products):
            if product.id in by_id:
                fail(f"products[{index}].id", f"product id {product.id!r} is listed twice")
            if product.sku in by_sku:
                fail(f"products[{index}].sku", f"sku {product.sku!r} is used twice")
            by_id[product.id] = product
            by_sku[product.sku] = product
        bundle_ids: set[str] = set()
        for index, bundle in enumerate(self.bundles):
            if bundle.id in bundle_ids:
                fail(f"bundles[{index}].id", f"bundle id {bundle.id!r} is listed twice")
            if bundle.sku in by_sku:
                fail(f"bundles[{index}].sku", f"sku {bundle.sku!r} is used twice")
            for position, component in enumerate(bundle.components):
                if component.product_id not in by_id:
                    fail(
                        f"bundles[{index}].components[{position}].product_id",
                        f"no product {component.product_id!r} in the catalog",
                    )
            bundle_ids.add(bundle.id)
            by_sku[bundle.sku] = bundle
        object.__setattr__(self, "_by_sku", by_sku)
        object.__setattr__(self, "_by_id", by_id)

    @classmethod
    def of(cls, *, products: Iterable[Product] = (), bundles: Iterable[Bundle] = ()) -> Catalog:
        """A catalog stored in a canonical order (by sku), so equal contents compare equal."""
        return cls(
            products=tuple(sorted(products, key=_sku_of)),
            bundles=tuple(sorted(bundles, key=_sku_of)),
        )

    # -- lookups --------------------------------------------------------------------

    def item(self, sku: str) -> Product | Bundle | None:
        """The product or bundle sold as ``sku``, or ``None``."""
        return self._by_sku.get(sku)

    def product(self, sku: str) -> Product:
        """The product sold as ``sku`` (a ``ValidationError`` when there is none)."""
        found = self._by_sku.get(sku)
        if not isinstance(found, Product):
            fail("sku", f"no product with sku {sku!r} in the catalog")
        return found

    def bundle(self, sku: str) -> Bundle:
        """The bundle sold as ``sku`` (a ``ValidationError`` when there is none)."""
        found = self._by_sku.get(sku)
        if not isinstance(found, Bundle):
            fail("sku", f"no bundle with sku {sku!r} in the catalog")
        return found

    def product_by_id(self, product_id: ProductId) -> Product:
        """The product with ``product_id`` (a ``ValidationError`` when there is none)."""
        found = self._by_id.get(product_id)
        if found is None:
            fail("product_id", f"no product {product_id!r} in the catalog")
        return found

    def skus(self) -> tuple[str, ...]:
        """Every sku in the catalog, sorted."""
        return tuple(sorted(self._by_sku))

    def family_of(self, sku: str) -> str | None:
        """The family of the product or bundle sold as ``sku`` (``None`` if it has none)."""
        found = self._by_sku.get(sku)
        return None if found is None else found.family

    def unit_cost(self, sku: str) -> Money | None:
        """The standard cost of one unit of ``sku``.

        A bundle's cost is the sum of its components' costs times their
        quantities; it is ``None`` when any component has no cost, or when
        the components' costs are in different currencies.
        """
        found = self._by_sku.get(sku)
        if found is None:
            fail("sku", f"no product or bundle with sku {sku!r} in the catalog")
        if isinstance(found, Product):
            return found.standard_cost
        total = Decimal(0)
        currency: str | None = None
        for component in found.components:
            cost = self._by_id[component.product_id].standard_cost
            if cost is None:
                return None
            if currency is None:
                currency = cost.currency.code
            elif cost.currency.code != currency:
                return None
            total += DECIMAL_CONTEXT.multiply(cost.amount, component.quantity)
        return None if currency is None else Money(total, currency)

    # -- new snapshots --------------------------------------------------------------

    def with_product(self, product: Product) -> Catalog:
        """A catalog with ``product`` added, or replacing the product with its id."""
        if not isinstance(product, Product):
            fail("product", f"expected a Product, got {describe(product)}")
        kept = [p for p in self.products if p.id != product.id]
        return Catalog.of(products=[*kept, product], bundles=self.bundles)

    def with_bundle(self, bundle: Bundle) -> Catalog:
        """A catalog with ``bundle`` added, or replacing the bundle with its id."""
        if not isinstance(bundle, Bundle):
            fail("bundle", f"expected a Bundle, got {describe(bundle)}")
        kept = [b for b in self.bundles if b.id != bundle.id]
        return Catalog.of(products=self.products, bundles=[*kept, bundle])


def _sku_of(item: Any) -> str:
    return str(item.sku)
