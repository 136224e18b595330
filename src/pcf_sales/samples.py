"""A deterministic sample company to start from: the same seed gives the same company.

:func:`sample_company` builds *Meridian Instruments*, a B2B maker of
measurement software and devices, with two years of leads (received through
realistic channels, engaging over time, worked, nurtured, qualified,
converted or disqualified) up to a fixed :data:`SAMPLE_AS_OF`. Converted
leads become accounts, contacts and opportunities, which are worked through
the sales process with calls, meetings, demos and workshops, won or lost;
the pipeline is snapshotted at the start of every fiscal quarter. Randomness
comes only from ``random.Random`` instances seeded from ``seed``; no clock is
read.

>>> company = sample_company(seed=7, leads=40)
>>> company == sample_company(seed=7, leads=40)
True
>>> len(company.leads)
40
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from typing import Final, TypeVar

import attrs
import pendulum
from moneyed import Money

from pcf_sales._sample_orders import sample_orders
from pcf_sales._sample_pricing import sample_pricing
from pcf_sales._sample_proposals import build_rfps
from pcf_sales._sample_quotes import build_quotes
from pcf_sales._sample_sales import REPORTING, PendingConversion, build_sales, fx_rates
from pcf_sales.accounts import Account, Contact
from pcf_sales.catalog import Catalog
from pcf_sales.core import (
    CampaignId,
    CountryCode,
    CustomFields,
    EmailAddress,
    FiscalCalendar,
    FxTable,
    LeadId,
    PartnerId,
    PersonDetails,
    PhoneNumber,
    UserId,
    money,
)
from pcf_sales.core._validate import (
    check_int,
    fail,
    is_instance,
    is_instant,
    is_int,
    is_text,
    is_tuple_of,
    to_instant,
    to_tuple,
)
from pcf_sales.leads import (
    CompanyDetails,
    CriterionAnswer,
    DisqualificationReason,
    Engagement,
    EngagementKind,
    Lead,
    LeadChannel,
    LeadSource,
    QualificationFramework,
    ScoringModel,
)
from pcf_sales.opportunities import Opportunity, PipelineSnapshot, SalesActivity, SalesProcess
from pcf_sales.orders import SalesOrder
from pcf_sales.pricing import DiscountPolicy, PriceBook, PricingEngine, RuleSet
from pcf_sales.proposals import Quote, Rfp

__all__ = ["DEFAULT_SEED", "SAMPLE_AS_OF", "SampleCompany", "sample_company"]

#: The seed :func:`sample_company` uses unless told otherwise.
DEFAULT_SEED: Final = 2026
#: The instant the sample company's data runs up to: 31 October 2026, 18:00 UTC.
SAMPLE_AS_OF: Final = pendulum.datetime(2026, 10, 31, 18, 0, tz="UTC")

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class SampleCompany:
    """The sample company: its name, calendar, policies and records as of ``as_of``, and its
    catalog, price books (EUR and USD), pricing rules, discount policy and exchange rates."""

    name: str = attrs.field(validator=is_text(max_length=120))
    seed: int = attrs.field(validator=is_int())
    as_of: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    fiscal_calendar: FiscalCalendar = attrs.field(validator=is_instance(FiscalCalendar))
    scoring_model: ScoringModel = attrs.field(validator=is_instance(ScoringModel))
    qualification_framework: QualificationFramework = attrs.field(
        validator=is_instance(QualificationFramework)
    )
    leads: tuple[Lead, ...] = attrs.field(converter=to_tuple, validator=is_tuple_of(Lead))
    accounts: tuple[Account, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Account)
    )
    contacts: tuple[Contact, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Contact)
    )
    opportunities: tuple[Opportunity, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Opportunity)
    )
    activities: tuple[SalesActivity, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(SalesActivity)
    )
    rfps: tuple[Rfp, ...] = attrs.field(default=(), converter=to_tuple, validator=is_tuple_of(Rfp))
    """Requests for proposal or quote that came with about 40 % of the deals."""
    sales_process: SalesProcess = attrs.field(
        factory=SalesProcess.default, validator=is_instance(SalesProcess)
    )
    reporting_currency: str = attrs.field(default=REPORTING, validator=is_text(max_length=3))
    fx_rates: FxTable = attrs.field(
        factory=lambda: FxTable(rates=()), validator=is_instance(FxTable)
    )
    quarterly_quota: Money = attrs.field(
        factory=lambda: money("250000.00", REPORTING), validator=is_instance(Money)
    )
    pipeline_snapshots: tuple[PipelineSnapshot, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(PipelineSnapshot)
    )
    """The pipeline at the start of each fiscal quarter of the two years, and at ``as_of``."""
    catalog: Catalog = attrs.field(validator=is_instance(Catalog))
    price_books: tuple[PriceBook, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(PriceBook)
    )
    pricing_rules: tuple[RuleSet, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(RuleSet)
    )
    discount_policy: DiscountPolicy = attrs.field(validator=is_instance(DiscountPolicy))
    quotes: tuple[Quote, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(Quote)
    )
    """Quotes for a share of the deals, every version, priced by :meth:`pricing_engine`."""
    orders: tuple[SalesOrder, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(SalesOrder)
    )
    """Sales orders of the won opportunities, fulfilled (with back orders) up to ``as_of``."""

    def pricing_engine(self, currency: str = "EUR") -> PricingEngine:
        """An engine for the price book (and rules) in ``currency`` (EUR or USD)."""
        for book, rules in zip(self.price_books, self.pricing_rules, strict=True):
            if book.currency == currency:
                return PricingEngine(
                    price_book=book, catalog=self.catalog, rules=rules, fx=self.fx_rates
                )
        known = ", ".join(book.currency for book in self.price_books)
        return fail("currency", f"the sample company has price books in {known}, not {currency}")


# --- reference data for the generator ---------------------------------------------------

_CHANNELS: Final = (
    (LeadChannel.WEBSITE, 20),
    (LeadChannel.ORGANIC_SEARCH, 14),
    (LeadChannel.PAID_SEARCH, 12),
    (LeadChannel.SOCIAL, 6),
    (LeadChannel.PAID_SOCIAL, 6),
    (LeadChannel.EMAIL, 8),
    (LeadChannel.WEBINAR, 9),
    (LeadChannel.EVENT, 8),
    (LeadChannel.REFERRAL, 5),
    (LeadChannel.PARTNER, 5),
    (LeadChannel.OUTBOUND, 5),
    (LeadChannel.PURCHASED_LIST, 2),
    (LeadChannel.OTHER, 1),
)
_CAMPAIGNS: Final = {
    LeadChannel.PAID_SEARCH: ("cmp-search-brand", "cmp-search-generic"),
    LeadChannel.PAID_SOCIAL: ("cmp-linkedin-abm",),
    LeadChannel.EMAIL: ("cmp-newsletter", "cmp-product-launch"),
    LeadChannel.WEBINAR: ("cmp-webinar-metrology", "cmp-webinar-iot"),
    LeadChannel.EVENT: ("cmp-hannover-messe", "cmp-sensors-expo"),
}
_PARTNERS: Final = ("ptn-atlas-integration", "ptn-nordic-automation", "ptn-keystone-labs")
_FIRST_NAMES: Final = (
    "Ada", "Amara", "Ben", "Carla", "Chen", "Dario", "Elif", "Femi", "Greta", "Hiro",
    "Ines", "Jonas", "Kavya", "Lars", "Maya", "Noah", "Olga", "Priya", "Rafael", "Sofia",
    "Tariq", "Uma", "Viktor", "Wen", "Yara", "Zoe",
)  # fmt: skip
_LAST_NAMES: Final = (
    "Andersen", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haddad",
    "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Patel",
    "Quinn", "Rossi", "Schmidt", "Tanaka", "Umar", "Varga", "Weber", "Xu", "Yilmaz", "Zhang",
)  # fmt: skip
_SENIORITY: Final = (
    ("c_level", 6, ("CTO", "COO", "CEO")),
    ("vp", 10, ("VP Engineering", "VP Operations", "VP Quality")),
    ("director", 16, ("Director of Manufacturing", "Director of R&D")),
    ("head", 14, ("Head of Metrology", "Head of Test Engineering")),
    ("manager", 28, ("Quality Manager", "Lab Manager", "Production Manager")),
    ("individual", 22, ("Test Engineer", "Process Engineer", "Data Analyst")),
    ("student", 4, ("Student", "Intern")),
)
_INDUSTRIES: Final = (
    ("manufacturing", 30),
    ("software", 15),
    ("automotive", 14),
    ("energy", 10),
    ("life sciences", 10),
    ("retail", 6),
    ("financial services", 5),
    ("education", 5),
    ("public sector", 5),
)
_COUNTRIES: Final = (
    ("DE", "+49", 26), ("US", "+1", 22), ("GB", "+44", 12), ("FR", "+33", 8),
    ("NL", "+31", 6), ("SE", "+46", 5), ("IT", "+39", 6), ("ES", "+34", 5),
    ("JP", "+81", 5), ("IN", "+91", 5),
)  # fmt: skip
_COMPANY_WORDS: Final = (
    ("Apex", "Boreal", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Helix", "Ionic",
     "Juniper", "Kestrel", "Lumen", "Mistral", "Nimbus", "Orion", "Pioneer", "Quartz",
     "Riverbend", "Summit", "Tidal", "Vertex", "Willow"),
    ("Robotics", "Components", "Motors", "Energy", "Biotech", "Systems", "Precision",
     "Labs", "Devices", "Foods", "Materials", "Aerospace"),
)  # fmt: skip
_FREE_MAIL: Final = ("gmail.com", "outlook.com", "yahoo.com", "web.de")
_SDRS: Final = (UserId("sdr-ana"), UserId("sdr-ben"), UserId("sdr-chen"), UserId("sdr-dana"))
_MARKETING: Final = UserId("marketing-automation")
_ENGAGEMENT_WEIGHTS: Final = (
    (EngagementKind.EMAIL_OPEN, 30),
    (EngagementKind.WEB_VISIT, 30),
    (EngagementKind.EMAIL_CLICK, 14),
    (EngagementKind.CONTENT_DOWNLOAD, 9),
    (EngagementKind.FORM_SUBMISSION, 5),
    (EngagementKind.WEBINAR_ATTENDANCE, 5),
    (EngagementKind.EVENT, 3),
    (EngagementKind.SALES_TOUCH, 4),
)
_PERIOD_DAYS: Final = 730


def _weighted(rng: random.Random, table: Sequence[tuple[T, int]]) -> T:
    return rng.choices([item for item, _ in table], weights=[w for _, w in table])[0]


def _receipt_instant(rng: random.Random, as_of: pendulum.DateTime) -> pendulum.DateTime:
    # Lead volume grows over the two years (a triangular draw leaning recent),
    # arriving in working hours.
    # Most leads arrive on working days; a weekend lead usually shows up on Friday.
    days_ago = int(rng.triangular(0, _PERIOD_DAYS, 0))
    day = as_of.subtract(days=days_ago).start_of("day")
    if day.day_of_week == pendulum.SATURDAY and rng.random() < 0.8:
        day = day.subtract(days=1)
    elif day.day_of_week == pendulum.SUNDAY and rng.random() < 0.8:
        day = day.subtract(days=2)
    moment = day.add(hours=rng.randint(7, 18), minutes=rng.randint(0, 59))
    return min(moment, as_of)


def _person(rng: random.Random, seniority_title: str, domain: str, calling: str) -> PersonDetails:
    first = rng.choice(_FIRST_NAMES)
    last = rng.choice(_LAST_NAMES)
    mailbox = domain if rng.random() > 0.14 else rng.choice(_FREE_MAIL)
    local = f"{first}.{last}".lower().replace("í", "i")
    email = EmailAddress(f"{local}{rng.randint(1, 99) if mailbox in _FREE_MAIL else ''}@{mailbox}")
    phone = None
    if rng.random() < 0.55:
        phone = PhoneNumber(f"{calling}{rng.randint(10**8, 10**9 - 1)}")
    return PersonDetails(
        first_name=first, last_name=last, email=email, phone=phone, title=seniority_title
    )


def _engagements(
    rng: random.Random, received: pendulum.DateTime, until: pendulum.DateTime, interest: float
) -> list[Engagement]:
    count = int(rng.expovariate(1 / (2 + 14 * interest)))
    span = max((until - received).total_seconds(), 3600.0)
    found: list[Engagement] = []
    for _ in range(min(count, 60)):
        # Interest fades: most engagement comes soon after the lead arrives.
        offset = min(rng.expovariate(1 / (span * (0.15 + 0.5 * interest))), span)
        at = received.add(seconds=int(offset))
        kind = _weighted(rng, _ENGAGEMENT_WEIGHTS)
        found.append(Engagement(kind=kind, at=at))
    # A few web visits before the lead identified itself.
    for _ in range(rng.randint(0, 3)):
        found.append(
            Engagement(
                kind=EngagementKind.WEB_VISIT, at=received.subtract(hours=rng.randint(1, 240))
            )
        )
    return sorted(found, key=lambda e: e.at)


def _bant(rng: random.Random, interest: float) -> tuple[CriterionAnswer, ...]:
    return tuple(
        CriterionAnswer(key=key, met=rng.random() < 0.35 + 0.6 * interest)
        for key in ("budget", "authority", "need", "timeline")
    )


def _lead(
    rng: random.Random,
    number: int,
    as_of: pendulum.DateTime,
    conversions: list[PendingConversion],
) -> Lead:
    received = _receipt_instant(rng, as_of)
    channel = _weighted(rng, _CHANNELS)
    campaigns = _CAMPAIGNS.get(channel)
    source = LeadSource(
        channel=channel,
        campaign_id=CampaignId(rng.choice(campaigns)) if campaigns else None,
        partner_id=PartnerId(rng.choice(_PARTNERS)) if channel is LeadChannel.PARTNER else None,
    )
    code, calling, _ = _weighted(rng, [((c, p, w), w) for c, p, w in _COUNTRIES])
    word_a, word_b = rng.choice(_COMPANY_WORDS[0]), rng.choice(_COMPANY_WORDS[1])
    domain = f"{word_a}-{word_b}.example".lower()
    industry = _weighted(rng, _INDUSTRIES)
    seniority, _, titles = _weighted(rng, [(row, row[1]) for row in _SENIORITY])
    company = CompanyDetails(
        name=f"{word_a} {word_b}",
        domain=domain if rng.random() < 0.7 else None,
        industry=industry,
        employees=max(3, int(rng.lognormvariate(5.2, 1.4))),
        country=CountryCode(code),
    )
    # One hidden figure per lead drives its behaviour: how interested it is.
    interest = rng.betavariate(1.4, 3.2)
    if channel in (LeadChannel.REFERRAL, LeadChannel.PARTNER, LeadChannel.EVENT):
        interest = min(1.0, interest + 0.2)
    if seniority in ("c_level", "vp", "director", "head"):
        interest = min(1.0, interest + 0.1)
    engagements = _engagements(rng, received, as_of, interest)
    before = [e for e in engagements if e.at <= received]
    after = [e for e in engagements if e.at > received]
    lead = Lead.receive(
        id=LeadId(f"LD-{number:05d}"),
        at=received,
        by=_MARKETING if channel is not LeadChannel.OUTBOUND else rng.choice(_SDRS),
        person=_person(rng, rng.choice(titles), f"{word_a}-{word_b}.example".lower(), calling),
        source=source,
        company=company,
        custom_fields=CustomFields({"seniority": seniority}),
        tags=("trade-show",) if channel is LeadChannel.EVENT else (),
        engagements=before,
    )
    return _work(rng, lead, after, interest, number, as_of, conversions)


def _work(
    rng: random.Random,
    lead: Lead,
    engagements: list[Engagement],
    interest: float,
    number: int,
    as_of: pendulum.DateTime,
    conversions: list[PendingConversion],
) -> Lead:
    """Play the lead's story forward: engagement arrives, people act on it. A lead to
    convert is left qualified and listed in ``conversions`` with the instant of conversion;
    the sales story converts the pending leads in the order they happen."""
    age_days = (as_of - lead.received_at).in_days()
    owner = rng.choice(_SDRS)
    clock = lead.received_at
    pending = list(engagements)

    def advance(days: float) -> pendulum.DateTime:
        nonlocal clock, lead
        target = min(clock.add(minutes=max(1, int(days * 1440))), as_of)
        while pending and pending[0].at <= target:
            engagement = pending.pop(0)
            lead = lead.record_engagement(engagement, at=engagement.at, by=_MARKETING)
        clock = max(target, lead.updated_at)
        return clock

    if age_days < 7 and rng.random() < 0.7:
        advance(age_days)  # too fresh: nobody has picked it up yet
        return lead
    lead = lead.assign(owner, at=advance(rng.uniform(0.05, 1.5)), by=_MARKETING)
    if interest < 0.12 and rng.random() < 0.6:
        reason = rng.choice(
            (DisqualificationReason.NOT_A_FIT, DisqualificationReason.INVALID_DATA,
             DisqualificationReason.UNRESPONSIVE)
        )  # fmt: skip
        lead = lead.disqualify(reason, at=advance(rng.uniform(1, 10)), by=owner)
        if age_days > 200 and rng.random() < 0.15:
            lead = lead.recycle(at=advance(rng.uniform(90, 180)), by=_MARKETING)
        advance(_PERIOD_DAYS)
        return lead
    lead = lead.start_working(at=advance(rng.uniform(0.1, 3)), by=owner)
    if age_days < 25 and rng.random() < 0.7:
        advance(_PERIOD_DAYS)  # still being worked
        return lead
    if interest < 0.25:
        lead = lead.nurture(at=advance(rng.uniform(3, 20)), by=owner, reason="not ready to buy")
        if rng.random() < interest * 1.5 and age_days > 60:
            lead = lead.start_working(at=advance(rng.uniform(30, 90)), by=owner)
        else:
            advance(_PERIOD_DAYS)
            return lead
    framework = QualificationFramework.bant()
    lead = lead.assess(framework, _bant(rng, interest), at=advance(rng.uniform(2, 15)), by=owner)
    result = lead.qualification
    if result is not None and not result.is_qualified:
        missing = result.missing_required
        reason = {
            "budget": DisqualificationReason.NO_BUDGET,
            "authority": DisqualificationReason.NO_AUTHORITY,
            "need": DisqualificationReason.NO_NEED,
        }[missing[0]]
        if rng.random() < 0.5:
            lead = lead.disqualify(reason, at=advance(rng.uniform(1, 10)), by=owner)
        else:
            lead = lead.nurture(at=advance(rng.uniform(1, 10)), by=owner, reason=reason.value)
        advance(_PERIOD_DAYS)
        return lead
    lead = lead.qualify(at=advance(rng.uniform(0.5, 5)), by=owner)
    if age_days < 30 or rng.random() < 0.25:
        advance(_PERIOD_DAYS)
        return lead
    if rng.random() < 0.12:
        lead = lead.return_to_nurturing(
            at=advance(rng.uniform(2, 14)), by=UserId("ae-sales"), reason="no project this year"
        )
        advance(_PERIOD_DAYS)
        return lead
    with_opportunity = rng.random() < 0.85
    at = advance(rng.uniform(1, 12))
    conversions.append(
        PendingConversion(lead=lead, at=at, number=number, with_opportunity=with_opportunity)
    )
    return lead


def sample_company(seed: int = DEFAULT_SEED, *, leads: int = 600) -> SampleCompany:
    """The sample company built from ``seed``, with ``leads`` leads over two years, and the
    accounts, contacts, deals and activities that came of them.

    The result is a pure function of its arguments: the same seed always
    gives the same company. It is immutable, so recent results are cached.
    """
    check_int(seed, "seed")
    check_int(leads, "leads", minimum=0, maximum=100_000)
    return _build(seed, leads)


@functools.lru_cache(maxsize=8)
def _build(seed: int, count: int) -> SampleCompany:
    rng = random.Random(seed)
    conversions: list[PendingConversion] = []
    built = [_lead(rng, number, SAMPLE_AS_OF, conversions) for number in range(1, count + 1)]
    calendar = FiscalCalendar(start_month=4)
    process = SalesProcess.default()
    rates = fx_rates(seed, SAMPLE_AS_OF)
    sales = build_sales(
        conversions, seed=seed, as_of=SAMPLE_AS_OF, calendar=calendar, process=process, fx=rates
    )
    converted = {lead.id: lead for lead in sales.leads}
    final = (converted.get(lead.id, lead) for lead in built)
    ordered = tuple(sorted(final, key=lambda lead: (lead.received_at, lead.id)))
    pricing = sample_pricing(seed)
    engines = {
        book.currency: PricingEngine(
            price_book=book, catalog=pricing.catalog, rules=rules, fx=rates
        )
        for book, rules in zip(pricing.price_books, pricing.rule_sets, strict=True)
    }
    quotes = build_quotes(
        sales.opportunities,
        engines,
        pricing.discount_policy,
        rates,
        seed=seed,
        as_of=SAMPLE_AS_OF,
    )
    orders = sample_orders(
        sales.opportunities,
        sales.accounts,
        sales.contacts,
        engines,
        seed=seed,
        as_of=SAMPLE_AS_OF,
        quotes=quotes,
    )
    return SampleCompany(
        name="Meridian Instruments",
        seed=seed,
        as_of=SAMPLE_AS_OF,
        fiscal_calendar=calendar,
        scoring_model=ScoringModel.default(),
        qualification_framework=QualificationFramework.bant(),
        leads=ordered,
        accounts=sales.accounts,
        contacts=sales.contacts,
        opportunities=sales.opportunities,
        activities=sales.activities,
        rfps=build_rfps(sales.opportunities, seed=seed, as_of=SAMPLE_AS_OF),
        sales_process=process,
        reporting_currency=REPORTING,
        fx_rates=rates,
        pipeline_snapshots=sales.snapshots,
        catalog=pricing.catalog,
        price_books=pricing.price_books,
        pricing_rules=pricing.rule_sets,
        discount_policy=pricing.discount_policy,
        quotes=quotes,
        orders=orders,
    )
