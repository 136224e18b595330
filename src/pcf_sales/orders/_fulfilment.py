"""Determining the fulfilment process (PCF 3.5.4.4): how each line reaches the customer.

A :class:`FulfilmentPolicy` is an ordered table of :class:`FulfilmentRule` values
(the first that matches a line decides) over defaults by product kind: a good
ships from stock, a service is delivered by people, a subscription digitally.
Rules match on product kind, sku, family and whether stock falls short, and
choose drop shipping, making to order, digital or service delivery instead.
:func:`plan_fulfilment` decides every line, says why, splits stock lines by the
deliveries the availability check promised, and groups what leaves from the
same place by the same method on the same day.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final, cast

import attrs
import pendulum

from pcf_sales.catalog import Bundle, Catalog, Product, ProductKind
from pcf_sales.catalog._codes import check_sku, is_family, is_sku
from pcf_sales.core import SalesOrderId
from pcf_sales.core._validate import (
    describe,
    fail,
    is_bool,
    is_enum,
    is_id,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_text,
    to_tuple,
)
from pcf_sales.orders._atp import AvailabilityPromise, AvailabilityResult
from pcf_sales.orders._availability import DemandLine, check_lines
from pcf_sales.orders._fulfilment_plan import (
    FulfilmentDecision,
    FulfilmentGroup,
    FulfilmentItem,
    FulfilmentMethod,
    FulfilmentPart,
    FulfilmentPlan,
)

__all__ = [
    "FulfilmentPolicy",
    "FulfilmentRule",
    "plan_fulfilment",
]

_ZERO: Final = Decimal(0)


_DEFAULTS: Final = {
    ProductKind.GOOD: FulfilmentMethod.SHIP_FROM_STOCK,
    ProductKind.SERVICE: FulfilmentMethod.SERVICE_DELIVERY,
    ProductKind.SUBSCRIPTION: FulfilmentMethod.DIGITAL_DELIVERY,
}


@attrs.frozen(kw_only=True)
class FulfilmentRule:
    """Fulfil matching lines by ``method``.

    A line matches when its product kind is one of ``kinds``, its sku one of
    ``skus`` and its family one of ``families`` (an empty list matches
    anything), and, with ``when_short``, when the availability check could not
    confirm all of it. ``ship_from`` names where it leaves from (a supplier, a
    plant, a service team); ``lead_days`` how many days after the order it can
    leave at the earliest.
    """

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=80))
    method: FulfilmentMethod = attrs.field(validator=is_enum(FulfilmentMethod))
    kinds: tuple[ProductKind, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(ProductKind, unique=True)
    )
    skus: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(is_sku, unique=True)
    )
    families: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(is_family, unique=True)
    )
    when_short: bool = attrs.field(default=False, validator=is_bool)
    ship_from: str | None = attrs.field(default=None, validator=optional(is_id))
    lead_days: int = attrs.field(default=0, validator=is_int(minimum=0, maximum=3650))

    def __attrs_post_init__(self) -> None:
        if self.method is FulfilmentMethod.SHIP_FROM_STOCK and self.lead_days:
            fail("lead_days", "stock ships on the days availability promised; leave it 0")

    def matches(self, kind: ProductKind, sku: str, family: str | None, short: bool) -> bool:
        """True when the rule applies to a line with these facts."""
        return (
            (not self.kinds or kind in self.kinds)
            and (not self.skus or sku in self.skus)
            and (not self.families or family in self.families)
            and (short or not self.when_short)
        )

    def describe(self) -> str:
        """What the rule matches, in words."""
        parts = []
        if self.kinds:
            parts.append("kind " + " or ".join(k.value for k in self.kinds))
        if self.skus:
            parts.append("sku " + " or ".join(self.skus))
        if self.families:
            parts.append("family " + " or ".join(self.families))
        if self.when_short:
            parts.append("stock short")
        return ", ".join(parts) or "every line"


def _rules(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(FulfilmentRule)(inst, attr, value)
    names: set[str] = set()
    for index, rule in enumerate(cast("tuple[FulfilmentRule, ...]", value)):
        if rule.name in names:
            fail(f"{attr.name}[{index}].name", f"rule name {rule.name!r} is used twice")
        names.add(rule.name)


@attrs.frozen(kw_only=True)
class FulfilmentPolicy:
    """The rules, tried in order, over the defaults by product kind.

    >>> from pcf_sales.catalog import ProductKind
    >>> policy = FulfilmentPolicy(rules=[
    ...     FulfilmentRule(name="kits are assembled", method=FulfilmentMethod.MAKE_TO_ORDER,
    ...                    families=["kits"], ship_from="PLANT-1", lead_days=5)])
    >>> policy.default_method(ProductKind.SERVICE).value
    'service_delivery'
    """

    rules: tuple[FulfilmentRule, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_rules
    )

    @classmethod
    def default(cls) -> FulfilmentPolicy:
        """No rules: every line goes by the default of its product kind."""
        return cls()

    @staticmethod
    def default_method(kind: ProductKind) -> FulfilmentMethod:
        """The method for ``kind`` when no rule matches."""
        if not isinstance(kind, ProductKind):
            fail("kind", f"expected a ProductKind, got {describe(kind)}")
        return _DEFAULTS[kind]


def _kind_of(item: Product | Bundle, catalog: Catalog) -> ProductKind:
    """A product's kind; a bundle's is its most physical component's (good, service,
    subscription)."""
    if isinstance(item, Product):
        return item.kind
    kinds = {catalog.product_by_id(c.product_id).kind for c in item.components}
    for kind in (ProductKind.GOOD, ProductKind.SERVICE, ProductKind.SUBSCRIPTION):
        if kind in kinds:
            return kind
    return ProductKind.GOOD  # pragma: no cover - a bundle always has components


def plan_fulfilment(
    lines: Iterable[DemandLine],
    catalog: Catalog,
    *,
    policy: FulfilmentPolicy | None = None,
    availability: AvailabilityResult | None = None,
) -> FulfilmentPlan:
    """Choose how each line is fulfilled, with the reason, and group the lines.

    Stock lines take the deliveries ``availability`` promised them (location
    and day; what is not covered leaves when expected, from a location not
    known yet); without an availability check a stock line leaves on its
    requested day from a location not known yet. Other methods leave on the
    requested day, or ``lead_days`` after the order date when later, from the
    rule's ``ship_from``.

    The availability check reserved stock for every line it was given; when a
    rule sends a line elsewhere (drop shipping it because stock is short, say),
    check availability again for the lines that still ship from stock
    (:meth:`FulfilmentPlan.by_method`) before committing those reservations.

    >>> from decimal import Decimal
    >>> from pcf_sales.testing.factories import make_catalog, make_demand_line
    >>> plan = plan_fulfilment([make_demand_line(sku="SENS-100")], make_catalog())
    >>> plan.decisions[0].method.value, plan.decisions[0].reason
    ('ship_from_stock', 'SENS-100 is a good: ship from stock by default; availability not checked')
    """
    items = check_lines(lines)
    if not isinstance(catalog, Catalog):
        fail("catalog", f"expected a Catalog, got {describe(catalog)}")
    if policy is None:
        policy = FulfilmentPolicy.default()
    elif not isinstance(policy, FulfilmentPolicy):
        fail("policy", f"expected a FulfilmentPolicy, got {describe(policy)}")
    if availability is not None and not isinstance(availability, AvailabilityResult):
        fail("availability", f"expected an AvailabilityResult, got {describe(availability)}")
    promises = None if availability is None else {p.key: p for p in availability.promises}
    decisions = []
    for index, line in enumerate(items):
        found = catalog.item(check_sku(line.sku))
        if found is None:
            fail(
                f"lines[{index}].sku", f"no product or bundle with sku {line.sku!r} in the catalog"
            )
        promise = _promise(promises, line, index)
        decisions.append(_decide(line, _kind_of(found, catalog), found.family, policy, promise))
    return FulfilmentPlan(decisions=decisions, groups=_group(items, decisions))


def _promise(
    promises: dict[tuple[SalesOrderId, int], AvailabilityPromise] | None,
    line: DemandLine,
    index: int,
) -> AvailabilityPromise | None:
    if promises is None:
        return None
    promise = promises.get(line.key)
    if promise is None:
        fail(f"lines[{index}]", f"the availability check has no answer for {line.key!r}")
    if promise.sku != line.sku or promise.quantity != line.quantity:
        fail(
            f"lines[{index}]",
            "the availability check answered this order line for a different sku "
            "or quantity; check availability again",
        )
    return promise


def _decide(
    line: DemandLine,
    kind: ProductKind,
    family: str | None,
    policy: FulfilmentPolicy,
    promise: AvailabilityPromise | None,
) -> FulfilmentDecision:
    short = promise is not None and promise.back_order_quantity > _ZERO
    rule = next((r for r in policy.rules if r.matches(kind, line.sku, family, short)), None)
    method = _DEFAULTS[kind] if rule is None else rule.method
    if rule is None:
        why = f"{line.sku} is a {kind.value}: {_WORDS[method]} by default"
    else:
        why = f"rule {rule.name!r} ({rule.describe()}): {_WORDS[method]}"
    if method is FulfilmentMethod.SHIP_FROM_STOCK:
        parts: tuple[FulfilmentPart, ...]
        if promise is None:
            parts = (FulfilmentPart(quantity=line.quantity, date=line.requested_date),)
            why += "; availability not checked"
        else:
            parts = _stock_parts(promise)
            why += f"; {promise.confirmed_quantity} of {promise.quantity} confirmed"
    else:
        leaves = line.requested_date
        if rule is not None and rule.lead_days:
            leaves = max(leaves, line.order_date.add(days=rule.lead_days))
            why += f", {rule.lead_days} days lead time"
        location = None if rule is None else rule.ship_from
        if location is not None:
            why += f", from {location}"
        parts = (FulfilmentPart(quantity=line.quantity, location=location, date=leaves),)
    return FulfilmentDecision(
        order_id=line.order_id,
        line_number=line.line_number,
        sku=line.sku,
        kind=kind,
        method=method,
        rule=None if rule is None else rule.name,
        parts=parts,
        reason=why,
    )


def _stock_parts(promise: AvailabilityPromise) -> tuple[FulfilmentPart, ...]:
    parts = [
        FulfilmentPart(quantity=d.quantity, location=d.location, date=d.date)
        for d in promise.deliveries
    ]
    if promise.unpromised_quantity > _ZERO:
        parts.append(
            FulfilmentPart(quantity=promise.unpromised_quantity, date=promise.expected_date)
        )
    return tuple(parts)


_WORDS: Final = {
    FulfilmentMethod.SHIP_FROM_STOCK: "ship from stock",
    FulfilmentMethod.DROP_SHIP: "drop ship",
    FulfilmentMethod.MAKE_TO_ORDER: "make to order",
    FulfilmentMethod.SERVICE_DELIVERY: "service delivery",
    FulfilmentMethod.DIGITAL_DELIVERY: "digital delivery",
}


def _group(
    lines: tuple[DemandLine, ...], decisions: list[FulfilmentDecision]
) -> tuple[FulfilmentGroup, ...]:
    # A group is one shipment: one order, one ship-to, one method, place and day.
    groups: dict[tuple[Any, ...], list[FulfilmentItem]] = {}
    for line, decision in zip(lines, decisions, strict=True):
        for part in decision.parts:
            key = (decision.method, part.location, part.date, line.order_id, line.ship_to)
            groups.setdefault(key, []).append(
                FulfilmentItem(
                    order_id=decision.order_id,
                    line_number=decision.line_number,
                    sku=decision.sku,
                    quantity=part.quantity,
                )
            )
    ordered = sorted(
        groups.items(),
        key=lambda entry: (
            entry[0][2] is None,
            entry[0][2] or pendulum.Date.min,
            entry[0][1] is None,
            entry[0][1] or "",
            entry[0][0].value,
            entry[0][3],
            entry[0][4] or "",
        ),
    )
    return tuple(
        FulfilmentGroup(
            method=method,
            location=location,
            date=date,
            items=items,
            order_id=order_id,
            ship_to=ship_to,
        )
        for (method, location, date, order_id, ship_to), items in ordered
    )
