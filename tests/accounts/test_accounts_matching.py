"""Finding existing accounts and contacts by normalised keys (what lead conversion needs)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.accounts import (
    Account,
    AccountIndex,
    AccountMatch,
    AccountMatchKeys,
    AccountMatchReason,
    ContactIndex,
    ContactMatchKeys,
    ContactMatchReason,
    find_matching_accounts,
    find_matching_contacts,
)
from pcf_sales.core import AccountId, ContactId, EmailAddress, PersonDetails
from pcf_sales.errors import ValidationError
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import make_account, make_contact

SAME_DOMAIN = AccountMatchReason.SAME_DOMAIN
SAME_NAME = AccountMatchReason.SAME_NAME


def _accounts() -> list[Account]:
    return [
        make_account(id=AccountId("a-1"), name="Acme Inc.", domain="acme.example"),
        make_account(id=AccountId("a-2"), name="ACME", domain=None),
        make_account(id=AccountId("a-3"), name="Globex", domain="acme.example"),
        make_account(id=AccountId("a-4"), name="Initech", domain="initech.example"),
    ]


def test_accounts_are_found_by_domain_and_by_name_strongest_first() -> None:
    matches = find_matching_accounts(
        _accounts(),
        domain="https://www.ACME.example/contact",
        name="The Acme Company",
    )
    assert matches == (
        AccountMatch(account_id=AccountId("a-1"), reasons=(SAME_DOMAIN, SAME_NAME)),
        AccountMatch(account_id=AccountId("a-3"), reasons=(SAME_DOMAIN,)),
        AccountMatch(account_id=AccountId("a-2"), reasons=(SAME_NAME,)),
    )


def test_no_keys_find_nothing() -> None:
    index = AccountIndex.build(_accounts())
    assert index.match() == ()
    assert index.match(domain="", name="  ") == ()
    contacts = ContactIndex.build([make_contact()])
    assert contacts.match(account_id=AccountId("account-1"), name="") == ()
    assert index.match(domain="unknown.example", name="Nobody") == ()


def test_an_account_index_holds_each_accounts_keys() -> None:
    index = AccountIndex.build([make_account()])
    assert index.entries == (
        AccountMatchKeys(
            account_id=AccountId("account-1"),
            domain="analytical-engines.example",
            name="analytical engines",
        ),
    )
    assert from_document(to_document(index)).match(name="Analytical Engines Ltd") == index.match(
        name="Analytical Engines Ltd"
    )


def test_matching_refuses_bad_keys() -> None:
    index = AccountIndex.build([make_account()])
    with pytest.raises(ValidationError) as domain:
        index.match(domain="not a domain")
    assert domain.value.field == "domain"
    with pytest.raises(ValidationError) as name:
        index.match(name=7)  # type: ignore[arg-type]
    assert name.value.field == "name"
    with pytest.raises(ValidationError) as not_account:
        AccountIndex.build([make_account(), "acme"])  # type: ignore[list-item]
    assert not_account.value.field == "accounts[1]"
    with pytest.raises(ValidationError) as twice:
        AccountIndex(entries=[AccountMatchKeys(account_id=AccountId("a"))] * 2)
    assert twice.value.field == "entries"


def test_contacts_are_found_within_their_account_by_email_and_name() -> None:
    ada = make_contact(id=ContactId("c-1"))
    namesake = make_contact(
        id=ContactId("c-2"),
        person=PersonDetails(first_name="ADA", last_name="Lóvelace"),
    )
    elsewhere = make_contact(id=ContactId("c-3"), account_id=AccountId("account-9"))
    existing = [ada, namesake, elsewhere]
    matches = find_matching_contacts(
        existing,
        account_id=AccountId("account-1"),
        email="Ada.Lovelace@Analytical-Engines.example",
        name="Ada Lovelace",
    )
    assert [(m.contact_id, m.reasons) for m in matches] == [
        ("c-1", (ContactMatchReason.SAME_EMAIL, ContactMatchReason.SAME_NAME)),
        ("c-2", (ContactMatchReason.SAME_NAME,)),
    ]
    other = find_matching_contacts(
        existing,
        account_id=AccountId("account-9"),
        email=EmailAddress("ada.lovelace@analytical-engines.example"),
    )
    assert [m.contact_id for m in other] == ["c-3"]


def test_contact_matching_refuses_bad_input() -> None:
    index = ContactIndex.build([make_contact()])
    with pytest.raises(ValidationError) as email:
        index.match(account_id=AccountId("account-1"), email="not-an-email")
    assert email.value.field == "email"
    with pytest.raises(ValidationError) as account:
        index.match(account_id=" ")  # type: ignore[arg-type]
    assert account.value.field == "account_id"
    with pytest.raises(ValidationError) as not_contact:
        ContactIndex.build([make_account()])  # type: ignore[list-item]
    assert not_contact.value.field == "contacts[0]"


# --- properties -----------------------------------------------------------------------


@given(
    st.lists(strategies.account_match_keys(), max_size=12, unique_by=lambda k: k.account_id),
    st.data(),
)
def test_the_index_finds_exactly_what_comparing_every_pair_would(
    keys: list[AccountMatchKeys], data: st.DataObject
) -> None:
    index = AccountIndex(entries=keys)
    probe: AccountMatchKeys | None = None
    use_existing: bool = data.draw(st.booleans())
    if keys and use_existing:
        probe = data.draw(st.sampled_from(keys))
    domain = probe.domain if probe else data.draw(st.none() | strategies.web_domains())
    name = probe.name if probe else data.draw(st.none() | st.sampled_from(("acme", "globex")))
    expected = {
        k.account_id
        for k in keys
        if (domain is not None and k.domain == domain) or (name is not None and k.name == name)
    }
    found = index.match(domain=domain, name=name)
    assert {m.account_id for m in found} == expected
    assert [len(m.reasons) for m in found] == sorted((len(m.reasons) for m in found), reverse=True)


@given(
    st.lists(strategies.contact_match_keys(), max_size=12, unique_by=lambda k: k.contact_id),
    st.data(),
)
def test_contacts_never_match_across_accounts(
    keys: list[ContactMatchKeys], data: st.DataObject
) -> None:
    index = ContactIndex(entries=keys)
    probe = data.draw(st.sampled_from(keys)) if keys else None
    if probe is None:
        return
    found = index.match(account_id=probe.account_id, email=probe.email, name=probe.name)
    by_id = {k.contact_id: k for k in keys}
    assert all(by_id[m.contact_id].account_id == probe.account_id for m in found)
    if probe.email is not None or probe.name is not None:
        assert probe.contact_id in {m.contact_id for m in found}


@given(strategies.accounts())
def test_an_account_always_finds_itself(account: Account) -> None:
    matches = find_matching_accounts([account], domain=account.domain, name=account.name)
    keys = AccountMatchKeys.of(account)
    assert bool(matches) == (keys.domain is not None or keys.name is not None)
