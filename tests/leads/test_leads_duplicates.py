"""Duplicate suspects: same email, or same company domain and name; never the lead itself."""

from __future__ import annotations

from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import EmailAddress, LeadId, PersonDetails
from pcf_sales.errors import ValidationError
from pcf_sales.leads import (
    CompanyDetails,
    DuplicateSuspect,
    Lead,
    MatchReason,
    find_duplicate_suspects,
    normalised_name,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import make_lead


def _lead(
    lead_id: str,
    *,
    first: str | None = "Ada",
    last: str | None = "Lovelace",
    email: str | None = None,
    domain: str | None = None,
) -> Lead:
    return make_lead(
        id=LeadId(lead_id),
        person=PersonDetails(
            first_name=first,
            last_name=last,
            email=None if email is None else EmailAddress(email),
        ),
        company=CompanyDetails(name="Some Company", domain=domain),
    )


def _ids(suspects: tuple[DuplicateSuspect, ...]) -> list[str]:
    return [s.lead_id for s in suspects]


# --- normalised_name --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  José   García ", "jose garcia"),
        ("ADA lovelace", "ada lovelace"),
        ("Zoë\tBrontë", "zoe bronte"),
        ("Straße", "strasse"),
        ("Ångström", "angstrom"),
        ("", ""),
    ],
)
def test_normalised_names_drop_accents_case_and_extra_spaces(raw: str, expected: str) -> None:
    assert normalised_name(raw) == expected


@given(st.text(max_size=40))
def test_normalising_a_name_twice_changes_nothing_more(raw: str) -> None:
    once = normalised_name(raw)
    assert normalised_name(once) == once
    assert once == once.strip()
    assert "  " not in once


# --- matching ------------------------------------------------------------------------------------


def test_the_same_email_in_another_case_is_a_suspect() -> None:
    new = _lead("new", email="Ada.Lovelace@Analytical.example")
    old = _lead("old", first="A.", last="L.", email="ada.lovelace@analytical.EXAMPLE")
    (suspect,) = find_duplicate_suspects(new, [old])
    assert suspect.lead_id == "old"
    assert suspect.reasons == (MatchReason.SAME_EMAIL,)


def test_the_same_company_domain_and_name_ignoring_accents_and_case_is_a_suspect() -> None:
    new = _lead("new", first="José", last="García", domain="acme.example")
    old = _lead("old", first="JOSE", last="garcia", domain="www.Acme.example")
    (suspect,) = find_duplicate_suspects(new, [old])
    assert suspect == DuplicateSuspect(
        lead_id=LeadId("old"), reasons=(MatchReason.SAME_COMPANY_AND_NAME,)
    )


def test_a_business_email_domain_stands_in_for_the_company_domain() -> None:
    new = _lead("new", email="ada@acme.example")
    old = _lead("old", email="a.lovelace@acme.example")
    (suspect,) = find_duplicate_suspects(new, [old])
    assert suspect.reasons == (MatchReason.SAME_COMPANY_AND_NAME,)


def test_a_recorded_domain_matches_a_business_email_domain() -> None:
    new = _lead("new", domain="acme.example")
    old = _lead("old", email="ada.l@acme.example")
    assert _ids(find_duplicate_suspects(new, [old])) == ["old"]


def test_a_free_mail_domain_does_not_count_as_a_company_domain() -> None:
    new = _lead("new", email="ada1@gmail.com")
    old = _lead("old", email="ada2@gmail.com")
    assert find_duplicate_suspects(new, [old]) == ()


def test_the_same_name_at_different_domains_is_not_a_suspect() -> None:
    new = _lead("new", domain="acme.example")
    others = [
        _lead("a", domain="acme.example.org"),
        _lead("b", domain="globex.example"),
        _lead("c", email="ada@initech.example"),
        _lead("d"),
    ]
    assert find_duplicate_suspects(new, others) == ()


def test_a_different_name_at_the_same_domain_is_not_a_suspect() -> None:
    new = _lead("new", domain="acme.example")
    old = _lead("old", first="Grace", last="Hopper", domain="acme.example")
    assert find_duplicate_suspects(new, [old]) == ()


def test_a_lead_without_email_or_domain_has_no_suspects() -> None:
    assert find_duplicate_suspects(_lead("new"), [_lead("old")]) == ()


def test_a_lead_sharing_email_and_company_name_gives_both_reasons() -> None:
    new = _lead("new", email="ada@acme.example")
    old = _lead("old", email="ADA@acme.example")
    (suspect,) = find_duplicate_suspects(new, [old])
    assert suspect.reasons == (MatchReason.SAME_EMAIL, MatchReason.SAME_COMPANY_AND_NAME)


def test_the_lead_itself_is_never_its_own_suspect() -> None:
    lead = _lead("same", email="ada@acme.example", domain="acme.example")
    assert find_duplicate_suspects(lead, [lead]) == ()
    other = _lead("other", email="ada@acme.example")
    assert _ids(find_duplicate_suspects(lead, [lead, other, lead])) == ["other"]


def test_an_earlier_revision_of_the_lead_is_not_a_suspect_either() -> None:
    lead = _lead("same", email="ada@acme.example")
    later = lead.start_working(at=lead.updated_at.add(hours=1), by=lead.history[0].by)
    assert find_duplicate_suspects(later, [lead]) == ()


def test_email_matches_come_before_company_and_name_matches() -> None:
    new = _lead("new", email="ada@acme.example")
    by_name = _lead("a-name", email="a.lovelace@acme.example")
    by_email = _lead("z-email", first="Augusta", last="King", email="ada@acme.example")
    also_name = _lead("b-name", domain="acme.example")
    suspects = find_duplicate_suspects(new, [by_name, also_name, by_email])
    assert _ids(suspects) == ["z-email", "a-name", "b-name"]
    assert suspects[0].reasons == (MatchReason.SAME_EMAIL,)


