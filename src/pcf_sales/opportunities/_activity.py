"""Sales calls, meetings, workshops, demos and pre-sales tasks (PCF 3.5.1.8): planned, then
completed with an outcome and follow-ups, cancelled, or a no-show."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any, Final, cast

import attrs
import pendulum

from pcf_sales.accounts import Interaction, InteractionKind, Sentiment
from pcf_sales.core import (
    AccountId,
    ActivityId,
    ContactId,
    HistoryEntry,
    LeadId,
    Lifecycle,
    OpportunityId,
    Transition,
    UserId,
)
from pcf_sales.core._validate import (
    check_id,
    check_instant,
    fail,
    is_date,
    is_enum,
    is_id,
    is_instance,
    is_instant,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_instant,
    to_optional_date,
    to_optional_text,
    to_text,
    to_tuple,
)
from pcf_sales.opportunities._checks import check_field, check_instance, require

__all__ = [
    "ACTIVITY_LIFECYCLE",
    "ActivityKind",
    "ActivityOutcome",
    "ActivityStatus",
    "FollowUp",
    "SalesActivity",
]


class ActivityKind(Enum):
    """What kind of sales activity it is, and the PCF element it performs."""

    CALL = "call"
    """A sales call (PCF 3.5.1.8.1)."""
    MEETING = "meeting"
    """A customer meeting (PCF 3.5.1.8.3)."""
    WORKSHOP = "workshop"
    """A workshop with the customer (PCF 3.5.1.8.3)."""
    DEMO = "demo"
    """A product demonstration (PCF 3.5.1.8.2, a pre-sales activity)."""
    PRESALES_TASK = "presales_task"
    """Pre-sales work without the customer present: a solution design, a proof of
    concept, an RFP answer (PCF 3.5.1.8.2)."""

    @property
    def pcf_element(self) -> str:
        """The PCF 3.0 element the activity performs."""
        return _ELEMENTS[self]


_ELEMENTS: Final = {
    ActivityKind.CALL: "3.5.1.8.1",
    ActivityKind.MEETING: "3.5.1.8.3",
    ActivityKind.WORKSHOP: "3.5.1.8.3",
    ActivityKind.DEMO: "3.5.1.8.2",
    ActivityKind.PRESALES_TASK: "3.5.1.8.2",
}
_INTERACTIONS: Final = {
    ActivityKind.CALL: InteractionKind.CALL,
    ActivityKind.MEETING: InteractionKind.MEETING,
    ActivityKind.WORKSHOP: InteractionKind.WORKSHOP,
    ActivityKind.DEMO: InteractionKind.MEETING,
}


class ActivityStatus(Enum):
    """Where a sales activity is in its lifecycle."""

    PLANNED = "planned"
    """Scheduled, not happened yet."""
    COMPLETED = "completed"
    """Happened; its outcome and follow-ups are recorded. Final."""
    CANCELLED = "cancelled"
    """Called off, for a stated reason. Final."""
    NO_SHOW = "no_show"
    """The customer did not turn up; can be rescheduled or cancelled."""


@attrs.frozen(kw_only=True)
class ActivityOutcome:
    """What came of an activity: a summary and how it went."""

    summary: str = attrs.field(converter=to_text, validator=is_text(max_length=2000))
    sentiment: Sentiment = attrs.field(default=Sentiment.NEUTRAL, validator=is_enum(Sentiment))


@attrs.frozen(kw_only=True)
class FollowUp:
    """Something agreed at an activity that someone has to do, by when."""

    description: str = attrs.field(converter=to_text, validator=is_text(max_length=500))
    due: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    owner: UserId | None = attrs.field(default=None, validator=optional(is_id))


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


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


_WEEK_MINUTES: Final = 7 * 24 * 60


@attrs.frozen(kw_only=True)
class SalesActivity:
    """A call, meeting, workshop, demo or pre-sales task with a customer or prospect.

    It is about a lead, an account or an opportunity (at least one of them),
    with the account's contacts who attend. Plan it with :meth:`plan`; then
    :meth:`complete` it with an outcome and follow-ups, :meth:`cancel` it,
    or :meth:`record_no_show` when the customer did not turn up (a no-show
    can be rescheduled).

    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> call = SalesActivity.plan(
    ...     id="ACT-1", at=at, by="ae-1", kind=ActivityKind.CALL, subject="Discovery call",
    ...     owner="ae-1", scheduled_at=at.add(days=1), opportunity_id="OP-1", account_id="AC-1")
    >>> done = call.complete(ActivityOutcome(summary="Two plants in scope"),
    ...                      at=at.add(days=1, hours=1), by="ae-1",
    ...                      follow_ups=[FollowUp(description="Send the case study")])
    >>> done.status.value, done.kind.pcf_element, len(done.follow_ups)
    ('completed', '3.5.1.8.1', 1)
    """

    id: ActivityId = attrs.field(validator=is_id)
    status: ActivityStatus = attrs.field(validator=is_enum(ActivityStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[ActivityStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    kind: ActivityKind = attrs.field(validator=is_enum(ActivityKind))
    subject: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    owner: UserId = attrs.field(validator=is_id)
    scheduled_at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    duration_minutes: int = attrs.field(
        default=60, validator=is_int(minimum=1, maximum=_WEEK_MINUTES)
    )
    account_id: AccountId | None = attrs.field(default=None, validator=optional(is_id))
    opportunity_id: OpportunityId | None = attrs.field(default=None, validator=optional(is_id))
    lead_id: LeadId | None = attrs.field(default=None, validator=optional(is_id))
    contact_ids: tuple[ContactId, ...] = attrs.field(
        default=(), converter=_to_ids, validator=_contact_ids
    )
    agenda: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )
    outcome: ActivityOutcome | None = attrs.field(
        default=None, validator=optional(is_instance(ActivityOutcome))
    )
    follow_ups: tuple[FollowUp, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(FollowUp)
    )
    follow_up_of: ActivityId | None = attrs.field(default=None, validator=optional(is_id))

    def __attrs_post_init__(self) -> None:
        ACTIVITY_LIFECYCLE.check_history(self)
        if self.account_id is None and self.opportunity_id is None and self.lead_id is None:
            fail("account_id", "an activity is about a lead, an account or an opportunity")
        completed = self.status is ActivityStatus.COMPLETED
        if completed != (self.outcome is not None):
            fail("outcome", "is recorded exactly when the activity is completed")
        if self.follow_ups and not completed:
            fail("follow_ups", "follow-ups are agreed when an activity is completed")
        if self.follow_up_of == self.id:
            fail("follow_up_of", "an activity cannot follow up on itself")

    # -- creating ---------------------------------------------------------------------------

    @classmethod
    def plan(
        cls,
        *,
        id: ActivityId,
        at: pendulum.DateTime,
        by: UserId,
        kind: ActivityKind,
        subject: str,
        owner: UserId,
        scheduled_at: pendulum.DateTime,
        duration_minutes: int = 60,
        account_id: AccountId | None = None,
        opportunity_id: OpportunityId | None = None,
        lead_id: LeadId | None = None,
        contact_ids: Iterable[ContactId] = (),
        agenda: str | None = None,
        follow_up_of: ActivityId | None = None,
    ) -> SalesActivity:
        """A new, planned activity (it may be scheduled in the past, to log one that
        already happened before completing it)."""
        return ACTIVITY_LIFECYCLE.create(
            cls,
            at=at,
            by=by,
            id=id,
            kind=kind,
            subject=subject,
            owner=owner,
            scheduled_at=scheduled_at,
            duration_minutes=duration_minutes,
            account_id=account_id,
            opportunity_id=opportunity_id,
            lead_id=lead_id,
            contact_ids=contact_ids,
            agenda=agenda,
            follow_up_of=follow_up_of,
        )

    # -- facts ------------------------------------------------------------------------------

    @property
    def planned_at(self) -> pendulum.DateTime:
        """When the activity was planned (its first history entry)."""
        return self.history[0].at

    @property
    def updated_at(self) -> pendulum.DateTime:
        """When the activity last changed."""
        return self.history[-1].at

    @property
    def ends_at(self) -> pendulum.DateTime:
        """The scheduled end: start plus duration."""
        return self.scheduled_at.add(minutes=self.duration_minutes)

    @property
    def is_finished(self) -> bool:
        """True once completed or cancelled."""
        return self.status in (ActivityStatus.COMPLETED, ActivityStatus.CANCELLED)

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the activity's current status."""
        return ACTIVITY_LIFECYCLE.allowed(self.status)

    def as_interaction(self) -> Interaction | None:
        """The completed activity as an account :class:`~pcf_sales.accounts.Interaction`
        (for relationship maps and health); ``None`` when it is not completed, has no
        account, or is pre-sales work without the customer."""
        kind = _INTERACTIONS.get(self.kind)
        if self.outcome is None or self.account_id is None or kind is None:
            return None
        return Interaction(
            kind=kind,
            account_id=self.account_id,
            at=self.scheduled_at,
            contact_ids=self.contact_ids,
            by=self.owner,
            sentiment=self.outcome.sentiment,
        )

    # -- lifecycle ----------------------------------------------------------------------------

    def reschedule(
        self,
        scheduled_at: pendulum.DateTime,
        *,
        at: pendulum.DateTime,
        by: UserId,
        duration_minutes: int | None = None,
        reason: str | None = None,
    ) -> SalesActivity:
        """Move a planned activity, or plan a no-show again, to ``scheduled_at``."""
        require(ACTIVITY_LIFECYCLE, self, "reschedule")
        start = check_instant(scheduled_at, "scheduled_at")
        changes: dict[str, object] = {"scheduled_at": start}
        if duration_minutes is not None:
            changes["duration_minutes"] = check_field(
                SalesActivity, "duration_minutes", duration_minutes
            )
        return ACTIVITY_LIFECYCLE.apply(
            self, "reschedule", at=at, by=by, reason=reason, changes=changes
        )

    def complete(
        self,
        outcome: ActivityOutcome,
        *,
        at: pendulum.DateTime,
        by: UserId,
        follow_ups: Iterable[FollowUp] = (),
    ) -> SalesActivity:
        """It happened: record the outcome and the follow-ups agreed. Recorded no earlier
        than the scheduled start (reschedule an activity held early first)."""
        require(ACTIVITY_LIFECYCLE, self, "complete")
        check_instance(ActivityOutcome, outcome, "outcome")
        agreed = check_field(SalesActivity, "follow_ups", follow_ups)
        moment = self._not_before_start(at)
        return ACTIVITY_LIFECYCLE.apply(
            self, "complete", at=moment, by=by, changes={"outcome": outcome, "follow_ups": agreed}
        )

    def _not_before_start(self, at: pendulum.DateTime) -> pendulum.DateTime:
        moment = check_instant(at, "at")
        if moment < self.scheduled_at:
            fail(
                "at",
                f"{moment.isoformat()} is before the activity was due to start "
                f"({self.scheduled_at.isoformat()})",
            )
        return moment

    def cancel(self, *, reason: str, at: pendulum.DateTime, by: UserId) -> SalesActivity:
        """Call the activity off, saying why."""
        require(ACTIVITY_LIFECYCLE, self, "cancel")
        return ACTIVITY_LIFECYCLE.apply(self, "cancel", at=at, by=by, reason=reason)

    def record_no_show(
        self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None
    ) -> SalesActivity:
        """The customer did not turn up. Recorded no earlier than the scheduled start."""
        require(ACTIVITY_LIFECYCLE, self, "record_no_show")
        moment = self._not_before_start(at)
        return ACTIVITY_LIFECYCLE.apply(self, "record_no_show", at=moment, by=by, reason=reason)

    # -- data -------------------------------------------------------------------------------

    def add_attendee(
        self, contact_id: ContactId, *, at: pendulum.DateTime, by: UserId
    ) -> SalesActivity:
        """Invite a contact. Inviting one already invited changes nothing."""
        require(ACTIVITY_LIFECYCLE, self, "add_attendee")
        contact = ContactId(check_id(contact_id, "contact_id"))
        if contact in self.contact_ids:
            return self
        return ACTIVITY_LIFECYCLE.apply(
            self,
            "add_attendee",
            at=at,
            by=by,
            changes={"contact_ids": tuple(sorted((*self.contact_ids, contact)))},
        )

    def remove_attendee(
        self, contact_id: ContactId, *, at: pendulum.DateTime, by: UserId
    ) -> SalesActivity:
        """Take a contact off the attendees."""
        require(ACTIVITY_LIFECYCLE, self, "remove_attendee")
        contact = check_id(contact_id, "contact_id")
        if contact not in self.contact_ids:
            fail("contact_id", f"{contact!r} is not attending")
        kept = tuple(c for c in self.contact_ids if c != contact)
        return ACTIVITY_LIFECYCLE.apply(
            self, "remove_attendee", at=at, by=by, changes={"contact_ids": kept}
        )

    def set_agenda(self, agenda: str | None, *, at: pendulum.DateTime, by: UserId) -> SalesActivity:
        """Set the agenda (``None`` clears it)."""
        require(ACTIVITY_LIFECYCLE, self, "set_agenda")
        value = check_field(SalesActivity, "agenda", agenda)
        return ACTIVITY_LIFECYCLE.apply(self, "set_agenda", at=at, by=by, changes={"agenda": value})

    def assign(self, owner: UserId, *, at: pendulum.DateTime, by: UserId) -> SalesActivity:
        """Give the activity to ``owner``."""
        require(ACTIVITY_LIFECYCLE, self, "assign")
        value = check_field(SalesActivity, "owner", owner)
        return ACTIVITY_LIFECYCLE.apply(self, "assign", at=at, by=by, changes={"owner": value})


