"""Building values without re-running validators, for hot loops.

The lifecycle engine, the pricing engine, availability and order commands
compute every field of what they build themselves, from values that were
validated when they entered (aggregates, price books, rules, documents, order
lines), so checking them again per call would only cost time. Each function
here generates, once per class, a function that fills a frozen, slotted attrs
class field by field through its slots: :func:`builder` from all the field
values, :func:`copier` from an instance and the values of a few fields,
:func:`changer` from an instance and keyword changes. Loading the same values
from a document runs the validators as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final, TypeVar, cast

import attrs

__all__ = ["builder", "changer", "copier", "slot_setter"]

T = TypeVar("T")


def slot_setter(cls: type, name: str) -> Callable[[object, object], None]:
    """The function that sets the slot ``name`` of a ``cls`` instance, frozen or not."""
    for klass in cls.__mro__:
        descriptor = klass.__dict__.get(name)
        if descriptor is not None and hasattr(descriptor, "__set__"):
            return cast("Callable[[object, object], None]", descriptor.__set__)
    msg = f"{cls.__name__}.{name} is not a slot; only slotted attrs classes are built this way"
    raise TypeError(msg)


#: Names the generated code uses itself; a field may not be called by one of them.
_OWN_NAMES: Final = frozenset(
    {"_obj", "_new", "_cls", "_inst", "_changes", "_setters", "_name", "_value"}
)
_OWN_PATTERN: Final = re.compile(r"_\d+|_s_.*")


def _generate(
    cls: type, signature: str, value_of: Callable[[int, str], str], tail: str = ""
) -> Any:
    """Compile ``def <signature>:`` that makes a bare ``cls`` and sets field number ``i``
    to the expression ``value_of(i, name)``, then runs ``tail`` and returns it.

    Fields are set through ``_s_<name>`` setters and the code's own names start
    with an underscore; a class with a field of one of those names is refused
    rather than built wrongly.
    """
    fields = attrs.fields(cls)
    for field in fields:
        if field.name in _OWN_NAMES or _OWN_PATTERN.fullmatch(field.name):
            msg = f"{cls.__name__}.{field.name} clashes with a name of the generated code"
            raise TypeError(msg)
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    body = [f"def {signature}:", "    _obj = _new(_cls)"]
    for index, field in enumerate(fields):
        namespace[f"_s_{field.name}"] = slot_setter(cls, field.name)
        body.append(f"    _s_{field.name}(_obj, {value_of(index, field.name)})")
    if tail:
        namespace["_setters"] = {f.name: slot_setter(cls, f.name) for f in fields}
        body.append(tail)
    body.append("    return _obj")
    exec("\n".join(body), namespace)  # noqa: S102 - generated from attrs field names only
    return namespace[signature.partition("(")[0]]


def builder(cls: type[T]) -> Callable[..., T]:
    """A function ``build(field1, field2, ...)`` that makes a ``cls`` without validation;
    it takes the field values by position, in declaration order, or by name."""
    params = ", ".join(f.name for f in attrs.fields(cast("Any", cls)))
    return cast("Callable[..., T]", _generate(cls, f"build({params})", lambda _, name: name))


def copier(cls: type[T], replacing: tuple[str, ...]) -> Callable[..., T]:
    """A function ``copy(inst, *values)``: a copy of the ``cls`` instance ``inst``
    with the fields named in ``replacing`` set to ``values``, in that order."""
    position = {name: index for index, name in enumerate(replacing)}
    params = ", ".join(("_inst", *(f"_{i}" for i in range(len(replacing)))))

    def value_of(_: int, name: str) -> str:
        return f"_{position[name]}" if name in position else f"_inst.{name}"

    return cast("Callable[..., T]", _generate(cls, f"copy({params})", value_of))


def changer(cls: type[T]) -> Callable[..., T]:
    """A function ``change(inst, **changes)``: a copy of the ``cls`` instance ``inst``
    with ``changes`` set, no converter or validator run. Callers check whatever
    rule ties the changed fields together themselves."""
    tail = "    for _name, _value in _changes.items():\n        _setters[_name](_obj, _value)"
    return cast(
        "Callable[..., T]",
        _generate(cls, "change(_inst, /, **_changes)", lambda _, name: f"_inst.{name}", tail),
    )
