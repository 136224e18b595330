"""Validators and converters shared by every value object.

Converters normalise what they can (a list becomes a tuple, a stdlib
``datetime`` becomes a ``pendulum.DateTime``) and pass anything else through
untouched; the validator of the same field then rejects it with a
:class:`~pcf_sales.errors.ValidationError` that names the field. That split
keeps converters plain named functions, which type checkers understand.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, NoReturn, TypeVar, cast

import attrs
import pendulum
from moneyed import Money

from pcf_sales.errors import ValidationError

__all__ = [
    "AttrValidator",
    "describe",
    "fail",
    "is_bool",
    "is_date",
    "is_decimal",
    "is_enum",
    "is_id",
    "is_instance",
    "is_instant",
    "is_int",
    "is_money",
    "is_text",
    "is_tuple_of",
    "optional",
    "to_date",
    "to_decimal",
    "to_frozenset",
    "to_instant",
    "to_optional_date",
    "to_optional_decimal",
    "to_optional_instant",
    "to_optional_text",
    "to_text",
    "to_tuple",
]

T = TypeVar("T")
AttrValidator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

#: Ids: 1 to 128 characters, no whitespace or control characters.
ID_PATTERN = re.compile(r"[^\s\x00-\x1f\x7f]{1,128}")


def describe(value: object) -> str:
    """A short, safe rendering of a rejected value for error messages."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def fail(field: str, reason: str) -> NoReturn:
    """Raise a :class:`ValidationError` for ``field``."""
    raise ValidationError(field, reason)


# --- converters: normalise what they can, pass the rest through -----------------


def to_text(value: str) -> str:
    """Strip surrounding whitespace from text; leave non-text for the validator."""
    return value.strip() if isinstance(value, str) else value


def to_optional_text(value: str | None) -> str | None:
    """Like :func:`to_text`, and turn blank text into ``None``."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def to_instant(value: _dt.datetime) -> pendulum.DateTime:
    """Turn an aware stdlib ``datetime`` into a ``pendulum.DateTime``.

    The offset or zone it was given in is kept; naive values pass through for
    the validator to reject.
    """
    if isinstance(value, pendulum.DateTime):
        return value
    if isinstance(value, _dt.datetime) and value.utcoffset() is not None:
        return pendulum.instance(value)
    return cast("pendulum.DateTime", value)


def to_optional_instant(value: _dt.datetime | None) -> pendulum.DateTime | None:
    """:func:`to_instant`, letting ``None`` through."""
    return None if value is None else to_instant(value)


def to_date(value: _dt.date) -> pendulum.Date:
    """Turn a stdlib ``date`` into a ``pendulum.Date`` (never a datetime)."""
    if isinstance(value, pendulum.Date | _dt.datetime):
        return cast("pendulum.Date", value)
    if isinstance(value, _dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    return cast("pendulum.Date", value)


def to_optional_date(value: _dt.date | None) -> pendulum.Date | None:
    """:func:`to_date`, letting ``None`` through."""
    return None if value is None else to_date(value)


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Turn an ``int`` or a numeric string into a ``Decimal``; floats are refused later."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except ArithmeticError:
            return cast("Decimal", value)
    return cast("Decimal", value)


def to_optional_decimal(value: Decimal | int | str | None) -> Decimal | None:
    """:func:`to_decimal`, letting ``None`` through."""
    return None if value is None else to_decimal(value)


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Turn a list (or any non-text iterable) into a tuple.

    Typed with ``Any`` items on purpose: the attrs type-checker plugin cannot
    bind a generic converter, and each field's validator checks its items.
    """
    if isinstance(value, tuple):
        return value
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        return cast("tuple[Any, ...]", value)
    return tuple(value)


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """Turn any non-text iterable into a frozenset (see :func:`to_tuple` on typing)."""
    if isinstance(value, frozenset):
        return value
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return cast("frozenset[Any]", value)
    return frozenset(value)


