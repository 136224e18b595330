"""Factories for availability, allocation, fulfilment, cross-sell and involved parties."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import pendulum

from pcf_sales.accounts import CommunicationPreferences, ContactChannel
from pcf_sales.catalog import ProductKind
from pcf_sales.core import AccountId, ContactId, PartyId, SalesOrderId, UserId
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
    PartyStatus,
    PromisedDelivery,
    Recommendation,
    ReplenishmentLeadTime,
    ResolvedAddress,
    ScheduledReceipt,
    StockPosition,
    UpgradePath,
    available_to_promise,
    customer_picture,
    plan_fulfilment,
)
from pcf_sales.testing.factories._accounts import make_account, make_address, make_contact
from pcf_sales.testing.factories._catalog import make_catalog
from pcf_sales.testing.factories._core import FIXED_INSTANT, make_person_details

__all__ = [
    "make_affinity",
    "make_affinity_rule",
    "make_allocation_policy",
    "make_availability_promise",
    "make_availability_result",
    "make_availability_snapshot",
    "make_communication_profile",
    "make_contact_reach",
    "make_cross_sell_model",
    "make_customer_picture",
    "make_demand_line",
    "make_document_route",
    "make_existing_allocation",
    "make_fulfilment_decision",
    "make_fulfilment_group",
    "make_fulfilment_item",
    "make_fulfilment_part",
    "make_fulfilment_plan",
    "make_fulfilment_policy",
    "make_fulfilment_rule",
    "make_involved_party",
    "make_party_address",
    "make_promised_delivery",
    "make_recommendation",
    "make_replenishment_lead_time",
    "make_resolved_address",
    "make_scheduled_receipt",
    "make_stock_position",
    "make_upgrade_path",
]

#: The day the supply factories are set on (the day of the kit's fixed instant).
SUPPLY_DAY: Final = pendulum.date(2026, 3, 2)


def make_stock_position(**overrides: Any) -> StockPosition:
    """10 ``SENS-100`` on hand at ``WH-1``."""
    fields: dict[str, Any] = {"sku": "SENS-100", "location": "WH-1", "on_hand": Decimal(10)}
    fields.update(overrides)
    return StockPosition(**fields)


def make_scheduled_receipt(**overrides: Any) -> ScheduledReceipt:
    """Purchase order ``PO-7``: 10 ``SENS-100`` arriving at ``WH-1`` on 2026-03-20."""
    fields: dict[str, Any] = {
        "sku": "SENS-100",
        "location": "WH-1",
        "quantity": Decimal(10),
        "expected_date": pendulum.date(2026, 3, 20),
        "reference": "PO-7",
    }
    fields.update(overrides)
    return ScheduledReceipt(**fields)


def make_existing_allocation(**overrides: Any) -> ExistingAllocation:
    """2 ``SENS-100`` at ``WH-1`` already promised to order ``SO-0`` line 1."""
    fields: dict[str, Any] = {
        "sku": "SENS-100",
        "location": "WH-1",
        "quantity": Decimal(2),
        "order_id": SalesOrderId("SO-0"),
        "line_number": 1,
    }
    fields.update(overrides)
    return ExistingAllocation(**fields)


def make_replenishment_lead_time(**overrides: Any) -> ReplenishmentLeadTime:
    """``SENS-100`` takes 30 days to replenish."""
    fields: dict[str, Any] = {"sku": "SENS-100", "days": 30}
    fields.update(overrides)
    return ReplenishmentLeadTime(**fields)


def make_availability_snapshot(**overrides: Any) -> AvailabilitySnapshot:
    """Supply on 2026-03-02: 10 ``SENS-100`` on hand at ``WH-1``, 10 more arriving on
    2026-03-20 (``PO-7``), a 30-day replenishment lead time, no allocations yet."""
    fields: dict[str, Any] = {
        "as_of": SUPPLY_DAY,
        "stock": (make_stock_position(),),
        "receipts": (make_scheduled_receipt(),),
        "allocations": (),
        "lead_times": (make_replenishment_lead_time(),),
    }
    fields.update(overrides)
    return AvailabilitySnapshot(**fields)


def make_demand_line(**overrides: Any) -> DemandLine:
    """Order ``SO-1`` line 1: 10 ``SENS-100`` for account ``A-1``, ordered and wanted on
    2026-03-02."""
    fields: dict[str, Any] = {
        "order_id": SalesOrderId("SO-1"),
        "line_number": 1,
        "sku": "SENS-100",
        "quantity": Decimal(10),
        "requested_date": SUPPLY_DAY,
        "order_date": SUPPLY_DAY,
        "account_id": AccountId("A-1"),
    }
    fields.update(overrides)
    return DemandLine(**fields)


def make_promised_delivery(**overrides: Any) -> PromisedDelivery:
    """10 from ``WH-1`` on 2026-03-02."""
    fields: dict[str, Any] = {"location": "WH-1", "quantity": Decimal(10), "date": SUPPLY_DAY}
    fields.update(overrides)
    return PromisedDelivery(**fields)


def make_availability_result(*lines: DemandLine, **overrides: Any) -> AvailabilityResult:
    """The first-come, first-served answer for ``lines`` (default: one
    :func:`make_demand_line`) against :func:`make_availability_snapshot` (``overrides``)."""
    return available_to_promise(
        lines or (make_demand_line(),), make_availability_snapshot(**overrides)
    )


def make_availability_promise(**overrides: Any) -> AvailabilityPromise:
    """The promise for :func:`make_demand_line` (``overrides``) against
    :func:`make_availability_snapshot`: 10 confirmed from ``WH-1``."""
    return make_availability_result(make_demand_line(**overrides)).promises[0]


def make_allocation_policy(**overrides: Any) -> AllocationPolicy:
    """:meth:`AllocationPolicy.default` (key accounts, priority, order date, requested date),
    or a policy built from ``overrides``."""
    if not overrides:
        return AllocationPolicy.default()
    fields: dict[str, Any] = {"factors": AllocationPolicy.default().factors}
    fields.update(overrides)
    return AllocationPolicy(**fields)


def make_fulfilment_rule(**overrides: Any) -> FulfilmentRule:
    """``kits are assembled``: goods of family ``kits`` are made to order at ``PLANT-1``
    with 5 days' lead time."""
    fields: dict[str, Any] = {
        "name": "kits are assembled",
        "method": FulfilmentMethod.MAKE_TO_ORDER,
        "kinds": (ProductKind.GOOD,),
        "families": ("kits",),
        "ship_from": "PLANT-1",
        "lead_days": 5,
    }
    fields.update(overrides)
    return FulfilmentRule(**fields)


