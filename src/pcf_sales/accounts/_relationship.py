"""Relationship management (PCF 3.5.2.4): interactions, and the map of who we know at an account.

An :class:`Interaction` records one touch (a call, a meeting, an email, a
workshop, a support case, an event) with the contacts who took part.
:func:`relationship_map` lays an account's contacts out at an ``as_of``
instant: which buying roles are covered, whether a champion is there, and
when each person was last touched. :class:`RelationshipHealthPolicy` turns a
map into a health figure with its reasons.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any, cast

import attrs
import pendulum

from pcf_sales.accounts._contact import BuyingRole, Contact, ContactStatus, Stance
from pcf_sales.core import AccountId, ContactId, UserId
from pcf_sales.core._validate import (
    check_id,
    check_instant,
    check_int,
    describe,
    fail,
    is_bool,
    is_enum,
    is_id,
    is_instant,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_instant,
    to_optional_instant,
    to_optional_text,
    to_tuple,
)

__all__ = [
    "ContactCoverage",
    "Interaction",
    "InteractionDirection",
    "InteractionKind",
    "RelationshipMap",
    "Sentiment",
    "relationship_map",
]


class InteractionKind(Enum):
    """What kind of touch an interaction was."""

    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    WORKSHOP = "workshop"
    SUPPORT_CASE = "support_case"
    EVENT = "event"


class InteractionDirection(Enum):
    """Who reached out."""

    OUTBOUND = "outbound"
    """We contacted them."""
    INBOUND = "inbound"
    """They contacted us."""


class Sentiment(Enum):
    """How the interaction went, as the person who recorded it judged."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


def _to_ids(value: Iterable[str]) -> tuple[str, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(i, str) for i in items):
        return tuple(sorted(set(items)))
    return items


def _contact_ids(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(is_id, unique=True)(inst, attr, value)
    ids = cast("tuple[str, ...]", value)
    if list(ids) != sorted(ids):
        fail(attr.name, "contact ids are stored sorted")


@attrs.frozen(kw_only=True)
class Interaction:
    """One touch with an account, at the instant it happened.

    ``contact_ids`` are the account's people who took part (sorted, each
    once; none for, say, an event the account's staff attended unnamed);
    ``by`` is our person who took part or recorded it.

    >>> call = Interaction(kind=InteractionKind.CALL, account_id="A-1",
    ...                    at=pendulum.datetime(2026, 3, 2, 15, tz="UTC"),
    ...                    contact_ids=["C-2", "C-1", "C-2"], sentiment=Sentiment.POSITIVE)
    >>> call.contact_ids, call.direction.value
    (('C-1', 'C-2'), 'outbound')
    """

    kind: InteractionKind = attrs.field(validator=is_enum(InteractionKind))
    account_id: AccountId = attrs.field(validator=is_id)
    at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    contact_ids: tuple[ContactId, ...] = attrs.field(
        default=(), converter=_to_ids, validator=_contact_ids
    )
    by: UserId | None = attrs.field(default=None, validator=optional(is_id))
    direction: InteractionDirection = attrs.field(
        default=InteractionDirection.OUTBOUND, validator=is_enum(InteractionDirection)
    )
    sentiment: Sentiment = attrs.field(default=Sentiment.NEUTRAL, validator=is_enum(Sentiment))
    subject: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=300))
    )
    duration_minutes: int | None = attrs.field(
        default=None, validator=optional(is_int(minimum=0, maximum=60 * 24 * 14))
    )


