"""The unvalidated builders that hot loops use for values they computed themselves."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from pcf_sales.core._fast import builder, changer, copier
from pcf_sales.errors import ValidationError
from pcf_sales.orders import OrderLine
from pcf_sales.testing.factories import make_sales_order


def _line() -> OrderLine:
    return make_sales_order().lines[0]


def test_a_change_copies_every_field_and_sets_only_the_changed_ones() -> None:
    line = _line()
    changed = changer(OrderLine)(line, allocated=Decimal(3), repromised=2)
    assert changed == attrs.evolve(line, allocated=Decimal(3), repromised=2)
    assert changed is not line
    assert line.allocated == 0  # the original is untouched


def test_a_change_runs_no_validator_so_callers_check_what_they_change() -> None:
    line = _line()
    with pytest.raises(ValidationError):
        attrs.evolve(line, allocated=line.quantity + 1)
    unchecked = changer(OrderLine)(line, allocated=line.quantity + 1)
    assert unchecked.problem() is not None


def test_a_build_fills_the_fields_in_declaration_order() -> None:
    line = _line()
    values = [getattr(line, f.name) for f in attrs.fields(OrderLine)]
    assert builder(OrderLine)(*values) == line


def test_an_unknown_field_is_refused() -> None:
    with pytest.raises(KeyError):
        changer(OrderLine)(_line(), colour="red")


def test_a_copy_replaces_the_named_fields_in_the_order_given() -> None:
    line = _line()
    copied = copier(OrderLine, ("shipped", "allocated"))(line, Decimal(1), Decimal(0))
    assert copied == attrs.evolve(line, shipped=Decimal(1), allocated=Decimal(0))
    assert line.shipped == 0


@attrs.define(slots=False)
class _Unslotted:
    name: str


def test_a_class_without_slots_is_refused_when_the_function_is_made() -> None:
    for make in (builder, changer, lambda cls: copier(cls, ("name",))):
        with pytest.raises(TypeError, match=r"_Unslotted\.name is not a slot"):
            make(_Unslotted)


def test_a_build_takes_the_fields_by_name_too() -> None:
    line = _line()
    values = {f.name: getattr(line, f.name) for f in attrs.fields(OrderLine)}
    assert builder(OrderLine)(**values) == line


@pytest.mark.parametrize("name", ["_obj", "_inst", "_s_total", "_setters"])
def test_a_field_named_like_the_generated_code_is_refused(name: str) -> None:
    cls = attrs.make_class("Clash", {name: attrs.field()}, frozen=True, slots=True)
    for make in (builder, changer, lambda c: copier(c, ())):
        with pytest.raises(TypeError, match=rf"Clash\.{name} clashes"):
            make(cls)
