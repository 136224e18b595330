"""The ISO 3166-1 country table: codes, names, calling codes and trunk prefixes."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import COUNTRIES, CountryInfo, country
from pcf_sales.core._countries import is_country_code
from pcf_sales.errors import ValidationError

# Codes CLDR (and so Babel) lists as territories that are not officially assigned
# ISO 3166-1 alpha-2 codes: user-assigned (XA, XB, XK, QO, EZ, ZZ), exceptionally
# reserved (AC, CP, DG, EA, EU, IC, TA, UN) or not yet in ISO 3166-1 (CQ, Sark).
_NOT_ASSIGNED = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)


def test_the_table_holds_all_249_assigned_codes() -> None:
    assert len(COUNTRIES) == 249


def test_every_code_is_two_upper_case_ascii_letters() -> None:
    for code in COUNTRIES:
        assert len(code) == 2
        assert set(code) <= set(string.ascii_uppercase)


def test_every_row_is_filed_under_its_own_code() -> None:
    for code, info in COUNTRIES.items():
        assert isinstance(info, CountryInfo)
        assert info.code == code
        assert info.name
        assert info.name == info.name.strip()


def test_the_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        COUNTRIES["XK"] = COUNTRIES["RS"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("code", "name", "calling_code", "trunk_prefix"),
    [
        ("US", "United States", "1", "1"),
        ("CA", "Canada", "1", "1"),
        ("JM", "Jamaica", "1", "1"),
        ("PR", "Puerto Rico", "1", "1"),
        ("DE", "Germany", "49", "0"),
        ("GB", "United Kingdom", "44", "0"),
        ("IT", "Italy", "39", None),
        ("SM", "San Marino", "378", None),
        ("VA", "Vatican City", "39", None),
        ("RU", "Russia", "7", "8"),
        ("KZ", "Kazakhstan", "7", "8"),
        ("HU", "Hungary", "36", "06"),
        ("JP", "Japan", "81", "0"),
        ("IN", "India", "91", "0"),
        ("BR", "Brazil", "55", "0"),
        ("CN", "China", "86", "0"),
        ("ZA", "South Africa", "27", "0"),
        ("ES", "Spain", "34", None),
        ("NO", "Norway", "47", None),
        ("CW", "Curaçao", "599", None),
        ("AX", "Åland Islands", "358", "0"),
        ("JE", "Jersey", "44", "0"),
        ("RE", "Réunion", "262", "0"),
        ("YT", "Mayotte", "262", "0"),
        ("NF", "Norfolk Island", "672", None),
    ],
)
def test_well_known_countries_have_their_calling_code_and_trunk_prefix(
    code: str, name: str, calling_code: str | None, trunk_prefix: str | None
) -> None:
    assert country(code) == CountryInfo(
        code=code, name=name, calling_code=calling_code, trunk_prefix=trunk_prefix
    )


def test_territories_are_included() -> None:
    for code in (
        "AX",
        "BQ",
        "CW",
        "SX",
        "SS",
        "PS",
        "EH",
        "AQ",
        "BV",
        "HM",
        "TF",
        "UM",
        "GS",
        "IO",
    ):
        assert is_country_code(code)


def test_calling_codes_are_one_to_three_digits_when_present() -> None:
    for info in COUNTRIES.values():
        if info.calling_code is not None:
            assert info.calling_code.isascii()
            assert info.calling_code.isdigit()
            assert 1 <= len(info.calling_code) <= 3
            assert not info.calling_code.startswith("0")


def test_only_uninhabited_or_serviceless_territories_lack_a_calling_code() -> None:
    missing = {code for code, info in COUNTRIES.items() if info.calling_code is None}
    assert missing <= {"AQ", "BV", "HM", "TF", "UM", "GS"}


def test_trunk_prefixes_are_digits_when_present() -> None:
    for info in COUNTRIES.values():
        if info.trunk_prefix is not None:
            assert info.trunk_prefix.isascii()
            assert info.trunk_prefix.isdigit()
            assert info.calling_code is not None


def test_every_nanp_member_has_calling_code_1_and_trunk_prefix_1() -> None:
    nanp = [info for info in COUNTRIES.values() if info.calling_code == "1"]
    assert len(nanp) >= 25
    for info in nanp:
        assert info.trunk_prefix == "1"


@pytest.mark.parametrize("value", ["XK", "EU", "UK", "ZZ", "de", "De", "", "DEU", " DE", "ß"])
def test_unassigned_or_malformed_codes_are_rejected(value: str) -> None:
    assert not is_country_code(value)
    with pytest.raises(ValidationError) as raised:
        country(value)
    assert raised.value.field == "country"
    assert repr(value) in raised.value.reason
    assert "'DE' or 'US'" in raised.value.reason


def test_a_lower_case_code_is_rejected_with_a_hint_to_use_upper_case() -> None:
    with pytest.raises(ValidationError) as raised:
        country("de")
    assert "upper case" in raised.value.reason
    assert "'DE'" in raised.value.reason


def test_an_unassigned_code_gets_no_upper_case_hint() -> None:
    with pytest.raises(ValidationError) as raised:
        country("xk")
    assert "upper case" not in raised.value.reason


@pytest.mark.parametrize("value", [None, 49, b"DE", ["DE"]])
def test_a_value_that_is_not_a_string_is_rejected(value: object) -> None:
    assert not is_country_code(value)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as raised:
        country(value)  # type: ignore[arg-type]
    assert raised.value.field == "country"


@given(st.text(max_size=4))
def test_is_country_code_agrees_with_country(value: str) -> None:
    if is_country_code(value):
        assert country(value).code == value
    else:
        with pytest.raises(ValidationError):
            country(value)


def test_every_assigned_code_babel_knows_is_present_and_no_other() -> None:
    babel = pytest.importorskip("babel")
    territories = babel.Locale("en").territories
    known = {code for code in territories if len(code) == 2 and code.isalpha()}
    assert known - _NOT_ASSIGNED == set(COUNTRIES)
