"""The account package's public surface, its testing kit, its documents and its PCF mapping."""

from __future__ import annotations

import importlib
import pathlib
import re
import sys
from enum import Enum
from typing import Any

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import pcf_sales.accounts as accounts
from pcf_sales import pcf, serialization
from pcf_sales.accounts import (
    ACCOUNT_LIFECYCLE,
    CONTACT_LIFECYCLE,
    KEY_ACCOUNT_PLAN_LIFECYCLE,
    PLAN_ACTION_LIFECYCLE,
    AccountStatus,
    ContactStatus,
    KeyAccountPlanStatus,
    PlanActionStatus,
)
from pcf_sales.core import (
    Guard,
    KeyAccountPlanId,
    Lifecycle,
    PlanActionId,
    SegmentId,
    Transition,
)
from pcf_sales.serialization import DOCUMENT_TYPES, from_document, to_document
from pcf_sales.testing import factories, strategies

PUBLIC_NAMES = [
    "ACCOUNT_LIFECYCLE",
    "CONTACT_LIFECYCLE",
    "KEY_ACCOUNT_PLAN_LIFECYCLE",
    "PLAN_ACTION_LIFECYCLE",
    "Account",
    "AccountFacts",
    "AccountHierarchy",
    "AccountIndex",
    "AccountMatch",
    "AccountMatchKeys",
    "AccountMatchReason",
    "AccountRank",
    "AccountStatus",
    "AccountTeamMember",
    "AccountTeamRole",
    "Address",
    "BuyingRole",
    "CommunicationPreferences",
    "Consent",
    "ConsentStatus",
    "Contact",
    "ContactChannel",
    "ContactCoverage",
    "ContactIndex",
    "ContactMatch",
    "ContactMatchKeys",
    "ContactMatchReason",
    "ContactStatus",
    "CriterionScore",
    "CriterionWeight",
    "HealthFactor",
    "HealthGrade",
    "HierarchyLink",
    "HierarchyRollUp",
    "Interaction",
    "InteractionDirection",
    "InteractionKind",
    "KeyAccountCriteria",
    "KeyAccountCriterion",
    "KeyAccountPlan",
    "KeyAccountPlanStatus",
    "KeyAccountRanking",
    "PlanAction",
    "PlanActionStatus",
    "PlanObjective",
    "PlanProgress",
    "PlanTarget",
    "RelationshipHealth",
    "RelationshipHealthPolicy",
    "RelationshipMap",
    "RollUpLine",
    "Sentiment",
    "SizeBand",
    "Stance",
    "TargetActual",
    "TargetProgress",
    "TargetProgressStatus",
    "TargetValue",
    "find_matching_accounts",
    "find_matching_contacts",
    "relationship_map",
]

CLASSES = sorted(
    (
        obj
        for obj in (getattr(accounts, name) for name in accounts.__all__)
        if isinstance(obj, type) and attrs.has(obj)
    ),
    key=lambda cls: cls.__name__,
)
LIFECYCLES: list[Lifecycle[Any, Any]] = [
    ACCOUNT_LIFECYCLE,
    CONTACT_LIFECYCLE,
    KEY_ACCOUNT_PLAN_LIFECYCLE,
    PLAN_ACTION_LIFECYCLE,
]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_the_public_names_are_pinned() -> None:
    assert accounts.__all__ == PUBLIC_NAMES
    assert all(hasattr(accounts, name) for name in PUBLIC_NAMES)


def test_accounts_import_nothing_above_core() -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("pcf_sales.accounts.") and module is not None:
            text = pathlib.Path(module.__file__ or "").read_text(encoding="utf-8")
            imported = set(re.findall(r"^from (pcf_sales\.\w+)", text, flags=re.MULTILINE))
            assert imported <= {"pcf_sales.core", "pcf_sales.errors", "pcf_sales.accounts"}, name


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_public_class_is_frozen_slotted_and_a_document(cls: type) -> None:
    assert attrs.has(cls)
    assert "__slots__" in cls.__dict__
    assert cls.__setattr__ is not object.__setattr__
    assert DOCUMENT_TYPES[cls.__name__] is cls


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_public_class_has_a_registered_strategy_and_a_factory(cls: type) -> None:
    assert cls in strategies.STRATEGIES
    assert hasattr(factories, f"make_{_snake(cls.__name__)}")


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_factory_default_round_trips(cls: type) -> None:
    value = getattr(factories, f"make_{_snake(cls.__name__)}")()
    assert isinstance(value, cls)
    assert from_document(to_document(value)) == value


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=15)
@given(data=st.data())
def test_every_public_class_round_trips_from_its_registered_strategy(
    cls: type, data: st.DataObject
) -> None:
    value = data.draw(st.from_type(cls))
    assert isinstance(value, cls)
    assert from_document(to_document(value)) == value


