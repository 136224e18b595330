"""Strategies for accounts and contacts: valid by construction, shrinking towards a new,
bare record with the least data."""

from __future__ import annotations

from typing import Any, Final

import pendulum
from hypothesis import strategies as st

from pcf_sales.accounts import (
    ACCOUNT_LIFECYCLE,
    CONTACT_LIFECYCLE,
    KEY_ACCOUNT_PLAN_LIFECYCLE,
    PLAN_ACTION_LIFECYCLE,
    Account,
    AccountHierarchy,
    AccountIndex,
    AccountMatch,
    AccountMatchKeys,
    AccountMatchReason,
    AccountTeamMember,
    AccountTeamRole,
    Address,
    BuyingRole,
    CommunicationPreferences,
    Consent,
    ConsentStatus,
    Contact,
    ContactChannel,
    ContactIndex,
    ContactMatch,
    ContactMatchKeys,
    ContactMatchReason,
    HierarchyLink,
    HierarchyRollUp,
    RollUpLine,
    SizeBand,
    Stance,
)
from pcf_sales.core import (
    AccountId,
    KeyAccountPlanId,
    Lifecycle,
    PlanActionId,
    UserId,
    normalised_company_name,
    normalised_name,
)
from pcf_sales.testing.strategies._core import (
    account_ids,
    contact_ids,
    country_codes,
    currencies,
    custom_fields,
    email_addresses,
    identifiers,
    instants,
    money,
    person_details,
    segment_ids,
    tags,
    texts,
    user_ids,
    web_domains,
)

__all__ = [
    "ACCOUNT_LIFECYCLES",
    "ACCOUNT_STEPS",
    "CONTACT_STEPS",
    "account_hierarchies",
    "account_indexes",
    "account_match_keys",
    "account_matches",
    "account_team_members",
    "accounts",
    "addresses",
    "apply_account_step",
    "apply_contact_step",
    "communication_preferences",
    "consents",
    "contact_indexes",
    "contact_match_keys",
    "contact_matches",
    "contacts",
    "hierarchy_links",
    "hierarchy_roll_ups",
    "key_account_plan_ids",
    "plan_action_ids",
    "roll_up_lines",
]

#: The lifecycle tables of :mod:`pcf_sales.accounts`.
ACCOUNT_LIFECYCLES: Final[tuple[Lifecycle[Any, Any], ...]] = (
    ACCOUNT_LIFECYCLE,
    CONTACT_LIFECYCLE,
    KEY_ACCOUNT_PLAN_LIFECYCLE,
    PLAN_ACTION_LIFECYCLE,
)

_KEYS: Final = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_MAX_GAP_MINUTES: Final = 60 * 24 * 30


def key_account_plan_ids() -> st.SearchStrategy[KeyAccountPlanId]:
    """Key account plan ids."""
    return identifiers().map(KeyAccountPlanId)


def plan_action_ids() -> st.SearchStrategy[PlanActionId]:
    """Plan action ids."""
    return identifiers().map(PlanActionId)


# --- accounts ---------------------------------------------------------------------------


def addresses() -> st.SearchStrategy[Address]:
    """Addresses: a country, and any of the other parts."""
    return st.builds(
        Address,
        line1=st.none() | texts(max_size=40),
        line2=st.none() | texts(max_size=40),
        city=st.none() | texts(max_size=30),
        region=st.none() | texts(max_size=20),
        postal_code=st.none() | texts(max_size=10),
        country=country_codes(),
    )


def account_team_members() -> st.SearchStrategy[AccountTeamMember]:
    """A user in a team role."""
    return st.builds(AccountTeamMember, user_id=user_ids(), role=st.sampled_from(AccountTeamRole))


def _account_names() -> st.SearchStrategy[str]:
    return st.sampled_from(("Acme", "Globex GmbH", "Initech Inc.", "Umbrella plc")) | texts(
        max_size=40
    )


#: The commands the account strategy (and the stateful tests) may take, by name.
ACCOUNT_STEPS: Final = tuple(ACCOUNT_LIFECYCLE.commands())


