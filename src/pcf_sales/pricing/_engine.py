"""The pricing engine: prices documents against a price book, a catalog and a rule set."""

from __future__ import annotations

import bisect
import decimal
from decimal import Decimal
from typing import Final

import attrs
import pendulum
from moneyed import Currency, Money, get_currency

from pcf_sales.catalog import Bundle, Catalog, Product, ProductStatus
from pcf_sales.core import DECIMAL_CONTEXT, FxRate, FxTable, minor_digits
from pcf_sales.core._fast import builder
from pcf_sales.core._validate import describe, fail, is_bool, is_instance, optional
from pcf_sales.errors import CurrencyMismatch, MissingFxRate, NotPriceable
from pcf_sales.pricing._combination import CombinationMode, RuleSet, TieBreak
from pcf_sales.pricing._compiled import CompiledRule, context_facts, line_products
from pcf_sales.pricing._documents import DocumentLine, PricingContext, PricingDocument
from pcf_sales.pricing._header import spread_header_discount
from pcf_sales.pricing._price_book import PriceBook, PriceBookStatus
from pcf_sales.pricing._price_entries import PriceEntry
from pcf_sales.pricing._results import (
    PricedLine,
    PricingResult,
    UnpriceableLine,
    UnpriceableReason,
)
from pcf_sales.pricing._rules import RuleKind
from pcf_sales.pricing._values import PricingStep, RoundingLevel
from pcf_sales.pricing._waterfall import TIERS_ROUNDING, LineWork, exclusive_winner, new_step

__all__ = ["PricingEngine"]

_new_line = builder(PricedLine)
_new_result = builder(PricingResult)
_RULES: Final = 0
_ROUND: Final = 1
_FLOOR: Final = 2
_CEILING: Final = 3
_MANUAL_CODE: Final = 4
_CONVERT: Final = 5
_CODES: Final = {
    PricingStep.ROUNDING: _ROUND,
    PricingStep.FLOORS: _FLOOR,
    PricingStep.CEILINGS: _CEILING,
    PricingStep.MANUAL_DISCOUNTS: _MANUAL_CODE,
    PricingStep.CURRENCY_CONVERSION: _CONVERT,
}
_ACTIVE: Final = ProductStatus.ACTIVE
_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)
_CURRENCIES: dict[str, Currency] = {}


def _currency(code: str) -> Currency:
    found = _CURRENCIES.get(code)
    if found is None:
        found = _CURRENCIES[code] = get_currency(code)
    return found


class _Line:
    """A priced line before the header discount is spread."""

    __slots__ = ("cost", "generated_by", "number", "sku", "source_line", "work")

    def __init__(
        self,
        number: int,
        sku: str,
        work: LineWork,
        cost: Decimal | None,
        generated_by: str | None = None,
        source_line: int | None = None,
    ) -> None:
        self.number = number
        self.sku = sku
        self.work = work
        self.cost = cost
        self.generated_by = generated_by
        self.source_line = source_line


class _Run:
    """What pricing one document shares across its lines."""

    __slots__ = (
        "book_in_force",
        "cache",
        "context",
        "costs_missing",
        "currency",
        "day",
        "document_rules",
        "facts",
        "minor_unit",
        "quanta",
        "rate",
        "rates",
        "table",
    )

    def __init__(
        self,
        context: PricingContext,
        currency: str,
        rate: Decimal | None,
        table: FxTable | None,
        rates: list[FxRate],
        book_in_force: bool,
    ) -> None:
        self.context = context
        self.day: pendulum.Date = context.on
        self.currency = currency
        self.rate = rate
        self.table = table
        self.rates = rates
        self.book_in_force = book_in_force
        self.document_rules: list[CompiledRule] = []
        self.facts = context_facts(context)
        self.cache: dict[str, list[CompiledRule]] = {}
        self.costs_missing: dict[str, str] = {}
        self.quanta: dict[str, Decimal] = {}
        self.minor_unit = Decimal(1).scaleb(-minor_digits(currency))