@pytest.mark.parametrize("id_type", [KeyAccountPlanId, PlanActionId, SegmentId])
def test_the_new_id_types_have_strategies(id_type: Any) -> None:
    assert id_type in strategies.STRATEGIES


_FACTORY_STATES: list[tuple[str, Enum]] = [
    *(("make_account", s) for s in AccountStatus),
    *(("make_contact", s) for s in ContactStatus),
    *(("make_key_account_plan", s) for s in KeyAccountPlanStatus),
    *(("make_plan_action", s) for s in PlanActionStatus),
]


@pytest.mark.parametrize(("factory", "status"), _FACTORY_STATES, ids=str)
def test_factories_reach_every_status_through_real_commands(factory: str, status: Enum) -> None:
    value = getattr(factories, factory)(status)
    assert value.status is status
    assert value.revision == len(value.history)
    assert from_document(to_document(value)) == value


@pytest.mark.parametrize("table", LIFECYCLES, ids=lambda t: t.aggregate)
def test_the_shipped_lifecycles_include_the_account_tables(table: Lifecycle[Any, Any]) -> None:
    assert table in strategies.ACCOUNT_LIFECYCLES
    assert table.to_mermaid().startswith("stateDiagram-v2")
    assert table.rows()[0][0] == table.creation


@settings(max_examples=30)
def _shipped_lifecycles() -> list[Lifecycle[Any, Any]]:
    """Every ``*_LIFECYCLE`` table the domain packages export."""
    found: list[Lifecycle[Any, Any]] = []
    for package in serialization._PACKAGES:
        module = importlib.import_module(package)
        names: list[str] = list(module.__all__)
        found.extend(getattr(module, n) for n in names if n.endswith("_LIFECYCLE"))
    return found


@given(st.from_type(Lifecycle), st.from_type(Transition), st.from_type(Guard))
def test_the_lifecycle_strategies_draw_from_the_shipped_tables(
    table: Lifecycle[Any, Any], row: Transition[Any, Any], guard: Guard[Any]
) -> None:
    shipped = _shipped_lifecycles()
    assert any(table is t for t in shipped)
    assert any(row in t.transitions for t in shipped)
    assert any(guard in r.guards for t in shipped for r in t.transitions)


@pytest.mark.parametrize("table", LIFECYCLES, ids=lambda t: t.aggregate)
def test_the_lifecycle_strategy_can_draw_each_account_table(table: Lifecycle[Any, Any]) -> None:
    assert find(strategies.lifecycles(), lambda drawn: drawn is table) is table


@pytest.mark.parametrize(
    ("steps", "table"),
    [
        (strategies.ACCOUNT_STEPS, ACCOUNT_LIFECYCLE),
        (strategies.CONTACT_STEPS, CONTACT_LIFECYCLE),
        (strategies.PLAN_STEPS, KEY_ACCOUNT_PLAN_LIFECYCLE),
    ],
)
def test_the_step_runners_cover_every_command(
    steps: tuple[str, ...], table: Lifecycle[Any, Any]
) -> None:
    assert set(steps) == set(table.commands())


@pytest.mark.parametrize("element", ["3.5.2", "3.5.2.1", "3.5.2.2", "3.5.2.3", "3.5.2.4"])
def test_the_pcf_elements_served_by_accounts_resolve(element: str) -> None:
    names = pcf.served_by(element)
    assert names
    for name in names:
        assert name.startswith("pcf_sales.accounts.")
        assert pcf.resolve(name) is not None
