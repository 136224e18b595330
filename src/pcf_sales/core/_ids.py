"""Typed identifiers.

Ids are plain strings to the host (its database keys, UUIDs, anything up to
128 characters without whitespace) and distinct types to a type checker, so a
``LeadId`` cannot be passed where an ``AccountId`` is expected. Aggregates
refer to each other only through these ids.

Every id type of the library lives here, even for aggregates of higher
packages, so that a lower package can name an id without importing the
aggregate it identifies.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import NewType, TypeVar

from pcf_sales.core._validate import describe, fail

__all__ = [
    "AccountId",
    "ActivityId",
    "BundleId",
    "CampaignId",
    "ChannelId",
    "ContactId",
    "KeyAccountPlanId",
    "LeadId",
    "OpportunityId",
    "PartnerId",
    "PartyId",
    "PlanActionId",
    "PriceBookId",
    "ProductId",
    "PromotionId",
    "QuoteId",
    "ReturnId",
    "RfpId",
    "SalesOrderId",
    "SegmentId",
    "ShipmentId",
    "UserId",
    "new_id",
]

LeadId = NewType("LeadId", str)
"""Identifies a :class:`~pcf_sales.leads.Lead`."""
AccountId = NewType("AccountId", str)
"""Identifies an account (a customer or prospect organisation)."""
ContactId = NewType("ContactId", str)
"""Identifies a contact (a person at an account)."""
OpportunityId = NewType("OpportunityId", str)
"""Identifies a sales opportunity."""
CampaignId = NewType("CampaignId", str)
"""Identifies a marketing campaign."""
PartnerId = NewType("PartnerId", str)
"""Identifies a sales partner."""
PartyId = NewType("PartyId", str)
"""Identifies a party involved in sales orders (sold-to, ship-to, bill-to, payer, ...)."""
ProductId = NewType("ProductId", str)
"""Identifies a product or service in the catalog."""
BundleId = NewType("BundleId", str)
"""Identifies a bundle of catalog products sold together."""
PriceBookId = NewType("PriceBookId", str)
"""Identifies a price book."""
PromotionId = NewType("PromotionId", str)
"""Identifies a promotional pricing programme."""
ChannelId = NewType("ChannelId", str)
"""Identifies a sales channel (direct, web shop, a distributor network, ...)."""
QuoteId = NewType("QuoteId", str)
"""Identifies a quote."""
RfpId = NewType("RfpId", str)
"""Identifies a request for proposal or quote."""
SalesOrderId = NewType("SalesOrderId", str)
"""Identifies a sales order."""
ShipmentId = NewType("ShipmentId", str)
"""Identifies a shipment (one dispatch of goods against a sales order)."""
ReturnId = NewType("ReturnId", str)
"""Identifies a customer return (a return authorisation against a sales order)."""
SegmentId = NewType("SegmentId", str)
"""Identifies a market segment."""
KeyAccountPlanId = NewType("KeyAccountPlanId", str)
"""Identifies a key account plan."""
PlanActionId = NewType("PlanActionId", str)
"""Identifies an action of a key account plan."""
ActivityId = NewType("ActivityId", str)
"""Identifies a sales activity: a call, meeting, workshop, demo or pre-sales task."""
UserId = NewType("UserId", str)
"""Identifies a person or system acting on the data: an owner, or the ``by`` of a command."""

IdT = TypeVar("IdT", bound=str)


def new_id(kind: Callable[[str], IdT], rng: random.Random) -> IdT:
    """A fresh id of type ``kind`` in UUID form, drawn from ``rng``.

    For hosts: the domain never makes ids up, commands take them. Pass
    ``random.SystemRandom()`` for ids unique across processes, or a seeded
    ``random.Random`` for reproducible ids in tests and samples.

    >>> new_id(LeadId, random.Random(7))
    '6513270e-269e-4d37-b2a7-4de452e6b438'
    """
    if not isinstance(rng, random.Random):
        fail("rng", f"expected a random.Random the caller seeds, got {describe(rng)}")
    return kind(str(uuid.UUID(int=rng.getrandbits(128), version=4)))
