"""Results never depend on the decimal context a host has set."""

from __future__ import annotations

import decimal
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import allocate, money, sum_money
from pcf_sales.leads import Lead, ScoringModel
from pcf_sales.testing import strategies


def test_a_sum_is_exact_even_when_the_host_lowered_the_precision() -> None:
    amounts = [money("123456.78", "EUR"), money("0.01", "EUR")]
    expected = sum_money(amounts)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert sum_money(amounts) == expected
    assert expected.amount == Decimal("123456.79")


def test_allocation_is_the_same_under_a_host_context_with_low_precision() -> None:
    total = money("1000000.00", "USD")
    expected = allocate(total, [Decimal("1.5"), Decimal("2.25"), 3])
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        ctx.rounding = decimal.ROUND_UP
        assert allocate(total, [Decimal("1.5"), Decimal("2.25"), 3]) == expected


@given(st.from_type(Lead), strategies.scoring_models(), st.integers(min_value=0, max_value=400))
def test_a_score_is_the_same_under_a_host_context_with_low_precision(
    lead: Lead, model: ScoringModel, days: int
) -> None:
    as_of = lead.updated_at.add(days=days)
    expected = model.score(lead, as_of=as_of)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        assert model.score(lead, as_of=as_of) == expected
