"""Sales resource allocation (PCF 3.5.1.7): which seller works which deal, to get the most
expected value out of the hours the team has.

Each deal needs ``effort_hours`` from one seller and is worth its
``expected_value`` if worked; each seller has ``hours`` of capacity. This is
the multiple knapsack problem. :func:`allocate_sales_resources` solves it

* **exactly** when there are at most ``exact_limit`` deals (10 by default,
  12 at most): dynamic programming over subsets of deals, seller by seller
  (``f_k(S) = max over T ⊆ S that fit seller k of value(T) + f_{k-1}(S \\ T)``),
  which takes about ``sellers * 3**deals`` steps and returns an optimal
  allocation;
* **approximately** beyond that: deals in order of expected value per hour
  (then value, then id), each given to the seller with the least capacity
  left that still fits it (best fit). This is not guaranteed optimal; so that
  the caller knows how far off it can be, the result carries an upper bound
  on the optimum (the fractional relaxation: the pooled hours filled by
  value per hour, the last deal in part, over the deals some seller could
  take at all) and the gap between the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Final

import attrs
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, OpportunityId, RoundingMode, UserId, round_amount
from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    check_decimal,
    check_int,
    describe,
    fail,
    is_decimal,
    is_enum,
    is_id,
    is_text,
    is_tuple_of,
    to_decimal,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.opportunities._checks import check_instance, money_validator
from pcf_sales.opportunities._opportunity import Opportunity

__all__ = [
    "AllocationMethod",
    "Assignment",
    "EffortDemand",
    "ResourceAllocation",
    "SellerCapacity",
    "SellerLoad",
    "UnassignedDemand",
    "allocate_sales_resources",
]

#: The most deals solved exactly (3**12 * sellers steps is still well under a second).
MAX_EXACT: Final = 12


class AllocationMethod(Enum):
    """How an allocation was computed."""

    EXACT = "exact"
    """Optimal: dynamic programming over every subset of deals."""
    GREEDY = "greedy"
    """Best fit by value per hour; not guaranteed optimal, bounded by ``upper_bound``."""


@attrs.frozen(kw_only=True)
class SellerCapacity:
    """The hours a seller has for deals in the period being planned."""

    user_id: UserId = attrs.field(validator=is_id)
    hours: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))


@attrs.frozen(kw_only=True)
class EffortDemand:
    """A deal to staff: what it is expected to be worth, and the hours it needs."""

    opportunity_id: OpportunityId = attrs.field(validator=is_id)
    expected_value: Money = attrs.field(validator=money_validator)
    effort_hours: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))

    def __attrs_post_init__(self) -> None:
        if self.effort_hours <= 0:
            fail("effort_hours", f"a deal needs some effort, got {self.effort_hours}")

    @classmethod
    def of(cls, opportunity: Opportunity, *, effort_hours: Decimal | int | str) -> EffortDemand:
        """The demand of an open deal: its weighted amount, for ``effort_hours``."""
        deal = check_instance(Opportunity, opportunity, "opportunity")
        if not deal.is_open:
            fail(
                "opportunity", f"deal {deal.id!r} is {deal.status.value}; only open deals need work"
            )
        hours = check_decimal(to_decimal(effort_hours), "effort_hours", minimum=0)
        return cls(opportunity_id=deal.id, expected_value=deal.weighted_amount, effort_hours=hours)

    @property
    def value_per_hour(self) -> Decimal:
        """Expected value per hour of effort (34 significant digits)."""
        return DECIMAL_CONTEXT.divide(self.expected_value.amount, self.effort_hours)


@attrs.frozen(kw_only=True)
class Assignment:
    """A deal given to a seller, for its hours and expected value."""

    opportunity_id: OpportunityId = attrs.field(validator=is_id)
    user_id: UserId = attrs.field(validator=is_id)
    hours: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    expected_value: Money = attrs.field(validator=money_validator)


@attrs.frozen(kw_only=True)
class UnassignedDemand:
    """A deal nobody was given, and why."""

    opportunity_id: OpportunityId = attrs.field(validator=is_id)
    expected_value: Money = attrs.field(validator=money_validator)
    effort_hours: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    reason: str = attrs.field(validator=is_text(max_length=500))


@attrs.frozen(kw_only=True)
class SellerLoad:
    """How much of a seller's capacity the allocation uses."""

    user_id: UserId = attrs.field(validator=is_id)
    capacity: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    assigned_hours: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))

    def __attrs_post_init__(self) -> None:
        if self.assigned_hours > self.capacity:
            fail("assigned_hours", f"{self.assigned_hours} exceeds the capacity {self.capacity}")

    @property
    def remaining(self) -> Decimal:
        """Hours left."""
        return self.capacity - self.assigned_hours


