"""Stateful tests: random command sequences keep products and bundles legal."""

from __future__ import annotations

from typing import cast

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pcf_sales.catalog import BUNDLE_LIFECYCLE, PRODUCT_LIFECYCLE, Bundle, Product
from pcf_sales.core import ProductId, UserId
from pcf_sales.errors import InvalidTransition
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.strategies import (
    BUNDLE_STEPS,
    PRODUCT_STEPS,
    apply_bundle_step,
    apply_product_step,
    bundles,
    products,
)


class ProductMachine(RuleBasedStateMachine):
    """Drives one product through random commands and checks it after each."""

    def __init__(self) -> None:
        super().__init__()
        self.product: Product | None = None
        self.revisions: list[int] = []

    @initialize(product=products(max_steps=0))
    def define(self, product: Product) -> None:
        self.product = product
        self.revisions = [product.revision]

    @rule(step=st.sampled_from(PRODUCT_STEPS), minutes=st.integers(0, 10_000), data=st.data())
    def command(self, step: str, minutes: int, data: st.DataObject) -> None:
        assert self.product is not None
        before = self.product
        at = before.history[-1].at.add(minutes=minutes)
        after = apply_product_step(cast("st.DrawFn", data.draw), before, step, at, UserId("u-1"))
        if step in before.allowed_commands():
            assert after.revision == before.revision + 1
            assert after.history[-1].command == step
        else:
            assert after is before
            with pytest.raises(InvalidTransition) as error:
                PRODUCT_LIFECYCLE.apply(before, step, at=at, by=UserId("u-1"))
            assert error.value.state == before.status.value
        self.product = after
        self.revisions.append(after.revision)

    @invariant()
    def history_is_a_legal_path(self) -> None:
        if self.product is not None:
            PRODUCT_LIFECYCLE.check_history(self.product)
            assert self.product.revision == len(self.product.history)

    @invariant()
    def revision_only_grows(self) -> None:
        assert self.revisions == sorted(self.revisions)

    @invariant()
    def it_round_trips(self) -> None:
        if self.product is not None:
            assert from_document(to_document(self.product)) == self.product


class BundleMachine(RuleBasedStateMachine):
    """Drives one bundle through random commands and checks it after each."""

    def __init__(self) -> None:
        super().__init__()
        self.current: Bundle | None = None

    @initialize(bundle=bundles(max_steps=0, component_ids=[ProductId("P-1"), ProductId("P-2")]))
    def define(self, bundle: Bundle) -> None:
        self.current = bundle

    @rule(step=st.sampled_from(BUNDLE_STEPS), minutes=st.integers(0, 10_000), data=st.data())
    def command(self, step: str, minutes: int, data: st.DataObject) -> None:
        assert self.current is not None
        before = self.current
        at = before.history[-1].at.add(minutes=minutes)
        after = apply_bundle_step(
            cast("st.DrawFn", data.draw),
            before,
            step,
            at,
            UserId("u-1"),
            [ProductId("P-1"), ProductId("P-2")],
        )
        if step in before.allowed_commands():
            assert after.revision == before.revision + 1
        else:
            assert after is before
        self.current = after

    @invariant()
    def history_is_a_legal_path(self) -> None:
        if self.current is not None:
            BUNDLE_LIFECYCLE.check_history(self.current)
            assert self.current.components

    @invariant()
    def it_round_trips(self) -> None:
        if self.current is not None:
            assert from_document(to_document(self.current)) == self.current


TestProductLifecycle = ProductMachine.TestCase
TestBundleLifecycle = BundleMachine.TestCase
