"""Lead conversion: a plan that proposes matches and can be adjusted, carried out in one step
that never duplicates a person and fills only what existing records lack."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from pcf_sales.accounts import (
    Account,
    AccountMatchReason,
    Contact,
    ContactMatchReason,
    ContactStatus,
    SizeBand,
    find_matching_contacts,
)
from pcf_sales.core import (
    AccountId,
    ContactId,
    EmailAddress,
    LeadId,
    OpportunityId,
    UserId,
    money,
)
from pcf_sales.errors import CurrencyMismatch, InvalidTransition, ValidationError
from pcf_sales.leads import CompanyDetails, Lead, LeadStatus
from pcf_sales.opportunities import (
    ConversionIndex,
    ConversionPlan,
    ConversionResult,
    MatchAction,
    OpportunityStatus,
    RecurringRevenue,
    convert_lead,
    plan_lead_conversion,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    make_account,
    make_company_details,
    make_contact,
    make_lead,
    make_opportunity_draft,
    make_person_details,
)

BY = UserId("ae-1")
NEW_ACCOUNT = AccountId("AC-new")
NEW_CONTACT = ContactId("CT-new")


def _plan(lead: Lead, index: ConversionIndex, **kwargs: Any) -> ConversionPlan:
    return plan_lead_conversion(
        lead, index=index, new_account_id=NEW_ACCOUNT, new_contact_id=NEW_CONTACT, **kwargs
    )


def _bare_account() -> Account:
    """Analytical Engines with only a name and a domain: gaps to fill."""
    return Account.open(
        id=AccountId("account-1"),
        at=make_lead().received_at.subtract(days=30),
        by=BY,
        name="Analytical Engines",
        domain="analytical-engines.example",
    )


# --- planning ---------------------------------------------------------------------------------


def test_with_nothing_to_match_the_plan_creates_both_records() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    plan = _plan(lead, ConversionIndex.build())
    assert plan.lead_id == lead.id
    assert (plan.account.action, plan.account.account_id) == (MatchAction.CREATE, NEW_ACCOUNT)
    assert plan.account.new_account_name == "Analytical Engines Ltd"
    assert (plan.contact.action, plan.contact.contact_id) == (MatchAction.CREATE, NEW_CONTACT)
    assert plan.opportunity is None
    assert plan.account.candidates == ()
    assert plan.contact.candidates == ()


def test_an_account_with_the_leads_domain_is_proposed_and_used() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    plan = _plan(lead, ConversionIndex.build([make_account()]))
    assert plan.account.action is MatchAction.USE_EXISTING
    assert plan.account.account_id == "account-1"
    (match,) = plan.account.candidates
    assert match.reasons == (AccountMatchReason.SAME_DOMAIN, AccountMatchReason.SAME_NAME)
    assert plan.contact.action is MatchAction.CREATE


def test_a_contact_with_the_leads_email_is_used_with_their_account() -> None:
    lead = make_lead(LeadStatus.QUALIFIED, company=CompanyDetails(name="Somewhere Else"))
    elsewhere = make_account(id=AccountId("account-7"), name="Other", domain="other.example")
    contact = make_contact(account_id=elsewhere.id)
    plan = _plan(lead, ConversionIndex.build([elsewhere], [contact]))
    assert plan.contact.action is MatchAction.USE_EXISTING
    assert plan.contact.contact_id == contact.id
    assert plan.account.account_id == elsewhere.id
    (candidate,) = plan.contact.candidates
    assert candidate.reasons == (ContactMatchReason.SAME_EMAIL, ContactMatchReason.SAME_NAME)
    assert candidate.account_id == elsewhere.id


def test_email_matching_ignores_case() -> None:
    person = make_person_details(email=EmailAddress("ADA.Lovelace@Analytical-Engines.example"))
    lead = make_lead(LeadStatus.QUALIFIED, person=person)
    plan = _plan(lead, ConversionIndex.build([make_account()], [make_contact()]))
    assert plan.contact.contact_id == "contact-1"


def test_a_contact_with_the_leads_name_at_the_matched_account_is_proposed() -> None:
    renamed = make_person_details(email=EmailAddress("ada@elsewhere.example"))
    lead = make_lead(LeadStatus.QUALIFIED, person=renamed)
    plan = _plan(lead, ConversionIndex.build([make_account()], [make_contact()]))
    (candidate,) = plan.contact.candidates
    assert candidate.reasons == (ContactMatchReason.SAME_NAME,)
    assert plan.contact.action is MatchAction.USE_EXISTING
    assert plan.create_contact().contact.action is MatchAction.CREATE


def test_creating_a_second_contact_with_the_same_email_is_refused() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    plan = _plan(lead, ConversionIndex.build([make_account()], [make_contact()]))
    with pytest.raises(ValidationError) as caught:
        plan.create_contact()
    assert caught.value.field == "action"
    assert "contact-1" in caught.value.reason


def test_the_caller_can_adjust_every_part_of_the_plan() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    plan = _plan(lead, ConversionIndex.build([make_account()]))
    created = plan.create_account(name="Analytical Engines UK")
    assert created.account.action is MatchAction.CREATE
    assert created.account.account_id == NEW_ACCOUNT
    assert created.account.new_account_name == "Analytical Engines UK"
    back = created.use_account(AccountId("account-1"))
    assert back.account.account_id == "account-1"
    draft = make_opportunity_draft()
    with_deal = back.with_opportunity(draft)
    assert with_deal.opportunity == draft
    assert with_deal.without_opportunity().opportunity is None
    assert "open opportunity opportunity-1" in " ".join(with_deal.explain())


def test_a_plan_using_a_contact_at_another_account_is_refused() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    plan = _plan(lead, ConversionIndex.build([make_account()], [make_contact()]))
    with pytest.raises(ValidationError) as caught:
        plan.use_account(AccountId("account-2"))
    assert caught.value.field == "contact"
    with pytest.raises(ValidationError) as caught:
        plan.use_contact(ContactId("contact-99"))
    assert caught.value.field == "contact_id"


@pytest.mark.parametrize("status", [s for s in LeadStatus if s is not LeadStatus.QUALIFIED])
def test_planning_for_a_lead_that_is_not_qualified_is_refused(status: LeadStatus) -> None:
    lead = make_lead(status)
    with pytest.raises(InvalidTransition) as caught:
        _plan(lead, ConversionIndex.build())
    assert (caught.value.aggregate, caught.value.command) == ("Lead", "convert")


# --- converting -----------------------------------------------------------------------------


def test_converting_creates_account_contact_and_deal_and_records_the_ids() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    plan = _plan(lead, ConversionIndex.build(), opportunity=make_opportunity_draft())
    at = lead.updated_at.add(hours=2)
    result = convert_lead(lead, plan, at=at, by=BY)
    assert result.lead.status is LeadStatus.CONVERTED
    assert result.lead.conversion is not None
    assert (
        result.lead.conversion.account_id,
        result.lead.conversion.contact_id,
        result.lead.conversion.opportunity_id,
    ) == (NEW_ACCOUNT, NEW_CONTACT, OpportunityId("opportunity-1"))
    assert (result.account_created, result.contact_created) == (True, True)
    account = result.account
    assert (account.name, account.domain, account.industry) == (
        "Analytical Engines Ltd",
        "analytical-engines.example",
        "software",
    )
    assert account.size_band is SizeBand.LARGE
    assert account.billing_address is not None
    assert account.billing_address.country == "GB"
    assert account.owner == "ae-1"
    assert result.contact.person == lead.person
    assert result.contact.account_id == NEW_ACCOUNT
    deal = result.opportunity
    assert deal is not None
    assert deal.status is OpportunityStatus.OPEN
    assert deal.account_id == NEW_ACCOUNT
    assert deal.source.lead_id == lead.id
    assert deal.source.campaign_id == lead.source.campaign_id
    assert deal.created_at == at
    assert from_document(to_document(result)) == result


def test_existing_records_only_have_their_empty_fields_filled() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    account = _bare_account()
    contact = Contact.add(
        id=ContactId("contact-1"),
        at=account.opened_at,
        by=BY,
        account_id=account.id,
        person=make_person_details(first_name=None, phone=None, title="CTO"),
    )
    plan = _plan(lead, ConversionIndex.build([account], [contact]))
    result = convert_lead(
        lead, plan, at=lead.updated_at.add(hours=1), by=BY, account=account, contact=contact
    )
    assert (result.account_created, result.contact_created) == (False, False)
    assert result.account.name == "Analytical Engines"
    assert result.account.industry == "software"
    assert result.account.size_band is SizeBand.LARGE
    assert set(result.account_filled) == {"billing_address", "industry", "size_band"}
    assert result.contact.person.title == "CTO"
    assert result.contact.person.first_name == "Ada"
    assert result.contact.person.phone == lead.person.phone
    assert result.contact_filled == ("person",)
    assert result.opportunity is None


def test_converting_a_lead_that_is_not_qualified_raises_and_changes_nothing() -> None:
    qualified = make_lead(LeadStatus.QUALIFIED)
    account = make_account()
    plan = _plan(qualified, ConversionIndex.build([account]))
    working = make_lead(LeadStatus.WORKING)
    before = (to_document(working), to_document(account), to_document(plan))
    with pytest.raises(InvalidTransition) as caught:
        convert_lead(working, plan, at=working.updated_at.add(hours=1), by=BY, account=account)
    assert type(caught.value) is InvalidTransition
    assert (caught.value.command, caught.value.state) == ("convert", "working")
    assert (to_document(working), to_document(account), to_document(plan)) == before


def test_converting_the_same_lead_twice_is_refused() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    plan = _plan(lead, ConversionIndex.build())
    result = convert_lead(lead, plan, at=lead.updated_at.add(hours=1), by=BY)
    again = result.lead
    snapshot = to_document(again)
    with pytest.raises(InvalidTransition) as caught:
        convert_lead(again, plan, at=again.updated_at.add(hours=1), by=BY)
    assert caught.value.state == "converted"
    assert caught.value.allowed == ()
    assert to_document(again) == snapshot


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"account": None}, "account"),
        ({"account": "account-1"}, "account"),
        ({"account": make_account(id=AccountId("account-2"))}, "account"),
        ({"account": make_account(), "contact": make_contact()}, "contact"),
    ],
)
def test_records_that_do_not_match_the_plan_are_refused(kwargs: dict[str, Any], field: str) -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    plan = _plan(lead, ConversionIndex.build([make_account()]))
    snapshot = to_document(lead)
    with pytest.raises(ValidationError) as caught:
        convert_lead(lead, plan, at=lead.updated_at.add(hours=1), by=BY, **kwargs)
    assert caught.value.field == field
    assert to_document(lead) == snapshot


def test_a_plan_for_another_lead_is_refused() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    other = make_lead(LeadStatus.QUALIFIED, id=LeadId("lead-2"))
    plan = _plan(other, ConversionIndex.build())
    with pytest.raises(ValidationError) as caught:
        convert_lead(lead, plan, at=lead.updated_at.add(hours=1), by=BY)
    assert caught.value.field == "plan"


def test_the_index_grows_with_each_conversion_so_a_second_lead_finds_the_first() -> None:
    first = make_lead(LeadStatus.QUALIFIED)
    index = ConversionIndex.build()
    result = convert_lead(first, _plan(first, index), at=first.updated_at.add(hours=1), by=BY)
    index = index.updated(result)
    colleague = make_lead(
        LeadStatus.QUALIFIED,
        id=LeadId("lead-2"),
        person=make_person_details(
            first_name="Charles",
            last_name="Babbage",
            email=EmailAddress("cb@analytical-engines.example"),
        ),
        company=make_company_details(name="ANALYTICAL ENGINES"),
    )
    plan = plan_lead_conversion(
        colleague, index=index, new_account_id=AccountId("AC-2"), new_contact_id=ContactId("CT-2")
    )
    assert plan.account.account_id == NEW_ACCOUNT
    assert plan.contact.action is MatchAction.CREATE
    same_person = make_lead(LeadStatus.QUALIFIED, id=LeadId("lead-3"))
    again = plan_lead_conversion(
        same_person, index=index, new_account_id=AccountId("AC-3"), new_contact_id=ContactId("CT-3")
    )
    assert (again.contact.action, again.contact.contact_id) == (
        MatchAction.USE_EXISTING,
        NEW_CONTACT,
    )


def test_a_result_whose_parts_do_not_belong_together_is_refused() -> None:
    result = convert_lead(
        make_lead(LeadStatus.QUALIFIED),
        _plan(make_lead(LeadStatus.QUALIFIED), ConversionIndex.build()),
        at=make_lead(LeadStatus.QUALIFIED).updated_at.add(hours=1),
        by=BY,
    )
    with pytest.raises(ValidationError) as caught:
        ConversionResult(
            lead=result.lead,
            account=make_account(),
            contact=result.contact,
            account_created=True,
            contact_created=True,
        )
    assert caught.value.field == "account"


@given(result=strategies.conversion_results())
def test_every_conversion_records_what_it_produced(result: ConversionResult) -> None:
    conversion = result.lead.conversion
    assert conversion is not None
    assert conversion.account_id == result.account.id
    assert conversion.contact_id == result.contact.id
    assert result.contact.person == result.lead.person
    assert from_document(to_document(result)) == result


# --- a person who has left their earlier company --------------------------------------------


def _moved_person() -> tuple[Lead, ConversionIndex, Contact]:
    """Ada's earlier record (same email) is at her old employer, where she has left; the
    lead's company matches account-1 by domain and name."""
    lead = make_lead(LeadStatus.QUALIFIED)
    old = make_account(id=AccountId("account-old"), name="Old Employer", domain="old.example")
    earlier = make_contact(ContactStatus.LEFT, id=ContactId("contact-old"), account_id=old.id)
    return lead, ConversionIndex.build([old, make_account()], [earlier]), earlier