@attrs.frozen(kw_only=True)
class ResourceAllocation:
    """Who works which deal, what it is expected to bring, and how it was decided.

    ``total_value`` is the expected value of the deals assigned;
    ``upper_bound`` is no less than the best possible total (for an exact
    allocation the total is that best). ``explanation`` says why, line by line.
    """

    method: AllocationMethod = attrs.field(validator=is_enum(AllocationMethod))
    assignments: tuple[Assignment, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(Assignment)
    )
    unassigned: tuple[UnassignedDemand, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(UnassignedDemand)
    )
    loads: tuple[SellerLoad, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(SellerLoad)
    )
    total_value: Money = attrs.field(validator=money_validator)
    upper_bound: Money = attrs.field(validator=money_validator)
    explanation: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(is_text(max_length=500))
    )

    def __attrs_post_init__(self) -> None:
        if self.upper_bound.currency != self.total_value.currency:
            raise CurrencyMismatch(
                self.total_value.currency.code, self.upper_bound.currency.code, field="upper_bound"
            )
        if self.upper_bound < self.total_value:
            fail("upper_bound", "is below the total value it bounds")

    @property
    def gap(self) -> Money:
        """How much more the best allocation could at most be worth (zero when exact)."""
        if self.method is AllocationMethod.EXACT:
            return Money(self.total_value.amount * 0, self.total_value.currency)
        return Money(self.upper_bound.amount - self.total_value.amount, self.total_value.currency)

    def assigned_to(self, user_id: UserId) -> tuple[Assignment, ...]:
        """The deals given to ``user_id``."""
        return tuple(a for a in self.assignments if a.user_id == user_id)


def allocate_sales_resources(
    capacities: Iterable[SellerCapacity],
    demands: Iterable[EffortDemand],
    *,
    exact_limit: int = 10,
    currency: str | None = None,
) -> ResourceAllocation:
    """Give deals to sellers to get the most expected value within their hours.

    Exact for up to ``exact_limit`` deals (at most 12), best fit by value per
    hour beyond (see the module notes for the algorithms and the bound).
    Every demand must be in one currency; ``currency`` names it when there
    are no demands.

    >>> from pcf_sales.core import money
    >>> team = [SellerCapacity(user_id="ae-1", hours=Decimal(10)),
    ...         SellerCapacity(user_id="ae-2", hours=Decimal(6))]
    >>> deals = [EffortDemand(opportunity_id=key, expected_value=money(value, "EUR"),
    ...                       effort_hours=Decimal(hours))
    ...          for key, value, hours in [("A", "9000.00", 6), ("B", "8000.00", 5),
    ...                                    ("C", "7000.00", 5), ("D", "5500.00", 4)]]
    >>> plan = allocate_sales_resources(team, deals)
    >>> plan.method.value, plan.total_value
    ('exact', Money('24000.00', 'EUR'))
    >>> [(a.opportunity_id, a.user_id) for a in plan.assignments]
    [('B', 'ae-1'), ('C', 'ae-1'), ('A', 'ae-2')]
    """
    sellers = _sellers(capacities)
    items = _demands(demands)
    limit = check_int(exact_limit, "exact_limit", minimum=0, maximum=MAX_EXACT)
    if items:
        code = items[0].expected_value.currency.code
        for index, item in enumerate(items):
            if item.expected_value.currency.code != code:
                raise CurrencyMismatch(
                    code, item.expected_value.currency.code, field=f"demands[{index}]"
                )
    elif currency is None:
        fail("currency", "with no demands, name the currency of the (empty) allocation")
    else:
        code = check_currency(currency, "currency").code
    if len(items) <= limit:
        chosen = _exact(sellers, items)
        method = AllocationMethod.EXACT
    else:
        chosen = _greedy(sellers, items)
        method = AllocationMethod.GREEDY
    return _result(method, sellers, items, chosen, code)


