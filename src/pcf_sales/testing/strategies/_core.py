"""Strategies for the core kernel: money, time, ids, contact details, lifecycle records."""

from __future__ import annotations

import datetime as _dt
import functools
import string
import typing
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Any, Final, ParamSpec, TypeVar

import pendulum
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.core import (
    COUNTRIES,
    AccountId,
    CampaignId,
    ContactId,
    CountryCode,
    CountryInfo,
    CustomFields,
    EmailAddress,
    FiscalCalendar,
    FiscalYearNaming,
    FxRate,
    FxTable,
    HistoryEntry,
    LeadId,
    OpportunityId,
    PartnerId,
    Percentage,
    Period,
    PeriodKind,
    PersonDetails,
    PhoneNumber,
    ProductId,
    QuoteId,
    RfpId,
    SalesOrderId,
    Scalar,
    SegmentId,
    UserId,
    minor_digits,
)

__all__ = [
    "CURRENCIES",
    "account_ids",
    "campaign_ids",
    "contact_ids",
    "country_codes",
    "country_infos",
    "currencies",
    "custom_fields",
    "dates",
    "email_addresses",
    "fiscal_calendars",
    "fx_rates",
    "fx_tables",
    "history_entries",
    "history_entries_for",
    "identifiers",
    "instants",
    "lead_ids",
    "money",
    "opportunity_ids",
    "partner_ids",
    "percentages",
    "periods",
    "person_details",
    "phone_numbers",
    "product_ids",
    "quote_ids",
    "rfp_ids",
    "sales_order_ids",
    "segment_ids",
    "tags",
    "texts",
    "user_ids",
    "web_domains",
]

#: Currencies drawn by default: USD first (what shrinking settles on), then
#: two- , zero- and three-digit currencies so rounding is exercised.
CURRENCIES: Final = ("USD", "EUR", "GBP", "JPY", "CHF", "KWD")

_EARLIEST: Final = _dt.datetime(2020, 1, 1)  # noqa: DTZ001 - bounds for aware draws below
_LATEST: Final = _dt.datetime(2030, 12, 31)  # noqa: DTZ001
_OFFSETS: Final = (
    _dt.UTC,
    _dt.timezone(_dt.timedelta(hours=1)),
    _dt.timezone(_dt.timedelta(hours=-5)),
    _dt.timezone(_dt.timedelta(hours=5, minutes=30)),
)


_P = ParamSpec("_P")
_T = TypeVar("_T")


def cached_strategy(build: Callable[_P, _T]) -> Callable[_P, _T]:
    """``build`` (a strategy function of hashable arguments) remembering its last few
    hundred strategies: a strategy is an immutable description, and one built afresh in
    every draw makes Hypothesis validate it again in every draw."""
    return typing.cast("Callable[_P, _T]", functools.lru_cache(maxsize=256)(build))


