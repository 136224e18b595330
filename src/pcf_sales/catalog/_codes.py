"""Codes shared by the catalog and the packages that price it: skus, families, units."""

from __future__ import annotations

import re
from typing import Any, Final

import attrs

from pcf_sales.core._validate import describe, fail

__all__ = [
    "check_family",
    "check_sku",
    "check_unit",
    "is_family",
    "is_sku",
    "is_unit",
    "to_code",
]

_SKU: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")
_FAMILY: Final = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_UNIT: Final = re.compile(r"[a-z][a-z0-9_-]{0,23}")


def to_code(value: str) -> str:
    """Strip surrounding whitespace from a code; leave non-text for the validator."""
    return value.strip() if isinstance(value, str) else value


def check_sku(value: object, field: str = "sku") -> str:
    """A stock-keeping unit: 1 to 64 letters, digits and ``. _ / -``, starting alphanumeric.

    Skus are case-sensitive and compared exactly, as the host's systems print them.
    """
    if not isinstance(value, str) or not _SKU.fullmatch(value):
        fail(
            field,
            "expected a sku of 1 to 64 letters, digits and . _ / - starting with a letter or "
            f"digit, such as 'SENS-100', got {describe(value)}",
        )
    return value


def is_sku(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator for skus (see :func:`check_sku`)."""
    check_sku(value, attr.name)


def check_family(value: object, field: str = "family") -> str:
    """A product family code: lower case letters, digits, ``_`` and ``-`` (up to 40)."""
    if not isinstance(value, str) or not _FAMILY.fullmatch(value):
        fail(
            field,
            "expected a family code of lower case letters, digits, _ and - such as "
            f"'sensors', got {describe(value)}",
        )
    return value


def is_family(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator for product family codes."""
    check_family(value, attr.name)


def check_unit(value: object, field: str = "unit") -> str:
    """A unit of measure code such as ``each``, ``hour``, ``kg`` or ``seat-month``."""
    if not isinstance(value, str) or not _UNIT.fullmatch(value):
        fail(
            field,
            "expected a unit of measure code of lower case letters, digits, _ and - such as "
            f"'each' or 'seat-month', got {describe(value)}",
        )
    return value


def is_unit(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator for units of measure."""
    check_unit(value, attr.name)
