"""Pricing analysis (PCF 3.2.2.1, 3.2.2.3, 3.3.3.5, 3.3.3.6): realisation, leakage, targets."""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final, cast

import attrs
from moneyed import Money

from pcf_sales.catalog._codes import is_sku
from pcf_sales.core import DECIMAL_CONTEXT, FxTable, minor_digits
from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    describe,
    fail,
    is_decimal,
    is_int,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_decimal,
    to_optional_decimal,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.pricing._results import PricingResult
from pcf_sales.pricing._values import PricingStep

__all__ = [
    "LeakageItem",
    "PriceTarget",
    "PricingAnalysis",
    "PricingTargets",
    "TargetComparison",
    "analyse_pricing",
]

_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return DECIMAL_CONTEXT.divide(DECIMAL_CONTEXT.multiply(part, _HUNDRED), whole)


def _currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        fail(attr.name, f"expected an ISO 4217 currency code such as 'EUR', got {describe(value)}")
    check_currency(value, attr.name)


@attrs.frozen(kw_only=True)
class PriceTarget:
    """The price and margin aimed at for one sku (PCF 3.2.2.3 establish pricing targets)."""

    sku: str = attrs.field(validator=is_sku)
    unit_price: Money | None = attrs.field(default=None, validator=optional(is_money))
    margin_percent: Decimal | None = attrs.field(
        default=None,
        converter=to_optional_decimal,
        validator=optional(is_decimal(minimum=-1000, maximum=100)),
    )

    def __attrs_post_init__(self) -> None:
        if self.unit_price is None and self.margin_percent is None:
            fail("unit_price", "a target needs a unit price, a margin or both")


def _targets(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(PriceTarget)(inst, attr, value)
    seen: set[str] = set()
    for index, target in enumerate(cast("tuple[PriceTarget, ...]", value)):
        if target.sku in seen:
            fail(f"{attr.name}[{index}].sku", f"{target.sku!r} has two targets")
        seen.add(target.sku)


@attrs.frozen(kw_only=True)
class PricingTargets:
    """Targets per sku, and for the whole business: price realisation and margin."""

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=120))
    currency: str = attrs.field(validator=_currency)
    targets: tuple[PriceTarget, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_targets
    )
    realisation_percent: Decimal | None = attrs.field(
        default=None,
        converter=to_optional_decimal,
        validator=optional(is_decimal(minimum=0, maximum=1000)),
    )
    margin_percent: Decimal | None = attrs.field(
        default=None,
        converter=to_optional_decimal,
        validator=optional(is_decimal(minimum=-1000, maximum=100)),
    )

    def __attrs_post_init__(self) -> None:
        for index, target in enumerate(self.targets):
            if target.unit_price is not None and target.unit_price.currency.code != self.currency:
                raise CurrencyMismatch(
                    self.currency,
                    target.unit_price.currency.code,
                    field=f"targets[{index}].unit_price",
                )

    def target_for(self, sku: str) -> PriceTarget | None:
        """The target of ``sku``, or ``None``."""
        for target in self.targets:
            if target.sku == sku:
                return target
        return None


@attrs.frozen(kw_only=True)
class LeakageItem:
    """How much one step, rule, account or owner moved prices, over the documents analysed.

    ``amount`` is negative for what was given away (discounts) and positive
    for what was added (surcharges, floors); ``percent_of_list`` relates it to
    the list total of everything analysed.
    """

    key: str = attrs.field(validator=is_text(max_length=200))
    amount: Money = attrs.field(validator=is_money)
    percent_of_list: Decimal | None = attrs.field(
        converter=to_optional_decimal, validator=optional(is_decimal())
    )
    lines: int = attrs.field(validator=is_int(minimum=0))