def apply_account_step(
    draw: st.DrawFn, account: Account, step: str, at: pendulum.DateTime, by: UserId
) -> Account:
    """Run command ``step`` on ``account`` with drawn arguments, if its status allows it.

    Steps the status does not allow (or that have nothing to work on, such as
    removing a tag from an untagged account) return the account unchanged.
    """
    if step not in account.allowed_commands():
        return account
    if step == "become_customer":
        return account.become_customer(at=at, by=by)
    if step == "go_dormant":
        return account.go_dormant(at=at, by=by)
    if step == "churn":
        return account.churn(reason=draw(texts(max_size=40)), at=at, by=by)
    if step == "reactivate":
        return account.reactivate(at=at, by=by)
    if step == "disqualify":
        return account.disqualify(reason=draw(texts(max_size=40)), at=at, by=by)
    if step == "requalify":
        return account.requalify(at=at, by=by)
    if step == "rename":
        return account.rename(draw(_account_names()), at=at, by=by)
    if step == "set_legal_name":
        return account.set_legal_name(draw(st.none() | _account_names()), at=at, by=by)
    if step == "set_domain":
        return account.set_domain(draw(st.none() | web_domains()), at=at, by=by)
    if step == "set_industry":
        return account.set_industry(draw(st.none() | texts(max_size=30)), at=at, by=by)
    if step == "set_size_band":
        return account.set_size_band(draw(st.none() | st.sampled_from(SizeBand)), at=at, by=by)
    if step == "set_segment":
        return account.set_segment(draw(st.none() | segment_ids()), at=at, by=by)
    if step == "set_parent":
        parent = draw(st.none() | account_ids().filter(lambda i: i != account.id))
        return account.set_parent(parent, at=at, by=by)
    if step == "set_billing_address":
        return account.set_billing_address(draw(st.none() | addresses()), at=at, by=by)
    if step == "set_shipping_address":
        return account.set_shipping_address(draw(st.none() | addresses()), at=at, by=by)
    if step == "assign":
        return account.assign(draw(st.none() | user_ids()), at=at, by=by)
    if step == "add_team_member":
        member = draw(account_team_members())
        return account.add_team_member(member.user_id, member.role, at=at, by=by)
    if step == "remove_team_member":
        if not account.team:
            return account
        member = draw(st.sampled_from(account.team))
        return account.remove_team_member(member.user_id, member.role, at=at, by=by)
    if step == "tag":
        return account.tag(*draw(tags()), at=at, by=by)
    if step == "untag":
        if not account.tags:
            return account
        return account.untag(draw(st.sampled_from(account.tags)), at=at, by=by)
    if step == "set_custom_field":
        value = draw(st.none() | st.integers() | texts(max_size=20))
        return account.set_custom_field(draw(_KEYS), value, at=at, by=by)
    if step == "remove_custom_field":
        if not account.custom_fields:
            return account
        key = draw(st.sampled_from(list(account.custom_fields)))
        return account.remove_custom_field(key, at=at, by=by)
    if step == "fill_gaps":
        return account.fill_gaps(
            at=at,
            by=by,
            legal_name=draw(st.none() | _account_names()),
            domain=draw(st.none() | web_domains()),
            industry=draw(st.none() | texts(max_size=30)),
            size_band=draw(st.none() | st.sampled_from(SizeBand)),
            segment_id=draw(st.none() | segment_ids()),
            billing_address=draw(st.none() | addresses()),
            owner=draw(st.none() | user_ids()),
            custom_fields=draw(st.none() | custom_fields()),
        )
    msg = f"unknown account step {step!r}"
    raise ValueError(msg)


@st.composite
def accounts(draw: st.DrawFn, *, max_steps: int = 8) -> Account:
    """Accounts opened with drawn data, then walked through up to ``max_steps`` commands.

    Shrinks towards a prospect just opened, with a name and nothing else.
    """
    opened = draw(instants())
    account_id = draw(account_ids())
    account = Account.open(
        id=account_id,
        at=opened,
        by=draw(user_ids()),
        name=draw(_account_names()),
        legal_name=draw(st.none() | _account_names()),
        domain=draw(st.none() | web_domains()),
        industry=draw(st.none() | texts(max_size=30)),
        size_band=draw(st.none() | st.sampled_from(SizeBand)),
        segment_id=draw(st.none() | segment_ids()),
        parent_account_id=draw(st.none() | account_ids().filter(lambda i: i != account_id)),
        billing_address=draw(st.none() | addresses()),
        shipping_address=draw(st.none() | addresses()),
        owner=draw(st.none() | user_ids()),
        team=draw(st.lists(account_team_members(), max_size=3, unique=True)),
        tags=draw(tags()),
        custom_fields=draw(custom_fields()),
    )
    at = opened
    for step in draw(st.lists(st.sampled_from(ACCOUNT_STEPS), max_size=max_steps)):
        at = at.add(minutes=draw(st.integers(min_value=0, max_value=_MAX_GAP_MINUTES)))
        account = apply_account_step(draw, account, step, at, draw(user_ids()))
    return account


