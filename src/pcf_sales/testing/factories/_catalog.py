"""Factories for the catalog: products and bundles in any status, through real commands."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from pcf_sales.catalog import (
    Bundle,
    BundleComponent,
    Catalog,
    Product,
    ProductKind,
    ProductStatus,
)
from pcf_sales.core import BundleId, ProductId, UserId, money
from pcf_sales.testing.factories._core import FIXED_INSTANT

__all__ = ["make_bundle", "make_bundle_component", "make_catalog", "make_product"]

_BY: Final = UserId("product-manager")


def make_product(status: ProductStatus = ProductStatus.ACTIVE, **overrides: Any) -> Product:
    """An active pressure sensor (``SENS-100``, family ``sensors``, cost 120.00 EUR), reached
    through the lifecycle's own commands; ``overrides`` go to :meth:`Product.define`.

    >>> make_product(ProductStatus.RETIRED).history[-1].event
    'retired'
    """
    fields: dict[str, Any] = {
        "id": ProductId("P-1"),
        "sku": "SENS-100",
        "name": "Pressure sensor",
        "kind": ProductKind.GOOD,
        "family": "sensors",
        "standard_cost": money("120.00", "EUR"),
        "at": FIXED_INSTANT,
        "by": _BY,
    }
    fields.update(overrides)
    product = Product.define(**fields)
    if status is ProductStatus.DRAFT:
        return product
    at = product.history[0].at
    by = product.history[0].by
    if status is ProductStatus.RETIRED:
        return product.retire(at=at.add(hours=1), by=by, reason="discontinued")
    return product.activate(at=at.add(hours=1), by=by)


def make_bundle_component(product_id: str = "P-1", quantity: Decimal | int = 1) -> BundleComponent:
    """One of product ``P-1`` unless told otherwise."""
    return BundleComponent(product_id=ProductId(product_id), quantity=Decimal(quantity))


def make_bundle(status: ProductStatus = ProductStatus.ACTIVE, **overrides: Any) -> Bundle:
    """An active starter kit (``KIT-START``): two ``P-1`` sensors and one ``P-2`` calibration
    kit; ``overrides`` go to :meth:`Bundle.define`."""
    fields: dict[str, Any] = {
        "id": BundleId("B-1"),
        "sku": "KIT-START",
        "name": "Starter kit",
        "components": (make_bundle_component("P-1", 2), make_bundle_component("P-2", 1)),
        "family": "kits",
        "at": FIXED_INSTANT,
        "by": _BY,
    }
    fields.update(overrides)
    bundle = Bundle.define(**fields)
    if status is ProductStatus.DRAFT:
        return bundle
    at = bundle.history[0].at
    by = bundle.history[0].by
    if status is ProductStatus.RETIRED:
        return bundle.retire(at=at.add(hours=1), by=by)
    return bundle.activate(at=at.add(hours=1), by=by)


def make_catalog() -> Catalog:
    """Four active products and one bundle, all costed in EUR:

    ``SENS-100`` pressure sensor (good, cost 120.00), ``CAL-KIT`` calibration kit
    (good, 10.00), ``SVC-INSTALL`` installation (service, per hour, 60.00),
    ``SUB-CLOUD`` cloud dashboard (subscription, per seat-month, 8.00) and the
    ``KIT-START`` bundle of two sensors and a calibration kit.
    """
    products = (
        make_product(),
        make_product(
            id=ProductId("P-2"),
            sku="CAL-KIT",
            name="Calibration kit",
            family="accessories",
            standard_cost=money("10.00", "EUR"),
        ),
        make_product(
            id=ProductId("P-3"),
            sku="SVC-INSTALL",
            name="Installation",
            kind=ProductKind.SERVICE,
            unit="hour",
            family="services",
            standard_cost=money("60.00", "EUR"),
        ),
        make_product(
            id=ProductId("P-4"),
            sku="SUB-CLOUD",
            name="Cloud dashboard",
            kind=ProductKind.SUBSCRIPTION,
            unit="seat-month",
            family="software",
            standard_cost=money("8.00", "EUR"),
        ),
    )
    return Catalog.of(products=products, bundles=(make_bundle(),))
