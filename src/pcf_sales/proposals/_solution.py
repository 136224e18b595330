"""The solution and delivery approach (PCF 3.5.3.7): deliverables, tasks with their roles,
effort, durations and dependencies, the products offered, and the services estimate from
effort and bill rates (PCF 3.5.3.9)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, round_amount
from pcf_sales.core._validate import (
    check_decimal,
    fail,
    is_decimal,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_decimal,
    to_optional_text,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.opportunities._checks import money_validator
from pcf_sales.pricing import DocumentLine
from pcf_sales.proposals._requirements import is_currency_code, is_key

__all__ = [
    "Deliverable",
    "ServiceLine",
    "ServiceRole",
    "ServicesEstimate",
    "SolutionPlan",
    "SolutionTask",
]

_HOURS_QUANTUM: Final = Decimal("0.01")
_MAX_HOURS: Final = Decimal(100_000)


def _hours(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    check_decimal(value, attr.name, minimum=_HOURS_QUANTUM, maximum=_MAX_HOURS)
    if value != value.quantize(_HOURS_QUANTUM, context=DECIMAL_CONTEXT):  # type: ignore[attr-defined]
        fail(attr.name, f"effort is kept to the hundredth of an hour, got {value}")


@attrs.frozen(kw_only=True)
class ServiceRole:
    """A role the work needs, with what an hour of it is billed at and costs us."""

    name: str = attrs.field(validator=is_key)
    bill_rate: Money = attrs.field(validator=money_validator)
    cost_rate: Money = attrs.field(validator=money_validator)

    def __attrs_post_init__(self) -> None:
        if self.bill_rate.currency != self.cost_rate.currency:
            raise CurrencyMismatch(
                self.bill_rate.currency.code, self.cost_rate.currency.code, field="cost_rate"
            )

    @property
    def currency(self) -> str:
        """The currency of both rates."""
        return str(self.bill_rate.currency.code)


@attrs.frozen(kw_only=True)
class Deliverable:
    """Something the customer receives; its milestone is when its last task ends."""

    key: str = attrs.field(validator=is_key)
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    description: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )


def _keys(value: Iterable[str]) -> tuple[str, ...]:
    return to_tuple(value)


@attrs.frozen(kw_only=True)
class SolutionTask:
    """A piece of work: the role that does it, the effort in hours, how many business
    days it takes, and the tasks that must end before it starts."""

    key: str = attrs.field(validator=is_key)
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    deliverable: str = attrs.field(validator=is_key)
    role: str = attrs.field(validator=is_key)
    effort_hours: Decimal = attrs.field(converter=to_decimal, validator=_hours)
    duration_days: int = attrs.field(validator=is_int(minimum=1, maximum=1000))
    depends_on: tuple[str, ...] = attrs.field(
        default=(), converter=_keys, validator=is_tuple_of(is_key, unique=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.key in self.depends_on:
            fail("depends_on", f"task {self.key!r} cannot depend on itself")


@attrs.frozen(kw_only=True)
class ServiceLine:
    """The services estimate for one role: hours at the bill rate, and what they cost us."""

    role: str = attrs.field(validator=is_key)
    hours: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    bill_rate: Money = attrs.field(validator=money_validator)
    amount: Money = attrs.field(validator=money_validator)
    cost_rate: Money = attrs.field(validator=money_validator)
    cost: Money = attrs.field(validator=money_validator)

    def describe(self) -> str:
        """``engineer: 120 h x 150.00 = 18000.00 EUR``."""
        code = self.amount.currency.code
        return (
            f"{self.role}: {self.hours} h x {self.bill_rate.amount} = {self.amount.amount} {code}"
        )


@attrs.frozen(kw_only=True)
class ServicesEstimate:
    """The price and cost of the services, role by role (each rounded to the minor unit)."""

    currency: str = attrs.field(validator=is_currency_code)
    lines: tuple[ServiceLine, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(ServiceLine)
    )

    def __attrs_post_init__(self) -> None:
        for index, line in enumerate(self.lines):
            for field in ("bill_rate", "amount", "cost_rate", "cost"):
                code = getattr(line, field).currency.code
                if code != self.currency:
                    raise CurrencyMismatch(self.currency, code, field=f"lines[{index}].{field}")

    def _sum(self, field: str) -> Money:
        total = Decimal(0)
        for line in self.lines:
            total = DECIMAL_CONTEXT.add(total, getattr(line, field).amount)
        return Money(round_amount(total, self.currency), self.currency)

    @property
    def total(self) -> Money:
        """What the services are billed at."""
        return self._sum("amount")

    @property
    def cost(self) -> Money:
        """What the services cost us at the roles' cost rates."""
        return self._sum("cost")

    @property
    def hours(self) -> Decimal:
        """The hours of every role."""
        return sum((line.hours for line in self.lines), Decimal(0))

    def explain(self) -> str:
        """Every role's line, then the total."""
        return "\n".join(
            [*(line.describe() for line in self.lines), f"services total {self.total.amount}"]
        )


def _unique(items: tuple[Any, ...], field: str, attribute: str) -> set[str]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        key = getattr(item, attribute)
        if key in seen:
            fail(f"{field}[{index}].{attribute}", f"{key!r} is used twice")
        seen.add(key)
    return seen


