"""Custom fields: the host's own snake_case names mapped to JSON-safe scalars, immutably."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import CustomFields, Scalar
from pcf_sales.errors import ValidationError
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import make_custom_fields

_KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_SCALARS: st.SearchStrategy[Scalar] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=20),
)


def test_custom_fields_read_like_a_mapping() -> None:
    fields = make_custom_fields(erp_number="C-1042", employees_band=3, vip=True, note=None)
    assert fields["erp_number"] == "C-1042"
    assert len(fields) == 4
    assert "vip" in fields
    assert "missing" not in fields
    assert fields.get("missing") is None
    with pytest.raises(KeyError):
        fields["missing"]


def test_entries_are_stored_sorted_by_name_whatever_order_they_came_in() -> None:
    fields = CustomFields({"zeta": 1, "alpha": 2, "mid": 3})
    assert [name for name, _ in fields.entries] == ["alpha", "mid", "zeta"]
    assert list(fields) == ["alpha", "mid", "zeta"]
    assert fields == CustomFields([("mid", 3), ("zeta", 1), ("alpha", 2)])


def test_no_custom_fields_is_an_empty_mapping() -> None:
    assert len(CustomFields()) == 0
    assert CustomFields() == make_custom_fields()
    assert CustomFields().to_dict() == {}


@given(st.dictionaries(_KEYS, _SCALARS, max_size=6))
def test_custom_fields_hold_exactly_the_values_given(values: dict[str, Scalar]) -> None:
    fields = CustomFields(values)
    assert fields.to_dict() == values
    assert dict(fields.items()) == values


@given(st.dictionaries(_KEYS, _SCALARS, max_size=6))
def test_the_values_survive_a_json_round_trip(values: dict[str, Scalar]) -> None:
    fields = CustomFields(values)
    assert CustomFields(json.loads(json.dumps(fields.to_dict()))) == fields


@given(st.lists(st.tuples(_KEYS, _SCALARS), max_size=6, unique_by=lambda kv: kv[0]))
def test_equal_contents_in_any_order_are_equal_with_equal_hashes(
    items: list[tuple[str, Scalar]],
) -> None:
    forwards, backwards = CustomFields(items), CustomFields(list(reversed(items)))
    assert forwards == backwards
    assert hash(forwards) == hash(backwards)


@pytest.mark.parametrize(("flag", "number"), [(True, 1), (False, 0), (True, 1.0)])
def test_a_flag_is_not_equal_to_the_number_it_looks_like(flag: bool, number: float) -> None:
    # JSON keeps true and 1 apart, so equal objects must not store different documents.
    assert CustomFields({"vip": flag}) != CustomFields({"vip": number})


def test_with_value_adds_or_replaces_and_leaves_the_original_alone() -> None:
    original = make_custom_fields(tier="gold")
    before = attrs.evolve(original)
    added = original.with_value("vip", True)
    replaced = original.with_value("tier", "silver")
    assert added.to_dict() == {"tier": "gold", "vip": True}
    assert replaced.to_dict() == {"tier": "silver"}
    assert original == before


def test_without_removes_a_field_and_refuses_an_absent_one() -> None:
    original = make_custom_fields(tier="gold", vip=True)
    before = attrs.evolve(original)
    assert original.without("vip") == make_custom_fields(tier="gold")
    with pytest.raises(KeyError):
        original.without("missing")
    assert original == before


@given(strategies.custom_fields(), _KEYS, _SCALARS)
def test_with_value_then_without_is_the_same_as_without(
    fields: CustomFields, key: str, value: Scalar
) -> None:
    updated = fields.with_value(key, value)
    assert updated[key] == value
    assert len(updated) == len(fields) + (key not in fields)
    assert updated.without(key) == CustomFields({k: v for k, v in fields.items() if k != key})


def test_custom_fields_cannot_be_changed_in_place() -> None:
    fields = make_custom_fields(tier="gold")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fields.entries = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        fields["tier"] = "silver"  # type: ignore[index]
    assert fields == make_custom_fields(tier="gold")


def test_a_plain_dict_copy_is_detached_from_the_fields() -> None:
    fields = make_custom_fields(tier="gold")
    copy = fields.to_dict()
    copy["tier"] = "silver"
    assert fields["tier"] == "gold"


@pytest.mark.parametrize("name", ["a", "erp_number", "x1", "a" * 64, "employees_band_2024"])
def test_snake_case_names_up_to_64_characters_are_accepted(name: str) -> None:
    assert list(CustomFields({name: 1})) == [name]


@pytest.mark.parametrize(
    "name", ["", "ErpNumber", "erp-number", "1st", "_private", "erp number", "a" * 65, "ümlaut"]
)
def test_names_that_are_not_snake_case_are_refused_naming_the_field(name: str) -> None:
    with pytest.raises(ValidationError) as raised:
        CustomFields({name: 1})
    assert raised.value.field == f"custom_fields.{name}"
    assert "lower case" in raised.value.reason


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        (Decimal("1.5"), "expected text, a number"),
        ([1, 2], "expected text, a number"),
        ({"nested": 1}, "expected text, a number"),
        (b"bytes", "expected text, a number"),
        (math.nan, "finite"),
        (math.inf, "finite"),
        ("x" * 2001, "at most 2000"),
        ("bell\x07", "control characters"),
    ],
)
def test_values_that_are_not_json_safe_scalars_are_refused_naming_the_field(
    value: object, hint: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        CustomFields({"note": value})  # type: ignore[arg-type]
    assert raised.value.field == "custom_fields.note"
    assert hint in raised.value.reason


@pytest.mark.parametrize("value", ["", "multi\nline\ttext", "x" * 2000, -(10**30), 1e300])
def test_empty_and_multi_line_text_and_large_numbers_are_accepted(value: Scalar) -> None:
    assert CustomFields({"note": value})["note"] == value


def test_with_value_refuses_a_bad_name_or_value_and_leaves_the_original_alone() -> None:
    original = make_custom_fields(tier="gold")
    before = attrs.evolve(original)
    with pytest.raises(ValidationError) as raised:
        original.with_value("Tier", "silver")
    assert raised.value.field == "custom_fields.Tier"
    with pytest.raises(ValidationError) as raised:
        original.with_value("tier", math.nan)
    assert raised.value.field == "custom_fields.tier"
    assert original == before


def test_a_name_given_twice_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        CustomFields([("tier", "gold"), ("tier", "silver")])
    assert raised.value.field == "custom_fields.tier"
    assert "twice" in raised.value.reason


@pytest.mark.parametrize(
    "value", ["tier=gold", 42, [("tier",)], [["tier", "gold"]], {1: "one"}, [("tier", 1, 2)]]
)
def test_something_that_is_not_names_to_values_is_refused(value: object) -> None:
    with pytest.raises(ValidationError) as raised:
        CustomFields(value)  # type: ignore[arg-type]
    assert raised.value.field == "custom_fields"
