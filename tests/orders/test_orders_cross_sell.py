"""Cross-sell and up-sell recommendations from rules and from order history (PCF 3.5.4.6)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.catalog import ProductStatus
from pcf_sales.errors import ValidationError
from pcf_sales.orders import (
    Affinity,
    CrossSellModel,
    Recommendation,
    RecommendationKind,
    RecommendationSource,
    mine_affinities,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    make_affinity,
    make_affinity_rule,
    make_catalog,
    make_cross_sell_model,
    make_product,
    make_upgrade_path,
)
from pcf_sales.testing.strategies import FULFILMENT_SKUS, baskets, cross_sell_models

HISTORY = [
    ["SENS-100", "CAL-KIT"],
    ["SENS-100", "CAL-KIT", "SVC-INSTALL"],
    ["SENS-100", "SVC-INSTALL"],
    ["SENS-100"],
    ["SUB-CLOUD", "CAL-KIT"],
    ["SUB-CLOUD"],
]


def test_support_confidence_and_lift_are_exact_fractions_of_the_counts() -> None:
    pair = make_affinity(together=1, antecedent_count=3, consequent_count=7, baskets=9)
    assert pair.support == Fraction(1, 9)
    assert pair.confidence == Fraction(1, 3)
    assert pair.lift == Fraction(9, 21)


def test_mining_counts_each_pair_in_both_directions() -> None:
    found = {
        (a.antecedent, a.consequent): a
        for a in mine_affinities(HISTORY, min_together=1, min_lift=Decimal(0))
    }
    sensor_to_kit = found[("SENS-100", "CAL-KIT")]
    kit_to_sensor = found[("CAL-KIT", "SENS-100")]
    assert (sensor_to_kit.together, sensor_to_kit.antecedent_count, sensor_to_kit.baskets) == (
        2,
        4,
        6,
    )
    assert sensor_to_kit.confidence == Fraction(1, 2)
    assert kit_to_sensor.confidence == Fraction(2, 3)
    assert sensor_to_kit.lift == kit_to_sensor.lift == Fraction(2 * 6, 4 * 3)


def test_a_sku_twice_in_one_order_counts_once() -> None:
    found = mine_affinities([["A-1", "A-1", "B-1"], ["A-1", "B-1"]], min_lift=Decimal(0))
    assert {(a.antecedent, a.together, a.antecedent_count) for a in found} == {
        ("A-1", 2, 2),
        ("B-1", 2, 2),
    }


def test_thresholds_leave_out_weak_pairs() -> None:
    default = mine_affinities(HISTORY)
    assert all(a.together >= 2 and a.lift >= 1 for a in default)
    strict = mine_affinities(HISTORY, min_together=1, min_confidence=Decimal("0.6"))
    assert all(a.confidence >= Fraction(3, 5) for a in strict)
    assert mine_affinities(HISTORY, min_support=Fraction(1, 2)) == ()


def test_mined_pairs_come_strongest_first() -> None:
    found = mine_affinities(HISTORY, min_together=1, min_lift=Decimal(0))
    keys = [(-a.confidence, -a.lift, -a.support) for a in found]
    assert keys == sorted(keys)


def test_rules_come_first_then_upgrades_then_history_each_with_its_reason() -> None:
    recommendations = make_cross_sell_model().recommend(["SENS-100"])
    assert [(r.sku, r.kind, r.source) for r in recommendations] == [
        ("SVC-INSTALL", RecommendationKind.CROSS_SELL, RecommendationSource.RULE),
        ("KIT-START", RecommendationKind.UP_SELL, RecommendationSource.UPGRADE_PATH),
        ("CAL-KIT", RecommendationKind.CROSS_SELL, RecommendationSource.HISTORY),
    ]
    assert recommendations[0].rule == "install with sensors"
    assert recommendations[2].affinity == make_affinity()
    assert recommendations[2].reason == (
        "CAL-KIT was in 30 of the 40 orders with SENS-100: "
        "support 30.0%, confidence 75.0%, lift 1.50"
    )


def test_what_the_order_already_holds_is_not_offered() -> None:
    recommendations = make_cross_sell_model().recommend(["SENS-100", "CAL-KIT"])
    assert "CAL-KIT" not in [r.sku for r in recommendations]


def test_a_sku_offered_by_a_rule_is_not_offered_again_from_history() -> None:
    model = make_cross_sell_model(
        rules=[make_affinity_rule(recommended_sku="CAL-KIT", reason="calibrate yearly")]
    )
    offered = model.recommend(["SENS-100"])
    assert [r.source for r in offered if r.sku == "CAL-KIT"] == [RecommendationSource.RULE]


def test_only_products_on_sale_are_offered_when_a_catalog_is_given() -> None:
    catalog = make_catalog().with_product(
        make_product(ProductStatus.RETIRED, id="P-2", sku="CAL-KIT", name="Calibration kit")
    )
    offered = make_cross_sell_model(
        upgrades=[make_upgrade_path(recommended_sku="GHOST-1")]
    ).recommend(["SENS-100"], catalog=catalog)
    assert [r.sku for r in offered] == ["SVC-INSTALL"]


def test_the_limit_caps_the_list() -> None:
    assert len(make_cross_sell_model(limit=1).recommend(["SENS-100"])) == 1


def test_an_order_without_triggers_gets_nothing() -> None:
    assert make_cross_sell_model().recommend(["SUB-CLOUD"]) == ()


# -- bad input ----------------------------------------------------------------------------------


def test_inconsistent_counts_are_refused() -> None:
    with pytest.raises(ValidationError) as together:
        make_affinity(together=41)
    with pytest.raises(ValidationError) as total:
        make_affinity(baskets=45)
    with pytest.raises(ValidationError) as same:
        make_affinity(consequent="SENS-100")
    assert (together.value.field, total.value.field, same.value.field) == (
        "together",
        "baskets",
        "consequent",
    )


def test_a_rule_recommending_its_own_trigger_is_refused() -> None:
    with pytest.raises(ValidationError) as rule:
        make_affinity_rule(recommended_sku="SENS-100")
    with pytest.raises(ValidationError) as upgrade:
        make_upgrade_path(recommended_sku="SENS-100")
    assert rule.value.field == upgrade.value.field == "recommended_sku"


def test_two_rules_with_one_name_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        CrossSellModel(rules=[make_affinity_rule(), make_affinity_rule()])
    assert error.value.field == "rules[1].name"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"min_together": 0}, "min_together"),
        ({"min_support": -0.5}, "min_support"),
        ({"min_confidence": Decimal(-1)}, "min_confidence"),
        ({"min_lift": "high"}, "min_lift"),
    ],
)
def test_bad_mining_thresholds_are_refused(arguments: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        mine_affinities(HISTORY, **arguments)  # type: ignore[arg-type]
    assert error.value.field == field


def test_bad_baskets_and_skus_are_refused_naming_where() -> None:
    with pytest.raises(ValidationError) as basket:
        mine_affinities([["A-1"], "A-1"])
    with pytest.raises(ValidationError) as sku:
        mine_affinities([["A-1"], ["not a sku"]])
    with pytest.raises(ValidationError) as order:
        make_cross_sell_model().recommend(["SENS-100", ""])
    assert (basket.value.field, sku.value.field, order.value.field) == (
        "baskets[1]",
        "baskets[1]",
        "skus[1]",
    )


# -- properties --------------------------------------------------------------------------------


@given(baskets())
def test_mined_measures_match_a_direct_count(history: list[list[str]]) -> None:
    sets = [set(basket) for basket in history]
    for pair in mine_affinities(history, min_together=1, min_lift=Decimal(0)):
        both = sum(1 for s in sets if {pair.antecedent, pair.consequent} <= s)
        first = sum(1 for s in sets if pair.antecedent in s)
        second = sum(1 for s in sets if pair.consequent in s)
        assert pair.support == Fraction(both, len(sets))
        assert pair.confidence == Fraction(both, first)
        assert pair.lift == Fraction(both * len(sets), first * second)


@given(cross_sell_models(), st.lists(st.sampled_from(FULFILMENT_SKUS), max_size=3))
def test_recommendations_are_new_distinct_triggered_and_within_the_limit(
    model: CrossSellModel, order: list[str]
) -> None:
    offered = model.recommend(order)
    skus = [r.sku for r in offered]
    assert len(skus) == len(set(skus)) <= model.limit
    assert not set(skus) & set(order)
    assert all(r.because_of in order for r in offered)
    assert all(r.reason for r in offered)


@given(cross_sell_models())
def test_models_round_trip_through_documents(model: CrossSellModel) -> None:
    assert from_document(to_document(model)) == model


@given(st.from_type(Recommendation))
def test_recommendations_round_trip_through_documents(recommendation: Recommendation) -> None:
    assert from_document(to_document(recommendation)) == recommendation


@given(st.from_type(Affinity))
def test_affinities_drawn_by_type_have_lift_consistent_with_confidence(pair: Affinity) -> None:
    assert pair.lift == pair.confidence / Fraction(pair.consequent_count, pair.baskets)
