"""The lead aggregate (PCF 3.5.1.1-3.5.1.3) and its lifecycle table."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from enum import Enum
from typing import Any

import attrs
import pendulum

from pcf_sales.core import (
    AccountId,
    CampaignId,
    ContactId,
    CountryCode,
    CustomFields,
    Guard,
    HistoryEntry,
    LeadId,
    Lifecycle,
    OpportunityId,
    PartnerId,
    PersonDetails,
    Scalar,
    Transition,
    UserId,
    company_domain,
)
from pcf_sales.core._contact_details import is_country, is_web_domain, to_web_domain
from pcf_sales.core._custom_fields import check_field_name, check_scalar, is_tags, to_tags
from pcf_sales.core._validate import (
    check_id,
    check_instant,
    check_text,
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
    to_tuple,
)
from pcf_sales.leads._engagement import Engagement
from pcf_sales.leads._qualification import (
    CriterionAnswer,
    QualificationFramework,
    QualificationResult,
)

__all__ = [
    "LEAD_LIFECYCLE",
    "CompanyDetails",
    "Disqualification",
    "DisqualificationReason",
    "Lead",
    "LeadChannel",
    "LeadConversion",
    "LeadSource",
    "LeadStatus",
]


class LeadStatus(Enum):
    """Where a lead is in its lifecycle."""

    NEW = "new"
    """Received, nobody has worked it yet."""
    WORKING = "working"
    """Someone is actively working it (researching, calling, emailing)."""
    NURTURING = "nurturing"
    """Not ready yet; marketing keeps it warm."""
    QUALIFIED = "qualified"
    """Meets the qualification criteria; ready for conversion."""
    CONVERTED = "converted"
    """Became a contact, an account and possibly an opportunity. Terminal."""
    DISQUALIFIED = "disqualified"
    """Not a prospect, for a stated reason."""
    RECYCLED = "recycled"
    """A disqualified lead given another chance; waits to be worked again."""


class LeadChannel(Enum):
    """How a lead reached us (inbound) or how we found it (outbound)."""

    WEBSITE = "website"
    ORGANIC_SEARCH = "organic_search"
    PAID_SEARCH = "paid_search"
    SOCIAL = "social"
    PAID_SOCIAL = "paid_social"
    EMAIL = "email"
    WEBINAR = "webinar"
    EVENT = "event"
    REFERRAL = "referral"
    PARTNER = "partner"
    OUTBOUND = "outbound"
    """Found by prospecting (PCF 3.5.1.1 identify potential customers)."""
    PURCHASED_LIST = "purchased_list"
    OTHER = "other"


class DisqualificationReason(Enum):
    """Why a lead is not a prospect: the codes feed marketing's lead-quality feedback."""

    NO_BUDGET = "no_budget"
    NO_AUTHORITY = "no_authority"
    NO_NEED = "no_need"
    BAD_TIMING = "bad_timing"
    CHOSE_COMPETITOR = "chose_competitor"
    UNRESPONSIVE = "unresponsive"
    NOT_A_FIT = "not_a_fit"
    DUPLICATE = "duplicate"
    INVALID_DATA = "invalid_data"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class LeadSource:
    """Where a lead came from: the channel, and the campaign or partner behind it."""

    channel: LeadChannel = attrs.field(validator=is_enum(LeadChannel))
    campaign_id: CampaignId | None = attrs.field(default=None, validator=optional(is_id))
    partner_id: PartnerId | None = attrs.field(default=None, validator=optional(is_id))
    detail: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=500))
    )


@attrs.frozen(kw_only=True)
class CompanyDetails:
    """What is known of the lead's company. ``domain`` is normalised (``acme.com``)."""

    name: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=200))
    )
    domain: str | None = attrs.field(default=None, converter=to_web_domain, validator=is_web_domain)
    industry: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=120))
    )
    employees: int | None = attrs.field(default=None, validator=optional(is_int(minimum=0)))
    country: CountryCode | None = attrs.field(default=None, validator=optional(is_country))


@attrs.frozen(kw_only=True)
class Disqualification:
    """Why a lead was disqualified, as a code for reporting and a note for people."""

    reason: DisqualificationReason = attrs.field(validator=is_enum(DisqualificationReason))
    note: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )


