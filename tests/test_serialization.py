"""The persistence contract: lossless, JSON-safe, strict documents for every public type.

Round trips are properties over every public attrs class of ``pcf_sales.core``,
``pcf_sales.leads`` and ``pcf_sales.pcf`` (plus a small sample company); the
encoding and every kind of bad input are pinned by examples that name the
exact document path of the problem.
"""

from __future__ import annotations

import copy
import datetime as _dt
import importlib
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales import core, serialization
from pcf_sales.core import HistoryEntry, LeadId, UserId, money
from pcf_sales.errors import ValidationError
from pcf_sales.leads import (
    LEAD_LIFECYCLE,
    Engagement,
    EngagementKind,
    Lead,
    LeadChannel,
    LeadStatus,
    ScoringModel,
)
from pcf_sales.samples import SampleCompany, sample_company
from pcf_sales.serialization import (
    DOCUMENT_TYPES,
    from_dict,
    from_document,
    schema_version,
    to_dict,
    to_document,
)
from pcf_sales.testing import strategies as pcf_st
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_custom_fields,
    make_engagement,
    make_fx_table,
    make_lead,
    make_period,
)

#: Public classes that hold callables (guards) and are declared in code: they
#: have no document form and are exempt from round trips. Pinned, so the list
#: cannot silently grow.
CALLABLE_HOLDERS: Final = ("Guard", "Lifecycle", "Transition")


def _public_attrs_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for package in serialization._PACKAGES:
        module = importlib.import_module(package)
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj):
                found[name] = obj
    return found


PUBLIC: Final = _public_attrs_classes()
#: The type form to read each round-trippable class back as.
ROUND_TRIP: Final[dict[str, Any]] = {
    name: (HistoryEntry[LeadStatus] if cls is HistoryEntry else cls)
    for name, cls in sorted(PUBLIC.items())
    if name not in CALLABLE_HOLDERS
}
_INSTANT: Final = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}:\d{2}")
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _json_problems(value: object, path: str = "$") -> list[str]:
    """Paths of everything in ``value`` that is not plain JSON data."""
    if value is None or isinstance(value, bool | int | str):
        return []
    if isinstance(value, float):
        return [] if value == value and abs(value) != float("inf") else [path]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _json_problems(item, f"{path}[{i}]")]
    if isinstance(value, dict):
        problems = [f"{path}.{k!r}" for k in value if not isinstance(k, str)]
        return problems + [p for k, v in value.items() for p in _json_problems(v, f"{path}.{k}")]
    return [f"{path} ({type(value).__name__})"]


