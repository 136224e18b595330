"""Pricing estimates (PCF 3.5.3.9) and the profitability analysis (PCF 3.5.3.10): revenue
from the products priced by the pricing engine and the services from effort and bill rates,
costs from the staffing plan and the catalog's standard costs, a contingency, and the gross
margin against its floor."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import attrs
from moneyed import Money

from pcf_sales.catalog import Catalog
from pcf_sales.core import DECIMAL_CONTEXT, Percentage, round_amount
from pcf_sales.core._validate import (
    describe,
    fail,
    is_decimal,
    is_instance,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_decimal,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.opportunities._checks import check_amount, money_validator
from pcf_sales.pricing import PricingContext, PricingDocument, PricingEngine, PricingResult
from pcf_sales.proposals._requirements import is_currency_code
from pcf_sales.proposals._solution import ServicesEstimate, SolutionPlan
from pcf_sales.proposals._staffing import StaffingPlan

__all__ = [
    "PriceEstimate",
    "ProductCost",
    "Profitability",
    "ProfitabilityPolicy",
]

_TENTH: Final = Decimal("0.1")


def _share(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_instance(Percentage)(inst, attr, value)
    if not 0 <= value.percent <= 100:  # type: ignore[attr-defined]
        fail(attr.name, f"expected a percentage from 0 to 100, got {value}")


@attrs.frozen(kw_only=True)
class PriceEstimate:
    """What the proposal would charge: the services estimate, and the products priced by
    the pricing engine (``None`` when the solution has no products), in one currency.

    Build it with :meth:`of`.
    """

    services: ServicesEstimate = attrs.field(validator=is_instance(ServicesEstimate))
    products: PricingResult | None = attrs.field(
        default=None, validator=optional(is_instance(PricingResult))
    )

    def __attrs_post_init__(self) -> None:
        if self.products is not None and self.products.currency != self.services.currency:
            raise CurrencyMismatch(
                self.services.currency, self.products.currency, field="products.currency"
            )

    @classmethod
    def of(
        cls,
        plan: SolutionPlan,
        *,
        engine: PricingEngine | None = None,
        context: PricingContext | None = None,
    ) -> PriceEstimate:
        """Price ``plan``: its services from effort and bill rates, its products with
        ``engine`` in ``context`` (both needed when the plan has products), in the
        currency of the plan's rates."""
        if not isinstance(plan, SolutionPlan):
            fail("plan", f"expected a SolutionPlan, got {describe(plan)}")
        products = None
        if plan.products:
            if not isinstance(engine, PricingEngine):
                fail("engine", f"the plan has products; expected a PricingEngine, got {engine!r}")
            if not isinstance(context, PricingContext):
                fail("context", f"expected a PricingContext, got {describe(context)}")
            document = PricingDocument(lines=plan.products, currency=plan.currency)
            products = engine.price(document, context)
        return cls(services=plan.services_estimate(), products=products)

    @property
    def currency(self) -> str:
        """The estimate's currency."""
        return self.services.currency

    @property
    def products_total(self) -> Money:
        """The products' net total (zero without products)."""
        if self.products is None:
            return Money(round_amount(Decimal(0), self.currency), self.currency)
        return self.products.total

    @property
    def total(self) -> Money:
        """Services and products together."""
        return self.services.total + self.products_total

    def explain(self) -> str:
        """The services, then the products' waterfall, then the total."""
        parts = [self.services.explain()]
        if self.products is not None:
            parts.append(self.products.explain())
        parts.append(f"estimate total {self.total.amount} {self.currency}")
        return "\n".join(parts)


@attrs.frozen(kw_only=True)
class ProductCost:
    """The standard cost of one product line: quantity times the catalog's unit cost
    (``None`` when the catalog has no cost for it; the line then costs zero and the
    analysis says the cost is missing)."""

    sku: str = attrs.field(validator=is_text(max_length=64))
    quantity: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    unit_cost: Money | None = attrs.field(validator=optional(is_money))
    cost: Money = attrs.field(validator=money_validator)

    def describe(self) -> str:
        """``SENS-100: 40 x 120.00 = 4800.00``."""
        if self.unit_cost is None:
            return f"{self.sku}: {self.quantity} x (no standard cost) = {self.cost.amount}"
        return f"{self.sku}: {self.quantity} x {self.unit_cost.amount} = {self.cost.amount}"


