"""Spreading a header discount over the lines, to the cent and never below a floor."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from moneyed import Money

from pcf_sales.core import RoundingMode, minor_digits
from pcf_sales.core._validate import fail
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.pricing._results import AppliedHeaderDiscount
from pcf_sales.pricing._values import AdjustmentForm, ManualDiscount

__all__ = ["spread_header_discount"]

_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)


def spread_header_discount(
    header: ManualDiscount | None,
    lines: Sequence[tuple[Decimal, Decimal | None, bool]],
    currency: str,
    mode: RoundingMode,
) -> tuple[AppliedHeaderDiscount | None, list[Decimal]]:
    """The header discount as applied, and each line's share of it.

    ``lines`` are ``(amount, floor, overridden)`` for each priced line, the
    amounts rounded. A percentage is taken of the subtotal and rounded with
    ``mode``; an amount or a net price is taken as given (in whole minor
    units). The discount is held at the subtotal (a document never goes below
    zero) and spread by the lines' amounts with the largest-remainder method,
    never taking a line below its floor unless the line's floor is overridden;
    what a full line cannot take goes to the others, and what none can take is
    not applied (the record says so).
    """
    shares = [_ZERO] * len(lines)
    if header is None:
        return None, shares
    digits = minor_digits(currency)
    unit = Decimal(1).scaleb(-digits)
    subtotal = sum((amount for amount, _, _ in lines), _ZERO)
    adjustment = header.adjustment
    if adjustment.form is AdjustmentForm.PERCENT:
        ratio = adjustment.percent / _HUNDRED  # type: ignore[operator]
        requested = (subtotal * ratio).quantize(unit, rounding=mode.decimal_mode)
    else:
        money = adjustment.amount
        if money is None:  # pragma: no cover - checked by Adjustment
            fail("header_discount", "needs an amount")
        if money.currency.code != currency:
            raise CurrencyMismatch(currency, money.currency.code, field="header_discount")
        if money.amount != money.amount.quantize(unit, rounding=decimal.ROUND_DOWN):
            fail("header_discount", f"{money.amount} has digits below the minor unit of {currency}")
        if adjustment.form is AdjustmentForm.AMOUNT:
            requested = money.amount
        else:
            if money.amount > subtotal:
                fail(
                    "header_discount",
                    f"a net price of {money.amount} is above the subtotal {subtotal}; a "
                    "header discount cannot raise the total",
                )
            requested = subtotal - money.amount
    note = None
    wanted = requested
    if wanted > subtotal:
        wanted = subtotal
        note = f"held at the subtotal {subtotal}: a document never goes below zero"
    weights: list[int] = []
    rooms: list[int] = []
    for amount, floor, overridden in lines:
        lowest = floor if floor is not None and not overridden else _ZERO
        weights.append(int(amount.scaleb(digits)))
        rooms.append(max(0, int((amount - min(lowest, amount)).scaleb(digits))))
    units = _split(int(wanted.scaleb(digits)), weights, rooms)
    applied = Decimal(sum(units)).scaleb(-digits)
    if applied < wanted:
        note = (
            f"held at {applied}: taking the {wanted} asked for would put lines below their floors"
        )
    for index, share in enumerate(units):
        shares[index] = Decimal(share).scaleb(-digits)
    record = AppliedHeaderDiscount(
        given=header,
        requested=Money(requested, currency),
        applied=Money(applied.quantize(unit), currency),
        note=note,
    )
    return record, shares


def _split(units: int, weights: list[int], rooms: list[int]) -> list[int]:
    """Split ``units`` by ``weights`` (largest remainder, ties to the earlier line), never
    giving a line more than its room; what a full line cannot take goes to the others."""
    shares = [0] * len(weights)
    active = [i for i, weight in enumerate(weights) if weight > 0 and rooms[i] > 0]
    remaining = units
    while remaining > 0 and active:
        total = sum(weights[i] for i in active)
        exact = [(remaining * weights[i], i) for i in active]
        parts = {i: numerator // total for numerator, i in exact}
        left = remaining - sum(parts.values())
        by_remainder = sorted(exact, key=lambda item: (-(item[0] % total), item[1]))
        for _, i in by_remainder[:left]:
            parts[i] += 1
        overflow = 0
        still: list[int] = []
        for i in active:
            give = min(parts[i], rooms[i] - shares[i])
            shares[i] += give
            overflow += parts[i] - give
            if rooms[i] > shares[i]:
                still.append(i)
        remaining = overflow
        active = still
    return shares
