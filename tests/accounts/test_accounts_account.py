"""Example tests of the Account aggregate: every command, every refusal, every bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.accounts import (
    ACCOUNT_LIFECYCLE,
    Account,
    AccountStatus,
    AccountTeamMember,
    AccountTeamRole,
    Address,
    SizeBand,
)
from pcf_sales.core import AccountId, CountryCode, CustomFields, SegmentId, UserId
from pcf_sales.errors import InvalidTransition, ValidationError
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import FIXED_INSTANT, make_account, make_address

BY = UserId("am-7")


def _next(account: Account, hours: int = 1) -> pendulum.DateTime:
    return account.updated_at.add(hours=hours)


def _check_step(
    before: Account,
    after: Account,
    command: str,
    event: str,
    to_state: AccountStatus,
    *,
    reason: str | None = None,
    changes: tuple[str, ...] = (),
) -> None:
    assert after.status is to_state
    assert after.revision == before.revision + 1
    assert after.history[:-1] == before.history
    entry = after.history[-1]
    assert (entry.command, entry.event) == (command, event)
    assert entry.from_state is before.status
    assert entry.to_state is to_state
    assert entry.by == BY
    assert entry.reason == reason
    assert entry.changes == changes
    untouched = {f.name for f in attrs.fields(Account)} - {"status", "revision", "history"}
    for name in untouched - set(changes):
        assert getattr(after, name) == getattr(before, name), name


# --- open -----------------------------------------------------------------------------


def test_opening_an_account_creates_a_prospect_at_revision_one() -> None:
    account = Account.open(
        id=AccountId("A-1"),
        at=FIXED_INSTANT,
        by=BY,
        name="  Cobalt Labs ",
        legal_name="Cobalt Labs GmbH",
        domain="https://www.Cobalt-Labs.example/about",
        industry="software",
        size_band=SizeBand.MEDIUM,
        segment_id=SegmentId("mid-market"),
        parent_account_id=AccountId("A-0"),
        billing_address=make_address(),
        owner=UserId("am-1"),
        team=[
            AccountTeamMember(user_id=UserId("se-2"), role=AccountTeamRole.SALES_ENGINEER),
            AccountTeamMember(user_id=UserId("am-1"), role=AccountTeamRole.ACCOUNT_MANAGER),
        ],
        tags=(" Key ", "key", "DACH"),
        custom_fields=CustomFields({"erp_number": "C-1042"}),
    )
    assert account.status is AccountStatus.PROSPECT
    assert account.revision == 1
    assert account.name == "Cobalt Labs"
    assert account.domain == "cobalt-labs.example"
    assert account.tags == ("dach", "key")
    assert [m.user_id for m in account.team] == ["am-1", "se-2"]
    assert account.opened_at == account.updated_at == FIXED_INSTANT
    assert not account.is_customer
    (entry,) = account.history
    assert (entry.command, entry.event, entry.from_state, entry.to_state) == (
        "open",
        "opened",
        None,
        AccountStatus.PROSPECT,
    )
    assert "domain" in entry.changes


def test_an_account_needs_a_name() -> None:
    with pytest.raises(ValidationError) as error:
        Account.open(id=AccountId("A-1"), at=FIXED_INSTANT, by=BY, name="  ")
    assert error.value.field == "name"


def test_an_account_cannot_be_opened_as_its_own_parent() -> None:
    with pytest.raises(ValidationError) as error:
        make_account(id=AccountId("A-1"), parent_account_id=AccountId("A-1"))
    assert error.value.field == "parent_account_id"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("domain", "not a domain"),
        ("size_band", "large"),
        ("owner", "has space"),
        ("billing_address", {"country": "DE"}),
        ("team", ["am-1"]),
        ("custom_fields", {"Bad Key": 1}),
    ],
)
def test_opening_refuses_bad_values_naming_the_field(field: str, value: object) -> None:
    overrides: dict[str, Any] = {field: value}
    with pytest.raises(ValidationError) as error:
        make_account(**overrides)
    assert error.value.field.split("[")[0].split(".")[0] == field


def test_opening_refuses_a_naive_instant() -> None:
    with pytest.raises(ValidationError) as error:
        make_account(at=pendulum.naive(2026, 3, 2, 9))
    assert error.value.field == "at"


def test_opening_refuses_a_blank_tag() -> None:
    with pytest.raises(ValidationError) as error:
        make_account(tags=("ok", " "))
    assert error.value.field == "tags[1]"


# --- lifecycle ------------------------------------------------------------------------


def test_a_prospect_that_buys_becomes_a_customer() -> None:
    prospect = make_account()
    customer = prospect.become_customer(at=_next(prospect), by=BY, reason="first order")
    _check_step(
        prospect, customer, "become_customer", "became_customer", AccountStatus.CUSTOMER,
        reason="first order",
    )  # fmt: skip
    assert customer.is_customer


def test_a_customer_without_recent_business_goes_dormant() -> None:
    customer = make_account(AccountStatus.CUSTOMER)
    dormant = customer.go_dormant(at=_next(customer), by=BY)
    _check_step(customer, dormant, "go_dormant", "went_dormant", AccountStatus.DORMANT)
    assert dormant.is_customer


@pytest.mark.parametrize("status", [AccountStatus.CUSTOMER, AccountStatus.DORMANT])
def test_a_customer_or_dormant_account_churns_with_a_reason(status: AccountStatus) -> None:
    before = make_account(status)
    after = before.churn(reason="budget cut", at=_next(before), by=BY)
    _check_step(before, after, "churn", "churned", AccountStatus.CHURNED, reason="budget cut")
    assert not after.is_customer


@pytest.mark.parametrize("blank", ["", "   "])
def test_churning_needs_a_reason(blank: str) -> None:
    customer = make_account(AccountStatus.CUSTOMER)
    snapshot = to_document(customer)
    with pytest.raises(ValidationError) as error:
        customer.churn(reason=blank, at=_next(customer), by=BY)
    assert error.value.field == "reason"
    assert to_document(customer) == snapshot


@pytest.mark.parametrize("status", [AccountStatus.DORMANT, AccountStatus.CHURNED])
def test_a_dormant_or_churned_account_is_reactivated_as_a_customer(status: AccountStatus) -> None:
    before = make_account(status)
    after = before.reactivate(at=_next(before), by=BY, reason="new order")
    _check_step(
        before, after, "reactivate", "reactivated", AccountStatus.CUSTOMER, reason="new order"
    )


def test_a_prospect_that_will_not_buy_is_disqualified_with_a_reason() -> None:
    prospect = make_account()
    lost = prospect.disqualify(reason="no budget this decade", at=_next(prospect), by=BY)
    _check_step(
        prospect, lost, "disqualify", "disqualified", AccountStatus.DISQUALIFIED,
        reason="no budget this decade",
    )  # fmt: skip
    assert not lost.is_customer
    assert lost.allowed_commands().count("become_customer") == 0
    assert from_document(to_document(lost)) == lost


@pytest.mark.parametrize("blank", ["", "   "])
def test_disqualifying_needs_a_reason(blank: str) -> None:
    prospect = make_account()
    snapshot = to_document(prospect)
    with pytest.raises(ValidationError) as error:
        prospect.disqualify(reason=blank, at=_next(prospect), by=BY)
    assert error.value.field == "reason"
    assert to_document(prospect) == snapshot


def test_a_disqualified_prospect_that_comes_back_is_requalified_as_a_prospect() -> None:
    lost = make_account(AccountStatus.DISQUALIFIED)
    back = lost.requalify(at=_next(lost), by=BY, reason="new budget")
    _check_step(lost, back, "requalify", "requalified", AccountStatus.PROSPECT, reason="new budget")
    assert back.become_customer(at=_next(back), by=BY).is_customer


_LIFECYCLE_CALLS: dict[str, Callable[[Account, pendulum.DateTime], Account]] = {
    "become_customer": lambda a, at: a.become_customer(at=at, by=BY),
    "go_dormant": lambda a, at: a.go_dormant(at=at, by=BY),
    "churn": lambda a, at: a.churn(reason="lost", at=at, by=BY),
    "reactivate": lambda a, at: a.reactivate(at=at, by=BY),
    "disqualify": lambda a, at: a.disqualify(reason="no budget", at=at, by=BY),
    "requalify": lambda a, at: a.requalify(at=at, by=BY),
}


@pytest.mark.parametrize("status", list(AccountStatus))
@pytest.mark.parametrize("command", sorted(_LIFECYCLE_CALLS))
def test_each_lifecycle_command_runs_exactly_where_the_table_allows_it(
    status: AccountStatus, command: str
) -> None:
    account = make_account(status)
    snapshot = to_document(account)
    row = ACCOUNT_LIFECYCLE.transition(command)
    if status in row.sources:
        after = _LIFECYCLE_CALLS[command](account, _next(account))
        assert after.status is row.target
        return
    with pytest.raises(InvalidTransition) as error:
        _LIFECYCLE_CALLS[command](account, _next(account))
    assert error.value.aggregate == "Account"
    assert error.value.aggregate_id == account.id
    assert error.value.command == command
    assert error.value.state == status.value
    assert error.value.allowed == ACCOUNT_LIFECYCLE.allowed(status)
    assert to_document(account) == snapshot


def test_no_account_state_is_final() -> None:
    for status in AccountStatus:
        assert make_account(status).allowed_commands()


# --- data commands --------------------------------------------------------------------

_DATA_CASES: list[tuple[str, str, Callable[[Account, pendulum.DateTime], Account], str, object]] = [
    ("rename", "renamed", lambda a, at: a.rename(" Cobalt ", at=at, by=BY), "name", "Cobalt"),
    (
        "set_legal_name",
        "legal_name_set",
        lambda a, at: a.set_legal_name("Cobalt AG", at=at, by=BY),
        "legal_name",
        "Cobalt AG",
    ),
    (
        "set_domain",
        "domain_set",
        lambda a, at: a.set_domain("HTTPS://WWW.Cobalt.example/x", at=at, by=BY),
        "domain",
        "cobalt.example",
    ),
    (
        "set_industry",
        "industry_set",
        lambda a, at: a.set_industry(None, at=at, by=BY),
        "industry",
        None,
    ),
    (
        "set_size_band",
        "size_band_set",
        lambda a, at: a.set_size_band(SizeBand.SMALL, at=at, by=BY),
        "size_band",
        SizeBand.SMALL,
    ),
    (
        "set_segment",
        "segment_set",
        lambda a, at: a.set_segment(SegmentId("smb"), at=at, by=BY),
        "segment_id",
        "smb",
    ),
    (
        "set_parent",
        "parent_set",
        lambda a, at: a.set_parent(AccountId("group"), at=at, by=BY),
        "parent_account_id",
        "group",
    ),
    (
        "set_billing_address",
        "billing_address_set",
        lambda a, at: a.set_billing_address(None, at=at, by=BY),
        "billing_address",
        None,
    ),
    (
        "set_shipping_address",
        "shipping_address_set",
        lambda a, at: a.set_shipping_address(
            Address(city="Lyon", country=CountryCode("FR")), at=at, by=BY
        ),
        "shipping_address",
        Address(city="Lyon", country=CountryCode("FR")),
    ),
    ("assign", "assigned", lambda a, at: a.assign(UserId("am-2"), at=at, by=BY), "owner", "am-2"),
    ("tag", "tagged", lambda a, at: a.tag("VIP", " emea ", at=at, by=BY), "tags", ("emea", "vip")),
    (
        "set_custom_field",
        "custom_field_set",
        lambda a, at: a.set_custom_field("erp_number", "C-7", at=at, by=BY),
        "custom_fields",
        CustomFields({"erp_number": "C-7"}),
    ),
]


@pytest.mark.parametrize("status", list(AccountStatus))
@pytest.mark.parametrize(
    ("command", "event", "run", "field", "expected"),
    _DATA_CASES,
    ids=[case[0] for case in _DATA_CASES],
)
def test_data_commands_change_one_field_in_every_status(
    status: AccountStatus,
    command: str,
    event: str,
    run: Callable[[Account, pendulum.DateTime], Account],
    field: str,
    expected: object,
) -> None:
    before = make_account(status)
    after = run(before, _next(before))
    _check_step(before, after, command, event, status, changes=(field,))
    assert getattr(after, field) == expected


def test_set_parent_refuses_the_account_itself() -> None:
    account = make_account()
    snapshot = to_document(account)
    with pytest.raises(ValidationError) as error:
        account.set_parent(account.id, at=_next(account), by=BY)
    assert error.value.field == "parent_account_id"
    assert to_document(account) == snapshot


def test_set_parent_none_makes_a_top_level_account() -> None:
    child = make_account(parent_account_id=AccountId("group"))
    assert child.set_parent(None, at=_next(child), by=BY).parent_account_id is None


def test_adding_a_team_member_keeps_the_team_sorted() -> None:
    account = make_account()
    after = account.add_team_member(
        UserId("aa-1"), AccountTeamRole.EXECUTIVE_SPONSOR, at=_next(account), by=BY
    )
    _check_step(
        account, after, "add_team_member", "team_member_added", account.status, changes=("team",)
    )
    assert [m.user_id for m in after.team] == ["aa-1", "am-1"]
    assert after.members_in(AccountTeamRole.EXECUTIVE_SPONSOR) == ("aa-1",)


def test_a_user_may_hold_several_roles_on_the_team() -> None:
    account = make_account()
    after = account.add_team_member(
        UserId("am-1"), AccountTeamRole.CUSTOMER_SUCCESS, at=_next(account), by=BY
    )
    assert len(after.team) == 2


def test_adding_a_membership_the_team_has_changes_nothing() -> None:
    account = make_account()
    member = account.team[0]
    assert account.add_team_member(member.user_id, member.role, at=_next(account), by=BY) is account


def test_removing_a_team_member() -> None:
    account = make_account()
    member = account.team[0]
    after = account.remove_team_member(member.user_id, member.role, at=_next(account), by=BY)
    _check_step(
        account,
        after,
        "remove_team_member",
        "team_member_removed",
        account.status,
        changes=("team",),
    )
    assert after.team == ()


def test_removing_a_membership_the_team_lacks_is_refused() -> None:
    account = make_account()
    snapshot = to_document(account)
    with pytest.raises(ValidationError) as error:
        account.remove_team_member(
            UserId("am-1"), AccountTeamRole.SUPPORT, at=_next(account), by=BY
        )
    assert error.value.field == "user_id"
    assert to_document(account) == snapshot


def test_untag_removes_tags_and_refuses_absent_ones() -> None:
    account = make_account(tags=("a", "b"))
    after = account.untag("A", at=_next(account), by=BY)
    assert after.tags == ("b",)
    with pytest.raises(ValidationError) as error:
        after.untag("zzz", at=_next(after), by=BY)
    assert error.value.field == "tags"


def test_remove_custom_field_removes_and_refuses_absent_keys() -> None:
    account = make_account(custom_fields=CustomFields({"erp": 1}))
    after = account.remove_custom_field("erp", at=_next(account), by=BY)
    assert "erp" not in after.custom_fields
    with pytest.raises(ValidationError) as error:
        after.remove_custom_field("erp", at=_next(after), by=BY)
    assert error.value.field == "key"


# --- fill_gaps ------------------------------------------------------------------------


def test_fill_gaps_fills_empty_fields_and_never_overwrites() -> None:
    account = make_account(
        legal_name=None, industry=None, segment_id=None, shipping_address=None, owner=None,
        custom_fields=CustomFields({"erp": 1}),
    )  # fmt: skip
    after = account.fill_gaps(
        at=_next(account),
        by=BY,
        legal_name="Analytical Engines Ltd",
        domain="other.example",
        industry="manufacturing",
        size_band=SizeBand.SMALL,
        shipping_address=Address(country=CountryCode("IE")),
        owner=UserId("am-9"),
        custom_fields={"erp": 2, "vat": "GB1"},
    )
    _check_step(
        account, after, "fill_gaps", "gaps_filled", account.status,
        changes=("custom_fields", "industry", "legal_name", "owner", "shipping_address"),
    )  # fmt: skip
    assert after.domain == account.domain
    assert after.size_band is account.size_band
    assert after.industry == "manufacturing"
    assert after.custom_fields.to_dict() == {"erp": 1, "vat": "GB1"}


def test_fill_gaps_with_nothing_to_fill_returns_the_account_unchanged() -> None:
    account = make_account()
    assert account.fill_gaps(at=_next(account), by=BY, domain="x.example") is account
    assert account.fill_gaps(at=_next(account), by=BY) is account


def test_fill_gaps_checks_values_it_would_not_use() -> None:
    account = make_account()
    snapshot = to_document(account)
    with pytest.raises(ValidationError) as error:
        account.fill_gaps(at=_next(account), by=BY, domain="not a domain")
    assert error.value.field == "domain"
    assert to_document(account) == snapshot


# --- bad input, refusals ------------------------------------------------------------------


_BAD_INPUTS: list[tuple[str, Callable[[Account, pendulum.DateTime], object], str]] = [
    ("rename blank", lambda a, at: a.rename(" ", at=at, by=BY), "name"),
    ("rename not text", lambda a, at: a.rename(7, at=at, by=BY), "name"),  # type: ignore[arg-type]
    ("domain", lambda a, at: a.set_domain("exa mple", at=at, by=BY), "domain"),
    ("size band", lambda a, at: a.set_size_band("small", at=at, by=BY), "size_band"),  # type: ignore[arg-type]
    ("segment", lambda a, at: a.set_segment("a b", at=at, by=BY), "segment_id"),  # type: ignore[arg-type]
    ("parent", lambda a, at: a.set_parent(7, at=at, by=BY), "parent_account_id"),  # type: ignore[arg-type]
    ("billing", lambda a, at: a.set_billing_address("x", at=at, by=BY), "billing_address"),  # type: ignore[arg-type]
    ("shipping", lambda a, at: a.set_shipping_address("x", at=at, by=BY), "shipping_address"),  # type: ignore[arg-type]
    ("owner", lambda a, at: a.assign("a b", at=at, by=BY), "owner"),  # type: ignore[arg-type]
    (
        "team role",
        lambda a, at: a.add_team_member(UserId("u"), "support", at=at, by=BY),  # type: ignore[arg-type]
        "role",
    ),
    (
        "team user",
        lambda a, at: a.add_team_member(" ", AccountTeamRole.SUPPORT, at=at, by=BY),  # type: ignore[arg-type]
        "user_id",
    ),
    ("tag", lambda a, at: a.tag("x" * 65, at=at, by=BY), "tags[0]"),
    ("custom key", lambda a, at: a.set_custom_field("Bad", 1, at=at, by=BY), "key"),
    ("custom value", lambda a, at: a.set_custom_field("ok", [1], at=at, by=BY), "value"),  # type: ignore[arg-type]
    ("legal name", lambda a, at: a.set_legal_name("x" * 201, at=at, by=BY), "legal_name"),
    ("fill owner", lambda a, at: a.fill_gaps(owner=" ", at=at, by=BY), "owner"),  # type: ignore[arg-type]
    ("fill fields", lambda a, at: a.fill_gaps(custom_fields=3, at=at, by=BY), "custom_fields"),  # type: ignore[arg-type]
    ("naive at", lambda a, at: a.rename("x", at=pendulum.naive(2027, 1, 1), by=BY), "at"),
    ("earlier at", lambda a, at: a.rename("x", at=at.subtract(days=30), by=BY), "at"),
    ("actor", lambda a, at: a.rename("x", at=at, by=UserId(" ")), "by"),
]


@pytest.mark.parametrize(("case", "run", "field"), _BAD_INPUTS, ids=[c[0] for c in _BAD_INPUTS])
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(
    case: str, run: Callable[[Account, pendulum.DateTime], object], field: str
) -> None:
    account = make_account(AccountStatus.CUSTOMER)
    snapshot = to_document(account)
    with pytest.raises(ValidationError) as error:
        run(account, _next(account))
    assert error.value.field == field
    assert to_document(account) == snapshot


def test_an_account_built_from_its_own_fields_equals_it() -> None:
    account = make_account(AccountStatus.CHURNED)
    fields = {f.name: getattr(account, f.name) for f in attrs.fields(Account)}
    assert Account(**fields) == account


def test_an_account_whose_status_does_not_match_its_history_is_refused() -> None:
    account = make_account(AccountStatus.CUSTOMER)
    fields: dict[str, Any] = {f.name: getattr(account, f.name) for f in attrs.fields(Account)}
    fields["status"] = AccountStatus.CHURNED
    with pytest.raises(ValidationError) as error:
        Account(**fields)
    assert error.value.field == "status"


@given(strategies.accounts())
def test_every_account_round_trips_through_its_document(account: Account) -> None:
    assert from_document(to_document(account)) == account


@given(st.integers(min_value=0, max_value=100_000))
def test_a_size_band_covers_every_headcount_from_its_minimum(employees: int) -> None:
    band = SizeBand.for_employees(employees)
    assert band.min_employees <= employees
    bigger = [b for b in SizeBand if b.min_employees > band.min_employees]
    assert all(b.min_employees > employees for b in bigger)


def test_a_size_band_refuses_a_negative_headcount() -> None:
    with pytest.raises(ValidationError) as error:
        SizeBand.for_employees(-1)
    assert error.value.field == "employees"


def test_a_single_string_of_tags_is_refused_rather_than_split_into_letters() -> None:
    with pytest.raises(ValidationError) as caught:
        Account.open(id=AccountId("A-1"), at=FIXED_INSTANT, by=UserId("u-1"), name="n", tags="abc")
    assert caught.value.field == "tags"