# --- contacts ---------------------------------------------------------------------------


@st.composite
def consents(draw: st.DrawFn, *, at_most: pendulum.DateTime | None = None) -> Consent:
    """Consents, no later than ``at_most`` when given."""
    at = draw(instants())
    if at_most is not None and at > at_most:
        at = at_most.subtract(days=draw(st.integers(min_value=0, max_value=400)))
    return Consent(
        channel=draw(st.sampled_from(ContactChannel)),
        status=draw(st.sampled_from(ConsentStatus)),
        at=at,
        source=draw(st.none() | texts(max_size=30)),
    )


def communication_preferences() -> st.SearchStrategy[CommunicationPreferences]:
    """Preferences, any of them unset."""
    return st.builds(
        CommunicationPreferences,
        preferred_channel=st.none() | st.sampled_from(ContactChannel),
        language=st.none() | st.sampled_from(("en", "de", "fr-CA", "pt-BR", "zh-Hant")),
        max_touches_per_month=st.none() | st.integers(min_value=0, max_value=30),
    )


#: The commands the contact strategy (and the stateful tests) may take, by name.
CONTACT_STEPS: Final = tuple(CONTACT_LIFECYCLE.commands())


def apply_contact_step(
    draw: st.DrawFn, contact: Contact, step: str, at: pendulum.DateTime, by: UserId
) -> Contact:
    """Run command ``step`` on ``contact`` with drawn arguments, if its status allows it."""
    if step not in contact.allowed_commands():
        return contact
    if step == "leave":
        return contact.leave(at=at, by=by, reason=draw(st.none() | texts(max_size=30)))
    if step == "rejoin":
        return contact.rejoin(at=at, by=by)
    if step == "update_person":
        person = draw(person_details(require_name_or_email=True))
        return contact.update_person(person, at=at, by=by)
    if step == "set_buying_role":
        return contact.set_buying_role(draw(st.none() | st.sampled_from(BuyingRole)), at=at, by=by)
    if step == "set_stance":
        return contact.set_stance(draw(st.none() | st.sampled_from(Stance)), at=at, by=by)
    if step == "set_preferences":
        return contact.set_preferences(draw(communication_preferences()), at=at, by=by)
    if step == "record_consent":
        return contact.record_consent(draw(consents(at_most=at)), at=at, by=by)
    if step == "tag":
        return contact.tag(*draw(tags()), at=at, by=by)
    if step == "untag":
        if not contact.tags:
            return contact
        return contact.untag(draw(st.sampled_from(contact.tags)), at=at, by=by)
    if step == "set_custom_field":
        value = draw(st.none() | st.integers() | texts(max_size=20))
        return contact.set_custom_field(draw(_KEYS), value, at=at, by=by)
    if step == "remove_custom_field":
        if not contact.custom_fields:
            return contact
        key = draw(st.sampled_from(list(contact.custom_fields)))
        return contact.remove_custom_field(key, at=at, by=by)
    if step == "fill_gaps":
        return contact.fill_gaps(
            at=at,
            by=by,
            person=draw(st.none() | person_details()),
            buying_role=draw(st.none() | st.sampled_from(BuyingRole)),
            stance=draw(st.none() | st.sampled_from(Stance)),
            preferences=draw(st.none() | communication_preferences()),
            custom_fields=draw(st.none() | custom_fields()),
        )
    msg = f"unknown contact step {step!r}"
    raise ValueError(msg)


