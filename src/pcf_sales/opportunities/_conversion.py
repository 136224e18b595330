"""Lead conversion: a plan first (match or create the account and the contact, and whether
to open an opportunity), which the caller inspects and adjusts, then one step that carries
it out.

Matching proposes existing accounts by web domain and company name, and
existing contacts by email address (at any account) and by name (at the
accounts proposed). A contact with the lead's email address is used rather
than duplicated: a plan that would create a second one is refused. A contact
who has left their account is shown as the person's earlier record but is
never used: the person has moved on, so the plan prefers the account matching
the lead's company and may create them there. Where an existing record is
used, only its empty fields are filled from the lead.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

import attrs
import pendulum
from moneyed import Money

from pcf_sales.accounts import (
    Account,
    AccountIndex,
    AccountMatch,
    AccountMatchKeys,
    Address,
    Contact,
    ContactIndex,
    ContactMatchKeys,
    ContactMatchReason,
    SizeBand,
)
from pcf_sales.core import AccountId, ContactId, LeadId, OpportunityId, UserId
from pcf_sales.core._validate import (
    check_id,
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
    to_text,
    to_tuple,
)
from pcf_sales.leads import LEAD_LIFECYCLE, Lead
from pcf_sales.opportunities._checks import check_instance, money_validator, require
from pcf_sales.opportunities._opportunity import Opportunity
from pcf_sales.opportunities._opportunity_rules import check_money, lines_total
from pcf_sales.opportunities._process import SalesProcess
from pcf_sales.opportunities._values import OpportunitySource, ProductLine, RecurringRevenue

__all__ = [
    "AccountChoice",
    "ContactCandidate",
    "ContactChoice",
    "ConversionIndex",
    "ConversionPlan",
    "ConversionResult",
    "MatchAction",
    "OpportunityDraft",
    "convert_lead",
    "plan_lead_conversion",
]


class MatchAction(Enum):
    """What a conversion does for the account or the contact."""

    USE_EXISTING = "use_existing"
    """Use a record that exists, filling only its empty fields from the lead."""
    CREATE = "create"
    """Create a new record from the lead, with the id reserved in the plan."""


def _contact_reasons(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(is_enum(ContactMatchReason), unique=True)(inst, attr, value)
    if not value:
        fail(attr.name, "a candidate has at least one reason")


@attrs.frozen(kw_only=True)
class ContactCandidate:
    """An existing contact who may be the lead's person, where they are, and why.
    ``left`` says the person has left that account: the record is their earlier one,
    shown for reference but not used."""

    contact_id: ContactId = attrs.field(validator=is_id)
    account_id: AccountId = attrs.field(validator=is_id)
    reasons: tuple[ContactMatchReason, ...] = attrs.field(
        converter=to_tuple, validator=_contact_reasons
    )
    left: bool = attrs.field(default=False, validator=is_bool)

    @property
    def same_email(self) -> bool:
        """True when the contact has the lead's email address."""
        return ContactMatchReason.SAME_EMAIL in self.reasons

    @property
    def is_twin(self) -> bool:
        """True when the contact is the lead's person still at their account (same email,
        not left): creating another contact would duplicate them."""
        return self.same_email and not self.left


@attrs.frozen(kw_only=True)
class AccountChoice:
    """The plan for the account: use ``account_id`` (an existing account) or create one
    with ``new_account_id`` and ``new_account_name``. ``candidates`` are the existing
    accounts matching proposed, best first."""

    action: MatchAction = attrs.field(validator=is_enum(MatchAction))
    account_id: AccountId = attrs.field(validator=is_id)
    new_account_id: AccountId = attrs.field(validator=is_id)
    new_account_name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    candidates: tuple[AccountMatch, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(AccountMatch)
    )

    def __attrs_post_init__(self) -> None:
        if self.action is MatchAction.CREATE and self.account_id != self.new_account_id:
            fail("account_id", "a new account gets the id reserved for it (new_account_id)")
        if self.action is MatchAction.USE_EXISTING and self.account_id == self.new_account_id:
            fail("account_id", "the id reserved for a new account is not an existing account")


