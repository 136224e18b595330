"""What changed from one version of a quote to the next (PCF 3.5.3.14)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final, cast

import attrs
import pendulum

from pcf_sales.core._validate import (
    fail,
    is_int,
    is_text,
    is_tuple_of,
    to_text,
    to_tuple,
)
from pcf_sales.pricing import PricingResult
from pcf_sales.proposals._terms import QuoteTerms

__all__ = ["VersionChange"]

#: The parts of a quote a revision may change, in the order they are reported.
REVISABLE: Final = ("pricing", "terms", "valid_until")


def _fields(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(str, unique=True)(inst, attr, value)
    given = cast("tuple[str, ...]", value)
    if not given:
        fail(attr.name, "a revision changes at least one of pricing, terms and valid_until")
    unknown = [name for name in given if name not in REVISABLE]
    if unknown:
        fail(attr.name, f"{unknown[0]!r} is not one of {', '.join(REVISABLE)}")
    if list(given) != sorted(given, key=REVISABLE.index):
        fail(attr.name, f"are listed in the order {', '.join(REVISABLE)}")


@attrs.frozen(kw_only=True)
class VersionChange:
    """How a version differs from ``from_version``, the one it superseded: the parts that
    changed (``fields``), each change in words (``details``), and why (``reason``)."""

    from_version: int = attrs.field(validator=is_int(minimum=1))
    fields: tuple[str, ...] = attrs.field(converter=to_tuple, validator=_fields)
    details: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(is_text(max_length=500))
    )
    reason: str = attrs.field(converter=to_text, validator=is_text(max_length=2000))

    def explain(self) -> str:
        """The change as text."""
        lines = [f"from version {self.from_version}: {self.reason}"]
        lines.extend(f"  - {detail}" for detail in self.details)
        return "\n".join(lines)


def _percent(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value:.2f} %"


def describe_changes(
    old: tuple[PricingResult, QuoteTerms, pendulum.Date],
    new: tuple[PricingResult, QuoteTerms, pendulum.Date],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names of the parts that differ between ``old`` and ``new`` and each difference
    in words."""
    fields: list[str] = []
    details: list[str] = []
    old_pricing, old_terms, old_day = old
    pricing, terms, day = new
    if pricing != old_pricing:
        fields.append("pricing")
        details.append(
            f"total {old_pricing.total.amount} {old_pricing.currency} -> "
            f"{pricing.total.amount} {pricing.currency}; discount "
            f"{_percent(old_pricing.discount_percent)} -> {_percent(pricing.discount_percent)}; "
            f"{len(old_pricing.lines)} -> {len(pricing.lines)} line(s)"
        )
    if terms != old_terms:
        fields.append("terms")
        details.append(f"terms {old_terms.describe()!r} -> {terms.describe()!r}")
    if day != old_day:
        fields.append("valid_until")
        details.append(f"valid until {old_day.isoformat()} -> {day.isoformat()}")
    return tuple(fields), tuple(details)
