"""Strategies for the catalog: products and bundles walked through their commands, catalogs."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import pendulum
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.catalog import (
    Bundle,
    BundleComponent,
    Catalog,
    Product,
    ProductKind,
)
from pcf_sales.core import BundleId, ProductId, UserId
from pcf_sales.testing.strategies._core import (
    cached_strategy,
    identifiers,
    instants,
    money,
    product_ids,
    texts,
    user_ids,
)

__all__ = [
    "BUNDLE_STEPS",
    "PRODUCT_STEPS",
    "apply_bundle_step",
    "apply_product_step",
    "bundle_components",
    "bundle_ids",
    "bundles",
    "catalogs",
    "families",
    "products",
    "skus",
    "units",
]


@cached_strategy
def bundle_ids() -> st.SearchStrategy[BundleId]:
    """Bundle ids."""
    return identifiers().map(BundleId)


@cached_strategy
def skus() -> st.SearchStrategy[str]:
    """Skus such as ``SENS-100`` (shrinking towards ``A-0``)."""
    return st.from_regex(r"[A-Z]{1,4}-[0-9]{1,4}", fullmatch=True)


@cached_strategy
def families() -> st.SearchStrategy[str]:
    """Product family codes."""
    return st.sampled_from(("sensors", "software", "services", "kits")) | st.from_regex(
        r"[a-z][a-z0-9-]{0,11}", fullmatch=True
    )


@cached_strategy
def units() -> st.SearchStrategy[str]:
    """Units of measure."""
    return st.sampled_from(("each", "hour", "day", "kg", "seat-month"))


def _costs(currency: str | None = None) -> st.SearchStrategy[Money | None]:
    return st.none() | money(currency, max_amount=5000)


#: The commands the product strategy (and the stateful tests) may take, by name.
PRODUCT_STEPS: Final = (
    "activate",
    "retire",
    "reinstate",
    "update_details",
    "change_unit",
    "change_sku",
    "set_standard_cost",
)


def apply_product_step(
    draw: st.DrawFn, product: Product, step: str, at: pendulum.DateTime, by: UserId
) -> Product:
    """Run command ``step`` on ``product`` with drawn arguments, if its status allows it."""
    if step not in product.allowed_commands():
        return product
    if step == "activate":
        return product.activate(at=at, by=by)
    if step == "retire":
        return product.retire(at=at, by=by, reason=draw(st.none() | texts(max_size=30)))
    if step == "reinstate":
        return product.reinstate(at=at, by=by, reason=draw(texts(max_size=30)))
    if step == "update_details":
        return product.update_details(
            name=draw(texts(max_size=30)),
            family=draw(st.none() | families()),
            description=draw(st.none() | texts(max_size=40)),
            at=at,
            by=by,
        )
    if step == "change_unit":
        return product.change_unit(draw(units()), at=at, by=by)
    if step == "change_sku":
        return product.change_sku(draw(skus()), at=at, by=by)
    return product.set_standard_cost(draw(_costs()), at=at, by=by)


@cached_strategy
@st.composite
def products(
    draw: st.DrawFn,
    *,
    max_steps: int = 5,
    sku: str | None = None,
    product_id: ProductId | None = None,
    active: bool = False,
    cost_currency: str | None = None,
) -> Product:
    """Products defined with drawn data, walked through up to ``max_steps`` commands.

    ``active`` activates the product at the end (when its status allows);
    ``sku`` and ``product_id`` fix them (no ``change_sku`` step is taken).
    Shrinks towards a new draft product.
    """
    at = draw(instants())
    product = Product.define(
        id=draw(product_ids()) if product_id is None else product_id,
        sku=draw(skus()) if sku is None else sku,
        name=draw(texts(max_size=30)),
        kind=draw(st.sampled_from(ProductKind)),
        unit=draw(units()),
        family=draw(st.none() | families()),
        standard_cost=draw(_costs(cost_currency)),
        at=at,
        by=draw(user_ids()),
    )
    steps = [s for s in PRODUCT_STEPS if not (sku is not None and s == "change_sku")]
    if cost_currency is not None:
        steps.remove("set_standard_cost")
    for step in draw(st.lists(st.sampled_from(steps), max_size=max_steps)):
        at = at.add(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 30)))
        product = apply_product_step(draw, product, step, at, draw(user_ids()))
    if active:
        at = at.add(minutes=1)
        if "activate" in product.allowed_commands():
            product = product.activate(at=at, by=UserId("catalog"))
        elif "reinstate" in product.allowed_commands():
            product = product.reinstate(at=at, by=UserId("catalog"), reason="back on sale")
    return product


def bundle_components(
    product_ids_: st.SearchStrategy[ProductId] | None = None,
) -> st.SearchStrategy[BundleComponent]:
    """Components of drawn (or given) products, 1 to 5 of each."""
    return st.builds(
        BundleComponent,
        product_id=product_ids() if product_ids_ is None else product_ids_,
        quantity=st.integers(min_value=1, max_value=5).map(Decimal),
    )


#: The commands the bundle strategy (and the stateful tests) may take, by name.
BUNDLE_STEPS: Final = (
    "activate",
    "retire",
    "reinstate",
    "set_components",
    "update_details",
    "change_sku",
)


def _component_lists(ids: list[ProductId] | None) -> st.SearchStrategy[list[BundleComponent]]:
    chosen = None if ids is None else st.sampled_from(ids)
    return st.lists(
        bundle_components(chosen), min_size=1, max_size=3, unique_by=lambda c: c.product_id
    )


def apply_bundle_step(
    draw: st.DrawFn,
    bundle: Bundle,
    step: str,
    at: pendulum.DateTime,
    by: UserId,
    component_ids: list[ProductId] | None = None,
) -> Bundle:
    """Run command ``step`` on ``bundle`` with drawn arguments, if its status allows it."""
    if step not in bundle.allowed_commands():
        return bundle
    if step == "activate":
        return bundle.activate(at=at, by=by)
    if step == "retire":
        return bundle.retire(at=at, by=by)
    if step == "reinstate":
        return bundle.reinstate(at=at, by=by, reason=draw(texts(max_size=30)))
    if step == "set_components":
        return bundle.set_components(draw(_component_lists(component_ids)), at=at, by=by)
    if step == "update_details":
        return bundle.update_details(
            name=draw(texts(max_size=30)),
            family=draw(st.none() | families()),
            description=draw(st.none() | texts(max_size=40)),
            at=at,
            by=by,
        )
    return bundle.change_sku(draw(skus()), at=at, by=by)


@st.composite
def bundles(
    draw: st.DrawFn,
    *,
    max_steps: int = 4,
    component_ids: list[ProductId] | None = None,
    sku: str | None = None,
    bundle_id: BundleId | None = None,
    active: bool = False,
) -> Bundle:
    """Bundles of drawn (or the given) products, walked through up to ``max_steps`` commands."""
    at = draw(instants())
    bundle = Bundle.define(
        id=draw(bundle_ids()) if bundle_id is None else bundle_id,
        sku=draw(skus()) if sku is None else sku,
        name=draw(texts(max_size=30)),
        components=draw(_component_lists(component_ids)),
        family=draw(st.none() | families()),
        at=at,
        by=draw(user_ids()),
    )
    steps = [s for s in BUNDLE_STEPS if not (sku is not None and s == "change_sku")]
    for step in draw(st.lists(st.sampled_from(steps), max_size=max_steps)):
        at = at.add(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 30)))
        bundle = apply_bundle_step(draw, bundle, step, at, draw(user_ids()), component_ids)
    if active:
        at = at.add(minutes=1)
        if "activate" in bundle.allowed_commands():
            bundle = bundle.activate(at=at, by=UserId("catalog"))
        elif "reinstate" in bundle.allowed_commands():
            bundle = bundle.reinstate(at=at, by=UserId("catalog"), reason="back on sale")
    return bundle


@cached_strategy
@st.composite
def catalogs(
    draw: st.DrawFn,
    *,
    min_products: int = 0,
    max_products: int = 4,
    max_bundles: int = 2,
    active: bool = False,
    cost_currency: str | None = None,
) -> Catalog:
    """Catalogs of products with distinct ids and skus, and bundles of them.

    ``active`` makes every product and bundle active; ``cost_currency``
    gives every product a cost in that currency (or none).
    """
    count = draw(st.integers(min_value=min_products, max_value=max_products))
    codes = draw(
        st.lists(skus(), min_size=count + max_bundles, max_size=count + max_bundles, unique=True)
    )
    made = [
        draw(
            products(
                sku=codes[i],
                product_id=ProductId(f"P-{i + 1}"),
                active=active,
                cost_currency=cost_currency,
                max_steps=2,
            )
        )
        for i in range(count)
    ]
    kits: list[Bundle] = []
    if made:
        ids = [p.id for p in made]
        for index in range(draw(st.integers(min_value=0, max_value=max_bundles))):
            kits.append(
                draw(
                    bundles(
                        component_ids=ids,
                        sku=codes[count + index],
                        bundle_id=BundleId(f"B-{index + 1}"),
                        active=active,
                        max_steps=2,
                    )
                )
            )
    return Catalog.of(products=made, bundles=kits)
