"""Stateful test of the lead lifecycle: random command sequences, invariants after every step."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import cast

import attrs
import pendulum
import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from pcf_sales.core import PersonDetails, Scalar, UserId
from pcf_sales.errors import GuardFailed, InvalidTransition, ValidationError
from pcf_sales.leads import (
    LEAD_LIFECYCLE,
    CompanyDetails,
    DisqualificationReason,
    Engagement,
    EngagementKind,
    Lead,
    LeadConversion,
    LeadStatus,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies

#: The fields every command may change without naming them: the engine's own.
_BOOKKEEPING = frozenset({"status", "revision", "history"})
_DATA_FIELDS = tuple(f.name for f in attrs.fields(Lead) if f.name not in _BOOKKEEPING)
_MAX_GAP_MINUTES = 60 * 24 * 20
#: Commands that take a new lead to each status.
_PATHS: dict[LeadStatus, tuple[str, ...]] = {
    LeadStatus.NEW: (),
    LeadStatus.WORKING: ("start_working",),
    LeadStatus.NURTURING: ("start_working", "nurture"),
    LeadStatus.QUALIFIED: ("start_working", "assess", "qualify"),
    LeadStatus.CONVERTED: ("start_working", "assess", "qualify", "convert"),
    LeadStatus.DISQUALIFIED: ("disqualify",),
    LeadStatus.RECYCLED: ("disqualify", "recycle"),
}


def _draw_fn(data: st.DataObject) -> st.DrawFn:
    """``data.draw`` where the kit's step runner expects a ``draw`` function."""
    return cast("st.DrawFn", data.draw)