@attrs.frozen(kw_only=True)
class ContactChoice:
    """The plan for the contact: use ``contact_id`` (one of the ``candidates``, still at
    their account) or create one with ``new_contact_id``. Creating is refused while a
    candidate who has not left has the lead's email address: that person exists
    already."""

    action: MatchAction = attrs.field(validator=is_enum(MatchAction))
    contact_id: ContactId = attrs.field(validator=is_id)
    new_contact_id: ContactId = attrs.field(validator=is_id)
    candidates: tuple[ContactCandidate, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(ContactCandidate)
    )

    def __attrs_post_init__(self) -> None:
        if self.action is MatchAction.CREATE:
            if self.contact_id != self.new_contact_id:
                fail("contact_id", "a new contact gets the id reserved for it (new_contact_id)")
            twin = self.twin
            if twin is not None:
                fail(
                    "action",
                    f"contact {twin.contact_id!r} at {twin.account_id!r} has the lead's email "
                    "address; creating another would duplicate the person, so use them",
                )
        else:
            chosen = self.candidate
            if chosen is None:
                fail("contact_id", f"{self.contact_id!r} is not one of the candidates")
            if chosen.left:
                fail(
                    "contact_id",
                    f"{chosen.contact_id!r} has left {chosen.account_id!r}; rejoin them there "
                    "first, or create a new contact",
                )

    @property
    def twin(self) -> ContactCandidate | None:
        """The candidate with the lead's email address who has not left, if any."""
        return next((c for c in self.candidates if c.is_twin), None)

    @property
    def candidate(self) -> ContactCandidate | None:
        """The candidate used, or ``None`` when a contact is created."""
        if self.action is MatchAction.CREATE:
            return None
        return next((c for c in self.candidates if c.contact_id == self.contact_id), None)


@attrs.frozen(kw_only=True)
class OpportunityDraft:
    """The opportunity to open when converting: its id, name, close date and owner, and an
    amount or product lines (see :meth:`Opportunity.open`), all in one currency."""

    opportunity_id: OpportunityId = attrs.field(validator=is_id)
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    close_date: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    owner: UserId = attrs.field(validator=is_id)
    amount: Money | None = attrs.field(default=None, validator=optional(money_validator))
    process: SalesProcess = attrs.field(
        factory=SalesProcess.default, validator=is_instance(SalesProcess)
    )
    stage: str | None = attrs.field(default=None, validator=optional(is_text(max_length=64)))
    product_lines: tuple[ProductLine, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(ProductLine)
    )
    recurring: RecurringRevenue | None = attrs.field(
        default=None, validator=optional(is_instance(RecurringRevenue))
    )

    def __attrs_post_init__(self) -> None:
        if self.amount is None and not self.product_lines:
            fail("amount", "give an amount, or product lines to total")
        if self.amount is not None:
            check_money(self.amount, self.product_lines, self.recurring)
        else:
            total = lines_total(self.product_lines, "product_lines")
            check_money(total, self.product_lines, self.recurring)
        if self.stage is not None:
            self.process.index_of(self.stage)


