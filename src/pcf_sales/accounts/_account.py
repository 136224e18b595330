"""The account aggregate (PCF 3.5.2): a customer or prospect organisation, and its lifecycle."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any, Final, cast

import attrs
import pendulum

from pcf_sales.accounts._address import Address
from pcf_sales.accounts._checks import (
    check_enum,
    check_field,
    checked_tags,
    merged_custom_fields,
    with_custom_field,
)
from pcf_sales.core import (
    AccountId,
    CustomFields,
    HistoryEntry,
    Lifecycle,
    Scalar,
    SegmentId,
    Transition,
    UserId,
)
from pcf_sales.core._contact_details import is_web_domain, to_web_domain
from pcf_sales.core._custom_fields import is_tags, to_tags
from pcf_sales.core._validate import (
    check_id,
    check_int,
    describe,
    fail,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_optional_text,
    to_text,
    to_tuple,
)

__all__ = [
    "ACCOUNT_LIFECYCLE",
    "Account",
    "AccountStatus",
    "AccountTeamMember",
    "AccountTeamRole",
    "SizeBand",
]


class AccountStatus(Enum):
    """Where an account is in its lifecycle."""

    PROSPECT = "prospect"
    """An organisation we sell to that has not bought yet."""
    CUSTOMER = "customer"
    """Buys from us."""
    DORMANT = "dormant"
    """A customer with no recent business, not lost."""
    CHURNED = "churned"
    """A former customer that stopped buying, for a stated reason. Can be reactivated."""
    DISQUALIFIED = "disqualified"
    """A prospect that will not buy (no fit, no budget, gone), for a stated reason; kept
    out of prospecting. Can be requalified as a prospect."""


class SizeBand(Enum):
    """The size of an organisation by headcount (the EU's SME bands, split further above 250)."""

    MICRO = "micro"
    """Fewer than 10 people."""
    SMALL = "small"
    """10 to 49 people."""
    MEDIUM = "medium"
    """50 to 249 people."""
    LARGE = "large"
    """250 to 999 people."""
    ENTERPRISE = "enterprise"
    """1000 people or more."""

    @classmethod
    def for_employees(cls, employees: int) -> SizeBand:
        """The band for a headcount.

        >>> SizeBand.for_employees(250)
        <SizeBand.LARGE: 'large'>
        """
        count = check_int(employees, "employees", minimum=0)
        for band in (cls.ENTERPRISE, cls.LARGE, cls.MEDIUM, cls.SMALL):
            if count >= _BAND_FLOORS[band]:
                return band
        return cls.MICRO

    @property
    def min_employees(self) -> int:
        """The smallest headcount in the band."""
        return _BAND_FLOORS[self]


_BAND_FLOORS: Final = {
    SizeBand.MICRO: 0,
    SizeBand.SMALL: 10,
    SizeBand.MEDIUM: 50,
    SizeBand.LARGE: 250,
    SizeBand.ENTERPRISE: 1000,
}


class AccountTeamRole(Enum):
    """What a member of the account team does for the account."""

    ACCOUNT_MANAGER = "account_manager"
    ACCOUNT_EXECUTIVE = "account_executive"
    SALES_ENGINEER = "sales_engineer"
    CUSTOMER_SUCCESS = "customer_success"
    SUPPORT = "support"
    EXECUTIVE_SPONSOR = "executive_sponsor"
    """A senior person on our side who sponsors the relationship."""
    PARTNER_MANAGER = "partner_manager"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class AccountTeamMember:
    """A user on the account team, in one role (a user may hold several roles)."""

    user_id: UserId = attrs.field(validator=is_id)
    role: AccountTeamRole = attrs.field(validator=is_enum(AccountTeamRole))


def _team_key(member: AccountTeamMember) -> tuple[str, str]:
    return (member.user_id, member.role.value)


def _to_team(value: Iterable[AccountTeamMember]) -> tuple[AccountTeamMember, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(m, AccountTeamMember) for m in items):
        return tuple(sorted(items, key=_team_key))
    return items


def _team(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(AccountTeamMember, unique=True)(inst, attr, value)
    members = cast("tuple[AccountTeamMember, ...]", value)
    if list(members) != sorted(members, key=_team_key):
        fail(attr.name, "team members are stored sorted by user and role")


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


_OPTIONAL_NAME: Final = optional(is_text(max_length=200))
_OPTIONAL_INDUSTRY: Final = optional(is_text(max_length=120))


@attrs.frozen(kw_only=True)
class Account:
    """An organisation we sell to, from prospect to customer, dormant or churned.

    Create one with :meth:`open`; change it only through its commands, each of
    which returns a new ``Account`` with one more history entry and the next
    ``revision``. ``domain`` is normalised (``https://www.Acme.com/`` is
    ``acme.com``); addresses carry ISO 3166 country codes; the parent account
    makes hierarchies (see :class:`AccountHierarchy`).

    >>> at = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> account = Account.open(id=AccountId("A-1"), at=at, by=UserId("ae-1"),
    ...                        name="Cobalt Labs", domain="https://www.cobalt-labs.example/")
    >>> customer = account.become_customer(at=at.add(days=30), by=UserId("ae-1"))
    >>> account.domain, customer.status.value, customer.revision
    ('cobalt-labs.example', 'customer', 2)
    """

    id: AccountId = attrs.field(validator=is_id)
    status: AccountStatus = attrs.field(validator=is_enum(AccountStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[AccountStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    legal_name: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=_OPTIONAL_NAME
    )
    domain: str | None = attrs.field(default=None, converter=to_web_domain, validator=is_web_domain)
    industry: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=_OPTIONAL_INDUSTRY
    )
    size_band: SizeBand | None = attrs.field(default=None, validator=optional(is_enum(SizeBand)))
    segment_id: SegmentId | None = attrs.field(default=None, validator=optional(is_id))
    parent_account_id: AccountId | None = attrs.field(default=None, validator=optional(is_id))
    billing_address: Address | None = attrs.field(
        default=None, validator=optional(is_instance(Address))
    )
    shipping_address: Address | None = attrs.field(
        default=None, validator=optional(is_instance(Address))
    )
    owner: UserId | None = attrs.field(default=None, validator=optional(is_id))
    team: tuple[AccountTeamMember, ...] = attrs.field(
        default=(), converter=_to_team, validator=_team
    )
    tags: tuple[str, ...] = attrs.field(default=(), converter=to_tags, validator=is_tags)
    custom_fields: CustomFields = attrs.field(
        factory=CustomFields, validator=is_instance(CustomFields)
    )

    def __attrs_post_init__(self) -> None:
        ACCOUNT_LIFECYCLE.check_history(self)
        if self.parent_account_id == self.id:
            fail("parent_account_id", "an account cannot be its own parent")

    # -- creating -------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        *,
        id: AccountId,
        at: pendulum.DateTime,
        by: UserId,
        name: str,
        legal_name: str | None = None,
        domain: str | None = None,
        industry: str | None = None,
        size_band: SizeBand | None = None,
        segment_id: SegmentId | None = None,
        parent_account_id: AccountId | None = None,
        billing_address: Address | None = None,
        shipping_address: Address | None = None,
        owner: UserId | None = None,
        team: Iterable[AccountTeamMember] = (),
        tags: Iterable[str] = (),
        custom_fields: CustomFields | None = None,
    ) -> Account:
        """A new account in status ``prospect``."""
        return ACCOUNT_LIFECYCLE.create(
            cls,
            at=at,
            by=by,
            id=id,
            name=name,
            legal_name=legal_name,
            domain=domain,
            industry=industry,
            size_band=size_band,
            segment_id=segment_id,
            parent_account_id=parent_account_id,
            billing_address=billing_address,
            shipping_address=shipping_address,
            owner=owner,
            team=team,
            tags=checked_tags(tags),
            custom_fields=CustomFields() if custom_fields is None else custom_fields,
        )

    # -- facts ----------------------------------------------------------------------

    @property
    def opened_at(self) -> pendulum.DateTime:
        """When the account was opened (its first history entry)."""
        return self.history[0].at

    @property
    def updated_at(self) -> pendulum.DateTime:
        """When the account last changed."""
        return self.history[-1].at

    @property
    def is_customer(self) -> bool:
        """True for current customers, active or dormant."""
        return self.status in (AccountStatus.CUSTOMER, AccountStatus.DORMANT)

    def members_in(self, role: AccountTeamRole) -> tuple[UserId, ...]:
        """The users on the account team in ``role``."""
        check_enum(AccountTeamRole, role, "role")
        return tuple(m.user_id for m in self.team if m.role is role)

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the account's current status."""
        return ACCOUNT_LIFECYCLE.allowed(self.status)

    # -- moving through the lifecycle -------------------------------------------------

    def become_customer(
        self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None
    ) -> Account:
        """The prospect bought for the first time."""
        return ACCOUNT_LIFECYCLE.apply(self, "become_customer", at=at, by=by, reason=reason)

    def go_dormant(
        self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None
    ) -> Account:
        """The customer has had no business for a while but is not lost."""
        return ACCOUNT_LIFECYCLE.apply(self, "go_dormant", at=at, by=by, reason=reason)

    def churn(self, *, reason: str, at: pendulum.DateTime, by: UserId) -> Account:
        """The customer stopped buying, for ``reason`` (needed)."""
        return ACCOUNT_LIFECYCLE.apply(self, "churn", at=at, by=by, reason=reason)

    def reactivate(
        self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None
    ) -> Account:
        """A dormant or churned account buys again and is a customer once more."""
        return ACCOUNT_LIFECYCLE.apply(self, "reactivate", at=at, by=by, reason=reason)

    def disqualify(self, *, reason: str, at: pendulum.DateTime, by: UserId) -> Account:
        """The prospect will not buy, for ``reason`` (needed): stop pursuing it."""
        return ACCOUNT_LIFECYCLE.apply(self, "disqualify", at=at, by=by, reason=reason)

    def requalify(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> Account:
        """A disqualified prospect is worth pursuing again and is a prospect once more."""
        return ACCOUNT_LIFECYCLE.apply(self, "requalify", at=at, by=by, reason=reason)

    # -- changing data ------------------------------------------------------------------

    def _set(
        self, command: str, field: str, value: object, at: pendulum.DateTime, by: UserId
    ) -> Account:
        checked = check_field(Account, field, value)
        return ACCOUNT_LIFECYCLE.apply(self, command, at=at, by=by, changes={field: checked})

    def rename(self, name: str, *, at: pendulum.DateTime, by: UserId) -> Account:
        """Change the name the account is known by."""
        return self._set("rename", "name", name, at, by)

    def set_legal_name(
        self, legal_name: str | None, *, at: pendulum.DateTime, by: UserId
    ) -> Account:
        """Set the registered legal name (``None`` clears it)."""
        return self._set("set_legal_name", "legal_name", legal_name, at, by)

    def set_domain(self, domain: str | None, *, at: pendulum.DateTime, by: UserId) -> Account:
        """Set the web domain; a URL is reduced to its domain (``None`` clears it)."""
        return self._set("set_domain", "domain", domain, at, by)

    def set_industry(self, industry: str | None, *, at: pendulum.DateTime, by: UserId) -> Account:
        """Set the industry (``None`` clears it)."""
        return self._set("set_industry", "industry", industry, at, by)

    def set_size_band(
        self, size_band: SizeBand | None, *, at: pendulum.DateTime, by: UserId
    ) -> Account:
        """Set the size band (``None`` clears it)."""
        return self._set("set_size_band", "size_band", size_band, at, by)

    def set_segment(
        self, segment_id: SegmentId | None, *, at: pendulum.DateTime, by: UserId
    ) -> Account:
        """Place the account in a market segment (``None`` takes it out)."""
        return self._set("set_segment", "segment_id", segment_id, at, by)

    def set_parent(
        self, parent_account_id: AccountId | None, *, at: pendulum.DateTime, by: UserId
    ) -> Account:
        """Make the account part of ``parent_account_id`` (``None``: a top-level account).

        An account cannot be its own parent. Longer cycles involve other
        accounts; :class:`AccountHierarchy` refuses them and
        :meth:`AccountHierarchy.would_cycle` tells beforehand.
        """
        checked = check_field(Account, "parent_account_id", parent_account_id)
        if checked == self.id:
            fail("parent_account_id", "an account cannot be its own parent")
        return ACCOUNT_LIFECYCLE.apply(
            self, "set_parent", at=at, by=by, changes={"parent_account_id": checked}
        )

    def set_billing_address(
        self, address: Address | None, *, at: pendulum.DateTime, by: UserId
    ) -> Account:
        """Set the billing address (``None`` clears it)."""
        if address is not None and not isinstance(address, Address):
            fail("billing_address", f"expected an Address, got {describe(address)}")
        return ACCOUNT_LIFECYCLE.apply(
            self, "set_billing_address", at=at, by=by, changes={"billing_address": address}
        )

    def set_shipping_address(
        self, address: Address | None, *, at: pendulum.DateTime, by: UserId
    ) -> Account:
        """Set the shipping address (``None`` clears it)."""
        if address is not None and not isinstance(address, Address):
            fail("shipping_address", f"expected an Address, got {describe(address)}")
        return ACCOUNT_LIFECYCLE.apply(
            self, "set_shipping_address", at=at, by=by, changes={"shipping_address": address}
        )

    def assign(self, owner: UserId | None, *, at: pendulum.DateTime, by: UserId) -> Account:
        """Give the account to ``owner`` (``None`` leaves it without an owner)."""
        return self._set("assign", "owner", owner, at, by)

    def add_team_member(
        self, user_id: UserId, role: AccountTeamRole, *, at: pendulum.DateTime, by: UserId
    ) -> Account:
        """Put ``user_id`` on the account team in ``role``.

        Adding a membership the team already has returns the account
        unchanged, so a host may replay a feed.
        """
        member = AccountTeamMember(
            user_id=UserId(check_id(user_id, "user_id")),
            role=check_enum(AccountTeamRole, role, "role"),
        )
        if member in self.team:
            return self
        team = _to_team((*self.team, member))
        return ACCOUNT_LIFECYCLE.apply(
            self, "add_team_member", at=at, by=by, changes={"team": team}
        )

    def remove_team_member(
        self, user_id: UserId, role: AccountTeamRole, *, at: pendulum.DateTime, by: UserId
    ) -> Account:
        """Take ``user_id`` off the account team in ``role``."""
        member = AccountTeamMember(
            user_id=UserId(check_id(user_id, "user_id")),
            role=check_enum(AccountTeamRole, role, "role"),
        )
        if member not in self.team:
            fail("user_id", f"{user_id!r} is not on the team as {role.value}")
        team = tuple(m for m in self.team if m != member)
        return ACCOUNT_LIFECYCLE.apply(
            self, "remove_team_member", at=at, by=by, changes={"team": team}
        )

    def tag(self, *tags: str, at: pendulum.DateTime, by: UserId) -> Account:
        """Add tags (case-insensitive; adding one twice is harmless)."""
        merged = to_tags((*self.tags, *checked_tags(tags)))
        return ACCOUNT_LIFECYCLE.apply(self, "tag", at=at, by=by, changes={"tags": merged})

    def untag(self, *tags: str, at: pendulum.DateTime, by: UserId) -> Account:
        """Remove tags; removing one the account does not have is an error."""
        removing = checked_tags(tags)
        absent = [t for t in removing if t not in self.tags]
        if absent:
            fail("tags", f"the account has no tag {absent[0]!r}")
        kept = tuple(t for t in self.tags if t not in removing)
        return ACCOUNT_LIFECYCLE.apply(self, "untag", at=at, by=by, changes={"tags": kept})

    def set_custom_field(
        self, key: str, value: Scalar, *, at: pendulum.DateTime, by: UserId
    ) -> Account:
        """Set one of the host's own fields."""
        fields = with_custom_field(self.custom_fields, key, value)
        return ACCOUNT_LIFECYCLE.apply(
            self, "set_custom_field", at=at, by=by, changes={"custom_fields": fields}
        )

    def remove_custom_field(self, key: str, *, at: pendulum.DateTime, by: UserId) -> Account:
        """Remove one of the host's own fields."""
        if not isinstance(key, str) or key not in self.custom_fields:
            fail("key", f"the account has no custom field {key!r}")
        fields = self.custom_fields.without(key)
        return ACCOUNT_LIFECYCLE.apply(
            self, "remove_custom_field", at=at, by=by, changes={"custom_fields": fields}
        )

    def fill_gaps(
        self,
        *,
        at: pendulum.DateTime,
        by: UserId,
        legal_name: str | None = None,
        domain: str | None = None,
        industry: str | None = None,
        size_band: SizeBand | None = None,
        segment_id: SegmentId | None = None,
        billing_address: Address | None = None,
        shipping_address: Address | None = None,
        owner: UserId | None = None,
        custom_fields: CustomFields | dict[str, Scalar] | None = None,
    ) -> Account:
        """Fill the fields that are empty with the values given; never overwrite.

        Every value given is checked, used or not. A field that already has a
        value keeps it; custom fields gain only the keys they lack. When
        nothing is filled the account is returned unchanged (no history
        entry), so filling from the same source twice is harmless. The
        history entry lists the fields filled. Lead conversion uses this to
        add what a lead knew to an existing account.
        """
        given: dict[str, object] = {
            "legal_name": legal_name,
            "domain": domain,
            "industry": industry,
            "size_band": size_band,
            "segment_id": segment_id,
            "billing_address": billing_address,
            "shipping_address": shipping_address,
            "owner": owner,
        }
        changes: dict[str, object] = {}
        for field, value in given.items():
            checked = check_field(Account, field, value)
            if checked is not None and getattr(self, field) is None:
                changes[field] = checked
        fields, added = merged_custom_fields(self.custom_fields, custom_fields)
        if added:
            changes["custom_fields"] = fields
        if not changes:
            return self
        return ACCOUNT_LIFECYCLE.apply(self, "fill_gaps", at=at, by=by, changes=changes)


_ALL: Final = frozenset(AccountStatus)


def _data(command: str, event: str) -> Transition[AccountStatus, Account]:
    return Transition(command=command, event=event, sources=_ALL)


ACCOUNT_LIFECYCLE: Lifecycle[AccountStatus, Account] = Lifecycle(
    aggregate="Account",
    states=AccountStatus,
    initial=AccountStatus.PROSPECT,
    terminal=frozenset(),
    creation="open",
    creation_event="opened",
    transitions=(
        Transition(
            command="become_customer",
            event="became_customer",
            sources={AccountStatus.PROSPECT},
            target=AccountStatus.CUSTOMER,
        ),
        Transition(
            command="go_dormant",
            event="went_dormant",
            sources={AccountStatus.CUSTOMER},
            target=AccountStatus.DORMANT,
        ),
        Transition(
            command="churn",
            event="churned",
            sources={AccountStatus.CUSTOMER, AccountStatus.DORMANT},
            target=AccountStatus.CHURNED,
            needs_reason=True,
        ),
        Transition(
            command="reactivate",
            event="reactivated",
            sources={AccountStatus.DORMANT, AccountStatus.CHURNED},
            target=AccountStatus.CUSTOMER,
        ),
        Transition(
            command="disqualify",
            event="disqualified",
            sources={AccountStatus.PROSPECT},
            target=AccountStatus.DISQUALIFIED,
            needs_reason=True,
        ),
        Transition(
            command="requalify",
            event="requalified",
            sources={AccountStatus.DISQUALIFIED},
            target=AccountStatus.PROSPECT,
        ),
        _data("rename", "renamed"),
        _data("set_legal_name", "legal_name_set"),
        _data("set_domain", "domain_set"),
        _data("set_industry", "industry_set"),
        _data("set_size_band", "size_band_set"),
        _data("set_segment", "segment_set"),
        _data("set_parent", "parent_set"),
        _data("set_billing_address", "billing_address_set"),
        _data("set_shipping_address", "shipping_address_set"),
        _data("assign", "assigned"),
        _data("add_team_member", "team_member_added"),
        _data("remove_team_member", "team_member_removed"),
        _data("tag", "tagged"),
        _data("untag", "untagged"),
        _data("set_custom_field", "custom_field_set"),
        _data("remove_custom_field", "custom_field_removed"),
        _data("fill_gaps", "gaps_filled"),
    ),
)
"""The account lifecycle: prospect → customer ⇄ dormant → churned, and a dormant or
churned account reactivated as a customer; a prospect that will not buy is
disqualified with a reason, and requalified as a prospect if it comes back. No state is
final: a churned customer can come back."""