@cached_strategy
def texts(*, min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Printable text without control characters or surrounding whitespace."""
    alphabet = st.characters(
        codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029"
    )
    return (
        st.text(alphabet, min_size=min_size, max_size=max_size)
        .map(str.strip)
        .filter(lambda s: len(s) >= min_size)
    )


@cached_strategy
def identifiers() -> st.SearchStrategy[str]:
    """Ids as hosts make them: letters, digits, ``-`` and ``_``."""
    return st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=24)


@cached_strategy
def lead_ids() -> st.SearchStrategy[LeadId]:
    """Lead ids."""
    return identifiers().map(LeadId)


@cached_strategy
def account_ids() -> st.SearchStrategy[AccountId]:
    """Account ids."""
    return identifiers().map(AccountId)


@cached_strategy
def contact_ids() -> st.SearchStrategy[ContactId]:
    """Contact ids."""
    return identifiers().map(ContactId)


@cached_strategy
def opportunity_ids() -> st.SearchStrategy[OpportunityId]:
    """Opportunity ids."""
    return identifiers().map(OpportunityId)


@cached_strategy
def campaign_ids() -> st.SearchStrategy[CampaignId]:
    """Campaign ids."""
    return identifiers().map(CampaignId)


@cached_strategy
def partner_ids() -> st.SearchStrategy[PartnerId]:
    """Partner ids."""
    return identifiers().map(PartnerId)


@cached_strategy
def product_ids() -> st.SearchStrategy[ProductId]:
    """Product ids."""
    return identifiers().map(ProductId)


@cached_strategy
def quote_ids() -> st.SearchStrategy[QuoteId]:
    """Quote ids."""
    return identifiers().map(QuoteId)


@cached_strategy
def rfp_ids() -> st.SearchStrategy[RfpId]:
    """RFP/RFQ ids."""
    return identifiers().map(RfpId)


@cached_strategy
def sales_order_ids() -> st.SearchStrategy[SalesOrderId]:
    """Sales order ids."""
    return identifiers().map(SalesOrderId)


@cached_strategy
def segment_ids() -> st.SearchStrategy[SegmentId]:
    """Market segment ids."""
    return identifiers().map(SegmentId)


@cached_strategy
def user_ids() -> st.SearchStrategy[UserId]:
    """Ids of the people and systems that give commands."""
    return identifiers().map(UserId)


@cached_strategy
def currencies() -> st.SearchStrategy[str]:
    """ISO 4217 codes from :data:`CURRENCIES`."""
    return st.sampled_from(CURRENCIES)


@cached_strategy
@st.composite
def money(
    draw: st.DrawFn,
    currency: str | None = None,
    *,
    min_amount: Decimal | int = 0,
    max_amount: Decimal | int = 1_000_000,
) -> Money:
    """Amounts rounded to the currency's minor unit, from ``min_amount`` to ``max_amount``."""
    code = draw(currencies()) if currency is None else currency
    digits = minor_digits(code)
    low = int(Decimal(min_amount).scaleb(digits))
    high = int(Decimal(max_amount).scaleb(digits))
    units = draw(st.integers(min_value=low, max_value=high))
    return Money(Decimal(units).scaleb(-digits), code)


@cached_strategy
def instants(
    *,
    min_value: _dt.datetime = _EARLIEST,
    max_value: _dt.datetime = _LATEST,
) -> st.SearchStrategy[pendulum.DateTime]:
    """Aware instants (UTC and a few fixed offsets) between naive wall-clock bounds."""
    return st.datetimes(
        min_value=min_value, max_value=max_value, timezones=st.sampled_from(_OFFSETS)
    ).map(pendulum.instance)


@cached_strategy
def dates(
    *, min_value: _dt.date | None = None, max_value: _dt.date | None = None
) -> st.SearchStrategy[pendulum.Date]:
    """Calendar days (2020 to 2030 unless told otherwise)."""
    low = _EARLIEST.date() if min_value is None else min_value
    high = _LATEST.date() if max_value is None else max_value
    # Hypothesis wants both bounds of one type: plain dates, whatever was given.
    low = _dt.date(low.year, low.month, low.day)
    high = _dt.date(high.year, high.month, high.day)
    return st.dates(min_value=low, max_value=high).map(
        lambda d: pendulum.Date(d.year, d.month, d.day)
    )


@cached_strategy
def percentages(
    *, min_value: Decimal | int = -100, max_value: Decimal | int = 1000, places: int = 2
) -> st.SearchStrategy[Percentage]:
    """Percentages with up to ``places`` decimals."""
    return st.decimals(
        min_value=min_value, max_value=max_value, places=places, allow_nan=False
    ).map(Percentage)


@st.composite
def fx_rates(draw: st.DrawFn) -> FxRate:
    """A quoted rate between two different currencies."""
    base, quote = draw(st.lists(currencies(), min_size=2, max_size=2, unique=True))
    rate = draw(st.decimals(min_value=Decimal("0.0001"), max_value=1000, places=4, allow_nan=False))
    return FxRate(base=base, quote=quote, on=draw(dates()), rate=rate)


@st.composite
def fx_tables(draw: st.DrawFn) -> FxTable:
    """Tables of rates, at most one per pair and day."""
    rates = draw(st.lists(fx_rates(), max_size=6, unique_by=lambda r: (r.base, r.quote, r.on)))
    max_age = draw(st.none() | st.integers(min_value=0, max_value=30))
    return FxTable.from_rates(rates, max_age_days=max_age)


def fiscal_calendars() -> st.SearchStrategy[FiscalCalendar]:
    """Fiscal calendars starting in any month, named either way."""
    return st.builds(
        FiscalCalendar,
        start_month=st.integers(min_value=1, max_value=12),
        naming=st.sampled_from(FiscalYearNaming),
    )


@st.composite
def periods(draw: st.DrawFn, calendar: FiscalCalendar | None = None) -> Period:
    """Fiscal periods of any kind, from ``calendar`` or a drawn one."""
    cal = draw(fiscal_calendars()) if calendar is None else calendar
    return cal.period_of(draw(dates()), draw(st.sampled_from(PeriodKind)))


def country_codes() -> st.SearchStrategy[CountryCode]:
    """Assigned ISO 3166-1 alpha-2 codes (shrinking towards ``US``)."""
    codes = sorted(COUNTRIES, key=lambda c: (c != "US", c))
    return st.sampled_from(codes).map(CountryCode)


def country_infos() -> st.SearchStrategy[CountryInfo]:
    """Rows of the country table."""
    return country_codes().map(lambda c: COUNTRIES[c])


_LABEL: Final = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)