def make_fulfilment_policy(*rules: FulfilmentRule) -> FulfilmentPolicy:
    """A policy with ``rules`` (default: :func:`make_fulfilment_rule`, then drop shipping
    calibration kits from ``SUP-CAL`` when stock is short)."""
    if not rules:
        rules = (
            make_fulfilment_rule(),
            make_fulfilment_rule(
                name="calibration kits from the supplier when short",
                method=FulfilmentMethod.DROP_SHIP,
                kinds=(),
                families=(),
                skus=("CAL-KIT",),
                when_short=True,
                ship_from="SUP-CAL",
                lead_days=2,
            ),
        )
    return FulfilmentPolicy(rules=rules)


def make_fulfilment_part(**overrides: Any) -> FulfilmentPart:
    """10 leaving ``WH-1`` on 2026-03-02."""
    fields: dict[str, Any] = {"quantity": Decimal(10), "location": "WH-1", "date": SUPPLY_DAY}
    fields.update(overrides)
    return FulfilmentPart(**fields)


def make_fulfilment_plan(*lines: DemandLine) -> FulfilmentPlan:
    """The plan for ``lines`` (default: a sensor, an installation, a subscription and a kit
    bundle, one line each of order ``SO-1``) against :func:`make_catalog`, with
    :func:`make_fulfilment_policy` and the availability of :func:`make_availability_snapshot`."""
    if not lines:
        lines = tuple(
            make_demand_line(line_number=number, sku=sku, quantity=Decimal(quantity))
            for number, sku, quantity in (
                (1, "SENS-100", 4),
                (2, "SVC-INSTALL", 8),
                (3, "SUB-CLOUD", 25),
                (4, "KIT-START", 1),
            )
        )
    availability = available_to_promise(lines, make_availability_snapshot())
    return plan_fulfilment(
        lines, make_catalog(), policy=make_fulfilment_policy(), availability=availability
    )