@attrs.frozen(kw_only=True)
class ContactCoverage:
    """One contact on the relationship map: role, stance, and when last touched."""

    contact_id: ContactId = attrs.field(validator=is_id)
    name: str = attrs.field(validator=is_text(max_length=300, allow_empty=True))
    buying_role: BuyingRole | None = attrs.field(validator=optional(is_enum(BuyingRole)))
    stance: Stance | None = attrs.field(validator=optional(is_enum(Stance)))
    active: bool = attrs.field(validator=is_bool)
    last_touch: pendulum.DateTime | None = attrs.field(
        converter=to_optional_instant, validator=optional(is_instant)
    )
    touches_in_window: int = attrs.field(validator=is_int(minimum=0))

    def days_since_touch(self, as_of: pendulum.DateTime) -> int | None:
        """Whole days from the last touch to ``as_of`` (``None``: never touched)."""
        if self.last_touch is None:
            return None
        return int((check_instant(as_of, "as_of") - self.last_touch).total_seconds() // 86_400)


def _coverages(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(ContactCoverage)(inst, attr, value)
    ids = [c.contact_id for c in cast("tuple[ContactCoverage, ...]", value)]
    if ids != sorted(set(ids)):
        fail(attr.name, "contacts are listed sorted by id, each once")


@attrs.frozen(kw_only=True)
class RelationshipMap:
    """Who we know at an account on ``as_of``, in what roles, and how recently touched.

    Touches counted "in the window" are those of the ``window_days`` before
    ``as_of``; interactions after ``as_of`` had not happened yet and are left out.
    """

    account_id: AccountId = attrs.field(validator=is_id)
    as_of: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    window_days: int = attrs.field(validator=is_int(minimum=1, maximum=3650))
    contacts: tuple[ContactCoverage, ...] = attrs.field(converter=to_tuple, validator=_coverages)
    last_interaction: pendulum.DateTime | None = attrs.field(
        converter=to_optional_instant, validator=optional(is_instant)
    )
    interactions_in_window: int = attrs.field(validator=is_int(minimum=0))
    positive_in_window: int = attrs.field(validator=is_int(minimum=0))
    neutral_in_window: int = attrs.field(validator=is_int(minimum=0))
    negative_in_window: int = attrs.field(validator=is_int(minimum=0))

    def __attrs_post_init__(self) -> None:
        moods = self.positive_in_window + self.neutral_in_window + self.negative_in_window
        if moods != self.interactions_in_window:
            fail("interactions_in_window", f"expected {moods}, the sum of the sentiments")

    @property
    def active_contacts(self) -> tuple[ContactCoverage, ...]:
        """The contacts still at the account."""
        return tuple(c for c in self.contacts if c.active)

    @property
    def roles_covered(self) -> tuple[BuyingRole, ...]:
        """The buying roles held by active contacts, in the order of :class:`BuyingRole`."""
        held = {c.buying_role for c in self.active_contacts}
        return tuple(role for role in BuyingRole if role in held)

    def roles_missing(
        self, wanted: Iterable[BuyingRole] = tuple(BuyingRole)
    ) -> tuple[BuyingRole, ...]:
        """The roles of ``wanted`` no active contact holds."""
        covered = set(self.roles_covered)
        return tuple(role for role in wanted if role not in covered)

    @property
    def champions(self) -> tuple[ContactId, ...]:
        """Active contacts in the champion role."""
        return tuple(
            c.contact_id for c in self.active_contacts if c.buying_role is BuyingRole.CHAMPION
        )

    @property
    def has_champion(self) -> bool:
        """True when an active contact is our champion."""
        return bool(self.champions)

    @property
    def touched_in_window(self) -> tuple[ContactId, ...]:
        """Active contacts touched within the window."""
        return tuple(c.contact_id for c in self.active_contacts if c.touches_in_window)


def relationship_map(
    account_id: AccountId,
    contacts: Iterable[Contact],
    interactions: Iterable[Interaction],
    *,
    as_of: pendulum.DateTime,
    window_days: int = 90,
) -> RelationshipMap:
    """The relationship map of ``account_id`` on ``as_of``.

    ``contacts`` and ``interactions`` must all belong to the account (anything
    else is an error, naming its position). Contacts added and interactions
    after ``as_of`` are left out; whether a contact was still at the account
    is read from their history as of ``as_of`` (buying role and stance are
    the ones they have now). Participants who are not among ``contacts``
    count towards the account's interactions but have no line of their own.
    """
    account = AccountId(check_id(account_id, "account_id"))
    moment = check_instant(as_of, "as_of")
    window = check_int(window_days, "window_days", minimum=1, maximum=3650)
    since = moment.subtract(days=window)
    people: dict[ContactId, Contact] = {}
    active: dict[ContactId, bool] = {}
    seen: set[ContactId] = set()
    for index, contact in enumerate(contacts):
        where = f"contacts[{index}]"
        if not isinstance(contact, Contact):
            fail(where, f"expected a Contact, got {describe(contact)}")
        if contact.account_id != account:
            fail(f"{where}.account_id", f"{contact.account_id!r} is not the account {account!r}")
        if contact.id in seen:
            fail(f"{where}.id", f"contact {contact.id!r} is given twice")
        seen.add(contact.id)
        if contact.added_at > moment:
            continue
        people[contact.id] = contact
        active[contact.id] = _status_as_of(contact, moment) is ContactStatus.ACTIVE
    last: dict[ContactId, pendulum.DateTime] = {}
    touches: dict[ContactId, int] = {}
    moods = dict.fromkeys(Sentiment, 0)
    latest: pendulum.DateTime | None = None
    for index, interaction in enumerate(interactions):
        where = f"interactions[{index}]"
        if not isinstance(interaction, Interaction):
            fail(where, f"expected an Interaction, got {describe(interaction)}")
        if interaction.account_id != account:
            fail(
                f"{where}.account_id", f"{interaction.account_id!r} is not the account {account!r}"
            )
        at = interaction.at
        if at > moment:
            continue
        latest = at if latest is None or at > latest else latest
        recent = at > since
        if recent:
            moods[interaction.sentiment] += 1
        for contact_id in interaction.contact_ids:
            if contact_id not in people:
                continue
            if contact_id not in last or at > last[contact_id]:
                last[contact_id] = at
            if recent:
                touches[contact_id] = touches.get(contact_id, 0) + 1
    lines = tuple(
        ContactCoverage(
            contact_id=contact_id,
            name=people[contact_id].person.full_name,
            buying_role=people[contact_id].buying_role,
            stance=people[contact_id].stance,
            active=active[contact_id],
            last_touch=last.get(contact_id),
            touches_in_window=touches.get(contact_id, 0),
        )
        for contact_id in sorted(people)
    )
    return RelationshipMap(
        account_id=account,
        as_of=moment,
        window_days=window,
        contacts=lines,
        last_interaction=latest,
        interactions_in_window=sum(moods.values()),
        positive_in_window=moods[Sentiment.POSITIVE],
        neutral_in_window=moods[Sentiment.NEUTRAL],
        negative_in_window=moods[Sentiment.NEGATIVE],
    )


def _status_as_of(contact: Contact, moment: pendulum.DateTime) -> ContactStatus:
    """The contact's status after the last history entry at or before ``moment``."""
    status = contact.history[0].to_state
    for entry in contact.history:
        if entry.at > moment:
            break
        status = entry.to_state
    return status