@attrs.frozen(kw_only=True)
class ConversionPlan:
    """What converting lead ``lead_id`` will do. Inspect it, adjust it with the methods
    below (each returns a new plan), then carry it out with :func:`convert_lead`."""

    lead_id: LeadId = attrs.field(validator=is_id)
    account: AccountChoice = attrs.field(validator=is_instance(AccountChoice))
    contact: ContactChoice = attrs.field(validator=is_instance(ContactChoice))
    opportunity: OpportunityDraft | None = attrs.field(
        default=None, validator=optional(is_instance(OpportunityDraft))
    )

    def __attrs_post_init__(self) -> None:
        chosen = self.contact.candidate
        if chosen is not None and chosen.account_id != self.account.account_id:
            fail(
                "contact",
                f"contact {chosen.contact_id!r} is at {chosen.account_id!r}, not at the account "
                f"of the plan ({self.account.account_id!r})",
            )

    # -- adjusting -------------------------------------------------------------------------

    def use_account(self, account_id: AccountId) -> ConversionPlan:
        """Use the existing account ``account_id`` (proposed or not).

        The contact choice follows: the contact used stays if they are at that
        account; otherwise the best candidate there who has not left is used, or
        a new contact is created. Refused (field ``contact``) when the lead's
        person is still at another account with the lead's email address.
        """
        chosen = AccountId(check_id(account_id, "account_id"))
        account = attrs.evolve(self.account, action=MatchAction.USE_EXISTING, account_id=chosen)
        return attrs.evolve(self, account=account, contact=_contact_at(self.contact, chosen))

    def create_account(self, *, name: str | None = None) -> ConversionPlan:
        """Create a new account (named ``name``, or as proposed) with the reserved id."""
        account = attrs.evolve(
            self.account,
            action=MatchAction.CREATE,
            account_id=self.account.new_account_id,
            new_account_name=self.account.new_account_name if name is None else name,
        )
        return attrs.evolve(self, account=account)

    def use_contact(self, contact_id: ContactId) -> ConversionPlan:
        """Use the candidate ``contact_id``; their account is used too."""
        found = next((c for c in self.contact.candidates if c.contact_id == contact_id), None)
        if found is None:
            fail("contact_id", f"{contact_id!r} is not one of the candidates")
        contact = attrs.evolve(
            self.contact, action=MatchAction.USE_EXISTING, contact_id=found.contact_id
        )
        account = attrs.evolve(
            self.account, action=MatchAction.USE_EXISTING, account_id=found.account_id
        )
        return attrs.evolve(self, account=account, contact=contact)

    def create_contact(self) -> ConversionPlan:
        """Create a new contact with the reserved id (refused when a candidate who has not
        left has the lead's email address)."""
        contact = attrs.evolve(
            self.contact, action=MatchAction.CREATE, contact_id=self.contact.new_contact_id
        )
        return attrs.evolve(self, contact=contact)

    def with_opportunity(self, draft: OpportunityDraft) -> ConversionPlan:
        """Open ``draft`` as the lead's opportunity."""
        return attrs.evolve(self, opportunity=check_instance(OpportunityDraft, draft, "draft"))

    def without_opportunity(self) -> ConversionPlan:
        """Convert without opening an opportunity."""
        return attrs.evolve(self, opportunity=None)

    def explain(self) -> tuple[str, ...]:
        """The plan in words."""
        lines = []
        if self.account.action is MatchAction.CREATE:
            lines.append(
                f"create account {self.account.account_id} {self.account.new_account_name!r}"
            )
        else:
            lines.append(f"use account {self.account.account_id}, filling its empty fields")
        lines.extend(
            f"  proposed account {m.account_id}: " + ", ".join(r.value for r in m.reasons)
            for m in self.account.candidates
        )
        if self.contact.action is MatchAction.CREATE:
            lines.append(f"create contact {self.contact.contact_id}")
        else:
            lines.append(f"use contact {self.contact.contact_id}, filling its empty fields")
        lines.extend(
            f"  proposed contact {c.contact_id} at {c.account_id}: "
            + ", ".join(r.value for r in c.reasons)
            + (" (has left: the person's earlier record)" if c.left else "")
            for c in self.contact.candidates
        )
        if self.opportunity is None:
            lines.append("open no opportunity")
        else:
            lines.append(
                f"open opportunity {self.opportunity.opportunity_id} {self.opportunity.name!r}"
            )
        return tuple(lines)