@attrs.frozen(kw_only=True)
class TargetComparison:
    """One sku's realised price and margin against its target."""

    sku: str = attrs.field(validator=is_sku)
    quantity: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    net_amount: Money = attrs.field(validator=is_money)
    realised_unit_price: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())
    target_unit_price: Money | None = attrs.field(validator=optional(is_money))
    realised_margin_percent: Decimal | None = attrs.field(
        converter=to_optional_decimal, validator=optional(is_decimal())
    )
    target_margin_percent: Decimal | None = attrs.field(
        converter=to_optional_decimal, validator=optional(is_decimal())
    )

    @property
    def price_variance_percent(self) -> Decimal | None:
        """Realised against target unit price, in percent (negative: below target)."""
        if self.target_unit_price is None:
            return None
        target = self.target_unit_price.amount
        return _percent(self.realised_unit_price - target, target)

    @property
    def margin_gap(self) -> Decimal | None:
        """Realised minus target margin, in percentage points."""
        if self.realised_margin_percent is None or self.target_margin_percent is None:
            return None
        return self.realised_margin_percent - self.target_margin_percent

    @property
    def on_target(self) -> bool:
        """True when neither the price nor the margin is below its target."""
        variance = self.price_variance_percent
        gap = self.margin_gap
        return (variance is None or variance >= 0) and (gap is None or gap >= 0)


@attrs.frozen(kw_only=True)
class PricingAnalysis:
    """Price realisation and leakage over many priced documents (list → net, which is the
    pocket price as far as pricing sees it), and how they compare with the targets.

    Money is rounded half-even to the currency's minor unit (percentages are
    exact). The ``waterfall`` items (one per step) add up exactly to
    ``net_total - list_total``: the rounding item takes what rounding the
    others leaves over.
    """

    currency: str = attrs.field(validator=_currency)
    documents: int = attrs.field(validator=is_int(minimum=0))
    lines: int = attrs.field(validator=is_int(minimum=0))
    list_total: Money = attrs.field(validator=is_money)
    net_total: Money = attrs.field(validator=is_money)
    cost_total: Money | None = attrs.field(validator=optional(is_money))
    costed_net_total: Money = attrs.field(validator=is_money)
    waterfall: tuple[LeakageItem, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(LeakageItem)
    )
    by_rule: tuple[LeakageItem, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(LeakageItem)
    )
    by_account: tuple[LeakageItem, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(LeakageItem)
    )
    by_owner: tuple[LeakageItem, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(LeakageItem)
    )
    targets: tuple[TargetComparison, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(TargetComparison)
    )
    target_realisation_percent: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal())
    )
    target_margin_percent: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal())
    )

    @property
    def realisation_percent(self) -> Decimal | None:
        """Net total in percent of list total (price realisation)."""
        return _percent(self.net_total.amount, self.list_total.amount)

    @property
    def leakage(self) -> Money:
        """List total less net total."""
        return Money(self.list_total.amount - self.net_total.amount, self.currency)

    @property
    def margin_percent(self) -> Decimal | None:
        """Margin over the lines with a known cost, in percent of their net amounts."""
        if self.cost_total is None:
            return None
        net = self.costed_net_total.amount
        return _percent(net - self.cost_total.amount, net)

    def explain(self) -> str:
        """The analysis as text."""

        def pct(value: Decimal | None) -> str:
            return "n/a" if value is None else f"{value:.2f} %"

        lines = [
            f"{self.documents} documents, {self.lines} lines in {self.currency}: list "
            f"{self.list_total.amount}, net {self.net_total.amount}, realisation "
            f"{pct(self.realisation_percent)} (target {pct(self.target_realisation_percent)}), "
            f"margin {pct(self.margin_percent)} (target {pct(self.target_margin_percent)})",
            "waterfall:",
        ]
        lines.extend(
            f"  {i.key:<22}{i.amount.amount:>14} ({pct(i.percent_of_list)})" for i in self.waterfall
        )
        for title, items in (
            ("leakage by rule", self.by_rule),
            ("leakage by account", self.by_account),
            ("leakage by owner", self.by_owner),
        ):
            lines.append(f"{title}:")
            lines.extend(
                f"  {i.key:<22}{i.amount.amount:>14} ({pct(i.percent_of_list)})" for i in items
            )
        if self.targets:
            lines.append("against targets:")
            for t in self.targets:
                lines.append(
                    f"  {t.sku:<14} unit {t.realised_unit_price:.2f} vs "
                    f"{'-' if t.target_unit_price is None else t.target_unit_price.amount} "
                    f"({pct(t.price_variance_percent)}), margin {pct(t.realised_margin_percent)} "
                    f"vs {pct(t.target_margin_percent)}"
                )
        return "\n".join(lines)


