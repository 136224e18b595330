"""Win/loss figures and the proposal acceptance rate, read from the quotes (PCF 3.5.3.15)."""

from __future__ import annotations

import decimal
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, FxTable, Percentage, QuoteId, round_amount
from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    check_instant,
    describe,
    fail,
    is_bool,
    is_date,
    is_enum,
    is_id,
    is_instance,
    is_instant,
    is_int,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_instant,
    to_optional_date,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.opportunities import CloseReason, PriceFeedback
from pcf_sales.proposals._quote import Quote
from pcf_sales.proposals._quote_lifecycle import QuoteStatus

__all__ = ["QuoteOutcome", "QuoteOutcomes", "QuoteResult", "Tally", "quote_outcomes"]

_TENTH: Final = Decimal("0.1")


class QuoteResult(Enum):
    """How a quote stands in an outcome report."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXPIRED = "expired"
    """Marked expired, or still open past its last valid day."""
    WITHDRAWN = "withdrawn"
    """We took it back: no customer decision, left out of the acceptance rate."""
    OPEN = "open"
    """Still with us or the customer, and valid."""


@attrs.frozen(kw_only=True)
class QuoteOutcome:
    """One quote as counted: its latest version at the report's instant, how it stands,
    whether the customer had seen it (``presented``), its total (in its own currency and
    in the report's) and what the customer said. ``note`` says how the result was
    reached."""

    quote_id: QuoteId = attrs.field(validator=is_id)
    version: int = attrs.field(validator=is_int(minimum=1))
    result: QuoteResult = attrs.field(validator=is_enum(QuoteResult))
    presented: bool = attrs.field(validator=is_bool)
    total: Money = attrs.field(validator=is_money)
    value: Money = attrs.field(validator=is_money)
    decided_on: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    reasons: tuple[CloseReason, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(CloseReason)
    )
    competitor: str | None = attrs.field(default=None, validator=optional(is_text()))
    price_feedback: PriceFeedback | None = attrs.field(
        default=None, validator=optional(is_enum(PriceFeedback))
    )
    note: str = attrs.field(validator=is_text(max_length=500))


@attrs.frozen(kw_only=True)
class Tally:
    """How many quotes gave ``key`` (a reason code, a competitor, a price feedback)."""

    key: str = attrs.field(validator=is_text())
    count: int = attrs.field(validator=is_int(minimum=1))


def _currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        fail(attr.name, f"expected an ISO 4217 currency code, got {describe(value)}")
    check_currency(value, attr.name)


@attrs.frozen(kw_only=True)
class QuoteOutcomes:
    """Win/loss figures of a set of quotes at ``as_of``, in ``currency``.

    ``acceptance_rate`` is accepted / (accepted + rejected + expired) over the
    quotes the customer was presented, to 0.1 % (``None`` when none is
    decided): withdrawn and open quotes, and quotes that expired before anyone
    presented them, are left out. ``value_rate`` is the same share of the quotes' value. Reasons,
    competitors and price feedback are counted over the rejected quotes
    (``loss_reasons``, ``competitors``, ``price_feedback``) and the accepted
    ones (``win_reasons``), most frequent first.
    """

    as_of: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    currency: str = attrs.field(validator=_currency)
    quotes: tuple[QuoteOutcome, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(QuoteOutcome)
    )
    acceptance_rate: Percentage | None = attrs.field(
        default=None, validator=optional(is_instance(Percentage))
    )
    value_rate: Percentage | None = attrs.field(
        default=None, validator=optional(is_instance(Percentage))
    )
    win_reasons: tuple[Tally, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Tally)
    )
    loss_reasons: tuple[Tally, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Tally)
    )
    competitors: tuple[Tally, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Tally)
    )
    price_feedback: tuple[Tally, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Tally)
    )

    def count(self, result: QuoteResult) -> int:
        """How many quotes stand at ``result``."""
        return sum(1 for quote in self.quotes if quote.result is result)

    def value(self, result: QuoteResult) -> Money:
        """The value of the quotes that stand at ``result``, in the report's currency."""
        total = Decimal(0)
        for quote in self.quotes:
            if quote.result is result:
                total += quote.value.amount
        return Money(total, self.currency)

    def explain(self) -> str:
        """The figures and every quote behind them, as text."""
        counts = {result: self.count(result) for result in QuoteResult}
        decided = sum(1 for quote in self.quotes if _decided(quote))
        rate = "n/a" if self.acceptance_rate is None else str(self.acceptance_rate)
        lines = [
            f"{len(self.quotes)} quote(s) as of {self.as_of.isoformat()}: "
            + ", ".join(f"{counts[r]} {r.value}" for r in QuoteResult),
            f"acceptance rate {rate} = {counts[QuoteResult.ACCEPTED]} accepted / {decided} "
            "presented and decided (accepted + rejected + expired)",
            f"accepted value {self.value(QuoteResult.ACCEPTED).amount} {self.currency}, "
            f"lost {self.value(QuoteResult.REJECTED).amount}, "
            f"expired {self.value(QuoteResult.EXPIRED).amount}",
        ]
        for title, tallies in (
            ("loss reasons", self.loss_reasons),
            ("lost to", self.competitors),
            ("price feedback", self.price_feedback),
            ("win reasons", self.win_reasons),
        ):
            if tallies:
                lines.append(f"{title}: " + ", ".join(f"{t.key} {t.count}" for t in tallies))
        lines.extend(
            f"  {q.quote_id} v{q.version}: {q.result.value}, {q.total.amount} "
            f"{q.total.currency.code} ({q.note})"
            for q in self.quotes
        )
        return "\n".join(lines)


def _as_of(quote: Quote, moment: pendulum.DateTime) -> tuple[QuoteStatus, pendulum.DateTime]:
    """The version's status at ``moment`` and when it got there."""
    status, since = quote.history[0].to_state, quote.history[0].at
    for entry in quote.history[1:]:
        if entry.at > moment:
            break
        status, since = entry.to_state, entry.at
    return status, since


_RESULTS: Final = {
    QuoteStatus.ACCEPTED: QuoteResult.ACCEPTED,
    QuoteStatus.REJECTED: QuoteResult.REJECTED,
    QuoteStatus.EXPIRED: QuoteResult.EXPIRED,
    QuoteStatus.WITHDRAWN: QuoteResult.WITHDRAWN,
}


def _decided(quote: QuoteOutcome) -> bool:
    return quote.presented and quote.result in (
        QuoteResult.ACCEPTED,
        QuoteResult.REJECTED,
        QuoteResult.EXPIRED,
    )


def _outcome(
    quote: Quote, moment: pendulum.DateTime, currency: str, fx: FxTable | None, index: int
) -> QuoteOutcome:
    total = quote.total
    value = _value(quote, total, currency, fx, index)
    status, since = _as_of(quote, moment)
    result = _RESULTS.get(status)
    decided_on = since.date() if result is not None else None
    note = f"{status.value} since {since.date().isoformat()}"
    if result is None:
        if moment.date() > quote.valid_until:
            result = QuoteResult.EXPIRED
            decided_on = quote.valid_until.add(days=1)
            note = f"{status.value} past its last valid day {quote.valid_until.isoformat()}"
        else:
            result = QuoteResult.OPEN
    review = quote.outcome if result in (QuoteResult.ACCEPTED, QuoteResult.REJECTED) else None
    return QuoteOutcome(
        quote_id=quote.id,
        version=quote.version,
        result=result,
        presented=quote.presented_at is not None and quote.presented_at <= moment,
        total=total,
        value=value,
        decided_on=decided_on,
        reasons=() if review is None else review.reasons,
        competitor=None if review is None else review.competitor,
        price_feedback=None if review is None else review.price_feedback,
        note=note,
    )


def _value(quote: Quote, total: Money, currency: str, fx: FxTable | None, index: int) -> Money:
    if quote.currency == currency:
        return total
    if fx is None:
        raise CurrencyMismatch(currency, quote.currency, field=f"quotes[{index}]")
    rate = fx.rate(quote.currency, currency, on=quote.pricing.priced_on).rate
    return Money(round_amount(DECIMAL_CONTEXT.multiply(total.amount, rate), currency), currency)


def _tallies(values: Iterable[str]) -> tuple[Tally, ...]:
    counted = Counter(values)
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Tally(key=key, count=count) for key, count in ordered)


