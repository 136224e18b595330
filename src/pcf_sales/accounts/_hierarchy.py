"""Account hierarchies: who belongs to whom, checked for cycles, and figures rolled up.

An :class:`AccountHierarchy` holds one :class:`HierarchyLink` per account
(its parent, or none for a top-level account). It refuses cycles and parents
it does not know when it is built. :meth:`AccountHierarchy.roll_up` adds the
figure of every account to all its ancestors: each account's total is its own
figure plus its children's totals, and the totals of the top-level accounts
add up to the sum of all figures, to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar, cast

import attrs
from moneyed import Money

from pcf_sales.accounts._account import Account
from pcf_sales.core import AccountId
from pcf_sales.core._money import check_currency, check_money_amount
from pcf_sales.core._validate import (
    check_id,
    describe,
    fail,
    is_id,
    is_instance,
    is_int,
    is_tuple_of,
    optional,
    to_tuple,
)

__all__ = ["AccountHierarchy", "HierarchyLink", "HierarchyRollUp", "RollUpLine"]

K = TypeVar("K", bound=str)


@attrs.frozen(kw_only=True)
class HierarchyLink:
    """An account and its parent (``None`` for a top-level account)."""

    account_id: AccountId = attrs.field(validator=is_id)
    parent_id: AccountId | None = attrs.field(default=None, validator=optional(is_id))


def _to_links(value: Iterable[HierarchyLink]) -> tuple[HierarchyLink, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(link, HierarchyLink) for link in items):
        return tuple(sorted(items, key=lambda link: link.account_id))
    return items


def _links(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HierarchyLink)(inst, attr, value)
    links = cast("tuple[HierarchyLink, ...]", value)
    parents: dict[AccountId, AccountId | None] = {}
    for index, link in enumerate(links):
        if link.account_id in parents:
            fail(f"{attr.name}[{index}].account_id", f"account {link.account_id!r} appears twice")
        parents[link.account_id] = link.parent_id
    for index, link in enumerate(links):
        if link.parent_id is not None and link.parent_id not in parents:
            fail(
                f"{attr.name}[{index}].parent_id",
                f"the parent {link.parent_id!r} of {link.account_id!r} is not in the hierarchy",
            )
    cycle = _find_cycle(parents)
    if cycle:
        path = " -> ".join(cycle)
        fail(attr.name, f"the parent links make a cycle: {path}")


def _find_cycle(parents: Mapping[AccountId, AccountId | None]) -> tuple[AccountId, ...]:
    """A cycle of parent links, as a path that returns to its start, or ``()``."""
    done: set[AccountId] = set()
    for start in sorted(parents):
        path: list[AccountId] = []
        on_path: dict[AccountId, int] = {}
        current: AccountId | None = start
        while current is not None and current not in done:
            if current in on_path:
                loop = path[on_path[current] :]
                return (*loop, current)
            on_path[current] = len(path)
            path.append(current)
            current = parents.get(current)
        done.update(path)
    return ()


@attrs.frozen(kw_only=True)
class RollUpLine:
    """One account in a roll-up: its own figure, its children, and its total."""

    account_id: AccountId = attrs.field(validator=is_id)
    parent_id: AccountId | None = attrs.field(validator=optional(is_id))
    depth: int = attrs.field(validator=is_int(minimum=0))
    own: Money = attrs.field(validator=is_instance(Money))
    children: tuple[AccountId, ...] = attrs.field(converter=to_tuple, validator=is_tuple_of(str))
    total: Money = attrs.field(validator=is_instance(Money))

    def __attrs_post_init__(self) -> None:
        if self.total.currency != self.own.currency:
            fail("total", f"is in {self.total.currency}, the own figure in {self.own.currency}")

    def explain(self, totals: Mapping[AccountId, Money] | None = None) -> str:
        """``A-1: own 100.00 + A-2 50.00 + A-3 25.00 = 175.00 EUR``; without
        ``totals`` the children are named without their figures."""
        parts = [f"own {self.own.amount}"]
        for child in self.children:
            figure = "" if totals is None else f" {totals[child].amount}"
            parts.append(f"{child}{figure}")
        return f"{self.account_id}: {' + '.join(parts)} = {self.total.amount} {self.total.currency}"


def _currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        fail(attr.name, f"expected an ISO 4217 currency code, got {describe(value)}")
    check_currency(value, attr.name)


@attrs.frozen(kw_only=True)
class HierarchyRollUp:
    """Figures rolled up a hierarchy, one line per account, parents before children.

    ``total`` is the sum of the top-level accounts' totals, which is the sum
    of every account's own figure.
    """

    currency: str = attrs.field(validator=_currency)
    lines: tuple[RollUpLine, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(RollUpLine)
    )
    total: Money = attrs.field(validator=is_instance(Money))

    def __attrs_post_init__(self) -> None:
        totals: dict[AccountId, Decimal] = {}
        for index, line in enumerate(self.lines):
            if line.own.currency.code != self.currency:
                fail(f"lines[{index}].own", f"expected an amount in {self.currency}")
            if line.account_id in totals:
                fail(f"lines[{index}].account_id", f"{line.account_id!r} appears twice")
            totals[line.account_id] = line.total.amount
        for index, line in enumerate(self.lines):
            missing = [c for c in line.children if c not in totals]
            if missing:
                fail(f"lines[{index}].children", f"{missing[0]!r} has no line")
            added = line.own.amount + sum((totals[c] for c in line.children), Decimal(0))
            if added != line.total.amount:
                fail(
                    f"lines[{index}].total",
                    f"{line.total.amount} is not own plus children ({added})",
                )
        top = sum((ln.total.amount for ln in self.lines if ln.parent_id is None), Decimal(0))
        if self.total.currency.code != self.currency or self.total.amount != top:
            fail("total", f"expected {top} {self.currency}, the sum of the top-level totals")

    def line(self, account_id: AccountId) -> RollUpLine:
        """The line of ``account_id``."""
        for line in self.lines:
            if line.account_id == account_id:
                return line
        return fail("account_id", f"{account_id!r} is not in the roll-up")

    def totals(self) -> dict[AccountId, Money]:
        """Each account's rolled-up total, by account id."""
        return {line.account_id: line.total for line in self.lines}

    def explain(self) -> str:
        """Every line, indented by depth, with its children's totals."""
        totals = self.totals()
        lines = [f"total {self.total.amount} {self.currency}"]
        lines.extend("  " * (ln.depth + 1) + ln.explain(totals) for ln in self.lines)
        return "\n".join(lines)


