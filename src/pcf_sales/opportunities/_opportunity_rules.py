"""The rules an opportunity keeps: its statuses, and the checks its constructor and commands
run on what they are given."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, cast

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, HistoryEntry, Percentage
from pcf_sales.core._custom_fields import to_tags
from pcf_sales.core._validate import check_date, check_text, describe, fail, is_tuple_of, to_tuple
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.opportunities._process import ForecastCategory, SalesProcess
from pcf_sales.opportunities._values import ProductLine, RecurringRevenue, TeamMember

if TYPE_CHECKING:
    from pcf_sales.opportunities._opportunity import Opportunity

__all__ = [
    "CLOSE_COMMANDS",
    "CLOSE_DATE_COMMANDS",
    "MAX_REASON",
    "STAGE_COMMANDS",
    "OpportunityStatus",
    "check_close_date",
    "check_close_date_changes",
    "check_lines",
    "check_money",
    "check_stages",
    "check_status_fields",
    "checked_tags",
    "checklist",
    "history",
    "lines_total",
    "one_reason",
    "probability",
    "sorted_checklist",
    "stage_key",
    "team",
    "to_team",
]


class OpportunityStatus(Enum):
    """Whether a deal is still being worked, won or lost."""

    OPEN = "open"
    """Being worked, in one of the sales process's stages."""
    WON = "won"
    """Closed won. Can be reopened (a deal closed by mistake, a contract that fell through)."""
    LOST = "lost"
    """Closed lost, with a review of why. Can be reopened when the customer comes back."""


CLOSE_COMMANDS: Final = frozenset({"close_won", "close_lost"})
STAGE_COMMANDS: Final = frozenset({"move_to_stage", "reopen"})
CLOSE_DATE_COMMANDS: Final = frozenset({"change_close_date", "close_won", "close_lost", "reopen"})
MAX_REASON: Final = 2000


def history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


def probability(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Percentage):
        fail(attr.name, f"expected a Percentage, got {describe(value)}")
    if not 0 <= value.percent <= 100:
        fail(attr.name, f"a win probability is between 0 and 100 %, got {value}")


def checklist(value: Iterable[str]) -> tuple[str, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(i, str) for i in items):
        return tuple(sorted(set(items)))
    return items