_PLANNED: Final = frozenset({ActivityStatus.PLANNED})
_PENDING: Final = frozenset({ActivityStatus.PLANNED, ActivityStatus.NO_SHOW})

ACTIVITY_LIFECYCLE: Lifecycle[ActivityStatus, SalesActivity] = Lifecycle(
    aggregate="SalesActivity",
    states=ActivityStatus,
    initial=ActivityStatus.PLANNED,
    terminal={ActivityStatus.COMPLETED, ActivityStatus.CANCELLED},
    creation="plan",
    creation_event="planned",
    transitions=(
        Transition(
            command="complete",
            event="completed",
            sources=_PLANNED,
            target=ActivityStatus.COMPLETED,
        ),
        Transition(
            command="record_no_show",
            event="no_show_recorded",
            sources=_PLANNED,
            target=ActivityStatus.NO_SHOW,
        ),
        Transition(
            command="reschedule",
            event="rescheduled",
            sources=_PENDING,
            target=ActivityStatus.PLANNED,
        ),
        Transition(
            command="cancel",
            event="cancelled",
            sources=_PENDING,
            target=ActivityStatus.CANCELLED,
            needs_reason=True,
        ),
        Transition(command="add_attendee", event="attendee_added", sources=_PLANNED),
        Transition(command="remove_attendee", event="attendee_removed", sources=_PLANNED),
        Transition(command="set_agenda", event="agenda_set", sources=_PLANNED),
        Transition(command="assign", event="assigned", sources=_PENDING),
    ),
)
"""The activity lifecycle: planned → completed or cancelled (final), or a no-show, which
is rescheduled (planned again) or cancelled. A planned activity can be rescheduled."""
