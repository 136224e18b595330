"""The PCF 3.0 catalogue: the element table, the names that serve it, and coverage."""

from __future__ import annotations

import decimal
import enum
import types
from collections import Counter
from decimal import Decimal
from importlib import resources
from typing import Final

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.errors import ValidationError
from pcf_sales.leads import Lead, QualificationFramework
from pcf_sales.pcf import (
    SERVED_BY,
    Coverage,
    LevelCoverage,
    PcfElement,
    coverage,
    element,
    elements,
    resolve,
    served_by,
)

#: Data lines of the PCF 3.0 seed table (pcf-3.0-elements.tsv): 203 lines, one
#: of them the header. The package ships the same table.
ELEMENT_COUNT: Final = 202
#: Elements per level in that table (the level is the number of dotted parts
#: of the id: 3.0 and 3.1 are both level 2 there).
PER_LEVEL: Final = {2: 6, 3: 26, 4: 144, 5: 26}


# --- the table -------------------------------------------------------------------------------


def test_the_catalogue_holds_every_element_of_the_seed_table() -> None:
    assert len(elements()) == ELEMENT_COUNT


def test_the_bundled_table_has_a_header_and_one_line_per_element() -> None:
    text = resources.files("pcf_sales").joinpath("data/pcf-3.0-elements.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0].split("\t") == ["id", "level", "name"]
    assert len(lines) - 1 == ELEMENT_COUNT


def test_element_ids_are_unique() -> None:
    ids = [e.id for e in elements()]
    assert len(set(ids)) == len(ids)


def test_the_table_starts_with_the_category_itself() -> None:
    first = elements()[0]
    assert first.id == "3.0"
    assert first.name == "Market and Sell Products and Services"
    assert first.parent_id is None


def test_levels_run_from_2_to_5_with_the_seed_counts() -> None:
    counts = Counter(e.level for e in elements())
    assert dict(counts) == PER_LEVEL
    assert sum(PER_LEVEL.values()) == ELEMENT_COUNT


@pytest.mark.parametrize("level", [2, 3, 4, 5])
def test_elements_of_a_level_are_those_of_the_table_with_that_level(level: int) -> None:
    chosen = elements(level=level)
    assert len(chosen) == PER_LEVEL[level]
    assert chosen == tuple(e for e in elements() if e.level == level)


def test_no_element_sits_at_level_1() -> None:
    assert elements(level=1) == ()


def test_every_id_belongs_to_category_3_and_its_depth_is_its_level() -> None:
    for item in elements():
        parts = item.id.split(".")
        assert parts[0] == "3"
        assert all(p.isdigit() for p in parts)
        assert len(parts) == item.level, item


def test_every_parent_exists_and_comes_before_its_children() -> None:
    position = {e.id: i for i, e in enumerate(elements())}
    for index, item in enumerate(elements()):
        if item.id == "3.0":
            continue
        parent_id = item.parent_id
        assert parent_id is not None, item
        assert parent_id in position, item
        assert position[parent_id] < index, item


def test_parents_are_one_level_up_below_the_process_groups() -> None:
    for item in elements():
        if item.level == 2:
            expected = None if item.id == "3.0" else "3.0"
            assert item.parent_id == expected, item
        else:
            assert item.parent_id is not None
            assert element(item.parent_id).level == item.level - 1, item


def test_every_level_3_or_deeper_parent_has_the_childs_id_as_prefix() -> None:
    for item in elements():
        if item.level >= 3:
            assert item.parent_id is not None
            assert item.id.startswith(item.parent_id + "."), item


def test_element_looks_up_by_id() -> None:
    found = element("3.5.1.3")
    assert found == PcfElement(
        id="3.5.1.3", level=4, name="Validate and qualify leads/opportunities"
    )
    assert found.parent_id == "3.5.1"


@pytest.mark.parametrize("bad", ["9.9", "", "3.5.1.3 ", "3.0.0", "3"])
def test_an_unknown_element_id_is_a_validation_error_naming_the_argument(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        element(bad)
    assert caught.value.field == "element_id"
    assert repr(bad) in caught.value.reason


@given(st.text(max_size=12).filter(lambda s: s not in {e.id for e in elements()}))
def test_any_id_not_in_the_table_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        element(text)
    assert caught.value.field == "element_id"


@given(st.sampled_from(elements()))
def test_every_element_is_found_by_its_own_id(item: PcfElement) -> None:
    assert element(item.id) is item


# --- the names that serve each element ---------------------------------------------------------


def test_every_served_element_exists_in_the_table() -> None:
    for element_id in SERVED_BY:
        assert element(element_id).id == element_id


@pytest.mark.parametrize("name", sorted({name for names in SERVED_BY.values() for name in names}))
def test_every_serving_name_resolves_to_a_real_public_object(name: str) -> None:
    assert name.startswith("pcf_sales.")
    assert not any(part.startswith("_") for part in name.split(".")), "private names do not serve"
    obj = resolve(name)
    assert obj is not None
    if isinstance(obj, types.ModuleType):
        assert obj.__name__ == name
    elif isinstance(obj, enum.Enum):  # a kind of activity serves a step: ActivityKind.CALL
        assert obj.name == name.rsplit(".", 1)[1]
    else:
        assert getattr(obj, "__name__", None) == name.rsplit(".", 1)[1]


def test_every_element_lists_each_serving_name_once_and_at_least_one() -> None:
    for element_id, names in SERVED_BY.items():
        assert names, element_id
        assert len(set(names)) == len(names), element_id


def test_resolve_follows_modules_then_attributes() -> None:
    assert resolve("pcf_sales.leads.Lead.receive") == Lead.receive
    assert resolve("pcf_sales.leads.QualificationFramework") is QualificationFramework


def test_served_by_answers_for_served_and_unserved_elements() -> None:
    assert "pcf_sales.leads.QualificationFramework" in served_by("3.5.1.3")
    unserved = coverage().unserved[0]
    assert served_by(unserved) == ()


def test_served_by_an_unknown_element_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        served_by("3.9")
    assert caught.value.field == "element_id"


def test_resolving_a_name_outside_any_module_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        resolve("nowhere_at_all.thing")
    assert caught.value.field == "name"


@pytest.mark.parametrize("bad", ["pcf_sales.leads.NoSuchThing", "pcf_sales.leads.Lead.fly", ""])
def test_resolving_a_name_that_names_nothing_is_a_validation_error(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        resolve(bad)
    assert caught.value.field == "name"


# --- coverage ----------------------------------------------------------------------------------


def test_coverage_counts_every_element_once() -> None:
    report = coverage()
    assert report.total == ELEMENT_COUNT
    assert sum(level.total for level in report.levels) == report.total
    assert {level.level: level.total for level in report.levels} == PER_LEVEL


def test_coverage_never_serves_more_than_there_is() -> None:
    report = coverage()
    for level in report.levels:
        assert 0 <= level.served <= level.total, level
    assert sum(level.served for level in report.levels) == report.served
    assert report.served <= report.total


def test_served_and_unserved_elements_partition_the_catalogue() -> None:
    report = coverage()
    every = [e.id for e in elements()]
    served = set(SERVED_BY)
    assert set(report.unserved).isdisjoint(served)
    assert set(report.unserved) | served == set(every)
    assert len(report.unserved) + report.served == report.total
    assert list(report.unserved) == [i for i in every if i not in served]


def test_coverage_served_per_level_matches_the_served_elements() -> None:
    report = coverage()
    expected = Counter(element(i).level for i in SERVED_BY)
    assert {lv.level: lv.served for lv in report.levels} == {
        lv: expected.get(lv, 0) for lv in PER_LEVEL
    }


def test_coverage_percent_is_served_over_total_to_one_place() -> None:
    report = coverage()
    expected = (Decimal(100) * report.served / report.total).quantize(Decimal("0.1"))
    assert report.percent == expected
    assert Decimal(0) <= report.percent <= Decimal(100)


def _coverage(total: int, served: int) -> Coverage:
    """A consistent coverage of ``served`` out of ``total`` made-up elements."""
    unserved = tuple(f"9.{n}" for n in range(total - served))
    return Coverage(total=total, served=served, levels=(), unserved=unserved)


def test_an_empty_catalogue_is_zero_percent_covered() -> None:
    assert _coverage(0, 0).percent == Decimal(0)


@given(
    st.integers(min_value=1, max_value=10_000).flatmap(
        lambda total: st.tuples(st.just(total), st.integers(min_value=0, max_value=total))
    )
)
def test_coverage_percent_stays_within_half_a_tenth_of_the_exact_share(
    counts: tuple[int, int],
) -> None:
    total, served = counts
    percent = _coverage(total, served).percent
    exact = Decimal(100 * served) / Decimal(total)
    assert percent.as_tuple().exponent == -1
    assert abs(percent - exact) <= Decimal("0.05")
    assert Decimal(0) <= percent <= Decimal(100)


def test_coverage_percent_does_not_depend_on_the_ambient_decimal_context() -> None:
    # 1 of 16 is 6.25 %: a tie, so the rounding mode decides the last digit.
    report = _coverage(16, 1)
    expected = report.percent
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_UP
        ctx.prec = 3
        assert report.percent == expected


def test_a_level_cannot_serve_more_elements_than_it_has() -> None:
    with pytest.raises(ValidationError) as caught:
        LevelCoverage(level=4, total=1, served=2)
    assert caught.value.field == "served"


def test_coverage_must_list_exactly_the_unserved_elements() -> None:
    with pytest.raises(ValidationError) as caught:
        Coverage(total=3, served=1, levels=(), unserved=("3.1",))
    assert caught.value.field == "unserved"


def test_coverage_levels_must_add_up_to_the_total() -> None:
    with pytest.raises(ValidationError) as caught:
        Coverage(
            total=2,
            served=0,
            levels=(LevelCoverage(level=4, total=1, served=0),),
            unserved=("3.1", "3.2"),
        )
    assert caught.value.field == "levels"


def test_coverage_cannot_serve_more_elements_than_there_are() -> None:
    with pytest.raises(ValidationError) as caught:
        Coverage(total=1, served=2, levels=(), unserved=())
    assert caught.value.field == "served"