@attrs.frozen(kw_only=True)
class SolutionPlan:
    """How we would deliver: the roles, deliverables and tasks, and the products offered.

    Tasks name their deliverable, their role and the tasks they depend on,
    all of which must exist; a dependency cycle is an error naming the cycle.

    >>> from pcf_sales.core import money
    >>> role = ServiceRole(name="engineer", bill_rate=money("150.00", "EUR"),
    ...                    cost_rate=money("90.00", "EUR"))
    >>> plan = SolutionPlan(
    ...     roles=[role], deliverables=[Deliverable(key="D1", name="Pilot")],
    ...     tasks=[SolutionTask(key="T1", name="Install", deliverable="D1", role="engineer",
    ...                         effort_hours=16, duration_days=2)])
    >>> plan.services_estimate().total
    Money('2400.00', 'EUR')
    """

    roles: tuple[ServiceRole, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(ServiceRole)
    )
    deliverables: tuple[Deliverable, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(Deliverable)
    )
    tasks: tuple[SolutionTask, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(SolutionTask)
    )
    products: tuple[DocumentLine, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(DocumentLine)
    )
    approach: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=4000))
    )

    def __attrs_post_init__(self) -> None:
        if not self.roles:
            fail("roles", "a solution needs at least one role")
        roles = _unique(self.roles, "roles", "name")
        deliverables = _unique(self.deliverables, "deliverables", "key")
        tasks = _unique(self.tasks, "tasks", "key")
        currency = self.roles[0].currency
        for index, role in enumerate(self.roles):
            if role.currency != currency:
                raise CurrencyMismatch(currency, role.currency, field=f"roles[{index}].bill_rate")
        for index, task in enumerate(self.tasks):
            if task.role not in roles:
                fail(f"tasks[{index}].role", f"no role {task.role!r} in the solution")
            if task.deliverable not in deliverables:
                fail(f"tasks[{index}].deliverable", f"no deliverable {task.deliverable!r}")
            for position, key in enumerate(task.depends_on):
                if key not in tasks:
                    fail(f"tasks[{index}].depends_on[{position}]", f"no task {key!r}")
        cycle = _find_cycle(self.tasks)
        if cycle:
            fail("tasks", f"the dependencies form a cycle: {' -> '.join(cycle)}")

    @property
    def currency(self) -> str:
        """The currency of the roles' rates."""
        return self.roles[0].currency

    def role(self, name: str) -> ServiceRole:
        """The role called ``name``."""
        found = [r for r in self.roles if r.name == name]
        if not found:
            fail("name", f"no role {name!r} in the solution")
        return found[0]

    def task(self, key: str) -> SolutionTask:
        """The task under ``key``."""
        found = [t for t in self.tasks if t.key == key]
        if not found:
            fail("key", f"no task {key!r} in the solution")
        return found[0]

    def ordered_tasks(self) -> tuple[SolutionTask, ...]:
        """The tasks in an order where every task comes after those it depends on: each
        task in the plan's order, preceded by those of its dependencies not yet listed."""
        by_key = {task.key: task for task in self.tasks}
        placed: dict[str, SolutionTask] = {}
        for task in self.tasks:
            stack: list[tuple[SolutionTask, int]] = [(task, 0)]
            while stack:
                current, index = stack.pop()
                if current.key in placed:
                    continue
                if index < len(current.depends_on):
                    stack.append((current, index + 1))
                    dependency = by_key[current.depends_on[index]]
                    if dependency.key not in placed:
                        stack.append((dependency, 0))
                else:
                    placed[current.key] = current
        return tuple(placed.values())

    def effort_by_role(self) -> tuple[tuple[str, Decimal], ...]:
        """The hours each role works, in the order of :attr:`roles`."""
        hours = {role.name: Decimal(0) for role in self.roles}
        for task in self.tasks:
            hours[task.role] = DECIMAL_CONTEXT.add(hours[task.role], task.effort_hours)
        return tuple(hours.items())

    def services_estimate(self) -> ServicesEstimate:
        """The services' price from effort and bill rates, and cost from cost rates."""
        code = self.currency
        lines = []
        for name, hours in self.effort_by_role():
            role = self.role(name)
            amount = round_amount(DECIMAL_CONTEXT.multiply(hours, role.bill_rate.amount), code)
            cost = round_amount(DECIMAL_CONTEXT.multiply(hours, role.cost_rate.amount), code)
            lines.append(
                ServiceLine(
                    role=name,
                    hours=hours,
                    bill_rate=role.bill_rate,
                    amount=Money(amount, code),
                    cost_rate=role.cost_rate,
                    cost=Money(cost, code),
                )
            )
        return ServicesEstimate(currency=code, lines=tuple(lines))


def _find_cycle(tasks: tuple[SolutionTask, ...]) -> tuple[str, ...]:
    """The first dependency cycle found, as keys from a task back to itself, or ``()``."""
    depends = {t.key: t.depends_on for t in tasks}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in depends:
        if state.get(root):
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            key, index = stack.pop()
            if index == 0:
                state[key] = 1
                path.append(key)
            children = depends.get(key, ())
            if index < len(children):
                stack.append((key, index + 1))
                child = children[index]
                if state.get(child) == 1:
                    return (*path[path.index(child) :], child)
                if not state.get(child):
                    stack.append((child, 0))
            else:
                state[key] = 2
                path.pop()
    return ()
