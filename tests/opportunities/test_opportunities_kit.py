"""The opportunity package's public surface and testing kit: every public type has a strategy
(registered for ``st.from_type``) and a factory, and every value round-trips through a
document."""

from __future__ import annotations

import enum
import re
from typing import Any, Final

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from pcf_sales import core, opportunities, pcf
from pcf_sales.core import ActivityId, HistoryEntry, ProductId
from pcf_sales.opportunities import ActivityStatus, OpportunityStatus
from pcf_sales.serialization import DOCUMENT_TYPES, from_dict, from_document, to_dict, to_document
from pcf_sales.testing import factories
from pcf_sales.testing.strategies import STRATEGIES, lifecycles

#: Public classes of the package that are program definitions, not records.
NOT_RECORDS: Final = frozenset({"Lifecycle", "Transition", "Guard"})


def _classes() -> dict[str, type]:
    return {
        name: obj
        for name in opportunities.__all__
        if isinstance(obj := getattr(opportunities, name), type) and attrs.has(obj)
    }


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


CLASSES: Final = _classes()


def test_the_public_names_are_sorted_and_exist() -> None:
    names = list(opportunities.__all__)

    def key(n: str) -> tuple[int, str]:
        if len(n) > 1 and n.isupper():
            return (0, n)
        return (1, n) if n[:1].isupper() else (2, n)

    assert names == sorted(names, key=key)
    assert all(hasattr(opportunities, n) for n in names)


def test_every_public_class_is_a_record_or_an_enum() -> None:
    for name in opportunities.__all__:
        obj = getattr(opportunities, name)
        if isinstance(obj, type):
            assert attrs.has(obj) or issubclass(obj, enum.Enum), name


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_public_class_is_a_document_type(name: str) -> None:
    assert DOCUMENT_TYPES[name] is CLASSES[name]


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_public_class_has_a_registered_strategy(name: str) -> None:
    assert CLASSES[name] in STRATEGIES


def test_the_new_ids_have_strategies_too() -> None:
    assert ActivityId in STRATEGIES
    assert ProductId in STRATEGIES
    assert core.ActivityId is ActivityId


def test_the_shipped_lifecycles_include_the_opportunity_and_activity_tables() -> None:
    tables: tuple[Any, ...] = (
        opportunities.OPPORTUNITY_LIFECYCLE,
        opportunities.ACTIVITY_LIFECYCLE,
    )
    for table in tables:

        def is_table(drawn: Any, wanted: Any = table) -> bool:
            return drawn is wanted

        assert find(lifecycles(), is_table) is table


@pytest.mark.parametrize("name", sorted(CLASSES))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_from_type_draws_valid_values_that_round_trip(name: str, data: st.DataObject) -> None:
    cls = CLASSES[name]
    value: Any = data.draw(st.from_type(cls), label=name)
    assert attrs.evolve(value) == value
    assert isinstance(value, cls)
    assert from_document(to_document(value)) == value


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_public_class_has_a_factory_that_is_deterministic_and_storable(name: str) -> None:
    make = getattr(factories, f"make_{_snake(name)}")
    value: Any = make()
    assert make() == value
    assert attrs.evolve(value) == value
    assert isinstance(value, CLASSES[name])
    assert from_document(to_document(value)) == value
    assert from_dict(CLASSES[name], to_dict(value)) == value


@pytest.mark.parametrize("status", list(OpportunityStatus))
def test_the_opportunity_factory_reaches_every_status(status: OpportunityStatus) -> None:
    assert factories.make_opportunity(status).status is status


@pytest.mark.parametrize("status", list(ActivityStatus))
def test_the_activity_factory_reaches_every_status(status: ActivityStatus) -> None:
    assert factories.make_sales_activity(status).status is status


def test_history_entries_of_opportunities_round_trip_as_their_generic_type() -> None:
    entry = factories.make_opportunity(OpportunityStatus.WON).history[-1]
    assert from_dict(HistoryEntry[OpportunityStatus], to_dict(entry)) == entry


SERVED: Final = (
    "3.5.1.4",
    "3.5.1.5",
    "3.5.1.6",
    "3.5.1.7",
    "3.5.1.8",
    "3.5.1.8.1",
    "3.5.1.8.2",
    "3.5.1.8.3",
    "3.5.1.8.4",
    "3.5.1.8.5",
)


@pytest.mark.parametrize("element", SERVED)
def test_the_pcf_catalogue_names_what_serves_each_opportunity_element(element: str) -> None:
    names = pcf.served_by(element)
    assert names
    assert any(n.startswith("pcf_sales.opportunities.") for n in names)
    for name in names:
        assert pcf.resolve(name) is not None
