"""Account hierarchies: parent links, cycles refused, figures rolled up without losing a cent."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.accounts import AccountHierarchy, HierarchyLink, HierarchyRollUp
from pcf_sales.core import AccountId
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    make_account,
    make_account_hierarchy,
    make_hierarchy_roll_up,
)


def _eur(amount: str) -> Money:
    return Money(amount, "EUR")


def test_a_hierarchy_knows_parents_children_roots_ancestors_and_descendants() -> None:
    h = make_account_hierarchy()
    assert h.roots() == ("group",)
    assert h.children()[AccountId("group")] == ("de", "fr")
    assert h.ancestors(AccountId("fr-lyon")) == ("fr", "group")
    assert h.descendants(AccountId("group")) == ("de", "fr", "fr-lyon")
    assert h.parents()[AccountId("de")] == "group"


def test_rolling_up_adds_each_figure_to_every_ancestor() -> None:
    rolled = make_hierarchy_roll_up("EUR")
    totals = rolled.totals()
    assert totals == {
        "group": _eur("200.00"),
        "de": _eur("50.00"),
        "fr": _eur("50.00"),
        "fr-lyon": _eur("20.00"),
    }
    assert rolled.total == _eur("200.00")
    assert [(line.account_id, line.depth) for line in rolled.lines] == [
        ("group", 0),
        ("de", 1),
        ("fr", 1),
        ("fr-lyon", 2),
    ]
    assert (
        rolled.line(AccountId("fr")).explain(totals) == "fr: own 30.00 + fr-lyon 20.00 = 50.00 EUR"
    )
    assert rolled.explain().splitlines()[0] == "total 200.00 EUR"


def test_accounts_without_a_figure_count_as_zero() -> None:
    rolled = make_account_hierarchy().roll_up({"fr-lyon": _eur("7.00")}, currency="EUR")
    assert rolled.line(AccountId("group")).total == _eur("7.00")
    assert rolled.line(AccountId("de")).own.amount == 0


def test_a_hierarchy_is_built_from_accounts() -> None:
    group = make_account(id=AccountId("group"))
    child = make_account(id=AccountId("child"), parent_account_id=AccountId("group"))
    h = AccountHierarchy.from_accounts([child, group])
    assert h.links == (
        HierarchyLink(account_id=AccountId("child"), parent_id=AccountId("group")),
        HierarchyLink(account_id=AccountId("group")),
    )


@pytest.mark.parametrize(
    ("parents", "cycle"),
    [
        ({"a": "a"}, "a -> a"),
        ({"a": "b", "b": "a"}, "a -> b -> a"),
        ({"root": None, "a": "c", "b": "a", "c": "b"}, "a -> c -> b -> a"),
    ],
)
def test_cycles_are_refused_naming_the_cycle(parents: dict[str, str | None], cycle: str) -> None:
    with pytest.raises(ValidationError) as error:
        AccountHierarchy.from_parents(parents)
    assert error.value.field == "links"
    assert cycle in error.value.reason


def test_an_unknown_parent_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        AccountHierarchy.from_parents({"a": "ghost"})
    assert error.value.field == "links[0].parent_id"


def test_an_account_given_twice_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        AccountHierarchy(links=[HierarchyLink(account_id=AccountId("a"))] * 2)
    assert error.value.field == "links[1].account_id"


def test_would_cycle_tells_before_a_parent_is_set() -> None:
    h = make_account_hierarchy()
    assert h.would_cycle(AccountId("group"), AccountId("fr-lyon"))
    assert h.would_cycle(AccountId("fr"), AccountId("fr"))
    assert not h.would_cycle(AccountId("de"), AccountId("fr"))
    assert not h.would_cycle(AccountId("de"), None)
    with pytest.raises(ValidationError) as error:
        h.would_cycle(AccountId("de"), AccountId("ghost"))
    assert error.value.field == "parent_id"


def test_rolling_up_refuses_other_currencies_and_strangers() -> None:
    h = make_account_hierarchy()
    with pytest.raises(CurrencyMismatch) as mismatch:
        h.roll_up({"de": Money("1.00", "USD")}, currency="EUR")
    assert mismatch.value.field == "figures.de"
    with pytest.raises(ValidationError) as stranger:
        h.roll_up({"ghost": _eur("1.00")}, currency="EUR")
    assert stranger.value.field == "figures"
    with pytest.raises(ValidationError) as not_money:
        h.roll_up({"de": Decimal(1)}, currency="EUR")  # type: ignore[dict-item]
    assert not_money.value.field == "figures.de"
    with pytest.raises(ValidationError) as currency:
        h.roll_up({}, currency="eur")
    assert currency.value.field == "currency"


def test_asking_about_an_unknown_account_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_account_hierarchy().ancestors(AccountId("ghost"))
    assert error.value.field == "account_id"


# --- properties -----------------------------------------------------------------------


@given(strategies.hierarchy_roll_ups())
def test_the_sum_of_all_figures_is_conserved_at_the_top(rolled: HierarchyRollUp) -> None:
    own = sum((line.own.amount for line in rolled.lines), Decimal(0))
    roots = sum((line.total.amount for line in rolled.lines if line.depth == 0), Decimal(0))
    assert rolled.total.amount == own == roots


@given(strategies.hierarchy_roll_ups())
def test_each_total_is_its_own_figure_plus_its_childrens_totals(rolled: HierarchyRollUp) -> None:
    totals = rolled.totals()
    for line in rolled.lines:
        children = sum((totals[c].amount for c in line.children), Decimal(0))
        assert line.total.amount == line.own.amount + children


@given(strategies.hierarchy_roll_ups())
def test_each_total_is_the_sum_over_the_account_and_its_descendants(
    rolled: HierarchyRollUp,
) -> None:
    own = {line.account_id: line.own.amount for line in rolled.lines}
    hierarchy = AccountHierarchy(
        links=[
            HierarchyLink(account_id=ln.account_id, parent_id=ln.parent_id) for ln in rolled.lines
        ]
    )
    for line in rolled.lines:
        below = sum((own[d] for d in hierarchy.descendants(line.account_id)), Decimal(0))
        assert line.total.amount == line.own.amount + below


@given(strategies.account_hierarchies(min_size=1), st.data())
def test_any_back_link_into_a_subtree_makes_a_cycle_that_is_refused(
    hierarchy: AccountHierarchy, data: st.DataObject
) -> None:
    top = data.draw(st.sampled_from([link.account_id for link in hierarchy.links]))
    below = (top, *hierarchy.descendants(top))
    target = data.draw(st.sampled_from(below))
    assert hierarchy.would_cycle(top, target)
    parents: dict[AccountId, AccountId | None] = dict(hierarchy.parents())
    parents[AccountId(top)] = AccountId(target)
    with pytest.raises(ValidationError) as error:
        AccountHierarchy.from_parents(parents)
    assert "cycle" in error.value.reason


@given(strategies.account_hierarchies(min_size=2), st.data())
def test_a_link_outside_the_subtree_keeps_the_hierarchy_acyclic(
    hierarchy: AccountHierarchy, data: st.DataObject
) -> None:
    top = data.draw(st.sampled_from([link.account_id for link in hierarchy.links]))
    outside = [
        link.account_id
        for link in hierarchy.links
        if link.account_id != top and link.account_id not in hierarchy.descendants(top)
    ]
    assume(outside)
    target = data.draw(st.sampled_from(outside))
    assert not hierarchy.would_cycle(top, target)
    parents: dict[AccountId, AccountId | None] = dict(hierarchy.parents())
    parents[AccountId(top)] = AccountId(target)
    assert AccountHierarchy.from_parents(parents).ancestors(AccountId(top))[0] == target


@given(strategies.account_hierarchies(), st.randoms())
def test_the_order_links_are_given_in_does_not_matter(
    hierarchy: AccountHierarchy, rng: random.Random
) -> None:
    links = list(hierarchy.links)
    rng.shuffle(links)
    assert AccountHierarchy(links=links) == hierarchy


@given(strategies.hierarchy_roll_ups())
def test_roll_ups_round_trip_through_their_documents(rolled: HierarchyRollUp) -> None:
    assert from_document(to_document(rolled)) == rolled


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1.005"])
def test_rolling_up_a_figure_that_is_not_a_finite_rounded_amount_is_refused(amount: str) -> None:
    hierarchy = AccountHierarchy.from_parents({"group": None, "de": "group"})
    with pytest.raises(ValidationError) as caught:
        hierarchy.roll_up({"de": Money(amount, "EUR")}, currency="EUR")
    assert caught.value.field == "figures.de"
