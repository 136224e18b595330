"""Sales orders (PCF 3.5.4): availability, allocation, fulfilment, cross-sell, parties.

An :class:`AvailabilitySnapshot` holds the supply a host knows of; demand comes
in as :class:`DemandLine` values. :func:`available_to_promise` answers lines
first come, first served; :func:`allocate_supply` ranks competing lines by an
:class:`AllocationPolicy` first. Each line gets a :class:`AvailabilityPromise`:
confirmed quantity and day, later deliveries, back order and expected day.
:func:`plan_fulfilment` chooses how each line is fulfilled by a
:class:`FulfilmentPolicy`; a :class:`CrossSellModel` recommends what else to
offer; an :class:`InvolvedParty` is a sold-to, ship-to, bill-to, payer or end
user of an account, and :func:`customer_picture` puts an account, its contacts
and its parties together for an order.
"""

from __future__ import annotations

from pcf_sales.orders._allocation import AllocationPolicy, PriorityFactor, allocate_supply
from pcf_sales.orders._atp import (
    AvailabilityPromise,
    AvailabilityResult,
    PromisedDelivery,
    PromiseStatus,
    available_to_promise,
)
from pcf_sales.orders._availability import (
    AvailabilitySnapshot,
    DemandLine,
    ExistingAllocation,
    ReplenishmentLeadTime,
    ScheduledReceipt,
    StockPosition,
)
from pcf_sales.orders._cross_sell import (
    Affinity,
    AffinityRule,
    CrossSellModel,
    Recommendation,
    RecommendationKind,
    RecommendationSource,
    UpgradePath,
    mine_affinities,
)
from pcf_sales.orders._customer_picture import (
    ContactReach,
    CustomerPicture,
    ResolvedAddress,
    customer_picture,
)
from pcf_sales.orders._fulfilment import FulfilmentPolicy, FulfilmentRule, plan_fulfilment
from pcf_sales.orders._fulfilment_plan import (
    FulfilmentDecision,
    FulfilmentGroup,
    FulfilmentItem,
    FulfilmentMethod,
    FulfilmentPart,
    FulfilmentPlan,
)
from pcf_sales.orders._parties import INVOLVED_PARTY_LIFECYCLE, InvolvedParty, PartyStatus
from pcf_sales.orders._party_values import (
    AddressPurpose,
    CommunicationProfile,
    DocumentRoute,
    OrderDocument,
    PartyAddress,
    PartyRole,
)

__all__ = [
    "INVOLVED_PARTY_LIFECYCLE",
    "AddressPurpose",
    "Affinity",
    "AffinityRule",
    "AllocationPolicy",
    "AvailabilityPromise",
    "AvailabilityResult",
    "AvailabilitySnapshot",
    "CommunicationProfile",
    "ContactReach",
    "CrossSellModel",
    "CustomerPicture",
    "DemandLine",
    "DocumentRoute",
    "ExistingAllocation",
    "FulfilmentDecision",
    "FulfilmentGroup",
    "FulfilmentItem",
    "FulfilmentMethod",
    "FulfilmentPart",
    "FulfilmentPlan",
    "FulfilmentPolicy",
    "FulfilmentRule",
    "InvolvedParty",
    "OrderDocument",
    "PartyAddress",
    "PartyRole",
    "PartyStatus",
    "PriorityFactor",
    "PromiseStatus",
    "PromisedDelivery",
    "Recommendation",
    "RecommendationKind",
    "RecommendationSource",
    "ReplenishmentLeadTime",
    "ResolvedAddress",
    "ScheduledReceipt",
    "StockPosition",
    "UpgradePath",
    "allocate_supply",
    "available_to_promise",
    "customer_picture",
    "mine_affinities",
    "plan_fulfilment",
]