@attrs.frozen(kw_only=True)
class LeadConversion:
    """The records a converted lead became."""

    account_id: AccountId = attrs.field(validator=is_id)
    contact_id: ContactId = attrs.field(validator=is_id)
    opportunity_id: OpportunityId | None = attrs.field(default=None, validator=optional(is_id))


def _engagements(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(Engagement)(inst, attr, value)
    ats = [e.at for e in value]  # type: ignore[attr-defined]
    if ats != sorted(ats):
        fail(attr.name, "engagements are stored in the order they happened")


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


@attrs.frozen(kw_only=True)
class Lead:
    """A potential customer, from first contact until conversion or disqualification.

    Create one with :meth:`receive`; change it only through its commands,
    each of which returns a new ``Lead`` with one more history entry and the
    next ``revision``. A lead needs a last name or an email address.

    >>> monday = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    >>> lead = Lead.receive(
    ...     id=LeadId("L-1"), at=monday, by=UserId("web-form"),
    ...     person=PersonDetails(last_name="Okafor"),
    ...     source=LeadSource(channel=LeadChannel.WEBSITE),
    ... )
    >>> worked = lead.start_working(at=monday.add(hours=2), by=UserId("sdr-1"))
    >>> lead.status.value, worked.status.value, worked.revision
    ('new', 'working', 2)
    """

    id: LeadId = attrs.field(validator=is_id)
    status: LeadStatus = attrs.field(validator=is_enum(LeadStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[LeadStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    person: PersonDetails = attrs.field(validator=is_instance(PersonDetails))
    company: CompanyDetails = attrs.field(
        factory=CompanyDetails, validator=is_instance(CompanyDetails)
    )
    source: LeadSource = attrs.field(validator=is_instance(LeadSource))
    owner: UserId | None = attrs.field(default=None, validator=optional(is_id))
    tags: tuple[str, ...] = attrs.field(default=(), converter=to_tags, validator=is_tags)
    custom_fields: CustomFields = attrs.field(
        factory=CustomFields, validator=is_instance(CustomFields)
    )
    engagements: tuple[Engagement, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_engagements
    )
    qualification: QualificationResult | None = attrs.field(
        default=None, validator=optional(is_instance(QualificationResult))
    )
    disqualification: Disqualification | None = attrs.field(
        default=None, validator=optional(is_instance(Disqualification))
    )
    conversion: LeadConversion | None = attrs.field(
        default=None, validator=optional(is_instance(LeadConversion))
    )

    def __attrs_post_init__(self) -> None:
        _check_person(self.person)
        LEAD_LIFECYCLE.check_history(self)
        if (self.status is LeadStatus.DISQUALIFIED) != (self.disqualification is not None):
            fail("disqualification", "is set exactly when the lead is disqualified")
        if (self.status is LeadStatus.CONVERTED) != (self.conversion is not None):
            fail("conversion", "is set exactly when the lead is converted")

    # -- creating -------------------------------------------------------------------

    @classmethod
    def receive(
        cls,
        *,
        id: LeadId,
        at: pendulum.DateTime,
        by: UserId,
        person: PersonDetails,
        source: LeadSource,
        company: CompanyDetails | None = None,
        owner: UserId | None = None,
        tags: Iterable[str] = (),
        custom_fields: CustomFields | None = None,
        engagements: Iterable[Engagement] = (),
    ) -> Lead:
        """A new lead in status ``new`` (PCF 3.5.1.2 identify/receive leads)."""
        received_at = check_instant(at, "at")
        given = _check_engagements(engagements)
        for index, engagement in enumerate(given):
            if engagement.at > received_at:
                fail(f"engagements[{index}].at", "is after the lead was received")
        ordered = tuple(sorted(given, key=lambda e: e.at))
        return LEAD_LIFECYCLE.create(
            cls,
            at=received_at,
            by=by,
            id=id,
            person=person,
            company=CompanyDetails() if company is None else company,
            source=source,
            owner=owner,
            tags=tags,
            custom_fields=CustomFields() if custom_fields is None else custom_fields,
            engagements=ordered,
        )

    # -- facts ----------------------------------------------------------------------

    @property
    def received_at(self) -> pendulum.DateTime:
        """When the lead was received (its first history entry)."""
        return self.history[0].at

    @property
    def updated_at(self) -> pendulum.DateTime:
        """When the lead last changed."""
        return self.history[-1].at

    @property
    def company_domain(self) -> str | None:
        """The company's web domain, or the email's when it is not a free-mail address."""
        return company_domain(self.company.domain, self.person.email)

    @property
    def is_open(self) -> bool:
        """True while the lead can still become a customer (not converted or disqualified)."""
        return self.status not in (LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED)

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the lead's current status."""
        return LEAD_LIFECYCLE.allowed(self.status)

    # -- moving through the lifecycle -------------------------------------------------

    def start_working(self, *, at: pendulum.DateTime, by: UserId) -> Lead:
        """Someone starts working the lead (from new, nurturing or recycled)."""
        return LEAD_LIFECYCLE.apply(self, "start_working", at=at, by=by)

    def nurture(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> Lead:
        """Hand the lead to marketing nurture: interested, but not ready to buy."""
        return LEAD_LIFECYCLE.apply(self, "nurture", at=at, by=by, reason=reason)

    def assess(
        self,
        framework: QualificationFramework,
        answers: Iterable[CriterionAnswer],
        *,
        at: pendulum.DateTime,
        by: UserId,
    ) -> Lead:
        """Record what is known against ``framework`` (PCF 3.5.1.3 validate and qualify)."""
        LEAD_LIFECYCLE.require(self, "assess")
        if not isinstance(framework, QualificationFramework):
            fail("framework", f"expected a QualificationFramework, got {describe(framework)}")
        result = framework.evaluate(answers)
        return LEAD_LIFECYCLE.apply(self, "assess", at=at, by=by, changes={"qualification": result})

    def qualify(
        self, *, at: pendulum.DateTime, by: UserId, override_reason: str | None = None
    ) -> Lead:
        """Mark the lead qualified. The last assessment must qualify it, unless
        ``override_reason`` says why it should go to sales anyway."""
        return LEAD_LIFECYCLE.apply(
            self,
            "qualify",
            at=at,
            by=by,
            reason=override_reason,
            override=override_reason is not None,
        )

    def return_to_nurturing(self, *, at: pendulum.DateTime, by: UserId, reason: str) -> Lead:
        """Sales sends a qualified lead back to marketing, saying why (lead-quality feedback)."""
        return LEAD_LIFECYCLE.apply(self, "return_to_nurturing", at=at, by=by, reason=reason)

    def disqualify(
        self,
        reason: DisqualificationReason,
        *,
        at: pendulum.DateTime,
        by: UserId,
        note: str | None = None,
    ) -> Lead:
        """The lead is not a prospect, for ``reason``."""
        LEAD_LIFECYCLE.require(self, "disqualify")
        if not isinstance(reason, DisqualificationReason):
            fail("reason", f"expected a DisqualificationReason, got {describe(reason)}")
        record = Disqualification(reason=reason, note=note)
        text = reason.value if record.note is None else f"{reason.value}: {record.note}"
        return LEAD_LIFECYCLE.apply(
            self,
            "disqualify",
            at=at,
            by=by,
            reason=text,
            changes={"disqualification": record},
        )

    def recycle(self, *, at: pendulum.DateTime, by: UserId, reason: str | None = None) -> Lead:
        """Give a disqualified lead another chance; it waits to be worked again.

        The earlier assessment is dropped with the disqualification: the lead is
        qualified again only on a new assessment (or an override).
        """
        return LEAD_LIFECYCLE.apply(
            self,
            "recycle",
            at=at,
            by=by,
            reason=reason,
            changes={"disqualification": None, "qualification": None},
        )

    def convert(
        self,
        *,
        account_id: AccountId,
        contact_id: ContactId,
        opportunity_id: OpportunityId | None = None,
        at: pendulum.DateTime,
        by: UserId,
    ) -> Lead:
        """Record that the qualified lead became ``contact_id`` at ``account_id``
        (and ``opportunity_id``). Converting is final."""
        LEAD_LIFECYCLE.require(self, "convert")
        record = LeadConversion(
            account_id=account_id, contact_id=contact_id, opportunity_id=opportunity_id
        )
        return LEAD_LIFECYCLE.apply(self, "convert", at=at, by=by, changes={"conversion": record})

    # -- changing data ------------------------------------------------------------------

    def update_person(self, person: PersonDetails, *, at: pendulum.DateTime, by: UserId) -> Lead:
        """Replace the person details (a last name or an email must remain)."""
        LEAD_LIFECYCLE.require(self, "update_person")
        if not isinstance(person, PersonDetails):
            fail("person", f"expected PersonDetails, got {describe(person)}")
        _check_person(person)
        return LEAD_LIFECYCLE.apply(self, "update_person", at=at, by=by, changes={"person": person})

    def update_company(self, company: CompanyDetails, *, at: pendulum.DateTime, by: UserId) -> Lead:
        """Replace the company details."""
        LEAD_LIFECYCLE.require(self, "update_company")
        if not isinstance(company, CompanyDetails):
            fail("company", f"expected CompanyDetails, got {describe(company)}")
        return LEAD_LIFECYCLE.apply(
            self, "update_company", at=at, by=by, changes={"company": company}
        )

    def assign(self, owner: UserId | None, *, at: pendulum.DateTime, by: UserId) -> Lead:
        """Give the lead to ``owner`` (``None`` returns it to the queue)."""
        LEAD_LIFECYCLE.require(self, "assign")
        if owner is not None:
            check_id(owner, "owner")
        return LEAD_LIFECYCLE.apply(self, "assign", at=at, by=by, changes={"owner": owner})

    def tag(self, *tags: str, at: pendulum.DateTime, by: UserId) -> Lead:
        """Add tags (case-insensitive). Tags the lead already has change nothing:
        when no tag is new, the lead is returned unchanged."""
        LEAD_LIFECYCLE.require(self, "tag")
        adding = _checked_tags(tags)
        merged = to_tags((*self.tags, *adding))
        if merged == self.tags:
            return self
        return LEAD_LIFECYCLE.apply(self, "tag", at=at, by=by, changes={"tags": merged})

    def untag(self, *tags: str, at: pendulum.DateTime, by: UserId) -> Lead:
        """Remove tags; removing one the lead does not have is an error."""
        LEAD_LIFECYCLE.require(self, "untag")
        removing = _checked_tags(tags)
        absent = [t for t in removing if t not in self.tags]
        if absent:
            fail("tags", f"the lead has no tag {absent[0]!r}")
        kept = tuple(t for t in self.tags if t not in removing)
        return LEAD_LIFECYCLE.apply(self, "untag", at=at, by=by, changes={"tags": kept})

    def set_custom_field(
        self, key: str, value: Scalar, *, at: pendulum.DateTime, by: UserId
    ) -> Lead:
        """Set one of the host's own fields."""
        LEAD_LIFECYCLE.require(self, "set_custom_field")
        check_field_name(key, "key")
        check_scalar(value, "value")
        fields = self.custom_fields.with_value(key, value)
        return LEAD_LIFECYCLE.apply(
            self, "set_custom_field", at=at, by=by, changes={"custom_fields": fields}
        )

    def remove_custom_field(self, key: str, *, at: pendulum.DateTime, by: UserId) -> Lead:
        """Remove one of the host's own fields."""
        LEAD_LIFECYCLE.require(self, "remove_custom_field")
        if key not in self.custom_fields:
            fail("key", f"the lead has no custom field {key!r}")
        fields = self.custom_fields.without(key)
        return LEAD_LIFECYCLE.apply(
            self, "remove_custom_field", at=at, by=by, changes={"custom_fields": fields}
        )

    def record_engagement(
        self, engagement: Engagement, *, at: pendulum.DateTime, by: UserId
    ) -> Lead:
        """Record something the lead did. It cannot be later than ``at``.

        Recording an engagement that is already recorded (same kind, instant,
        campaign and detail) returns the lead unchanged, so a host may safely
        replay a feed.
        """
        LEAD_LIFECYCLE.require(self, "record_engagement")
        if not isinstance(engagement, Engagement):
            fail("engagement", f"expected an Engagement, got {describe(engagement)}")
        if engagement.at > check_instant(at, "at"):
            fail("engagement.at", f"{engagement.at} is after the time of recording {at}")
        existing = self.engagements
        position = bisect.bisect_right([e.at for e in existing], engagement.at)
        if engagement in existing:
            return self
        updated = (*existing[:position], engagement, *existing[position:])
        return LEAD_LIFECYCLE.apply(
            self, "record_engagement", at=at, by=by, changes={"engagements": updated}
        )


def _check_person(person: PersonDetails) -> None:
    if person.last_name is None and person.email is None:
        fail("person", "a lead needs at least a last name or an email address")


def _check_engagements(engagements: Iterable[Engagement]) -> tuple[Engagement, ...]:
    items = tuple(engagements)
    for index, item in enumerate(items):
        if not isinstance(item, Engagement):
            fail(f"engagements[{index}]", f"expected an Engagement, got {describe(item)}")
    return items


def _checked_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """The given tags normalised, each checked as it will be stored; at least one."""
    values = tuple(tags)
    if not values:
        fail("tags", "give at least one tag")
    for index, tag in enumerate(values):
        if not isinstance(tag, str):
            fail(f"tags[{index}]", f"expected a tag (text), got {describe(tag)}")
        check_text(tag.strip().lower(), f"tags[{index}]", max_length=64)
    return to_tags(values)


def _qualification_met(lead: Lead) -> str | None:
    if lead.qualification is None:
        return "the lead has not been assessed against a qualification framework"
    if not lead.qualification.is_qualified:
        return lead.qualification.explain()
    return None


_OPEN = frozenset(
    {
        LeadStatus.NEW,
        LeadStatus.WORKING,
        LeadStatus.NURTURING,
        LeadStatus.QUALIFIED,
        LeadStatus.DISQUALIFIED,
        LeadStatus.RECYCLED,
    }
)


def _data(command: str, event: str) -> Transition[LeadStatus, Lead]:
    return Transition(command=command, event=event, sources=_OPEN)


LEAD_LIFECYCLE: Lifecycle[LeadStatus, Lead] = Lifecycle(
    aggregate="Lead",
    states=LeadStatus,
    initial=LeadStatus.NEW,
    terminal={LeadStatus.CONVERTED},
    creation="receive",
    creation_event="received",
    transitions=(
        Transition(
            command="start_working",
            event="work_started",
            sources={LeadStatus.NEW, LeadStatus.NURTURING, LeadStatus.RECYCLED},
            target=LeadStatus.WORKING,
        ),
        Transition(
            command="nurture",
            event="nurture_started",
            sources={LeadStatus.WORKING},
            target=LeadStatus.NURTURING,
        ),
        Transition(
            command="assess",
            event="assessed",
            sources={LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.NURTURING},
        ),
        Transition(
            command="qualify",
            event="qualified",
            sources={LeadStatus.WORKING, LeadStatus.NURTURING},
            target=LeadStatus.QUALIFIED,
            guards=(Guard("qualification criteria met", _qualification_met),),
        ),
        Transition(
            command="return_to_nurturing",
            event="returned_to_nurturing",
            sources={LeadStatus.QUALIFIED},
            target=LeadStatus.NURTURING,
            needs_reason=True,
        ),
        Transition(
            command="disqualify",
            event="disqualified",
            sources={
                LeadStatus.NEW,
                LeadStatus.WORKING,
                LeadStatus.NURTURING,
                LeadStatus.QUALIFIED,
                LeadStatus.RECYCLED,
            },
            target=LeadStatus.DISQUALIFIED,
            needs_reason=True,
        ),
        Transition(
            command="recycle",
            event="recycled",
            sources={LeadStatus.DISQUALIFIED},
            target=LeadStatus.RECYCLED,
        ),
        Transition(
            command="convert",
            event="converted",
            sources={LeadStatus.QUALIFIED},
            target=LeadStatus.CONVERTED,
        ),
        _data("update_person", "person_updated"),
        _data("update_company", "company_updated"),
        _data("assign", "assigned"),
        _data("tag", "tagged"),
        _data("untag", "untagged"),
        _data("set_custom_field", "custom_field_set"),
        _data("remove_custom_field", "custom_field_removed"),
        _data("record_engagement", "engagement_recorded"),
    ),
)
"""The lead lifecycle: new → working ⇄ nurturing → qualified → converted, with
disqualify → recycle → working, and qualified leads sent back to nurturing."""