class _Sums:
    __slots__ = ("amount", "lines")

    def __init__(self) -> None:
        self.amount = _ZERO
        self.lines = 0


def _add(table: dict[str, _Sums], key: str, amount: Decimal) -> None:
    found = table.get(key)
    if found is None:
        found = table[key] = _Sums()
    found.amount += amount
    found.lines += 1


def analyse_pricing(
    results: Iterable[PricingResult],
    *,
    targets: PricingTargets | None = None,
    currency: str | None = None,
    fx: FxTable | None = None,
) -> PricingAnalysis:
    """Analyse priced documents: realisation (list → net), leakage by step, rule, account and
    owner, and realised price and margin against ``targets`` per sku.

    Everything is reported in ``currency`` (the targets', else the first
    document's). Documents in other currencies need ``fx``; their amounts are
    converted exactly at the rate on their pricing date. Steps before a
    document's own currency conversion are converted with the rate it was
    priced with.
    """
    items = tuple(results)
    for index, item in enumerate(items):
        if not isinstance(item, PricingResult):
            fail(f"results[{index}]", f"expected a PricingResult, got {describe(item)}")
    if targets is not None and not isinstance(targets, PricingTargets):
        fail("targets", f"expected PricingTargets, got {describe(targets)}")
    if fx is not None and not isinstance(fx, FxTable):
        fail("fx", f"expected an FxTable, got {describe(fx)}")
    code = currency or (targets.currency if targets is not None else None)
    if code is None:
        if not items:
            fail("currency", "analysing no documents needs a currency")
        code = items[0].currency
    check_currency(code, "currency")
    if targets is not None and targets.currency != code:
        raise CurrencyMismatch(code, targets.currency, field="targets.currency")
    with decimal.localcontext(DECIMAL_CONTEXT):
        return _analyse(items, targets, code, fx)


def _factor(result: PricingResult, code: str, fx: FxTable | None, index: int) -> Decimal:
    if result.currency == code:
        return Decimal(1)
    if fx is None:
        raise CurrencyMismatch(code, result.currency, field=f"results[{index}]")
    return fx.rate(result.currency, code, on=result.priced_on).rate


def _book_rate(result: PricingResult) -> Decimal:
    for rate in result.fx_rates:
        if rate.base == result.price_book_currency and rate.quote == result.currency:
            return rate.rate
    return Decimal(1)


