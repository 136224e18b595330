"""The full picture of a customer for an order (PCF 3.5.4.2.2), from the records passed in.

:func:`customer_picture` is a pure function over an
:class:`~pcf_sales.accounts.Account`, its :class:`~pcf_sales.accounts.Contact`
records and its :class:`~pcf_sales.orders.InvolvedParty` records: it keeps
what belongs to the account and applies on the day, resolves where to ship
and where to bill (saying from which record), lists who may be contacted
through which channel, and notes every gap it finds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import attrs
import pendulum

from pcf_sales.accounts import (
    Account,
    AccountStatus,
    Address,
    Contact,
    ContactChannel,
)
from pcf_sales.core import ContactId
from pcf_sales.core._validate import (
    check_instant,
    describe,
    fail,
    is_bool,
    is_date,
    is_enum,
    is_id,
    is_instance,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_tuple,
)
from pcf_sales.orders._parties import InvolvedParty
from pcf_sales.orders._party_values import AddressPurpose, PartyRole

__all__ = ["ContactReach", "CustomerPicture", "ResolvedAddress", "customer_picture"]


@attrs.frozen(kw_only=True)
class ResolvedAddress:
    """The address to use for ``purpose`` and the record it was taken from (``source``,
    such as ``"ship-to party PTY-2"`` or ``"account shipping address"``)."""

    purpose: AddressPurpose = attrs.field(validator=is_enum(AddressPurpose))
    address: Address = attrs.field(validator=is_instance(Address))
    source: str = attrs.field(validator=is_text(max_length=200))


@attrs.frozen(kw_only=True)
class ContactReach:
    """Whether a contact is still there and the channels they have opted in to."""

    contact_id: ContactId = attrs.field(validator=is_id)
    name: str = attrs.field(validator=is_text(max_length=400, allow_empty=True))
    active: bool = attrs.field(validator=is_bool)
    channels: tuple[ContactChannel, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(ContactChannel, unique=True)
    )


@attrs.frozen(kw_only=True)
class CustomerPicture:
    """Everything on file about a customer that an order needs, on one day.

    ``contacts`` and ``parties`` are those of the account (parties only
    when they apply on ``as_of``); ``ship_to`` and ``bill_to`` the resolved
    addresses; ``reach`` who may be contacted and how; ``findings`` the gaps
    and oddities found, in words.
    """

    as_of: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    account: Account = attrs.field(validator=is_instance(Account))
    contacts: tuple[Contact, ...] = attrs.field(converter=to_tuple, validator=is_tuple_of(Contact))
    parties: tuple[InvolvedParty, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(InvolvedParty)
    )
    ship_to: ResolvedAddress | None = attrs.field(validator=optional(is_instance(ResolvedAddress)))
    bill_to: ResolvedAddress | None = attrs.field(validator=optional(is_instance(ResolvedAddress)))
    reach: tuple[ContactReach, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(ContactReach)
    )
    key_customer: bool = attrs.field(validator=is_bool)
    findings: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(is_text(max_length=300))
    )

    def parties_in(self, role: PartyRole) -> tuple[InvolvedParty, ...]:
        """The parties playing ``role``."""
        return tuple(p for p in self.parties if p.role is role)

    @property
    def ready_to_order(self) -> bool:
        """True when there is somewhere to ship and somewhere to bill."""
        return self.ship_to is not None and self.bill_to is not None


_ROLE_WORDS: Final = {
    PartyRole.SOLD_TO: "sold-to",
    PartyRole.SHIP_TO: "ship-to",
    PartyRole.BILL_TO: "bill-to",
    PartyRole.PAYER: "payer",
    PartyRole.END_USER: "end-user",
}


def _records(value: object, kind: type, field: str) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        fail(field, f"expected a list of {kind.__name__}, got {describe(value)}")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            fail(f"{field}[{index}]", f"expected a {kind.__name__}, got {describe(item)}")
    return items


def _resolve(
    purpose: AddressPurpose,
    roles: tuple[PartyRole, ...],
    parties: tuple[InvolvedParty, ...],
    account: Account,
    day: pendulum.Date,
) -> ResolvedAddress | None:
    for role in roles:
        for party in parties:
            if party.role is role:
                found = party.address_for(purpose, on=day)
                if found is not None:
                    return ResolvedAddress(
                        purpose=purpose,
                        address=found,
                        source=f"{_ROLE_WORDS[role]} party {party.id}",
                    )
    fallback: tuple[tuple[Address | None, str], ...] = (
        (account.shipping_address, "account shipping address"),
        (account.billing_address, "account billing address"),
    )
    if purpose is AddressPurpose.BILLING:
        fallback = fallback[1:]
    for address, source in fallback:
        if address is not None:
            return ResolvedAddress(purpose=purpose, address=address, source=source)
    return None


def customer_picture(
    account: Account,
    contacts: Iterable[Contact],
    parties: Iterable[InvolvedParty],
    *,
    at: pendulum.DateTime,
) -> CustomerPicture:
    """The full picture of ``account`` at instant ``at`` from the records passed in.

    Records of other accounts are left out (and noted). The ship-to address
    is the shipping address of a ship-to party, else of a sold-to party, else
    the account's shipping or billing address; the bill-to address the
    billing address of a bill-to, payer or sold-to party, else the account's
    billing address. The customer is a key customer when any of its parties'
    profiles says so.

    >>> from pcf_sales.testing.factories import make_account, make_contact, make_involved_party
    >>> picture = customer_picture(make_account(), [make_contact()], [make_involved_party()],
    ...                            at=pendulum.datetime(2026, 3, 10, tz="UTC"))
    >>> picture.ship_to.source, picture.ready_to_order
    ('ship-to party PTY-1', True)
    """
    if not isinstance(account, Account):
        fail("account", f"expected an Account, got {describe(account)}")
    instant = check_instant(at, "at")
    day = instant.date()
    findings: list[str] = []
    own_contacts = []
    for contact in _records(contacts, Contact, "contacts"):
        if contact.account_id == account.id:
            own_contacts.append(contact)
        else:
            findings.append(
                f"contact {contact.id} belongs to account {contact.account_id}; left out"
            )
    own_parties = []
    for party in _records(parties, InvolvedParty, "parties"):
        if party.account_id != account.id:
            findings.append(f"party {party.id} belongs to account {party.account_id}; left out")
        elif not party.applies_on(day):
            findings.append(f"party {party.id} does not apply on {day}; left out")
        else:
            own_parties.append(party)
    own_parties.sort(key=lambda p: (list(PartyRole).index(p.role), p.id))
    own_contacts.sort(key=lambda c: c.id)
    ship_to = _resolve(
        AddressPurpose.SHIPPING,
        (PartyRole.SHIP_TO, PartyRole.SOLD_TO),
        tuple(own_parties),
        account,
        day,
    )
    bill_to = _resolve(
        AddressPurpose.BILLING,
        (PartyRole.BILL_TO, PartyRole.PAYER, PartyRole.SOLD_TO),
        tuple(own_parties),
        account,
        day,
    )
    if ship_to is None:
        findings.append("no shipping address on file")
    if bill_to is None:
        findings.append("no billing address on file")
    if account.status in (AccountStatus.CHURNED, AccountStatus.DORMANT):
        findings.append(f"the account is {account.status.value}")
    reach = tuple(
        ContactReach(
            contact_id=contact.id,
            name=contact.person.full_name,
            active=contact.is_active,
            channels=tuple(c for c in ContactChannel if contact.may_contact(c, as_of=instant)),
        )
        for contact in own_contacts
    )
    if not any(r.channels for r in reach):
        findings.append("no contact may be reached through any channel")
    for party in own_parties:
        if party.contact_id is not None and party.contact_id not in {c.id for c in own_contacts}:
            findings.append(f"party {party.id} names contact {party.contact_id}, not passed in")
    return CustomerPicture(
        as_of=day,
        account=account,
        contacts=own_contacts,
        parties=own_parties,
        ship_to=ship_to,
        bill_to=bill_to,
        reach=reach,
        key_customer=any(p.profile.key_customer for p in own_parties),
        findings=findings,
    )