def _entries_index(book: PriceBook) -> dict[str, tuple[list[pendulum.Date], list[PriceEntry]]]:
    index: dict[str, tuple[list[pendulum.Date], list[PriceEntry]]] = {}
    for entry in book.entries:  # stored by sku, then date
        dates, entries = index.setdefault(entry.sku, ([], []))
        dates.append(entry.effective_from)
        entries.append(entry)
    return index


@attrs.frozen(kw_only=True)
class PricingEngine:
    """Prices documents: every line through the price book's waterfall, then the header
    discount spread over the lines so they add up to the total exactly.

    Built once for a price book, a catalog snapshot and a rule set; rules are
    filed by key (sku, family, account, promotion code, partner tier,
    segment, channel) so pricing a line looks up the few that can apply
    instead of trying them all. Only an ``active`` price book prices documents
    unless ``preview`` is set (results then say so). ``fx`` converts to other
    currencies; a document can be priced with its own rates instead.

    >>> from pcf_sales.testing.factories import make_pricing_engine
    >>> engine = make_pricing_engine()
    >>> result = engine.price(
    ...     PricingDocument.of(("SENS-100", 4)), PricingContext(on=pendulum.Date(2026, 3, 2))
    ... )
    >>> result.total
    Money('1000.00', 'EUR')
    """

    price_book: PriceBook = attrs.field(validator=is_instance(PriceBook))
    catalog: Catalog = attrs.field(validator=is_instance(Catalog))
    rules: RuleSet = attrs.field(validator=is_instance(RuleSet))
    fx: FxTable | None = attrs.field(default=None, validator=optional(is_instance(FxTable)))
    preview: bool = attrs.field(default=False, validator=is_bool)
    _prices: dict[str, tuple[list[pendulum.Date], list[PriceEntry]]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _buckets: dict[tuple[str, ...], dict[tuple[str, ...], list[CompiledRule]]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _modes: dict[str, CombinationMode] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _plan: tuple[tuple[PricingStep, str, int], ...] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _tie_break: TieBreak = attrs.field(init=False, eq=False, repr=False, hash=False)
    _cap: Decimal | None = attrs.field(init=False, eq=False, repr=False, hash=False)
    _round_mode: str = attrs.field(init=False, eq=False, repr=False, hash=False)
    _costs: dict[str, tuple[Decimal, str]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        book = self.price_book
        if not self.preview and book.status is not PriceBookStatus.ACTIVE:
            fail(
                "price_book",
                f"price book {book.id!r} is {book.status.value}; only an active price book "
                "prices documents (set preview=True to try it out)",
            )
        if self.rules.currency != book.currency:
            raise CurrencyMismatch(book.currency, self.rules.currency, field="rules.currency")
        buckets: dict[tuple[str, ...], dict[tuple[str, ...], list[CompiledRule]]] = {}
        for index, rule in enumerate(self.rules.rules):
            self._check_rule(index, rule.kind, rule.scope.skus, rule.free_sku)
            compiled = CompiledRule(rule)
            for product, fact in compiled.keys:
                buckets.setdefault(product, {}).setdefault(fact, []).append(compiled)
        policy = self.rules.policy
        object.__setattr__(self, "_modes", {s.value: policy.mode_for(s) for s in PricingStep})
        used = {rule.kind.step for rule in self.rules.rules}
        plan = []
        for step in book.steps:
            code = _CODES.get(step, _RULES)
            if code != _RULES or step in used:
                plan.append((step, step.value, code))
        object.__setattr__(self, "_plan", tuple(plan))
        object.__setattr__(self, "_tie_break", policy.tie_break)
        cap = policy.max_discount_percent
        object.__setattr__(self, "_cap", None if cap is None else cap / _HUNDRED)
        object.__setattr__(self, "_round_mode", book.rounding.mode.decimal_mode)
        costs: dict[str, tuple[Decimal, str]] = {}
        for sku in self.catalog.skus():
            cost = self.catalog.unit_cost(sku)
            if cost is not None:
                costs[sku] = (cost.amount, cost.currency.code)
        object.__setattr__(self, "_buckets", buckets)
        object.__setattr__(self, "_prices", _entries_index(book))
        object.__setattr__(self, "_costs", costs)

    def _check_rule(
        self, index: int, kind: RuleKind, skus: tuple[str, ...], free_sku: str | None
    ) -> None:
        if kind is RuleKind.BUNDLE_DISCOUNT:
            for position, sku in enumerate(skus):
                if not isinstance(self.catalog.item(sku), Bundle):
                    fail(
                        f"rules.rules[{index}].scope.skus[{position}]",
                        f"{sku!r} is not a bundle in the catalog",
                    )
        if free_sku is not None and not isinstance(self.catalog.item(free_sku), Product):
            fail(f"rules.rules[{index}].free_sku", f"no product {free_sku!r} in the catalog")

    # -- pricing ----------------------------------------------------------------------

    def price(
        self,
        document: PricingDocument,
        context: PricingContext,
        *,
        collect_unpriceable: bool = False,
        fx: FxTable | None = None,
    ) -> PricingResult:
        """Price ``document`` in ``context``.

        A line that cannot be priced (unknown sku, inactive product, no price
        in force) raises :class:`~pcf_sales.errors.NotPriceable` naming it;
        with ``collect_unpriceable`` the result lists every such line in
        ``unpriceable`` and prices the rest. ``fx`` overrides the engine's
        exchange rates (pass ``result.fx_table()`` to price a document again
        with the rates it was first priced with).
        """
        if not isinstance(document, PricingDocument):
            fail("document", f"expected a PricingDocument, got {describe(document)}")
        if not isinstance(context, PricingContext):
            fail("context", f"expected a PricingContext, got {describe(context)}")
        if fx is not None and not isinstance(fx, FxTable):
            fail("fx", f"expected an FxTable, got {describe(fx)}")
        if not isinstance(collect_unpriceable, bool):
            fail(
                "collect_unpriceable",
                f"expected True or False, got {describe(collect_unpriceable)}",
            )
        with decimal.localcontext(DECIMAL_CONTEXT):
            return self._price(document, context, collect_unpriceable, fx)

    def _price(
        self,
        document: PricingDocument,
        context: PricingContext,
        collect: bool,
        fx: FxTable | None,
    ) -> PricingResult:
        book = self.price_book
        day = context.on
        currency = document.currency or book.currency
        table = self.fx if fx is None else fx
        rates: list[FxRate] = []
        rate = None
        if currency != book.currency:
            if table is None:
                fail(
                    "fx",
                    f"the document is in {currency} and the price book in {book.currency}: "
                    "give the engine (or this call) an FxTable",
                )
            used = table.rate(book.currency, currency, on=day)
            rates.append(used)
            rate = used.rate
        run = _Run(context, currency, rate, table, rates, book.is_in_force(day))
        self._collect(run, ("*",), run.document_rules)

        priced: list[_Line] = []
        unpriceable: list[UnpriceableLine] = []
        for index, line in enumerate(document.lines):
            outcome = self._line(run, index + 1, line, f"lines[{index}]")
            if isinstance(outcome, UnpriceableLine):
                if not collect:
                    raise NotPriceable(
                        outcome.line_number, outcome.sku, outcome.reason.value, outcome.detail
                    )
                unpriceable.append(outcome)
            else:
                priced.append(outcome)
        number = len(document.lines)
        for source in list(priced):
            for rule, units in source.work.generated:
                number += 1
                free = self._free_line(run, number, rule.rule.id, rule, units, source.number)
                if isinstance(free, UnpriceableLine):
                    if not collect:
                        raise NotPriceable(
                            free.line_number, free.sku, free.reason.value, free.detail
                        )
                    unpriceable.append(free)
                else:
                    priced.append(free)

        header, shares = spread_header_discount(
            document.header_discount,
            [
                (line.work.amount, line.work.floor, line.work.override is not None)
                for line in priced
            ],
            run.currency,
            self.price_book.rounding.mode,
        )
        # Every field is computed here from validated inputs, so the result is built
        # without re-running its validators (loading a stored result runs them).
        return _new_result(
            book.id,
            book.revision,
            self.rules.name,
            currency,
            book.currency,
            day,
            context,
            tuple(
                self._finish(run, item, share) for item, share in zip(priced, shares, strict=True)
            ),
            tuple(unpriceable),
            header,
            tuple(run.rates),
            document.reference,
            self.preview,
        )

    # -- one line -----------------------------------------------------------------------

    def _line(
        self, run: _Run, number: int, line: DocumentLine, field: str
    ) -> _Line | UnpriceableLine:
        sku = line.sku
        quantity = line.quantity
        item = self.catalog.item(sku)
        if item is None:
            return _unknown(number, sku)
        if not (item.__class__ is Product and item.status is _ACTIVE and run.book_in_force):
            problem = self._availability(run, number, sku, item)
            if problem is not None:
                return problem
        listed = self._list_amount(sku, item, quantity, run.day)
        if isinstance(listed, str):
            return UnpriceableLine(
                line_number=number,
                sku=sku,
                reason=UnpriceableReason.NO_PRICE_IN_FORCE,
                detail=listed,
            )
        amount, note, tiered = listed
        book = self.price_book
        cost_unit = self._cost_unit(run, sku)
        work = LineWork(number, quantity, amount, book.currency, cost_unit, note)
        if tiered:
            work.line_rounding = TIERS_ROUNDING
        if cost_unit is None and run.costs_missing:
            work.cost_missing = run.costs_missing.get(sku)
        groups = self._groups(run, work, sku, item.family, quantity)
        self._run_steps(run, work, line, field, groups)
        cost = None if cost_unit is None else cost_unit * quantity
        return _Line(number, sku, work, cost)

    def _availability(
        self, run: _Run, number: int, sku: str, item: Product | Bundle
    ) -> UnpriceableLine | None:
        def problem(reason: UnpriceableReason, detail: str) -> UnpriceableLine:
            return UnpriceableLine(line_number=number, sku=sku, reason=reason, detail=detail)

        kind = "bundle" if isinstance(item, Bundle) else "product"
        if item.status is not ProductStatus.ACTIVE:
            return problem(
                UnpriceableReason.INACTIVE_PRODUCT,
                f"{kind} {sku!r} is {item.status.value}; only active items can be priced",
            )
        if isinstance(item, Bundle):
            for component in item.components:
                part = self.catalog.product_by_id(component.product_id)
                if part.status is not ProductStatus.ACTIVE:
                    return problem(
                        UnpriceableReason.INACTIVE_PRODUCT,
                        f"bundle component {part.sku!r} is {part.status.value}",
                    )
        if not run.book_in_force:
            book = self.price_book
            until = "open end" if book.valid_until is None else book.valid_until.isoformat()
            return problem(
                UnpriceableReason.PRICE_BOOK_NOT_IN_FORCE,
                f"price book {book.id!r} is valid from {book.valid_from.isoformat()} to {until}, "
                f"not on {run.day.isoformat()}",
            )
        return None

    def _entry(self, sku: str, day: pendulum.Date) -> PriceEntry | None:
        found = self._prices.get(sku)
        if found is None:
            return None
        dates, entries = found
        position = bisect.bisect_right(dates, day) - 1
        return None if position < 0 else entries[position]

    def _list_amount(
        self, sku: str, item: Product | Bundle, quantity: Decimal, day: pendulum.Date
    ) -> tuple[Decimal, str | None, bool] | str:
        """The list amount, its note, and whether a tier table gave it; or why there is none."""
        entry = self._entry(sku, day)
        if entry is not None:
            if entry.tiers is not None:
                return entry.tiers.amount(quantity), entry.tiers.describe(quantity), True
            return entry.unit_price.amount * quantity, None, False
        if not isinstance(item, Bundle):
            return (
                f"price book {self.price_book.id!r} has no price for {sku!r} on {day.isoformat()}"
            )
        total = _ZERO
        tiered = False
        for component in item.components:
            part = self.catalog.product_by_id(component.product_id)
            part_entry = self._entry(part.sku, day)
            if part_entry is None:
                return (
                    f"price book {self.price_book.id!r} has no price for bundle {sku!r} nor for "
                    f"its component {part.sku!r} on {day.isoformat()}"
                )
            units = component.quantity * quantity
            if part_entry.tiers is not None:
                tiered = True
                total += part_entry.tiers.amount(units)
            else:
                total += part_entry.unit_price.amount * units
        return total, "sum of the components' list prices", tiered

    def _cost_unit(self, run: _Run, sku: str) -> Decimal | None:
        found = self._costs.get(sku)
        if found is None:
            return None
        amount, currency = found
        if currency == run.currency:
            return amount
        if currency == self.price_book.currency and run.rate is not None:
            return amount * run.rate
        used = None
        if run.table is not None:
            try:
                used = run.table.rate(currency, run.currency, on=run.day)
            except MissingFxRate:
                used = None
        if used is None:
            # The cost only serves margins: without a rate they are unknown, not an error.
            run.costs_missing[sku] = (
                f"cost and margin unknown: the standard cost of {sku} is in {currency} and "
                f"there is no {currency}/{run.currency} rate on {run.day.isoformat()}"
            )
            return None
        if used not in run.rates:
            run.rates.append(used)
        return amount * used.rate

    def _groups(
        self, run: _Run, work: LineWork, sku: str, family: str | None, quantity: Decimal
    ) -> dict[str, list[CompiledRule]]:
        matched = run.cache.get(sku)
        if matched is None:
            matched = []
            for product in line_products(sku, family):
                self._collect(run, product, matched)
            matched.extend(run.document_rules)
            run.cache[sku] = matched
        rules = [r for r in matched if r.min_quantity is None or quantity >= r.min_quantity]
        if not rules:
            return {}
        rules = exclusive_winner(work, rules, self.rules.policy.tie_break)
        groups: dict[str, list[CompiledRule]] = {}
        for rule in rules:
            found = groups.get(rule.step_key)
            if found is None:
                groups[rule.step_key] = [rule]
            else:
                found.append(rule)
        return groups

    def _collect(self, run: _Run, product: tuple[str, ...], into: list[CompiledRule]) -> None:
        by_fact = self._buckets.get(product)
        if by_fact is None:
            return
        context, day = run.context, run.day
        for fact in run.facts:
            for rule in by_fact.get(fact, ()):
                if rule.is_valid_on(day) and rule.matches(context):
                    into.append(rule)

    def _quantum(self, run: _Run, currency: str) -> Decimal:
        found = run.quanta.get(currency)
        if found is None:
            found = run.quanta[currency] = self.price_book.rounding.quantum_for(currency)
        return found

    def _run_steps(
        self,
        run: _Run,
        work: LineWork,
        line: DocumentLine,
        field: str,
        groups: dict[str, list[CompiledRule]],
    ) -> None:
        book = self.price_book
        rounding = book.rounding
        for step, key, code in self._plan:
            if code == _RULES:
                found = groups.get(key)
                if found:
                    work.combine(step, found, self._modes[key], self._tie_break, self._cap)
            elif code == _ROUND:
                work.round(rounding.level, self._round_mode, self._quantum(run, work.currency))
            elif code == _FLOOR:
                found = groups.get(key)
                if found:
                    work.floors(found, self._quantum(run, work.currency), line.floor_override)
            elif code == _CEILING:
                found = groups.get(key)
                if found:
                    work.ceilings(found)
            elif code == _MANUAL_CODE:
                if line.discount is not None:
                    work.manual(line, f"{field}.discount", run.currency)
            elif run.rate is not None:  # currency conversion
                work.convert(
                    run.rate,
                    run.currency,
                    book.currency,
                    rounding.fx_mode,
                    self._quantum(run, run.currency),
                )
        quantum = self._quantum(run, work.currency)
        if not work.is_rounded(quantum):
            work.round(rounding.level, self._round_mode, quantum, "Final rounding")

    def _free_line(
        self,
        run: _Run,
        number: int,
        rule_id: str,
        rule: CompiledRule,
        units: Decimal,
        source: int,
    ) -> _Line | UnpriceableLine:
        sku = rule.free_sku or ""
        item = self.catalog.item(sku)
        if item is None:  # pragma: no cover - the engine checks free skus when it is built
            return _unknown(number, sku)
        problem = self._availability(run, number, sku, item)
        if problem is not None:
            return problem
        listed = self._list_amount(sku, item, units, run.day)
        if isinstance(listed, str):
            return UnpriceableLine(
                line_number=number,
                sku=sku,
                reason=UnpriceableReason.NO_PRICE_IN_FORCE,
                detail=f"{listed} (free goods of {rule_id} for line {source})",
            )
        book = self.price_book
        cost_unit = self._cost_unit(run, sku)
        work = LineWork(number, units, listed[0], book.currency, cost_unit, listed[1])
        if cost_unit is None and run.costs_missing:
            work.cost_missing = run.costs_missing.get(sku)
        if run.rate is not None:
            work.convert(
                run.rate,
                run.currency,
                book.currency,
                book.rounding.fx_mode,
                self._quantum(run, run.currency),
            )
        work.record(PricingStep.FREE_GOODS, rule, rule.label, _ZERO, rule.given, "free goods")
        work.free_units = units
        work.round(
            book.rounding.level, book.rounding.mode.decimal_mode, self._quantum(run, work.currency)
        )
        cost = None if cost_unit is None else cost_unit * units
        return _Line(number, sku, work, cost, rule_id, source)

    # -- the header discount --------------------------------------------------------------

    def _finish(self, run: _Run, line: _Line, share: Decimal) -> PricedLine:
        work = line.work
        currency = run.currency
        cur = _currency(currency)
        subtotal = work.amount
        unit = run.minor_unit
        if share:
            work.steps.append(
                new_step(
                    PricingStep.HEADER_DISCOUNT,
                    None,
                    "Header discount",
                    subtotal,
                    subtotal - share,
                    currency,
                    None,
                    "share of the document's header discount",
                )
            )
        list_amount = work.list_amount
        if work.factor is not None:
            list_amount = self._converted_list(work, unit)
        list_amount = list_amount.quantize(unit, rounding=self._round_mode)
        return _new_line(
            line.number,
            line.sku,
            work.quantity,
            currency,
            Money(list_amount, cur),
            Money(subtotal.quantize(unit), cur),
            Money(share.quantize(unit) if share else unit * 0, cur),
            Money((subtotal - share).quantize(unit), cur),
            tuple(work.steps),
            tuple(work.decisions),
            None if line.cost is None else Money(line.cost, cur),
            None if work.floor is None else Money(work.floor, cur),
            work.override,
            work.free_units,
            line.generated_by,
            line.source_line,
            () if work.cost_missing is None else (work.cost_missing,),
        )

    def _converted_list(self, work: LineWork, unit: Decimal) -> Decimal:
        """A converted list amount rounded as the line's own amount is, so a line that
        no rule moved shows its list amount as its net amount."""
        if work.line_rounding is not None:
            return work.list_amount
        rounding = self.price_book.rounding
        if rounding.level is not RoundingLevel.UNIT or work.quantity == 1:
            return work.list_amount
        each = DECIMAL_CONTEXT.divide(work.list_amount, work.quantity)
        return each.quantize(unit, rounding=self._round_mode) * work.quantity


def _unknown(number: int, sku: str) -> UnpriceableLine:
    return UnpriceableLine(
        line_number=number,
        sku=sku,
        reason=UnpriceableReason.UNKNOWN_SKU,
        detail=f"no product or bundle with sku {sku!r} in the catalog",
    )