def test_a_contact_who_has_left_is_not_reused_and_the_leads_company_is_preferred() -> None:
    lead, index, earlier = _moved_person()
    plan = _plan(lead, index)
    assert (plan.account.action, plan.account.account_id) == (
        MatchAction.USE_EXISTING,
        "account-1",
    )
    assert (plan.contact.action, plan.contact.contact_id) == (MatchAction.CREATE, NEW_CONTACT)
    (candidate,) = plan.contact.candidates
    assert (candidate.contact_id, candidate.left, candidate.same_email) == (earlier.id, True, True)
    assert any("contact-old" in line and "has left" in line for line in plan.explain())


def test_a_new_contact_may_be_created_when_the_same_email_contact_has_left() -> None:
    lead, index, _ = _moved_person()
    plan = _plan(lead, index).use_account(AccountId("account-old")).create_contact()
    assert plan.contact.action is MatchAction.CREATE
    moved = plan.use_account(AccountId("account-1"))
    assert moved.account.account_id == "account-1"
    assert moved.contact.action is MatchAction.CREATE


def test_using_a_contact_who_has_left_is_refused() -> None:
    lead, index, _ = _moved_person()
    plan = _plan(lead, index)
    with pytest.raises(ValidationError) as caught:
        plan.use_contact(ContactId("contact-old"))
    assert caught.value.field == "contact_id"
    assert "left" in caught.value.reason


