"""Finding existing accounts and contacts: by normalised domain, email or name, never all pairs.

An :class:`AccountIndex` holds each account's matching keys (its normalised
web domain and company name) and looks them up in dictionaries built once, so
matching one candidate costs the same with ten accounts as with a million.
A :class:`ContactIndex` does the same for contacts, keyed by account: a
contact matches only within its own account. A contact who has left the
account still matches (it is the person's earlier record) but is flagged
``left`` and ranked after those still there. Lead conversion uses them to
find the account and contact a lead may already be.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any, Final, cast

import attrs

from pcf_sales.accounts._account import Account
from pcf_sales.accounts._checks import check_field
from pcf_sales.accounts._contact import Contact, ContactStatus
from pcf_sales.core import AccountId, ContactId, EmailAddress, normalised_company_name
from pcf_sales.core import normalised_name as _person_name
from pcf_sales.core._contact_details import is_web_domain
from pcf_sales.core._validate import (
    check_id,
    check_text,
    describe,
    fail,
    is_bool,
    is_enum,
    is_id,
    is_text,
    is_tuple_of,
    optional,
    to_tuple,
)

__all__ = [
    "AccountIndex",
    "AccountMatch",
    "AccountMatchKeys",
    "AccountMatchReason",
    "ContactIndex",
    "ContactMatch",
    "ContactMatchKeys",
    "ContactMatchReason",
    "find_matching_accounts",
    "find_matching_contacts",
]


class AccountMatchReason(Enum):
    """Why an existing account may be the organisation looked for."""

    SAME_DOMAIN = "same_domain"
    """The web domains are equal once normalised (``https://www.acme.com/`` is ``acme.com``)."""
    SAME_NAME = "same_name"
    """The names are equal ignoring case, accents, punctuation and legal forms."""


class ContactMatchReason(Enum):
    """Why an existing contact may be the person looked for."""

    SAME_EMAIL = "same_email"
    """The email addresses are equal ignoring case, at the same account."""
    SAME_NAME = "same_name"
    """The full names are equal ignoring case and accents, at the same account."""


def _reasons(enum: type[Enum]) -> Any:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        is_tuple_of(is_enum(enum), unique=True)(inst, attr, value)
        if not value:
            fail(attr.name, "a match has at least one reason")

    return check


@attrs.frozen(kw_only=True)
class AccountMatch:
    """An existing account that may be the one looked for, and the keys it shares."""

    account_id: AccountId = attrs.field(validator=is_id)
    reasons: tuple[AccountMatchReason, ...] = attrs.field(
        converter=to_tuple, validator=_reasons(AccountMatchReason)
    )


@attrs.frozen(kw_only=True)
class ContactMatch:
    """An existing contact that may be the person looked for, and the keys it shares.
    ``left`` says the person has left the account: the record is their earlier one."""

    contact_id: ContactId = attrs.field(validator=is_id)
    reasons: tuple[ContactMatchReason, ...] = attrs.field(
        converter=to_tuple, validator=_reasons(ContactMatchReason)
    )
    left: bool = attrs.field(default=False, validator=is_bool)


_KEY: Final = optional(is_text(max_length=300))


@attrs.frozen(kw_only=True)
class AccountMatchKeys:
    """The keys an account is found by: its web domain and its normalised company
    name (as :meth:`of` makes them)."""

    account_id: AccountId = attrs.field(validator=is_id)
    domain: str | None = attrs.field(default=None, validator=is_web_domain)
    name: str | None = attrs.field(default=None, validator=_KEY)

    @classmethod
    def of(cls, account: Account) -> AccountMatchKeys:
        """The keys of ``account``."""
        if not isinstance(account, Account):
            fail("account", f"expected an Account, got {describe(account)}")
        return cls(
            account_id=account.id,
            domain=account.domain,
            name=normalised_company_name(account.name) or None,
        )


@attrs.frozen(kw_only=True)
class ContactMatchKeys:
    """The keys a contact is found by, within its account: its email address and full
    name, normalised (as :meth:`of` makes them), and whether the person has left."""

    contact_id: ContactId = attrs.field(validator=is_id)
    account_id: AccountId = attrs.field(validator=is_id)
    email: str | None = attrs.field(default=None, validator=_KEY)
    name: str | None = attrs.field(default=None, validator=_KEY)
    left: bool = attrs.field(default=False, validator=is_bool)

    @classmethod
    def of(cls, contact: Contact) -> ContactMatchKeys:
        """The keys of ``contact``."""
        if not isinstance(contact, Contact):
            fail("contact", f"expected a Contact, got {describe(contact)}")
        email = contact.person.email
        return cls(
            contact_id=contact.id,
            account_id=contact.account_id,
            email=None if email is None else email.normalised,
            name=_person_name(contact.person.full_name) or None,
            left=contact.status is ContactStatus.LEFT,
        )


def _unique_entries(id_field: str) -> Any:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        ids = [getattr(entry, id_field) for entry in cast("tuple[Any, ...]", value)]
        if ids != sorted(set(ids)):
            fail(attr.name, f"entries are stored sorted by {id_field}, each once")

    return check


def _sorted_account_keys(value: Iterable[AccountMatchKeys]) -> tuple[AccountMatchKeys, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(i, AccountMatchKeys) for i in items):
        return tuple(sorted(items, key=lambda entry: entry.account_id))
    return items


def _sorted_contact_keys(value: Iterable[ContactMatchKeys]) -> tuple[ContactMatchKeys, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(i, ContactMatchKeys) for i in items):
        return tuple(sorted(items, key=lambda entry: entry.contact_id))
    return items


def _index(pairs: Iterable[tuple[Any, str]]) -> dict[Any, tuple[Any, ...]]:
    found: dict[Any, list[Any]] = {}
    for key, item_id in pairs:
        found.setdefault(key, []).append(item_id)
    return {key: tuple(ids) for key, ids in found.items()}


@attrs.frozen(kw_only=True)
class AccountIndex:
    """Accounts by their matching keys, indexed once, looked up many times.

    >>> index = AccountIndex(entries=[
    ...     AccountMatchKeys(account_id="A-1", domain="acme.example", name="acme"),
    ...     AccountMatchKeys(account_id="A-2", domain="globex.example", name="globex"),
    ... ])
    >>> [(m.account_id, [r.value for r in m.reasons])
    ...  for m in index.match(domain="https://www.acme.example/contact", name="ACME Inc.")]
    [('A-1', ['same_domain', 'same_name'])]
    """

    entries: tuple[AccountMatchKeys, ...] = attrs.field(
        converter=_sorted_account_keys,
        validator=[is_tuple_of(AccountMatchKeys), _unique_entries("account_id")],
    )
    _by_domain: dict[str, tuple[AccountId, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _by_name: dict[str, tuple[AccountId, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        entries = self.entries
        by_domain = _index((e.domain, e.account_id) for e in entries if e.domain)
        by_name = _index((e.name, e.account_id) for e in entries if e.name)
        object.__setattr__(self, "_by_domain", by_domain)
        object.__setattr__(self, "_by_name", by_name)

    @classmethod
    def build(cls, accounts: Iterable[Account]) -> AccountIndex:
        """The index of ``accounts`` (each account once)."""
        keys = []
        for index, account in enumerate(accounts):
            if not isinstance(account, Account):
                fail(f"accounts[{index}]", f"expected an Account, got {describe(account)}")
            keys.append(AccountMatchKeys.of(account))
        return cls(entries=keys)

    def match(
        self, *, domain: str | None = None, name: str | None = None
    ) -> tuple[AccountMatch, ...]:
        """Accounts with the same normalised ``domain`` or company ``name``.

        ``domain`` may be a URL or an email domain; ``name`` is compared with
        :func:`~pcf_sales.core.normalised_company_name`. A blank name or domain
        is no key at all (it matches nothing). Accounts sharing both
        come first, then those sharing the domain, then the name; ties by id.
        """
        domain_key = check_field(Account, "domain", domain)
        name_key = None
        if name is not None:
            text = check_text(name, "name", max_length=300, allow_empty=True)
            name_key = normalised_company_name(text) or None
        found: dict[AccountId, list[AccountMatchReason]] = {}
        for account_id in self._by_domain.get(domain_key, ()) if domain_key else ():
            found.setdefault(account_id, []).append(AccountMatchReason.SAME_DOMAIN)
        for account_id in self._by_name.get(name_key, ()) if name_key else ():
            found.setdefault(account_id, []).append(AccountMatchReason.SAME_NAME)
        ranked = sorted(
            found.items(),
            key=lambda item: (
                -len(item[1]),
                AccountMatchReason.SAME_DOMAIN not in item[1],
                item[0],
            ),
        )
        return tuple(AccountMatch(account_id=i, reasons=tuple(r)) for i, r in ranked)


@attrs.frozen(kw_only=True)
class ContactIndex:
    """Contacts by account and matching keys, indexed once, looked up many times."""

    entries: tuple[ContactMatchKeys, ...] = attrs.field(
        converter=_sorted_contact_keys,
        validator=[is_tuple_of(ContactMatchKeys), _unique_entries("contact_id")],
    )
    _by_email: dict[tuple[str, str], tuple[ContactId, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _by_name: dict[tuple[str, str], tuple[ContactId, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _left: frozenset[ContactId] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        entries = self.entries
        by_email = _index(((e.account_id, e.email), e.contact_id) for e in entries if e.email)
        by_name = _index(((e.account_id, e.name), e.contact_id) for e in entries if e.name)
        object.__setattr__(self, "_by_email", by_email)
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_left", frozenset(e.contact_id for e in entries if e.left))

    @classmethod
    def build(cls, contacts: Iterable[Contact]) -> ContactIndex:
        """The index of ``contacts`` (each contact once)."""
        keys = []
        for index, contact in enumerate(contacts):
            if not isinstance(contact, Contact):
                fail(f"contacts[{index}]", f"expected a Contact, got {describe(contact)}")
            keys.append(ContactMatchKeys.of(contact))
        return cls(entries=keys)

    def match(
        self,
        *,
        account_id: AccountId,
        email: EmailAddress | str | None = None,
        name: str | None = None,
    ) -> tuple[ContactMatch, ...]:
        """Contacts of ``account_id`` with the same email (ignoring case) or full name
        (ignoring case and accents). Contacts still at the account come before
        those who have left (flagged ``left``); then those sharing both keys,
        then the email, then the name; ties by id. A blank name (a person
        known only by email, say) matches nothing."""
        account = check_id(account_id, "account_id")
        email_key = None
        if isinstance(email, EmailAddress):
            email_key = email.normalised
        elif email is not None:
            if not isinstance(email, str):
                fail("email", f"expected an email address, got {describe(email)}")
            email_key = EmailAddress(email).normalised
        name_key = None
        if name is not None:
            text = check_text(name, "name", max_length=300, allow_empty=True)
            name_key = _person_name(text) or None
        found: dict[ContactId, list[ContactMatchReason]] = {}
        for contact_id in self._by_email.get((account, email_key), ()) if email_key else ():
            found.setdefault(contact_id, []).append(ContactMatchReason.SAME_EMAIL)
        for contact_id in self._by_name.get((account, name_key), ()) if name_key else ():
            found.setdefault(contact_id, []).append(ContactMatchReason.SAME_NAME)
        left = self._left
        ranked = sorted(
            found.items(),
            key=lambda item: (
                item[0] in left,
                -len(item[1]),
                ContactMatchReason.SAME_EMAIL not in item[1],
                item[0],
            ),
        )
        return tuple(
            ContactMatch(contact_id=i, reasons=tuple(r), left=i in left) for i, r in ranked
        )


def find_matching_accounts(
    existing: Iterable[Account], *, domain: str | None = None, name: str | None = None
) -> tuple[AccountMatch, ...]:
    """Existing accounts with the same normalised ``domain`` or company ``name``.

    Indexes ``existing`` first (see :class:`AccountIndex`; build the index once
    yourself when matching many candidates against the same accounts).
    """
    return AccountIndex.build(existing).match(domain=domain, name=name)


def find_matching_contacts(
    existing: Iterable[Contact],
    *,
    account_id: AccountId,
    email: EmailAddress | str | None = None,
    name: str | None = None,
) -> tuple[ContactMatch, ...]:
    """Existing contacts of ``account_id`` with the same email or full name.

    Indexes ``existing`` first (see :class:`ContactIndex`).
    """
    return ContactIndex.build(existing).match(account_id=account_id, email=email, name=name)