def _rate(part: Decimal, whole: Decimal) -> Percentage | None:
    if whole == 0:
        return None
    with decimal.localcontext(DECIMAL_CONTEXT):
        return Percentage((part * 100 / whole).quantize(_TENTH))


def quote_outcomes(
    quotes: Iterable[Quote],
    *,
    as_of: pendulum.DateTime,
    currency: str | None = None,
    fx: FxTable | None = None,
) -> QuoteOutcomes:
    """Win/loss figures and the acceptance rate of ``quotes`` as they stood at ``as_of``.

    Each quote counts once, as its latest version drafted by ``as_of``, in the
    status its history had at ``as_of``; an open version past its last valid
    day counts as expired. Values are in ``currency`` (by default the currency of
    the first quote that counts; required when none counts); quotes in other
    currencies need ``fx`` (rates on their pricing dates).

    >>> from pcf_sales.testing.factories import make_quote
    >>> from pcf_sales.proposals import QuoteStatus
    >>> quotes = [make_quote(QuoteStatus.ACCEPTED, id="Q-1"),
    ...           make_quote(QuoteStatus.REJECTED, id="Q-2")]
    >>> report = quote_outcomes(quotes, as_of=pendulum.datetime(2026, 3, 31, tz="UTC"))
    >>> str(report.acceptance_rate), report.competitors[0].key
    ('50 %', 'Globex')
    """
    moment = check_instant(as_of, "as_of")
    if fx is not None and not isinstance(fx, FxTable):
        fail("fx", f"expected an FxTable, got {describe(fx)}")
    given = to_tuple(quotes)
    if not isinstance(given, tuple):
        fail("quotes", f"expected a list of Quote, got {describe(quotes)}")
    latest: dict[str, tuple[int, Quote]] = {}
    for index, quote in enumerate(given):
        if not isinstance(quote, Quote):
            fail(f"quotes[{index}]", f"expected a Quote, got {describe(quote)}")
        if quote.drafted_at > moment:
            continue
        held = latest.get(quote.id)
        if held is not None and held[1].version == quote.version and held[1] != quote:
            fail(f"quotes[{index}]", f"version {quote.version} of {quote.id} is given twice")
        if held is None or quote.version > held[1].version:
            latest[quote.id] = (index, quote)
    chosen = sorted(latest.values(), key=lambda pair: pair[1].id)
    for index, quote in chosen:
        if _as_of(quote, moment)[0] is QuoteStatus.SUPERSEDED:
            fail(
                f"quotes[{index}]",
                f"version {quote.version} of {quote.id} was superseded by version "
                f"{quote.superseded_by}, which is not among the quotes",
            )
    if currency is None and not chosen:
        fail("currency", "no quote counts at as_of to take the currency from; give currency")
    code = currency if currency is not None else chosen[0][1].currency
    check_currency(code, "currency")
    rows = tuple(_outcome(q, moment, code, fx, i) for i, q in chosen)
    accepted = [r for r in rows if r.result is QuoteResult.ACCEPTED]
    rejected = [r for r in rows if r.result is QuoteResult.REJECTED]
    decided = [r for r in rows if _decided(r)]
    return QuoteOutcomes(
        as_of=moment,
        currency=code,
        quotes=rows,
        acceptance_rate=_rate(Decimal(len(accepted)), Decimal(len(decided))),
        value_rate=_rate(
            sum((r.value.amount for r in accepted), Decimal(0)),
            sum((r.value.amount for r in decided), Decimal(0)),
        ),
        win_reasons=_tallies(reason.value for r in accepted for reason in r.reasons),
        loss_reasons=_tallies(reason.value for r in rejected for reason in r.reasons),
        competitors=_tallies(r.competitor for r in rejected if r.competitor is not None),
        price_feedback=_tallies(
            r.price_feedback.value for r in rejected if r.price_feedback is not None
        ),
    )
