"""Relationship management (PCF 3.5.2.4): interactions, the relationship map, health."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given

from pcf_sales.accounts import (
    BuyingRole,
    Contact,
    HealthGrade,
    Interaction,
    InteractionKind,
    RelationshipHealth,
    RelationshipHealthPolicy,
    RelationshipMap,
    Sentiment,
    Stance,
    relationship_map,
)
from pcf_sales.core import AccountId, ContactId, PersonDetails, UserId
from pcf_sales.errors import ValidationError
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import FIXED_INSTANT, make_contact, make_interaction

A1 = AccountId("account-1")
AS_OF = FIXED_INSTANT.add(days=10)


def _person(name: str) -> PersonDetails:
    return PersonDetails(last_name=name)


def _contact(
    contact_id: str, role: BuyingRole | None, stance: Stance | None = Stance.SUPPORTIVE
) -> Contact:
    return make_contact(
        id=ContactId(contact_id),
        person=_person(contact_id.title()),
        buying_role=role,
        stance=stance,
        consents=(),
    )


def _touch(*ids: str, days_before: int, sentiment: Sentiment = Sentiment.POSITIVE) -> Interaction:
    return make_interaction(
        contact_ids=[ContactId(i) for i in ids],
        at=AS_OF.subtract(days=days_before),
        sentiment=sentiment,
    )


def test_an_interaction_keeps_its_participants_sorted_once() -> None:
    call = make_interaction(contact_ids=["c-2", "c-1", "c-2"], kind=InteractionKind.CALL)
    assert call.contact_ids == ("c-1", "c-2")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "call"),
        ("at", pendulum.naive(2026, 1, 1)),
        ("contact_ids", ["has space"]),
        ("duration_minutes", -1),
        ("sentiment", "good"),
        ("by", ""),
    ],
)
def test_an_interaction_refuses_bad_values(field: str, value: object) -> None:
    changes: dict[str, Any] = {field: value}
    with pytest.raises(ValidationError) as error:
        attrs.evolve(make_interaction(), **changes)
    assert error.value.field.split("[")[0] == field


def test_the_map_shows_roles_champions_and_last_touch_per_contact() -> None:
    people = [
        _contact("cfo", BuyingRole.ECONOMIC_BUYER),
        _contact("cto", BuyingRole.DECISION_MAKER),
        _contact("fan", BuyingRole.CHAMPION),
        _contact("gone", BuyingRole.USER),
    ]
    people[3] = people[3].leave(at=people[3].updated_at.add(hours=1), by=UserId("am-1"))
    touches = [
        _touch("cfo", "fan", days_before=40),
        _touch("fan", days_before=5, sentiment=Sentiment.NEUTRAL),
        _touch("stranger", days_before=2),
        _touch("cto", days_before=-3),
    ]
    rel = relationship_map(A1, people, touches, as_of=AS_OF, window_days=30)
    assert [c.contact_id for c in rel.contacts] == ["cfo", "cto", "fan", "gone"]
    fan = rel.contacts[2]
    assert fan.last_touch == AS_OF.subtract(days=5)
    assert fan.touches_in_window == 1
    assert fan.days_since_touch(AS_OF) == 5
    assert rel.contacts[0].touches_in_window == 0
    assert rel.contacts[1].last_touch is None
    assert rel.contacts[3].active is False
    assert rel.roles_covered == (
        BuyingRole.ECONOMIC_BUYER,
        BuyingRole.DECISION_MAKER,
        BuyingRole.CHAMPION,
    )
    assert rel.roles_missing() == (BuyingRole.INFLUENCER, BuyingRole.USER, BuyingRole.BLOCKER)
    assert rel.champions == ("fan",)
    assert rel.has_champion
    assert rel.touched_in_window == ("fan",)
    assert rel.last_interaction == AS_OF.subtract(days=2)
    assert (rel.interactions_in_window, rel.positive_in_window, rel.neutral_in_window) == (2, 1, 1)


def test_the_map_refuses_records_of_other_accounts() -> None:
    other = make_contact(account_id=AccountId("elsewhere"))
    with pytest.raises(ValidationError) as error:
        relationship_map(A1, [make_contact(), other], [], as_of=AS_OF)
    assert error.value.field == "contacts[1].account_id"
    with pytest.raises(ValidationError) as touch:
        relationship_map(A1, [], [make_interaction(account_id=AccountId("x"))], as_of=AS_OF)
    assert touch.value.field == "interactions[0].account_id"
    with pytest.raises(ValidationError) as twice:
        relationship_map(A1, [make_contact(), make_contact()], [], as_of=AS_OF)
    assert twice.value.field == "contacts[1].id"
    with pytest.raises(ValidationError) as window:
        relationship_map(A1, [], [], as_of=AS_OF, window_days=0)
    assert window.value.field == "window_days"


def test_a_well_covered_recently_touched_relationship_is_healthy() -> None:
    people = [
        _contact("cfo", BuyingRole.ECONOMIC_BUYER),
        _contact("cto", BuyingRole.DECISION_MAKER),
        _contact("fan", BuyingRole.CHAMPION),
        _contact("ops", BuyingRole.INFLUENCER),
        _contact("dev", BuyingRole.USER),
    ]
    touches = [_touch("cfo", "cto", "fan", days_before=3)]
    health = RelationshipHealthPolicy.default().assess(
        relationship_map(A1, people, touches, as_of=AS_OF)
    )
    assert health.score == Decimal("100.00")
    assert health.grade is HealthGrade.HEALTHY
    assert health.reasons == ()
    assert health.explain().splitlines()[0].startswith("100.00 of 100, healthy")


def test_health_explains_every_point_lost() -> None:
    people = [
        _contact("cfo", BuyingRole.ECONOMIC_BUYER, Stance.OPPOSED),
        _contact("fan", BuyingRole.CHAMPION, Stance.SKEPTICAL),
    ]
    touches = [
        _touch("cfo", days_before=75, sentiment=Sentiment.NEGATIVE),
        _touch("fan", days_before=75, sentiment=Sentiment.NEUTRAL),
    ]
    health = RelationshipHealthPolicy.default().assess(
        relationship_map(A1, people, touches, as_of=AS_OF)
    )
    points = {f.key: f.points for f in health.factors}
    assert points == {
        "coverage": Decimal("7.50"),
        "champion": Decimal("0.00"),
        "recency": Decimal("12.50"),
        "breadth": Decimal("10.00"),
        "sentiment": Decimal("2.50"),
        "opposition": Decimal("-5.00"),
    }
    assert health.score == Decimal("27.50")
    assert health.grade is HealthGrade.AT_RISK
    assert "the champion is skeptical or opposed" in health.reasons
    assert "blockers or opposed: cfo" in health.reasons


def test_an_empty_relationship_scores_zero_with_reasons() -> None:
    health = RelationshipHealthPolicy.default().assess(relationship_map(A1, [], [], as_of=AS_OF))
    assert health.score == 0
    assert "no active champion" in health.reasons
    assert "no active contact has been touched" in health.reasons


def test_a_score_that_would_go_negative_is_held_at_zero_and_says_so() -> None:
    policy = attrs.evolve(RelationshipHealthPolicy.default(), opposition_cap=Decimal(40))
    people = [_contact(f"b{i}", BuyingRole.BLOCKER) for i in range(3)]
    health = policy.assess(relationship_map(A1, people, [], as_of=AS_OF))
    assert health.score == 0
    assert health.factors[-1].key == "bounds"
    assert health.factors[-1].points == Decimal("15.00")


def test_a_policy_refuses_inconsistent_settings() -> None:
    base = RelationshipHealthPolicy.default()
    with pytest.raises(ValidationError) as stale:
        attrs.evolve(base, stale_days=10)
    assert stale.value.field == "stale_days"
    with pytest.raises(ValidationError) as grades:
        attrs.evolve(base, watch_from=Decimal(90))
    assert grades.value.field == "watch_from"
    with pytest.raises(ValidationError) as roles:
        attrs.evolve(base, key_roles=())
    assert roles.value.field == "key_roles"
    with pytest.raises(ValidationError) as policy:
        base.assess("map")  # type: ignore[arg-type]
    assert policy.value.field == "relationships"


def test_a_health_whose_score_is_not_its_factors_is_refused() -> None:
    health = RelationshipHealthPolicy.default().assess(relationship_map(A1, [], [], as_of=AS_OF))
    with pytest.raises(ValidationError) as error:
        attrs.evolve(health, score=Decimal(1))
    assert error.value.field == "score"


@given(strategies.relationship_health_policies(), strategies.relationship_maps())
def test_health_is_within_bounds_and_its_factors_add_up(
    policy: RelationshipHealthPolicy, rel: RelationshipMap
) -> None:
    health = policy.assess(rel)
    assert 0 <= health.score <= 100
    assert health.score == sum((f.points for f in health.factors), Decimal(0))
    for factor in health.factors:
        if factor.key not in ("opposition", "bounds"):
            assert 0 <= factor.points <= factor.max_points


@given(strategies.relationship_maps())
def test_map_counts_are_consistent(rel: RelationshipMap) -> None:
    assert all(c.last_touch is None or c.last_touch <= rel.as_of for c in rel.contacts)
    assert all(c.touches_in_window <= rel.interactions_in_window for c in rel.contacts)
    assert set(rel.roles_covered).isdisjoint(rel.roles_missing())


@given(strategies.relationship_healths())
def test_healths_round_trip_through_their_documents(health: RelationshipHealth) -> None:
    assert from_document(to_document(health)) == health


def test_the_map_as_of_an_instant_leaves_out_contacts_added_later() -> None:
    champion = make_contact(
        id=ContactId("contact-9"),
        at=FIXED_INSTANT.add(days=100),
        buying_role=BuyingRole.CHAMPION,
    )
    earlier = relationship_map(AccountId("account-1"), [champion], [], as_of=FIXED_INSTANT)
    assert earlier.contacts == ()
    assert not earlier.has_champion
    later = relationship_map(
        AccountId("account-1"), [champion], [], as_of=FIXED_INSTANT.add(days=100)
    )
    assert [c.contact_id for c in later.contacts] == ["contact-9"]


def test_the_map_as_of_an_instant_uses_the_status_the_contact_had_then() -> None:
    contact = make_contact(buying_role=BuyingRole.CHAMPION)
    gone = contact.leave(at=FIXED_INSTANT.add(days=10), by=UserId("am-1"))
    before = relationship_map(AccountId("account-1"), [gone], [], as_of=FIXED_INSTANT.add(days=5))
    assert [c.active for c in before.contacts] == [True]
    assert before.has_champion
    after = relationship_map(AccountId("account-1"), [gone], [], as_of=FIXED_INSTANT.add(days=10))
    assert [c.active for c in after.contacts] == [False]
