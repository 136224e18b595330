"""The catalog (the boundary with PCF 2.0): products, services, subscriptions and bundles.

A :class:`Product` is a good, service or subscription with a sku, a family, a
unit of measure and a standard cost per unit; a :class:`Bundle` sells several
products under one sku. Both move through draft → active → retired (and can
be reinstated). A :class:`Catalog` is the snapshot of both that pricing,
quotes and orders look skus up in.
"""

from __future__ import annotations

from pcf_sales.catalog._bundle import BUNDLE_LIFECYCLE, Bundle, BundleComponent
from pcf_sales.catalog._catalog import Catalog
from pcf_sales.catalog._product import PRODUCT_LIFECYCLE, Product, ProductKind, ProductStatus

__all__ = [
    "BUNDLE_LIFECYCLE",
    "PRODUCT_LIFECYCLE",
    "Bundle",
    "BundleComponent",
    "Catalog",
    "Product",
    "ProductKind",
    "ProductStatus",
]
