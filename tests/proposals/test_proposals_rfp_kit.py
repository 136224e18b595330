"""The request-side proposal types in the testing kit: every public type has a strategy
(registered for ``st.from_type``) and a factory, and every value round-trips through a
document; the PCF catalogue names what serves 3.5.3.1-3.5.3.10."""

from __future__ import annotations

import re
from typing import Any, Final

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from pcf_sales import pcf, proposals
from pcf_sales.core import HistoryEntry
from pcf_sales.errors import ValidationError
from pcf_sales.proposals import RfpStatus
from pcf_sales.serialization import DOCUMENT_TYPES, from_dict, from_document, to_dict, to_document
from pcf_sales.testing import factories
from pcf_sales.testing.strategies import STRATEGIES, lifecycles

#: The modules of the request side of the package (the quote side has its own kit test).
MODULES: Final = frozenset(
    f"pcf_sales.proposals.{name}"
    for name in (
        "_bid",
        "_competition",
        "_compliance",
        "_profitability",
        "_requirements",
        "_rfp",
        "_rfp_lifecycle",
        "_schedule",
        "_solution",
        "_staffing",
    )
)


def _classes() -> dict[str, type]:
    return {
        name: obj
        for name in proposals.__all__
        if isinstance(obj := getattr(proposals, name), type)
        and attrs.has(obj)
        and obj.__module__ in MODULES
    }


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


CLASSES: Final = _classes()


def test_the_request_side_has_its_public_classes() -> None:
    assert {"Rfp", "BidScorecard", "SolutionPlan", "Schedule", "Profitability"} <= set(CLASSES)
    assert len(CLASSES) == 32


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_public_class_is_a_document_type(name: str) -> None:
    assert DOCUMENT_TYPES[name] is CLASSES[name]


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_public_class_has_a_registered_strategy(name: str) -> None:
    assert CLASSES[name] in STRATEGIES


def test_the_shipped_lifecycles_include_the_request_table() -> None:
    table = proposals.RFP_LIFECYCLE

    def is_table(drawn: Any) -> bool:
        return drawn is table

    assert find(lifecycles(), is_table) is table


@pytest.mark.parametrize("name", sorted(CLASSES))
@settings(max_examples=10, deadline=None)
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


@pytest.mark.parametrize("status", list(RfpStatus))
def test_the_request_factory_reaches_every_status_and_round_trips(status: RfpStatus) -> None:
    rfp = factories.make_rfp(status)
    assert rfp.status is status
    assert from_document(to_document(rfp)) == rfp


def test_history_entries_of_requests_round_trip_as_their_generic_type() -> None:
    entry = factories.make_rfp(RfpStatus.WON).history[-1]
    assert from_dict(HistoryEntry[RfpStatus], to_dict(entry)) == entry


def test_a_stored_request_with_a_bad_field_names_its_path() -> None:
    document = to_document(factories.make_rfp(RfpStatus.IN_REVIEW))
    document["data"]["requirements"][0]["priority"] = "essential"
    with pytest.raises(ValidationError) as error:
        from_document(document)
    assert error.value.field.endswith("requirements[0].priority")


SERVED: Final = ("3.5.3", *(f"3.5.3.{number}" for number in range(1, 11)))


@pytest.mark.parametrize("element", SERVED)
def test_the_pcf_catalogue_names_what_serves_each_request_element(element: str) -> None:
    names = pcf.served_by(element)
    assert names
    assert all(n.startswith("pcf_sales.proposals.") for n in names)
    for name in names:
        assert pcf.resolve(name) is not None
