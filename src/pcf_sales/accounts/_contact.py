"""The contact aggregate (PCF 3.5.2.4): a person at an account, their role and their consent."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from enum import Enum
from typing import Any, Final, cast

import attrs
import pendulum

from pcf_sales.accounts._checks import (
    check_enum,
    check_field,
    checked_tags,
    merged_custom_fields,
    require,
    with_custom_field,
)
from pcf_sales.core import (
    AccountId,
    ContactId,
    CustomFields,
    HistoryEntry,
    Lifecycle,
    PersonDetails,
    Scalar,
    Transition,
    UserId,
)
from pcf_sales.core._custom_fields import is_tags, to_tags
from pcf_sales.core._validate import (
    check_instant,
    describe,
    fail,
    is_enum,
    is_id,
    is_instance,
    is_instant,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_instant,
    to_optional_text,
    to_tuple,
)

__all__ = [
    "CONTACT_LIFECYCLE",
    "BuyingRole",
    "CommunicationPreferences",
    "Consent",
    "ConsentStatus",
    "Contact",
    "ContactChannel",
    "ContactStatus",
    "Stance",
]


class ContactStatus(Enum):
    """Whether the person still works at the account."""

    ACTIVE = "active"
    """Works at the account; can be engaged."""
    LEFT = "left"
    """Has left the company. Kept for the record; can rejoin."""


class BuyingRole(Enum):
    """The part a person plays in the account's buying decisions."""

    ECONOMIC_BUYER = "economic_buyer"
    """Controls the budget and gives the final yes."""
    DECISION_MAKER = "decision_maker"
    """Decides which solution is chosen."""
    CHAMPION = "champion"
    """Sells for us inside the account."""
    INFLUENCER = "influencer"
    """Shapes the decision without making it."""
    USER = "user"
    """Will use what is bought."""
    BLOCKER = "blocker"
    """Can stop the purchase."""


class Stance(Enum):
    """How a person feels about us and our offer."""

    SUPPORTIVE = "supportive"
    NEUTRAL = "neutral"
    SKEPTICAL = "skeptical"
    OPPOSED = "opposed"


class ContactChannel(Enum):
    """A channel by which a person can be reached."""

    EMAIL = "email"
    PHONE = "phone"
    SMS = "sms"
    POST = "post"
    MESSAGING = "messaging"
    """Chat and messaging apps."""


class ConsentStatus(Enum):
    """What the person said about being contacted through a channel."""

    OPTED_IN = "opted_in"
    OPTED_OUT = "opted_out"


@attrs.frozen(kw_only=True)
class Consent:
    """A consent given or withdrawn for one channel, at the instant it happened.

    ``source`` says how it was given (``"newsletter form"``, ``"call with ae-1"``).
    """

    channel: ContactChannel = attrs.field(validator=is_enum(ContactChannel))
    status: ConsentStatus = attrs.field(validator=is_enum(ConsentStatus))
    at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    source: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=200))
    )


_LANGUAGE: Final = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _language(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not _LANGUAGE.fullmatch(value):
        fail(attr.name, f"expected a language tag such as 'de' or 'en-GB', got {describe(value)}")


@attrs.frozen(kw_only=True)
class CommunicationPreferences:
    """How a person prefers to be reached. Preferences are not consent: a preferred
    channel without an opt-in may still not be used for marketing."""

    preferred_channel: ContactChannel | None = attrs.field(
        default=None, validator=optional(is_enum(ContactChannel))
    )
    language: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=_language
    )
    max_touches_per_month: int | None = attrs.field(
        default=None, validator=optional(is_int(minimum=0, maximum=1000))
    )


