"""Example tests of sales activities: plan, reschedule, complete, cancel, no-show."""

from __future__ import annotations

from typing import Any

import pytest

from pcf_sales.accounts import InteractionKind, Sentiment
from pcf_sales.core import ActivityId, ContactId, UserId
from pcf_sales.errors import InvalidTransition, ValidationError
from pcf_sales.opportunities import (
    ACTIVITY_LIFECYCLE,
    ActivityKind,
    ActivityStatus,
    SalesActivity,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_activity_outcome,
    make_follow_up,
    make_sales_activity,
)

BY = UserId("ae-7")


def test_planning_creates_a_planned_activity() -> None:
    call = make_sales_activity()
    assert call.status is ActivityStatus.PLANNED
    assert call.revision == 1
    assert call.ends_at == FIXED_INSTANT.add(days=1, minutes=45)
    assert call.kind.pcf_element == "3.5.1.8.1"
    assert not call.is_finished
    assert call.as_interaction() is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"account_id": None, "opportunity_id": None}, "account_id"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"kind": "call"}, "kind"),
        ({"subject": ""}, "subject"),
        ({"follow_up_of": ActivityId("activity-1")}, "follow_up_of"),
    ],
)
def test_bad_plans_are_refused(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make_sales_activity(**overrides)
    assert caught.value.field == field


def test_completing_records_outcome_and_follow_ups_and_makes_an_interaction() -> None:
    call = make_sales_activity()
    done = call.complete(
        make_activity_outcome(), at=call.ends_at, by=BY, follow_ups=[make_follow_up()]
    )
    assert done.status is ActivityStatus.COMPLETED
    assert done.is_finished
    assert done.outcome == make_activity_outcome()
    assert done.follow_ups == (make_follow_up(),)
    assert done.history[-1].changes == ("follow_ups", "outcome")
    interaction = done.as_interaction()
    assert interaction is not None
    assert interaction.kind is InteractionKind.CALL
    assert interaction.sentiment is Sentiment.POSITIVE
    assert interaction.contact_ids == (ContactId("contact-1"),)


def test_pre_sales_work_is_not_a_customer_interaction() -> None:
    task = make_sales_activity(ActivityStatus.COMPLETED, kind=ActivityKind.PRESALES_TASK)
    assert task.as_interaction() is None
    assert task.kind.pcf_element == "3.5.1.8.2"


def test_a_no_show_can_be_rescheduled_or_cancelled() -> None:
    no_show = make_sales_activity(ActivityStatus.NO_SHOW)
    assert no_show.status is ActivityStatus.NO_SHOW
    again = no_show.reschedule(
        no_show.scheduled_at.add(days=7), at=no_show.updated_at.add(hours=1), by=BY
    )
    assert again.status is ActivityStatus.PLANNED
    assert again.scheduled_at == no_show.scheduled_at.add(days=7)
    cancelled = no_show.cancel(reason="not interested", at=no_show.updated_at.add(hours=1), by=BY)
    assert cancelled.status is ActivityStatus.CANCELLED
    assert cancelled.history[-1].reason == "not interested"


def test_a_no_show_cannot_be_recorded_before_the_start() -> None:
    call = make_sales_activity()
    snapshot = to_document(call)
    with pytest.raises(ValidationError) as caught:
        call.record_no_show(at=call.scheduled_at.subtract(minutes=1), by=BY)
    assert caught.value.field == "at"
    assert to_document(call) == snapshot


def test_cancelling_needs_a_reason() -> None:
    call = make_sales_activity()
    with pytest.raises(ValidationError) as caught:
        call.cancel(reason="", at=call.updated_at, by=BY)
    assert caught.value.field == "reason"


@pytest.mark.parametrize("status", [ActivityStatus.COMPLETED, ActivityStatus.CANCELLED])
def test_finished_activities_accept_no_command(status: ActivityStatus) -> None:
    finished = make_sales_activity(status)
    assert finished.allowed_commands() == ()
    with pytest.raises(InvalidTransition) as caught:
        finished.reschedule(finished.scheduled_at, at=finished.updated_at, by=BY)
    assert caught.value.allowed == ()
    with pytest.raises(InvalidTransition):
        finished.add_attendee(ContactId("c-2"), at=finished.updated_at, by=BY)


def test_attendees_and_agenda_change_while_planned() -> None:
    call = make_sales_activity()
    more = call.add_attendee(ContactId("contact-0"), at=call.updated_at, by=BY)
    assert more.contact_ids == ("contact-0", "contact-1")
    assert more.add_attendee(ContactId("contact-0"), at=more.updated_at, by=BY) is more
    fewer = more.remove_attendee(ContactId("contact-1"), at=more.updated_at, by=BY)
    assert fewer.contact_ids == ("contact-0",)
    with pytest.raises(ValidationError) as caught:
        fewer.remove_attendee(ContactId("contact-1"), at=fewer.updated_at, by=BY)
    assert caught.value.field == "contact_id"
    agenda = fewer.set_agenda("Scope, timeline", at=fewer.updated_at, by=BY)
    assert agenda.agenda == "Scope, timeline"
    assert agenda.assign(UserId("se-1"), at=agenda.updated_at, by=BY).owner == "se-1"


@pytest.mark.parametrize(
    ("run", "field"),
    [
        (lambda a: a.complete("done", at=a.updated_at, by=BY), "outcome"),
        (
            lambda a: a.complete(make_activity_outcome(), at=a.updated_at, by=BY, follow_ups=["x"]),
            "follow_ups[0]",
        ),
        (lambda a: a.reschedule("tomorrow", at=a.updated_at, by=BY), "scheduled_at"),
        (
            lambda a: a.reschedule(a.scheduled_at, at=a.updated_at, by=BY, duration_minutes=0),
            "duration_minutes",
        ),
        (lambda a: a.add_attendee("has space", at=a.updated_at, by=BY), "contact_id"),
        (lambda a: a.set_agenda(5, at=a.updated_at, by=BY), "agenda"),
        (lambda a: a.assign("", at=a.updated_at, by=BY), "owner"),
    ],
)
def test_bad_arguments_are_refused_naming_the_field(run: Any, field: str) -> None:
    call = make_sales_activity()
    snapshot = to_document(call)
    with pytest.raises(ValidationError) as caught:
        run(call)
    assert caught.value.field == field
    assert to_document(call) == snapshot


@pytest.mark.parametrize("status", list(ActivityStatus))
def test_activities_round_trip(status: ActivityStatus) -> None:
    activity = make_sales_activity(status)
    assert from_document(to_document(activity)) == activity


def test_the_lifecycle_table_has_the_expected_shape() -> None:
    assert ACTIVITY_LIFECYCLE.terminal == {ActivityStatus.COMPLETED, ActivityStatus.CANCELLED}
    assert ACTIVITY_LIFECYCLE.allowed(ActivityStatus.NO_SHOW) == ("assign", "cancel", "reschedule")
    assert "[*] --> planned: plan" in ACTIVITY_LIFECYCLE.to_mermaid()
    assert SalesActivity.__name__ == ACTIVITY_LIFECYCLE.aggregate


def test_completing_before_the_scheduled_start_is_refused() -> None:
    call = make_sales_activity()
    snapshot = to_document(call)
    with pytest.raises(ValidationError) as caught:
        call.complete(make_activity_outcome(), at=call.scheduled_at.subtract(minutes=1), by=BY)
    assert caught.value.field == "at"
    assert to_document(call) == snapshot
    done = call.complete(make_activity_outcome(), at=call.scheduled_at, by=BY)
    assert done.status is ActivityStatus.COMPLETED
