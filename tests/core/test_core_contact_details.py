"""Contact details: email addresses, phone numbers, country codes, a person's details."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import (
    FREE_MAIL_DOMAINS,
    CountryCode,
    EmailAddress,
    PersonDetails,
    PhoneNumber,
    company_domain,
)
from pcf_sales.core._contact_details import is_country
from pcf_sales.errors import ValidationError
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    make_email_address,
    make_person_details,
    make_phone_number,
)

# --- email -----------------------------------------------------------------------


def test_an_email_address_keeps_the_local_part_and_lower_cases_the_domain() -> None:
    email = EmailAddress("  Jane.Doe@Example.COM ")
    assert email.address == "Jane.Doe@example.com"
    assert email.normalised == "jane.doe@example.com"
    assert email.domain == "example.com"
    assert str(email) == "Jane.Doe@example.com"


def test_addresses_differing_only_in_the_case_of_the_local_part_match_but_are_not_equal() -> None:
    upper, lower = EmailAddress("Ada@Example.com"), EmailAddress("ada@example.com")
    assert upper.normalised == lower.normalised
    assert upper != lower
    assert EmailAddress("ada@EXAMPLE.com") == lower


@pytest.mark.parametrize(
    "address",
    [
        "a@b.co",
        "first.last+tag@sub.example.com",
        "o'brien@example.ie",
        "x@example.xn--p1ai",
        "a" * 64 + "@example.com",
        "user@" + "d" * 63 + ".com",
    ],
)
def test_well_formed_addresses_are_accepted(address: str) -> None:
    assert EmailAddress(address).address == address


@pytest.mark.parametrize(
    ("address", "hint"),
    [
        ("ada.example.com", "expected name@domain"),
        ("@example.com", "expected name@domain"),
        ("a..b@example.com", "before the @"),
        (".ada@example.com", "before the @"),
        ("ada lovelace@example.com", "before the @"),
        ("a@@example.com", "before the @"),
        ("a" * 65 + "@example.com", "before the @"),
        ("ada@localhost", "with a dot"),
        ("ada@-acme.com", "invalid label"),
        ("ada@acme_corp.com", "invalid label"),
        ("ada@münchen.de", "invalid label"),
        ("ada@" + "d" * 64 + ".com", "invalid label"),
        ("ada@acme.c", "top-level domain"),
        ("ada@acme.com.", "top-level domain"),
        ("ada@acme.123", "top-level domain"),
        ("a" * 64 + "@" + ".".join(["d" * 60] * 3) + ".example", "at most 254 characters"),
    ],
)
def test_malformed_addresses_are_refused_naming_the_email(address: str, hint: str) -> None:
    with pytest.raises(ValidationError) as raised:
        EmailAddress(address)
    assert raised.value.field == "email"
    assert hint in raised.value.reason


def test_an_address_of_exactly_254_characters_is_accepted() -> None:
    address = "a" * 64 + "@" + ".".join(["d" * 60] * 3) + "." + "e" * 6
    assert len(address) == 254
    assert EmailAddress(address).address == address


@pytest.mark.parametrize("value", [None, 42, b"ada@example.com"])
def test_an_email_address_must_be_text(value: object) -> None:
    with pytest.raises(ValidationError) as raised:
        EmailAddress(value)  # type: ignore[arg-type]
    assert raised.value.field == "email"


@given(strategies.email_addresses())
def test_the_normalised_form_is_lower_case_and_itself_a_valid_address(email: EmailAddress) -> None:
    assert email.normalised == email.normalised.lower()
    assert EmailAddress(email.normalised).normalised == email.normalised
    assert email.address.endswith("@" + email.domain)


def test_free_mail_addresses_are_recognised_by_their_domain() -> None:
    assert EmailAddress("someone@GMAIL.com").is_free_mail
    assert "outlook.com" in FREE_MAIL_DOMAINS
    assert not make_email_address().is_free_mail


def test_the_company_domain_is_the_given_one_else_a_business_email_domain() -> None:
    business = make_email_address()
    assert company_domain("acme.example", business) == "acme.example"
    assert company_domain(None, business) == "analytical-engines.example"
    assert company_domain("", business) == "analytical-engines.example"
    assert company_domain(None, EmailAddress("ada@gmail.com")) is None
    assert company_domain(None, None) is None


def test_an_email_address_is_immutable() -> None:
    email = make_email_address()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        email.address = "other@example.com"  # type: ignore[misc]
    assert email == make_email_address()


# --- phone -----------------------------------------------------------------------


def test_an_e164_number_is_kept_as_given_without_surrounding_space() -> None:
    assert PhoneNumber(" +4930123456 ").e164 == "+4930123456"
    assert str(make_phone_number()) == "+442079460000"


@pytest.mark.parametrize(
    "value", ["4930123456", "+0301234567", "+123456", "+1234567890123456", "+49 30 123456", ""]
)
def test_a_number_not_in_e164_form_is_refused_pointing_to_parse(value: str) -> None:
    with pytest.raises(ValidationError) as raised:
        PhoneNumber(value)
    assert raised.value.field == "phone"
    assert "PhoneNumber.parse" in raised.value.reason


@pytest.mark.parametrize(
    ("text", "country", "e164"),
    [
        ("+49 30 1234-5678", None, "+493012345678"),
        ("0049 (30) 1234 5678", None, "+493012345678"),
        ("+1 (415) 555-0100", "DE", "+14155550100"),
        ("(030) 1234-5678", "DE", "+493012345678"),
        ("030/12345678", "DE", "+493012345678"),
        ("020 7946 0000", "GB", "+442079460000"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("8 495 123 45 67", "RU", "+74951234567"),
        ("1 415 555 0100", "US", "+14155550100"),
        ("415.555.0100", "US", "+14155550100"),
        ("011 44 20 7946 0000", "US", "+442079460000"),
        ("06 1 234 5678", "HU", "+3612345678"),
        ("\u00a0+33 1 23 45 67 89\u00a0", None, "+33123456789"),
    ],
)
def test_numbers_as_people_type_them_are_normalised_to_e164(
    text: str, country: str | None, e164: str
) -> None:
    assert PhoneNumber.parse(text, country=country) == PhoneNumber(e164)


def test_an_international_number_with_the_trunk_zero_in_brackets_drops_it() -> None:
    # The widespread "+44 (0)20 ..." style: the bracketed 0 is dialled only nationally.
    assert PhoneNumber.parse("+44 (0)20 7946 0000") == PhoneNumber("+442079460000")


@pytest.mark.parametrize(
    ("text", "country", "field", "hint"),
    [
        ("030 1234 5678", None, "phone", "national number"),
        ("+49 30 1234 5678 ext. 12", None, "phone", "letters"),
        ("+49 30 1234*5678", None, "phone", "not digits"),
        ("++49 30 12345678", None, "phone", "not digits"),
        ("+49 3", None, "phone", "E.164"),
        ("030 1234 5678", "de", "country", "calling code"),
        ("030 1234 5678", "XK", "country", "calling code"),
        ("030 1234 5678", "BV", "country", "calling code"),
    ],
)
def test_text_that_cannot_be_a_number_is_refused_with_the_field_named(
    text: str, country: str | None, field: str, hint: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        PhoneNumber.parse(text, country=country)
    assert raised.value.field == field
    assert hint in raised.value.reason


def test_parse_needs_text() -> None:
    with pytest.raises(ValidationError) as raised:
        PhoneNumber.parse(4930123456)  # type: ignore[arg-type]
    assert raised.value.field == "phone"


@given(strategies.phone_numbers(), st.sampled_from([" ", "-", ".", "/"]))
def test_a_formatted_e164_number_parses_back_to_itself(phone: PhoneNumber, sep: str) -> None:
    digits = phone.e164[1:]
    spaced = sep.join(digits[i : i + 3] for i in range(0, len(digits), 3))
    assert PhoneNumber.parse(f"+{spaced}") == phone
    assert PhoneNumber.parse(f"00{digits}") == phone
    assert PhoneNumber.parse(phone.e164) == phone


# --- country codes ---------------------------------------------------------------


@attrs.frozen
class _Office:
    headquarters: CountryCode = attrs.field(validator=is_country)


def test_a_country_field_accepts_an_assigned_code() -> None:
    assert _Office(CountryCode("DE")).headquarters == "DE"


@pytest.mark.parametrize("value", ["de", "XK", "DEU", "", 49, None])
def test_a_country_field_refuses_other_values_naming_its_own_field(value: object) -> None:
    with pytest.raises(ValidationError) as raised:
        _Office(value)  # type: ignore[arg-type]
    assert raised.value.field == "headquarters"


@given(strategies.country_codes())
def test_every_drawn_country_code_is_accepted(code: CountryCode) -> None:
    assert _Office(code).headquarters == code


# --- a person --------------------------------------------------------------------


def test_a_person_has_a_full_name_from_whichever_names_are_known() -> None:
    assert make_person_details().full_name == "Ada Lovelace"
    assert make_person_details(first_name=None).full_name == "Lovelace"
    assert make_person_details(last_name=None).full_name == "Ada"
    assert PersonDetails().full_name == ""


def test_names_and_title_are_trimmed_and_blank_ones_become_none() -> None:
    person = PersonDetails(first_name="  Ada ", last_name="   ", title="\tCTO ")
    assert (person.first_name, person.last_name, person.title) == ("Ada", None, "CTO")


def test_a_person_is_reachable_by_email_or_phone() -> None:
    assert make_person_details().is_reachable
    assert make_person_details(phone=None).is_reachable
    assert make_person_details(email=None).is_reachable
    assert not make_person_details(email=None, phone=None).is_reachable


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "ada@example.com"}, "email"),
        ({"phone": "+442079460000"}, "phone"),
        ({"first_name": "A" * 121}, "first_name"),
        ({"last_name": "Love\x00lace"}, "last_name"),
        ({"last_name": 42}, "last_name"),
        ({"title": "T" * 201}, "title"),
    ],
)
def test_bad_person_details_are_refused_with_the_field_named(
    overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        make_person_details(**overrides)
    assert raised.value.field == field


def test_changing_a_person_gives_a_new_value_and_leaves_the_old_one_alone() -> None:
    person = make_person_details()
    before = attrs.evolve(person)
    moved = attrs.evolve(person, phone=PhoneNumber("+4930123456"))
    assert moved.phone == PhoneNumber("+4930123456")
    assert person == before
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        person.title = "CEO"  # type: ignore[misc]


@given(strategies.person_details())
def test_a_person_rebuilt_from_its_fields_is_equal(person: PersonDetails) -> None:
    assert PersonDetails(**attrs.asdict(person, recurse=False)) == person
