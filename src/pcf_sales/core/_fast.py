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

from collections.abc import Callable
from typing import Any, TypeVar, cast

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


def _generate(cls: type, signature: str, value_of: Callable[[str], str], tail: str = "") -> Any:
    """Compile ``def <signature>:`` that makes a bare ``cls`` and sets each field
    to the expression ``value_of(name)``, then runs ``tail`` and returns it."""
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    body = [f"def {signature}:", "    new = _new(_cls)"]
    for field in attrs.fields(cls):
        namespace[f"_s_{field.name}"] = slot_setter(cls, field.name)
        body.append(f"    _s_{field.name}(new, {value_of(field.name)})")
    if tail:
        namespace["_setters"] = {f.name: slot_setter(cls, f.name) for f in attrs.fields(cls)}
        body.append(tail)
    body.append("    return new")
    exec("\n".join(body), namespace)  # noqa: S102 - generated from attrs field names only
    return namespace[signature.partition("(")[0]]


def builder(cls: type[T]) -> Callable[..., T]:
    """A function ``build(field1, field2, ...)`` that makes a ``cls`` without validation."""
    names = ", ".join(f.name for f in attrs.fields(cast("Any", cls)))
    return cast("Callable[..., T]", _generate(cls, f"build({names})", lambda name: name))


def copier(cls: type[T], replacing: tuple[str, ...]) -> Callable[..., T]:
    """A function ``copy(inst, *values)``: a copy of the ``cls`` instance ``inst``
    with the fields named in ``replacing`` set to ``values``, in that order."""
    params = ", ".join(("inst", *replacing))
    return cast(
        "Callable[..., T]",
        _generate(
            cls, f"copy({params})", lambda name: name if name in replacing else f"inst.{name}"
        ),
    )


def changer(cls: type[T]) -> Callable[..., T]:
    """A function ``change(inst, **changes)``: a copy of the ``cls`` instance ``inst``
    with ``changes`` set, no converter or validator run. Callers check whatever
    rule ties the changed fields together themselves."""
    tail = "    for name, value in changes.items():\n        _setters[name](new, value)"
    return cast(
        "Callable[..., T]",
        _generate(cls, "change(inst, **changes)", lambda name: f"inst.{name}", tail),
    )
