"""Building result values without re-running validators, for the engine's hot loop.

The engine computes every field of its results itself, from values that were
validated when they entered (price books, rules, documents), so checking
them again per line would only cost time. :func:`builder` makes a function
that fills a frozen, slotted attrs class field by field, in declaration
order. Loading the same values from a document runs the validators as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

__all__ = ["builder"]

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