@attrs.frozen(kw_only=True)
class Profitability:
    """A proposal's profitability, every figure traceable to its inputs.

    ``contingency`` is ``contingency_rate`` of the direct costs (staff and
    products), rounded half up. ``margin_percent`` is the gross margin in
    percent of revenue, to 0.1 % (``None`` without revenue). The proposal
    meets its floor when every product has a standard cost and the margin
    percent reaches ``margin_floor`` (and the gross margin reaches
    ``minimum_margin`` when one is set). Pass it to
    :func:`~pcf_sales.proposals.approval_chain` as ``profitability``: the chain
    reads :attr:`margin_percent` and :attr:`revenue`, and a proposal short of its
    floor needs the review policy's ``profitability_role``.
    """

    currency: str = attrs.field(validator=is_currency_code)
    services_revenue: Money = attrs.field(validator=money_validator)
    products_revenue: Money = attrs.field(validator=money_validator)
    staff_cost: Money = attrs.field(validator=money_validator)
    product_costs: tuple[ProductCost, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(ProductCost)
    )
    contingency_rate: Percentage = attrs.field(validator=_share)
    margin_floor: Percentage = attrs.field(validator=_share)
    minimum_margin: Money | None = attrs.field(default=None, validator=optional(money_validator))

    def __attrs_post_init__(self) -> None:
        for field in ("services_revenue", "products_revenue", "staff_cost"):
            check_amount(getattr(self, field), field, currency=self.currency)
        if self.minimum_margin is not None:
            check_amount(self.minimum_margin, "minimum_margin", currency=self.currency)
        for index, line in enumerate(self.product_costs):
            check_amount(line.cost, f"product_costs[{index}].cost", currency=self.currency)

    def _money(self, amount: Decimal) -> Money:
        return Money(round_amount(amount, self.currency), self.currency)

    @property
    def revenue(self) -> Money:
        """Services and products revenue."""
        return self.services_revenue + self.products_revenue

    @property
    def product_cost(self) -> Money:
        """The products' standard cost."""
        total = Decimal(0)
        for line in self.product_costs:
            total = DECIMAL_CONTEXT.add(total, line.cost.amount)
        return self._money(total)

    @property
    def direct_cost(self) -> Money:
        """Staff and product costs."""
        return self.staff_cost + self.product_cost

    @property
    def contingency(self) -> Money:
        """The contingency on the direct costs."""
        return self.contingency_rate.of(self.direct_cost)

    @property
    def total_cost(self) -> Money:
        """Direct costs and contingency."""
        return self.direct_cost + self.contingency

    @property
    def gross_margin(self) -> Money:
        """Revenue less total cost (negative for a loss-making proposal)."""
        return self._money(DECIMAL_CONTEXT.subtract(self.revenue.amount, self.total_cost.amount))

    @property
    def margin_percent(self) -> Percentage | None:
        """The gross margin in percent of revenue, to 0.1 % (``None`` without revenue)."""
        revenue = self.revenue.amount
        if revenue == 0:
            return None
        share = DECIMAL_CONTEXT.divide(
            DECIMAL_CONTEXT.multiply(self.gross_margin.amount, 100), revenue
        )
        return Percentage(share.quantize(_TENTH, rounding="ROUND_HALF_UP", context=DECIMAL_CONTEXT))

    @property
    def missing_costs(self) -> tuple[str, ...]:
        """The skus without a standard cost in the catalog."""
        return tuple(line.sku for line in self.product_costs if line.unit_cost is None)

    @property
    def meets_floor(self) -> bool:
        """True when every cost is known and the margin percent reaches the floor."""
        margin = self.margin_percent
        if self.minimum_margin is not None and self.gross_margin < self.minimum_margin:
            return False
        return not self.missing_costs and margin is not None and margin >= self.margin_floor

    def reasons(self) -> tuple[str, ...]:
        """Why the proposal meets its floor or not."""
        found = [f"no standard cost for {sku}" for sku in self.missing_costs]
        margin = self.margin_percent
        if margin is None:
            found.append("no revenue to take a margin of")
        else:
            relation = "reaches" if margin >= self.margin_floor else "is below"
            found.append(f"margin {margin} {relation} the floor of {self.margin_floor}")
        if self.minimum_margin is not None:
            relation = "reaches" if self.gross_margin >= self.minimum_margin else "is below"
            found.append(
                f"gross margin {self.gross_margin.amount} {relation} the minimum of "
                f"{self.minimum_margin.amount} {self.currency}"
            )
        return tuple(found)

    def explain(self) -> str:
        """Revenue, every cost, contingency, margin and the verdict."""
        code = self.currency
        margin = self.margin_percent
        lines = [
            f"revenue {self.revenue.amount} {code} (services {self.services_revenue.amount}, "
            f"products {self.products_revenue.amount})",
            f"staff cost {self.staff_cost.amount}",
            *(f"product cost {line.describe()}" for line in self.product_costs),
            f"contingency {self.contingency_rate} of {self.direct_cost.amount} = "
            f"{self.contingency.amount}",
            f"total cost {self.total_cost.amount}",
            f"gross margin {self.gross_margin.amount} ({'n/a' if margin is None else margin})",
            f"{'meets' if self.meets_floor else 'fails'} the floor: {'; '.join(self.reasons())}",
        ]
        return "\n".join(lines)


