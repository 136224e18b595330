"""Price books: every command, approvals, scheduled changes and notices, bad input."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from moneyed import Money

from pcf_sales.core import PriceBookId, UserId, money
from pcf_sales.errors import CurrencyMismatch, GuardFailed, InvalidTransition, ValidationError
from pcf_sales.pricing import (
    DEFAULT_STEPS,
    PRICE_BOOK_LIFECYCLE,
    PriceBook,
    PriceBookStatus,
    PriceChange,
    PriceChangeNotice,
    PriceEntry,
    PricingStep,
    RoundingLevel,
    RoundingPolicy,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_price_book,
    make_regulatory_approval,
    make_tier_table,
)

BY = UserId("pricing-1")
NOW = FIXED_INSTANT


def test_a_drafted_book_holds_its_prices_in_canonical_order() -> None:
    book = make_price_book(PriceBookStatus.DRAFT)
    assert book.status is PriceBookStatus.DRAFT
    assert book.skus() == ("CAL-KIT", "SENS-100", "SUB-CLOUD", "SVC-INSTALL")
    assert book.steps == DEFAULT_STEPS
    assert book.rounding == RoundingPolicy()


def test_the_book_goes_from_draft_to_active_through_approval() -> None:
    book = make_price_book(PriceBookStatus.DRAFT)
    book = book.submit(at=NOW, by=BY).approve(at=NOW, by=UserId("cfo")).activate(at=NOW, by=BY)
    assert book.status is PriceBookStatus.ACTIVE
    assert [e.event for e in book.history] == ["drafted", "submitted", "approved", "activated"]


def test_a_submitted_book_can_be_withdrawn_or_rejected_back_to_draft() -> None:
    submitted = make_price_book(PriceBookStatus.SUBMITTED)
    assert submitted.withdraw(at=NOW, by=BY).status is PriceBookStatus.DRAFT
    rejected = submitted.reject(at=NOW, by=UserId("cfo"), reason="margins too thin")
    assert rejected.status is PriceBookStatus.DRAFT
    assert rejected.history[-1].reason == "margins too thin"
    with pytest.raises(ValidationError) as error:
        submitted.reject(at=NOW, by=BY, reason="")
    assert error.value.field == "reason"


def test_an_approved_book_can_be_revised_before_it_is_active() -> None:
    approved = make_price_book(PriceBookStatus.APPROVED)
    assert approved.revise(at=NOW, by=BY, reason="late change").status is PriceBookStatus.DRAFT
    with pytest.raises(InvalidTransition):
        make_price_book().revise(at=NOW, by=BY, reason="too late")


def test_a_book_without_prices_cannot_be_submitted() -> None:
    empty = make_price_book(PriceBookStatus.DRAFT, entries=())
    with pytest.raises(GuardFailed) as error:
        empty.submit(at=NOW, by=BY)
    assert error.value.failures == (("has prices", "the price book has no prices"),)
    assert not error.value.overridable


def test_a_regulated_book_needs_a_regulatory_approval_to_be_approved() -> None:
    book = make_price_book(PriceBookStatus.DRAFT, requires_regulatory_approval=True)
    submitted = book.submit(at=NOW, by=BY)
    with pytest.raises(GuardFailed) as error:
        submitted.approve(at=NOW, by=BY)
    assert error.value.failures[0][0] == "regulatory approval recorded"
    approval = make_regulatory_approval()
    approved = submitted.approve(at=NOW, by=BY, regulatory_approval=approval)
    assert approved.regulatory_approval == approval


def test_a_regulatory_approval_recorded_earlier_is_cleared_by_a_later_price_change() -> None:
    book = make_price_book(PriceBookStatus.DRAFT, requires_regulatory_approval=True)
    recorded = book.record_regulatory_approval(make_regulatory_approval(), at=NOW, by=BY)
    assert recorded.submit(at=NOW, by=BY).approve(at=NOW, by=BY).status is PriceBookStatus.APPROVED
    changed = recorded.set_price("SENS-100", money("260.00", "EUR"), at=NOW, by=BY)
    assert changed.regulatory_approval is None
    with pytest.raises(GuardFailed):
        changed.submit(at=NOW, by=BY).approve(at=NOW, by=BY)


def test_setting_a_price_replaces_the_entry_of_that_date() -> None:
    book = make_price_book(PriceBookStatus.DRAFT).set_price(
        "SENS-100", money("255.00", "EUR"), at=NOW, by=BY
    )
    assert book.entries_for("SENS-100") == (
        PriceEntry(
            sku="SENS-100", unit_price=money("255.00", "EUR"), effective_from=book.valid_from
        ),
    )


def test_a_price_can_carry_a_tier_table() -> None:
    book = make_price_book(PriceBookStatus.DRAFT).set_price(
        "SENS-100", money("250.00", "EUR"), tiers=make_tier_table(), at=NOW, by=BY
    )
    entry = book.entry_in_force("SENS-100", on=pendulum.Date(2026, 3, 1))
    assert entry is not None
    assert entry.tiers == make_tier_table()


def test_removing_a_price_removes_every_entry_of_the_sku() -> None:
    book = make_price_book(PriceBookStatus.DRAFT).schedule_price_change(
        "SENS-100", money("270.00", "EUR"), effective_on=pendulum.Date(2026, 6, 1), at=NOW, by=BY
    )
    removed = book.remove_price("SENS-100", at=NOW, by=BY)
    assert "SENS-100" not in removed.skus()
    with pytest.raises(ValidationError) as error:
        removed.remove_price("SENS-100", at=NOW, by=BY)
    assert error.value.field == "sku"


def test_the_price_in_force_is_the_latest_entry_on_or_before_the_day() -> None:
    book = make_price_book(PriceBookStatus.DRAFT, valid_until=pendulum.Date(2026, 12, 31))
    book = book.schedule_price_change(
        "SENS-100", money("265.00", "EUR"), effective_on=pendulum.Date(2026, 7, 1), at=NOW, by=BY
    )
    assert book.entry_in_force("SENS-100", on=pendulum.Date(2026, 6, 30)).unit_price == money(  # type: ignore[union-attr]
        "250.00", "EUR"
    )
    assert book.entry_in_force("SENS-100", on=pendulum.Date(2026, 7, 1)).unit_price == money(  # type: ignore[union-attr]
        "265.00", "EUR"
    )
    assert book.entry_in_force("SENS-100", on=pendulum.Date(2025, 12, 31)) is None
    assert book.entry_in_force("SENS-100", on=pendulum.Date(2027, 1, 1)) is None
    assert book.entry_in_force("NOPE", on=pendulum.Date(2026, 7, 1)) is None
    assert book.change_dates() == (pendulum.Date(2026, 7, 1),)
    assert book.change_dates(after=pendulum.Date(2026, 7, 1)) == ()


def test_an_active_book_changes_prices_only_by_scheduling_them_ahead() -> None:
    book = make_price_book()
    with pytest.raises(InvalidTransition):
        book.set_price("SENS-100", money("1.00", "EUR"), at=NOW, by=BY)
    with pytest.raises(ValidationError) as error:
        book.schedule_price_change(
            "SENS-100", money("260.00", "EUR"), effective_on=NOW.date(), at=NOW, by=BY
        )
    assert error.value.field == "effective_on"
    later = book.schedule_price_change(
        "SENS-100", money("260.00", "EUR"), effective_on=NOW.date().add(days=30), at=NOW, by=BY
    )
    assert later.status is PriceBookStatus.ACTIVE
    assert later.change_dates() == (NOW.date().add(days=30),)


def test_an_active_book_can_be_given_an_end_or_extended_from_today_on() -> None:
    book = make_price_book()
    today = NOW.date()
    ended = book.change_validity(
        valid_from=book.valid_from, valid_until=today.add(days=30), at=NOW, by=BY
    )
    assert ended.status is PriceBookStatus.ACTIVE
    assert ended.valid_until == today.add(days=30)
    assert ended.entries == book.entries
    assert ended.history[-1].command == "change_validity"
    assert not ended.is_in_force(today.add(days=31))
    extended = ended.change_validity(
        valid_from=book.valid_from, valid_until=None, at=NOW.add(days=1), by=BY
    )
    assert extended.valid_until is None
    assert ended.change_validity(
        valid_from=book.valid_from, valid_until=today, at=NOW, by=BY
    ).is_in_force(today)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"valid_until": NOW.date().subtract(days=1)}, "valid_until"),
        ({"valid_until": pendulum.Date(2025, 12, 1)}, "valid_until"),
        ({"valid_from": pendulum.Date(2026, 2, 1)}, "valid_from"),
    ],
)
def test_an_active_books_end_never_moves_into_the_past_nor_its_start(
    changes: dict[str, pendulum.Date], field: str
) -> None:
    book = make_price_book()
    arguments: dict[str, pendulum.Date | None] = {
        "valid_from": book.valid_from,
        "valid_until": None,
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        book.change_validity(**arguments, at=NOW, by=BY)  # type: ignore[arg-type]
    assert error.value.field == field
    assert book == make_price_book()


def test_an_active_book_cannot_end_before_a_scheduled_change() -> None:
    day = NOW.date().add(days=30)
    book = make_price_book().schedule_price_change(
        "SENS-100", money("260.00", "EUR"), effective_on=day, at=NOW, by=BY
    )
    with pytest.raises(ValidationError) as error:
        book.change_validity(
            valid_from=book.valid_from, valid_until=day.subtract(days=1), at=NOW, by=BY
        )
    assert error.value.field.endswith(".effective_from")


def test_a_regulated_active_book_needs_approval_for_each_change_and_keeps_it() -> None:
    book = make_price_book(requires_regulatory_approval=True)
    day = NOW.date().add(days=30)
    with pytest.raises(ValidationError) as error:
        book.schedule_price_change(
            "SENS-100", money("260.00", "EUR"), effective_on=day, at=NOW, by=BY
        )
    assert error.value.field == "regulatory_approval"
    approval = make_regulatory_approval(reference="REG-2026-044")
    changed = book.schedule_price_change(
        "SENS-100",
        money("260.00", "EUR"),
        effective_on=day,
        at=NOW,
        by=BY,
        regulatory_approval=approval,
    )
    notice = changed.price_change_notice(day)
    assert notice.changes[0].regulatory_reference == "REG-2026-044"


def test_a_price_change_notice_lists_old_and_new_prices_and_the_change() -> None:
    day = pendulum.Date(2026, 7, 1)
    book = make_price_book(PriceBookStatus.DRAFT)
    book = book.schedule_price_change(
        "SENS-100", money("265.00", "EUR"), effective_on=day, at=NOW, by=BY
    )
    book = book.schedule_price_change(
        "CAL-KIT", money("27.00", "EUR"), effective_on=day, at=NOW, by=BY
    )
    book = book.schedule_price_change(
        "NEW-1", money("9.99", "EUR"), effective_on=day, at=NOW, by=BY
    )
    notice = book.price_change_notice(day)
    by_sku = {c.sku: c for c in notice.changes}
    assert by_sku["SENS-100"].change_percent == Decimal(6)
    assert by_sku["SENS-100"].change_amount == money("15.00", "EUR")
    assert by_sku["CAL-KIT"].change_percent == Decimal(-10)
    assert by_sku["NEW-1"].old_price is None
    assert by_sku["NEW-1"].change_percent is None
    text = notice.describe()
    assert "SENS-100: 250.00 -> 265.00 (+6.00 %)" in text
    assert "CAL-KIT: 30.00 -> 27.00 (-10.00 %)" in text
    assert "NEW-1: new at 9.99" in text
    assert book.price_change_notice(pendulum.Date(2026, 8, 1)).describe().endswith("none")


def test_a_change_from_zero_has_no_percentage() -> None:
    change = PriceChange(sku="X-1", old_price=money("0.00", "EUR"), new_price=money("1.00", "EUR"))
    assert change.change_percent is None
    assert change.describe() == "X-1: 0.00 -> 1.00 (n/a)"


def test_a_derived_change_percent_is_exact_not_rounded() -> None:
    change = PriceChange(sku="X-1", old_price=money("3.00", "EUR"), new_price=money("4.00", "EUR"))
    assert change.change_percent == Decimal("33.33333333333333333333333333333333")


def test_a_price_change_in_two_currencies_is_refused() -> None:
    with pytest.raises(CurrencyMismatch) as error:
        PriceChange(sku="X-1", old_price=money("1.00", "EUR"), new_price=money("2.00", "USD"))
    assert error.value.field == "old_price"


def test_a_new_listing_has_no_tiers_that_changed() -> None:
    with pytest.raises(ValidationError) as error:
        PriceChange(sku="X-1", old_price=None, new_price=money("2.00", "EUR"), tiers_changed=True)
    assert error.value.field == "tiers_changed"


def test_a_notice_refuses_a_change_in_another_currency() -> None:
    change = PriceChange(sku="X-1", old_price=None, new_price=money("2.00", "USD"))
    with pytest.raises(CurrencyMismatch) as error:
        PriceChangeNotice(
            price_book_id=PriceBookId("PB-1"),
            price_book_name="Europe",
            currency="EUR",
            effective_on=pendulum.Date(2026, 7, 1),
            changes=[change],
        )
    assert error.value.field == "changes[0].new_price"


def test_a_change_of_tier_prices_alone_says_the_tiers_change() -> None:
    day = pendulum.Date(2026, 7, 1)
    book = make_price_book(PriceBookStatus.DRAFT).schedule_price_change(
        "SENS-100",
        money("250.00", "EUR"),
        effective_on=day,
        at=NOW,
        by=BY,
        tiers=make_tier_table(),
    )
    change = book.price_change_notice(day).changes[0]
    assert change.tiers_changed
    assert change.describe() == "SENS-100: 250.00 -> 250.00 (+0.00 %), tier prices change"
    plain = PriceChange(sku="X-1", old_price=money("3.00", "EUR"), new_price=money("3.00", "EUR"))
    assert not plain.tiers_changed
    assert plain.describe() == "X-1: 3.00 -> 3.00 (+0.00 %)"


def test_a_scheduled_change_can_be_cancelled_until_it_takes_effect() -> None:
    day = NOW.date().add(days=10)
    book = make_price_book().schedule_price_change(
        "SENS-100", money("260.00", "EUR"), effective_on=day, at=NOW, by=BY
    )
    assert (
        book.cancel_price_change("SENS-100", effective_on=day, at=NOW, by=BY).change_dates() == ()
    )
    with pytest.raises(ValidationError) as error:
        book.cancel_price_change("SENS-100", effective_on=day, at=NOW.add(days=10), by=BY)
    assert error.value.field == "effective_on"
    with pytest.raises(ValidationError):
        book.cancel_price_change("CAL-KIT", effective_on=day, at=NOW, by=BY)


def test_settings_change_while_draft() -> None:
    book = make_price_book(PriceBookStatus.DRAFT)
    rounding = RoundingPolicy(level=RoundingLevel.LINE)
    steps: list[PricingStep] = [s for s in DEFAULT_STEPS if s is not PricingStep.ROUNDING]
    steps.insert(0, PricingStep.ROUNDING)
    book = book.set_rounding(rounding, at=NOW, by=BY).set_steps(steps, at=NOW, by=BY)
    book = book.change_validity(
        valid_from=pendulum.Date(2026, 2, 1), valid_until=pendulum.Date(2026, 12, 31), at=NOW, by=BY
    )
    book = book.set_regulatory_requirement(True, at=NOW, by=BY)
    book = book.update_details(name="Europe 2026 (rev)", description="Q2 update", at=NOW, by=BY)
    assert book.rounding == rounding
    assert book.steps[0] is PricingStep.ROUNDING
    assert (book.valid_from, book.valid_until) == (
        pendulum.Date(2026, 2, 1),
        pendulum.Date(2026, 12, 31),
    )
    assert book.requires_regulatory_approval
    assert book.name == "Europe 2026 (rev)"
    assert not book.is_in_force(pendulum.Date(2026, 1, 31))


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (lambda b: b.set_price("bad sku", money("1", "EUR"), at=NOW, by=BY), "sku"),
        (lambda b: b.set_price("X-1", Decimal(1), at=NOW, by=BY), "unit_price"),
        (lambda b: b.set_price("X-1", money("-1", "EUR"), at=NOW, by=BY), "unit_price"),
        (lambda b: b.set_price("X-1", money("1", "EUR"), tiers="10", at=NOW, by=BY), "tiers"),
        (
            lambda b: b.set_price(
                "X-1", money("1", "EUR"), effective_from="2026-01-01", at=NOW, by=BY
            ),
            "effective_from",
        ),
        (lambda b: b.set_rounding("line", at=NOW, by=BY), "rounding"),
        (lambda b: b.set_steps([PricingStep.ROUNDING], at=NOW, by=BY), "steps"),
        (lambda b: b.set_regulatory_requirement("yes", at=NOW, by=BY), "required"),
        (lambda b: b.update_details(name="", description=None, at=NOW, by=BY), "name"),
        (lambda b: b.update_details(name="x", description="\x00", at=NOW, by=BY), "description"),
        (lambda b: b.record_regulatory_approval("REG-1", at=NOW, by=BY), "approval"),
        (
            lambda b: b.change_validity(
                valid_from=pendulum.Date(2026, 5, 1),
                valid_until=pendulum.Date(2026, 4, 1),
                at=NOW,
                by=BY,
            ),
            "valid_until",
        ),
        (
            lambda b: b.change_validity(
                valid_from=pendulum.Date(2025, 5, 1),
                valid_until=pendulum.Date(2025, 12, 1),
                at=NOW,
                by=BY,
            ),
            "entries[0].effective_from",
        ),
        (
            lambda b: b.schedule_price_change(
                "SENS-100", money("1", "EUR"), effective_on=pendulum.Date(2026, 1, 1), at=NOW, by=BY
            ),
            "effective_on",
        ),
        (
            lambda b: b.schedule_price_change(
                "SENS-100",
                money("1", "EUR"),
                effective_on=pendulum.Date(2026, 9, 1),
                at=NOW,
                by=BY,
                regulatory_approval="REG",
            ),
            "regulatory_approval",
        ),
        (lambda b: b.approve(at=NOW, by=BY, regulatory_approval="REG"), "regulatory_approval"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(command: object, field: str) -> None:
    book = make_price_book(PriceBookStatus.DRAFT)
    before = to_document(book)
    with pytest.raises(ValidationError) as error:
        command(book)  # type: ignore[operator]
    assert error.value.field == field
    assert to_document(book) == before


def test_a_price_in_another_currency_is_a_currency_mismatch() -> None:
    book = make_price_book(PriceBookStatus.DRAFT)
    with pytest.raises(CurrencyMismatch) as error:
        book.set_price("X-1", Money("1.00", "USD"), at=NOW, by=BY)
    assert error.value.field == "unit_price"
    usd_tiers = make_tier_table()
    with pytest.raises(CurrencyMismatch):
        make_price_book(PriceBookStatus.DRAFT, currency="USD").set_price(
            "X-1", Money("1.00", "USD"), tiers=usd_tiers, at=NOW, by=BY
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"currency": "eur"}, "currency"),
        ({"currency": 978}, "currency"),
        ({"valid_until": pendulum.Date(2025, 1, 1)}, "valid_until"),
        (
            {
                "entries": [
                    PriceEntry(
                        sku="X-1",
                        unit_price=money("1", "EUR"),
                        effective_from=pendulum.Date(2027, 1, 1),
                    )
                ],
                "valid_until": pendulum.Date(2026, 12, 31),
            },
            "entries[0]",
        ),
        ({"entries": "SENS-100"}, "entries"),
        ({"entries": ["SENS-100"]}, "entries[0]"),
        ({"steps": [PricingStep.ROUNDING]}, "steps"),
    ],
)
def test_drafting_with_bad_data_names_the_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        make_price_book(PriceBookStatus.DRAFT, **overrides)
    assert error.value.field == field


def test_a_retired_book_accepts_no_command() -> None:
    book = make_price_book(PriceBookStatus.RETIRED)
    assert book.allowed_commands() == ()
    with pytest.raises(InvalidTransition):
        book.activate(at=NOW, by=BY)


def test_a_price_book_round_trips_through_a_document() -> None:
    book = make_price_book(requires_regulatory_approval=True).schedule_price_change(
        "SENS-100",
        money("265.00", "EUR"),
        tiers=make_tier_table(),
        effective_on=pendulum.Date(2026, 7, 1),
        at=NOW,
        by=BY,
        regulatory_approval=make_regulatory_approval(),
    )
    assert from_document(to_document(book)) == book


def test_entries_stored_out_of_order_are_refused_on_load() -> None:
    document = to_document(make_price_book())
    document["data"]["entries"].reverse()
    with pytest.raises(ValidationError) as error:
        from_document(document)
    assert error.value.field == "data.entries"


def test_the_lifecycle_table_marks_the_guarded_commands() -> None:
    diagram = PRICE_BOOK_LIFECYCLE.to_mermaid()
    assert "submitted --> approved: approve [guarded]" in diagram
    assert "active --> [*]" not in diagram
    assert "retired --> [*]" in diagram


def test_a_book_can_be_drafted_directly() -> None:
    book = PriceBook.draft(
        id=PriceBookId("PB-JP"),
        name="Japan",
        currency="JPY",
        valid_from=pendulum.Date(2026, 4, 1),
        at=NOW,
        by=BY,
    )
    assert book.entries == ()
    assert book.valid_until is None
