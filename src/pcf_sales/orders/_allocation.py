"""Allocating scarce supply across competing orders (PCF 3.5.4.3) by priority rules.

An :class:`AllocationPolicy` is data: an ordered list of :class:`PriorityFactor`
values (key accounts first, higher service class first, earlier orders
first, ...) and an optional ranking of accounts. Lines equal on every factor
are ranked by order id and line number, so the order is total and the same
input always gives the same allocation. :func:`allocate_supply` then reserves
supply line by line in that order, exactly as
:func:`~pcf_sales.orders.available_to_promise` does for lines taken as they come.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, Final, cast

import attrs

from pcf_sales.core import DECIMAL_CONTEXT, AccountId
from pcf_sales.core._validate import describe, fail, is_id, is_tuple_of, to_tuple
from pcf_sales.orders._atp import AvailabilityResult, build_result, promise_in_order
from pcf_sales.orders._availability import (
    AvailabilitySnapshot,
    DemandLine,
    check_lines,
    check_snapshot,
)

__all__ = ["AllocationPolicy", "PriorityFactor", "allocate_supply"]


class PriorityFactor(Enum):
    """One fact competing lines are ranked by, with its direction."""

    KEY_ACCOUNT = "key_account"
    """Lines of key accounts before the others."""
    PRIORITY = "priority"
    """A higher class of service (:attr:`DemandLine.priority`) first."""
    ACCOUNT_RANK = "account_rank"
    """Accounts in the order of :attr:`AllocationPolicy.account_order`; unlisted ones last."""
    ORDER_DATE = "order_date"
    """Earlier orders first: first come, first served."""
    REQUESTED_DATE = "requested_date"
    """Lines wanted sooner first."""
    SMALLER_FIRST = "smaller_first"
    """Smaller quantities first, so that more orders are filled."""
    LARGER_FIRST = "larger_first"
    """Larger quantities first, so that big orders are not split."""


def _factors(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(PriorityFactor, unique=True)(inst, attr, value)
    factors = set(cast("tuple[PriorityFactor, ...]", value))
    if {PriorityFactor.SMALLER_FIRST, PriorityFactor.LARGER_FIRST} <= factors:
        fail(attr.name, "smaller_first and larger_first contradict each other; choose one")


@attrs.frozen(kw_only=True)
class AllocationPolicy:
    """How competing lines are ranked for scarce supply.

    ``factors`` apply in order, each breaking the ties of the ones before it;
    order id and line number break the last ties.

    >>> AllocationPolicy.default().describe()
    'key accounts first, then higher priority first, then earlier order date first, then earlier requested date first, then order id and line number'
    """  # noqa: E501

    factors: tuple[PriorityFactor, ...] = attrs.field(converter=to_tuple, validator=_factors)
    account_order: tuple[AccountId, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(is_id, unique=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.account_order and PriorityFactor.ACCOUNT_RANK not in self.factors:
            fail("account_order", "is used only with the account_rank factor; add it to factors")

    @classmethod
    def default(cls) -> AllocationPolicy:
        """Key accounts, then class of service, then order date, then requested date."""
        return cls(
            factors=(
                PriorityFactor.KEY_ACCOUNT,
                PriorityFactor.PRIORITY,
                PriorityFactor.ORDER_DATE,
                PriorityFactor.REQUESTED_DATE,
            )
        )

    @classmethod
    def first_come_first_served(cls) -> AllocationPolicy:
        """Order date only."""
        return cls(factors=(PriorityFactor.ORDER_DATE,))

    def describe(self) -> str:
        """The ranking in words."""
        parts = [_WORDS[factor] for factor in self.factors]
        parts.append("order id and line number")
        return ", then ".join(parts)

    def sort_key(self) -> Callable[[DemandLine], tuple[Any, ...]]:
        """The key that sorts lines into allocation order (lower first)."""
        positions = {account: index for index, account in enumerate(self.account_order)}
        parts = [_KEY_EXPRESSIONS[factor] for factor in self.factors]
        parts += ["line.order_id", "line.line_number"]
        return cast(
            "Callable[[DemandLine], tuple[Any, ...]]",
            _compile(
                f"({', '.join(parts)},)",
                positions=positions,
                unlisted=len(positions),
                minus=DECIMAL_CONTEXT.minus,
            ),
        )

    def rank(self, lines: Iterable[DemandLine]) -> tuple[DemandLine, ...]:
        """``lines`` in allocation order."""
        return tuple(sorted(check_lines(lines), key=self.sort_key()))

    def reasoner(self) -> Callable[[DemandLine], str]:
        """A function giving, for a line, its value for each factor in words."""
        positions = {account: index for index, account in enumerate(self.account_order)}
        days: dict[Any, str] = {}

        def day(value: Any) -> str:
            text = days.get(value)
            if text is None:
                text = days[value] = str(value)
            return text

        def account_rank(account: AccountId) -> str:
            position = positions.get(account)
            return "account not ranked" if position is None else f"account rank {position + 1}"

        parts = [_REASON_EXPRESSIONS[factor] for factor in self.factors]
        parts.append('"order " + line.order_id + " line " + str(line.line_number)')
        return cast(
            "Callable[[DemandLine], str]",
            _compile(f'"; ".join(({", ".join(parts)},))', day=day, account_rank=account_rank),
        )

    def reason(self, line: DemandLine) -> str:
        """Why ``line`` stands where it does: its value for each factor.

        >>> from pcf_sales.testing.factories import make_demand_line
        >>> AllocationPolicy.default().reason(make_demand_line(key_account=True))
        'key account; priority 0; ordered 2026-03-02; wanted 2026-03-02; order SO-1 line 1'
        """
        if not isinstance(line, DemandLine):
            fail("line", f"expected a DemandLine, got {describe(line)}")
        return self.reasoner()(line)


#: How each factor ranks a line, as an expression over ``line`` (lower goes first).
_KEY_EXPRESSIONS: Final = {
    PriorityFactor.KEY_ACCOUNT: "not line.key_account",
    PriorityFactor.PRIORITY: "-line.priority",
    PriorityFactor.ACCOUNT_RANK: "positions.get(line.account_id, unlisted)",
    PriorityFactor.ORDER_DATE: "line.order_date",
    PriorityFactor.REQUESTED_DATE: "line.requested_date",
    PriorityFactor.SMALLER_FIRST: "line.quantity",
    PriorityFactor.LARGER_FIRST: "minus(line.quantity)",
}
#: How each factor describes a line, as an expression over ``line``.
_REASON_EXPRESSIONS: Final = {
    PriorityFactor.KEY_ACCOUNT: '("key account" if line.key_account else "not a key account")',
    PriorityFactor.PRIORITY: '"priority " + str(line.priority)',
    PriorityFactor.ACCOUNT_RANK: "account_rank(line.account_id)",
    PriorityFactor.ORDER_DATE: '"ordered " + day(line.order_date)',
    PriorityFactor.REQUESTED_DATE: '"wanted " + day(line.requested_date)',
    PriorityFactor.SMALLER_FIRST: '"quantity " + str(line.quantity)',
    PriorityFactor.LARGER_FIRST: '"quantity " + str(line.quantity)',
}


def _compile(expression: str, **names: Any) -> Callable[[Any], Any]:
    """``lambda line: expression`` with ``names`` in scope; the expression is assembled
    from the fixed tables above only, so that ranking 100,000 lines is one call each."""
    namespace: dict[str, Any] = dict(names)
    exec(f"def function(line):\n    return {expression}", namespace)  # noqa: S102
    return cast("Callable[[Any], Any]", namespace["function"])


_WORDS: Final = {
    PriorityFactor.KEY_ACCOUNT: "key accounts first",
    PriorityFactor.PRIORITY: "higher priority first",
    PriorityFactor.ACCOUNT_RANK: "ranked accounts in their order",
    PriorityFactor.ORDER_DATE: "earlier order date first",
    PriorityFactor.REQUESTED_DATE: "earlier requested date first",
    PriorityFactor.SMALLER_FIRST: "smaller quantities first",
    PriorityFactor.LARGER_FIRST: "larger quantities first",
}


def allocate_supply(
    lines: Iterable[DemandLine],
    snapshot: AvailabilitySnapshot,
    policy: AllocationPolicy | None = None,
) -> AvailabilityResult:
    """Rank competing ``lines`` by ``policy`` (default :meth:`AllocationPolicy.default`) and
    reserve supply for them in that order. Promises are listed in the order the lines were
    given; each carries its rank and the facts that gave it.

    >>> from decimal import Decimal
    >>> from pcf_sales.testing.factories import make_availability_snapshot, make_demand_line
    >>> walk_in = make_demand_line(order_id="SO-1", quantity=Decimal(8))
    >>> key = make_demand_line(order_id="SO-2", quantity=Decimal(8), key_account=True)
    >>> result = allocate_supply([walk_in, key], make_availability_snapshot())
    >>> [(p.order_id, p.rank, p.status.value) for p in result.promises]
    [('SO-1', 2, 'partial'), ('SO-2', 1, 'confirmed')]
    """
    items = check_lines(lines)
    checked = check_snapshot(snapshot)
    if policy is None:
        policy = AllocationPolicy.default()
    elif not isinstance(policy, AllocationPolicy):
        fail("policy", f"expected an AllocationPolicy, got {describe(policy)}")
    sort_key = policy.sort_key()
    order = sorted(range(len(items)), key=lambda i: sort_key(items[i]))
    ranked = [items[i] for i in order]
    reason = policy.reasoner()
    reasons = [reason(line) for line in ranked]
    promises = promise_in_order(ranked, checked, reasons)
    in_given_order: list[Any] = [None] * len(items)
    for position, index in enumerate(order):
        in_given_order[index] = promises[position]
    return build_result(checked.as_of, policy.describe(), tuple(in_given_order))
