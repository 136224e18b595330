"""The price book aggregate (PCF 3.3.3.4, 3.3.3.9, 3.3.3.10): list prices, their schedule and
their approval, with price-change notices."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

import attrs
import pendulum
from moneyed import Money

from pcf_sales.catalog._codes import check_sku, to_code
from pcf_sales.core import (
    Guard,
    HistoryEntry,
    Lifecycle,
    PriceBookId,
    Transition,
    UserId,
)
from pcf_sales.core._money import check_money
from pcf_sales.core._validate import (
    check_date,
    check_instant,
    check_text,
    describe,
    fail,
    is_bool,
    is_date,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_optional_date,
    to_optional_text,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.pricing._price_entries import (
    PriceChange,
    PriceChangeNotice,
    PriceEntry,
    RegulatoryApproval,
    is_currency_code,
)
from pcf_sales.pricing._values import (
    DEFAULT_STEPS,
    PricingStep,
    RoundingPolicy,
    TierTable,
    check_steps,
)

__all__ = [
    "PRICE_BOOK_LIFECYCLE",
    "PriceBook",
    "PriceBookStatus",
]


class PriceBookStatus(Enum):
    """Where a price book is in its lifecycle."""

    DRAFT = "draft"
    """Being prepared: prices, rounding and the waterfall order can change."""
    SUBMITTED = "submitted"
    """Waiting for approval."""
    APPROVED = "approved"
    """Approved (with a regulatory approval where one is required), not yet published."""
    ACTIVE = "active"
    """Published: documents are priced with it. Prices change only by scheduled changes."""
    RETIRED = "retired"
    """No longer used. Terminal."""


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


def _entries(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(PriceEntry)(inst, attr, value)
    entries: tuple[PriceEntry, ...] = value  # type: ignore[assignment]
    keys = [(e.sku, e.effective_from) for e in entries]
    if keys != sorted(keys):
        fail(attr.name, "entries are stored by sku, then effective date")
    for index in range(1, len(keys)):
        if keys[index] == keys[index - 1]:
            fail(
                f"{attr.name}[{index}]",
                f"a second price for {keys[index][0]!r} from {keys[index][1]}",
            )


def _steps(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    check_steps(value, attr.name)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class PriceBook:
    """List prices in one currency for a validity window, and how documents priced with
    them are rounded and in which order the waterfall runs.

    Prices change by *scheduled* entries: each entry holds from its effective
    date until the next entry of the same sku. While ``draft`` anything can
    change; once ``active``, prices change only by :meth:`schedule_price_change`
    for a later date (with a regulatory approval where the book needs one), and
    :meth:`price_change_notice` lists what changes on a date.

    >>> at = pendulum.datetime(2026, 1, 5, 9, tz="UTC")
    >>> book = PriceBook.draft(
    ...     id=PriceBookId("PB-EUR"), name="Europe 2026", currency="EUR",
    ...     valid_from=pendulum.Date(2026, 1, 1), at=at, by=UserId("pricing-1"),
    ... )
    >>> book = book.set_price("SENS-100", Money("250.00", "EUR"), at=at, by=UserId("pricing-1"))
    >>> book.entry_in_force("SENS-100", on=pendulum.Date(2026, 2, 1)).unit_price
    Money('250.00', 'EUR')
    """

    id: PriceBookId = attrs.field(validator=is_id)
    status: PriceBookStatus = attrs.field(validator=is_enum(PriceBookStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[PriceBookStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    currency: str = attrs.field(validator=is_currency_code)
    valid_from: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    valid_until: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    entries: tuple[PriceEntry, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_entries
    )
    rounding: RoundingPolicy = attrs.field(
        factory=RoundingPolicy, validator=is_instance(RoundingPolicy)
    )
    steps: tuple[PricingStep, ...] = attrs.field(
        default=DEFAULT_STEPS, converter=to_tuple, validator=_steps
    )
    requires_regulatory_approval: bool = attrs.field(default=False, validator=is_bool)
    regulatory_approval: RegulatoryApproval | None = attrs.field(
        default=None, validator=optional(is_instance(RegulatoryApproval))
    )
    description: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )

    def __attrs_post_init__(self) -> None:
        PRICE_BOOK_LIFECYCLE.check_history(self)
        if self.valid_until is not None and self.valid_until < self.valid_from:
            fail("valid_until", f"{self.valid_until} is before valid_from {self.valid_from}")
        for index, entry in enumerate(self.entries):
            _check_entry(self, entry, f"entries[{index}]")

    # -- creating -------------------------------------------------------------------

    @classmethod
    def draft(
        cls,
        *,
        id: PriceBookId,
        name: str,
        currency: str,
        valid_from: pendulum.Date,
        at: pendulum.DateTime,
        by: UserId,
        valid_until: pendulum.Date | None = None,
        entries: Iterable[PriceEntry] = (),
        rounding: RoundingPolicy | None = None,
        steps: Iterable[PricingStep] = DEFAULT_STEPS,
        requires_regulatory_approval: bool = False,
        description: str | None = None,
    ) -> PriceBook:
        """A new price book in status ``draft``; ``entries`` in any order."""
        ordered = tuple(sorted(_checked_entries(entries), key=lambda e: (e.sku, e.effective_from)))
        return PRICE_BOOK_LIFECYCLE.create(
            cls,
            at=at,
            by=by,
            id=id,
            name=name,
            currency=currency,
            valid_from=valid_from,
            valid_until=valid_until,
            entries=ordered,
            rounding=RoundingPolicy() if rounding is None else rounding,
            steps=steps,
            requires_regulatory_approval=requires_regulatory_approval,
            description=description,
        )

    # -- facts ----------------------------------------------------------------------

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the price book's current status."""
        return PRICE_BOOK_LIFECYCLE.allowed(self.status)

    def is_in_force(self, on: pendulum.Date) -> bool:
        """True when ``on`` falls within the validity window (both ends included)."""
        day = check_date(on, "on")
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def skus(self) -> tuple[str, ...]:
        """Every sku the book prices (at some date), sorted."""
        return tuple(sorted({e.sku for e in self.entries}))

    def entries_for(self, sku: str) -> tuple[PriceEntry, ...]:
        """Every entry of ``sku``, by effective date."""
        return tuple(e for e in self.entries if e.sku == sku)

    def entry_in_force(self, sku: str, *, on: pendulum.Date) -> PriceEntry | None:
        """The entry of ``sku`` in force on ``on``, or ``None`` (also outside the window)."""
        if not self.is_in_force(on):
            return None
        found: PriceEntry | None = None
        for entry in self.entries:
            if entry.sku == sku and entry.effective_from <= on:
                found = entry
        return found

    def change_dates(self, *, after: pendulum.Date | None = None) -> tuple[pendulum.Date, ...]:
        """The dates on which some price changes (entries that replace an earlier one)."""
        dates: set[pendulum.Date] = set()
        previous: str | None = None
        for entry in self.entries:
            if entry.sku == previous and (after is None or entry.effective_from > after):
                dates.add(entry.effective_from)
            previous = entry.sku
        return tuple(sorted(dates))

    def price_change_notice(self, effective_on: pendulum.Date) -> PriceChangeNotice:
        """Every sku whose price changes on ``effective_on``: old price, new price, change."""
        day = check_date(effective_on, "effective_on")
        changes: list[PriceChange] = []
        for entry in self.entries:
            if entry.effective_from != day:
                continue
            old: PriceEntry | None = None
            for earlier in self.entries:
                if earlier.sku == entry.sku and earlier.effective_from < day:
                    old = earlier
            approval = entry.regulatory_approval
            changes.append(
                PriceChange(
                    sku=entry.sku,
                    old_price=None if old is None else old.unit_price,
                    new_price=entry.unit_price,
                    regulatory_reference=None if approval is None else approval.reference,
                    tiers_changed=old is not None and old.tiers != entry.tiers,
                )
            )
        return PriceChangeNotice(
            price_book_id=self.id,
            price_book_name=self.name,
            currency=self.currency,
            effective_on=day,
            changes=tuple(changes),
        )

    # -- prices ---------------------------------------------------------------------

    def set_price(
        self,
        sku: str,
        unit_price: Money,
        *,
        at: pendulum.DateTime,
        by: UserId,
        tiers: TierTable | None = None,
        effective_from: pendulum.Date | None = None,
    ) -> PriceBook:
        """Set the list price of ``sku`` from ``effective_from`` (the start of the window
        by default), replacing an entry for the same date. Only while ``draft``."""
        entry = self._new_entry(sku, unit_price, tiers, effective_from or self.valid_from, None)
        return PRICE_BOOK_LIFECYCLE.apply(
            self,
            "set_price",
            at=at,
            by=by,
            changes={"entries": _with_entry(self.entries, entry), "regulatory_approval": None},
        )

    def remove_price(self, sku: str, *, at: pendulum.DateTime, by: UserId) -> PriceBook:
        """Remove every entry of ``sku``. Only while ``draft``."""
        code = check_sku(to_code(sku) if isinstance(sku, str) else sku, "sku")
        kept = tuple(e for e in self.entries if e.sku != code)
        if len(kept) == len(self.entries):
            fail("sku", f"the price book has no price for {code!r}")
        return PRICE_BOOK_LIFECYCLE.apply(
            self,
            "remove_price",
            at=at,
            by=by,
            changes={"entries": kept, "regulatory_approval": None},
        )

    def schedule_price_change(
        self,
        sku: str,
        unit_price: Money,
        *,
        effective_on: pendulum.Date,
        at: pendulum.DateTime,
        by: UserId,
        tiers: TierTable | None = None,
        regulatory_approval: RegulatoryApproval | None = None,
    ) -> PriceBook:
        """A new price for ``sku`` from ``effective_on`` (PCF 3.3.3.9).

        On an active book the date must be after the day of ``at`` (prices are
        announced ahead, never changed in the past), and a book that requires
        regulatory approval needs ``regulatory_approval`` for the change.
        """
        moment = check_instant(at, "at")
        day = check_date(effective_on, "effective_on")
        if regulatory_approval is not None and not isinstance(
            regulatory_approval, RegulatoryApproval
        ):
            fail(
                "regulatory_approval",
                f"expected a RegulatoryApproval, got {describe(regulatory_approval)}",
            )
        changes: dict[str, object] = {}
        if self.status is PriceBookStatus.ACTIVE:
            if day <= moment.date():
                fail(
                    "effective_on",
                    f"a change to an active price book takes effect after today "
                    f"({moment.date()}), got {day}",
                )
            if self.requires_regulatory_approval and regulatory_approval is None:
                fail(
                    "regulatory_approval",
                    "this price book requires regulatory approval for price changes",
                )
        else:
            changes["regulatory_approval"] = None
        entry = self._new_entry(sku, unit_price, tiers, day, regulatory_approval)
        if any(e.sku == entry.sku and e.effective_from == day for e in self.entries):
            fail("effective_on", f"{entry.sku!r} already has a price from {day}")
        changes["entries"] = _with_entry(self.entries, entry)
        return PRICE_BOOK_LIFECYCLE.apply(
            self, "schedule_price_change", at=at, by=by, changes=changes
        )

    def cancel_price_change(
        self, sku: str, *, effective_on: pendulum.Date, at: pendulum.DateTime, by: UserId
    ) -> PriceBook:
        """Cancel the scheduled price of ``sku`` from ``effective_on``; on an active book only
        a change that has not taken effect yet."""
        moment = check_instant(at, "at")
        code = check_sku(to_code(sku) if isinstance(sku, str) else sku, "sku")
        day = check_date(effective_on, "effective_on")
        if self.status is PriceBookStatus.ACTIVE and day <= moment.date():
            fail("effective_on", f"the change of {day} has already taken effect")
        kept = tuple(e for e in self.entries if not (e.sku == code and e.effective_from == day))
        if len(kept) == len(self.entries):
            fail("effective_on", f"no price for {code!r} from {day} to cancel")
        changes: dict[str, object] = {"entries": kept}
        if self.status is not PriceBookStatus.ACTIVE:
            changes["regulatory_approval"] = None
        return PRICE_BOOK_LIFECYCLE.apply(
            self, "cancel_price_change", at=at, by=by, changes=changes
        )

    def _new_entry(
        self,
        sku: str,
        unit_price: Money,
        tiers: TierTable | None,
        effective_from: pendulum.Date,
        approval: RegulatoryApproval | None,
    ) -> PriceEntry:
        code = check_sku(to_code(sku) if isinstance(sku, str) else sku, "sku")
        check_money(unit_price, "unit_price", currency=self.currency)
        if unit_price.amount < 0:
            fail("unit_price", f"a price cannot be negative, got {unit_price.amount}")
        if tiers is not None:
            if not isinstance(tiers, TierTable):
                fail("tiers", f"expected a TierTable, got {describe(tiers)}")
            if tiers.currency != self.currency:
                raise CurrencyMismatch(self.currency, tiers.currency, field="tiers")
        day = check_date(effective_from, "effective_from")
        entry = PriceEntry(
            sku=code,
            unit_price=unit_price,
            effective_from=day,
            tiers=tiers,
            regulatory_approval=approval,
        )
        _check_entry(self, entry, "effective_from")
        return entry

    # -- settings -------------------------------------------------------------------

    def change_validity(
        self,
        *,
        valid_from: pendulum.Date,
        valid_until: pendulum.Date | None,
        at: pendulum.DateTime,
        by: UserId,
    ) -> PriceBook:
        """Change the validity window.

        While ``draft`` both ends move freely. While ``active`` only the end
        moves (to end the book when a successor takes over, or to extend it),
        and never before the day of ``at``: prices already charged stay valid.
        """
        moment = check_instant(at, "at")
        start = check_date(valid_from, "valid_from")
        end = None if valid_until is None else check_date(valid_until, "valid_until")
        if end is not None and end < start:
            fail("valid_until", f"{end} is before valid_from {start}")
        changes: dict[str, object] = {"valid_from": start, "valid_until": end}
        if self.status is PriceBookStatus.ACTIVE:
            if start != self.valid_from:
                fail(
                    "valid_from",
                    f"an active price book keeps its start {self.valid_from}, got {start}",
                )
            if end is not None and end < moment.date():
                fail(
                    "valid_until",
                    f"an active price book cannot end before today ({moment.date()}), got {end}",
                )
        else:
            changes["regulatory_approval"] = None
        for index, entry in enumerate(self.entries):
            if end is not None and entry.effective_from > end:
                fail(
                    f"entries[{index}].effective_from",
                    f"{entry.sku} has a price from {entry.effective_from}, after the new end {end}",
                )
        return PRICE_BOOK_LIFECYCLE.apply(
            self,
            "change_validity",
            at=at,
            by=by,
            changes=changes,
        )

    def set_rounding(
        self, rounding: RoundingPolicy, *, at: pendulum.DateTime, by: UserId
    ) -> PriceBook:
        """Change the rounding policy. Only while ``draft``."""
        if not isinstance(rounding, RoundingPolicy):
            fail("rounding", f"expected a RoundingPolicy, got {describe(rounding)}")
        return PRICE_BOOK_LIFECYCLE.apply(
            self,
            "set_rounding",
            at=at,
            by=by,
            changes={"rounding": rounding, "regulatory_approval": None},
        )

    def set_steps(
        self, steps: Iterable[PricingStep], *, at: pendulum.DateTime, by: UserId
    ) -> PriceBook:
        """Change the order of the waterfall steps (see :data:`DEFAULT_STEPS`). Only while
        ``draft``."""
        ordered = check_steps(steps, "steps")
        return PRICE_BOOK_LIFECYCLE.apply(
            self,
            "set_steps",
            at=at,
            by=by,
            changes={"steps": ordered, "regulatory_approval": None},
        )

    def set_regulatory_requirement(
        self, required: bool, *, at: pendulum.DateTime, by: UserId
    ) -> PriceBook:
        """Say whether approving the book (and changing its prices) needs a regulator's
        approval. Only while ``draft``."""
        if not isinstance(required, bool):
            fail("required", f"expected True or False, got {describe(required)}")
        return PRICE_BOOK_LIFECYCLE.apply(
            self,
            "set_regulatory_requirement",
            at=at,
            by=by,
            changes={"requires_regulatory_approval": required},
        )

    def update_details(
        self, *, name: str, description: str | None, at: pendulum.DateTime, by: UserId
    ) -> PriceBook:
        """Replace the name and description."""
        new_name = check_text(to_text(name), "name", max_length=200)
        new_description = to_optional_text(description)
        if new_description is not None:
            check_text(new_description, "description", max_length=2000)
        return PRICE_BOOK_LIFECYCLE.apply(
            self,
            "update_details",
            at=at,
            by=by,
            changes={"name": new_name, "description": new_description},
        )

    def record_regulatory_approval(
        self, approval: RegulatoryApproval, *, at: pendulum.DateTime, by: UserId
    ) -> PriceBook:
        """Record the regulator's approval of the prices as they now stand (PCF 3.3.3.10).

        Changing prices, rounding, steps or validity while ``draft`` clears it.
        """
        if not isinstance(approval, RegulatoryApproval):
            fail("approval", f"expected a RegulatoryApproval, got {describe(approval)}")
        return PRICE_BOOK_LIFECYCLE.apply(
            self,
            "record_regulatory_approval",
            at=at,
            by=by,
            changes={"regulatory_approval": approval},
        )

    # -- lifecycle ------------------------------------------------------------------

    def submit(self, *, at: pendulum.DateTime, by: UserId) -> PriceBook:
        """Submit the book for approval; it needs at least one price."""
        return PRICE_BOOK_LIFECYCLE.apply(self, "submit", at=at, by=by)

    def withdraw(
        self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None
    ) -> PriceBook:
        """Take a submitted book back to draft."""
        return PRICE_BOOK_LIFECYCLE.apply(self, "withdraw", at=at, by=by, reason=reason)

    def approve(
        self,
        *,
        at: pendulum.DateTime,
        by: UserId,
        regulatory_approval: RegulatoryApproval | None = None,
    ) -> PriceBook:
        """Approve the submitted book (PCF 3.2.2.4). A book that requires regulatory
        approval needs one, recorded before or given here."""
        changes: dict[str, object] = {}
        if regulatory_approval is not None:
            if not isinstance(regulatory_approval, RegulatoryApproval):
                fail(
                    "regulatory_approval",
                    f"expected a RegulatoryApproval, got {describe(regulatory_approval)}",
                )
            changes["regulatory_approval"] = regulatory_approval
        return PRICE_BOOK_LIFECYCLE.apply(self, "approve", at=at, by=by, changes=changes)

    def reject(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> PriceBook:
        """Send the submitted book back to draft, saying why."""
        return PRICE_BOOK_LIFECYCLE.apply(self, "reject", at=at, by=by, reason=reason)

    def revise(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> PriceBook:
        """Reopen an approved (not yet active) book for changes, saying why."""
        return PRICE_BOOK_LIFECYCLE.apply(self, "revise", at=at, by=by, reason=reason)

    def activate(self, *, at: pendulum.DateTime, by: UserId) -> PriceBook:
        """Publish the approved book: documents can now be priced with it."""
        return PRICE_BOOK_LIFECYCLE.apply(self, "activate", at=at, by=by)

    def retire(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> PriceBook:
        """Stop using the book. Final."""
        return PRICE_BOOK_LIFECYCLE.apply(self, "retire", at=at, by=by, reason=reason)


def _check_entry(book: PriceBook, entry: PriceEntry, field: str) -> None:
    if entry.unit_price.currency.code != book.currency:
        raise CurrencyMismatch(book.currency, entry.unit_price.currency.code, field=field)
    if book.valid_until is not None and entry.effective_from > book.valid_until:
        fail(
            field,
            f"{entry.sku} takes effect on {entry.effective_from}, after the book ends on "
            f"{book.valid_until}",
        )


def _checked_entries(entries: Iterable[PriceEntry]) -> tuple[PriceEntry, ...]:
    if isinstance(entries, str) or not isinstance(entries, Iterable):
        fail("entries", f"expected a list of PriceEntry, got {describe(entries)}")
    items = tuple(entries)
    for index, item in enumerate(items):
        if not isinstance(item, PriceEntry):
            fail(f"entries[{index}]", f"expected a PriceEntry, got {describe(item)}")
    return items


def _with_entry(entries: tuple[PriceEntry, ...], entry: PriceEntry) -> tuple[PriceEntry, ...]:
    kept = [e for e in entries if (e.sku, e.effective_from) != (entry.sku, entry.effective_from)]
    kept.append(entry)
    return tuple(sorted(kept, key=lambda e: (e.sku, e.effective_from)))


def _has_prices(book: PriceBook) -> str | None:
    if not book.entries:
        return "the price book has no prices"
    return None


def _regulatory_approval_recorded(book: PriceBook) -> str | None:
    if book.requires_regulatory_approval and book.regulatory_approval is None:
        return "the price book requires a regulatory approval of its current prices"
    return None


_EDITABLE = frozenset({PriceBookStatus.DRAFT})

PRICE_BOOK_LIFECYCLE: Lifecycle[PriceBookStatus, PriceBook] = Lifecycle(
    aggregate="PriceBook",
    states=PriceBookStatus,
    initial=PriceBookStatus.DRAFT,
    terminal={PriceBookStatus.RETIRED},
    creation="draft",
    creation_event="drafted",
    transitions=(
        Transition(
            command="submit",
            event="submitted",
            sources={PriceBookStatus.DRAFT},
            target=PriceBookStatus.SUBMITTED,
            guards=(Guard("has prices", _has_prices, overridable=False),),
        ),
        Transition(
            command="withdraw",
            event="withdrawn",
            sources={PriceBookStatus.SUBMITTED},
            target=PriceBookStatus.DRAFT,
        ),
        Transition(
            command="approve",
            event="approved",
            sources={PriceBookStatus.SUBMITTED},
            target=PriceBookStatus.APPROVED,
            guards=(
                Guard(
                    "regulatory approval recorded",
                    _regulatory_approval_recorded,
                    overridable=False,
                ),
            ),
        ),
        Transition(
            command="reject",
            event="rejected",
            sources={PriceBookStatus.SUBMITTED},
            target=PriceBookStatus.DRAFT,
            needs_reason=True,
        ),
        Transition(
            command="revise",
            event="revised",
            sources={PriceBookStatus.APPROVED},
            target=PriceBookStatus.DRAFT,
            needs_reason=True,
        ),
        Transition(
            command="activate",
            event="activated",
            sources={PriceBookStatus.APPROVED},
            target=PriceBookStatus.ACTIVE,
        ),
        Transition(
            command="retire",
            event="retired",
            sources={
                PriceBookStatus.DRAFT,
                PriceBookStatus.SUBMITTED,
                PriceBookStatus.APPROVED,
                PriceBookStatus.ACTIVE,
            },
            target=PriceBookStatus.RETIRED,
        ),
        Transition(command="set_price", event="price_set", sources=_EDITABLE),
        Transition(command="remove_price", event="price_removed", sources=_EDITABLE),
        Transition(
            command="schedule_price_change",
            event="price_change_scheduled",
            sources={PriceBookStatus.DRAFT, PriceBookStatus.ACTIVE},
        ),
        Transition(
            command="cancel_price_change",
            event="price_change_cancelled",
            sources={PriceBookStatus.DRAFT, PriceBookStatus.ACTIVE},
        ),
        Transition(
            command="change_validity",
            event="validity_changed",
            sources={PriceBookStatus.DRAFT, PriceBookStatus.ACTIVE},
        ),
        Transition(command="set_rounding", event="rounding_set", sources=_EDITABLE),
        Transition(command="set_steps", event="steps_set", sources=_EDITABLE),
        Transition(
            command="set_regulatory_requirement",
            event="regulatory_requirement_set",
            sources=_EDITABLE,
        ),
        Transition(
            command="update_details",
            event="details_updated",
            sources={PriceBookStatus.DRAFT, PriceBookStatus.ACTIVE},
        ),
        Transition(
            command="record_regulatory_approval",
            event="regulatory_approval_recorded",
            sources={PriceBookStatus.DRAFT, PriceBookStatus.SUBMITTED},
        ),
    ),
)
"""The price book lifecycle: draft → submitted → approved → active → retired. A
submitted book can be withdrawn or rejected back to draft, an approved one revised
back to draft; approval needs a regulatory approval where the book requires one."""