def _analyse(
    items: tuple[PricingResult, ...],
    targets: PricingTargets | None,
    code: str,
    fx: FxTable | None,
) -> PricingAnalysis:
    list_total = net_total = cost_total = costed_net = _ZERO
    all_costed = False
    line_count = 0
    steps: dict[str, _Sums] = {}
    rules: dict[str, _Sums] = {}
    accounts: dict[str, _Sums] = {}
    owners: dict[str, _Sums] = {}
    per_sku: dict[str, list[Decimal]] = {}
    for index, result in enumerate(items):
        factor = _factor(result, code, fx, index)
        book_rate = _book_rate(result)
        account = result.context.account_id or "(no account)"
        owner = result.context.owner or "(no owner)"
        for line in result.lines:
            line_count += 1
            listed = line.list_amount.amount * factor
            net = line.net_amount.amount * factor
            list_total += listed
            net_total += net
            if line.cost is not None:
                cost = line.cost.amount * factor
                cost_total += cost
                costed_net += net
                all_costed = True
            moved = _ZERO
            for step in line.steps[1:]:
                if step.step in (PricingStep.ROUNDING, PricingStep.CURRENCY_CONVERSION):
                    continue  # rounding is what is left over below; conversion is no leakage
                change = step.change * factor
                if step.currency != line.currency:
                    change = change * book_rate
                moved += change
                _add(steps, step.step.value, change)
                if step.rule_id is not None:
                    _add(rules, step.rule_id, change)
            _add(steps, PricingStep.ROUNDING.value, (net - listed) - moved)
            _add(accounts, account, net - listed)
            _add(owners, owner, net - listed)
            sums = per_sku.setdefault(line.sku, [_ZERO, _ZERO, _ZERO, _ZERO])
            sums[0] += line.quantity
            sums[1] += net
            if line.cost is not None:
                sums[2] += line.cost.amount * factor
                sums[3] += net

    unit = Decimal(1).scaleb(-minor_digits(code))

    def rounded(amount: Decimal) -> Decimal:
        return amount.quantize(unit, rounding=decimal.ROUND_HALF_EVEN)

    def leak(
        table: dict[str, _Sums], *, order: list[str] | None = None, residual: str | None = None
    ) -> tuple[LeakageItem, ...]:
        keys = order if order is not None else sorted(table, key=lambda k: (table[k].amount, k))
        amounts = {key: rounded(table[key].amount) for key in keys if key in table}
        if residual is not None and residual in amounts:
            # What rounding the others leaves over, so the items add up to the rounded totals.
            others = sum((v for k, v in amounts.items() if k != residual), _ZERO)
            amounts[residual] = rounded(net_total) - rounded(list_total) - others
        return tuple(
            LeakageItem(
                key=key,
                amount=Money(amounts[key], code),
                percent_of_list=_percent(table[key].amount, list_total),
                lines=table[key].lines,
            )
            for key in keys
            if key in table
        )

    step_order: list[str] = [
        s.value for s in PricingStep if s.value in steps and s is not PricingStep.LIST_PRICE
    ]
    comparisons = _compare(per_sku, targets, code)
    return PricingAnalysis(
        currency=code,
        documents=len(items),
        lines=line_count,
        list_total=Money(rounded(list_total), code),
        net_total=Money(rounded(net_total), code),
        cost_total=Money(rounded(cost_total), code) if all_costed else None,
        costed_net_total=Money(rounded(costed_net), code),
        waterfall=leak(steps, order=step_order, residual=PricingStep.ROUNDING.value),
        by_rule=leak(rules),
        by_account=leak(accounts),
        by_owner=leak(owners),
        targets=comparisons,
        target_realisation_percent=None if targets is None else targets.realisation_percent,
        target_margin_percent=None if targets is None else targets.margin_percent,
    )


def _compare(
    per_sku: dict[str, list[Decimal]], targets: PricingTargets | None, code: str
) -> tuple[TargetComparison, ...]:
    if targets is None:
        return ()
    found: list[TargetComparison] = []
    for target in targets.targets:
        sums = per_sku.get(target.sku)
        if sums is None or sums[0] == 0:
            continue
        quantity, net, cost, costed_net = sums
        margin = _percent(costed_net - cost, costed_net) if costed_net else None
        found.append(
            TargetComparison(
                sku=target.sku,
                quantity=quantity,
                net_amount=Money(
                    net.quantize(
                        Decimal(1).scaleb(-minor_digits(code)), rounding=decimal.ROUND_HALF_EVEN
                    ),
                    code,
                ),
                realised_unit_price=DECIMAL_CONTEXT.divide(net, quantity),
                target_unit_price=target.unit_price,
                realised_margin_percent=margin,
                target_margin_percent=target.margin_percent,
            )
        )
    return tuple(found)
