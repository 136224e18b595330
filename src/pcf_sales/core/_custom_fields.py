"""Tags and custom fields: the host's own labels and attributes, kept JSON-safe."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeAlias, cast

import attrs

from pcf_sales.core._validate import check_text, describe, fail

__all__ = ["CustomFields", "Scalar", "check_field_name", "check_scalar", "is_tags", "to_tags"]

Scalar: TypeAlias = str | int | float | bool | None
"""A JSON-safe scalar: text, a whole or finite decimal number, a flag, or nothing."""

_KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")


def check_field_name(key: object, field: str) -> str:
    """Check a custom field name: snake_case, up to 64 characters, starting with a letter."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        fail(
            field,
            f"{key!r} is not a field name: use lower case letters, digits and _ "
            "(up to 64, starting with a letter)",
        )
    return key


def check_scalar(value: object, field: str) -> None:
    """Check that ``value`` is a JSON-safe scalar (see :data:`Scalar`)."""
    _check_scalar(value, field)


def _check_scalar(value: object, field: str) -> None:
    if value is None or isinstance(value, bool | int | str):
        if isinstance(value, str):
            check_text(value, field, max_length=2000, allow_empty=True)
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            fail(field, f"must be a finite number, got {value}")
        return
    fail(field, f"expected text, a number, True/False or None, got {describe(value)}")


def _to_entries(
    value: Mapping[str, Scalar] | Iterable[tuple[str, Scalar]],
) -> tuple[tuple[str, Scalar], ...]:
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, Iterable) and not isinstance(value, str | bytes):
        items = list(value)
    else:
        return cast("tuple[tuple[str, Scalar], ...]", value)
    if all(isinstance(i, tuple) and len(i) == 2 and isinstance(i[0], str) for i in items):
        return tuple(sorted(items, key=lambda item: item[0]))
    return cast("tuple[tuple[str, Scalar], ...]", tuple(items))


def _entries(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        fail("custom_fields", f"expected a mapping of names to values, got {describe(value)}")
    seen: set[str] = set()
    for item in value:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
            fail("custom_fields", f"expected (name, value) pairs, got {describe(item)}")
        key, scalar = item
        check_field_name(key, f"custom_fields.{key}")
        if key in seen:
            fail(f"custom_fields.{key}", "given twice")
        seen.add(key)
        _check_scalar(scalar, f"custom_fields.{key}")


def _typed(entries: tuple[tuple[str, Scalar], ...]) -> tuple[tuple[str, type, Scalar], ...]:
    """Entries with each value's type, so ``True``, ``1`` and ``1.0`` are different values.

    They are different JSON documents (``true``, ``1``, ``1.0``), and equal
    objects must round-trip to equal documents.
    """
    return tuple((name, type(value), value) for name, value in entries)


@attrs.frozen
class CustomFields(Mapping[str, Scalar]):
    """An immutable mapping of the host's own field names to JSON-safe scalars.

    Names are ``snake_case``; values are text, whole or finite numbers,
    ``True``/``False`` or ``None``. Stored sorted by name, so two equal
    mappings are equal objects with equal hashes.

    >>> fields = CustomFields({"erp_number": "C-1042", "employees_band": 3})
    >>> fields["erp_number"], fields.with_value("vip", True)["vip"]
    ('C-1042', True)
    """

    entries: tuple[tuple[str, Scalar], ...] = attrs.field(
        default=(), converter=_to_entries, validator=_entries, eq=_typed
    )

    def __getitem__(self, key: str) -> Scalar:
        for name, value in self.entries:
            if name == key:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def with_value(self, key: str, value: Scalar) -> CustomFields:
        """A copy with ``key`` set to ``value``."""
        merged = dict(self.entries)
        merged[key] = value
        return CustomFields(merged)

    def without(self, key: str) -> CustomFields:
        """A copy without ``key`` (a ``KeyError`` if it is not there)."""
        if key not in self:
            raise KeyError(key)
        return CustomFields([(k, v) for k, v in self.entries if k != key])

    def to_dict(self) -> dict[str, Scalar]:
        """A plain ``dict`` copy."""
        return dict(self.entries)


def to_tags(value: Iterable[str]) -> tuple[str, ...]:
    """Tags are case-insensitive labels: stripped, lower-cased, unique and sorted."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        return cast("tuple[str, ...]", value)
    items = list(value)
    if not all(isinstance(tag, str) for tag in items):
        return cast("tuple[str, ...]", tuple(items))
    return tuple(sorted({tag.strip().lower() for tag in items}))


def is_tags(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a sorted tuple of distinct tags, each 1 to 64 characters."""
    if not isinstance(value, tuple):
        fail(attr.name, f"expected a list of tags, got {describe(value)}")
    for index, tag in enumerate(value):
        check_text(tag, f"{attr.name}[{index}]", max_length=64)
        if tag != tag.strip().lower():
            fail(f"{attr.name}[{index}]", f"tags are stored stripped and lower case, got {tag!r}")
    if list(value) != sorted(set(value)):
        fail(attr.name, "tags are stored sorted and without duplicates")