@attrs.frozen(kw_only=True)
class AccountHierarchy:
    """Parent links between accounts, without cycles, every parent known.

    >>> h = AccountHierarchy.from_parents({"group": None, "de": "group", "fr": "group"})
    >>> r = h.roll_up({"group": Money("10.00", "EUR"), "de": Money("5.00", "EUR"),
    ...                "fr": Money("2.50", "EUR")}, currency="EUR")
    >>> r.line("group").total, r.total
    (Money('17.50', 'EUR'), Money('17.50', 'EUR'))
    >>> AccountHierarchy.from_parents({"a": "b", "b": "a"})
    Traceback (most recent call last):
    ...
    pcf_sales.errors.ValidationError: links: the parent links make a cycle: a -> b -> a
    """

    links: tuple[HierarchyLink, ...] = attrs.field(converter=_to_links, validator=_links)

    @classmethod
    def from_accounts(cls, accounts: Iterable[Account]) -> AccountHierarchy:
        """The hierarchy the accounts' ``parent_account_id`` fields describe."""
        links = []
        for index, account in enumerate(accounts):
            if not isinstance(account, Account):
                fail(f"accounts[{index}]", f"expected an Account, got {describe(account)}")
            links.append(HierarchyLink(account_id=account.id, parent_id=account.parent_account_id))
        return cls(links=links)

    @classmethod
    def from_parents(cls, parents: Mapping[K, str | None]) -> AccountHierarchy:
        """The hierarchy of a mapping from each account id to its parent id (or ``None``)."""
        if not isinstance(parents, Mapping):
            fail(
                "parents", f"expected a mapping of account ids to parents, got {describe(parents)}"
            )
        links = [
            HierarchyLink(
                account_id=AccountId(check_id(child, "parents")),
                parent_id=None
                if parent is None
                else AccountId(check_id(parent, f"parents.{child}")),
            )
            for child, parent in parents.items()
        ]
        return cls(links=links)

    # -- asking the hierarchy ---------------------------------------------------------

    def parents(self) -> dict[AccountId, AccountId | None]:
        """Each account's parent, by account id."""
        return {link.account_id: link.parent_id for link in self.links}

    def children(self) -> dict[AccountId, tuple[AccountId, ...]]:
        """Each account's direct children, sorted, by account id."""
        found: dict[AccountId, list[AccountId]] = {link.account_id: [] for link in self.links}
        for link in self.links:  # links are sorted, so each list comes out sorted
            if link.parent_id is not None:
                found[link.parent_id].append(link.account_id)
        return {key: tuple(value) for key, value in found.items()}

    def roots(self) -> tuple[AccountId, ...]:
        """The top-level accounts, sorted."""
        return tuple(link.account_id for link in self.links if link.parent_id is None)

    def ancestors(self, account_id: AccountId) -> tuple[AccountId, ...]:
        """The parent, grandparent, ... of ``account_id``, nearest first."""
        parents = self.parents()
        self._known(account_id, parents)
        found: list[AccountId] = []
        current = parents[account_id]
        while current is not None:
            found.append(current)
            current = parents[current]
        return tuple(found)

    def descendants(self, account_id: AccountId) -> tuple[AccountId, ...]:
        """Every account below ``account_id``, depth first, children sorted."""
        children = self.children()
        self._known(account_id, children)
        found: list[AccountId] = []
        stack = list(reversed(children[account_id]))
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(reversed(children[current]))
        return tuple(found)

    def would_cycle(self, account_id: AccountId, parent_id: AccountId | None) -> bool:
        """True when making ``parent_id`` the parent of ``account_id`` would make a cycle."""
        parents = self.parents()
        self._known(account_id, parents)
        if parent_id is None:
            return False
        self._known(parent_id, parents, field="parent_id")
        return parent_id == account_id or account_id in self.ancestors(parent_id)

    @staticmethod
    def _known(
        account_id: object, index: Mapping[AccountId, object], field: str = "account_id"
    ) -> None:
        if not isinstance(account_id, str) or account_id not in index:
            fail(field, f"{account_id!r} is not in the hierarchy")

    # -- rolling figures up -----------------------------------------------------------

    def roll_up(self, figures: Mapping[K, Money], *, currency: str) -> HierarchyRollUp:
        """Add each account's figure to every ancestor's total.

        ``figures`` holds each account's own figure in ``currency`` (convert
        others with an ``FxTable`` first), finite and at the currency's minor
        unit; accounts without one count as zero.
        A figure for an account outside the hierarchy is an error. The work
        is linear in the number of accounts.
        """
        code = check_currency(currency).code
        if not isinstance(figures, Mapping):
            fail("figures", f"expected a mapping of account ids to Money, got {describe(figures)}")
        parents = self.parents()
        own: dict[AccountId, Decimal] = {}
        for key, value in figures.items():
            where = f"figures.{key}"
            if not isinstance(key, str) or key not in parents:
                fail("figures", f"{key!r} is not in the hierarchy")
            check_money_amount(value, where, currency=code, minimum=None)
            own[AccountId(key)] = value.amount
        children = self.children()
        order = self._depth_first(children)
        totals: dict[AccountId, Decimal] = {}
        for account_id, _ in reversed(order):  # children before their parents
            total = own.get(account_id, Decimal(0))
            for child in children[account_id]:
                total += totals[child]
            totals[account_id] = total
        zero = Decimal(0)
        lines = tuple(
            RollUpLine(
                account_id=account_id,
                parent_id=parents[account_id],
                depth=depth,
                own=Money(own.get(account_id, zero), code),
                children=children[account_id],
                total=Money(totals[account_id], code),
            )
            for account_id, depth in order
        )
        grand = sum((totals[root] for root in self.roots()), Decimal(0))
        return HierarchyRollUp(currency=code, lines=lines, total=Money(grand, code))

    def _depth_first(
        self, children: Mapping[AccountId, tuple[AccountId, ...]]
    ) -> list[tuple[AccountId, int]]:
        order: list[tuple[AccountId, int]] = []
        stack = [(root, 0) for root in reversed(self.roots())]
        while stack:
            account_id, depth = stack.pop()
            order.append((account_id, depth))
            stack.extend((child, depth + 1) for child in reversed(children[account_id]))
        return order
