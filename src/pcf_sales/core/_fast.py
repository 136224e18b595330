"""Building values without re-running validators, for hot loops.

The pricing engine, availability and order commands compute every field of
what they build themselves, from values that were validated when they
entered (price books, rules, documents, order lines), so checking them again
per line would only cost time. :func:`builder` makes a function that fills a
frozen, slotted attrs class field by field, in declaration order;
:func:`changer` one that copies an instance with some fields replaced.
Loading the same values from a document runs the validators as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

__all__ = ["builder", "changer"]

T = TypeVar("T")


def _slot_setter(cls: type, name: str) -> Any:
    for klass in cls.__mro__:
        descriptor = klass.__dict__.get(name)
        if descriptor is not None and hasattr(descriptor, "__set__"):
            return descriptor.__set__
    msg = f"{cls.__name__}.{name} is not a slot"  # pragma: no cover - only slotted classes
    raise TypeError(msg)  # pragma: no cover


def builder(cls: type[T]) -> Callable[..., T]:
    """A function ``build(field1, field2, ...)`` that makes a ``cls`` without validation."""
    names = [f.name for f in attrs.fields(cast("Any", cls))]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    body = [f"def build({', '.join(names)}):", "    new = _new(_cls)"]
    for name in names:
        namespace[f"_s_{name}"] = _slot_setter(cls, name)
        body.append(f"    _s_{name}(new, {name})")
    body.append("    return new")
    exec("\n".join(body), namespace)  # noqa: S102 - generated from attrs field names only
    return cast("Callable[..., T]", namespace["build"])


def changer(cls: type[T]) -> Callable[..., T]:
    """A function ``change(inst, **changes)``: a copy of the ``cls`` instance ``inst``
    with ``changes`` set, no converter or validator run. Callers check whatever
    rule ties the changed fields together themselves."""
    setters = {f.name: _slot_setter(cls, f.name) for f in attrs.fields(cast("Any", cls))}
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_setters": setters}
    body = ["def change(inst, **changes):", "    new = _new(_cls)"]
    for name, setter in setters.items():
        namespace[f"_s_{name}"] = setter
        body.append(f"    _s_{name}(new, inst.{name})")
    body += ["    for name, value in changes.items():", "        _setters[name](new, value)"]
    body.append("    return new")
    exec("\n".join(body), namespace)  # noqa: S102 - generated from attrs field names only
    return cast("Callable[..., T]", namespace["change"])