@attrs.frozen(kw_only=True)
class ConversionIndex:
    """The accounts and contacts a lead is matched against, indexed once: accounts by
    domain and company name, contacts by account and name, and by email address at any
    account."""

    accounts: AccountIndex = attrs.field(validator=is_instance(AccountIndex))
    contacts: ContactIndex = attrs.field(validator=is_instance(ContactIndex))
    _by_email: dict[str, tuple[ContactMatchKeys, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        found: dict[str, list[ContactMatchKeys]] = {}
        for entry in self.contacts.entries:
            if entry.email:
                found.setdefault(entry.email, []).append(entry)
        object.__setattr__(self, "_by_email", {k: tuple(v) for k, v in found.items()})

    @classmethod
    def build(
        cls, accounts: Iterable[Account] = (), contacts: Iterable[Contact] = ()
    ) -> ConversionIndex:
        """The index of ``accounts`` and ``contacts``."""
        return cls(accounts=AccountIndex.build(accounts), contacts=ContactIndex.build(contacts))

    def updated(self, result: ConversionResult) -> ConversionIndex:
        """This index with the account and contact of a conversion added (or refreshed)."""
        check_instance(ConversionResult, result, "result")
        account = AccountMatchKeys.of(result.account)
        contact = ContactMatchKeys.of(result.contact)
        accounts = [e for e in self.accounts.entries if e.account_id != account.account_id]
        contacts = [e for e in self.contacts.entries if e.contact_id != contact.contact_id]
        return ConversionIndex(
            accounts=AccountIndex(entries=[*accounts, account]),
            contacts=ContactIndex(entries=[*contacts, contact]),
        )

    def account_candidates(self, lead: Lead) -> tuple[AccountMatch, ...]:
        """Existing accounts with the lead's company domain or name, best first."""
        check_instance(Lead, lead, "lead")
        return self.accounts.match(domain=lead.company_domain, name=lead.company.name)

    def contact_candidates(
        self, lead: Lead, *, account_ids: Iterable[AccountId] = ()
    ) -> tuple[ContactCandidate, ...]:
        """Existing contacts who may be the lead's person: those with the lead's email at
        any account, and those with the lead's name or email at ``account_ids``. Best
        first: those still at their account before those who have left, then both
        reasons, then the email, then the name; ties by id."""
        check_instance(Lead, lead, "lead")
        email = lead.person.email
        name = lead.person.full_name or None
        searched: list[AccountId] = []
        for account_id in account_ids:
            if account_id not in searched:
                searched.append(account_id)
        if email is not None:
            for entry in self._by_email.get(email.normalised, ()):
                if entry.account_id not in searched:
                    searched.append(entry.account_id)
        found: list[ContactCandidate] = []
        for account_id in searched:
            for match in self.contacts.match(account_id=account_id, email=email, name=name):
                found.append(
                    ContactCandidate(
                        contact_id=match.contact_id,
                        account_id=account_id,
                        reasons=match.reasons,
                        left=match.left,
                    )
                )
        found.sort(
            key=lambda c: (c.left, -len(c.reasons), not c.same_email, c.contact_id, c.account_id)
        )
        return tuple(found)


def _account_name(lead: Lead) -> str:
    for candidate in (
        lead.company.name,
        lead.company_domain,
        lead.person.full_name or None,
        None if lead.person.email is None else lead.person.email.address,
    ):
        if candidate:
            return candidate[:200]
    return f"Account of lead {lead.id}"[:200]


def plan_lead_conversion(
    lead: Lead,
    *,
    index: ConversionIndex,
    new_account_id: AccountId,
    new_contact_id: ContactId,
    opportunity: OpportunityDraft | None = None,
) -> ConversionPlan:
    """The plan for converting the qualified ``lead``, with the matches proposed.

    The ids for records the plan may create come from the caller (the domain
    never invents ids). By default the plan uses the contact with the lead's
    email address (and their account) when there is one still at that
    account; otherwise the best account matching the lead's company, and at
    it a contact with the lead's name or email who has not left; otherwise it
    creates what is missing. A contact who has left is only proposed, as the
    person's earlier record. Raises
    :class:`~pcf_sales.errors.InvalidTransition` when the lead is not
    qualified (or already converted).

    >>> from pcf_sales.testing.factories import make_lead
    >>> from pcf_sales.leads import LeadStatus
    >>> plan = plan_lead_conversion(
    ...     make_lead(LeadStatus.QUALIFIED), index=ConversionIndex.build(),
    ...     new_account_id="AC-9", new_contact_id="CT-9")
    >>> plan.explain()
    ("create account AC-9 'Analytical Engines Ltd'", 'create contact CT-9', 'open no opportunity')
    """
    check_instance(Lead, lead, "lead")
    require(LEAD_LIFECYCLE, lead, "convert")
    check_instance(ConversionIndex, index, "index")
    account_id = AccountId(check_id(new_account_id, "new_account_id"))
    contact_id = ContactId(check_id(new_contact_id, "new_contact_id"))
    if opportunity is not None:
        check_instance(OpportunityDraft, opportunity, "opportunity")
    accounts = index.account_candidates(lead)
    contacts = index.contact_candidates(lead, account_ids=[m.account_id for m in accounts])
    twin = next((c for c in contacts if c.is_twin), None)
    use_account: AccountId | None = None
    use_contact: ContactCandidate | None = None
    if twin is not None:
        use_account, use_contact = twin.account_id, twin
    elif accounts:
        use_account = accounts[0].account_id
        use_contact = _best_at(contacts, use_account)
    account = AccountChoice(
        action=MatchAction.CREATE if use_account is None else MatchAction.USE_EXISTING,
        account_id=account_id if use_account is None else use_account,
        new_account_id=account_id,
        new_account_name=_account_name(lead),
        candidates=accounts,
    )
    contact = ContactChoice(
        action=MatchAction.CREATE if use_contact is None else MatchAction.USE_EXISTING,
        contact_id=contact_id if use_contact is None else use_contact.contact_id,
        new_contact_id=contact_id,
        candidates=contacts,
    )
    return ConversionPlan(
        lead_id=lead.id, account=account, contact=contact, opportunity=opportunity
    )


@attrs.frozen(kw_only=True)
class ConversionResult:
    """What converting a lead produced: the converted lead (recording the ids), the new or
    updated account and contact, the opportunity (if any), and what was created or
    filled."""

    lead: Lead = attrs.field(validator=is_instance(Lead))
    account: Account = attrs.field(validator=is_instance(Account))
    contact: Contact = attrs.field(validator=is_instance(Contact))
    opportunity: Opportunity | None = attrs.field(
        default=None, validator=optional(is_instance(Opportunity))
    )
    account_created: bool = attrs.field(validator=is_bool)
    contact_created: bool = attrs.field(validator=is_bool)
    account_filled: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(str, unique=True)
    )
    contact_filled: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(str, unique=True)
    )

    def __attrs_post_init__(self) -> None:
        conversion = self.lead.conversion
        if conversion is None:
            fail("lead", "is not converted")
        if conversion.account_id != self.account.id:
            fail("account", f"the lead was converted into {conversion.account_id!r}")
        if conversion.contact_id != self.contact.id:
            fail("contact", f"the lead was converted into {conversion.contact_id!r}")
        if self.contact.account_id != self.account.id:
            fail("contact", f"is at {self.contact.account_id!r}, not {self.account.id!r}")
        opportunity_id = None if self.opportunity is None else self.opportunity.id
        if conversion.opportunity_id != opportunity_id:
            fail("opportunity", f"the lead was converted into {conversion.opportunity_id!r}")
        if self.opportunity is not None and self.opportunity.account_id != self.account.id:
            fail("opportunity", f"is for {self.opportunity.account_id!r}, not {self.account.id!r}")


