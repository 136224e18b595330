"""Stateful test: random command sequences keep a price book legal."""

from __future__ import annotations

from typing import cast

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pcf_sales.core import UserId
from pcf_sales.pricing import PRICE_BOOK_LIFECYCLE, PriceBook, PriceBookStatus
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.strategies import PRICE_BOOK_STEPS, apply_price_book_step, price_books


class PriceBookMachine(RuleBasedStateMachine):
    """Drives one price book through random commands and checks it after each."""

    def __init__(self) -> None:
        super().__init__()
        self.book: PriceBook | None = None
        self.approved_once = False

    @initialize(book=price_books(max_steps=0))
    def draft(self, book: PriceBook) -> None:
        self.book = book

    @rule(step=st.sampled_from(PRICE_BOOK_STEPS), minutes=st.integers(0, 20_000), data=st.data())
    def command(self, step: str, minutes: int, data: st.DataObject) -> None:
        assert self.book is not None
        before = self.book
        at = before.history[-1].at.add(minutes=minutes)
        after = apply_price_book_step(cast("st.DrawFn", data.draw), before, step, at, UserId("u-1"))
        if after is not before:
            assert after.revision == before.revision + 1
            assert after.history[-1].command == step
            assert step in before.allowed_commands()
        if before.status is PriceBookStatus.ACTIVE and after.status is PriceBookStatus.ACTIVE:
            today = at.date()
            old = {
                (e.sku, e.effective_from): e for e in before.entries if e.effective_from <= today
            }
            new = {(e.sku, e.effective_from): e for e in after.entries if e.effective_from <= today}
            assert old == new, "an active book never changes a price already in force"
        self.book = after

    @invariant()
    def history_is_a_legal_path(self) -> None:
        if self.book is not None:
            PRICE_BOOK_LIFECYCLE.check_history(self.book)
            assert self.book.revision == len(self.book.history)

    @invariant()
    def a_regulated_book_past_approval_was_approved_by_a_regulator(self) -> None:
        book = self.book
        if book is None or not book.requires_regulatory_approval:
            return
        if book.status in (PriceBookStatus.APPROVED, PriceBookStatus.ACTIVE):
            assert any(e.command == "approve" for e in book.history)
            assert book.regulatory_approval is not None

    @invariant()
    def it_round_trips(self) -> None:
        if self.book is not None:
            assert from_document(to_document(self.book)) == self.book


TestPriceBookLifecycle = PriceBookMachine.TestCase
