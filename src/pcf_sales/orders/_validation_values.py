"""The values of order validation: severities, problem codes, problems and reports, the
rules an order is checked against and the host's facts (credit snapshot included)."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.accounts import AccountStatus
from pcf_sales.catalog._codes import is_sku, to_code
from pcf_sales.core import AccountId, CountryCode, FxTable
from pcf_sales.core._contact_details import is_country
from pcf_sales.core._validate import (
    fail,
    is_bool,
    is_date,
    is_decimal,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_optional_decimal,
    to_optional_text,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.orders._order_values import HoldKind

__all__ = [
    "CreditSnapshot",
    "OrderFacts",
    "ProblemCode",
    "ProductRestriction",
    "Severity",
    "ValidationProblem",
    "ValidationReport",
    "ValidationRules",
]

_ADDRESS_FIELDS: Final = ("line1", "line2", "city", "region", "postal_code")


class Severity(Enum):
    """How much a problem matters."""

    ERROR = "error"
    """The order cannot be accepted."""
    HOLD = "hold"
    """The order can be accepted, but must be held (credit or compliance) first."""
    WARNING = "warning"
    """Worth knowing; changes nothing."""


class ProblemCode(Enum):
    """What kind of problem a validation found."""

    CUSTOMER_STATUS = "customer_status"
    CUSTOMER_BLOCKED = "customer_blocked"
    CREDIT_LIMIT = "credit_limit"
    CREDIT_ACCOUNT = "credit_account"
    PRICE_NOT_IN_FORCE = "price_not_in_force"
    UNPRICED_LINE = "unpriced_line"
    QUOTE_EXPIRED = "quote_expired"
    CURRENCY = "currency"
    QUANTITY = "quantity"
    MINIMUM_ORDER_VALUE = "minimum_order_value"
    ADDRESS_INCOMPLETE = "address_incomplete"
    RESTRICTED_PRODUCT = "restricted_product"
    REQUESTED_DATE = "requested_date"


@attrs.frozen(kw_only=True)
class ValidationProblem:
    """One problem: what, how bad, the field it concerns, and a message for people.
    ``hold`` says which hold a ``hold`` problem calls for."""

    code: ProblemCode = attrs.field(validator=is_enum(ProblemCode))
    severity: Severity = attrs.field(validator=is_enum(Severity))
    field: str = attrs.field(validator=is_text(max_length=200))
    message: str = attrs.field(validator=is_text(max_length=1000))
    line_number: int | None = attrs.field(default=None, validator=optional(is_int(minimum=1)))
    hold: HoldKind | None = attrs.field(default=None, validator=optional(is_enum(HoldKind)))

    def __attrs_post_init__(self) -> None:
        if (self.severity is Severity.HOLD) != (self.hold is not None):
            fail("hold", "names the hold exactly for problems of severity 'hold'")

    def describe(self) -> str:
        """The problem on one line of text."""
        return f"{self.severity.value}: {self.code.value} ({self.field}): {self.message}"


@attrs.frozen(kw_only=True)
class ValidationReport:
    """Every problem an order's validation found, on ``checked_on``."""

    checked_on: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    problems: tuple[ValidationProblem, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(ValidationProblem)
    )

    @property
    def passed(self) -> bool:
        """True when no problem is an error (the order may be accepted)."""
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def with_severity(self, severity: Severity) -> tuple[ValidationProblem, ...]:
        """The problems of ``severity``."""
        return tuple(p for p in self.problems if p.severity is severity)

    @property
    def errors(self) -> tuple[ValidationProblem, ...]:
        """The problems that keep the order from being accepted."""
        return self.with_severity(Severity.ERROR)

    @property
    def holds(self) -> tuple[HoldKind, ...]:
        """The holds the problems call for, each once, in the order found."""
        kinds: list[HoldKind] = []
        for problem in self.problems:
            if problem.hold is not None and problem.hold not in kinds:
                kinds.append(problem.hold)
        return tuple(kinds)

    def codes(self) -> tuple[ProblemCode, ...]:
        """The codes of the problems, in the order found."""
        return tuple(p.code for p in self.problems)

    def explain(self) -> str:
        """Every problem, one per line."""
        if not self.problems:
            return f"no problems (checked on {self.checked_on.isoformat()})"
        return "\n".join(p.describe() for p in self.problems)


