"""Bundles: every command, bad input, and their components."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pcf_sales.catalog import BUNDLE_LIFECYCLE, Bundle, BundleComponent, ProductStatus
from pcf_sales.core import BundleId, ProductId, UserId
from pcf_sales.errors import InvalidTransition, ValidationError
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import FIXED_INSTANT, make_bundle, make_bundle_component

BY = UserId("pm-1")
LATER = FIXED_INSTANT.add(days=1)


def test_a_defined_bundle_is_a_draft_holding_its_components() -> None:
    bundle = make_bundle(ProductStatus.DRAFT)
    assert bundle.status is ProductStatus.DRAFT
    assert bundle.quantity_of(ProductId("P-1")) == Decimal(2)
    assert bundle.quantity_of(ProductId("P-9")) == Decimal(0)


def test_a_bundle_is_activated_retired_and_reinstated() -> None:
    bundle = make_bundle(ProductStatus.DRAFT).activate(at=LATER, by=BY)
    assert bundle.is_sellable
    retired = bundle.retire(at=LATER, by=BY, reason="end of promotion")
    assert retired.status is ProductStatus.RETIRED
    back = retired.reinstate(at=LATER.add(hours=1), by=BY, reason="popular")
    assert back.status is ProductStatus.ACTIVE
    assert back.revision == 4


def test_components_change_only_while_draft() -> None:
    components = [make_bundle_component("P-3", 4)]
    draft = make_bundle(ProductStatus.DRAFT).set_components(components, at=LATER, by=BY)
    assert draft.components == tuple(components)
    with pytest.raises(InvalidTransition):
        make_bundle().set_components(components, at=LATER, by=BY)


def test_details_and_sku_change_like_a_products() -> None:
    bundle = make_bundle(ProductStatus.DRAFT).update_details(
        name="Starter kit XL", family="kits", description=None, at=LATER, by=BY
    )
    assert bundle.name == "Starter kit XL"
    assert bundle.change_sku("KIT-XL", at=LATER, by=BY).sku == "KIT-XL"


@pytest.mark.parametrize(
    ("components", "field"),
    [
        ([], "components"),
        ("P-1", "components"),
        ([ProductId("P-1")], "components[0]"),
        ([make_bundle_component("P-1"), make_bundle_component("P-1", 2)], "components[1]"),
    ],
)
def test_bad_components_name_the_field_and_change_nothing(components: object, field: str) -> None:
    bundle = make_bundle(ProductStatus.DRAFT)
    before = to_document(bundle)
    with pytest.raises(ValidationError) as error:
        bundle.set_components(components, at=LATER, by=BY)  # type: ignore[arg-type]
    assert error.value.field == field
    assert to_document(bundle) == before


def test_a_component_quantity_must_be_positive() -> None:
    with pytest.raises(ValidationError) as error:
        BundleComponent(product_id=ProductId("P-1"), quantity=0)
    assert error.value.field == "quantity"


def test_defining_a_bundle_without_components_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        Bundle.define(
            id=BundleId("B-2"), sku="KIT-2", name="Empty", components=[], at=FIXED_INSTANT, by=BY
        )
    assert error.value.field == "components"


def test_bad_details_name_the_field() -> None:
    bundle = make_bundle()
    with pytest.raises(ValidationError) as error:
        bundle.update_details(name="ok", family="BAD FAMILY", description=None, at=LATER, by=BY)
    assert error.value.field == "family"
    with pytest.raises(ValidationError) as error:
        make_bundle(ProductStatus.DRAFT).change_sku("", at=LATER, by=BY)
    assert error.value.field == "sku"


def test_a_bundle_round_trips_through_a_document() -> None:
    bundle = make_bundle()
    assert from_document(to_document(bundle)) == bundle


def test_the_bundle_lifecycle_allows_component_changes_only_in_draft() -> None:
    assert "set_components" in BUNDLE_LIFECYCLE.allowed(ProductStatus.DRAFT)
    assert "set_components" not in BUNDLE_LIFECYCLE.allowed(ProductStatus.ACTIVE)
