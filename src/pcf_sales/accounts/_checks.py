"""Input checks shared by the account package's commands.

The lifecycle engine copies aggregates without running their validators, so
every command checks what it is given. :func:`check_field` runs a field's own
converter and validator, so a command accepts exactly what the constructor
accepts and the error names the same field.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any, TypeVar, cast

import attrs

from pcf_sales.core import Aggregate, CustomFields, Lifecycle, Scalar
from pcf_sales.core._custom_fields import check_field_name, check_scalar, to_tags
from pcf_sales.core._validate import describe, fail
from pcf_sales.errors import InvalidTransition

__all__ = [
    "check_enum",
    "check_field",
    "checked_tags",
    "merged_custom_fields",
    "require",
    "with_custom_field",
]

E = TypeVar("E", bound=Enum)


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
    """Refuse ``command`` before looking at its arguments when the aggregate's state
    does not allow it, so the caller learns about the state first."""
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


def checked_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as given to a command: each non-blank, at most 64 characters; normalised.
    A single string is refused rather than split into one tag per letter."""
    if isinstance(tags, str) or not isinstance(tags, Iterable):
        fail("tags", f"expected a list of tags, got {describe(tags)}")
    values = tuple(tags)
    for index, tag in enumerate(values):
        if not isinstance(tag, str) or not tag.strip():
            fail(f"tags[{index}]", f"expected a non-empty tag, got {describe(tag)}")
        if len(tag.strip().lower()) > 64:
            fail(f"tags[{index}]", "a tag has at most 64 characters")
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in tag):
            fail(f"tags[{index}]", "must not contain control characters")
    return to_tags(values)


def with_custom_field(current: CustomFields, key: object, value: object) -> CustomFields:
    """``current`` with ``key`` set to ``value``; errors name ``key`` or ``value``."""
    name = check_field_name(key, "key")
    check_scalar(value, "value")
    return current.with_value(name, cast("Scalar", value))


def merged_custom_fields(
    current: CustomFields, given: CustomFields | dict[str, Scalar] | None
) -> tuple[CustomFields, tuple[str, ...]]:
    """``current`` with the keys of ``given`` it lacks added, and the keys added."""
    if given is None:
        return current, ()
    incoming = given if isinstance(given, CustomFields) else CustomFields(cast("Any", given))
    added = tuple(key for key in incoming if key not in current)
    if not added:
        return current, ()
    merged = dict(current.entries)
    merged.update((key, incoming[key]) for key in added)
    return CustomFields(merged), added
