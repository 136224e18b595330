"""The one exception hierarchy of pcf_sales.

Every error the library raises on purpose is a :class:`PcfSalesError`. Each
carries structured fields, so a host can react to it without parsing the
message, and each message says what was given, what was expected and what to
do.

Expected business outcomes (an order that fails validation, a "no bid"
decision, a lead that does not meet its qualification criteria) are *results*,
not exceptions. Exceptions are for misuse: bad input and illegal commands.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "CurrencyMismatch",
    "GuardFailed",
    "InvalidTransition",
    "MissingFxRate",
    "NotPriceable",
    "PcfSalesError",
    "ValidationError",
]


class PcfSalesError(Exception):
    """Root of every error pcf_sales raises on purpose."""


class ValidationError(PcfSalesError, ValueError):
    """A value was rejected: names the field (or document path) and the reason.

    ``field`` is a dotted path such as ``"email"`` or ``"activities[2].at"``;
    ``reason`` says what was expected. When several fields were wrong at once
    (a bad document), ``problems`` lists every ``(field, reason)`` pair and
    ``field``/``reason`` are the first of them.
    """

    field: str
    reason: str
    problems: tuple[tuple[str, str], ...]

    def __init__(
        self,
        field: str,
        reason: str,
        *,
        problems: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.field = field
        self.reason = reason
        self.problems = tuple(problems) or ((field, reason),)
        if len(self.problems) == 1:
            message = f"{field}: {reason}"
        else:
            message = "; ".join(f"{f}: {r}" for f, r in self.problems)
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_validation_error, (self.field, self.reason, self.problems))

    def at_path(self, prefix: str) -> ValidationError:
        """The same error with every field path placed under ``prefix``."""
        return ValidationError(
            _join(prefix, self.field),
            self.reason,
            problems=[(_join(prefix, f), r) for f, r in self.problems],
        )


def _rebuild_validation_error(
    field: str, reason: str, problems: tuple[tuple[str, str], ...]
) -> ValidationError:
    return ValidationError(field, reason, problems=problems)


def _join(prefix: str, field: str) -> str:
    if not prefix:
        return field
    if not field:
        return prefix
    if field.startswith("["):
        return f"{prefix}{field}"
    return f"{prefix}.{field}"


class CurrencyMismatch(PcfSalesError, ValueError):
    """Amounts in different currencies were combined without an ``FxTable``."""

    expected: str
    actual: str
    field: str

    def __init__(self, expected: str, actual: str, *, field: str = "currency") -> None:
        self.expected = expected
        self.actual = actual
        self.field = field
        super().__init__(
            f"{field}: expected an amount in {expected}, got {actual}; "
            "convert it first with an FxTable"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_currency_mismatch, (self.expected, self.actual, self.field))


def _rebuild_currency_mismatch(expected: str, actual: str, field: str) -> CurrencyMismatch:
    return CurrencyMismatch(expected, actual, field=field)


class MissingFxRate(PcfSalesError, LookupError):
    """An ``FxTable`` holds no usable rate for a currency pair on a date."""

    base: str
    quote: str
    on: str
    detail: str

    def __init__(self, base: str, quote: str, on: str, detail: str = "") -> None:
        self.base = base
        self.quote = quote
        self.on = on
        self.detail = detail
        hint = f" ({detail})" if detail else ""
        super().__init__(f"no {base}->{quote} rate in force on {on}{hint}; add one to the FxTable")

    def __reduce__(self) -> tuple[object, ...]:
        return (MissingFxRate, (self.base, self.quote, self.on, self.detail))


class NotPriceable(PcfSalesError, LookupError):
    """A document line cannot be priced: names the line, its sku, the reason and what to do.

    ``reason`` is a code (``unknown_sku``, ``inactive_product``,
    ``no_price_in_force``, ``price_book_not_in_force``); ``detail`` says it in
    words. Pricing can instead return every unpriceable line at once (see
    ``PricingEngine.price(..., collect_unpriceable=True)``).
    """

    line_number: int
    sku: str
    reason: str
    detail: str

    def __init__(self, line_number: int, sku: str, reason: str, detail: str) -> None:
        self.line_number = line_number
        self.sku = sku
        self.reason = reason
        self.detail = detail
        super().__init__(f"line {line_number} ({sku}) cannot be priced: {detail}")

    def __reduce__(self) -> tuple[object, ...]:
        return (NotPriceable, (self.line_number, self.sku, self.reason, self.detail))


class InvalidTransition(PcfSalesError):
    """A command is not allowed in the aggregate's current state.

    Names the aggregate type and id, the command, the current state and the
    commands that are allowed there (``allowed``, sorted).
    """

    aggregate: str
    aggregate_id: str
    command: str
    state: str
    allowed: tuple[str, ...]
    detail: str

    def __init__(
        self,
        aggregate: str,
        aggregate_id: str,
        command: str,
        state: str,
        allowed: Sequence[str],
        detail: str = "",
    ) -> None:
        self.aggregate = aggregate
        self.aggregate_id = aggregate_id
        self.command = command
        self.state = state
        self.allowed = tuple(allowed)
        self.detail = detail
        allowed_text = ", ".join(self.allowed) if self.allowed else "none (terminal state)"
        message = (
            f"{aggregate} {aggregate_id!r} cannot {command} while {state}; "
            f"allowed in {state}: {allowed_text}"
        )
        if detail:
            message = f"{message}. {detail}"
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (
            InvalidTransition,
            (
                self.aggregate,
                self.aggregate_id,
                self.command,
                self.state,
                self.allowed,
                self.detail,
            ),
        )


class GuardFailed(InvalidTransition):
    """A command is allowed in this state, but one of its guards said no.

    ``failures`` lists ``(guard, reason)`` for every guard that failed.
    ``overridable`` tells whether the command may proceed anyway when the
    caller gives an override reason.
    """

    failures: tuple[tuple[str, str], ...]
    overridable: bool

    def __init__(
        self,
        aggregate: str,
        aggregate_id: str,
        command: str,
        state: str,
        allowed: Sequence[str],
        failures: Sequence[tuple[str, str]],
        *,
        overridable: bool,
    ) -> None:
        self.failures = tuple(failures)
        self.overridable = overridable
        reasons = "; ".join(f"{name}: {why}" for name, why in self.failures)
        hint = " Pass an override reason to proceed anyway." if overridable else ""
        super().__init__(
            aggregate,
            aggregate_id,
            command,
            state,
            allowed,
            detail=f"Guard failed: {reasons}.{hint}",
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_guard_failed,
            (
                self.aggregate,
                self.aggregate_id,
                self.command,
                self.state,
                self.allowed,
                self.failures,
                self.overridable,
            ),
        )


def _rebuild_guard_failed(
    aggregate: str,
    aggregate_id: str,
    command: str,
    state: str,
    allowed: tuple[str, ...],
    failures: tuple[tuple[str, str], ...],
    overridable: bool,
) -> GuardFailed:
    return GuardFailed(
        aggregate, aggregate_id, command, state, allowed, failures, overridable=overridable
    )
