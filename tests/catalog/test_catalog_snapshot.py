"""The catalog snapshot: lookups, uniqueness, bundle costs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from moneyed import Money

from pcf_sales.catalog import Catalog, ProductStatus
from pcf_sales.core import BundleId, ProductId, UserId, money
from pcf_sales.errors import ValidationError
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_bundle,
    make_bundle_component,
    make_catalog,
    make_product,
)


def test_items_are_found_by_sku_and_id() -> None:
    catalog = make_catalog()
    assert catalog.product("CAL-KIT").id == "P-2"
    assert catalog.bundle("KIT-START").id == "B-1"
    assert catalog.product_by_id(ProductId("P-3")).sku == "SVC-INSTALL"
    assert catalog.item("NOPE") is None
    assert catalog.family_of("SUB-CLOUD") == "software"
    assert catalog.family_of("NOPE") is None
    assert catalog.skus() == ("CAL-KIT", "KIT-START", "SENS-100", "SUB-CLOUD", "SVC-INSTALL")


@pytest.mark.parametrize(
    ("lookup", "field"),
    [
        (lambda c: c.product("KIT-START"), "sku"),
        (lambda c: c.bundle("SENS-100"), "sku"),
        (lambda c: c.product_by_id(ProductId("P-99")), "product_id"),
        (lambda c: c.unit_cost("NOPE"), "sku"),
    ],
)
def test_failed_lookups_name_what_was_missing(lookup: object, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        lookup(make_catalog())  # type: ignore[operator]
    assert error.value.field == field


def test_a_bundles_cost_is_its_components_costs_times_quantities() -> None:
    assert make_catalog().unit_cost("KIT-START") == money("250.00", "EUR")


def test_a_bundle_has_no_cost_when_a_component_has_none() -> None:
    catalog = Catalog.of(
        products=[make_product(), make_product(id=ProductId("P-2"), sku="X-1", standard_cost=None)],
        bundles=[make_bundle()],
    )
    assert catalog.unit_cost("KIT-START") is None


def test_a_bundle_has_no_cost_when_component_costs_are_in_different_currencies() -> None:
    catalog = Catalog.of(
        products=[
            make_product(),
            make_product(id=ProductId("P-2"), sku="X-1", standard_cost=Money("1.00", "USD")),
        ],
        bundles=[make_bundle()],
    )
    assert catalog.unit_cost("KIT-START") is None


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Catalog.of(products=[make_product(), make_product()]), "products[1].id"),
        (
            lambda: Catalog.of(products=[make_product(), make_product(id=ProductId("P-2"))]),
            "products[1].sku",
        ),
        (
            lambda: Catalog.of(products=[make_product()], bundles=[make_bundle()]),
            "bundles[0].components[1].product_id",
        ),
        (
            lambda: Catalog.of(
                products=[make_product(), make_product(id=ProductId("P-2"), sku="X-1")],
                bundles=[make_bundle(), make_bundle(sku="KIT-2")],
            ),
            "bundles[1].id",
        ),
        (
            lambda: Catalog.of(
                products=[make_product(), make_product(id=ProductId("P-2"), sku="X-1")],
                bundles=[make_bundle(sku="SENS-100")],
            ),
            "bundles[0].sku",
        ),
    ],
)
def test_an_inconsistent_catalog_is_refused(build: object, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        build()  # type: ignore[operator]
    assert error.value.field == field


def test_a_new_snapshot_replaces_an_item_by_id() -> None:
    catalog = make_catalog()
    retired = catalog.product("SENS-100").retire(at=FIXED_INSTANT.add(days=1), by=UserId("pm"))
    updated = catalog.with_product(retired)
    assert updated.product("SENS-100").status is ProductStatus.RETIRED
    assert catalog.product("SENS-100").status is ProductStatus.ACTIVE
    bigger = make_bundle(
        id=BundleId("B-2"), sku="KIT-BIG", components=[make_bundle_component("P-1", 10)]
    )
    assert updated.with_bundle(bigger).bundle("KIT-BIG").components[0].quantity == Decimal(10)
    with pytest.raises(ValidationError):
        catalog.with_product("SENS-100")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        catalog.with_bundle("KIT")  # type: ignore[arg-type]


def test_equal_contents_make_equal_catalogs_whatever_the_order() -> None:
    first = make_product()
    second = make_product(id=ProductId("P-2"), sku="CAL-KIT")
    assert Catalog.of(products=[first, second]) == Catalog.of(products=[second, first])


def test_a_catalog_round_trips_through_a_document() -> None:
    catalog = make_catalog()
    assert from_document(to_document(catalog)) == catalog