@st.composite
def web_domains(draw: st.DrawFn) -> str:
    """Domain names such as ``acme-7.example``."""
    labels = draw(st.lists(_LABEL, min_size=1, max_size=2))
    tld = draw(st.sampled_from(("com", "example", "de", "io", "co", "org")))
    return ".".join([*labels, tld])


@st.composite
def email_addresses(draw: st.DrawFn, domain: str | None = None) -> EmailAddress:
    """Valid addresses, in mixed case before the ``@``."""
    local = draw(st.from_regex(r"[A-Za-z0-9]{1,10}([._+-][A-Za-z0-9]{1,8})?", fullmatch=True))
    return EmailAddress(f"{local}@{draw(web_domains()) if domain is None else domain}")


def phone_numbers() -> st.SearchStrategy[PhoneNumber]:
    """E.164 numbers."""
    return st.from_regex(r"\+[1-9][0-9]{6,13}", fullmatch=True).map(PhoneNumber)


def _names() -> st.SearchStrategy[str]:
    return st.sampled_from(
        ("Okafor", "Nguyen", "García", "Müller", "Smith", "Kowalski", "Tanaka", "O'Brien")
    ) | texts(max_size=30)


@st.composite
def person_details(draw: st.DrawFn, *, require_name_or_email: bool = False) -> PersonDetails:
    """People; with ``require_name_or_email`` there is a last name or an email."""
    person = PersonDetails(
        first_name=draw(st.none() | _names()),
        last_name=draw(st.none() | _names()),
        email=draw(st.none() | email_addresses()),
        phone=draw(st.none() | phone_numbers()),
        title=draw(st.none() | texts(max_size=40)),
    )
    if require_name_or_email and person.last_name is None and person.email is None:
        return PersonDetails(
            first_name=person.first_name,
            last_name=draw(_names()),
            phone=person.phone,
            title=person.title,
        )
    return person


_KEYS: Final = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_SCALARS: Final[st.SearchStrategy[Scalar]] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    texts(min_size=0, max_size=30),
)


def custom_fields() -> st.SearchStrategy[CustomFields]:
    """Host fields: snake_case names to JSON-safe scalars."""
    return st.dictionaries(_KEYS, _SCALARS, max_size=4).map(CustomFields)


def tags() -> st.SearchStrategy[tuple[str, ...]]:
    """Normalised tag tuples."""
    return st.lists(
        st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True), max_size=4, unique=True
    ).map(lambda items: tuple(sorted(items)))


@st.composite
def history_entries(draw: st.DrawFn, states: type[Enum] | None = None) -> HistoryEntry[Any]:
    """Single history entries over ``states`` (the lead statuses by default)."""
    if states is None:
        from pcf_sales.leads import LeadStatus

        states = LeadStatus
    members = list(states)
    return HistoryEntry(
        command=draw(st.from_regex(r"[a-z][a-z_]{0,20}", fullmatch=True)),
        event=draw(st.from_regex(r"[a-z][a-z_]{0,20}", fullmatch=True)),
        from_state=draw(st.none() | st.sampled_from(members)),
        to_state=draw(st.sampled_from(members)),
        at=draw(instants()),
        by=draw(user_ids()),
        reason=draw(st.none() | texts(max_size=60)),
        overridden=tuple(draw(st.lists(texts(max_size=20), max_size=2, unique=True))),
        changes=tuple(draw(st.lists(_KEYS, max_size=3, unique=True))),
    )


def history_entries_for(tp: Any) -> st.SearchStrategy[HistoryEntry[Any]]:
    """For ``st.from_type(HistoryEntry[SomeStates])``: entries over those states."""
    args = typing.get_args(tp)
    if args and isinstance(args[0], type) and issubclass(args[0], Enum):
        return history_entries(args[0])
    return history_entries()
