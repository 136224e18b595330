"""Value objects an opportunity holds: its source, product lines, recurring revenue, team and
revenue splits, next step, stage visits and close-date changes."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import (
    DECIMAL_CONTEXT,
    CampaignId,
    LeadId,
    PartnerId,
    Percentage,
    ProductId,
    UserId,
    round_amount,
)
from pcf_sales.core._validate import (
    check_id,
    describe,
    fail,
    is_date,
    is_decimal,
    is_enum,
    is_id,
    is_instant,
    is_int,
    is_text,
    optional,
    to_date,
    to_decimal,
    to_instant,
    to_optional_date,
    to_optional_text,
    to_text,
)
from pcf_sales.opportunities._checks import check_enum, money_validator

__all__ = [
    "CloseDateChange",
    "NextStep",
    "OpportunitySource",
    "ProductLine",
    "RecurringRevenue",
    "RevenueSplit",
    "StageVisit",
    "TeamMember",
    "TeamRole",
    "even_team",
]


@attrs.frozen(kw_only=True)
class OpportunitySource:
    """Where a deal came from: the lead it was converted from, the campaign and the partner.

    Any of them may be unknown; together they let marketing and partner
    programmes claim the pipeline they sourced.
    """

    lead_id: LeadId | None = attrs.field(default=None, validator=optional(is_id))
    campaign_id: CampaignId | None = attrs.field(default=None, validator=optional(is_id))
    partner_id: PartnerId | None = attrs.field(default=None, validator=optional(is_id))


def _share(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Percentage):
        fail(attr.name, f"expected a Percentage, got {describe(value)}")
    if not 0 <= value.percent <= 100:
        fail(attr.name, f"must be between 0 and 100 %, got {value}")


@attrs.frozen(kw_only=True)
class ProductLine:
    """A product or service on the deal, by catalog id, with its own price.

    ``total`` is quantity times unit price less the discount, rounded half-up to
    the currency's minor unit once.

    >>> from pcf_sales.core import money
    >>> line = ProductLine(product_id="P-1", quantity=Decimal(3),
    ...                    unit_price=money("1200.00", "EUR"), discount=Percentage(10))
    >>> line.total
    Money('3240.00', 'EUR')
    """

    product_id: ProductId = attrs.field(validator=is_id)
    quantity: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    unit_price: Money = attrs.field(validator=money_validator)
    discount: Percentage = attrs.field(factory=lambda: Percentage(0), validator=_share)
    description: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=500))
    )

    def __attrs_post_init__(self) -> None:
        if self.quantity <= 0:
            fail("quantity", f"must be more than 0, got {self.quantity}")

    @property
    def total(self) -> Money:
        """Quantity times unit price times (1 - discount), rounded half-up to the minor unit."""
        ctx = DECIMAL_CONTEXT
        gross = ctx.multiply(self.quantity, self.unit_price.amount)
        kept = ctx.subtract(Decimal(1), self.discount.percent.scaleb(-2, context=ctx))
        code = self.unit_price.currency.code
        return Money(round_amount(ctx.multiply(gross, kept), code), self.unit_price.currency)


@attrs.frozen(kw_only=True)
class RecurringRevenue:
    """Revenue that recurs every month for a term (a subscription or service contract)."""

    monthly: Money = attrs.field(validator=money_validator)
    term_months: int = attrs.field(validator=is_int(minimum=1, maximum=600))

    @property
    def annual(self) -> Money:
        """Twelve months of it (annual recurring revenue)."""
        return Money(self.monthly.amount * 12, self.monthly.currency)

    @property
    def total(self) -> Money:
        """The whole term's worth (monthly times term)."""
        return Money(self.monthly.amount * self.term_months, self.monthly.currency)


class TeamRole(Enum):
    """What a member of the deal team does on the deal."""

    ACCOUNT_EXECUTIVE = "account_executive"
    SALES_ENGINEER = "sales_engineer"
    SPECIALIST = "specialist"
    """An overlay specialist for a product line."""
    PARTNER_MANAGER = "partner_manager"
    SALES_MANAGER = "sales_manager"
    CUSTOMER_SUCCESS = "customer_success"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class TeamMember:
    """A user on the deal team, their role and their share of the revenue credit.

    The splits of a deal's team add up to exactly 100 % (see
    :func:`even_team` for equal shares that do).
    """

    user_id: UserId = attrs.field(validator=is_id)
    role: TeamRole = attrs.field(validator=is_enum(TeamRole))
    split: Percentage = attrs.field(validator=_share)


@attrs.frozen(kw_only=True)
class RevenueSplit:
    """One team member's credit for a deal: their share and the amount it comes to."""

    user_id: UserId = attrs.field(validator=is_id)
    share: Percentage = attrs.field(validator=_share)
    amount: Money = attrs.field(validator=money_validator)


#: Splits are handed out in hundredths of a percent.
_UNITS: Final = 10_000


def even_team(members: Iterable[tuple[UserId, TeamRole]]) -> tuple[TeamMember, ...]:
    """A team sharing the revenue credit equally, in hundredths of a percent, exactly.

    The hundredths left over go one each to the first members by user id,
    so the splits always add up to 100 %.

    >>> [str(m.split) for m in even_team([("u-1", TeamRole.ACCOUNT_EXECUTIVE),
    ...                                   ("u-2", TeamRole.SALES_ENGINEER),
    ...                                   ("u-3", TeamRole.SPECIALIST)])]
    ['33.34 %', '33.33 %', '33.33 %']
    """
    given = list(members)
    if not given:
        fail("members", "a team has at least one member")
    checked: list[tuple[UserId, TeamRole]] = []
    for index, item in enumerate(given):
        if not (isinstance(item, tuple) and len(item) == 2):
            fail(f"members[{index}]", f"expected (user_id, role), got {describe(item)}")
        user = UserId(check_id(item[0], f"members[{index}].user_id"))
        checked.append((user, check_enum(TeamRole, item[1], f"members[{index}].role")))
    checked.sort(key=lambda pair: pair[0])
    users = [user for user, _ in checked]
    if len(set(users)) != len(users):
        fail("members", "each user is on the team once")
    base, left = divmod(_UNITS, len(checked))
    return tuple(
        TeamMember(
            user_id=user,
            role=role,
            split=Percentage(
                Decimal(base + (1 if index < left else 0)).scaleb(-2, context=DECIMAL_CONTEXT)
            ),
        )
        for index, (user, role) in enumerate(checked)
    )


@attrs.frozen(kw_only=True)
class NextStep:
    """What happens next on the deal, and by when."""

    description: str = attrs.field(converter=to_text, validator=is_text(max_length=500))
    due: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )


@attrs.frozen(kw_only=True)
class StageVisit:
    """The deal entered ``stage`` at ``entered_at`` (and stayed until the next visit or
    until it closed)."""

    stage: str = attrs.field(validator=is_text(max_length=64))
    entered_at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)


@attrs.frozen(kw_only=True)
class CloseDateChange:
    """The expected close date moved from ``from_date`` to ``to_date`` at ``at``.

    A move to a later date is a push (the deal slipped).
    """

    at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    from_date: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    to_date: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    reason: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )

    def __attrs_post_init__(self) -> None:
        if self.from_date == self.to_date:
            fail("to_date", f"is the same as from_date ({self.from_date}); nothing moved")

    @property
    def days(self) -> int:
        """How many days the date moved: positive for a push, negative for a pull-in."""
        return self.to_date.toordinal() - self.from_date.toordinal()

    @property
    def is_push(self) -> bool:
        """True when the date moved later."""
        return self.to_date > self.from_date
