"""Lossless, strict, JSON-safe documents for every public type.

:func:`to_dict` turns a value into plain JSON data (``dict``, ``list``,
``str``, ``int``, ``float``, ``bool``, ``None``) and :func:`from_dict` turns it
back, so that ``from_dict(type(x), to_dict(x)) == x`` for every public value.
:func:`to_document` wraps that in a tagged envelope with a schema version and
:func:`from_document` dispatches on the tag.

The encoding:

* ``Money`` is ``{"amount": "12.30", "currency": "EUR"}``, the amount a string;
* a ``Decimal`` is a string (``"0.15"``);
* an instant is ISO 8601 with its offset (``"2026-03-02T09:30:00+01:00"``);
* a calendar day is an ISO date (``"2026-03-02"``);
* an enum member is its value, a tuple is a list, an id is a string;
* :class:`~pcf_sales.core.CustomFields` is an object of names to scalars;
* email addresses and phone numbers are strings.

Reading is strict: every field must be present (defaults are not filled in),
unknown fields are refused, ``"5"`` is not a number and ``1`` is not ``True``.
Each problem is reported as a :class:`~pcf_sales.errors.ValidationError`
naming the path of the bad field (``person.email``,
``engagements[2].at``); ``problems`` lists all of them. Nothing is pickled.

>>> from pcf_sales.core import money
>>> to_dict(money("12.30", "EUR"))
{'amount': '12.30', 'currency': 'EUR'}
"""

from __future__ import annotations

import datetime as _dt
import importlib
import re
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Final, TypeVar, cast

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from moneyed import Money

from pcf_sales.core import CustomFields, EmailAddress, PhoneNumber
from pcf_sales.core._custom_fields import Scalar
from pcf_sales.core._money import check_currency
from pcf_sales.errors import PcfSalesError, ValidationError

__all__ = [
    "DOCUMENT_TYPES",
    "from_dict",
    "from_document",
    "schema_version",
    "to_dict",
    "to_document",
]

T = TypeVar("T")

#: The packages whose public classes are document types, in dependency order.
#: A package's classes are registered under their class name, which is the
#: ``type`` tag of their documents; names are unique across the library.
_PACKAGES: Final = (
    "pcf_sales.core",
    "pcf_sales.catalog",
    "pcf_sales.accounts",
    "pcf_sales.leads",
    "pcf_sales.pricing",
    "pcf_sales.opportunities",
    "pcf_sales.orders",
    "pcf_sales.pcf",
)

#: Public classes that are program definitions rather than records: they hold
#: callables (guards) and are declared in code, so they have no document form.
_NOT_DOCUMENTS: Final = frozenset({"Lifecycle", "Transition", "Guard"})

#: Schema versions that differ from 1. Raise a type's version when its fields
#: change and add a migration from the previous version to ``_MIGRATIONS``.
_SCHEMA_VERSIONS: Final[dict[str, int]] = {}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")


class _Bad(ValueError):
    """A leaf problem inside a document: the reason, for the path the walker knows."""


def _bad(reason: str) -> typing.NoReturn:
    raise _Bad(reason)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


# --- scalar hooks -------------------------------------------------------------------------


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        _bad(f"expected text, got {_kind(value)}")
    return value


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _bad(f"expected a whole number, got {_kind(value)}")
    return value


def _structure_float(value: object, _: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _bad(f"expected a number, got {_kind(value)}")
    return float(value)


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        _bad(f"expected true or false, got {_kind(value)}")
    return value


def _structure_decimal(value: object, _: object) -> Decimal:
    if not isinstance(value, str):
        _bad(f'expected a decimal number as text such as "12.30", got {_kind(value)}')
    try:
        number = Decimal(value)
    except InvalidOperation:
        _bad(f"{value!r} is not a decimal number")
    if not number.is_finite():
        _bad(f"{value!r} is not a finite number")
    return number


def _structure_money(value: object, _: object) -> Money:
    if not isinstance(value, dict):
        _bad(f'expected {{"amount": ..., "currency": ...}}, got {_kind(value)}')
    keys = set(value)
    if keys != {"amount", "currency"}:
        missing = sorted({"amount", "currency"} - keys)
        extra = sorted(keys - {"amount", "currency"})
        detail = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unknown {', '.join(extra)}" if extra else "",
            )
            if part
        )
        _bad(f"money has exactly amount and currency ({detail})")
    amount = _structure_decimal(value["amount"], Decimal)
    code = value["currency"]
    try:
        currency = check_currency(code)
    except ValidationError as error:
        _bad(error.reason)
    return Money(amount, currency)


