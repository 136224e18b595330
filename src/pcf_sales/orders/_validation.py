"""Accepting and validating sales orders (PCF 3.5.4.1): a rule set that reports every
problem of an order at once, each with a severity.

Validation is a result, not an exception: :func:`validate_order` returns a
:class:`ValidationReport` listing every problem found. Problems of severity
``error`` keep an order from being accepted; ``hold`` problems let it be
accepted but call for a credit or compliance hold; ``warning`` s inform.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from moneyed import Money

from pcf_sales.core._validate import fail
from pcf_sales.errors import MissingFxRate
from pcf_sales.orders._order_values import HoldKind
from pcf_sales.orders._validation_values import (
    CreditSnapshot,
    OrderFacts,
    ProblemCode,
    ProductRestriction,
    Severity,
    ValidationProblem,
    ValidationReport,
    ValidationRules,
)

if TYPE_CHECKING:
    from pcf_sales.orders._order import SalesOrder

__all__ = [
    "CreditSnapshot",
    "OrderFacts",
    "ProblemCode",
    "ProductRestriction",
    "Severity",
    "ValidationProblem",
    "ValidationReport",
    "ValidationRules",
    "validate_order",
]


class _Found:
    __slots__ = ("problems",)

    def __init__(self) -> None:
        self.problems: list[ValidationProblem] = []

    def add(
        self,
        code: ProblemCode,
        severity: Severity,
        field: str,
        message: str,
        *,
        line_number: int | None = None,
        hold: HoldKind | None = None,
    ) -> None:
        self.problems.append(
            ValidationProblem(
                code=code,
                severity=severity,
                field=field,
                message=message,
                line_number=line_number,
                hold=hold if severity is Severity.HOLD else None,
            )
        )


def validate_order(
    order: SalesOrder,
    rules: ValidationRules,
    facts: OrderFacts,
    *,
    counted: Money | None = None,
) -> ValidationReport:
    """Every problem of ``order`` against ``rules`` in ``facts``, in one report.

    ``counted`` is the order's total as the credit snapshot's exposure already
    counts it (an accepted order being amended); only the increase over it is
    checked against the credit limit. Nothing is raised for a problem of the
    order; only arguments of the wrong type raise
    :class:`~pcf_sales.errors.ValidationError`.
    """
    if not isinstance(rules, ValidationRules):
        fail("rules", f"expected ValidationRules, got {type(rules).__name__}")
    if not isinstance(facts, OrderFacts):
        fail("facts", f"expected OrderFacts, got {type(facts).__name__}")
    found = _Found()
    _customer(order, rules, facts, found)
    _credit(order, rules, facts, found, counted)
    _prices(order, rules, facts, found)
    _quantities(order, rules, found)
    _minimum(order, rules, facts, found)
    _addresses(order, rules, found)
    _restricted(order, rules, found)
    _dates(order, facts, found)
    return ValidationReport(checked_on=facts.on, problems=tuple(found.problems))


def _customer(order: SalesOrder, rules: ValidationRules, facts: OrderFacts, found: _Found) -> None:
    status = facts.customer_status
    if status is not None and status not in rules.allowed_customer_statuses:
        found.add(
            ProblemCode.CUSTOMER_STATUS,
            Severity.ERROR,
            "parties.sold_to",
            f"account {order.parties.sold_to.account_id} is {status.value}",
        )
    if facts.blocked_reason is not None:
        found.add(
            ProblemCode.CUSTOMER_BLOCKED,
            Severity.HOLD,
            "parties.sold_to",
            f"account {order.parties.sold_to.account_id} is blocked: {facts.blocked_reason}",
            hold=HoldKind.COMPLIANCE,
        )


def _credit(
    order: SalesOrder,
    rules: ValidationRules,
    facts: OrderFacts,
    found: _Found,
    counted: Money | None,
) -> None:
    credit = facts.credit
    if credit is None:
        return
    payer = order.parties.payer.account_id
    if credit.account_id != payer:
        found.add(
            ProblemCode.CREDIT_ACCOUNT,
            Severity.ERROR,
            "facts.credit.account_id",
            f"the credit snapshot is for {credit.account_id}, the payer is {payer}",
        )
        return
    value = order.total
    what = "this order"
    if counted is not None:
        # The exposure already holds the order at its previous total: only an increase
        # adds to it (a decrease never breaches the limit).
        value = Money(value.amount - counted.amount, value.currency)
        what = "the increase of this order"
        if value.amount <= 0:
            return
    amount = _in_currency(value, credit.limit.currency.code, facts, found, "facts.credit")
    if amount is None:
        return
    after = credit.exposure.amount + amount
    if after > credit.limit.amount:
        found.add(
            ProblemCode.CREDIT_LIMIT,
            rules.credit_severity,
            "facts.credit",
            f"exposure {credit.exposure.amount} plus {what} {amount} is {after}, over the "
            f"limit of {credit.limit.amount} {credit.limit.currency.code}",
            hold=HoldKind.CREDIT,
        )


def _in_currency(
    value: Money, currency: str, facts: OrderFacts, found: _Found, field: str
) -> Decimal | None:
    if value.currency.code == currency:
        return value.amount
    if facts.fx is not None:
        try:
            return facts.fx.convert(value, currency, on=facts.on).amount
        except MissingFxRate:
            pass
    found.add(
        ProblemCode.CURRENCY,
        Severity.ERROR,
        field,
        f"the order is in {value.currency.code}, this is in {currency}, and no exchange "
        "rate relates them",
    )
    return None


def _prices(order: SalesOrder, rules: ValidationRules, facts: OrderFacts, found: _Found) -> None:
    pricing = order.pricing
    if pricing.preview:
        found.add(
            ProblemCode.PRICE_NOT_IN_FORCE,
            Severity.ERROR,
            "pricing",
            f"priced with price book {pricing.price_book_id} in preview, not in force",
        )
    for missing in pricing.unpriceable:
        found.add(
            ProblemCode.UNPRICED_LINE,
            Severity.ERROR,
            f"pricing.unpriceable[{missing.line_number}]",
            missing.describe(),
            line_number=missing.line_number,
        )
    quote = order.quote
    if quote is not None:
        accepted = facts.on if quote.accepted_at is None else quote.accepted_at.date()
        if accepted > quote.valid_until:
            found.add(
                ProblemCode.QUOTE_EXPIRED,
                Severity.ERROR,
                "quote.valid_until",
                f"quote {quote.quote_id} v{quote.version} was valid until "
                f"{quote.valid_until.isoformat()}, accepted on {accepted.isoformat()}",
            )
        return
    age = (facts.on - pricing.priced_on).in_days() if facts.on > pricing.priced_on else 0
    if pricing.priced_on > facts.on or age > rules.max_price_age_days:
        found.add(
            ProblemCode.PRICE_NOT_IN_FORCE,
            Severity.ERROR,
            "pricing.priced_on",
            f"priced on {pricing.priced_on.isoformat()}; prices for {facts.on.isoformat()} "
            f"must be priced at most {rules.max_price_age_days} days before and not after",
        )


def _quantities(order: SalesOrder, rules: ValidationRules, found: _Found) -> None:
    for index, line in enumerate(order.lines):
        field = f"lines[{index}].quantity"
        if rules.max_line_quantity is not None and line.quantity > rules.max_line_quantity:
            found.add(
                ProblemCode.QUANTITY,
                Severity.ERROR,
                field,
                f"{line.quantity} is more than the {rules.max_line_quantity} a line may order",
                line_number=line.line_number,
            )
        if rules.whole_units and line.quantity != line.quantity.to_integral_value():
            found.add(
                ProblemCode.QUANTITY,
                Severity.ERROR,
                field,
                f"{line.quantity} is not a whole number of units",
                line_number=line.line_number,
            )


def _minimum(order: SalesOrder, rules: ValidationRules, facts: OrderFacts, found: _Found) -> None:
    minimum = rules.minimum_order_value
    if minimum is None:
        return
    amount = _in_currency(
        order.total, minimum.currency.code, facts, found, "rules.minimum_order_value"
    )
    if amount is not None and amount < minimum.amount:
        found.add(
            ProblemCode.MINIMUM_ORDER_VALUE,
            Severity.ERROR,
            "total",
            f"the order totals {amount}, below the minimum of {minimum.amount} "
            f"{minimum.currency.code}",
        )


def _addresses(order: SalesOrder, rules: ValidationRules, found: _Found) -> None:
    for role, needed in (("ship_to", rules.ship_to_fields), ("bill_to", rules.bill_to_fields)):
        party = getattr(order.parties, role)
        field = f"parties.{role}.address"
        if party.address is None:
            found.add(ProblemCode.ADDRESS_INCOMPLETE, Severity.ERROR, field, "no address given")
            continue
        missing = [name for name in needed if getattr(party.address, name) is None]
        if missing:
            found.add(
                ProblemCode.ADDRESS_INCOMPLETE,
                Severity.ERROR,
                field,
                f"the {role.replace('_', '-')} address lacks {', '.join(missing)}",
            )


def _restricted(order: SalesOrder, rules: ValidationRules, found: _Found) -> None:
    address = order.parties.ship_to.address
    if address is None or not rules.restrictions:
        return
    by_sku: dict[str, list[ProductRestriction]] = {}
    for restriction in rules.restrictions:
        by_sku.setdefault(restriction.sku, []).append(restriction)
    for index, line in enumerate(order.lines):
        for restriction in by_sku.get(line.sku, ()):
            if address.country in restriction.countries:
                found.add(
                    ProblemCode.RESTRICTED_PRODUCT,
                    rules.restriction_severity,
                    f"lines[{index}].sku",
                    f"{line.sku} may not ship to {address.country}: {restriction.reason}",
                    line_number=line.line_number,
                    hold=HoldKind.COMPLIANCE,
                )


def _dates(order: SalesOrder, facts: OrderFacts, found: _Found) -> None:
    for index, line in enumerate(order.lines):
        if line.requested_date is not None and line.requested_date < facts.on and line.is_open:
            found.add(
                ProblemCode.REQUESTED_DATE,
                Severity.WARNING,
                f"lines[{index}].requested_date",
                f"requested for {line.requested_date.isoformat()}, which has passed",
                line_number=line.line_number,
            )