def _same_json(a: object, b: object) -> bool:
    """Equal, and of the same JSON types all the way down (1 is not 1.0 or True)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_json(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_json(a[k], b[k]) for k in a)
    return a == b


def _through_json(data: Any) -> Any:
    return json.loads(json.dumps(data, allow_nan=False))


# --- which types round-trip --------------------------------------------------------------------


def test_only_the_callable_holders_are_exempt_from_round_trips() -> None:
    exempt = sorted(set(PUBLIC) - set(ROUND_TRIP))
    assert exempt == list(CALLABLE_HOLDERS)


def test_the_exempt_types_really_hold_callables() -> None:
    row = LEAD_LIFECYCLE.transition("qualify")
    guard = row.guards[0]
    assert callable(guard.check)
    assert row.guards == (guard,)
    assert row in LEAD_LIFECYCLE.transitions


@pytest.mark.parametrize("value_name", ["lifecycle", "transition", "guard"])
def test_the_exempt_types_have_no_document_form(value_name: str) -> None:
    row = LEAD_LIFECYCLE.transition("qualify")
    value = {"lifecycle": LEAD_LIFECYCLE, "transition": row, "guard": row.guards[0]}[value_name]
    with pytest.raises(ValidationError) as caught:
        to_document(value)
    assert caught.value.field == "value"
    assert type(value).__name__ in caught.value.reason


def test_document_types_are_the_public_records_except_the_generic_history_entry() -> None:
    expected = set(ROUND_TRIP) - {"HistoryEntry"}
    assert set(DOCUMENT_TYPES) == expected
    for tag, cls in DOCUMENT_TYPES.items():
        assert cls is PUBLIC[tag]
        assert schema_version(cls) == 1


def test_a_history_entry_has_no_document_of_its_own() -> None:
    entry = make_lead().history[0]
    with pytest.raises(ValidationError) as caught:
        to_document(entry)
    assert caught.value.field == "value"


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ROUND_TRIP))
@given(data=st.data())
def test_every_public_type_round_trips_through_json_safe_data(
    name: str, data: st.DataObject
) -> None:
    tp = ROUND_TRIP[name]
    value = data.draw(st.from_type(tp), label=name)
    encoded = to_dict(value)
    assert _json_problems(encoded) == []
    assert _same_json(_through_json(encoded), encoded)
    assert from_dict(tp, encoded) == value
    assert from_dict(tp, _through_json(encoded)) == value
    assert _same_json(to_dict(from_dict(tp, encoded)), encoded)


@pytest.mark.parametrize("name", sorted(DOCUMENT_TYPES))
@given(data=st.data())
def test_every_document_type_round_trips_through_its_document(
    name: str, data: st.DataObject
) -> None:
    cls = DOCUMENT_TYPES[name]
    value = data.draw(st.from_type(cls), label=name)
    document = to_document(value)
    assert set(document) == {"type", "version", "data"}
    assert document["type"] == name
    assert document["version"] == 1
    assert _same_json(document["data"], to_dict(value))
    assert _json_problems(document) == []
    restored = from_document(_through_json(document))
    assert type(restored) is cls
    assert restored == value


@given(seed=st.integers(min_value=0, max_value=10_000), count=st.integers(0, 3))
def test_a_small_sample_company_round_trips(seed: int, count: int) -> None:
    company = sample_company(seed, leads=count)
    encoded = to_dict(company)
    assert _json_problems(encoded) == []
    assert _same_json(_through_json(encoded), encoded)
    assert from_dict(SampleCompany, _through_json(encoded)) == company


@given(st.from_type(HistoryEntry[LeadStatus]))
def test_a_history_entry_comes_back_with_its_states_as_members(
    entry: HistoryEntry[LeadStatus],
) -> None:
    restored: HistoryEntry[LeadStatus] = from_dict(
        HistoryEntry[LeadStatus], _through_json(to_dict(entry))
    )
    assert restored == entry
    assert isinstance(restored.to_state, LeadStatus)
    assert restored.from_state is None or isinstance(restored.from_state, LeadStatus)


@given(st.from_type(Lead))
def test_a_lead_round_trips_with_its_revision_and_whole_history(lead: Lead) -> None:
    restored = from_document(_through_json(to_document(lead)))
    assert restored == lead
    assert restored.revision == lead.revision == len(restored.history)
    assert restored.history == lead.history
    assert [e.at.utcoffset() for e in restored.history] == [e.at.utcoffset() for e in lead.history]


# --- the encoding ------------------------------------------------------------------------------


def test_money_is_a_string_amount_and_a_currency() -> None:
    assert to_dict(money("12.30", "EUR")) == {"amount": "12.30", "currency": "EUR"}
    assert to_dict(money("1000", "JPY")) == {"amount": "1000", "currency": "JPY"}
    assert to_dict(money("1.250", "KWD")) == {"amount": "1.250", "currency": "KWD"}


@given(pcf_st.money())
def test_money_keeps_every_digit_of_its_amount(value: Money) -> None:
    encoded = to_dict(value)
    assert encoded == {"amount": str(value.amount), "currency": value.currency.code}
    restored: Money = from_dict(Money, _through_json(encoded))
    assert restored == value
    assert str(restored.amount) == str(value.amount)


def test_decimals_are_strings() -> None:
    assert to_dict(Decimal("0.15")) == "0.15"
    assert to_dict(core.Percentage(Decimal("12.50"))) == {"percent": "12.50"}
    model = to_dict(ScoringModel.default())
    assert model["fit_cap"] == "50"
    assert model["engagement_rules"][-1]["points"] == "0.5"


def test_an_instant_is_iso_8601_with_its_offset() -> None:
    at = pendulum.datetime(2026, 3, 2, 9, 30, tz="Europe/Berlin")
    encoded = to_dict(make_engagement(at=at))
    assert encoded["at"] == "2026-03-02T09:30:00+01:00"
    assert to_dict(FIXED_INSTANT) == "2026-03-02T09:00:00+00:00"


@given(pcf_st.instants())
def test_every_instant_is_written_with_its_offset_and_read_back_with_it(
    at: pendulum.DateTime,
) -> None:
    text = to_dict(at)
    assert _INSTANT.fullmatch(text), text
    assert _dt.datetime.fromisoformat(text).utcoffset() == at.utcoffset()
    restored: pendulum.DateTime = from_dict(pendulum.DateTime, text)
    assert restored == at
    assert restored.utcoffset() == at.utcoffset()


def test_calendar_days_are_iso_dates() -> None:
    encoded = to_dict(make_period())
    assert encoded["start"] == "2026-01-01"
    assert encoded["end"] == "2026-03-31"
    assert to_dict(pendulum.Date(2026, 3, 2)) == "2026-03-02"


@given(pcf_st.dates())
def test_every_date_is_written_as_an_iso_date(day: pendulum.Date) -> None:
    text = to_dict(day)
    assert _DATE.fullmatch(text)
    assert from_dict(pendulum.Date, text) == day


def test_enums_are_written_by_value() -> None:
    lead = make_lead(LeadStatus.WORKING)
    encoded = to_dict(lead)
    assert encoded["status"] == "working"
    assert encoded["source"]["channel"] == LeadChannel.WEBSITE.value
    assert encoded["history"][0]["from_state"] is None
    assert encoded["history"][1]["to_state"] == "working"
    assert to_dict(EngagementKind.WEB_VISIT) == "web_visit"


def test_ids_emails_phones_and_custom_fields_are_plain_values() -> None:
    lead = make_lead(custom_fields=make_custom_fields(seniority="vp", employees_band=3))
    encoded = to_dict(lead)
    assert encoded["id"] == "lead-1"
    assert encoded["person"]["email"] == "ada.lovelace@analytical-engines.example"
    assert encoded["person"]["phone"] == "+442079460000"
    assert encoded["custom_fields"] == {"employees_band": 3, "seniority": "vp"}
    assert encoded["tags"] == []


# --- strict reading: every problem named by its path -------------------------------------------


def _rich_lead() -> Lead:
    """A qualified lead with engagements, tags and custom fields, for bad-input cases."""
    return make_lead(
        LeadStatus.QUALIFIED,
        engagements=[
            make_engagement(EngagementKind.WEB_VISIT, at=FIXED_INSTANT.subtract(days=2)),
            make_engagement(at=FIXED_INSTANT.subtract(days=1)),
        ],
        custom_fields=make_custom_fields(seniority="vp"),
        tags=("vip",),
    )


def _lead_data() -> dict[str, Any]:
    data: dict[str, Any] = to_dict(_rich_lead())
    return data


def _set(path: tuple[str | int, ...], value: object) -> Callable[[Any], None]:
    def mutate(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value

    return mutate


def _delete(path: tuple[str | int, ...]) -> Callable[[Any], None]:
    def mutate(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        del data[path[-1]]

    return mutate


_NAIVE: Final = "2026-03-01T09:00:00"

#: (type, document maker, change, the exact path the error names)
BAD_INPUTS: Final[dict[str, tuple[Any, Callable[[], Any], Callable[[Any], None], str]]] = {
    "missing field with a default": (Lead, _lead_data, _delete(("tags",)), "tags"),
    "missing nested field with a default": (
        Lead,
        _lead_data,
        _delete(("person", "title")),
        "person.title",
    ),
    "missing required field": (Lead, _lead_data, _delete(("status",)), "status"),
    "missing field in a list item": (
        Lead,
        _lead_data,
        _delete(("engagements", 1, "detail")),
        "engagements[1].detail",
    ),
    "text for a whole number": (Lead, _lead_data, _set(("revision",), "4"), "revision"),
    "true for a whole number": (
        Lead,
        _lead_data,
        _set(("company", "employees"), True),
        "company.employees",
    ),
    "a float for a whole number": (
        Lead,
        _lead_data,
        _set(("company", "employees"), 250.0),
        "company.employees",
    ),
    "1 for a bool": (
        Lead,
        _lead_data,
        _set(("qualification", "answers", 0, "met"), 1),
        "qualification.answers[0].met",
    ),
    "a number for text": (Lead, _lead_data, _set(("person", "title"), 7), "person.title"),
    "text for a list": (Lead, _lead_data, _set(("tags",), "vip"), "tags"),
    "an object for a list": (Lead, _lead_data, _set(("history",), {}), "history"),
    "a list for a scalar custom field": (
        Lead,
        _lead_data,
        _set(("custom_fields", "seniority"), ["vp"]),
        "custom_fields.seniority",
    ),
    "a bad custom field name": (
        Lead,
        _lead_data,
        _set(("custom_fields",), {"Seniority": "vp"}),
        "custom_fields.Seniority",
    ),
    "a bad email": (Lead, _lead_data, _set(("person", "email"), "ada-at-home"), "person.email"),
    "a naive instant": (
        Lead,
        _lead_data,
        _set(("engagements", 0, "at"), _NAIVE),
        "engagements[0].at",
    ),
    "a naive instant in the history": (
        Lead,
        _lead_data,
        _set(("history", 2, "at"), _NAIVE),
        "history[2].at",
    ),
    "an epoch number for an instant": (
        Lead,
        _lead_data,
        _set(("history", 0, "at"), 1_772_442_000),
        "history[0].at",
    ),
    "an unknown enum value": (Lead, _lead_data, _set(("status",), "archived"), "status"),
    "an unknown enum value in a list item": (
        Lead,
        _lead_data,
        _set(("engagements", 1, "kind"), "tweet"),
        "engagements[1].kind",
    ),
    "an enum name instead of its value": (
        Lead,
        _lead_data,
        _set(("source", "channel"), "WEBSITE"),
        "source.channel",
    ),
    "null for a required object": (Lead, _lead_data, _set(("person",), None), "person"),
    "an unknown field": (Lead, _lead_data, _set(("nickname",), "Ada"), "nickname"),
    "an unknown nested field": (
        Lead,
        _lead_data,
        _set(("person", "nickname"), "Ada"),
        "person.nickname",
    ),
    "an unknown field in a list item": (
        Lead,
        _lead_data,
        _set(("engagements", 1, "channel"), "web"),
        "engagements[1].channel",
    ),
    "an unknown field deep inside": (
        ScoringModel,
        lambda: to_dict(ScoringModel.default()),
        _set(("fit_rules", 0, "condition", "negate"), False),
        "fit_rules[0].condition.negate",
    ),
    "an unknown field of a small value": (
        core.Period,
        lambda: to_dict(make_period()),
        _set(("label",), "FY2026 Q1"),
        "label",
    ),
    "a history that breaks the lifecycle": (
        Lead,
        _lead_data,
        _set(("history", 1, "command"), "nurture"),
        "history[1].event",
    ),
    "a float for a decimal": (
        ScoringModel,
        lambda: to_dict(ScoringModel.default()),
        _set(("fit_rules", 1, "points"), 1.5),
        "fit_rules[1].points",
    ),
    "an int for a decimal": (
        ScoringModel,
        lambda: to_dict(ScoringModel.default()),
        _set(("grade_bands", 0, "minimum"), 75),
        "grade_bands[0].minimum",
    ),
    "words for a decimal": (
        ScoringModel,
        lambda: to_dict(ScoringModel.default()),
        _set(("engagement_rules", 0, "half_life_days"), "thirty"),
        "engagement_rules[0].half_life_days",
    ),
    "an impossible date": (
        core.FxTable,
        lambda: to_dict(make_fx_table()),
        _set(("rates", 0, "on"), "2026-02-30"),
        "rates[0].on",
    ),
    "a date in another format": (
        core.FxTable,
        lambda: to_dict(make_fx_table()),
        _set(("rates", 1, "on"), "02/03/2026"),
        "rates[1].on",
    ),
    "an instant for a date": (
        core.Period,
        lambda: to_dict(make_period()),
        _set(("start",), "2026-01-01T00:00:00+00:00"),
        "start",
    ),
    "money without a currency": (
        tuple[Money, ...],
        lambda: [to_dict(money("1.00", "EUR")), to_dict(money("2.00", "EUR"))],
        _delete((1, "currency")),
        "[1]",
    ),
    "money with an extra key": (
        tuple[Money, ...],
        lambda: [to_dict(money("1.00", "EUR"))],
        _set((0, "rate"), "1"),
        "[0]",
    ),
    "money with a float amount": (
        tuple[Money, ...],
        lambda: [to_dict(money("1.00", "EUR"))],
        _set((0, "amount"), 1.0),
        "[0]",
    ),
    "money in an unknown currency": (
        tuple[Money, ...],
        lambda: [to_dict(money("1.00", "EUR"))],
        _set((0, "currency"), "EURO"),
        "[0]",
    ),
    "money in lower case currency": (
        tuple[Money, ...],
        lambda: [to_dict(money("1.00", "EUR"))],
        _set((0, "currency"), "eur"),
        "[0]",
    ),
    "money as text": (
        tuple[Money, ...],
        lambda: ["1.00 EUR"],
        lambda data: None,
        "[0]",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_data_is_refused_naming_the_exact_path(case: str) -> None:
    tp, make, change, path = BAD_INPUTS[case]
    data = make()
    change(data)
    before = copy.deepcopy(data)
    with pytest.raises(ValidationError) as caught:
        from_dict(tp, data)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.field == path, error.problems
    assert error.problems[0] == (error.field, error.reason)
    assert error.reason
    assert data == before, "reading must not change the data it was given"


def test_the_unchanged_rich_lead_reads_back_equal() -> None:
    assert from_dict(Lead, _lead_data()) == _rich_lead()


def test_money_read_on_its_own_names_the_root() -> None:
    with pytest.raises(ValidationError) as caught:
        from_dict(Money, {"amount": "1.00"})
    assert caught.value.field == "$"
    assert "currency" in caught.value.reason


def test_every_problem_of_a_document_is_reported_at_once() -> None:
    data = _lead_data()
    data["revision"] = "4"
    data["person"]["email"] = "ada-at-home"
    data["engagements"][0]["at"] = _NAIVE
    data["history"][1]["to_state"] = "archived"
    with pytest.raises(ValidationError) as caught:
        from_dict(Lead, data)
    fields = [f for f, _ in caught.value.problems]
    assert sorted(fields) == sorted(
        ["revision", "history[1].to_state", "person.email", "engagements[0].at"]
    )
    assert caught.value.field == fields[0]
    for field in fields:
        assert field in str(caught.value)


def test_an_impossible_instant_is_refused_saying_what_was_given() -> None:
    data = _lead_data()
    data["engagements"][0]["at"] = "2026-13-02T09:00:00+00:00"
    with pytest.raises(ValidationError) as caught:
        from_dict(Lead, data)
    assert caught.value.field == "engagements[0].at"
    assert "2026-13-02T09:00:00+00:00" in caught.value.reason


@pytest.mark.parametrize(
    "name",
    sorted(n for n in ROUND_TRIP if n not in {"EmailAddress", "PhoneNumber", "CustomFields"}),
)
@given(data=st.data())
def test_leaving_out_any_field_names_that_field(name: str, data: st.DataObject) -> None:
    tp = ROUND_TRIP[name]
    encoded = to_dict(data.draw(st.from_type(tp), label=name))
    field = data.draw(st.sampled_from(sorted(encoded)), label="field")
    del encoded[field]
    with pytest.raises(ValidationError) as caught:
        from_dict(tp, encoded)
    assert caught.value.field == field
    assert caught.value.problems == ((field, caught.value.reason),)


# --- documents ---------------------------------------------------------------------------------


def test_a_bad_field_inside_a_document_is_named_under_data() -> None:
    document = to_document(_rich_lead())
    document["data"]["history"][1]["at"] = _NAIVE
    before = copy.deepcopy(document)
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert caught.value.field == "data.history[1].at"
    assert document == before


def test_every_problem_inside_a_document_is_named_under_data() -> None:
    document = to_document(_rich_lead())
    document["data"]["person"]["email"] = 5
    document["data"]["engagements"][1]["kind"] = "tweet"
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert sorted(f for f, _ in caught.value.problems) == [
        "data.engagements[1].kind",
        "data.person.email",
    ]


def test_a_document_of_an_unknown_type_is_refused() -> None:
    document = to_document(_rich_lead())
    document["type"] = "Spaceship"
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert caught.value.field == "type"
    assert "Spaceship" in caught.value.reason


@pytest.mark.parametrize("tag", ["Lifecycle", "HistoryEntry", "Money", 5, None])
def test_a_document_tagged_with_a_type_that_has_no_documents_is_refused(tag: object) -> None:
    document: dict[str, Any] = {"type": tag, "version": 1, "data": {}}
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert caught.value.field == "type"


@pytest.mark.parametrize("version", [0, 2, "1", 1.0, True, None])
def test_a_document_of_another_version_is_refused(version: object) -> None:
    document = to_document(_rich_lead())
    document["version"] = version
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert caught.value.field == "version"


def test_a_document_with_extra_envelope_keys_is_refused() -> None:
    document = to_document(_rich_lead())
    document["checksum"] = "abc"
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert caught.value.field == "$"
    assert "checksum" in caught.value.reason


@pytest.mark.parametrize("missing", ["type", "version", "data"])
def test_a_document_missing_an_envelope_key_is_refused(missing: str) -> None:
    document = to_document(_rich_lead())
    del document[missing]
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert caught.value.field == "$"


@pytest.mark.parametrize("document", [None, [], "Lead", 1, [("type", "Lead")]])
def test_something_that_is_not_a_document_object_is_refused(document: object) -> None:
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert caught.value.field == "$"


def test_a_document_whose_data_is_not_an_object_is_refused_under_data() -> None:
    document = {"type": "Lead", "version": 1, "data": ["lead-1"]}
    with pytest.raises(ValidationError) as caught:
        from_document(document)
    assert caught.value.field == "data"


def test_a_document_of_one_type_cannot_be_read_as_another() -> None:
    lead_document = to_document(_rich_lead())
    lead_document["type"] = "Engagement"
    with pytest.raises(ValidationError) as caught:
        from_document(lead_document)
    assert caught.value.field.startswith("data")


def test_reading_a_document_gives_a_new_equal_lead_that_accepts_commands() -> None:
    lead = _rich_lead()
    restored = from_document(_through_json(to_document(lead)))
    assert isinstance(restored, Lead)
    converted = restored.convert(
        account_id=core.AccountId("AC-1"),
        contact_id=core.ContactId("CT-1"),
        at=restored.updated_at.add(hours=1),
        by=UserId("ae-1"),
    )
    assert converted.revision == lead.revision + 1
    assert converted.id == LeadId("lead-1")
    assert lead == _rich_lead()


def test_an_engagement_read_back_is_an_engagement_not_a_dict() -> None:
    restored: Engagement = from_dict(Engagement, to_dict(make_engagement()))
    assert isinstance(restored, Engagement)
    assert restored.kind is EngagementKind.FORM_SUBMISSION
