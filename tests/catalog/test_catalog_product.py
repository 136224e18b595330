"""Products: every command, bad input, and the lifecycle table."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from pcf_sales.catalog import PRODUCT_LIFECYCLE, Product, ProductKind, ProductStatus
from pcf_sales.core import ProductId, UserId, money
from pcf_sales.errors import InvalidTransition, ValidationError
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import FIXED_INSTANT, make_product

BY = UserId("pm-1")
LATER = FIXED_INSTANT.add(days=1)


def test_a_defined_product_is_a_draft_with_one_history_entry() -> None:
    product = make_product(ProductStatus.DRAFT)
    assert product.status is ProductStatus.DRAFT
    assert product.revision == 1
    assert product.history[0].event == "defined"
    assert not product.is_sellable


def test_defining_a_product_keeps_every_field() -> None:
    product = Product.define(
        id=ProductId("P-9"),
        sku=" SVC-TRAIN ",
        name="Training day",
        kind=ProductKind.SERVICE,
        unit="day",
        family="services",
        standard_cost=money("400.00", "EUR"),
        description="On site",
        at=FIXED_INSTANT,
        by=BY,
    )
    assert (product.sku, product.unit, product.family) == ("SVC-TRAIN", "day", "services")
    assert product.standard_cost == money("400.00", "EUR")
    assert product.history[0].changes == (
        "description",
        "family",
        "id",
        "kind",
        "name",
        "sku",
        "standard_cost",
        "unit",
    )


def test_activating_a_draft_puts_it_on_sale() -> None:
    product = make_product(ProductStatus.DRAFT).activate(at=LATER, by=BY)
    assert product.status is ProductStatus.ACTIVE
    assert product.is_sellable
    assert product.revision == 2


def test_retiring_an_active_product_withdraws_it_with_the_reason() -> None:
    product = make_product().retire(at=LATER, by=BY, reason="replaced by SENS-200")
    assert product.status is ProductStatus.RETIRED
    assert product.history[-1].reason == "replaced by SENS-200"


def test_a_draft_can_be_retired_without_ever_selling() -> None:
    assert make_product(ProductStatus.DRAFT).retire(at=LATER, by=BY).status is ProductStatus.RETIRED


def test_reinstating_a_retired_product_needs_a_reason() -> None:
    retired = make_product(ProductStatus.RETIRED)
    with pytest.raises(ValidationError) as error:
        retired.reinstate(at=LATER, by=BY, reason="  ")
    assert error.value.field == "reason"
    reinstated = retired.reinstate(at=LATER, by=BY, reason="customers asked for it")
    assert reinstated.status is ProductStatus.ACTIVE


def test_updating_details_replaces_name_family_and_description() -> None:
    product = make_product().update_details(
        name="Pressure sensor II", family=None, description="Second generation", at=LATER, by=BY
    )
    assert (product.name, product.family, product.description) == (
        "Pressure sensor II",
        None,
        "Second generation",
    )
    assert product.history[-1].changes == ("description", "family", "name")


def test_the_unit_changes_only_while_draft() -> None:
    draft = make_product(ProductStatus.DRAFT).change_unit("kg", at=LATER, by=BY)
    assert draft.unit == "kg"
    with pytest.raises(InvalidTransition) as error:
        make_product().change_unit("kg", at=LATER, by=BY)
    assert error.value.state == "active"


def test_the_sku_changes_only_while_draft() -> None:
    assert (
        make_product(ProductStatus.DRAFT).change_sku("SENS-101", at=LATER, by=BY).sku == "SENS-101"
    )
    with pytest.raises(InvalidTransition):
        make_product().change_sku("SENS-101", at=LATER, by=BY)


def test_the_standard_cost_can_be_set_and_cleared() -> None:
    product = make_product().set_standard_cost(money("99.50", "USD"), at=LATER, by=BY)
    assert product.standard_cost == money("99.50", "USD")
    assert product.set_standard_cost(None, at=LATER, by=BY).standard_cost is None


def test_an_active_product_cannot_be_activated_again() -> None:
    with pytest.raises(InvalidTransition) as error:
        make_product().activate(at=LATER, by=BY)
    assert error.value.command == "activate"
    assert "retire" in error.value.allowed


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (
            lambda p: p.update_details(name="", family=None, description=None, at=LATER, by=BY),
            "name",
        ),
        (
            lambda p: p.update_details(
                name="x", family="Not A Code", description=None, at=LATER, by=BY
            ),
            "family",
        ),
        (lambda p: p.change_unit("Each!", at=LATER, by=BY), "unit"),
        (lambda p: p.change_sku("has space", at=LATER, by=BY), "sku"),
        (lambda p: p.change_sku(7, at=LATER, by=BY), "sku"),
        (lambda p: p.set_standard_cost(money("-1.00", "EUR"), at=LATER, by=BY), "cost"),
        (lambda p: p.set_standard_cost(Decimal(5), at=LATER, by=BY), "cost"),
        (lambda p: p.activate(at=FIXED_INSTANT.subtract(days=1), by=BY), "at"),
        (lambda p: p.activate(at=LATER, by=UserId("")), "by"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(command: object, field: str) -> None:
    product = make_product(ProductStatus.DRAFT)
    before = to_document(product)
    with pytest.raises(ValidationError) as error:
        command(product)  # type: ignore[operator]
    assert error.value.field == field
    assert to_document(product) == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"sku": ""}, "sku"),
        ({"name": " "}, "name"),
        ({"unit": "EA"}, "unit"),
        ({"family": "Sensors"}, "family"),
        ({"standard_cost": money("-5.00", "EUR")}, "standard_cost"),
        ({"kind": "good"}, "kind"),
        ({"at": pendulum.naive(2026, 3, 2)}, "at"),
    ],
)
def test_defining_with_bad_data_names_the_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        make_product(ProductStatus.DRAFT, **overrides)
    assert error.value.field == field


def test_a_product_round_trips_through_a_document() -> None:
    product = make_product().set_standard_cost(money("1.00", "EUR"), at=LATER, by=BY)
    assert from_document(to_document(product)) == product


def test_a_stored_product_with_a_broken_history_is_refused() -> None:
    document = to_document(make_product())
    document["data"]["status"] = "retired"
    with pytest.raises(ValidationError) as error:
        from_document(document)
    assert error.value.field == "data.status"


def test_the_lifecycle_table_draws_as_a_diagram() -> None:
    diagram = PRODUCT_LIFECYCLE.to_mermaid()
    assert "draft --> active: activate" in diagram
    assert "retired --> active: reinstate" in diagram
    assert PRODUCT_LIFECYCLE.allowed(ProductStatus.RETIRED) == ("reinstate",)