def make_fulfilment_decision(**overrides: Any) -> FulfilmentDecision:
    """The decision for :func:`make_demand_line` (``overrides``) in a plan like
    :func:`make_fulfilment_plan`'s: ship 10 sensors from ``WH-1``."""
    return make_fulfilment_plan(make_demand_line(**overrides)).decisions[0]


def make_fulfilment_group(**overrides: Any) -> FulfilmentGroup:
    """The first group of :func:`make_fulfilment_plan`, or one built from ``overrides``."""
    if not overrides:
        return make_fulfilment_plan().groups[0]
    fields: dict[str, Any] = {
        "method": FulfilmentMethod.SHIP_FROM_STOCK,
        "location": "WH-1",
        "date": SUPPLY_DAY,
        "items": (make_fulfilment_item(),),
    }
    fields.update(overrides)
    return FulfilmentGroup(**fields)


def make_fulfilment_item(**overrides: Any) -> FulfilmentItem:
    """10 of ``SENS-100`` for order ``SO-1`` line 1."""
    fields: dict[str, Any] = {
        "order_id": SalesOrderId("SO-1"),
        "line_number": 1,
        "sku": "SENS-100",
        "quantity": Decimal(10),
    }
    fields.update(overrides)
    return FulfilmentItem(**fields)


def make_affinity(**overrides: Any) -> Affinity:
    """``CAL-KIT`` was in 30 of the 40 orders with ``SENS-100`` (50 orders with ``CAL-KIT``,
    100 orders in all): confidence 3/4, lift 3/2."""
    fields: dict[str, Any] = {
        "antecedent": "SENS-100",
        "consequent": "CAL-KIT",
        "together": 30,
        "antecedent_count": 40,
        "consequent_count": 50,
        "baskets": 100,
    }
    fields.update(overrides)
    return Affinity(**fields)


def make_affinity_rule(**overrides: Any) -> AffinityRule:
    """``install with sensors``: offer ``SVC-INSTALL`` with ``SENS-100``."""
    fields: dict[str, Any] = {
        "name": "install with sensors",
        "trigger_sku": "SENS-100",
        "recommended_sku": "SVC-INSTALL",
        "reason": "sensors installed by us are covered by the extended warranty",
    }
    fields.update(overrides)
    return AffinityRule(**fields)


def make_upgrade_path(**overrides: Any) -> UpgradePath:
    """Offer the ``KIT-START`` bundle instead of a single ``SENS-100``."""
    fields: dict[str, Any] = {
        "trigger_sku": "SENS-100",
        "recommended_sku": "KIT-START",
        "reason": "the starter kit adds a second sensor and calibration",
    }
    fields.update(overrides)
    return UpgradePath(**fields)


def make_cross_sell_model(**overrides: Any) -> CrossSellModel:
    """One rule (:func:`make_affinity_rule`), one upgrade (:func:`make_upgrade_path`) and
    one mined affinity (:func:`make_affinity`)."""
    fields: dict[str, Any] = {
        "rules": (make_affinity_rule(),),
        "upgrades": (make_upgrade_path(),),
        "affinities": (make_affinity(),),
    }
    fields.update(overrides)
    return CrossSellModel(**fields)


def make_recommendation(**overrides: Any) -> Recommendation:
    """The first recommendation of :func:`make_cross_sell_model` for a sensor order
    (installation, from the rule), or one built from ``overrides``."""
    first = make_cross_sell_model().recommend(["SENS-100"])[0]
    if not overrides:
        return first
    fields: dict[str, Any] = {
        "sku": first.sku,
        "kind": first.kind,
        "source": first.source,
        "because_of": first.because_of,
        "reason": first.reason,
        "rule": first.rule,
        "affinity": first.affinity,
    }
    fields.update(overrides)
    return Recommendation(**fields)


