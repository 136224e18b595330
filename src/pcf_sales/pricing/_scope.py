"""Where a pricing rule applies: its scope, and the codes it and the context compare."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

from pcf_sales.catalog._codes import is_family, is_sku, to_code
from pcf_sales.core import AccountId, ChannelId, SegmentId
from pcf_sales.core._validate import (
    describe,
    fail,
    is_decimal,
    is_id,
    is_tuple_of,
    optional,
    to_optional_decimal,
    to_tuple,
)

__all__ = [
    "PROMO_CODE",
    "RuleScope",
    "is_partner_tier",
    "normalise_partner_tier",
    "normalise_promotion_code",
    "to_optional_tier",
]

PROMO_CODE: Final = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,39}")
_TIER: Final = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


def normalise_promotion_code(value: str) -> str:
    """A promotion code as compared: stripped and upper case (``spring26`` is ``SPRING26``)."""
    return value.strip().upper() if isinstance(value, str) else value


def normalise_partner_tier(value: str) -> str:
    """A partner tier as compared: stripped and lower case (``Gold`` is ``gold``)."""
    return value.strip().lower() if isinstance(value, str) else value


def _optional_code(value: str | None) -> str | None:
    return None if value is None else normalise_promotion_code(value)


def to_optional_tier(value: str | None) -> str | None:
    return None if value is None else normalise_partner_tier(value)


def _promotion_code(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not PROMO_CODE.fullmatch(value):
        fail(
            attr.name,
            f"expected a promotion code of letters, digits, _ and - (up to 40), got "
            f"{describe(value)}",
        )


def is_partner_tier(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not _TIER.fullmatch(value):
        fail(
            attr.name,
            f"expected a partner tier code such as 'gold' (letters, digits, _ and -), got "
            f"{describe(value)}",
        )


def _sorted_codes(value: Iterable[str]) -> tuple[str, ...]:
    items = to_tuple(value)
    if not isinstance(items, tuple) or not all(isinstance(i, str) for i in items):
        return items
    return tuple(sorted(to_code(i) for i in items))


def _unique(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    items: tuple[str, ...] = value  # type: ignore[assignment]
    for index in range(1, len(items)):
        if items[index] == items[index - 1]:
            fail(f"{attr.name}[{index}]", f"{items[index]!r} is listed twice")


@attrs.frozen(kw_only=True)
class RuleScope:
    """Which lines a rule applies to: every condition given must hold.

    ``skus`` or ``families`` (not both) restrict the products; the others
    must equal the pricing context's values; ``promotion_code`` must be among
    the codes the customer gave; ``min_quantity`` is the line quantity it
    starts from. An empty scope applies to every line.

    >>> RuleScope(families=["sensors"], segment_id=SegmentId("smb")).describe()
    'families sensors, segment smb'
    """

    skus: tuple[str, ...] = attrs.field(
        default=(), converter=_sorted_codes, validator=[is_tuple_of(is_sku), _unique]
    )
    families: tuple[str, ...] = attrs.field(
        default=(), converter=_sorted_codes, validator=[is_tuple_of(is_family), _unique]
    )
    account_id: AccountId | None = attrs.field(default=None, validator=optional(is_id))
    segment_id: SegmentId | None = attrs.field(default=None, validator=optional(is_id))
    channel_id: ChannelId | None = attrs.field(default=None, validator=optional(is_id))
    partner_tier: str | None = attrs.field(
        default=None, converter=to_optional_tier, validator=is_partner_tier
    )
    promotion_code: str | None = attrs.field(
        default=None, converter=_optional_code, validator=_promotion_code
    )
    min_quantity: Decimal | None = attrs.field(
        default=None,
        converter=to_optional_decimal,
        validator=optional(is_decimal(minimum=Decimal("0.000001"))),
    )

    def __attrs_post_init__(self) -> None:
        if self.skus and self.families:
            fail("families", "a scope names skus or families, not both")

    def describe(self) -> str:
        """The conditions in words (``every line`` when there are none)."""
        parts: list[str] = []
        if self.skus:
            parts.append(f"skus {', '.join(self.skus)}")
        if self.families:
            parts.append(f"families {', '.join(self.families)}")
        for label, value in (
            ("account", self.account_id),
            ("segment", self.segment_id),
            ("channel", self.channel_id),
            ("partner tier", self.partner_tier),
            ("code", self.promotion_code),
            ("from quantity", self.min_quantity),
        ):
            if value is not None:
                parts.append(f"{label} {value}")
        return ", ".join(parts) if parts else "every line"