def _sellers(capacities: Iterable[SellerCapacity]) -> list[SellerCapacity]:
    found = list(capacities) if isinstance(capacities, Iterable) else capacities
    if not isinstance(found, list):
        fail("capacities", f"expected a list of SellerCapacity, got {describe(capacities)}")
    seen: set[str] = set()
    for index, seller in enumerate(found):
        if not isinstance(seller, SellerCapacity):
            fail(f"capacities[{index}]", f"expected a SellerCapacity, got {describe(seller)}")
        if seller.user_id in seen:
            fail(f"capacities[{index}]", f"seller {seller.user_id!r} is listed twice")
        seen.add(seller.user_id)
    return sorted(found, key=lambda s: s.user_id)


def _demands(demands: Iterable[EffortDemand]) -> list[EffortDemand]:
    found = list(demands) if isinstance(demands, Iterable) else demands
    if not isinstance(found, list):
        fail("demands", f"expected a list of EffortDemand, got {describe(demands)}")
    seen: set[str] = set()
    for index, demand in enumerate(found):
        if not isinstance(demand, EffortDemand):
            fail(f"demands[{index}]", f"expected an EffortDemand, got {describe(demand)}")
        if demand.opportunity_id in seen:
            fail(f"demands[{index}]", f"deal {demand.opportunity_id!r} is listed twice")
        seen.add(demand.opportunity_id)
    return sorted(found, key=lambda d: d.opportunity_id)


def _exact(sellers: list[SellerCapacity], items: list[EffortDemand]) -> dict[int, int]:
    """Optimal deal -> seller positions, by dynamic programming over subsets."""
    count = len(items)
    full = (1 << count) - 1
    effort = [Decimal(0)] * (full + 1)
    value = [Decimal(0)] * (full + 1)
    for mask in range(1, full + 1):
        low = mask & -mask
        index = low.bit_length() - 1
        effort[mask] = effort[mask ^ low] + items[index].effort_hours
        value[mask] = value[mask ^ low] + items[index].expected_value.amount
    best = [Decimal(0)] * (full + 1)
    choices: list[list[int]] = []
    for seller in sellers:
        hours = seller.hours
        fits = [effort[mask] <= hours for mask in range(full + 1)]
        nxt = [Decimal(0)] * (full + 1)
        pick = [0] * (full + 1)
        for mask in range(full + 1):
            top = best[mask]
            taken = 0
            sub = mask
            while sub:
                if fits[sub]:
                    candidate = value[sub] + best[mask ^ sub]
                    if candidate > top:
                        top = candidate
                        taken = sub
                sub = (sub - 1) & mask
            nxt[mask] = top
            pick[mask] = taken
        best = nxt
        choices.append(pick)
    given: dict[int, int] = {}
    remaining = full
    for position in range(len(sellers) - 1, -1, -1):
        taken = choices[position][remaining]
        for index in range(count):
            if taken >> index & 1:
                given[index] = position
        remaining ^= taken
    return given