@attrs.frozen(kw_only=True)
class CreditSnapshot:
    """An account's credit position on a day, as the host's finance system knows it:
    the limit and the open exposure (unpaid invoices plus open orders).

    The exposure is taken to count every order of the account from its acceptance
    on, at its total. Accepting an order checks exposure plus the order's total
    against the limit; amending an accepted order (or changing its parties with
    the same payer) checks exposure plus only the increase of its total."""

    account_id: AccountId = attrs.field(validator=is_id)
    as_of: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    limit: Money = attrs.field(validator=is_money)
    exposure: Money = attrs.field(validator=is_money)

    def __attrs_post_init__(self) -> None:
        if self.limit.currency != self.exposure.currency:
            raise CurrencyMismatch(
                self.limit.currency.code, self.exposure.currency.code, field="exposure"
            )
        if self.limit.amount < 0:
            fail("limit", "a credit limit cannot be negative")

    @property
    def available(self) -> Money:
        """The limit less the exposure (negative when already over)."""
        return Money(self.limit.amount - self.exposure.amount, self.limit.currency)


def _countries(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(is_country, unique=True)(inst, attr, value)
    if not value:
        fail(attr.name, "name at least one country")


@attrs.frozen(kw_only=True)
class ProductRestriction:
    """A product that may not be shipped to some countries (export control, licensing)."""

    sku: str = attrs.field(converter=to_code, validator=is_sku)
    countries: tuple[CountryCode, ...] = attrs.field(converter=to_tuple, validator=_countries)
    reason: str = attrs.field(converter=to_text, validator=is_text(max_length=500))


def _address_fields(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(str, unique=True)(inst, attr, value)
    names: tuple[str, ...] = value  # type: ignore[assignment]
    for index, name in enumerate(names):
        if name not in _ADDRESS_FIELDS:
            fail(f"{attr.name}[{index}]", f"expected one of {_ADDRESS_FIELDS}, got {name!r}")


def _statuses(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(AccountStatus, unique=True)(inst, attr, value)


@attrs.frozen(kw_only=True)
class ValidationRules:
    """What a valid order looks like. :meth:`default` is a sensible start.

    ``max_price_age_days`` is how old the pricing of an order entered directly
    may be (an order from a quote keeps the quote's prices until the quote
    expires). ``whole_units`` requires whole quantities. The address fields
    name what the ship-to and bill-to addresses need besides the country.
    ``credit_severity`` and ``restriction_severity`` say how a credit limit
    breach and a restricted product count.
    """

    allowed_customer_statuses: tuple[AccountStatus, ...] = attrs.field(
        default=(AccountStatus.PROSPECT, AccountStatus.CUSTOMER, AccountStatus.DORMANT),
        converter=to_tuple,
        validator=_statuses,
    )
    minimum_order_value: Money | None = attrs.field(default=None, validator=optional(is_money))
    max_line_quantity: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal(minimum=1))
    )
    whole_units: bool = attrs.field(default=False, validator=is_bool)
    max_price_age_days: int = attrs.field(default=30, validator=is_int(minimum=0, maximum=3650))
    ship_to_fields: tuple[str, ...] = attrs.field(
        default=("line1", "city", "postal_code"), converter=to_tuple, validator=_address_fields
    )
    bill_to_fields: tuple[str, ...] = attrs.field(
        default=("line1", "city"), converter=to_tuple, validator=_address_fields
    )
    restrictions: tuple[ProductRestriction, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(ProductRestriction)
    )
    credit_severity: Severity = attrs.field(default=Severity.HOLD, validator=is_enum(Severity))
    restriction_severity: Severity = attrs.field(
        default=Severity.ERROR, validator=is_enum(Severity)
    )

    @classmethod
    def default(cls) -> ValidationRules:
        """Prospects, customers and dormant accounts may order; prices at most 30 days
        old; complete ship-to and bill-to addresses; a credit breach calls for a hold."""
        return cls()


@attrs.frozen(kw_only=True)
class OrderFacts:
    """The facts an order is validated in, owned by the host: the day, the customer's
    status (and a block, with its reason), its credit position, exchange rates.

    ``credit`` is the payer's position with this order counted once accepted (see
    :class:`CreditSnapshot`): give the same snapshot whether accepting or amending."""

    on: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    customer_status: AccountStatus | None = attrs.field(
        default=None, validator=optional(is_enum(AccountStatus))
    )
    blocked_reason: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=500))
    )
    credit: CreditSnapshot | None = attrs.field(
        default=None, validator=optional(is_instance(CreditSnapshot))
    )
    fx: FxTable | None = attrs.field(default=None, validator=optional(is_instance(FxTable)))