def _consents(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(Consent, unique=True)(inst, attr, value)
    ats = [c.at for c in cast("tuple[Consent, ...]", value)]
    if ats != sorted(ats):
        fail(attr.name, "consents are stored in the order they were given")


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


@attrs.frozen(kw_only=True)
class Contact:
    """A person at an account: who they are, their buying role and stance, how and
    whether they may be contacted, and whether they are still there.

    Create one with :meth:`add`; it needs a last name or an email address.
    ``consents`` is the log of every consent given or withdrawn, oldest first;
    :meth:`consent_for` gives the one in force.

    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> contact = Contact.add(id=ContactId("C-1"), at=at, by=UserId("ae-1"),
    ...                       account_id=AccountId("A-1"),
    ...                       person=PersonDetails(first_name="Amara", last_name="Okafor"),
    ...                       buying_role=BuyingRole.CHAMPION)
    >>> contact.status.value, contact.may_contact(ContactChannel.EMAIL)
    ('active', False)
    """

    id: ContactId = attrs.field(validator=is_id)
    status: ContactStatus = attrs.field(validator=is_enum(ContactStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[ContactStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    account_id: AccountId = attrs.field(validator=is_id)
    person: PersonDetails = attrs.field(validator=is_instance(PersonDetails))
    buying_role: BuyingRole | None = attrs.field(
        default=None, validator=optional(is_enum(BuyingRole))
    )
    stance: Stance | None = attrs.field(default=None, validator=optional(is_enum(Stance)))
    preferences: CommunicationPreferences = attrs.field(
        factory=CommunicationPreferences, validator=is_instance(CommunicationPreferences)
    )
    consents: tuple[Consent, ...] = attrs.field(default=(), converter=to_tuple, validator=_consents)
    tags: tuple[str, ...] = attrs.field(default=(), converter=to_tags, validator=is_tags)
    custom_fields: CustomFields = attrs.field(
        factory=CustomFields, validator=is_instance(CustomFields)
    )

    def __attrs_post_init__(self) -> None:
        _check_person(self.person)
        CONTACT_LIFECYCLE.check_history(self)

    # -- creating -------------------------------------------------------------------

    @classmethod
    def add(
        cls,
        *,
        id: ContactId,
        at: pendulum.DateTime,
        by: UserId,
        account_id: AccountId,
        person: PersonDetails,
        buying_role: BuyingRole | None = None,
        stance: Stance | None = None,
        preferences: CommunicationPreferences | None = None,
        consents: Iterable[Consent] = (),
        tags: Iterable[str] = (),
        custom_fields: CustomFields | None = None,
    ) -> Contact:
        """A new, active contact at ``account_id``.

        ``consents`` already given (on a web form, say) may be passed along;
        none may be later than ``at``.
        """
        added_at = check_instant(at, "at")
        items = tuple(consents) if isinstance(consents, Iterable) else consents
        if isinstance(items, tuple):
            for index, item in enumerate(items):
                if not isinstance(item, Consent):
                    fail(f"consents[{index}]", f"expected a Consent, got {describe(item)}")
                if item.at > added_at:
                    fail(f"consents[{index}].at", "is after the contact was added")
            items = tuple(sorted(items, key=lambda c: c.at))
        return CONTACT_LIFECYCLE.create(
            cls,
            at=added_at,
            by=by,
            id=id,
            account_id=account_id,
            person=person,
            buying_role=buying_role,
            stance=stance,
            preferences=CommunicationPreferences() if preferences is None else preferences,
            consents=items,
            tags=checked_tags(tags),
            custom_fields=CustomFields() if custom_fields is None else custom_fields,
        )

    # -- facts ----------------------------------------------------------------------

    @property
    def added_at(self) -> pendulum.DateTime:
        """When the contact was added (its first history entry)."""
        return self.history[0].at

    @property
    def updated_at(self) -> pendulum.DateTime:
        """When the contact last changed."""
        return self.history[-1].at

    @property
    def is_active(self) -> bool:
        """True while the person works at the account."""
        return self.status is ContactStatus.ACTIVE

    def consent_for(
        self, channel: ContactChannel, *, as_of: pendulum.DateTime | None = None
    ) -> Consent | None:
        """The latest consent recorded for ``channel`` (at or before ``as_of`` when
        given), or ``None`` when the person never said."""
        check_enum(ContactChannel, channel, "channel")
        limit = None if as_of is None else check_instant(as_of, "as_of")
        for consent in reversed(self.consents):
            if consent.channel is channel and (limit is None or consent.at <= limit):
                return consent
        return None

    def may_contact(
        self, channel: ContactChannel, *, as_of: pendulum.DateTime | None = None
    ) -> bool:
        """True when the person is active and the consent in force for ``channel``
        is an opt-in. Without a recorded opt-in the answer is no."""
        consent = self.consent_for(channel, as_of=as_of)
        return self.is_active and consent is not None and consent.status is ConsentStatus.OPTED_IN

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the contact's current status."""
        return CONTACT_LIFECYCLE.allowed(self.status)

    # -- moving through the lifecycle -------------------------------------------------

    def leave(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> Contact:
        """The person has left the company."""
        return CONTACT_LIFECYCLE.apply(self, "leave", at=at, by=by, reason=reason)

    def rejoin(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> Contact:
        """The person is back at the company."""
        return CONTACT_LIFECYCLE.apply(self, "rejoin", at=at, by=by, reason=reason)

    # -- changing data ------------------------------------------------------------------

    def update_person(self, person: PersonDetails, *, at: pendulum.DateTime, by: UserId) -> Contact:
        """Replace the person details (a last name or an email must remain)."""
        if not isinstance(person, PersonDetails):
            fail("person", f"expected PersonDetails, got {describe(person)}")
        _check_person(person)
        return CONTACT_LIFECYCLE.apply(
            self, "update_person", at=at, by=by, changes={"person": person}
        )

    def set_buying_role(
        self, buying_role: BuyingRole | None, *, at: pendulum.DateTime, by: UserId
    ) -> Contact:
        """Set the person's buying role (``None``: unknown)."""
        require(CONTACT_LIFECYCLE, self, "set_buying_role")
        checked = check_field(Contact, "buying_role", buying_role)
        return CONTACT_LIFECYCLE.apply(
            self, "set_buying_role", at=at, by=by, changes={"buying_role": checked}
        )

    def set_stance(self, stance: Stance | None, *, at: pendulum.DateTime, by: UserId) -> Contact:
        """Set the person's stance towards us (``None``: unknown)."""
        require(CONTACT_LIFECYCLE, self, "set_stance")
        checked = check_field(Contact, "stance", stance)
        return CONTACT_LIFECYCLE.apply(
            self, "set_stance", at=at, by=by, changes={"stance": checked}
        )

    def set_preferences(
        self, preferences: CommunicationPreferences, *, at: pendulum.DateTime, by: UserId
    ) -> Contact:
        """Replace the communication preferences."""
        checked = check_field(Contact, "preferences", preferences)
        return CONTACT_LIFECYCLE.apply(
            self, "set_preferences", at=at, by=by, changes={"preferences": checked}
        )

    def record_consent(self, consent: Consent, *, at: pendulum.DateTime, by: UserId) -> Contact:
        """Record a consent given or withdrawn; it cannot be later than ``at``.

        Recording one that is already recorded returns the contact unchanged.
        A consent recorded late (given before others already recorded) takes
        its place in time, so :meth:`consent_for` stays right.
        """
        if not isinstance(consent, Consent):
            fail("consent", f"expected a Consent, got {describe(consent)}")
        if consent.at > check_instant(at, "at"):
            fail("consent.at", f"{consent.at} is after the time of recording {at}")
        if consent in self.consents:
            return self
        existing = self.consents
        position = bisect.bisect_right([c.at for c in existing], consent.at)
        updated = (*existing[:position], consent, *existing[position:])
        return CONTACT_LIFECYCLE.apply(
            self, "record_consent", at=at, by=by, changes={"consents": updated}
        )

    def tag(self, *tags: str, at: pendulum.DateTime, by: UserId) -> Contact:
        """Add tags (case-insensitive; adding one twice is harmless)."""
        merged = to_tags((*self.tags, *checked_tags(tags)))
        return CONTACT_LIFECYCLE.apply(self, "tag", at=at, by=by, changes={"tags": merged})

    def untag(self, *tags: str, at: pendulum.DateTime, by: UserId) -> Contact:
        """Remove tags; removing one the contact does not have is an error."""
        removing = checked_tags(tags)
        absent = [t for t in removing if t not in self.tags]
        if absent:
            fail("tags", f"the contact has no tag {absent[0]!r}")
        kept = tuple(t for t in self.tags if t not in removing)
        return CONTACT_LIFECYCLE.apply(self, "untag", at=at, by=by, changes={"tags": kept})

    def set_custom_field(
        self, key: str, value: Scalar, *, at: pendulum.DateTime, by: UserId
    ) -> Contact:
        """Set one of the host's own fields."""
        fields = with_custom_field(self.custom_fields, key, value)
        return CONTACT_LIFECYCLE.apply(
            self, "set_custom_field", at=at, by=by, changes={"custom_fields": fields}
        )

    def remove_custom_field(self, key: str, *, at: pendulum.DateTime, by: UserId) -> Contact:
        """Remove one of the host's own fields."""
        if not isinstance(key, str) or key not in self.custom_fields:
            fail("key", f"the contact has no custom field {key!r}")
        fields = self.custom_fields.without(key)
        return CONTACT_LIFECYCLE.apply(
            self, "remove_custom_field", at=at, by=by, changes={"custom_fields": fields}
        )

    def fill_gaps(
        self,
        *,
        at: pendulum.DateTime,
        by: UserId,
        person: PersonDetails | None = None,
        buying_role: BuyingRole | None = None,
        stance: Stance | None = None,
        preferences: CommunicationPreferences | None = None,
        custom_fields: CustomFields | dict[str, Scalar] | None = None,
    ) -> Contact:
        """Fill what is unknown with the values given; never overwrite.

        Each empty field of the person (first and last name, email, phone,
        title) takes the value of ``person``; an unknown buying role or
        stance takes the one given; an unset preference takes the one of
        ``preferences``; custom fields gain only the keys they lack. When
        nothing is filled the contact is returned unchanged. The history
        entry lists the fields filled (``person``, ``buying_role``, ...).

        Buying role and stance are skipped for a person who has left (they
        are set only while the person is at the account, as with
        :meth:`set_buying_role`); the rest is filled, so the record stays
        complete.
        """
        changes: dict[str, object] = {}
        if person is not None:
            if not isinstance(person, PersonDetails):
                fail("person", f"expected PersonDetails, got {describe(person)}")
            filled = _filled(self.person, person)
            if filled != self.person:
                changes["person"] = filled
        allowed = CONTACT_LIFECYCLE.allowed(self.status)
        for field, value in (("buying_role", buying_role), ("stance", stance)):
            checked = check_field(Contact, field, value)
            if checked is not None and getattr(self, field) is None and f"set_{field}" in allowed:
                changes[field] = checked
        if preferences is not None:
            if not isinstance(preferences, CommunicationPreferences):
                fail(
                    "preferences",
                    f"expected CommunicationPreferences, got {describe(preferences)}",
                )
            merged = _filled(self.preferences, preferences)
            if merged != self.preferences:
                changes["preferences"] = merged
        fields, added = merged_custom_fields(self.custom_fields, custom_fields)
        if added:
            changes["custom_fields"] = fields
        if not changes:
            return self
        return CONTACT_LIFECYCLE.apply(self, "fill_gaps", at=at, by=by, changes=changes)


def _filled(current: Any, given: Any) -> Any:
    """``current`` with each ``None`` field taken from ``given`` (same attrs class)."""
    gaps = {
        f.name: getattr(given, f.name)
        for f in attrs.fields(type(current))
        if getattr(current, f.name) is None and getattr(given, f.name) is not None
    }
    return attrs.evolve(current, **gaps) if gaps else current


def _check_person(person: PersonDetails) -> None:
    if person.last_name is None and person.email is None:
        fail("person", "a contact needs at least a last name or an email address")


_ALL: Final = frozenset(ContactStatus)
_ACTIVE: Final = frozenset({ContactStatus.ACTIVE})


def _data(
    command: str, event: str, sources: frozenset[ContactStatus] = _ALL
) -> Transition[ContactStatus, Contact]:
    return Transition(command=command, event=event, sources=sources)


CONTACT_LIFECYCLE: Lifecycle[ContactStatus, Contact] = Lifecycle(
    aggregate="Contact",
    states=ContactStatus,
    initial=ContactStatus.ACTIVE,
    terminal=frozenset(),
    creation="add",
    creation_event="added",
    transitions=(
        Transition(
            command="leave",
            event="left",
            sources={ContactStatus.ACTIVE},
            target=ContactStatus.LEFT,
        ),
        Transition(
            command="rejoin",
            event="rejoined",
            sources={ContactStatus.LEFT},
            target=ContactStatus.ACTIVE,
        ),
        _data("update_person", "person_updated"),
        _data("set_buying_role", "buying_role_set", _ACTIVE),
        _data("set_stance", "stance_set", _ACTIVE),
        _data("set_preferences", "preferences_set"),
        _data("record_consent", "consent_recorded"),
        _data("tag", "tagged"),
        _data("untag", "untagged"),
        _data("set_custom_field", "custom_field_set"),
        _data("remove_custom_field", "custom_field_removed"),
        _data("fill_gaps", "gaps_filled"),
    ),
)
"""The contact lifecycle: active ⇄ left. Buying role and stance change only while the
person is active; consent, person data and tags can always be recorded (an opt-out
must be recordable whatever happened)."""