@st.composite
def contacts(
    draw: st.DrawFn, *, account_id: AccountId | None = None, max_steps: int = 8
) -> Contact:
    """Contacts (at ``account_id`` when given) added with drawn data, then walked through
    up to ``max_steps`` commands. Shrinks towards an active contact just added."""
    added = draw(instants())
    contact = Contact.add(
        id=draw(contact_ids()),
        at=added,
        by=draw(user_ids()),
        account_id=draw(account_ids()) if account_id is None else account_id,
        person=draw(person_details(require_name_or_email=True)),
        buying_role=draw(st.none() | st.sampled_from(BuyingRole)),
        stance=draw(st.none() | st.sampled_from(Stance)),
        preferences=draw(communication_preferences()),
        consents=draw(st.lists(consents(at_most=added), max_size=3, unique=True)),
        tags=draw(tags()),
        custom_fields=draw(custom_fields()),
    )
    at = added
    for step in draw(st.lists(st.sampled_from(CONTACT_STEPS), max_size=max_steps)):
        at = at.add(minutes=draw(st.integers(min_value=0, max_value=_MAX_GAP_MINUTES)))
        contact = apply_contact_step(draw, contact, step, at, draw(user_ids()))
    return contact


# --- hierarchies ------------------------------------------------------------------------


def hierarchy_links() -> st.SearchStrategy[HierarchyLink]:
    """Single links, top-level or under a parent."""
    return st.builds(HierarchyLink, account_id=account_ids(), parent_id=st.none() | account_ids())


@st.composite
def account_hierarchies(
    draw: st.DrawFn, *, min_size: int = 0, max_size: int = 12
) -> AccountHierarchy:
    """Forests of accounts: each account's parent, if any, is one drawn before it."""
    ids = draw(st.lists(account_ids(), min_size=min_size, max_size=max_size, unique=True))
    parents: dict[str, str | None] = {}
    for index, account_id in enumerate(ids):
        parents[account_id] = draw(st.none() | st.sampled_from(ids[:index])) if index else None
    return AccountHierarchy.from_parents(parents)


@st.composite
def hierarchy_roll_ups(draw: st.DrawFn, *, min_size: int = 0) -> HierarchyRollUp:
    """Figures in one currency rolled up a drawn hierarchy (some accounts without one)."""
    hierarchy = draw(account_hierarchies(min_size=min_size))
    code = draw(currencies())
    ids = [link.account_id for link in hierarchy.links]
    chosen = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    figures = {i: draw(money(code, min_amount=-1000, max_amount=100_000)) for i in chosen}
    return hierarchy.roll_up(figures, currency=code)


def roll_up_lines() -> st.SearchStrategy[RollUpLine]:
    """Lines of drawn roll-ups."""
    return hierarchy_roll_ups(min_size=1).flatmap(lambda r: st.sampled_from(r.lines))


# --- matching ---------------------------------------------------------------------------


@st.composite
def account_match_keys(draw: st.DrawFn) -> AccountMatchKeys:
    """Keys as :meth:`AccountMatchKeys.of` makes them."""
    name = normalised_company_name(draw(_account_names())) or None
    return AccountMatchKeys(
        account_id=draw(account_ids()), domain=draw(st.none() | web_domains()), name=name
    )


@st.composite
def contact_match_keys(draw: st.DrawFn) -> ContactMatchKeys:
    """Keys as :meth:`ContactMatchKeys.of` makes them."""
    email = draw(st.none() | email_addresses())
    name = draw(st.none() | texts(max_size=30))
    return ContactMatchKeys(
        contact_id=draw(contact_ids()),
        account_id=draw(account_ids()),
        email=None if email is None else email.normalised,
        name=None if name is None else (normalised_name(name) or None),
        left=draw(st.booleans()),
    )


def account_indexes() -> st.SearchStrategy[AccountIndex]:
    """Indexes of drawn keys."""
    return st.lists(account_match_keys(), max_size=6, unique_by=lambda k: k.account_id).map(
        lambda keys: AccountIndex(entries=keys)
    )


def contact_indexes() -> st.SearchStrategy[ContactIndex]:
    """Indexes of drawn keys."""
    return st.lists(contact_match_keys(), max_size=6, unique_by=lambda k: k.contact_id).map(
        lambda keys: ContactIndex(entries=keys)
    )


def account_matches() -> st.SearchStrategy[AccountMatch]:
    """Matches with one or both reasons."""
    reasons = st.lists(st.sampled_from(AccountMatchReason), min_size=1, max_size=2, unique=True)
    return st.builds(AccountMatch, account_id=account_ids(), reasons=reasons.map(tuple))


def contact_matches() -> st.SearchStrategy[ContactMatch]:
    """Matches with one or both reasons."""
    reasons = st.lists(st.sampled_from(ContactMatchReason), min_size=1, max_size=2, unique=True)
    return st.builds(
        ContactMatch, contact_id=contact_ids(), reasons=reasons.map(tuple), left=st.booleans()
    )