def test_converting_with_a_contact_who_has_left_since_planning_is_refused() -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    contact = make_contact()
    plan = _plan(lead, ConversionIndex.build([make_account()], [contact]))
    assert plan.contact.contact_id == contact.id
    gone = contact.leave(at=contact.added_at.add(hours=1), by=BY)
    at = lead.updated_at.add(hours=1)
    with pytest.raises(ValidationError) as caught:
        convert_lead(lead, plan, at=at, by=BY, account=make_account(), contact=gone)
    assert caught.value.field == "contact"
    assert lead.status is LeadStatus.QUALIFIED


def test_converting_the_moved_person_creates_them_at_the_new_company() -> None:
    lead, index, earlier = _moved_person()
    plan = _plan(lead, index)
    result = convert_lead(
        lead, plan, at=lead.updated_at.add(hours=1), by=BY, account=make_account()
    )
    assert result.contact_created
    assert (result.contact.id, result.contact.account_id) == (NEW_CONTACT, "account-1")
    assert earlier.status is ContactStatus.LEFT


def test_choosing_another_account_resets_the_contact_choice() -> None:
    renamed = make_person_details(email=EmailAddress("ada@elsewhere.example"))
    lead = make_lead(LeadStatus.QUALIFIED, person=renamed)
    other = make_account(id=AccountId("account-2"), name="Other", domain="other.example")
    plan = _plan(lead, ConversionIndex.build([make_account(), other], [make_contact()]))
    assert plan.contact.contact_id == "contact-1"
    moved = plan.use_account(AccountId("account-2"))
    assert (moved.account.account_id, moved.contact.action) == ("account-2", MatchAction.CREATE)
    back = moved.use_account(AccountId("account-1"))
    assert (back.contact.action, back.contact.contact_id) == (
        MatchAction.USE_EXISTING,
        "contact-1",
    )


def test_the_index_flags_contacts_who_have_left_and_ranks_them_last() -> None:
    active = make_contact(id=ContactId("contact-2"))
    left = make_contact(ContactStatus.LEFT, id=ContactId("contact-1"))
    found = find_matching_contacts(
        [left, active], account_id=AccountId("account-1"), email=active.person.email
    )
    assert [(m.contact_id, m.left) for m in found] == [("contact-2", False), ("contact-1", True)]


def test_a_draft_with_recurring_revenue_in_another_currency_is_refused() -> None:
    with pytest.raises(CurrencyMismatch) as caught:
        make_opportunity_draft(
            amount=money("100.00", "EUR"),
            recurring=RecurringRevenue(monthly=money("1.00", "USD"), term_months=3),
        )
    assert caught.value.field == "recurring"