def sorted_checklist(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(str, unique=True)(inst, attr, value)
    if list(cast("tuple[str, ...]", value)) != sorted(cast("tuple[str, ...]", value)):
        fail(attr.name, "checklist keys are stored sorted")


def to_team(value: Iterable[TeamMember]) -> tuple[TeamMember, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(m, TeamMember) for m in items):
        return tuple(sorted(items, key=lambda m: m.user_id))
    return items


def team(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(TeamMember)(inst, attr, value)
    _check_team(cast("tuple[TeamMember, ...]", value), attr.name)


def _check_team(members: tuple[TeamMember, ...], field: str) -> None:
    users = [m.user_id for m in members]
    if users != sorted(users):
        fail(field, "team members are stored sorted by user id")
    if len(set(users)) != len(users):
        fail(field, "each user is on the team once")
    if members:
        total = sum((m.split.percent for m in members), Decimal(0))
        if total != 100:
            fail(field, f"the revenue splits add up to {total} %, not exactly 100 %")


# --- checks of commands and documents -------------------------------------------------------


def stage_key(process: SalesProcess, stage: object) -> str:
    if not isinstance(stage, str):
        fail("stage", f"expected a stage key, got {describe(stage)}")
    process.index_of(stage)
    return stage


def one_reason(reason: str | None, override_reason: str | None) -> str | None:
    if reason is not None and override_reason is not None:
        fail("reason", "give either a reason or an override_reason, not both")
    return override_reason if override_reason is not None else reason


def checked_tags(tags: Iterable[str], *, at_least_one: bool = False) -> tuple[str, ...]:
    """Tags as given to a command; a single string is refused rather than split into
    one tag per letter."""
    if isinstance(tags, str) or not isinstance(tags, Iterable):
        fail("tags", f"expected a list of tags, got {describe(tags)}")
    values = tuple(tags)
    if at_least_one and not values:
        fail("tags", "give at least one tag")
    for index, tag in enumerate(values):
        if not isinstance(tag, str):
            fail(f"tags[{index}]", f"expected a tag (text), got {describe(tag)}")
        check_text(tag.strip().lower(), f"tags[{index}]", max_length=64)
    return to_tags(values)


def check_lines(lines: Iterable[ProductLine]) -> tuple[ProductLine, ...]:
    if isinstance(lines, str) or not isinstance(lines, Iterable):
        fail("product_lines", f"expected a list of ProductLine, got {describe(lines)}")
    items = tuple(lines)
    seen: set[str] = set()
    for index, line in enumerate(items):
        if not isinstance(line, ProductLine):
            fail(f"product_lines[{index}]", f"expected a ProductLine, got {describe(line)}")
        if line.product_id in seen:
            fail(f"product_lines[{index}]", f"product {line.product_id!r} is on the deal twice")
        seen.add(line.product_id)
    return items


def lines_total(
    lines: tuple[ProductLine, ...], field: str, *, currency: str | None = None
) -> Money:
    code = lines[0].unit_price.currency.code if currency is None else currency
    total = Decimal(0)
    for index, line in enumerate(lines):
        if line.unit_price.currency.code != code:
            raise CurrencyMismatch(code, line.unit_price.currency.code, field=f"{field}[{index}]")
        total = DECIMAL_CONTEXT.add(total, line.total.amount)
    return Money(total, code)


def check_money(
    amount: Money, lines: tuple[ProductLine, ...], recurring: RecurringRevenue | None
) -> None:
    code = amount.currency.code
    if lines:
        seen: set[str] = set()
        for index, line in enumerate(lines):
            if line.product_id in seen:
                fail(f"product_lines[{index}]", f"product {line.product_id!r} is on the deal twice")
            seen.add(line.product_id)
        total = lines_total(lines, "product_lines", currency=code)
        if total != amount:
            fail("amount", f"is {amount.amount} but the product lines total {total.amount}")
    if recurring is not None and recurring.monthly.currency.code != code:
        raise CurrencyMismatch(code, recurring.monthly.currency.code, field="recurring")


def check_stages(deal: Opportunity) -> None:
    visits = deal.stage_history
    if not visits:
        fail("stage_history", "a deal is always in a stage; expected at least one visit")
    for index, visit in enumerate(visits):
        if not deal.process.has_stage(visit.stage):
            fail(
                f"stage_history[{index}].stage",
                f"{visit.stage!r} is not a stage of {deal.process.name!r}",
            )
    if visits[0].entered_at != deal.created_at:
        fail("stage_history[0].entered_at", "the first stage is entered when the deal is opened")
    moves = [e.at for e in deal.history if e.command in STAGE_COMMANDS]
    if [v.entered_at for v in visits[1:]] != moves:
        fail(
            "stage_history",
            "each visit after the first matches one move_to_stage or reopen in the history",
        )


def check_close_date(
    close_date: object, opened: pendulum.DateTime, at: pendulum.DateTime
) -> pendulum.Date:
    """``close_date`` as a date no earlier than the day the deal was ``opened`` (that day
    as seen in the time zone of ``at``)."""
    day = check_date(close_date, "close_date")
    first = opened.astimezone(at.tzinfo).date()
    if day < first:
        fail("close_date", f"{day} is before the deal was opened ({first})")
    return day


def check_close_date_changes(deal: Opportunity) -> None:
    """Each change_close_date in the history has its change, and each change matches a
    command that moves the close date (closing and reopening move it too)."""
    changes = deal.close_date_changes
    matched = 0
    for entry in deal.history:
        if entry.command not in CLOSE_DATE_COMMANDS:
            continue
        if matched < len(changes) and changes[matched].at == entry.at:
            matched += 1
        elif entry.command == "change_close_date":
            matched = -1
            break
    if matched != len(changes):
        fail(
            "close_date_changes",
            "each change matches one change_close_date, close or reopen in the history",
        )


def check_status_fields(deal: Opportunity) -> None:
    status = deal.status
    if (status is OpportunityStatus.OPEN) == (deal.review is not None):
        fail("review", "is set exactly when the deal is won or lost")
    if status is OpportunityStatus.WON:
        if deal.probability.percent != 100 or deal.forecast_category is not ForecastCategory.CLOSED:
            fail("probability", "a won deal has a probability of 100 % and is in closed")
    elif status is OpportunityStatus.LOST:
        if deal.probability.percent != 0 or deal.forecast_category is not ForecastCategory.OMITTED:
            fail("probability", "a lost deal has a probability of 0 % and is omitted")
    elif deal.forecast_category is ForecastCategory.CLOSED:
        fail("forecast_category", "only won deals are in the closed category")
