"""Names as matching compares them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import normalised_company_name, normalised_name
from pcf_sales.errors import ValidationError


@pytest.mark.parametrize(
    ("given_name", "expected"),
    [
        ("  José   NÚÑEZ ", "jose nunez"),
        ("Ada\tLovelace", "ada lovelace"),
        ("STRASSE", "strasse"),
    ],
)
def test_person_names_lose_case_accents_and_extra_spaces(given_name: str, expected: str) -> None:
    assert normalised_name(given_name) == expected


@pytest.mark.parametrize(
    ("given_name", "expected"),
    [
        ("The Acme Company, Inc.", "acme"),
        ("Acme,Inc.", "acme"),
        ("Müller GmbH & Co. KG", "muller"),
        ("Johnson & Johnson", "johnson and johnson"),
        ("Coca-Cola", "coca cola"),
        ("S.A.", "sa"),
        ("Smith and Co", "smith"),
        ("AG", "ag"),
        ("The The", "the"),
        ("", ""),
    ],
)
def test_company_names_lose_punctuation_and_legal_forms(given_name: str, expected: str) -> None:
    assert normalised_company_name(given_name) == expected


@pytest.mark.parametrize("function", [normalised_name, normalised_company_name])
def test_names_must_be_text(function: object) -> None:
    with pytest.raises(ValidationError) as error:
        function(None)  # type: ignore[operator]
    assert error.value.field == "name"


@given(st.text(max_size=40))
def test_person_name_normalisation_is_stable(text: str) -> None:
    once = normalised_name(text)
    assert normalised_name(once) == once
    assert once == once.strip()


@given(st.text(max_size=40))
def test_company_name_normalisation_is_stable(text: str) -> None:
    once = normalised_company_name(text)
    assert normalised_company_name(once) == once