def convert_lead(
    lead: Lead,
    plan: ConversionPlan,
    *,
    at: pendulum.DateTime,
    by: UserId,
    account: Account | None = None,
    contact: Contact | None = None,
) -> ConversionResult:
    """Carry out ``plan`` for the qualified ``lead`` in one step.

    Pass the existing ``account`` and ``contact`` the plan uses (their
    current versions); only their empty fields are filled from the lead.
    Refused before anything is built (so nothing changes) when the lead is
    not qualified (:class:`~pcf_sales.errors.InvalidTransition`; converting
    twice is refused the same way), or when the plan is for another lead, the
    records given do not match it, or the contact has left their account
    (:class:`~pcf_sales.errors.ValidationError`).
    """
    check_instance(Lead, lead, "lead")
    require(LEAD_LIFECYCLE, lead, "convert")
    check_instance(ConversionPlan, plan, "plan")
    moment = check_instant(at, "at")
    actor = UserId(check_id(by, "by"))
    if plan.lead_id != lead.id:
        fail("plan", f"is for lead {plan.lead_id!r}, not {lead.id!r}")
    existing_account = _existing(
        account, Account, "account", plan.account.action, plan.account.account_id
    )
    existing_contact = _existing(
        contact, Contact, "contact", plan.contact.action, plan.contact.contact_id
    )
    if existing_contact is not None and existing_contact.account_id != plan.account.account_id:
        fail(
            "contact",
            f"{existing_contact.id!r} is at {existing_contact.account_id!r}, not at "
            f"{plan.account.account_id!r}",
        )
    if existing_contact is not None and not existing_contact.is_active:
        fail(
            "contact",
            f"{existing_contact.id!r} has left {existing_contact.account_id!r}; rejoin them "
            "first, or plan a new contact",
        )
    draft = plan.opportunity
    owner = draft.owner if draft is not None else lead.owner
    company = lead.company
    details: dict[str, Any] = {
        "domain": lead.company_domain,
        "industry": company.industry,
        "size_band": None
        if company.employees is None
        else SizeBand.for_employees(company.employees),
        "billing_address": None if company.country is None else Address(country=company.country),
        "owner": owner,
    }
    if existing_account is None:
        made_account = Account.open(
            id=plan.account.account_id,
            at=moment,
            by=actor,
            name=plan.account.new_account_name,
            **details,
        )
        account_filled: tuple[str, ...] = ()
    else:
        made_account = existing_account.fill_gaps(at=moment, by=actor, **details)
        account_filled = _filled(existing_account, made_account)
    if existing_contact is None:
        made_contact = Contact.add(
            id=plan.contact.contact_id,
            at=moment,
            by=actor,
            account_id=made_account.id,
            person=lead.person,
        )
        contact_filled: tuple[str, ...] = ()
    else:
        made_contact = existing_contact.fill_gaps(at=moment, by=actor, person=lead.person)
        contact_filled = _filled(existing_contact, made_contact)
    opened = None
    if draft is not None:
        opened = Opportunity.open(
            id=draft.opportunity_id,
            at=moment,
            by=actor,
            account_id=made_account.id,
            name=draft.name,
            close_date=draft.close_date,
            owner=draft.owner,
            amount=draft.amount,
            process=draft.process,
            stage=draft.stage,
            source=OpportunitySource(
                lead_id=lead.id,
                campaign_id=lead.source.campaign_id,
                partner_id=lead.source.partner_id,
            ),
            product_lines=draft.product_lines,
            recurring=draft.recurring,
        )
    converted = lead.convert(
        account_id=made_account.id,
        contact_id=made_contact.id,
        opportunity_id=None if opened is None else opened.id,
        at=moment,
        by=actor,
    )
    return ConversionResult(
        lead=converted,
        account=made_account,
        contact=made_contact,
        opportunity=opened,
        account_created=existing_account is None,
        contact_created=existing_contact is None,
        account_filled=account_filled,
        contact_filled=contact_filled,
    )