def _unstructure_money(value: Money) -> dict[str, str]:
    return {"amount": str(value.amount), "currency": value.currency.code}


def _structure_instant(value: object, _: object) -> pendulum.DateTime:
    if not isinstance(value, str) or not _INSTANT.fullmatch(value):
        _bad(
            "expected an ISO 8601 instant with its offset such as "
            f'"2026-03-02T09:30:00+01:00", got {value!r}'
        )
    try:
        parsed = _dt.datetime.fromisoformat(value)
    except ValueError as error:
        _bad(f"{value!r} is not a valid instant ({error})")
    return pendulum.instance(parsed)


def _unstructure_instant(value: _dt.datetime) -> str:
    return value.isoformat()


def _structure_date(value: object, _: object) -> pendulum.Date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        _bad(f'expected an ISO date such as "2026-03-02", got {value!r}')
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError:
        _bad(f"{value!r} is not a calendar date")
    return pendulum.Date(day.year, day.month, day.day)


def _unstructure_date(value: _dt.date) -> str:
    return value.isoformat()


def _structure_custom_fields(value: object, _: object) -> CustomFields:
    if not isinstance(value, dict):
        _bad(f"expected an object of names to values, got {_kind(value)}")
    for key, item in value.items():
        if isinstance(item, list | dict):
            raise ValidationError(str(key), f"expected a scalar, got {_kind(item)}")
    try:
        return CustomFields(cast("dict[str, Scalar]", value))
    except ValidationError as error:
        # CustomFields names "custom_fields.<key>"; here the path already ends there.
        field = error.field.removeprefix("custom_fields").removeprefix(".")
        raise ValidationError(field, error.reason) from None


def _unstructure_custom_fields(value: CustomFields) -> dict[str, Scalar]:
    return value.to_dict()


def _text_value(cls: Callable[[str], T]) -> Callable[[object, object], T]:
    def structure(value: object, _: object) -> T:
        if not isinstance(value, str):
            _bad(f"expected text, got {_kind(value)}")
        try:
            return cls(value)
        except ValidationError as error:
            _bad(error.reason)

    return structure


def _structure_enum(value: object, enum: type[Enum]) -> Enum:
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(repr(m.value) for m in enum)
        _bad(f"expected one of {choices}, got {value!r}")


# --- hook factories -------------------------------------------------------------------


def _is_homogeneous_tuple(tp: object) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_scalar_union(tp: object) -> bool:
    origin = typing.get_origin(tp)
    if origin not in (typing.Union, types.UnionType):
        return False
    return all(arg in (str, int, float, bool, type(None)) for arg in typing.get_args(tp))


