"""Input checks shared by the opportunity package's commands and calculations.

The lifecycle engine copies aggregates without running their validators, so
every command checks what it is given. :func:`check_field` runs a field's own
converter and validator, so a command accepts exactly what the constructor
accepts and the error names the same field. :func:`require` refuses a command
for the aggregate's state before its arguments are looked at, so a caller
learns about the state first.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

import attrs
from moneyed import Money

from pcf_sales.core import Aggregate, Lifecycle
from pcf_sales.core._money import check_money_amount as _check_amount
from pcf_sales.core._validate import describe, fail
from pcf_sales.errors import InvalidTransition

__all__ = [
    "check_amount",
    "check_enum",
    "check_field",
    "check_instance",
    "money_validator",
    "require",
]

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


def check_field(cls: type, name: str, value: Any) -> Any:
    """``value`` converted and validated as ``cls``'s field ``name`` would be."""
    field = getattr(attrs.fields(cls), name)
    converter = field.converter
    if converter is not None:
        value = converter(value)
    if field.validator is not None:
        field.validator(None, field, value)
    return value


def require(lifecycle: Lifecycle[Any, Any], aggregate: Aggregate[Any], command: str) -> None:
    """Raise :class:`~pcf_sales.errors.InvalidTransition` unless ``command`` is allowed
    in the aggregate's state."""
    allowed = lifecycle.allowed(aggregate.status)
    if command not in allowed:
        raise InvalidTransition(
            lifecycle.aggregate, aggregate.id, command, aggregate.status.value, allowed
        )


def check_enum(enum: type[E], value: object, field: str) -> E:
    """``value`` if it is a member of ``enum``, else a ``ValidationError`` naming ``field``."""
    if not isinstance(value, enum):
        choices = ", ".join(repr(m.value) for m in enum)
        fail(field, f"expected a {enum.__name__} ({choices}), got {describe(value)}")
    return value


def check_instance(cls: type[T], value: object, field: str) -> T:
    """``value`` if it is a ``cls``, else a ``ValidationError`` naming ``field``."""
    if not isinstance(value, cls):
        fail(field, f"expected a {cls.__name__}, got {describe(value)}")
    return value


def check_amount(value: object, field: str, *, currency: str | None = None) -> Money:
    """A non-negative ``Money`` at its currency's minor unit (in ``currency`` when given)."""
    return _check_amount(value, field, currency=currency)


def money_validator(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a non-negative, rounded ``Money`` (see :func:`check_amount`)."""
    check_amount(value, attr.name)