def _greedy(sellers: list[SellerCapacity], items: list[EffortDemand]) -> dict[int, int]:
    """Best fit in order of value per hour: deal -> seller positions."""
    left = [s.hours for s in sellers]
    order = sorted(
        range(len(items)),
        key=lambda i: (
            -items[i].value_per_hour,
            -items[i].expected_value.amount,
            items[i].opportunity_id,
        ),
    )
    given: dict[int, int] = {}
    for index in order:
        need = items[index].effort_hours
        fitting = [p for p in range(len(sellers)) if left[p] >= need]
        if not fitting:
            continue
        position = min(fitting, key=lambda p: (left[p], sellers[p].user_id))
        left[position] -= need
        given[index] = position
    return given


def _bound(sellers: list[SellerCapacity], items: list[EffortDemand]) -> Decimal:
    """The fractional relaxation: pooled hours filled by value per hour."""
    largest = max((s.hours for s in sellers), default=Decimal(0))
    pool = sum((s.hours for s in sellers), Decimal(0))
    usable = sorted(
        (i for i in items if i.effort_hours <= largest), key=lambda i: -i.value_per_hour
    )
    total = Decimal(0)
    for item in usable:
        if pool <= 0:
            break
        if item.effort_hours <= pool:
            total += item.expected_value.amount
            pool -= item.effort_hours
        else:
            total += DECIMAL_CONTEXT.multiply(item.value_per_hour, pool)
            pool = Decimal(0)
    return total


def _result(
    method: AllocationMethod,
    sellers: list[SellerCapacity],
    items: list[EffortDemand],
    given: dict[int, int],
    code: str,
) -> ResourceAllocation:
    used = [Decimal(0)] * len(sellers)
    assignments = []
    for index in sorted(given, key=lambda i: (sellers[given[i]].user_id, items[i].opportunity_id)):
        item = items[index]
        position = given[index]
        used[position] += item.effort_hours
        assignments.append(
            Assignment(
                opportunity_id=item.opportunity_id,
                user_id=sellers[position].user_id,
                hours=item.effort_hours,
                expected_value=item.expected_value,
            )
        )
    largest = max((s.hours for s in sellers), default=Decimal(0))
    most_left = max((s.hours - u for s, u in zip(sellers, used, strict=True)), default=Decimal(0))
    unassigned = []
    for index, item in enumerate(items):
        if index in given:
            continue
        if item.effort_hours > largest:
            reason = f"needs {item.effort_hours} h, more than any seller has ({largest} h at most)"
        else:
            reason = (
                f"needs {item.effort_hours} h; the deals assigned are worth more for the hours "
                f"(the most any seller has left is {most_left} h)"
            )
        unassigned.append(
            UnassignedDemand(
                opportunity_id=item.opportunity_id,
                expected_value=item.expected_value,
                effort_hours=item.effort_hours,
                reason=reason,
            )
        )
    total = sum((a.expected_value.amount for a in assignments), round_amount(Decimal(0), code))
    bound = round_amount(_bound(sellers, items), code, RoundingMode.CEILING)
    if method is AllocationMethod.EXACT:
        bound = max(bound, total)
        headline = (
            f"exact: every way of giving the {len(items)} deal(s) to the {len(sellers)} "
            f"seller(s) was weighed; no allocation is worth more than {total} {code}"
        )
    else:
        headline = (
            f"greedy: {len(items)} deals (more than the exact limit) given in order of value "
            f"per hour to the seller with the least room that fits; the best possible is at "
            f"most {bound} {code}, so this is within {bound - total} {code} of it"
        )
    lines = [headline]
    lines.extend(
        f"{a.opportunity_id} -> {a.user_id}: {a.hours} h for {a.expected_value.amount} {code}"
        for a in assignments
    )
    lines.extend(f"{u.opportunity_id} unassigned: {u.reason}" for u in unassigned)
    return ResourceAllocation(
        method=method,
        assignments=assignments,
        unassigned=unassigned,
        loads=[
            SellerLoad(user_id=s.user_id, capacity=s.hours, assigned_hours=u)
            for s, u in zip(sellers, used, strict=True)
        ],
        total_value=Money(total, code),
        upper_bound=Money(max(bound, total), code),
        explanation=lines,
    )