class LeadLifecycleMachine(RuleBasedStateMachine):
    """Drives one lead through random commands, allowed or not, with a clock that only
    moves forward, and checks the aggregate's invariants after every step."""

    def __init__(self) -> None:
        super().__init__()
        self._lead: Lead | None = None
        self.clock = pendulum.datetime(2020, 1, 1, tz="UTC")
        self.expected_revision = 0
        self.last_seen_revision = 0

    @property
    def lead(self) -> Lead:
        if self._lead is None:
            msg = "the machine has not received its lead yet"
            raise RuntimeError(msg)
        return self._lead

    # -- the lead arrives --------------------------------------------------------------

    @initialize(data=st.data())
    def receive(self, data: st.DataObject) -> None:
        received = data.draw(strategies.instants(), label="received")
        lead = Lead.receive(
            id=data.draw(strategies.lead_ids(), label="id"),
            at=received,
            by=data.draw(strategies.user_ids(), label="by"),
            person=data.draw(strategies.person_details(require_name_or_email=True)),
            source=data.draw(strategies.lead_sources(), label="source"),
            company=data.draw(strategies.company_details(), label="company"),
            owner=data.draw(st.none() | strategies.user_ids(), label="owner"),
            tags=data.draw(strategies.tags(), label="tags"),
            custom_fields=data.draw(strategies.custom_fields(), label="custom_fields"),
            engagements=data.draw(
                st.lists(strategies.engagements(at_most=received), max_size=3), label="engagements"
            ),
        )
        self.clock = received
        # Start in any status, reached through the kit's own step runner, so that every
        # status (converted included) is explored, not only those near the start.
        for step in _PATHS[data.draw(st.sampled_from(LeadStatus), label="start in")]:
            lead = strategies.apply_lead_step(
                _draw_fn(data), lead, step, self._tick(data), UserId("sdr-1")
            )
        self._lead = lead
        self.expected_revision = lead.revision
        self.last_seen_revision = lead.revision

    # -- running a command -------------------------------------------------------------------

    def _tick(self, data: st.DataObject) -> pendulum.DateTime:
        minutes = data.draw(st.integers(min_value=0, max_value=_MAX_GAP_MINUTES), label="minutes")
        self.clock = self.clock.add(minutes=minutes)
        return self.clock

    def _attempt(
        self,
        data: st.DataObject,
        command: str,
        run: Callable[[pendulum.DateTime, UserId], Lead],
    ) -> Lead | None:
        """Run ``command``; check the result when the status allows it and the refusal
        when it does not. Returns the new lead, or ``None`` when refused."""
        before = self.lead
        snapshot = to_document(before)
        at = self._tick(data)
        by = data.draw(strategies.user_ids(), label="by")
        if command not in before.allowed_commands():
            event(f"refused {command} while {before.status.value}")
            with pytest.raises(InvalidTransition) as error:
                run(at, by)
            refusal = error.value
            assert type(refusal) is InvalidTransition
            assert refusal.command == command
            assert refusal.state == before.status.value
            assert refusal.allowed == LEAD_LIFECYCLE.allowed(before.status)
            assert self.lead == before
            assert to_document(before) == snapshot
            return None
        event(f"ran {command} from {before.status.value}")
        after = run(at, by)
        self._check_step(before, after, command, at, by)
        assert to_document(before) == snapshot
        self._lead = after
        self.expected_revision += 1
        return after

    def _check_step(
        self, before: Lead, after: Lead, command: str, at: pendulum.DateTime, by: UserId
    ) -> None:
        row = LEAD_LIFECYCLE.transition(command)
        expected_state = before.status if row.target is None else row.target
        assert after.status is expected_state
        assert after.revision == before.revision + 1
        assert after.history[:-1] == before.history
        entry = after.history[-1]
        assert entry.command == command
        assert entry.event == row.event
        assert entry.from_state is before.status
        assert entry.to_state is expected_state
        assert entry.at == at
        assert entry.by == by
        changed = {name for name in _DATA_FIELDS if getattr(after, name) != getattr(before, name)}
        assert changed <= set(entry.changes)

    # -- lifecycle commands ----------------------------------------------------------------------

    @rule(data=st.data())
    def start_working(self, data: st.DataObject) -> None:
        self._attempt(data, "start_working", lambda at, by: self.lead.start_working(at=at, by=by))

    @rule(data=st.data(), reason=st.none() | strategies.texts(max_size=40))
    def nurture(self, data: st.DataObject, reason: str | None) -> None:
        after = self._attempt(
            data, "nurture", lambda at, by: self.lead.nurture(at=at, by=by, reason=reason)
        )
        if after is not None:
            assert after.history[-1].reason == reason

    @rule(data=st.data())
    def assess(self, data: st.DataObject) -> None:
        framework = data.draw(strategies.qualification_frameworks(), label="framework")
        answers = data.draw(strategies.criterion_answers(framework), label="answers")
        after = self._attempt(
            data, "assess", lambda at, by: self.lead.assess(framework, answers, at=at, by=by)
        )
        if after is not None:
            assert after.qualification == framework.evaluate(answers)

    @rule(data=st.data(), override=st.none() | strategies.texts(max_size=40))
    def qualify(self, data: st.DataObject, override: str | None) -> None:
        lead = self.lead
        guard_holds = lead.qualification is not None and lead.qualification.is_qualified
        if "qualify" in lead.allowed_commands() and not guard_holds and override is None:
            snapshot = to_document(lead)
            with pytest.raises(GuardFailed) as error:
                lead.qualify(at=self._tick(data), by=UserId("sdr-1"))
            assert error.value.overridable
            assert [name for name, _ in error.value.failures] == ["qualification criteria met"]
            assert self.lead == lead
            assert to_document(lead) == snapshot
            return
        after = self._attempt(
            data,
            "qualify",
            lambda at, by: self.lead.qualify(at=at, by=by, override_reason=override),
        )
        if after is not None:
            expected = () if guard_holds else ("qualification criteria met",)
            assert after.history[-1].overridden == expected
            assert after.history[-1].reason == override

    @rule(data=st.data(), reason=strategies.texts(max_size=40))
    def return_to_nurturing(self, data: st.DataObject, reason: str) -> None:
        after = self._attempt(
            data,
            "return_to_nurturing",
            lambda at, by: self.lead.return_to_nurturing(at=at, by=by, reason=reason),
        )
        if after is not None:
            assert after.history[-1].reason == reason

    @rule(
        data=st.data(),
        reason=st.sampled_from(DisqualificationReason),
        note=st.none() | strategies.texts(max_size=60),
    )
    def disqualify(
        self, data: st.DataObject, reason: DisqualificationReason, note: str | None
    ) -> None:
        after = self._attempt(
            data,
            "disqualify",
            lambda at, by: self.lead.disqualify(reason, at=at, by=by, note=note),
        )
        if after is not None:
            assert after.disqualification is not None
            assert after.disqualification.reason is reason
            assert after.disqualification.note == note

    @rule(data=st.data(), reason=st.none() | strategies.texts(max_size=40))
    def recycle(self, data: st.DataObject, reason: str | None) -> None:
        after = self._attempt(
            data, "recycle", lambda at, by: self.lead.recycle(at=at, by=by, reason=reason)
        )
        if after is not None:
            assert after.disqualification is None
            assert after.qualification is None

    @rule(data=st.data(), conversion=strategies.lead_conversions())
    def convert(self, data: st.DataObject, conversion: LeadConversion) -> None:
        after = self._attempt(
            data,
            "convert",
            lambda at, by: self.lead.convert(
                account_id=conversion.account_id,
                contact_id=conversion.contact_id,
                opportunity_id=conversion.opportunity_id,
                at=at,
                by=by,
            ),
        )
        if after is not None:
            assert after.conversion == conversion

    @precondition(lambda self: self.lead.status is not LeadStatus.CONVERTED)
    @rule(data=st.data())
    def take_an_allowed_lifecycle_step(self, data: st.DataObject) -> None:
        """Moves the lead on through the kit's own step runner, so that long walks reach
        qualified and converted rather than idling among data commands."""
        moves = [
            command
            for command in self.lead.allowed_commands()
            if command in strategies.LEAD_STEPS
            and command != "disqualify"  # it has its own rule; here the lead moves forward
            and (LEAD_LIFECYCLE.transition(command).target is not None or command == "assess")
        ]
        command = data.draw(st.sampled_from(moves), label="step")
        self._attempt(
            data,
            command,
            lambda at, by: strategies.apply_lead_step(_draw_fn(data), self.lead, command, at, by),
        )

    # -- data commands ---------------------------------------------------------------------------

    @rule(data=st.data(), person=strategies.person_details(require_name_or_email=True))
    def update_person(self, data: st.DataObject, person: PersonDetails) -> None:
        after = self._attempt(
            data, "update_person", lambda at, by: self.lead.update_person(person, at=at, by=by)
        )
        if after is not None:
            assert after.person == person

    @rule(data=st.data(), company=strategies.company_details())
    def update_company(self, data: st.DataObject, company: CompanyDetails) -> None:
        after = self._attempt(
            data, "update_company", lambda at, by: self.lead.update_company(company, at=at, by=by)
        )
        if after is not None:
            assert after.company == company

    @rule(data=st.data(), owner=st.none() | strategies.user_ids())
    def assign(self, data: st.DataObject, owner: UserId | None) -> None:
        after = self._attempt(data, "assign", lambda at, by: self.lead.assign(owner, at=at, by=by))
        if after is not None:
            assert after.owner == owner

    @rule(data=st.data(), new_tags=strategies.tags().filter(bool))
    def tag(self, data: st.DataObject, new_tags: tuple[str, ...]) -> None:
        before = set(self.lead.tags)
        allowed = "tag" in self.lead.allowed_commands()
        if allowed and set(new_tags) <= before:
            # Nothing new to add: the lead comes back unchanged, no history entry.
            unchanged = self.lead.tag(*new_tags, at=self._tick(data), by=UserId("sdr-1"))
            assert unchanged is self.lead
            return
        after = self._attempt(data, "tag", lambda at, by: self.lead.tag(*new_tags, at=at, by=by))
        if after is not None:
            assert set(after.tags) == before | set(new_tags)

    @precondition(lambda self: bool(self.lead.tags))
    @rule(data=st.data())
    def untag(self, data: st.DataObject) -> None:
        gone = data.draw(st.sampled_from(self.lead.tags), label="tag")
        before = set(self.lead.tags)
        after = self._attempt(data, "untag", lambda at, by: self.lead.untag(gone, at=at, by=by))
        if after is not None:
            assert set(after.tags) == before - {gone}

    @rule(
        data=st.data(),
        key=st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True),
        value=st.none() | st.booleans() | st.integers() | strategies.texts(min_size=0),
    )
    def set_custom_field(self, data: st.DataObject, key: str, value: Scalar) -> None:
        before = self.lead.custom_fields.to_dict()
        after = self._attempt(
            data,
            "set_custom_field",
            lambda at, by: self.lead.set_custom_field(key, value, at=at, by=by),
        )
        if after is not None:
            assert after.custom_fields.to_dict() == {**before, key: value}

    @precondition(lambda self: len(self.lead.custom_fields) > 0)
    @rule(data=st.data())
    def remove_custom_field(self, data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(sorted(self.lead.custom_fields)), label="key")
        before = self.lead.custom_fields.to_dict()
        after = self._attempt(
            data,
            "remove_custom_field",
            lambda at, by: self.lead.remove_custom_field(key, at=at, by=by),
        )
        if after is not None:
            del before[key]
            assert after.custom_fields.to_dict() == before

    @rule(data=st.data())
    def record_engagement(self, data: st.DataObject) -> None:
        at_most = self.clock
        engagement = data.draw(strategies.engagements(at_most=at_most), label="engagement")
        lead = self.lead
        if engagement in lead.engagements and "record_engagement" in lead.allowed_commands():
            assert lead.record_engagement(engagement, at=at_most, by=UserId("mkt")) is lead
            return
        while engagement in lead.engagements:  # replays are covered by their own rule
            engagement = attrs.evolve(engagement, detail=f"{engagement.detail or ''}+")
        before = lead.engagements
        after = self._attempt(
            data,
            "record_engagement",
            lambda at, by: self.lead.record_engagement(engagement, at=at, by=by),
        )
        if after is not None:
            assert len(after.engagements) == len(before) + 1
            assert engagement in after.engagements

    @precondition(
        lambda self: (
            bool(self.lead.engagements) and "record_engagement" in self.lead.allowed_commands()
        )
    )
    @rule(data=st.data())
    def replay_a_recorded_engagement(self, data: st.DataObject) -> None:
        lead = self.lead
        engagement = data.draw(st.sampled_from(lead.engagements), label="replayed")
        again = Engagement(
            kind=engagement.kind,
            at=engagement.at,
            campaign_id=engagement.campaign_id,
            detail=engagement.detail,
        )
        assert lead.record_engagement(again, at=self._tick(data), by=UserId("mkt")) is lead

    @precondition(lambda self: self.lead.status is not LeadStatus.CONVERTED)
    @rule(seconds=st.integers(min_value=1, max_value=86_400 * 30))
    def a_command_dated_before_the_last_change_is_refused(self, seconds: int) -> None:
        lead = self.lead
        snapshot = to_document(lead)
        with pytest.raises(ValidationError) as error:
            lead.assign(None, at=lead.updated_at.subtract(seconds=seconds), by=UserId("sdr-1"))
        assert error.value.field == "at"
        assert to_document(lead) == snapshot

    # -- invariants ------------------------------------------------------------------------------

    @invariant()
    def status_is_a_lead_status_with_the_table_s_commands(self) -> None:
        if self._lead is None:
            return
        lead = self.lead
        assert isinstance(lead.status, LeadStatus)
        assert lead.allowed_commands() == LEAD_LIFECYCLE.allowed(lead.status)

    @invariant()
    def revision_counts_the_history_and_grows_by_one_per_command(self) -> None:
        if self._lead is None:
            return
        lead = self.lead
        assert lead.revision == len(lead.history)
        assert lead.revision == self.expected_revision
        assert lead.revision in (self.last_seen_revision, self.last_seen_revision + 1)
        self.last_seen_revision = lead.revision

    @invariant()
    def history_is_a_continuous_chain_from_receipt(self) -> None:
        if self._lead is None:
            return
        history = self.lead.history
        assert history[0].command == "receive"
        assert history[0].from_state is None
        assert history[0].to_state is LeadStatus.NEW
        for previous, entry in itertools.pairwise(history):
            assert entry.from_state is previous.to_state
            assert entry.at >= previous.at
            assert entry.from_state in LEAD_LIFECYCLE.transition(entry.command).sources
        assert history[-1].to_state is self.lead.status

    @invariant()
    def disqualification_and_conversion_match_the_status(self) -> None:
        if self._lead is None:
            return
        lead = self.lead
        assert (lead.disqualification is not None) == (lead.status is LeadStatus.DISQUALIFIED)
        assert (lead.conversion is not None) == (lead.status is LeadStatus.CONVERTED)

    @invariant()
    def a_qualification_is_newer_than_the_last_recycling(self) -> None:
        if self._lead is None or self.lead.qualification is None:
            return
        commands = [entry.command for entry in self.lead.history]
        last_assessment = max(i for i, command in enumerate(commands) if command == "assess")
        last_recycling = max(
            (i for i, command in enumerate(commands) if command == "recycle"), default=-1
        )
        assert last_assessment > last_recycling

    @invariant()
    def a_converted_lead_accepts_no_command(self) -> None:
        if self._lead is None or self.lead.status is not LeadStatus.CONVERTED:
            return
        lead = self.lead
        at, by = lead.updated_at, UserId("sdr-1")
        fresh = Engagement(kind=EngagementKind.SALES_TOUCH, at=at, detail="after conversion")
        attempts: list[Callable[[], Lead]] = [
            lambda: lead.start_working(at=at, by=by),
            lambda: lead.disqualify(DisqualificationReason.OTHER, at=at, by=by),
            lambda: lead.assign(by, at=at, by=by),
            lambda: lead.tag("late", at=at, by=by),
            lambda: lead.set_custom_field("late", 1, at=at, by=by),
            lambda: lead.record_engagement(fresh, at=at, by=by),
        ]
        assert lead.allowed_commands() == ()
        for attempt in attempts:
            with pytest.raises(InvalidTransition):
                attempt()
        assert self.lead == lead

    @invariant()
    def engagements_are_in_the_order_they_happened(self) -> None:
        if self._lead is None:
            return
        ats = [e.at for e in self.lead.engagements]
        assert ats == sorted(ats)

    @invariant()
    def the_lead_round_trips_through_a_document(self) -> None:
        if self._lead is None:
            return
        lead = self.lead
        assert from_document(to_document(lead)) == lead
        assert attrs.evolve(lead) == lead


LeadLifecycleMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=40, deadline=None
)
TestLeadLifecycle = LeadLifecycleMachine.TestCase