def test_suspects_of_equal_strength_are_ordered_by_id() -> None:
    new = _lead("new", email="ada@acme.example")
    olds = [_lead(i, email="ada@acme.example") for i in ("c", "a", "b")]
    assert _ids(find_duplicate_suspects(new, olds)) == ["a", "b", "c"]


def test_no_existing_leads_means_no_suspects() -> None:
    assert find_duplicate_suspects(_lead("new", email="ada@acme.example"), []) == ()


def test_the_existing_leads_may_be_any_iterable() -> None:
    new = _lead("new", email="ada@acme.example")
    olds = (lead for lead in [_lead("old", email="ada@acme.example")])
    assert _ids(find_duplicate_suspects(new, olds)) == ["old"]


def test_something_that_is_not_a_lead_among_the_existing_is_refused_by_position() -> None:
    new = _lead("new", email="ada@acme.example")
    with pytest.raises(ValidationError) as error:
        find_duplicate_suspects(new, [_lead("old"), cast("Any", "lead-2")])
    assert error.value.field == "leads[1]"


def test_something_that_is_not_a_lead_to_check_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        find_duplicate_suspects(cast("Any", "lead-1"), [_lead("old")])
    assert error.value.field == "lead"


def test_a_suspect_needs_a_reason() -> None:
    with pytest.raises(ValidationError) as error:
        DuplicateSuspect(lead_id=LeadId("old"), reasons=())
    assert error.value.field == "reasons"


def test_a_suspect_may_not_give_the_same_reason_twice() -> None:
    with pytest.raises(ValidationError) as error:
        DuplicateSuspect(
            lead_id=LeadId("old"), reasons=(MatchReason.SAME_EMAIL, MatchReason.SAME_EMAIL)
        )
    assert error.value.field == "reasons[1]"


# --- properties ---------------------------------------------------------------------------------


def _expected_suspects(lead: Lead, existing: list[Lead]) -> list[DuplicateSuspect]:
    """The suspects worked out the slow way: every pair compared, strongest first."""
    email = None if lead.person.email is None else lead.person.email.normalised
    name = normalised_name(lead.person.full_name)
    found: dict[str, list[MatchReason]] = {}
    for other in existing:
        if other.id == lead.id:
            continue
        reasons = found.setdefault(other.id, [])
        other_email = None if other.person.email is None else other.person.email.normalised
        if email is not None and other_email == email:
            reasons.append(MatchReason.SAME_EMAIL)
        if (
            lead.company_domain is not None
            and name
            and other.company_domain == lead.company_domain
            and normalised_name(other.person.full_name) == name
        ):
            reasons.append(MatchReason.SAME_COMPANY_AND_NAME)
    ranked = sorted(
        ((i, r) for i, r in found.items() if r),
        key=lambda item: (MatchReason.SAME_EMAIL not in item[1], item[0]),
    )
    return [DuplicateSuspect(lead_id=LeadId(i), reasons=tuple(r)) for i, r in ranked]


@given(
    st.from_type(Lead),
    st.lists(st.from_type(Lead), max_size=3, unique_by=lambda lead: lead.id),
    st.data(),
)
def test_the_suspects_are_exactly_the_leads_sharing_a_key(
    lead: Lead, strangers: list[Lead], data: st.DataObject
) -> None:
    # Mix in look-alikes of the lead (its person or a stranger's, with its company or none)
    # under other ids so that matches are common, and shuffle everything with the lead itself.
    people = [lead.person, *(s.person for s in strangers)]
    look_alikes = [
        make_lead(
            id=LeadId(f"look-alike-{index}"),
            person=data.draw(st.sampled_from(people)),
            company=data.draw(st.sampled_from([lead.company, CompanyDetails()])),
        )
        for index in range(data.draw(st.integers(min_value=0, max_value=3)))
    ]
    existing = [s for s in strangers if s.id != lead.id]
    existing = data.draw(st.permutations([*existing, *look_alikes, lead]))
    suspects = find_duplicate_suspects(lead, existing)
    assert list(suspects) == _expected_suspects(lead, existing)
    assert lead.id not in _ids(suspects)


def test_an_existing_lead_listed_twice_is_one_suspect() -> None:
    new = _lead("new", email="ada@acme.example")
    old = _lead("old", email="ada@acme.example")
    later = old.start_working(at=old.updated_at.add(hours=1), by=old.history[0].by)
    assert find_duplicate_suspects(new, [old, later]) == (
        DuplicateSuspect(
            lead_id=LeadId("old"),
            reasons=(MatchReason.SAME_EMAIL, MatchReason.SAME_COMPANY_AND_NAME),
        ),
    )


@given(st.from_type(Lead))
def test_a_copy_under_another_id_is_found_by_every_key_it_has(lead: Lead) -> None:
    copy = make_lead(
        id=LeadId(f"{lead.id}-copy"),
        person=lead.person,
        company=lead.company,
    )
    found = find_duplicate_suspects(lead, [copy])
    shares_name_at_company = lead.company_domain is not None and bool(
        normalised_name(lead.person.full_name)
    )
    if lead.person.email is not None:
        assert _ids(found) == [copy.id]
        assert MatchReason.SAME_EMAIL in found[0].reasons
    elif shares_name_at_company:
        assert found == (
            DuplicateSuspect(lead_id=copy.id, reasons=(MatchReason.SAME_COMPANY_AND_NAME,)),
        )
    else:
        assert found == ()


@given(st.from_type(DuplicateSuspect))
def test_suspects_round_trip_through_a_document(suspect: DuplicateSuspect) -> None:
    assert from_document(to_document(suspect)) == suspect