def _best_at(
    candidates: Iterable[ContactCandidate], account_id: AccountId
) -> ContactCandidate | None:
    """The best candidate at ``account_id`` who has not left (candidates come best first)."""
    return next((c for c in candidates if c.account_id == account_id and not c.left), None)


def _contact_at(choice: ContactChoice, account_id: AccountId) -> ContactChoice:
    """``choice`` made again for the account ``account_id``."""
    current = choice.candidate
    if current is not None and current.account_id == account_id:
        return choice
    best = _best_at(choice.candidates, account_id)
    if best is not None:
        return attrs.evolve(choice, action=MatchAction.USE_EXISTING, contact_id=best.contact_id)
    twin = choice.twin
    if twin is not None:
        fail(
            "contact",
            f"contact {twin.contact_id!r} is at {twin.account_id!r} with the lead's email "
            f"address, not at {account_id!r}; use their account",
        )
    return attrs.evolve(choice, action=MatchAction.CREATE, contact_id=choice.new_contact_id)


def _existing(record: Any, cls: type, field: str, action: MatchAction, wanted: str) -> Any:
    if action is MatchAction.CREATE:
        if record is not None:
            fail(field, f"the plan creates a new {field}; do not pass an existing one")
        return None
    if record is None:
        fail(field, f"the plan uses the existing {field} {wanted!r}; pass its current version")
    if not isinstance(record, cls):
        fail(field, f"expected a {cls.__name__}, got {describe(record)}")
    found: Any = record
    if found.id != wanted:
        fail(field, f"is {found.id!r}, but the plan uses {wanted!r}")
    return found


def _filled(before: Account | Contact, after: Account | Contact) -> tuple[str, ...]:
    if after is before:
        return ()
    return after.history[-1].changes