def make_party_address(**overrides: Any) -> PartyAddress:
    """:func:`make_address` as the shipping address from 2026-03-02 on."""
    fields: dict[str, Any] = {
        "address": make_address(),
        "purpose": AddressPurpose.SHIPPING,
        "valid_from": SUPPLY_DAY,
    }
    fields.update(overrides)
    return PartyAddress(**fields)


def make_document_route(**overrides: Any) -> DocumentRoute:
    """Invoices by post."""
    fields: dict[str, Any] = {"document": OrderDocument.INVOICE, "channel": ContactChannel.POST}
    fields.update(overrides)
    return DocumentRoute(**fields)


def make_communication_profile(**overrides: Any) -> CommunicationProfile:
    """Email in English, invoices by post, a key customer."""
    fields: dict[str, Any] = {
        "preferences": CommunicationPreferences(
            preferred_channel=ContactChannel.EMAIL, language="en"
        ),
        "documents": (make_document_route(),),
        "key_customer": True,
        "notes": "call before delivering: the dock closes at 3 pm",
    }
    fields.update(overrides)
    return CommunicationProfile(**fields)


def make_involved_party(
    status: PartyStatus = PartyStatus.ACTIVE, **overrides: Any
) -> InvolvedParty:
    """The ship-to party ``PTY-1`` of ``account-1`` (Manchester warehouse, contact
    ``contact-1``, shipping and billing addresses from 2026-03-02, profile
    :func:`make_communication_profile`), registered at the kit's fixed instant; when
    ``status`` is terminated, terminated an hour later with effect from 2026-06-30.

    >>> make_involved_party(PartyStatus.TERMINATED).valid_to
    Date(2026, 6, 30)
    """
    fields: dict[str, Any] = {
        "id": PartyId("PTY-1"),
        "at": FIXED_INSTANT,
        "by": UserId("customer-service"),
        "account_id": AccountId("account-1"),
        "role": PartyRole.SHIP_TO,
        "name": "Analytical Engines, Manchester warehouse",
        "contact_id": ContactId("contact-1"),
        "person": make_person_details(),
        "addresses": (
            make_party_address(),
            make_party_address(purpose=AddressPurpose.BILLING),
        ),
        "profile": make_communication_profile(),
    }
    fields.update(overrides)
    party = InvolvedParty.register(**fields)
    if status is PartyStatus.ACTIVE:
        return party
    return party.terminate(
        effective=pendulum.date(2026, 6, 30),
        reason="warehouse closed",
        at=party.history[0].at.add(hours=1),
        by=party.history[0].by,
    )


def make_resolved_address(**overrides: Any) -> ResolvedAddress:
    """:func:`make_address` as the shipping address of party ``PTY-1``."""
    fields: dict[str, Any] = {
        "purpose": AddressPurpose.SHIPPING,
        "address": make_address(),
        "source": "ship-to party PTY-1",
    }
    fields.update(overrides)
    return ResolvedAddress(**fields)


def make_contact_reach(**overrides: Any) -> ContactReach:
    """``contact-1``, active, reachable by email."""
    fields: dict[str, Any] = {
        "contact_id": ContactId("contact-1"),
        "name": "Ada Lovelace",
        "active": True,
        "channels": (ContactChannel.EMAIL,),
    }
    fields.update(overrides)
    return ContactReach(**fields)


def make_customer_picture(at: pendulum.DateTime | None = None, **overrides: Any) -> CustomerPicture:
    """The picture of :func:`make_account` with :func:`make_contact` and
    :func:`make_involved_party` a week after the kit's fixed instant; ``overrides``
    replace ``account``, ``contacts`` or ``parties``."""
    records: dict[str, Any] = {
        "account": make_account(),
        "contacts": (make_contact(),),
        "parties": (make_involved_party(),),
    }
    records.update(overrides)
    return customer_picture(
        records["account"],
        records["contacts"],
        records["parties"],
        at=FIXED_INSTANT.add(days=7) if at is None else at,
    )
