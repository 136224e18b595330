"""Factories for the core kernel types: deterministic, readable defaults."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any, Final

import pendulum
from moneyed import Money

from pcf_sales.core import (
    COUNTRIES,
    CountryInfo,
    CustomFields,
    EmailAddress,
    FiscalCalendar,
    FiscalYearNaming,
    FxRate,
    FxTable,
    Guard,
    HistoryEntry,
    Lifecycle,
    Percentage,
    Period,
    PeriodKind,
    PersonDetails,
    PhoneNumber,
    Scalar,
    Transition,
    UserId,
    money,
)

__all__ = [
    "FIXED_INSTANT",
    "make_country_info",
    "make_custom_fields",
    "make_email_address",
    "make_fiscal_calendar",
    "make_fx_rate",
    "make_fx_table",
    "make_guard",
    "make_history_entry",
    "make_lifecycle",
    "make_money",
    "make_percentage",
    "make_period",
    "make_person_details",
    "make_phone_number",
    "make_transition",
]

#: The instant factories and fixtures start from: Monday 2 March 2026, 09:00 UTC.
FIXED_INSTANT: Final = pendulum.datetime(2026, 3, 2, 9, 0, tz="UTC")


def make_money(amount: Decimal | int | str = "100.00", currency: str = "USD") -> Money:
    """``Money('100.00', 'USD')`` unless told otherwise."""
    return money(amount, currency)


def make_percentage(percent: Decimal | int | str = 10) -> Percentage:
    """10 % unless told otherwise."""
    return Percentage(Decimal(percent))


def make_fiscal_calendar(
    start_month: int = 1, naming: FiscalYearNaming = FiscalYearNaming.ENDING
) -> FiscalCalendar:
    """A calendar-year fiscal calendar unless told otherwise."""
    return FiscalCalendar(start_month=start_month, naming=naming)


def make_period(
    kind: PeriodKind = PeriodKind.QUARTER,
    fiscal_year: int = 2026,
    number: int = 1,
    calendar: FiscalCalendar | None = None,
) -> Period:
    """FY2026 Q1 of a calendar-year fiscal calendar unless told otherwise."""
    return (calendar or make_fiscal_calendar()).period(kind, fiscal_year, number)


def make_fx_rate(
    base: str = "EUR",
    quote: str = "USD",
    rate: Decimal | str = "1.0825",
    on: pendulum.Date | None = None,
) -> FxRate:
    """EUR->USD at 1.0825 on the fixed day unless told otherwise."""
    day = FIXED_INSTANT.date() if on is None else on
    return FxRate(base=base, quote=quote, on=day, rate=Decimal(rate))


def make_fx_table(*rates: FxRate, max_age_days: int | None = None) -> FxTable:
    """A table of ``rates`` (by default EUR->USD and GBP->USD on the fixed day)."""
    chosen = rates or (make_fx_rate(), make_fx_rate(base="GBP", rate="1.2710"))
    return FxTable.from_rates(chosen, max_age_days=max_age_days)


def make_email_address(address: str = "ada.lovelace@analytical-engines.example") -> EmailAddress:
    """A business address unless told otherwise."""
    return EmailAddress(address)


def make_phone_number(e164: str = "+442079460000") -> PhoneNumber:
    """A London number unless told otherwise."""
    return PhoneNumber(e164)


def make_person_details(**overrides: Any) -> PersonDetails:
    """Ada Lovelace, Head of Engineering, with email and phone, unless told otherwise."""
    fields: dict[str, Any] = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": make_email_address(),
        "phone": make_phone_number(),
        "title": "Head of Engineering",
    }
    fields.update(overrides)
    return PersonDetails(**fields)


def make_custom_fields(**values: Scalar) -> CustomFields:
    """``CustomFields`` of ``values`` (empty by default)."""
    return CustomFields(values)


def make_country_info(code: str = "GB") -> CountryInfo:
    """The country table's row for ``code`` (GB by default)."""
    return COUNTRIES[code]


def make_lifecycle() -> Lifecycle[Any, Any]:
    """The lead lifecycle table (lifecycles are declared in code, not made up in tests)."""
    from pcf_sales.leads import LEAD_LIFECYCLE

    return LEAD_LIFECYCLE


def make_transition(command: str = "qualify") -> Transition[Any, Any]:
    """The row for ``command`` of the lead lifecycle table."""
    return make_lifecycle().transition(command)


def make_guard() -> Guard[Any]:
    """The lead lifecycle's guard on qualifying (qualification criteria met)."""
    return make_transition("qualify").guards[0]


def make_history_entry(to_state: Enum | None = None, **overrides: Any) -> HistoryEntry[Any]:
    """A creation entry of a lead (``received`` into ``new``) unless told otherwise."""
    if to_state is None:
        from pcf_sales.leads import LeadStatus

        to_state = LeadStatus.NEW
    fields: dict[str, Any] = {
        "command": "receive",
        "event": "received",
        "from_state": None,
        "to_state": to_state,
        "at": FIXED_INSTANT,
        "by": UserId("user-1"),
    }
    fields.update(overrides)
    return HistoryEntry(**fields)
