"""The Hypothesis strategies: one registered for every public type, each drawing valid values."""

from __future__ import annotations

import enum
import importlib
import re
import typing
from decimal import Decimal
from typing import Any, Final

import attrs
import pytest
from hypothesis import find, given
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales import core, samples, serialization
from pcf_sales.core import COUNTRIES, HistoryEntry
from pcf_sales.leads import LEAD_LIFECYCLE, Lead, LeadStatus
from pcf_sales.testing import strategies as pcf_st
from pcf_sales.testing.strategies import STRATEGIES

#: Public names that need no entry in STRATEGIES, and why.
NOT_IN_STRATEGIES: Final = {
    # Generic: registered on its own so st.from_type(HistoryEntry[S]) draws
    # entries over the states S (see register_type_strategies).
    "HistoryEntry",
    # A type alias of JSON scalars, not a class.
    "Scalar",
    # A Protocol describing what the lifecycle engine needs.
    "Aggregate",
}
#: The documented rule for ids: 1 to 128 characters, no whitespace or control characters.
_ID: Final = re.compile(r"[^\s\x00-\x1f\x7f]{1,128}")


def _public_types() -> dict[str, Any]:
    """Every public class and NewType of the domain packages, Enums aside."""
    found: dict[str, Any] = {}
    modules = [importlib.import_module(p) for p in serialization._PACKAGES] + [samples]
    for module in modules:
        for name in module.__all__:
            obj = getattr(module, name)
            is_class = isinstance(obj, type) and not issubclass(obj, enum.Enum | BaseException)
            if is_class or isinstance(obj, typing.NewType) or name == "Scalar":
                found[name] = obj
    return found


def _name(tp: Any) -> str:
    return str(getattr(tp, "__name__", tp))


def _needs_a_strategy() -> dict[str, Any]:
    return {n: t for n, t in _public_types().items() if n not in NOT_IN_STRATEGIES}


def test_every_public_type_has_a_registered_strategy() -> None:
    missing = sorted(set(_needs_a_strategy()) - {_name(t) for t in STRATEGIES})
    assert missing == []


def test_strategies_are_registered_only_for_public_types() -> None:
    public = _public_types()
    for tp in STRATEGIES:
        assert public.get(_name(tp)) is tp, f"{_name(tp)} is not a public type"


def test_the_exemptions_from_strategies_are_public_and_few() -> None:
    assert set(_public_types()) >= NOT_IN_STRATEGIES
    assert len(NOT_IN_STRATEGIES) == 3


def test_every_public_new_type_id_is_covered() -> None:
    ids = {n for n, t in _public_types().items() if isinstance(t, typing.NewType)}
    assert "ProductId" in ids
    assert "LeadId" in ids
    missing = sorted(ids - {_name(t) for t in STRATEGIES})
    assert missing == []


@pytest.mark.parametrize("name", sorted(_needs_a_strategy()))
@given(data=st.data())
def test_from_type_draws_valid_values_of_every_public_type(name: str, data: st.DataObject) -> None:
    tp = _needs_a_strategy()[name]
    value = data.draw(st.from_type(tp), label=name)
    if isinstance(tp, typing.NewType):
        assert isinstance(value, str)
        if name == "CountryCode":
            assert value in COUNTRIES
        else:
            assert _ID.fullmatch(value), f"{value!r} is not a valid id"
        return
    assert isinstance(value, tp)
    # Building it again from its own fields runs every validator and check.
    assert attrs.evolve(value) == value


@given(st.from_type(HistoryEntry[LeadStatus]))
def test_history_entries_are_drawn_over_the_states_asked_for(
    entry: HistoryEntry[LeadStatus],
) -> None:
    assert isinstance(entry.to_state, LeadStatus)
    assert entry.from_state is None or isinstance(entry.from_state, LeadStatus)
    assert attrs.evolve(entry) == entry


@given(st.from_type(Lead))
def test_drawn_leads_walked_a_legal_path_through_their_lifecycle(lead: Lead) -> None:
    LEAD_LIFECYCLE.check_history(lead)
    assert lead.revision == len(lead.history)
    for entry in lead.history[1:]:
        assert entry.from_state is not None
        assert entry.command in LEAD_LIFECYCLE.allowed(entry.from_state)


def _shipped_lifecycles() -> list[core.Lifecycle[Any, Any]]:
    """Every ``*_LIFECYCLE`` table the domain packages export."""
    found: list[core.Lifecycle[Any, Any]] = []
    for package in serialization._PACKAGES:
        module = importlib.import_module(package)
        names: list[str] = list(module.__all__)
        found.extend(getattr(module, n) for n in names if n.endswith("_LIFECYCLE"))
    return found


@given(st.from_type(core.Transition), st.from_type(core.Guard), st.from_type(core.Lifecycle))
def test_program_definitions_come_from_the_shipped_tables(
    row: core.Transition[Any, Any], guard: core.Guard[Any], table: core.Lifecycle[Any, Any]
) -> None:
    shipped = _shipped_lifecycles()
    assert any(row in t.transitions for t in shipped)
    assert any(guard in r.guards for t in shipped for r in t.transitions)
    assert any(table is t for t in shipped)


def test_registering_again_changes_nothing() -> None:
    pcf_st.register_type_strategies()
    found = find(st.from_type(Lead), lambda lead: lead.status is LeadStatus.WORKING)
    assert found.status is LeadStatus.WORKING


# --- shrinking towards the simplest value --------------------------------------------------------


def test_leads_shrink_to_a_lead_just_received() -> None:
    simplest = find(st.from_type(Lead), lambda lead: True)
    assert simplest.status is LeadStatus.NEW
    assert simplest.revision == 1
    assert simplest.engagements == ()
    assert simplest.tags == ()


def test_money_shrinks_to_zero_dollars() -> None:
    simplest = find(pcf_st.money(), lambda value: True)
    assert simplest == Money(Decimal(0), "USD")


def test_a_lead_needing_a_status_shrinks_to_the_shortest_path_there() -> None:
    qualified = find(st.from_type(Lead), lambda lead: lead.status is LeadStatus.QUALIFIED)
    assert [e.command for e in qualified.history if e.from_state != e.to_state] == [
        "receive",
        "start_working",
        "qualify",
    ]


@given(pcf_st.money(currency="JPY"), pcf_st.money(currency="KWD"))
def test_money_is_drawn_at_the_currencys_minor_unit(yen: Money, dinar: Money) -> None:
    assert yen.amount == yen.amount.to_integral_value()
    assert -dinar.amount.as_tuple().exponent <= 3  # type: ignore[operator]
    assert core.is_rounded(yen)
    assert core.is_rounded(dinar)
