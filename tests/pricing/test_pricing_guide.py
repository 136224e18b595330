"""The pricing guide's examples run, and it shows every rule type."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from pcf_sales.pricing import RuleKind

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "pricing.rst"

pytestmark = pytest.mark.skipif(not GUIDE.exists(), reason="the docs are not part of this install")


def test_every_example_in_the_pricing_guide_runs() -> None:
    result = doctest.testfile(str(GUIDE), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 50
    assert result.failed == 0


def test_the_guide_has_an_example_of_every_rule_type() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    constructors = {
        RuleKind.CONTRACT_PRICE: "contract_price",
        RuleKind.VOLUME_TIERS: "volume_tiers",
        RuleKind.SEGMENT_DISCOUNT: "segment_discount",
        RuleKind.CHANNEL_DISCOUNT: "channel_discount",
        RuleKind.PARTNER_TIER_DISCOUNT: "partner_tier_discount",
        RuleKind.BUNDLE_DISCOUNT: "bundle_discount",
        RuleKind.PROMOTION: "promotion",
        RuleKind.FREE_GOODS: "free_goods",
        RuleKind.SURCHARGE: "surcharge",
        RuleKind.MINIMUM_PRICE: "minimum_price",
        RuleKind.MARGIN_FLOOR: "margin_floor",
        RuleKind.MAXIMUM_PRICE: "maximum_price",
    }
    assert set(constructors) == set(RuleKind)
    for name in constructors.values():
        assert re.search(rf"(>>>|\.\.\.) .*PricingRule\.{name}\(", text), name
    assert ".. lifecycle:: pcf_sales.pricing.PRICE_BOOK_LIFECYCLE" in text
