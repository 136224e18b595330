"""Typed ids: plain strings to the host, distinct types to a type checker, seeded draws."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales import core
from pcf_sales.core import AccountId, LeadId, OpportunityId, UserId, new_id
from pcf_sales.core._validate import check_id
from pcf_sales.errors import ValidationError
from pcf_sales.testing import strategies

_ID_TYPES: tuple[Callable[[str], str], ...] = tuple(
    getattr(core, name) for name in core.__all__ if name.endswith("Id")
)


def test_every_id_type_is_a_plain_string_at_run_time() -> None:
    assert len(_ID_TYPES) >= 19
    for kind in _ID_TYPES:
        made = kind("acme-1")
        assert type(made) is str
        assert made == "acme-1"


def test_a_new_id_from_a_seeded_generator_is_the_documented_one() -> None:
    assert new_id(LeadId, random.Random(7)) == "6513270e-269e-4d37-b2a7-4de452e6b438"


@given(st.integers(min_value=0, max_value=2**64))
def test_the_same_seed_gives_the_same_ids_in_the_same_order(seed: int) -> None:
    first, second = random.Random(seed), random.Random(seed)
    drawn = [new_id(LeadId, first) for _ in range(3)]
    assert drawn == [new_id(LeadId, second) for _ in range(3)]
    assert len(set(drawn)) == 3


@given(st.integers(min_value=0, max_value=2**64))
def test_the_kind_of_id_changes_its_type_not_its_value(seed: int) -> None:
    lead = new_id(LeadId, random.Random(seed))
    account = new_id(AccountId, random.Random(seed))
    assert str(lead) == str(account)


@given(st.integers(min_value=0, max_value=2**64))
def test_a_new_id_is_a_version_4_uuid_that_passes_the_id_rules(seed: int) -> None:
    made = new_id(OpportunityId, random.Random(seed))
    parsed = uuid.UUID(made)
    assert parsed.version == 4
    assert str(parsed) == made
    assert check_id(made, "id") == made


def test_a_new_id_advances_the_generator_the_caller_passed() -> None:
    rng = random.Random(1)
    new_id(UserId, rng)
    reference = random.Random(1)
    reference.getrandbits(128)
    assert rng.getstate() == reference.getstate()


@pytest.mark.parametrize("rng", [7, None, "seed", uuid.uuid4])
def test_a_new_id_needs_a_random_generator_the_caller_seeds(rng: object) -> None:
    with pytest.raises(ValidationError) as raised:
        new_id(LeadId, rng)  # type: ignore[arg-type]
    assert raised.value.field == "rng"
    assert "random.Random" in raised.value.reason


@given(strategies.identifiers())
def test_ids_as_hosts_make_them_are_accepted(value: str) -> None:
    assert check_id(value, "lead_id") == value


@pytest.mark.parametrize("value", ["1" * 128, "ünïcödé-ok", "urn:acme:lead/42", "a"])
def test_an_id_is_any_text_up_to_128_characters_without_whitespace(value: str) -> None:
    assert check_id(value, "id") == value


@pytest.mark.parametrize(
    "value", ["", "1" * 129, "lead 42", "lead\t42", "lead-42\n", "a\x00b", "\x7f", " lead"]
)
def test_an_id_that_is_empty_too_long_or_has_whitespace_is_refused(value: str) -> None:
    with pytest.raises(ValidationError) as raised:
        check_id(value, "lead_id")
    assert raised.value.field == "lead_id"
    assert repr(value) in raised.value.reason


@pytest.mark.parametrize("value", [42, None, b"lead-42"])
def test_an_id_that_is_not_text_is_refused(value: object) -> None:
    with pytest.raises(ValidationError) as raised:
        check_id(value, "account_id")
    assert raised.value.field == "account_id"