def _is_attrs_class(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    return attrs.has(origin if origin is not None else tp)


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)

    for scalar, hook in (
        (str, _structure_str),
        (int, _structure_int),
        (float, _structure_float),
        (bool, _structure_bool),
        (Decimal, _structure_decimal),
        (Money, _structure_money),
        (pendulum.DateTime, _structure_instant),
        (pendulum.Date, _structure_date),
        (CustomFields, _structure_custom_fields),
        (EmailAddress, _text_value(EmailAddress)),
        (PhoneNumber, _text_value(PhoneNumber)),
    ):
        converter.register_structure_hook(scalar, hook)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(Money, _unstructure_money)
    converter.register_unstructure_hook(pendulum.DateTime, _unstructure_instant)
    converter.register_unstructure_hook(pendulum.Date, _unstructure_date)
    converter.register_unstructure_hook(CustomFields, _unstructure_custom_fields)
    converter.register_unstructure_hook(EmailAddress, str)
    converter.register_unstructure_hook(PhoneNumber, str)
    converter.register_structure_hook_func(
        lambda tp: isinstance(tp, type) and issubclass(tp, Enum), _structure_enum
    )

    def scalar_union(tp: Any) -> Callable[[object, object], object]:
        members = typing.get_args(tp)

        def structure(value: object, _: object) -> object:
            for member in members:
                if member is type(None) and value is None:
                    return None
                if member is bool and isinstance(value, bool):
                    return value
                if (
                    member in (int, float)
                    and isinstance(value, int | float)
                    and not isinstance(value, bool)
                ):
                    if member is int and isinstance(value, int):
                        return value
                    if member is float:
                        return float(value)
                if member is str and isinstance(value, str):
                    return value
            names = ", ".join("null" if m is type(None) else m.__name__ for m in members)
            _bad(f"expected one of {names}, got {_kind(value)}")

        return structure

    converter.register_structure_hook_factory(_is_scalar_union, scalar_union)

    def homogeneous_tuple(tp: Any) -> Callable[[object, object], tuple[object, ...]]:
        item_type = typing.get_args(tp)[0]

        def structure(value: object, _: object) -> tuple[object, ...]:
            if not isinstance(value, list):
                _bad(f"expected a list, got {_kind(value)}")
            hook = converter.get_structure_hook(item_type)
            items: list[object] = []
            errors: list[Exception] = []
            for index, element in enumerate(value):
                try:
                    items.append(hook(element, item_type))
                except Exception as error:
                    error.add_note(IterableValidationNote(f"@ index {index}", index, item_type))
                    errors.append(error)
            if errors:
                raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
            return tuple(items)

        return structure

    converter.register_structure_hook_factory(_is_homogeneous_tuple, homogeneous_tuple)
    converter.register_unstructure_hook_func(
        _is_homogeneous_tuple, lambda value: [converter.unstructure(v) for v in value]
    )

    def attrs_class(cl: Any) -> Callable[[object, object], object]:
        base = cattrs.gen.make_dict_structure_fn(
            cl, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
        )
        origin = typing.get_origin(cl) or cl
        names = tuple(a.name for a in attrs.fields(origin) if a.init)
        required = frozenset(names)

        def structure(value: object, _: object) -> object:
            if not isinstance(value, dict):
                _bad(f"expected an object, got {_kind(value)}")
            missing = [name for name in names if name not in value]
            extra = sorted(set(value) - required, key=str)
            if missing or extra:
                errors: list[Exception] = []
                for name in missing:
                    error = KeyError(name)
                    error.add_note(AttributeValidationNote(f"@ attribute {name}", name, None))
                    errors.append(error)
                if extra:
                    errors.append(ForbiddenExtraKeysError("", cl, set(map(str, extra))))
                raise ClassValidationError(f"While structuring {cl!r}", errors, cl)
            return base(value, cl)

        return structure

    converter.register_structure_hook_factory(_is_attrs_class, attrs_class)
    return converter


_CONVERTER: Final = _make_converter()


# --- errors with paths ------------------------------------------------------------------


def _join(path: str, part: str) -> str:
    if not part:
        return path
    if not path:
        return part
    return f"{path}{part}" if part.startswith("[") else f"{path}.{part}"


def _problems(error: BaseException, path: str) -> list[tuple[str, str]]:
    if isinstance(error, ClassValidationError):
        found: list[tuple[str, str]] = []
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            found.extend(_problems(inner, _join(path, note.name)))
        for inner in without:
            found.extend(_problems(inner, path))
        return found
    if isinstance(error, IterableValidationError):
        found = []
        for inner in error.exceptions:
            notes = [
                n for n in getattr(inner, "__notes__", ()) if isinstance(n, IterableValidationNote)
            ]
            where = _join(path, f"[{notes[-1].index}]") if notes else path
            found.extend(_problems(inner, where))
        return found
    if isinstance(error, ValidationError):
        return [(_join(path, field), reason) for field, reason in error.problems]
    if isinstance(error, ForbiddenExtraKeysError):
        return [(_join(path, key), "unknown field") for key in sorted(error.extra_fields)]
    if isinstance(error, KeyError):
        return [(path, "required field is missing")]
    if isinstance(error, _Bad | PcfSalesError):
        return [(path, str(error))]
    return [(path, f"{type(error).__name__}: {error}")]


