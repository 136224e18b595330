"""Involved parties (PCF 3.5.4.2): who orders, receives, is billed and pays, and how to reach them.

An :class:`InvolvedParty` is one role an organisation or person plays for an
account's orders (sold-to, ship-to, bill-to, payer, end user), with dated
addresses by purpose, contact details, a link to an
:class:`~pcf_sales.accounts.Contact` and a :class:`CommunicationProfile`. It
is modified, reviewed and terminated through commands; nothing is deleted:
a replaced address is end-dated, a terminated party keeps its history and the
day it stopped applying.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from enum import Enum
from typing import Any, Final, cast

import attrs
import pendulum

from pcf_sales.accounts import Address
from pcf_sales.accounts._checks import check_enum, check_field, require
from pcf_sales.core import (
    AccountId,
    ContactId,
    HistoryEntry,
    Lifecycle,
    PartyId,
    PersonDetails,
    Transition,
    UserId,
)
from pcf_sales.core._validate import (
    check_date,
    check_instant,
    describe,
    fail,
    is_date,
    is_enum,
    is_id,
    is_instance,
    is_instant,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_optional_date,
    to_optional_instant,
    to_text,
    to_tuple,
)
from pcf_sales.orders._party_values import (
    AddressPurpose,
    CommunicationProfile,
    PartyAddress,
    PartyRole,
)

__all__ = ["INVOLVED_PARTY_LIFECYCLE", "InvolvedParty", "PartyStatus"]


class PartyStatus(Enum):
    """Whether a party still applies to new orders."""

    ACTIVE = "active"
    TERMINATED = "terminated"
    """No longer applies from its ``valid_to`` day on; kept with its history. Can be reinstated."""


def _addresses(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(PartyAddress)(inst, attr, value)
    by_purpose: dict[AddressPurpose, list[PartyAddress]] = {}
    for item in cast("tuple[PartyAddress, ...]", value):
        by_purpose.setdefault(item.purpose, []).append(item)
    for purpose, items in by_purpose.items():
        for earlier, later in itertools.pairwise(items):
            if earlier.valid_to is None or earlier.valid_to > later.valid_from:
                fail(
                    attr.name,
                    f"{purpose.value} addresses overlap: each is end-dated before the next "
                    "begins, oldest first",
                )


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


@attrs.frozen(kw_only=True)
class InvolvedParty:
    """One role a party plays in an account's orders, with its addresses and profile.

    Create one with :meth:`register`. Addresses are never overwritten:
    :meth:`record_address` end-dates the one in use for the same purpose.
    :meth:`terminate` ends the party on a day; the record stays.

    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> party = InvolvedParty.register(
    ...     id=PartyId("PTY-1"), at=at, by=UserId("cs-1"), account_id=AccountId("A-1"),
    ...     role=PartyRole.SHIP_TO, name="Cobalt Labs, plant 2")
    >>> moved = party.record_address(
    ...     Address(line1="2 Dock Road", city="Hamburg", country="DE"),
    ...     purpose=AddressPurpose.SHIPPING, effective=pendulum.date(2026, 4, 1),
    ...     at=at.add(days=1), by=UserId("cs-1"))
    >>> moved.address_for(AddressPurpose.SHIPPING, on=pendulum.date(2026, 4, 1)).city
    'Hamburg'
    >>> moved.terminate(effective=pendulum.date(2026, 9, 30), reason="plant closed",
    ...                 at=at.add(days=2), by=UserId("cs-1")).status.value
    'terminated'
    """

    id: PartyId = attrs.field(validator=is_id)
    status: PartyStatus = attrs.field(validator=is_enum(PartyStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[PartyStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    account_id: AccountId = attrs.field(validator=is_id)
    role: PartyRole = attrs.field(validator=is_enum(PartyRole))
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    valid_from: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    valid_to: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    contact_id: ContactId | None = attrs.field(default=None, validator=optional(is_id))
    person: PersonDetails | None = attrs.field(
        default=None, validator=optional(is_instance(PersonDetails))
    )
    addresses: tuple[PartyAddress, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_addresses
    )
    profile: CommunicationProfile = attrs.field(
        factory=CommunicationProfile, validator=is_instance(CommunicationProfile)
    )
    reviewed_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_optional_instant, validator=optional(is_instant)
    )

    def __attrs_post_init__(self) -> None:
        INVOLVED_PARTY_LIFECYCLE.check_history(self)
        if self.valid_to is not None and self.valid_to < self.valid_from:
            fail("valid_to", f"{self.valid_to} is before valid_from {self.valid_from}")
        if (self.valid_to is None) != (self.status is PartyStatus.ACTIVE):
            fail("valid_to", "is set exactly when the party is terminated")

    # -- creating -------------------------------------------------------------------

    @classmethod
    def register(
        cls,
        *,
        id: PartyId,
        at: pendulum.DateTime,
        by: UserId,
        account_id: AccountId,
        role: PartyRole,
        name: str,
        valid_from: pendulum.Date | None = None,
        contact_id: ContactId | None = None,
        person: PersonDetails | None = None,
        addresses: Iterable[PartyAddress] = (),
        profile: CommunicationProfile | None = None,
    ) -> InvolvedParty:
        """A new, active party, applying from ``valid_from`` (default: the day of ``at``)."""
        registered = check_instant(at, "at")
        return INVOLVED_PARTY_LIFECYCLE.create(
            cls,
            at=registered,
            by=by,
            id=id,
            account_id=account_id,
            role=role,
            name=name,
            valid_from=registered.date() if valid_from is None else valid_from,
            contact_id=contact_id,
            person=person,
            addresses=_to_addresses(addresses),
            profile=CommunicationProfile() if profile is None else profile,
        )

    # -- facts ----------------------------------------------------------------------

    def applies_on(self, day: pendulum.Date) -> bool:
        """True when the party is in force on ``day``."""
        checked = check_date(day, "day")
        return self.valid_from <= checked and (self.valid_to is None or checked < self.valid_to)

    def address_for(self, purpose: AddressPurpose, *, on: pendulum.Date) -> Address | None:
        """The address in use for ``purpose`` on day ``on``, if any."""
        check_enum(AddressPurpose, purpose, "purpose")
        day = check_date(on, "on")
        for item in self.addresses:
            if item.purpose is purpose and item.applies_on(day):
                return item.address
        return None

    def address_history(self, purpose: AddressPurpose) -> tuple[PartyAddress, ...]:
        """Every address ever used for ``purpose``, oldest first."""
        check_enum(AddressPurpose, purpose, "purpose")
        return tuple(a for a in self.addresses if a.purpose is purpose)

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the party's current status."""
        return INVOLVED_PARTY_LIFECYCLE.allowed(self.status)

    # -- commands -------------------------------------------------------------------

    def modify(
        self,
        *,
        at: pendulum.DateTime,
        by: UserId,
        name: str | None = None,
        role: PartyRole | None = None,
    ) -> InvolvedParty:
        """Change the party's name or role (what is not given stays)."""
        require(INVOLVED_PARTY_LIFECYCLE, self, "modify")
        changes: dict[str, object] = {}
        if name is not None:
            changes["name"] = check_field(InvolvedParty, "name", name)
        if role is not None:
            changes["role"] = check_enum(PartyRole, role, "role")
        if not changes:
            fail("name", "give a new name or role")
        return INVOLVED_PARTY_LIFECYCLE.apply(self, "modify", at=at, by=by, changes=changes)

    def record_contact(
        self,
        *,
        at: pendulum.DateTime,
        by: UserId,
        person: PersonDetails | None,
        contact_id: ContactId | None = None,
    ) -> InvolvedParty:
        """Record who to talk to: person details and, when the person is a contact on file,
        their contact id. ``None`` clears either."""
        require(INVOLVED_PARTY_LIFECYCLE, self, "record_contact")
        checked_person = check_field(InvolvedParty, "person", person)
        checked_contact = check_field(InvolvedParty, "contact_id", contact_id)
        return INVOLVED_PARTY_LIFECYCLE.apply(
            self,
            "record_contact",
            at=at,
            by=by,
            changes={"person": checked_person, "contact_id": checked_contact},
        )

    def record_address(
        self,
        address: Address,
        *,
        purpose: AddressPurpose,
        effective: pendulum.Date,
        at: pendulum.DateTime,
        by: UserId,
    ) -> InvolvedParty:
        """Use ``address`` for ``purpose`` from day ``effective`` on; the address in use
        for that purpose until then is end-dated, not removed."""
        require(INVOLVED_PARTY_LIFECYCLE, self, "record_address")
        if not isinstance(address, Address):
            fail("address", f"expected an Address, got {describe(address)}")
        check_enum(AddressPurpose, purpose, "purpose")
        day = check_date(effective, "effective")
        kept = list(self.addresses)
        for index, item in enumerate(kept):
            if item.purpose is not purpose:
                continue
            if item.valid_from >= day:
                fail(
                    "effective",
                    f"the {purpose.value} address from {item.valid_from} starts on or after "
                    f"{day}; an address can only be replaced from a later day",
                )
            if item.valid_to is None or item.valid_to > day:
                kept[index] = attrs.evolve(item, valid_to=day)
        kept.append(PartyAddress(address=address, purpose=purpose, valid_from=day))
        return INVOLVED_PARTY_LIFECYCLE.apply(
            self, "record_address", at=at, by=by, changes={"addresses": _ordered(kept)}
        )

    def end_address(
        self,
        purpose: AddressPurpose,
        *,
        effective: pendulum.Date,
        at: pendulum.DateTime,
        by: UserId,
    ) -> InvolvedParty:
        """Stop using the open address for ``purpose`` from day ``effective`` on."""
        require(INVOLVED_PARTY_LIFECYCLE, self, "end_address")
        check_enum(AddressPurpose, purpose, "purpose")
        day = check_date(effective, "effective")
        kept = list(self.addresses)
        index = next(
            (i for i, a in enumerate(kept) if a.purpose is purpose and a.valid_to is None), None
        )
        if index is None:
            fail("purpose", f"the party has no open {purpose.value} address")
        if kept[index].valid_from >= day:
            fail("effective", f"must be after the address's first day {kept[index].valid_from}")
        kept[index] = attrs.evolve(kept[index], valid_to=day)
        return INVOLVED_PARTY_LIFECYCLE.apply(
            self, "end_address", at=at, by=by, changes={"addresses": tuple(kept)}
        )

    def set_profile(
        self, profile: CommunicationProfile, *, at: pendulum.DateTime, by: UserId
    ) -> InvolvedParty:
        """Replace the communication profile."""
        checked = check_field(InvolvedParty, "profile", profile)
        return INVOLVED_PARTY_LIFECYCLE.apply(
            self, "set_profile", at=at, by=by, changes={"profile": checked}
        )

    def review(
        self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None
    ) -> InvolvedParty:
        """Record that the party's information was reviewed (``reason``: what was found)."""
        reviewed = check_instant(at, "at")
        return INVOLVED_PARTY_LIFECYCLE.apply(
            self, "review", at=reviewed, by=by, reason=reason, changes={"reviewed_at": reviewed}
        )

    def terminate(
        self, *, effective: pendulum.Date, reason: str, at: pendulum.DateTime, by: UserId
    ) -> InvolvedParty:
        """End the party from day ``effective`` on (not before it began); its open
        addresses end the same day, and addresses planned to begin on or after it are
        withdrawn, as they never applied. The record and its history stay."""
        require(INVOLVED_PARTY_LIFECYCLE, self, "terminate")
        day = check_date(effective, "effective")
        if day < self.valid_from:
            fail("effective", f"{day} is before the party began on {self.valid_from}")
        addresses = tuple(
            attrs.evolve(a, valid_to=day)
            if (a.valid_to is None or a.valid_to > day) and a.valid_from < day
            else a
            for a in self.addresses
            if a.valid_from < day
        )
        return INVOLVED_PARTY_LIFECYCLE.apply(
            self,
            "terminate",
            at=at,
            by=by,
            reason=reason,
            changes={"valid_to": day, "addresses": addresses},
        )

    def reinstate(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> InvolvedParty:
        """Bring a terminated party back into force; its addresses must be recorded again."""
        return INVOLVED_PARTY_LIFECYCLE.apply(
            self, "reinstate", at=at, by=by, reason=reason, changes={"valid_to": None}
        )


def _to_addresses(addresses: Iterable[PartyAddress]) -> tuple[PartyAddress, ...]:
    if isinstance(addresses, str | bytes) or not isinstance(addresses, Iterable):
        fail("addresses", f"expected a list of PartyAddress, got {describe(addresses)}")
    items = tuple(addresses)
    for index, item in enumerate(items):
        if not isinstance(item, PartyAddress):
            fail(f"addresses[{index}]", f"expected a PartyAddress, got {describe(item)}")
    return _ordered(items)


def _ordered(addresses: Iterable[PartyAddress]) -> tuple[PartyAddress, ...]:
    """Addresses by purpose (in the enum's order), oldest first."""
    return tuple(sorted(addresses, key=lambda a: (_PURPOSE_ORDER[a.purpose], a.valid_from)))


_PURPOSE_ORDER: Final = {purpose: position for position, purpose in enumerate(AddressPurpose)}
_ACTIVE: Final = frozenset({PartyStatus.ACTIVE})
_ALL: Final = frozenset(PartyStatus)


INVOLVED_PARTY_LIFECYCLE: Lifecycle[PartyStatus, InvolvedParty] = Lifecycle(
    aggregate="InvolvedParty",
    states=PartyStatus,
    initial=PartyStatus.ACTIVE,
    terminal=frozenset(),
    creation="register",
    creation_event="registered",
    transitions=(
        Transition(
            command="terminate",
            event="terminated",
            sources=_ACTIVE,
            target=PartyStatus.TERMINATED,
            needs_reason=True,
        ),
        Transition(
            command="reinstate",
            event="reinstated",
            sources={PartyStatus.TERMINATED},
            target=PartyStatus.ACTIVE,
            needs_reason=True,
        ),
        Transition(command="modify", event="modified", sources=_ACTIVE),
        Transition(command="record_contact", event="contact_recorded", sources=_ACTIVE),
        Transition(command="record_address", event="address_recorded", sources=_ACTIVE),
        Transition(command="end_address", event="address_ended", sources=_ACTIVE),
        Transition(command="set_profile", event="profile_set", sources=_ALL),
        Transition(command="review", event="reviewed", sources=_ALL),
    ),
)
"""The involved party lifecycle: active ⇄ terminated. Details, contacts and addresses
change only while the party is active; the profile can always be set (a party that
no longer buys may still want its statements by post) and any party can be reviewed."""
