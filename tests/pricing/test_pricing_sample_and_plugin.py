"""The sample company's pricing, the demo section, the plugin fixtures and the PCF catalogue."""

from __future__ import annotations

import pytest

from pcf_sales import pcf
from pcf_sales.__main__ import pricing_lines
from pcf_sales._sample_pricing import sample_order
from pcf_sales.errors import ValidationError
from pcf_sales.pricing import PriceBook, PriceBookStatus, PricingEngine, RuleOutcome
from pcf_sales.samples import sample_company


def test_the_sample_company_sells_from_active_price_books_in_two_currencies() -> None:
    company = sample_company(7, leads=5)
    assert [book.currency for book in company.price_books] == ["EUR", "USD"]
    assert all(book.status is PriceBookStatus.ACTIVE for book in company.price_books)
    assert [rules.currency for rules in company.pricing_rules] == ["EUR", "USD"]
    assert len(company.catalog.products) == 9
    assert len(company.catalog.bundles) == 2
    assert company.pricing_engine("USD").price_book.currency == "USD"
    with pytest.raises(ValidationError) as error:
        company.pricing_engine("JPY")
    assert error.value.field == "currency"


def test_the_sample_pricing_is_deterministic_from_the_seed() -> None:
    first = sample_company(7, leads=5)
    assert first.catalog == sample_company(7, leads=5).catalog
    assert first.price_books == sample_company(7, leads=5).price_books
    assert first.price_books != sample_company(8, leads=5).price_books


def test_the_sample_order_shows_every_kind_of_step() -> None:
    company = sample_company(leads=5)
    document, context = sample_order(company.as_of.date())
    result = company.pricing_engine().price(document, context)
    applied = {rule for line in result.lines for rule in line.applied_rules()}
    assert {"segment.enterprise", "partner.silver", "promo.autumn-iot", "bundle.lab"} <= applied
    assert {"free.cal-kit", "contract.ac-00012.loggers", "surcharge.training-travel"} <= applied
    excluded = [
        d for line in result.lines for d in line.decisions if d.outcome is RuleOutcome.EXCLUDED
    ]
    assert excluded
    assert result.lines[-1].generated_by == "free.cal-kit"
    usd = company.pricing_engine("EUR").price(
        document.__class__(
            lines=document.lines, currency="USD", header_discount=document.header_discount
        ),
        context,
    )
    assert usd.fx_rates
    assert usd.currency == "USD"
    assert sum(line.net_amount.amount for line in usd.lines) == usd.total.amount


def test_the_demo_prints_the_waterfall_and_the_approvals() -> None:
    text = "\n".join(pricing_lines(sample_company(leads=5)))
    assert "A sample order priced (SO-DEMO-1, EUR)" in text
    assert "Header discount" in text
    assert "Sales manager" in text
    assert "effective 2026-12-01" in text


def test_the_plugin_hands_out_a_price_book_and_an_engine(
    pcf_price_book: PriceBook, pcf_pricing_engine: PricingEngine
) -> None:
    assert pcf_price_book.status is PriceBookStatus.ACTIVE
    assert pcf_pricing_engine.price_book == pcf_price_book


def test_the_served_pcf_pricing_elements_name_real_objects() -> None:
    served = [key for key in pcf.SERVED_BY if key.startswith(("3.2.2", "3.3.3"))]
    assert {"3.2.2", "3.2.2.1", "3.2.2.2", "3.2.2.3", "3.2.2.4", "3.3.3.9", "3.3.3.10"} <= set(
        served
    )
    for key in served:
        assert pcf.element(key).id == key
        for name in pcf.served_by(key):
            assert pcf.resolve(name) is not None