# --- validators ------------------------------------------------------------------


class _Text:
    __slots__ = ("allow_empty", "max_length")

    def __init__(self, max_length: int, allow_empty: bool) -> None:
        self.max_length = max_length
        self.allow_empty = allow_empty

    def __call__(self, inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        check_text(value, attr.name, max_length=self.max_length, allow_empty=self.allow_empty)

    def __repr__(self) -> str:
        return f"is_text(max_length={self.max_length}, allow_empty={self.allow_empty})"


def check_text(
    value: object, field: str, *, max_length: int = 200, allow_empty: bool = False
) -> str:
    """Check that ``value`` is text of at most ``max_length`` characters."""
    if not isinstance(value, str):
        fail(field, f"expected text, got {describe(value)}")
    if not allow_empty and not value.strip():
        fail(field, "must not be empty")
    if len(value) > max_length:
        fail(field, f"must be at most {max_length} characters, got {len(value)}")
    if any(ch in value for ch in "\x00\r") or any(
        ord(ch) < 32 and ch not in "\t\n" for ch in value
    ):
        fail(field, "must not contain control characters")
    return value


def is_text(*, max_length: int = 200, allow_empty: bool = False) -> AttrValidator:
    """Text of at most ``max_length`` characters, non-blank unless ``allow_empty``."""
    return _Text(max_length, allow_empty)


def check_id(value: object, field: str) -> str:
    """Check an identifier: 1 to 128 characters, no whitespace or control characters."""
    if isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None:
        return value
    if not isinstance(value, str):
        fail(field, f"expected an id (text), got {describe(value)}")
    if not ID_PATTERN.fullmatch(value):
        fail(
            field,
            f"an id is 1 to 128 characters without whitespace or control characters, got {value!r}",
        )
    return value


def is_id(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator for identifiers (see :func:`check_id`)."""
    check_id(value, attr.name)


def check_instant(value: object, field: str) -> pendulum.DateTime:
    """Check that ``value`` is a timezone-aware ``pendulum.DateTime``."""
    if not isinstance(value, _dt.datetime):
        fail(field, f"expected a timezone-aware datetime, got {describe(value)}")
    if value.utcoffset() is None:
        fail(
            field,
            f"naive datetime {value.isoformat()} has no timezone; give an aware instant, "
            "for example pendulum.datetime(2026, 1, 5, 9, tz='UTC')",
        )
    if not isinstance(value, pendulum.DateTime):
        return pendulum.instance(value)
    return value


def is_instant(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a timezone-aware instant."""
    check_instant(value, attr.name)


def check_date(value: object, field: str) -> pendulum.Date:
    """Check that ``value`` is a calendar date (not a datetime)."""
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        fail(field, f"expected a calendar date, got {describe(value)}")
    return to_date(value)


def is_date(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a calendar date."""
    check_date(value, attr.name)


def check_decimal(
    value: object,
    field: str,
    *,
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
) -> Decimal:
    """Check a finite ``Decimal`` within optional inclusive bounds. Floats are refused."""
    if isinstance(value, float):
        fail(field, f"floats are inexact; give a Decimal or a string such as '{value!r}'")
    if not isinstance(value, Decimal):
        fail(field, f"expected a Decimal, got {describe(value)}")
    if not value.is_finite():
        fail(field, f"must be a finite number, got {value}")
    if minimum is not None and value < minimum:
        fail(field, f"must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        fail(field, f"must be at most {maximum}, got {value}")
    return value


class _Decimal:
    __slots__ = ("maximum", "minimum")

    def __init__(self, minimum: Decimal | int | None, maximum: Decimal | int | None) -> None:
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        check_decimal(value, attr.name, minimum=self.minimum, maximum=self.maximum)


def is_decimal(
    *, minimum: Decimal | int | None = None, maximum: Decimal | int | None = None
) -> AttrValidator:
    """A finite ``Decimal`` within optional inclusive bounds."""
    return _Decimal(minimum, maximum)


def check_int(
    value: object, field: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Check an ``int`` (not a ``bool``) within optional inclusive bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        fail(field, f"expected a whole number, got {describe(value)}")
    if minimum is not None and value < minimum:
        fail(field, f"must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        fail(field, f"must be at most {maximum}, got {value}")
    return value


class _Int:
    __slots__ = ("maximum", "minimum")

    def __init__(self, minimum: int | None, maximum: int | None) -> None:
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        check_int(value, attr.name, minimum=self.minimum, maximum=self.maximum)


def is_int(*, minimum: int | None = None, maximum: int | None = None) -> AttrValidator:
    """A whole number within optional inclusive bounds."""
    return _Int(minimum, maximum)


def is_bool(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: exactly ``True`` or ``False``."""
    if not isinstance(value, bool):
        fail(attr.name, f"expected True or False, got {describe(value)}")


def is_money(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a ``moneyed.Money``."""
    if not isinstance(value, Money):
        fail(attr.name, f"expected Money, got {describe(value)}")


class _Instance:
    __slots__ = ("types",)

    def __init__(self, types: type | tuple[type, ...]) -> None:
        self.types = types

    def __call__(self, inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, self.types):
            fail(attr.name, f"expected {_type_names(self.types)}, got {describe(value)}")


def _type_names(types: type | tuple[type, ...]) -> str:
    if isinstance(types, tuple):
        return " or ".join(t.__name__ for t in types)
    return types.__name__


def is_instance(types: type | tuple[type, ...]) -> AttrValidator:
    """An instance of ``types``."""
    return _Instance(types)


class _Enum:
    __slots__ = ("enum",)

    def __init__(self, enum: type[Enum]) -> None:
        self.enum = enum

    def __call__(self, inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, self.enum):
            choices = ", ".join(repr(m.value) for m in self.enum)
            fail(attr.name, f"expected a {self.enum.__name__} ({choices}), got {describe(value)}")


def is_enum(enum: type[Enum]) -> AttrValidator:
    """A member of ``enum`` (the member itself, not its value)."""
    return _Enum(enum)


class _Optional:
    __slots__ = ("inner",)

    def __init__(self, inner: AttrValidator) -> None:
        self.inner = inner

    def __call__(self, inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            self.inner(inst, attr, value)


def optional(inner: AttrValidator) -> AttrValidator:
    """``None``, or a value ``inner`` accepts."""
    return _Optional(inner)


class _TupleOf:
    __slots__ = ("item", "unique")

    def __init__(self, item: type | tuple[type, ...] | AttrValidator, unique: bool) -> None:
        self.item = item
        self.unique = unique

    def __call__(self, inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            fail(attr.name, f"expected a list of items, got {describe(value)}")
        item = self.item
        for index, element in enumerate(value):
            if isinstance(item, type | tuple):
                if not isinstance(element, item):
                    fail(
                        f"{attr.name}[{index}]",
                        f"expected {_type_names(item)}, got {describe(element)}",
                    )
            else:
                try:
                    item(inst, attr, element)
                except ValidationError as error:
                    raise ValidationError(f"{attr.name}[{index}]", error.reason) from None
        if self.unique and len(set(value)) != len(value):
            seen: set[object] = set()
            for index, element in enumerate(value):
                if element in seen:
                    fail(f"{attr.name}[{index}]", f"duplicate entry {element!r}")
                seen.add(element)


def is_tuple_of(
    item: type | tuple[type, ...] | AttrValidator, *, unique: bool = False
) -> AttrValidator:
    """A tuple whose every item is an instance of ``item`` (or passes validator ``item``)."""
    return _TupleOf(item, unique)


def is_finite_float(value: object) -> bool:
    """True for a float that JSON can carry (not NaN or infinite)."""
    return isinstance(value, float) and math.isfinite(value)
