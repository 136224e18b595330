"""Example tests of the Contact aggregate: commands, consent, refusals and bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given

from pcf_sales.accounts import (
    CONTACT_LIFECYCLE,
    BuyingRole,
    CommunicationPreferences,
    Consent,
    ConsentStatus,
    Contact,
    ContactChannel,
    ContactStatus,
    Stance,
)
from pcf_sales.core import AccountId, ContactId, CustomFields, EmailAddress, PersonDetails, UserId
from pcf_sales.errors import InvalidTransition, ValidationError
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_communication_preferences,
    make_consent,
    make_contact,
    make_person_details,
)

BY = UserId("am-7")


def _next(contact: Contact, hours: int = 1) -> pendulum.DateTime:
    return contact.updated_at.add(hours=hours)


def _check_step(
    before: Contact,
    after: Contact,
    command: str,
    event: str,
    to_state: ContactStatus,
    *,
    changes: tuple[str, ...] = (),
    reason: str | None = None,
) -> None:
    assert after.status is to_state
    assert after.revision == before.revision + 1
    assert after.history[:-1] == before.history
    entry = after.history[-1]
    assert (entry.command, entry.event, entry.from_state, entry.to_state) == (
        command,
        event,
        before.status,
        to_state,
    )
    assert entry.changes == changes
    assert entry.reason == reason
    untouched = {f.name for f in attrs.fields(Contact)} - {"status", "revision", "history"}
    for name in untouched - set(changes):
        assert getattr(after, name) == getattr(before, name), name


# --- add ------------------------------------------------------------------------------


def test_adding_a_contact_creates_it_active_at_revision_one() -> None:
    older = make_consent(at=FIXED_INSTANT.subtract(days=3))
    newer = make_consent(status=ConsentStatus.OPTED_OUT, at=FIXED_INSTANT.subtract(days=1))
    contact = Contact.add(
        id=ContactId("C-1"),
        at=FIXED_INSTANT,
        by=BY,
        account_id=AccountId("A-1"),
        person=make_person_details(),
        buying_role=BuyingRole.ECONOMIC_BUYER,
        stance=Stance.NEUTRAL,
        consents=[newer, older],
        tags=["CFO"],
    )
    assert contact.status is ContactStatus.ACTIVE
    assert contact.revision == 1
    assert contact.consents == (older, newer)
    assert contact.tags == ("cfo",)
    assert contact.preferences == CommunicationPreferences()
    assert contact.added_at == FIXED_INSTANT
    assert contact.history[0].event == "added"


def test_a_contact_needs_a_last_name_or_an_email() -> None:
    with pytest.raises(ValidationError) as error:
        make_contact(person=PersonDetails(first_name="Ada"))
    assert error.value.field == "person"


@pytest.mark.parametrize(
    "person",
    [PersonDetails(last_name="Lovelace"), PersonDetails(email=EmailAddress("ada@x.example"))],
)
def test_a_last_name_or_an_email_alone_is_enough(person: PersonDetails) -> None:
    assert make_contact(person=person).person == person


def test_adding_refuses_a_consent_later_than_the_contact() -> None:
    late = make_consent(at=FIXED_INSTANT.add(minutes=1))
    with pytest.raises(ValidationError) as error:
        make_contact(consents=[make_consent(), late])
    assert error.value.field == "consents[1].at"


def test_adding_refuses_something_that_is_not_a_consent() -> None:
    with pytest.raises(ValidationError) as error:
        make_contact(consents=["opted in"])
    assert error.value.field == "consents[0]"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("account_id", " "),
        ("buying_role", "champion"),
        ("stance", 1),
        ("preferences", {"language": "en"}),
        ("person", "Ada"),
    ],
)
def test_adding_refuses_bad_values_naming_the_field(field: str, value: object) -> None:
    overrides: dict[str, Any] = {field: value}
    with pytest.raises(ValidationError) as error:
        make_contact(**overrides)
    assert error.value.field == field


# --- consent --------------------------------------------------------------------------


def test_the_latest_consent_for_a_channel_is_the_one_in_force() -> None:
    contact = make_contact()
    assert contact.may_contact(ContactChannel.EMAIL)
    out = make_consent(status=ConsentStatus.OPTED_OUT, at=_next(contact))
    after = contact.record_consent(out, at=_next(contact), by=BY)
    _check_step(
        contact, after, "record_consent", "consent_recorded", ContactStatus.ACTIVE,
        changes=("consents",),
    )  # fmt: skip
    assert after.consent_for(ContactChannel.EMAIL) == out
    assert not after.may_contact(ContactChannel.EMAIL)
    assert after.may_contact(ContactChannel.EMAIL, as_of=FIXED_INSTANT)


def test_without_a_recorded_opt_in_a_channel_may_not_be_used() -> None:
    contact = make_contact()
    assert contact.consent_for(ContactChannel.PHONE) is None
    assert not contact.may_contact(ContactChannel.PHONE)


def test_a_consent_recorded_late_takes_its_place_in_time() -> None:
    contact = make_contact(consents=[make_consent(at=FIXED_INSTANT.subtract(days=1))])
    earlier_out = make_consent(
        status=ConsentStatus.OPTED_OUT, at=FIXED_INSTANT.subtract(days=5), source="call"
    )
    after = contact.record_consent(earlier_out, at=_next(contact), by=BY)
    assert after.consents[0] == earlier_out
    assert after.may_contact(ContactChannel.EMAIL)


def test_recording_the_same_consent_twice_changes_nothing() -> None:
    contact = make_contact()
    assert contact.record_consent(contact.consents[0], at=_next(contact), by=BY) is contact


def test_a_consent_cannot_be_later_than_its_recording() -> None:
    contact = make_contact()
    snapshot = to_document(contact)
    with pytest.raises(ValidationError) as error:
        contact.record_consent(make_consent(at=_next(contact, 5)), at=_next(contact), by=BY)
    assert error.value.field == "consent.at"
    assert to_document(contact) == snapshot


def test_a_contact_who_left_may_not_be_contacted_whatever_the_consent() -> None:
    contact = make_contact(ContactStatus.LEFT)
    assert contact.consent_for(ContactChannel.EMAIL) is not None
    assert not contact.may_contact(ContactChannel.EMAIL)


def test_an_opt_out_can_be_recorded_for_a_contact_who_left() -> None:
    contact = make_contact(ContactStatus.LEFT)
    out = make_consent(status=ConsentStatus.OPTED_OUT, at=_next(contact))
    after = contact.record_consent(out, at=_next(contact), by=BY)
    assert after.status is ContactStatus.LEFT
    assert after.consent_for(ContactChannel.EMAIL) == out


# --- lifecycle ------------------------------------------------------------------------


def test_a_contact_leaves_and_rejoins() -> None:
    contact = make_contact()
    left = contact.leave(at=_next(contact), by=BY, reason="joined a competitor")
    _check_step(contact, left, "leave", "left", ContactStatus.LEFT, reason="joined a competitor")
    assert not left.is_active
    back = left.rejoin(at=_next(left), by=BY)
    _check_step(left, back, "rejoin", "rejoined", ContactStatus.ACTIVE)


_CALLS: dict[str, Callable[[Contact, pendulum.DateTime], Contact]] = {
    "leave": lambda c, at: c.leave(at=at, by=BY),
    "rejoin": lambda c, at: c.rejoin(at=at, by=BY),
    "set_buying_role": lambda c, at: c.set_buying_role(BuyingRole.CHAMPION, at=at, by=BY),
    "set_stance": lambda c, at: c.set_stance(Stance.OPPOSED, at=at, by=BY),
}


@pytest.mark.parametrize("status", list(ContactStatus))
@pytest.mark.parametrize("command", sorted(_CALLS))
def test_state_bound_commands_run_exactly_where_the_table_allows_them(
    status: ContactStatus, command: str
) -> None:
    contact = make_contact(status)
    snapshot = to_document(contact)
    if status in CONTACT_LIFECYCLE.transition(command).sources:
        assert _CALLS[command](contact, _next(contact)).revision == contact.revision + 1
        return
    with pytest.raises(InvalidTransition) as error:
        _CALLS[command](contact, _next(contact))
    assert (error.value.aggregate, error.value.command, error.value.state) == (
        "Contact",
        command,
        status.value,
    )
    assert error.value.allowed == CONTACT_LIFECYCLE.allowed(status)
    assert to_document(contact) == snapshot


# --- data commands --------------------------------------------------------------------


def test_set_buying_role_and_stance() -> None:
    contact = make_contact()
    champion = contact.set_buying_role(BuyingRole.CHAMPION, at=_next(contact), by=BY)
    _check_step(
        contact, champion, "set_buying_role", "buying_role_set", ContactStatus.ACTIVE,
        changes=("buying_role",),
    )  # fmt: skip
    doubtful = champion.set_stance(Stance.SKEPTICAL, at=_next(champion), by=BY)
    _check_step(
        champion, doubtful, "set_stance", "stance_set", ContactStatus.ACTIVE, changes=("stance",)
    )
    assert doubtful.set_stance(None, at=_next(doubtful), by=BY).stance is None


def test_update_person_replaces_the_person() -> None:
    contact = make_contact()
    person = PersonDetails(first_name="Augusta", last_name="King")
    after = contact.update_person(person, at=_next(contact), by=BY)
    _check_step(
        contact, after, "update_person", "person_updated", ContactStatus.ACTIVE, changes=("person",)
    )
    assert after.person == person


def test_set_preferences_replaces_them() -> None:
    contact = make_contact()
    preferences = CommunicationPreferences(preferred_channel=ContactChannel.PHONE, language="de")
    after = contact.set_preferences(preferences, at=_next(contact), by=BY)
    assert after.preferences == preferences
    assert after.history[-1].event == "preferences_set"


def test_tags_and_custom_fields_on_a_contact() -> None:
    contact = make_contact()
    tagged = contact.tag("Board", at=_next(contact), by=BY)
    assert tagged.tags == ("board",)
    untagged = tagged.untag("board", at=_next(tagged), by=BY)
    assert untagged.tags == ()
    with_field = untagged.set_custom_field("linkedin", "ada", at=_next(untagged), by=BY)
    assert with_field.custom_fields["linkedin"] == "ada"
    without = with_field.remove_custom_field("linkedin", at=_next(with_field), by=BY)
    assert without.custom_fields == CustomFields()
    assert [e.event for e in without.history[-4:]] == [
        "tagged",
        "untagged",
        "custom_field_set",
        "custom_field_removed",
    ]


# --- fill_gaps ------------------------------------------------------------------------


def test_fill_gaps_fills_unknown_person_fields_role_stance_and_preferences() -> None:
    contact = make_contact(
        person=PersonDetails(last_name="Lovelace"),
        buying_role=None,
        stance=Stance.NEUTRAL,
        preferences=CommunicationPreferences(language="en"),
    )
    after = contact.fill_gaps(
        at=_next(contact),
        by=BY,
        person=make_person_details(last_name="Byron"),
        buying_role=BuyingRole.USER,
        stance=Stance.OPPOSED,
        preferences=make_communication_preferences(language="fr"),
        custom_fields={"source": "lead"},
    )
    _check_step(
        contact, after, "fill_gaps", "gaps_filled", ContactStatus.ACTIVE,
        changes=("buying_role", "custom_fields", "person", "preferences"),
    )  # fmt: skip
    assert after.person.last_name == "Lovelace"
    assert after.person.first_name == "Ada"
    assert after.person.email is not None
    assert after.stance is Stance.NEUTRAL
    assert after.buying_role is BuyingRole.USER
    assert after.preferences.language == "en"
    assert after.preferences.preferred_channel is ContactChannel.EMAIL


def test_fill_gaps_with_nothing_new_returns_the_contact_unchanged() -> None:
    contact = make_contact()
    assert contact.fill_gaps(at=_next(contact), by=BY, person=contact.person) is contact


# --- bad input ----------------------------------------------------------------------------

_BAD: list[tuple[str, Callable[[Contact, pendulum.DateTime], object], str]] = [
    ("person", lambda c, at: c.update_person("Ada", at=at, by=BY), "person"),  # type: ignore[arg-type]
    (
        "person without name",
        lambda c, at: c.update_person(PersonDetails(first_name="A"), at=at, by=BY),
        "person",
    ),
    ("role", lambda c, at: c.set_buying_role("user", at=at, by=BY), "buying_role"),  # type: ignore[arg-type]
    ("stance", lambda c, at: c.set_stance("neutral", at=at, by=BY), "stance"),  # type: ignore[arg-type]
    ("preferences", lambda c, at: c.set_preferences(None, at=at, by=BY), "preferences"),  # type: ignore[arg-type]
    ("consent", lambda c, at: c.record_consent("yes", at=at, by=BY), "consent"),  # type: ignore[arg-type]
    ("fill person", lambda c, at: c.fill_gaps(person="Ada", at=at, by=BY), "person"),  # type: ignore[arg-type]
    ("fill role", lambda c, at: c.fill_gaps(buying_role="user", at=at, by=BY), "buying_role"),  # type: ignore[arg-type]
    (
        "fill preferences",
        lambda c, at: c.fill_gaps(preferences="email", at=at, by=BY),  # type: ignore[arg-type]
        "preferences",
    ),
    ("untag absent", lambda c, at: c.untag("nope", at=at, by=BY), "tags"),
    ("remove absent field", lambda c, at: c.remove_custom_field("nope", at=at, by=BY), "key"),
    ("custom key", lambda c, at: c.set_custom_field("No Good", 1, at=at, by=BY), "key"),
    ("custom value", lambda c, at: c.set_custom_field("ok", {}, at=at, by=BY), "value"),  # type: ignore[arg-type]
    ("blank tag", lambda c, at: c.tag("a", "", at=at, by=BY), "tags[1]"),
    ("earlier", lambda c, at: c.leave(at=at.subtract(days=9), by=BY), "at"),
]


@pytest.mark.parametrize(("case", "run", "field"), _BAD, ids=[c[0] for c in _BAD])
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(
    case: str, run: Callable[[Contact, pendulum.DateTime], object], field: str
) -> None:
    contact = make_contact()
    snapshot = to_document(contact)
    with pytest.raises(ValidationError) as error:
        run(contact, _next(contact))
    assert error.value.field == field
    assert to_document(contact) == snapshot


@pytest.mark.parametrize("language", ["EN", "english", "e", "en_GB"])
def test_preferences_refuse_what_is_not_a_language_tag(language: str) -> None:
    with pytest.raises(ValidationError) as error:
        CommunicationPreferences(language=language)
    assert error.value.field == "language"


def test_a_consent_needs_an_aware_instant() -> None:
    with pytest.raises(ValidationError) as error:
        Consent(
            channel=ContactChannel.SMS,
            status=ConsentStatus.OPTED_IN,
            at=pendulum.naive(2026, 1, 1),
        )
    assert error.value.field == "at"


def test_a_contact_with_unordered_consents_is_refused() -> None:
    contact = make_contact(
        consents=[make_consent(at=FIXED_INSTANT.subtract(days=2)), make_consent()]
    )
    fields: dict[str, Any] = {f.name: getattr(contact, f.name) for f in attrs.fields(Contact)}
    fields["consents"] = tuple(reversed(contact.consents))
    with pytest.raises(ValidationError) as error:
        Contact(**fields)
    assert error.value.field == "consents"


@given(strategies.contacts())
def test_every_contact_round_trips_through_its_document(contact: Contact) -> None:
    assert from_document(to_document(contact)) == contact


def test_a_single_string_of_tags_is_refused_rather_than_split_into_letters() -> None:
    with pytest.raises(ValidationError) as caught:
        Contact.add(
            id=ContactId("C-1"),
            at=pendulum.datetime(2026, 3, 2, 9, tz="UTC"),
            by=UserId("u-1"),
            account_id=AccountId("A-1"),
            person=PersonDetails(last_name="Okafor"),
            tags="vip",
        )
    assert caught.value.field == "tags"


def test_filling_gaps_of_a_contact_who_has_left_skips_buying_role_and_stance() -> None:
    at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    contact = Contact.add(
        id=ContactId("C-1"),
        at=at,
        by=UserId("u-1"),
        account_id=AccountId("A-1"),
        person=PersonDetails(last_name="Okafor"),
    )
    left = contact.leave(at=at.add(days=1), by=UserId("u-1"))
    filled = left.fill_gaps(
        at=at.add(days=2),
        by=UserId("u-1"),
        person=PersonDetails(last_name="Okafor", first_name="Amara"),
        buying_role=BuyingRole.CHAMPION,
        stance=Stance.SUPPORTIVE,
    )
    assert (filled.buying_role, filled.stance) == (None, None)
    assert filled.person.first_name == "Amara"
    assert filled.history[-1].changes == ("person",)
    only_role = left.fill_gaps(at=at.add(days=2), by=UserId("u-1"), buying_role=BuyingRole.USER)
    assert only_role is left
