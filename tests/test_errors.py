"""The one error hierarchy: structured fields, readable messages, lossless pickling."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales import errors
from pcf_sales.errors import (
    CurrencyMismatch,
    GuardFailed,
    InvalidTransition,
    MissingFxRate,
    NotPriceable,
    PcfSalesError,
    ValidationError,
)
from pcf_sales.testing import strategies

_TEXT = strategies.texts(max_size=30)
_NAMES = st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True)


def _examples() -> list[PcfSalesError]:
    return [
        PcfSalesError("something went wrong"),
        ValidationError("email", "expected name@domain"),
        ValidationError("lines[0].qty", "must be positive", problems=[("lines[0].qty", "x")]),
        ValidationError("a", "first", problems=[("a", "first"), ("b.c", "second")]),
        CurrencyMismatch("EUR", "USD", field="amounts[2]"),
        MissingFxRate("EUR", "JPY", "2026-03-02", "rates older than 3 days are not used"),
        NotPriceable(3, "SKU-1", "unknown_sku", "no product with sku 'SKU-1'"),
        InvalidTransition("Lead", "lead-1", "qualify", "new", ["assess", "start_working"]),
        InvalidTransition("Quote", "q-1", "send", "draft", ["approve"], detail="Approve it first"),
        GuardFailed(
            "Lead",
            "lead-1",
            "qualify",
            "working",
            ["nurture", "qualify"],
            [("criteria met", "budget unknown"), ("owner set", "no owner")],
            overridable=True,
        ),
    ]


# --- the hierarchy ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("error_type", "builtin"),
    [
        (ValidationError, ValueError),
        (CurrencyMismatch, ValueError),
        (MissingFxRate, LookupError),
        (NotPriceable, LookupError),
        (InvalidTransition, Exception),
        (GuardFailed, InvalidTransition),
    ],
)
def test_every_error_is_a_pcf_sales_error_and_its_natural_builtin(
    error_type: type[Exception], builtin: type[Exception]
) -> None:
    assert issubclass(error_type, PcfSalesError)
    assert issubclass(error_type, builtin)
    assert error_type.__doc__


def test_every_error_type_is_exported_from_the_errors_module() -> None:
    exported = {getattr(errors, name) for name in errors.__all__}
    assert {type(e) for e in _examples()} <= exported
    defined = {
        obj
        for obj in vars(errors).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseException)
        and obj.__module__ == errors.__name__
    }
    assert defined == exported
    assert errors.__all__ == sorted(errors.__all__)


def test_a_host_can_catch_everything_the_library_raises_on_purpose_with_one_clause() -> None:
    for error in _examples():
        with pytest.raises(PcfSalesError):
            raise error


# --- validation errors -----------------------------------------------------------


def test_a_validation_error_names_the_field_and_the_reason_and_shows_both() -> None:
    error = ValidationError("email", "expected name@domain")
    assert (error.field, error.reason) == ("email", "expected name@domain")
    assert str(error) == "email: expected name@domain"
    assert error.problems == (("email", "expected name@domain"),)


def test_a_validation_error_with_several_problems_lists_every_one() -> None:
    error = ValidationError("a", "first", problems=[("a", "first"), ("b.c", "second")])
    assert error.problems == (("a", "first"), ("b.c", "second"))
    assert (error.field, error.reason) == ("a", "first")
    assert str(error) == "a: first; b.c: second"


@pytest.mark.parametrize(
    ("prefix", "field", "expected"),
    [
        ("lead", "email", "lead.email"),
        ("lines", "[2].qty", "lines[2].qty"),
        ("", "email", "email"),
        ("lead", "", "lead"),
        ("doc.lines[0]", "price.amount", "doc.lines[0].price.amount"),
    ],
)
def test_a_validation_error_can_be_placed_under_a_path(
    prefix: str, field: str, expected: str
) -> None:
    original = ValidationError(field, "bad", problems=[(field, "bad"), ("other", "worse")])
    moved = original.at_path(prefix)
    assert moved.field == expected
    assert moved.reason == "bad"
    assert moved.problems[0] == (expected, "bad")
    assert moved.problems[1][1] == "worse"
    assert original.field == field


# --- currency, rates, pricing ----------------------------------------------------


def test_a_currency_mismatch_names_both_currencies_the_field_and_the_remedy() -> None:
    error = CurrencyMismatch("EUR", "USD")
    assert (error.expected, error.actual, error.field) == ("EUR", "USD", "currency")
    assert str(error) == (
        "currency: expected an amount in EUR, got USD; convert it first with an FxTable"
    )


def test_a_missing_rate_names_the_pair_the_day_and_what_to_do() -> None:
    error = MissingFxRate("EUR", "JPY", "2026-03-02")
    assert (error.base, error.quote, error.on) == ("EUR", "JPY", "2026-03-02")
    assert str(error) == "no EUR->JPY rate in force on 2026-03-02; add one to the FxTable"
    with_detail = MissingFxRate("EUR", "JPY", "2026-03-02", "too old")
    assert "(too old)" in str(with_detail)


def test_a_line_that_cannot_be_priced_names_the_line_the_sku_and_the_reason() -> None:
    error = NotPriceable(3, "SKU-1", "inactive_product", "SKU-1 is inactive")
    assert (error.line_number, error.sku, error.reason) == (3, "SKU-1", "inactive_product")
    assert str(error) == "line 3 (SKU-1) cannot be priced: SKU-1 is inactive"


# --- transitions -----------------------------------------------------------------


def test_an_invalid_transition_names_aggregate_id_command_state_and_allowed() -> None:
    error = InvalidTransition("Lead", "lead-1", "convert", "new", ["assess", "start_working"])
    assert (error.aggregate, error.aggregate_id, error.command, error.state) == (
        "Lead",
        "lead-1",
        "convert",
        "new",
    )
    assert error.allowed == ("assess", "start_working")
    assert str(error) == (
        "Lead 'lead-1' cannot convert while new; allowed in new: assess, start_working"
    )


def test_an_invalid_transition_from_a_terminal_state_says_nothing_is_allowed() -> None:
    error = InvalidTransition("Lead", "lead-1", "assess", "converted", [])
    assert error.allowed == ()
    assert str(error).endswith("allowed in converted: none (terminal state)")


def test_an_invalid_transition_appends_its_detail() -> None:
    error = InvalidTransition("Quote", "q-1", "send", "draft", ["approve"], detail="Approve first")
    assert str(error).endswith("allowed in draft: approve. Approve first")


def test_a_failed_guard_lists_every_failure_and_says_whether_it_can_be_overridden() -> None:
    failures = [("criteria met", "budget unknown"), ("owner set", "no owner")]
    soft = GuardFailed("Lead", "l-1", "qualify", "working", ["qualify"], failures, overridable=True)
    hard = GuardFailed(
        "Lead", "l-1", "qualify", "working", ["qualify"], failures, overridable=False
    )
    assert soft.failures == tuple(failures)
    assert soft.allowed == ("qualify",)
    assert "criteria met: budget unknown; owner set: no owner" in str(soft)
    assert "Pass an override reason" in str(soft)
    assert "override" not in str(hard)


# --- pickling --------------------------------------------------------------------


@pytest.mark.parametrize("error", _examples(), ids=lambda e: type(e).__name__)
def test_every_error_survives_pickling_with_its_fields_and_message(error: PcfSalesError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert again.args == error.args
    public = {k: v for k, v in vars(error).items() if not k.startswith("_")}
    assert {k: v for k, v in vars(again).items() if not k.startswith("_")} == public


@given(_NAMES, _TEXT, st.lists(st.tuples(_NAMES, _TEXT), max_size=3))
def test_a_pickled_validation_error_keeps_every_problem(
    field: str, reason: str, more: list[tuple[str, str]]
) -> None:
    problems = [(field, reason), *more]
    error = ValidationError(field, reason, problems=problems)
    again = pickle.loads(pickle.dumps(error))
    assert (again.field, again.reason, again.problems) == (field, reason, tuple(problems))
    assert str(again) == str(error)


@given(_NAMES, _NAMES, _NAMES, st.lists(_NAMES, max_size=4), _TEXT)
def test_a_pickled_invalid_transition_keeps_its_detail(
    aggregate: str, command: str, state: str, allowed: list[str], detail: str
) -> None:
    error = InvalidTransition(aggregate, "id-1", command, state, allowed, detail=detail)
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error)
