"""Involved parties and the full customer picture for an order (PCF 3.5.4.2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import attrs
import pendulum
import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pcf_sales.accounts import AccountStatus, ContactChannel, ContactStatus
from pcf_sales.core import AccountId, ContactId, PartyId, UserId
from pcf_sales.errors import InvalidTransition, ValidationError
from pcf_sales.orders import (
    INVOLVED_PARTY_LIFECYCLE,
    AddressPurpose,
    CommunicationProfile,
    CustomerPicture,
    InvolvedParty,
    OrderDocument,
    PartyAddress,
    PartyRole,
    PartyStatus,
    customer_picture,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_account,
    make_address,
    make_communication_profile,
    make_contact,
    make_document_route,
    make_involved_party,
    make_party_address,
    make_person_details,
)

BY = UserId("cs-2")
LATER = FIXED_INSTANT.add(days=1)
DAY = FIXED_INSTANT.date()
HAMBURG = make_address(line1="2 Dock Road", city="Hamburg", postal_code="20457", country="DE")


def _unchanged(party: InvolvedParty, run: Callable[[], object]) -> ValidationError:
    before = to_document(party)
    with pytest.raises(ValidationError) as error:
        run()
    assert to_document(party) == before
    return error.value


# -- commands ---------------------------------------------------------------------------------


def test_a_registered_party_applies_from_the_day_it_was_registered() -> None:
    party = make_involved_party(addresses=())
    assert (party.status, party.revision, party.valid_from) == (PartyStatus.ACTIVE, 1, DAY)
    assert party.history[0].event == "registered"
    assert party.applies_on(DAY)
    assert not party.applies_on(DAY.add(days=-1))


def test_modifying_changes_only_what_is_given() -> None:
    party = make_involved_party()
    renamed = party.modify(name="Analytical Engines, dock 4", at=LATER, by=BY)
    assert (renamed.name, renamed.role) == ("Analytical Engines, dock 4", PartyRole.SHIP_TO)
    assert renamed.history[-1].changes == ("name",)
    billed = party.modify(role=PartyRole.BILL_TO, at=LATER, by=BY)
    assert billed.role is PartyRole.BILL_TO


def test_recording_contact_details_links_a_contact_or_clears_it() -> None:
    party = make_involved_party(contact_id=None, person=None)
    linked = party.record_contact(
        person=make_person_details(), contact_id=ContactId("contact-1"), at=LATER, by=BY
    )
    assert linked.contact_id == "contact-1"
    cleared = linked.record_contact(person=None, at=LATER, by=BY)
    assert (cleared.person, cleared.contact_id) == (None, None)
    assert cleared.revision == 3


def test_a_new_address_end_dates_the_old_one_and_keeps_it() -> None:
    party = make_involved_party()
    moved = party.record_address(
        HAMBURG, purpose=AddressPurpose.SHIPPING, effective=DAY.add(days=30), at=LATER, by=BY
    )
    history = moved.address_history(AddressPurpose.SHIPPING)
    assert [(a.address.city, a.valid_from, a.valid_to) for a in history] == [
        ("Manchester", DAY, DAY.add(days=30)),
        ("Hamburg", DAY.add(days=30), None),
    ]
    assert moved.address_for(AddressPurpose.SHIPPING, on=DAY.add(days=29)) == make_address()
    assert moved.address_for(AddressPurpose.SHIPPING, on=DAY.add(days=30)) == HAMBURG
    assert moved.address_for(AddressPurpose.BILLING, on=DAY.add(days=30)) == make_address()
    assert moved.history[-1].event == "address_recorded"


def test_an_address_can_be_ended_without_a_replacement() -> None:
    party = make_involved_party().end_address(
        AddressPurpose.BILLING, effective=DAY.add(days=5), at=LATER, by=BY
    )
    assert party.address_for(AddressPurpose.BILLING, on=DAY.add(days=5)) is None
    assert party.address_history(AddressPurpose.BILLING)[0].valid_to == DAY.add(days=5)


def test_the_profile_routes_documents_and_falls_back_to_the_preferred_channel() -> None:
    party = make_involved_party().set_profile(
        make_communication_profile(key_customer=False), at=LATER, by=BY
    )
    assert not party.profile.key_customer
    assert party.profile.channel_for(OrderDocument.INVOICE) is ContactChannel.POST
    assert party.profile.channel_for(OrderDocument.DELIVERY_NOTE) is ContactChannel.EMAIL
    assert CommunicationProfile().channel_for(OrderDocument.INVOICE) is None


def test_a_review_is_recorded_with_what_was_found() -> None:
    reviewed = make_involved_party().review(at=LATER, by=BY, reason="dock hours confirmed")
    assert reviewed.reviewed_at == LATER
    assert (reviewed.history[-1].event, reviewed.history[-1].reason) == (
        "reviewed",
        "dock hours confirmed",
    )


def test_terminating_end_dates_the_party_and_its_addresses_and_keeps_the_record() -> None:
    party = make_involved_party().terminate(
        effective=DAY.add(days=10), reason="warehouse closed", at=LATER, by=BY
    )
    assert party.status is PartyStatus.TERMINATED
    assert party.valid_to == DAY.add(days=10)
    assert all(a.valid_to == DAY.add(days=10) for a in party.addresses)
    assert party.applies_on(DAY.add(days=9))
    assert not party.applies_on(DAY.add(days=10))
    assert party.history[-1].reason == "warehouse closed"


def test_terminating_withdraws_addresses_that_would_only_begin_later() -> None:
    party = make_involved_party().record_address(
        HAMBURG, purpose=AddressPurpose.SHIPPING, effective=DAY.add(days=30), at=LATER, by=BY
    )
    ended = party.terminate(effective=DAY.add(days=10), reason="closed", at=LATER, by=BY)
    assert [a.address.city for a in ended.address_history(AddressPurpose.SHIPPING)] == [
        "Manchester"
    ]


def test_a_terminated_party_can_still_be_reviewed_and_profiled_but_not_modified() -> None:
    party = make_involved_party(PartyStatus.TERMINATED)
    assert party.review(at=LATER, by=BY).revision == party.revision + 1
    assert party.set_profile(CommunicationProfile(), at=LATER, by=BY).profile.documents == ()
    with pytest.raises(InvalidTransition):
        party.modify(name="x", at=LATER, by=BY)
    with pytest.raises(InvalidTransition):
        party.record_address(
            HAMBURG, purpose=AddressPurpose.SHIPPING, effective=DAY.add(days=200), at=LATER, by=BY
        )


def test_a_reinstated_party_applies_again_with_its_history() -> None:
    party = make_involved_party(PartyStatus.TERMINATED).reinstate(
        at=LATER, by=BY, reason="warehouse reopened"
    )
    assert (party.status, party.valid_to) == (PartyStatus.ACTIVE, None)
    assert [e.event for e in party.history] == ["registered", "terminated", "reinstated"]
    assert party.allowed_commands() == INVOLVED_PARTY_LIFECYCLE.allowed(PartyStatus.ACTIVE)


# -- bad input --------------------------------------------------------------------------------


def test_modifying_with_nothing_to_change_is_refused() -> None:
    party = make_involved_party()
    assert _unchanged(party, lambda: party.modify(at=LATER, by=BY)).field == "name"


def test_replacing_an_address_from_a_day_not_after_it_began_is_refused() -> None:
    party = make_involved_party()
    error = _unchanged(
        party,
        lambda: party.record_address(
            HAMBURG, purpose=AddressPurpose.SHIPPING, effective=DAY, at=LATER, by=BY
        ),
    )
    assert error.field == "effective"


def test_ending_an_address_that_is_not_open_is_refused() -> None:
    party = make_involved_party(addresses=())
    error = _unchanged(
        party,
        lambda: party.end_address(AddressPurpose.SHIPPING, effective=DAY, at=LATER, by=BY),
    )
    assert error.field == "purpose"


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (lambda p: p.record_address("Hamburg", purpose=AddressPurpose.SHIPPING, effective=DAY,
                                    at=LATER, by=BY), "address"),
        (lambda p: p.record_address(HAMBURG, purpose="shipping", effective=DAY, at=LATER, by=BY),
         "purpose"),
        (lambda p: p.record_contact(person="Ada", at=LATER, by=BY), "person"),
        (lambda p: p.modify(role="payer", at=LATER, by=BY), "role"),
        (lambda p: p.set_profile("by post", at=LATER, by=BY), "profile"),
        (lambda p: p.terminate(effective=DAY.add(days=-1), reason="x", at=LATER, by=BY),
         "effective"),
        (lambda p: p.terminate(effective=DAY, reason="x", at=FIXED_INSTANT.add(hours=-1), by=BY),
         "at"),
    ],
)  # fmt: skip
def test_bad_arguments_are_refused_naming_the_field_and_change_nothing(
    command: Callable[[InvolvedParty], object], field: str
) -> None:
    party = make_involved_party()
    assert _unchanged(party, lambda: command(party)).field == field


def test_terminating_without_a_reason_is_refused() -> None:
    party = make_involved_party()
    before = to_document(party)
    with pytest.raises(ValidationError):
        party.terminate(effective=DAY, reason="", at=LATER, by=BY)
    assert to_document(party) == before


def test_overlapping_addresses_for_one_purpose_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_involved_party(addresses=[make_party_address(), make_party_address()])
    assert error.value.field == "addresses"


def test_an_address_ending_before_it_begins_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_party_address(valid_to=DAY)
    assert error.value.field == "valid_to"


def test_a_document_routed_twice_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_communication_profile(documents=[make_document_route(), make_document_route()])
    assert error.value.field == "documents[1]"


def test_an_active_party_with_an_end_day_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        attrs.evolve(make_involved_party(), valid_to=DAY.add(days=3))
    assert error.value.field == "valid_to"


# -- the customer picture ------------------------------------------------------------------------


def _picture(**records: Any) -> CustomerPicture:
    chosen: dict[str, Any] = {
        "account": make_account(),
        "contacts": [make_contact()],
        "parties": [make_involved_party()],
    }
    chosen.update(records)
    return customer_picture(
        chosen["account"], chosen["contacts"], chosen["parties"], at=FIXED_INSTANT.add(days=7)
    )


def test_the_picture_resolves_addresses_and_says_where_they_came_from() -> None:
    bill_to = make_involved_party(
        id=PartyId("PTY-2"),
        role=PartyRole.BILL_TO,
        addresses=[make_party_address(address=HAMBURG, purpose=AddressPurpose.BILLING)],
    )
    picture = _picture(parties=[make_involved_party(), bill_to])
    assert picture.ship_to is not None
    assert picture.bill_to is not None
    assert (picture.ship_to.source, picture.bill_to.source) == (
        "ship-to party PTY-1",
        "bill-to party PTY-2",
    )
    assert picture.bill_to.address == HAMBURG
    assert picture.parties_in(PartyRole.BILL_TO) == (bill_to,)
    assert picture.ready_to_order
    assert picture.key_customer
    assert picture.findings == ()


def test_without_parties_the_accounts_own_addresses_are_used() -> None:
    picture = _picture(parties=[])
    assert picture.ship_to is not None
    assert picture.bill_to is not None
    assert picture.ship_to.source == "account billing address"
    assert picture.bill_to.source == "account billing address"
    assert not picture.key_customer


def test_records_of_other_accounts_and_parties_not_in_force_are_left_out_and_noted() -> None:
    stranger = make_contact(id=ContactId("contact-9"), account_id=AccountId("account-2"))
    elsewhere = make_involved_party(id=PartyId("PTY-9"), account_id=AccountId("account-2"))
    ended = make_involved_party(PartyStatus.TERMINATED, id=PartyId("PTY-3"))
    picture = customer_picture(
        make_account(),
        [make_contact(), stranger],
        [elsewhere, ended],
        at=pendulum.datetime(2026, 7, 1, tz="UTC"),
    )
    assert picture.contacts == (make_contact(),)
    assert picture.parties == ()
    assert picture.findings == (
        "contact contact-9 belongs to account account-2; left out",
        "party PTY-9 belongs to account account-2; left out",
        "party PTY-3 does not apply on 2026-07-01; left out",
    )


def test_gaps_in_the_picture_are_noted() -> None:
    account = make_account(AccountStatus.CHURNED, billing_address=None)
    picture = _picture(account=account, contacts=[make_contact(ContactStatus.LEFT)], parties=[])
    assert not picture.ready_to_order
    assert picture.reach[0].active is False
    assert picture.findings == (
        "no shipping address on file",
        "no billing address on file",
        "the account is churned",
        "no contact may be reached through any channel",
    )


def test_a_party_naming_a_contact_not_passed_in_is_noted() -> None:
    picture = _picture(contacts=[])
    assert "party PTY-1 names contact contact-1, not passed in" in picture.findings


def test_the_picture_lists_the_channels_each_contact_may_be_reached_by() -> None:
    reach = _picture().reach
    assert [(r.contact_id, r.name, r.channels) for r in reach] == [
        ("contact-1", "Ada Lovelace", (ContactChannel.EMAIL,))
    ]


@pytest.mark.parametrize(
    ("records", "field"),
    [
        ({"account": "account-1"}, "account"),
        ({"contacts": ["contact-1"]}, "contacts[0]"),
        ({"parties": "PTY-1"}, "parties"),
    ],
)
def test_wrong_records_are_refused_naming_them(records: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        _picture(**records)
    assert error.value.field == field


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        customer_picture(make_account(), [], [], at=pendulum.naive(2026, 3, 9))
    assert error.value.field == "at"


# -- properties and the lifecycle -----------------------------------------------------------------


@given(strategies.customer_pictures())
def test_pictures_hold_only_the_accounts_records_and_round_trip(picture: CustomerPicture) -> None:
    assert all(c.account_id == picture.account.id for c in picture.contacts)
    assert all(
        p.account_id == picture.account.id and p.applies_on(picture.as_of) for p in picture.parties
    )
    assert picture.ready_to_order == (picture.ship_to is not None and picture.bill_to is not None)
    assert from_document(to_document(picture)) == picture


@given(st.from_type(PartyAddress))
def test_party_addresses_round_trip(address: PartyAddress) -> None:
    assert from_document(to_document(address)) == address


def _draw_fn(data: st.DataObject) -> st.DrawFn:
    return cast("st.DrawFn", data.draw)


_FORCE: dict[str, Callable[[InvolvedParty, pendulum.DateTime], InvolvedParty]] = {
    "modify": lambda p, at: p.modify(name="x", at=at, by=BY),
    "record_contact": lambda p, at: p.record_contact(person=None, at=at, by=BY),
    "record_address": lambda p, at: p.record_address(
        HAMBURG, purpose=AddressPurpose.SHIPPING, effective=at.date(), at=at, by=BY
    ),
    "end_address": lambda p, at: p.end_address(
        AddressPurpose.SHIPPING, effective=at.date(), at=at, by=BY
    ),
    "terminate": lambda p, at: p.terminate(effective=at.date(), reason="x", at=at, by=BY),
    "reinstate": lambda p, at: p.reinstate(at=at, by=BY, reason="x"),
}


class InvolvedPartyMachine(RuleBasedStateMachine):
    """Drives one party through random commands and checks it after each."""

    party: InvolvedParty

    @initialize(data=st.data())
    def register(self, data: st.DataObject) -> None:
        self.party = data.draw(strategies.involved_parties(max_steps=2), label="party")
        self.clock = self.party.history[-1].at

    @rule(data=st.data(), command=st.sampled_from(INVOLVED_PARTY_LIFECYCLE.commands()))
    def run(self, data: st.DataObject, command: str) -> None:
        before = self.party
        snapshot = to_document(before)
        self.clock = self.clock.add(hours=data.draw(st.integers(0, 24 * 40), label="hours"))
        at = self.clock
        if command not in before.allowed_commands():
            event(f"refused {command} while {before.status.value}")
            with pytest.raises(InvalidTransition) as error:
                _FORCE[command](before, at)
            assert error.value.allowed == INVOLVED_PARTY_LIFECYCLE.allowed(before.status)
            assert to_document(before) == snapshot
            return
        after = strategies.apply_party_step(_draw_fn(data), before, command, at, BY)
        assert to_document(before) == snapshot
        if after is before:
            event(f"{command} had nothing to do")
            return
        row = INVOLVED_PARTY_LIFECYCLE.transition(command)
        assert after.status is (before.status if row.target is None else row.target)
        assert after.revision == before.revision + 1
        assert after.history[:-1] == before.history
        assert after.history[-1].command == command
        for old in before.addresses:
            kept = [
                a
                for a in after.addresses
                if (a.address, a.purpose, a.valid_from)
                == (old.address, old.purpose, old.valid_from)
            ]
            assert kept or command == "terminate"
        self.party = after

    @invariant()
    def the_party_is_consistent_and_round_trips(self) -> None:
        party = self.party
        assert party.revision == len(party.history)
        INVOLVED_PARTY_LIFECYCLE.check_history(party)
        assert (party.valid_to is None) == (party.status is PartyStatus.ACTIVE)
        assert type(party)(**attrs.asdict(party, recurse=False)) == party
        assert from_document(to_document(party)) == party


TestInvolvedPartyLifecycle = InvolvedPartyMachine.TestCase