def _raise_with_paths(error: Exception, root: str = "") -> typing.NoReturn:
    problems = [(field or "$", reason) for field, reason in _problems(error, root)]
    first_field, first_reason = problems[0]
    raise ValidationError(first_field, first_reason, problems=problems) from error


# --- public API -------------------------------------------------------------------------


def to_dict(value: Any) -> Any:
    """``value`` as JSON-safe data (see the module notes for the encoding)."""
    return _CONVERTER.unstructure(value)


@typing.overload
def from_dict(cls: type[T], data: Any) -> T: ...


@typing.overload
def from_dict(cls: Any, data: Any) -> Any: ...


def from_dict(cls: Any, data: Any) -> Any:
    """Rebuild a ``cls`` from :func:`to_dict` output; strict, errors name the path.

    ``cls`` may be a parameterised generic such as ``HistoryEntry[LeadStatus]``.
    """
    try:
        return _CONVERTER.structure(data, cls)
    except (cattrs.BaseValidationError, ValidationError, _Bad, PcfSalesError) as error:
        _raise_with_paths(error)


def _discover() -> dict[str, type]:
    found: dict[str, type] = {}
    for package in _PACKAGES:
        module = importlib.import_module(package)
        for name in module.__all__:
            obj = getattr(module, name)
            if not (isinstance(obj, type) and attrs.has(obj)) or name in _NOT_DOCUMENTS:
                continue
            if getattr(obj, "__parameters__", ()):
                continue  # generic classes are documented inside their owners
            if name in found and found[name] is not obj:
                msg = f"two public classes are named {name}; document tags must be unique"
                raise RuntimeError(msg)
            found[name] = obj
    return found


#: Every document type by its tag (the class name).
DOCUMENT_TYPES: Final[Mapping[str, type]] = types.MappingProxyType(_discover())
_TAGS: Final = {cls: tag for tag, cls in DOCUMENT_TYPES.items()}


def schema_version(cls: type) -> int:
    """The schema version documents of ``cls`` are written with."""
    tag = _TAGS.get(cls)
    if tag is None:
        raise ValidationError("value", f"{cls.__name__} has no document form")
    return _SCHEMA_VERSIONS.get(tag, 1)


def to_document(value: Any) -> dict[str, Any]:
    """``value`` in a tagged envelope: ``{"type": ..., "version": ..., "data": ...}``.

    >>> from pcf_sales.core import FiscalCalendar
    >>> to_document(FiscalCalendar(start_month=7))
    {'type': 'FiscalCalendar', 'version': 1, 'data': {'start_month': 7, 'naming': 'ending'}}
    """
    cls = type(value)
    version = schema_version(cls)
    return {"type": _TAGS[cls], "version": version, "data": to_dict(value)}


def from_document(document: Any) -> Any:
    """The value a :func:`to_document` envelope holds, dispatched on its ``type``."""
    if not isinstance(document, dict):
        raise ValidationError("$", f"expected a document object, got {_kind(document)}")
    keys = set(document)
    if keys != {"type", "version", "data"}:
        raise ValidationError(
            "$",
            "a document has exactly type, version and data; "
            f"got {', '.join(sorted(map(str, keys)))}",
        )
    tag = document["type"]
    cls = DOCUMENT_TYPES.get(tag) if isinstance(tag, str) else None
    if cls is None:
        raise ValidationError("type", f"unknown document type {tag!r}")
    expected = schema_version(cls)
    version = document["version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError("version", f"expected a whole number, got {_kind(version)}")
    if version != expected:
        raise ValidationError(
            "version",
            f"{tag} documents of version {version} cannot be read; this release reads "
            f"version {expected}",
        )
    try:
        return _CONVERTER.structure(document["data"], cls)
    except (cattrs.BaseValidationError, ValidationError, _Bad, PcfSalesError) as error:
        _raise_with_paths(error, "data")
