"""Strategies for availability, allocation, fulfilment, cross-sell and involved parties."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Final

import pendulum
from hypothesis import strategies as st

from pcf_sales.accounts import ContactChannel
from pcf_sales.catalog import ProductKind
from pcf_sales.core import AccountId, PartyId, SalesOrderId, UserId
from pcf_sales.orders import (
    AddressPurpose,
    Affinity,
    AffinityRule,
    AllocationPolicy,
    AvailabilityPromise,
    AvailabilityResult,
    AvailabilitySnapshot,
    CommunicationProfile,
    ContactReach,
    CrossSellModel,
    CustomerPicture,
    DemandLine,
    DocumentRoute,
    ExistingAllocation,
    FulfilmentDecision,
    FulfilmentGroup,
    FulfilmentItem,
    FulfilmentMethod,
    FulfilmentPart,
    FulfilmentPlan,
    FulfilmentPolicy,
    FulfilmentRule,
    InvolvedParty,
    OrderDocument,
    PartyAddress,
    PartyRole,
    PriorityFactor,
    PromisedDelivery,
    Recommendation,
    RecommendationKind,
    RecommendationSource,
    ReplenishmentLeadTime,
    ResolvedAddress,
    ScheduledReceipt,
    StockPosition,
    UpgradePath,
    available_to_promise,
    customer_picture,
    mine_affinities,
    plan_fulfilment,
)
from pcf_sales.testing.factories._catalog import make_catalog
from pcf_sales.testing.strategies._accounts import (
    accounts,
    addresses,
    communication_preferences,
    contacts,
)
from pcf_sales.testing.strategies._catalog import families, skus
from pcf_sales.testing.strategies._core import (
    account_ids,
    contact_ids,
    dates,
    instants,
    person_details,
    sales_order_ids,
    texts,
    user_ids,
)

__all__ = [
    "FULFILMENT_SKUS",
    "LOCATIONS",
    "PARTY_STEPS",
    "SUPPLY_SKUS",
    "affinities",
    "affinity_rules",
    "allocation_policies",
    "apply_party_step",
    "availability_promises",
    "availability_results",
    "availability_snapshots",
    "baskets",
    "communication_profiles",
    "contact_reaches",
    "cross_sell_models",
    "customer_pictures",
    "demand_line_lists",
    "demand_lines",
    "document_routes",
    "existing_allocations",
    "fulfilment_decisions",
    "fulfilment_groups",
    "fulfilment_items",
    "fulfilment_parts",
    "fulfilment_plans",
    "fulfilment_policies",
    "fulfilment_rules",
    "involved_parties",
    "locations",
    "party_addresses",
    "party_ids",
    "promised_deliveries",
    "quantities",
    "recommendations",
    "replenishment_lead_times",
    "resolved_addresses",
    "scheduled_receipts",
    "stock_positions",
    "supply_days",
    "upgrade_paths",
]

#: Location codes the supply strategies draw from (shrinking towards the first).
LOCATIONS: Final = ("WH-1", "WH-2", "STORE-3")
#: Skus the supply strategies draw from, few enough that lines compete for them.
SUPPLY_SKUS: Final = ("SENS-100", "SENS-200", "KIT-START")
_FIRST_DAY: Final = _dt.date(2026, 3, 2)


def locations() -> st.SearchStrategy[str]:
    """Location codes from :data:`LOCATIONS`."""
    return st.sampled_from(LOCATIONS)


def quantities(*, max_value: int = 40) -> st.SearchStrategy[Decimal]:
    """Positive quantities: mostly whole units, sometimes with two decimals (kg, hours)."""
    whole = st.integers(min_value=1, max_value=max_value).map(Decimal)
    fractional = st.integers(min_value=1, max_value=max_value * 100).map(
        lambda n: Decimal(n).scaleb(-2)
    )
    return whole | fractional


def supply_days(
    *, start: _dt.date = _FIRST_DAY, days: int = 60
) -> st.SearchStrategy[pendulum.Date]:
    """Days from ``start`` to ``days`` later (shrinking towards ``start``)."""
    return dates(min_value=start, max_value=start + _dt.timedelta(days=days))


def _skus() -> st.SearchStrategy[str]:
    return st.sampled_from(SUPPLY_SKUS)


@st.composite
def stock_positions(draw: st.DrawFn, *, sku: str | None = None) -> StockPosition:
    """Stock on hand of one of :data:`SUPPLY_SKUS` at one of :data:`LOCATIONS` (zero allowed)."""
    return StockPosition(
        sku=draw(_skus()) if sku is None else sku,
        location=draw(locations()),
        on_hand=draw(st.just(Decimal(0)) | quantities()),
    )


@st.composite
def scheduled_receipts(
    draw: st.DrawFn, *, as_of: _dt.date = _FIRST_DAY, sku: str | None = None
) -> ScheduledReceipt:
    """A receipt of one of :data:`SUPPLY_SKUS`, due within 60 days of ``as_of``."""
    return ScheduledReceipt(
        sku=draw(_skus()) if sku is None else sku,
        location=draw(locations()),
        quantity=draw(quantities()),
        expected_date=draw(supply_days(start=as_of)),
        reference=draw(st.none() | st.from_regex(r"PO-[0-9]{1,4}", fullmatch=True)),
    )


@st.composite
def existing_allocations(draw: st.DrawFn, *, sku: str | None = None) -> ExistingAllocation:
    """Supply already promised to another order line."""
    return ExistingAllocation(
        sku=draw(_skus()) if sku is None else sku,
        location=draw(locations()),
        quantity=draw(quantities(max_value=20)),
        order_id=draw(sales_order_ids()),
        line_number=draw(st.integers(min_value=1, max_value=20)),
    )


@st.composite
def replenishment_lead_times(draw: st.DrawFn, *, sku: str | None = None) -> ReplenishmentLeadTime:
    """A replenishment lead time of 0 to 90 days."""
    return ReplenishmentLeadTime(
        sku=draw(_skus()) if sku is None else sku,
        days=draw(st.integers(min_value=0, max_value=90)),
    )


@st.composite
def availability_snapshots(
    draw: st.DrawFn, *, as_of: _dt.date | None = None, max_entries: int = 6
) -> AvailabilitySnapshot:
    """Snapshots of stock, receipts, allocations and lead times for :data:`SUPPLY_SKUS`."""
    day = (
        draw(supply_days(days=30))
        if as_of is None
        else pendulum.Date(as_of.year, as_of.month, as_of.day)
    )
    stock = draw(
        st.lists(
            stock_positions(),
            max_size=max_entries,
            unique_by=lambda s: (s.sku, s.location),
        )
    )
    receipts = draw(st.lists(scheduled_receipts(as_of=day), max_size=max_entries))
    allocations = draw(st.lists(existing_allocations(), max_size=max_entries // 2))
    lead_times = draw(st.lists(replenishment_lead_times(), max_size=3, unique_by=lambda t: t.sku))
    return AvailabilitySnapshot(
        as_of=day, stock=stock, receipts=receipts, allocations=allocations, lead_times=lead_times
    )


@st.composite
def demand_lines(
    draw: st.DrawFn,
    *,
    order_id: SalesOrderId | None = None,
    line_number: int | None = None,
    start: _dt.date = _FIRST_DAY,
) -> DemandLine:
    """Demand for one of :data:`SUPPLY_SKUS`, ordered from ``start`` on and wanted up to 60
    days after it was ordered."""
    ordered = draw(supply_days(start=start, days=30))
    return DemandLine(
        order_id=draw(sales_order_ids()) if order_id is None else order_id,
        line_number=draw(st.integers(min_value=1, max_value=99))
        if line_number is None
        else line_number,
        sku=draw(_skus()),
        quantity=draw(quantities()),
        requested_date=draw(supply_days(start=ordered)),
        order_date=ordered,
        account_id=draw(account_ids()),
        key_account=draw(st.booleans()),
        priority=draw(st.integers(min_value=-2, max_value=2)),
        locations=draw(st.lists(locations(), max_size=2, unique=True)),
    )


@st.composite
def demand_line_lists(draw: st.DrawFn, *, max_size: int = 8) -> list[DemandLine]:
    """Lists of demand lines with distinct order lines (order ``SO-<n>`` line ``1..3``)."""
    size = draw(st.integers(min_value=0, max_value=max_size))
    lines: list[DemandLine] = []
    for index in range(size):
        lines.append(
            draw(
                demand_lines(
                    order_id=SalesOrderId(f"SO-{index // 3 + 1}"), line_number=index % 3 + 1
                )
            )
        )
    return lines


@st.composite
def promised_deliveries(draw: st.DrawFn) -> PromisedDelivery:
    """A quantity promised from a location on a day."""
    return PromisedDelivery(
        location=draw(locations()),
        quantity=draw(quantities()),
        date=draw(supply_days()),
        receipt=draw(st.none() | st.from_regex(r"PO-[0-9]{1,4}", fullmatch=True)),
    )


@st.composite
def availability_results(draw: st.DrawFn, *, max_lines: int = 8) -> AvailabilityResult:
    """First-come, first-served answers for drawn lines against a drawn snapshot."""
    snapshot = draw(availability_snapshots())
    lines = draw(demand_line_lists(max_size=max_lines))
    return available_to_promise(lines, snapshot)


@st.composite
def availability_promises(draw: st.DrawFn) -> AvailabilityPromise:
    """The promise for one drawn line against a drawn snapshot."""
    snapshot = draw(availability_snapshots())
    line = draw(demand_lines())
    return available_to_promise([line], snapshot).promises[0]


@st.composite
def allocation_policies(draw: st.DrawFn) -> AllocationPolicy:
    """Policies with distinct, non-contradicting factors (and an account ranking when
    the account-rank factor is used)."""
    factors = draw(st.lists(st.sampled_from(PriorityFactor), unique=True, max_size=4))
    if PriorityFactor.SMALLER_FIRST in factors and PriorityFactor.LARGER_FIRST in factors:
        factors.remove(PriorityFactor.LARGER_FIRST)
    ranking = (
        draw(st.lists(account_ids(), unique=True, max_size=4))
        if PriorityFactor.ACCOUNT_RANK in factors
        else []
    )
    return AllocationPolicy(factors=factors, account_order=ranking)


#: The skus of :func:`~pcf_sales.testing.factories.make_catalog`, which the fulfilment
#: strategies plan against: goods, a service, a subscription and a bundle.
FULFILMENT_SKUS: Final = ("SENS-100", "CAL-KIT", "SVC-INSTALL", "SUB-CLOUD", "KIT-START")


@st.composite
def fulfilment_rules(draw: st.DrawFn, *, name: str | None = None) -> FulfilmentRule:
    """Rules choosing any method for lines matched by kind, sku, family and shortage."""
    method = draw(st.sampled_from(FulfilmentMethod))
    return FulfilmentRule(
        name=draw(texts(max_size=20)) if name is None else name,
        method=method,
        kinds=draw(st.lists(st.sampled_from(ProductKind), unique=True, max_size=2)),
        skus=draw(st.lists(st.sampled_from(FULFILMENT_SKUS) | skus(), unique=True, max_size=2)),
        families=draw(
            st.lists(
                st.sampled_from(("sensors", "kits", "services")) | families(),
                unique=True,
                max_size=2,
            )
        ),
        when_short=draw(st.booleans()),
        ship_from=draw(st.none() | st.sampled_from(("SUP-1", "PLANT-1", "FIELD-TEAM"))),
        lead_days=0
        if method is FulfilmentMethod.SHIP_FROM_STOCK
        else draw(st.integers(min_value=0, max_value=30)),
    )


@st.composite
def fulfilment_policies(draw: st.DrawFn, *, max_rules: int = 4) -> FulfilmentPolicy:
    """Policies of up to ``max_rules`` rules with distinct names."""
    count = draw(st.integers(min_value=0, max_value=max_rules))
    return FulfilmentPolicy(
        rules=[draw(fulfilment_rules(name=f"rule {index + 1}")) for index in range(count)]
    )


@st.composite
def fulfilment_parts(draw: st.DrawFn) -> FulfilmentPart:
    """A quantity leaving a place (or not known yet) on a day (or not known yet)."""
    return FulfilmentPart(
        quantity=draw(quantities()),
        location=draw(st.none() | locations()),
        date=draw(st.none() | supply_days()),
    )


@st.composite
def fulfilment_plans(draw: st.DrawFn, *, max_lines: int = 6) -> FulfilmentPlan:
    """Plans for lines of :data:`FULFILMENT_SKUS` against ``make_catalog()``, with a drawn
    policy and, usually, a drawn availability check."""
    count = draw(st.integers(min_value=0, max_value=max_lines))
    lines = []
    for index in range(count):
        line = draw(
            demand_lines(order_id=SalesOrderId(f"SO-{index // 3 + 1}"), line_number=index % 3 + 1)
        )
        lines.append(
            DemandLine(
                order_id=line.order_id,
                line_number=line.line_number,
                sku=draw(st.sampled_from(FULFILMENT_SKUS)),
                quantity=line.quantity,
                requested_date=line.requested_date,
                order_date=line.order_date,
                account_id=line.account_id,
                locations=line.locations,
            )
        )
    availability = (
        available_to_promise(lines, draw(availability_snapshots())) if draw(st.booleans()) else None
    )
    return plan_fulfilment(
        lines, make_catalog(), policy=draw(fulfilment_policies()), availability=availability
    )


@st.composite
def fulfilment_decisions(draw: st.DrawFn) -> FulfilmentDecision:
    """One decision of a drawn plan of at least one line."""
    plan = draw(fulfilment_plans().filter(lambda p: bool(p.decisions)))
    return draw(st.sampled_from(plan.decisions))


@st.composite
def fulfilment_groups(draw: st.DrawFn) -> FulfilmentGroup:
    """One group of a drawn plan of at least one line."""
    plan = draw(fulfilment_plans().filter(lambda p: bool(p.groups)))
    return draw(st.sampled_from(plan.groups))


@st.composite
def fulfilment_items(draw: st.DrawFn) -> FulfilmentItem:
    """A quantity of an order line inside a group."""
    return FulfilmentItem(
        order_id=draw(sales_order_ids()),
        line_number=draw(st.integers(min_value=1, max_value=99)),
        sku=draw(st.sampled_from(FULFILMENT_SKUS)),
        quantity=draw(quantities()),
    )


def baskets(*, max_orders: int = 12) -> st.SearchStrategy[list[list[str]]]:
    """Order histories: the skus of up to ``max_orders`` past orders (from
    :data:`FULFILMENT_SKUS`)."""
    return st.lists(st.lists(st.sampled_from(FULFILMENT_SKUS), max_size=4), max_size=max_orders)


@st.composite
def affinities(draw: st.DrawFn) -> Affinity:
    """Affinities with consistent counts."""
    pair = draw(st.lists(st.sampled_from(FULFILMENT_SKUS), min_size=2, max_size=2, unique=True))
    together = draw(st.integers(min_value=1, max_value=50))
    first = draw(st.integers(min_value=together, max_value=100))
    second = draw(st.integers(min_value=together, max_value=100))
    total = draw(st.integers(min_value=max(first, second), max_value=200))
    return Affinity(
        antecedent=pair[0],
        consequent=pair[1],
        together=together,
        antecedent_count=first,
        consequent_count=second,
        baskets=total,
    )


def _two_skus() -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(FULFILMENT_SKUS), min_size=2, max_size=2, unique=True)


@st.composite
def affinity_rules(draw: st.DrawFn, *, name: str | None = None) -> AffinityRule:
    """Cross-sell rules between two of :data:`FULFILMENT_SKUS`."""
    pair = draw(_two_skus())
    return AffinityRule(
        name=draw(texts(max_size=20)) if name is None else name,
        trigger_sku=pair[0],
        recommended_sku=pair[1],
        reason=draw(texts(max_size=60)),
    )


@st.composite
def upgrade_paths(draw: st.DrawFn) -> UpgradePath:
    """Up-sells between two of :data:`FULFILMENT_SKUS`."""
    pair = draw(_two_skus())
    return UpgradePath(
        trigger_sku=pair[0], recommended_sku=pair[1], reason=draw(texts(max_size=60))
    )


@st.composite
def cross_sell_models(draw: st.DrawFn) -> CrossSellModel:
    """Models of a few rules and upgrades and the affinities mined from a drawn history."""
    count = draw(st.integers(min_value=0, max_value=3))
    return CrossSellModel(
        rules=[draw(affinity_rules(name=f"rule {index + 1}")) for index in range(count)],
        upgrades=draw(st.lists(upgrade_paths(), max_size=2, unique=True)),
        affinities=mine_affinities(draw(baskets()), min_together=1, min_lift=Decimal(0)),
        limit=draw(st.integers(min_value=1, max_value=10)),
    )


@st.composite
def recommendations(draw: st.DrawFn) -> Recommendation:
    """One recommendation a drawn model makes for a drawn order."""
    model = draw(cross_sell_models())
    order = draw(st.lists(st.sampled_from(FULFILMENT_SKUS), min_size=1, max_size=3))
    made = model.recommend(order)
    if not made:
        return draw(
            st.builds(
                Recommendation,
                sku=st.just("CAL-KIT"),
                kind=st.sampled_from(RecommendationKind),
                source=st.just(RecommendationSource.RULE),
                because_of=st.just("SENS-100"),
                reason=texts(max_size=40),
                rule=st.just("rule 1"),
            )
        )
    return draw(st.sampled_from(made))


def party_ids() -> st.SearchStrategy[PartyId]:
    """Involved party ids."""
    return st.from_regex(r"PTY-[0-9]{1,4}", fullmatch=True).map(PartyId)


@st.composite
def party_addresses(draw: st.DrawFn) -> PartyAddress:
    """Dated addresses, open or end-dated."""
    start = draw(supply_days())
    length = draw(st.none() | st.integers(min_value=1, max_value=400))
    return PartyAddress(
        address=draw(addresses()),
        purpose=draw(st.sampled_from(AddressPurpose)),
        valid_from=start,
        valid_to=None if length is None else start.add(days=length),
    )


def document_routes() -> st.SearchStrategy[DocumentRoute]:
    """A channel for a document."""
    return st.builds(
        DocumentRoute,
        document=st.sampled_from(OrderDocument),
        channel=st.sampled_from(ContactChannel),
    )


def communication_profiles() -> st.SearchStrategy[CommunicationProfile]:
    """Profiles with any preferences, routes for distinct documents, notes or none."""
    return st.builds(
        CommunicationProfile,
        preferences=communication_preferences(),
        documents=st.lists(document_routes(), max_size=3, unique_by=lambda r: r.document),
        key_customer=st.booleans(),
        notes=st.none() | texts(max_size=60),
    )


#: The commands the involved party strategy (and the stateful tests) may take, by name.
PARTY_STEPS: Final = (
    "modify",
    "record_contact",
    "record_address",
    "end_address",
    "set_profile",
    "review",
    "terminate",
    "reinstate",
)


def apply_party_step(
    draw: st.DrawFn, party: InvolvedParty, step: str, at: pendulum.DateTime, by: UserId
) -> InvolvedParty:
    """Run command ``step`` on ``party`` with drawn arguments, if its status allows it and
    its data make it possible (an address can only be replaced from a later day)."""
    if step not in party.allowed_commands():
        return party
    day = at.date()
    if step == "modify":
        return party.modify(
            name=draw(texts(max_size=30)), role=draw(st.sampled_from(PartyRole)), at=at, by=by
        )
    if step == "record_contact":
        return party.record_contact(
            person=draw(st.none() | person_details()),
            contact_id=draw(st.none() | contact_ids()),
            at=at,
            by=by,
        )
    if step == "record_address":
        purpose = draw(st.sampled_from(AddressPurpose))
        latest = max((a.valid_from for a in party.address_history(purpose)), default=None)
        effective = day if latest is None or latest < day else latest.add(days=1)
        return party.record_address(
            draw(addresses()), purpose=purpose, effective=effective, at=at, by=by
        )
    if step == "end_address":
        open_ones = [a for a in party.addresses if a.valid_to is None]
        if not open_ones:
            return party
        chosen = draw(st.sampled_from(open_ones))
        return party.end_address(
            chosen.purpose,
            effective=max(day, chosen.valid_from.add(days=1)),
            at=at,
            by=by,
        )
    if step == "set_profile":
        return party.set_profile(draw(communication_profiles()), at=at, by=by)
    if step == "review":
        return party.review(at=at, by=by, reason=draw(st.none() | texts(max_size=30)))
    if step == "terminate":
        return party.terminate(
            effective=max(day, party.valid_from),
            reason=draw(texts(max_size=30)),
            at=at,
            by=by,
        )
    return party.reinstate(at=at, by=by, reason=draw(texts(max_size=30)))


@st.composite
def involved_parties(
    draw: st.DrawFn, *, max_steps: int = 5, account_id: AccountId | None = None
) -> InvolvedParty:
    """Parties registered with drawn data (at ``account_id`` when given), then walked through
    up to ``max_steps`` commands."""
    at = draw(instants())
    by = draw(user_ids())
    party = InvolvedParty.register(
        id=draw(party_ids()),
        at=at,
        by=by,
        account_id=draw(account_ids()) if account_id is None else account_id,
        role=draw(st.sampled_from(PartyRole)),
        name=draw(texts(max_size=40)),
        contact_id=draw(st.none() | contact_ids()),
        person=draw(st.none() | person_details()),
        addresses=draw(
            st.lists(
                st.sampled_from(AddressPurpose).flatmap(
                    lambda purpose: addresses().map(
                        lambda address: PartyAddress(
                            address=address, purpose=purpose, valid_from=at.date()
                        )
                    )
                ),
                max_size=3,
                unique_by=lambda a: a.purpose,
            )
        ),
        profile=draw(communication_profiles()),
    )
    for _ in range(draw(st.integers(min_value=0, max_value=max_steps))):
        at = at.add(hours=draw(st.integers(min_value=0, max_value=24 * 60)))
        party = apply_party_step(draw, party, draw(st.sampled_from(PARTY_STEPS)), at, by)
    return party


def resolved_addresses() -> st.SearchStrategy[ResolvedAddress]:
    """An address and the record it came from."""
    return st.builds(
        ResolvedAddress,
        purpose=st.sampled_from(AddressPurpose),
        address=addresses(),
        source=st.sampled_from(("account billing address", "ship-to party PTY-1")),
    )


def contact_reaches() -> st.SearchStrategy[ContactReach]:
    """A contact and the channels they may be reached by."""
    return st.builds(
        ContactReach,
        contact_id=contact_ids(),
        name=texts(max_size=30),
        active=st.booleans(),
        channels=st.lists(st.sampled_from(ContactChannel), unique=True, max_size=3),
    )


@st.composite
def customer_pictures(draw: st.DrawFn) -> CustomerPicture:
    """Pictures of a drawn account from drawn contacts and parties, some of them of other
    accounts, at a drawn instant."""
    account = draw(accounts(max_steps=2))
    own = st.just(account.id)
    people = draw(st.lists(own.flatmap(lambda a: contacts(account_id=a)) | contacts(), max_size=3))
    parties = draw(
        st.lists(
            own.flatmap(lambda a: involved_parties(account_id=a, max_steps=3))
            | involved_parties(max_steps=1),
            max_size=3,
        )
    )
    return customer_picture(account, people, parties, at=draw(instants()))