@attrs.frozen(kw_only=True)
class ProfitabilityPolicy:
    """The company's floors for proposal margins (a percentage of revenue and, optionally,
    an amount in the proposal's currency) and the contingency it adds to costs.

    >>> ProfitabilityPolicy.default().margin_floor
    Percentage(percent=Decimal('25'))
    """

    margin_floor: Percentage = attrs.field(validator=_share)
    contingency_rate: Percentage = attrs.field(validator=_share)
    minimum_margin: Money | None = attrs.field(default=None, validator=optional(money_validator))

    @classmethod
    def default(cls) -> ProfitabilityPolicy:
        """A 25 % gross-margin floor and a 5 % contingency."""
        return cls(margin_floor=Percentage(25), contingency_rate=Percentage(5))

    def analyse(
        self, estimate: PriceEstimate, staffing: StaffingPlan, catalog: Catalog
    ) -> Profitability:
        """The profitability of ``estimate`` delivered with ``staffing``, the products
        costed at ``catalog``'s standard unit costs (PCF 3.5.3.10)."""
        if not isinstance(estimate, PriceEstimate):
            fail("estimate", f"expected a PriceEstimate, got {describe(estimate)}")
        if not isinstance(staffing, StaffingPlan):
            fail("staffing", f"expected a StaffingPlan, got {describe(staffing)}")
        if not isinstance(catalog, Catalog):
            fail("catalog", f"expected a Catalog, got {describe(catalog)}")
        code = estimate.currency
        if staffing.currency != code:
            raise CurrencyMismatch(code, staffing.currency, field="staffing.currency")
        if self.minimum_margin is not None and self.minimum_margin.currency.code != code:
            raise CurrencyMismatch(code, self.minimum_margin.currency.code, field="minimum_margin")
        costs = []
        lines = () if estimate.products is None else estimate.products.lines
        for index, line in enumerate(lines):
            unit = catalog.unit_cost(line.sku)
            if unit is None:
                amount = Decimal(0)
            else:
                if unit.currency.code != code:
                    raise CurrencyMismatch(code, unit.currency.code, field=f"lines[{index}].cost")
                amount = DECIMAL_CONTEXT.multiply(unit.amount, line.quantity)
            costs.append(
                ProductCost(
                    sku=line.sku,
                    quantity=line.quantity,
                    unit_cost=unit,
                    cost=Money(round_amount(amount, code), code),
                )
            )
        return Profitability(
            currency=code,
            services_revenue=estimate.services.total,
            products_revenue=estimate.products_total,
            staff_cost=staffing.total_cost,
            product_costs=tuple(costs),
            contingency_rate=self.contingency_rate,
            margin_floor=self.margin_floor,
            minimum_margin=self.minimum_margin,
        )
