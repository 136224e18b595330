"""``python -m pcf_sales demo``: the end-to-end story on the sample company.

This module and :mod:`pcf_sales.plotting` are the only places that do I/O
(here: printing). The report itself is built by pure functions from the
sample company, so it is the same on every machine for the same seed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from pcf_sales import __version__
from pcf_sales._sample_pricing import sample_order
from pcf_sales._sample_proposals import sample_solution
from pcf_sales.core import PeriodKind
from pcf_sales.errors import ValidationError
from pcf_sales.leads import Lead, LeadChannel, LeadScore, LeadStatus
from pcf_sales.opportunities import (
    ChangeKind,
    OpportunityStatus,
    PipelineGroup,
    PipelineSummary,
    pipeline_changes,
    sales_cycle,
    stage_conversion,
    stage_velocity,
)
from pcf_sales.orders import order_book, order_status
from pcf_sales.pricing import PricingContext
from pcf_sales.proposals import (
    PriceEstimate,
    ProfitabilityPolicy,
    RfpStatus,
    Schedule,
    StaffingPlan,
    quote_outcomes,
)
from pcf_sales.samples import DEFAULT_SEED, SampleCompany, sample_company


def _percent(part: int, whole: int) -> str:
    if whole == 0:
        return "-"
    return f"{Decimal(100 * part) / whole:.1f}%"


def _bar(count: int, largest: int, width: int = 30) -> str:
    return "#" * (round(width * count / largest) if largest else 0)


def _section(title: str) -> list[str]:
    return ["", title, "-" * len(title)]


def status_lines(leads: Sequence[Lead]) -> list[str]:
    """Leads by status, in lifecycle order."""
    counts = Counter(lead.status for lead in leads)
    lines = _section("Leads by status")
    lines.append(f"  {'status':<14}{'leads':>7}{'share':>9}")
    for status in LeadStatus:
        lines.append(
            f"  {status.value:<14}{counts[status]:>7}{_percent(counts[status], len(leads)):>9}"
        )
    return lines


def source_lines(leads: Sequence[Lead]) -> list[str]:
    """Leads by source channel with how many reached qualified and converted."""
    reached = {LeadStatus.QUALIFIED, LeadStatus.CONVERTED}
    lines = _section("Leads by source")
    lines.append(f"  {'channel':<16}{'leads':>7}{'qualified':>11}{'converted':>11}{'rate':>8}")
    by_channel: dict[LeadChannel, list[Lead]] = {}
    for lead in leads:
        by_channel.setdefault(lead.source.channel, []).append(lead)
    for channel, group in sorted(by_channel.items(), key=lambda item: -len(item[1])):
        qualified = sum(1 for lead in group if any(e.to_state in reached for e in lead.history))
        converted = sum(1 for lead in group if lead.status is LeadStatus.CONVERTED)
        lines.append(
            f"  {channel.value:<16}{len(group):>7}{qualified:>11}{converted:>11}"
            f"{_percent(converted, len(group)):>8}"
        )
    return lines


def score_lines(scores: Sequence[LeadScore], company: SampleCompany) -> list[str]:
    """Distribution of the open leads' grades."""
    lines = _section(f"Scores of open leads ({company.scoring_model.name} model)")
    grades = Counter(score.grade for score in scores)
    largest = max(grades.values(), default=0)
    for band in company.scoring_model.grade_bands:
        count = grades[band.grade]
        lines.append(f"  {band.grade} (from {band.minimum:>3}){count:>6}  {_bar(count, largest)}")
    return lines


def top_lines(scores: Sequence[LeadScore], leads: dict[str, Lead], top: int) -> list[str]:
    """The best-scoring open leads, each with its score explained."""
    lines = _section(f"Top {top} open leads and why")
    ranked = sorted(scores, key=lambda s: (-s.total, s.lead_id))[:top]
    for rank, score in enumerate(ranked, start=1):
        lead = leads[score.lead_id]
        who = lead.person.full_name or str(lead.person.email)
        company = lead.company.name or lead.company_domain or "unknown company"
        country = f" ({lead.company.country})" if lead.company.country else ""
        lines.append(
            f"  {rank}. {lead.id}  {who}, {company}{country}: "
            f"{score.total} points, grade {score.grade} [{lead.status.value}]"
        )
        lines.extend(f"       {c.points:>+7} {c.label}: {c.detail}" for c in score.contributions)
    return lines


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def _group_lines(title: str, groups: Sequence[PipelineGroup], names: dict[str, str]) -> list[str]:
    lines = [f"  {title:<24}{'deals':>6}{'value':>16}{'weighted':>16}"]
    lines.extend(
        f"  {names.get(g.key, g.key):<24}{g.count:>6}{_amount(g.value.amount):>16}"
        f"{_amount(g.weighted.amount):>16}"
        for g in groups
    )
    return lines


def pipeline_lines(company: SampleCompany) -> list[str]:
    """The pipeline at ``as_of``: totals, by stage, category, owner and quarter, coverage of
    the current quarter's quota, and the deals that need a look."""
    snapshot = company.pipeline_snapshots[-1]
    summary: PipelineSummary = snapshot.summary(calendar=company.fiscal_calendar)
    code = snapshot.currency
    names = {stage.key: stage.name for stage in company.sales_process.stages}
    lines = _section(f"Pipeline as of {company.as_of.format('YYYY-MM-DD')} ({code})")
    lines.append(
        f"  {summary.open_count} open deals worth {_amount(summary.open_value.amount)}, "
        f"{_amount(summary.weighted_value.amount)} weighted; {summary.won_count} won "
        f"({_amount(summary.won_value.amount)}), {summary.lost_count} lost."
    )
    lines += _group_lines("stage", summary.by_stage, names)
    lines += _group_lines("forecast category", summary.by_forecast_category, {})
    lines += _group_lines("owner", summary.by_owner, {})
    lines += _group_lines("closing in", summary.by_period, {})
    quarter = company.fiscal_calendar.period_of(company.as_of.date(), PeriodKind.QUARTER)
    coverage = snapshot.coverage(company.quarterly_quota, period=quarter)
    lines.append(f"  Coverage: {coverage.explain()}")
    alerts = summary.alerts
    lines.append(f"  {len(alerts)} alerts; the first five:")
    lines.extend(
        f"    {a.opportunity_id} {a.kind.value.replace('_', ' ')}: {a.detail}" for a in alerts[:5]
    )
    return lines


def changes_lines(company: SampleCompany) -> list[str]:
    """How the open pipeline moved during the last full fiscal quarter, reconciled."""
    snapshots = company.pipeline_snapshots
    lines = _section("Pipeline changes, last full quarter")
    if len(snapshots) < 3:
        lines.append("  not enough history")
        return lines
    before, after = snapshots[-3], snapshots[-2]
    changes = pipeline_changes(before, after)
    lines.extend(f"  {line}" for line in changes.explain())
    reconciled = "reconciles to the cent" if changes.reconciles else "DOES NOT RECONCILE"
    lines.append(f"  start + changes = end: {reconciled}")
    slipped = changes.of_kind(ChangeKind.SLIPPED)
    lines.extend(f"    slipped {c.opportunity_id}: {c.detail}" for c in slipped[:3])
    return lines


def conversion_lines(company: SampleCompany) -> list[str]:
    """Stage conversion and velocity, and the sales cycle, from the deals' histories."""
    deals = company.opportunities
    names = {stage.key: stage.name for stage in company.sales_process.stages}
    lines = _section("Stage conversion and velocity")
    lines.append(
        f"  {'stage':<24}{'reached':>8}{'passed':>8}{'lost':>6}{'open':>6}{'rate':>9}"
        f"{'mean d':>8}{'median d':>10}"
    )
    velocity = {v.stage: v for v in stage_velocity(deals, as_of=company.as_of)}
    for row in stage_conversion(deals, process=company.sales_process):
        speed = velocity[row.stage]
        rate = "-" if row.rate is None else str(row.rate).replace(" %", "%")
        lines.append(
            f"  {names[row.stage]:<24}{row.reached:>8}{row.advanced:>8}{row.lost:>6}"
            f"{row.still_open:>6}{rate:>9}{speed.mean_days or '-'!s:>8}"
            f"{speed.median_days or '-'!s:>10}"
        )
    for outcome in (OpportunityStatus.WON, OpportunityStatus.LOST):
        cycle = sales_cycle(deals, outcome=outcome)
        lines.append(
            f"  Sales cycle of {cycle.count} {outcome.value} deals: mean {cycle.mean_days} days, "
            f"median {cycle.median_days}, from {cycle.shortest_days} to {cycle.longest_days}."
        )
    return lines


def pricing_lines(company: SampleCompany) -> list[str]:
    """A sample order priced with its waterfall, the approvals it needs, and the next
    price changes."""
    document, context = sample_order(company.as_of.date())
    result = company.pricing_engine("EUR").price(document, context)
    lines = _section(f"A sample order priced ({document.reference}, {result.currency})")
    lines += [f"  {text}" for text in result.explain().splitlines()]
    approvals = company.discount_policy.evaluate(result)
    lines += [f"  {text}" for text in approvals.explain().splitlines()]
    book = company.price_books[0]
    for day in book.change_dates(after=company.as_of.date()):
        lines += [f"  {text}" for text in book.price_change_notice(day).describe().splitlines()]
    return lines


def proposal_lines(company: SampleCompany) -> list[str]:
    """One request from receipt to outcome: its history, the bid decision with its
    scorecard, the compliance coverage, the schedule, staffing and profitability."""
    decided = [r for r in company.rfps if r.status in (RfpStatus.WON, RfpStatus.LOST)]
    if not decided:
        return []
    rfp = max(decided, key=lambda r: (r.status is RfpStatus.WON, r.updated_at, r.id))
    lines = _section(f"A request from receipt to outcome ({rfp.id}, {rfp.kind.value})")
    lines += [
        f"  {e.at.format('YYYY-MM-DD')} {e.event}" + (f": {e.reason}" if e.reason else "")
        for e in rfp.history
        if e.from_state is not e.to_state or e.from_state is None
    ]
    if rfp.bid_decision is not None and rfp.bid_decision.scorecard is not None:
        lines += [f"  {t}" for t in rfp.bid_decision.scorecard.explain().splitlines()]
    lines += [f"  {t}" for t in rfp.compliance_coverage().explain().splitlines()]
    plan = sample_solution()
    started = next(e.at for e in rfp.history if e.command == "start_preparation").date()
    schedule = Schedule.of(plan, start=started)
    lines += [f"  {t}" for t in schedule.explain().splitlines()]
    staffing = StaffingPlan.of(plan, schedule, company.fiscal_calendar)
    lines += [f"  {t}" for t in staffing.explain().splitlines()]
    context = PricingContext(on=company.as_of.date(), account_id=rfp.account_id)
    estimate = PriceEstimate.of(plan, engine=company.pricing_engine("EUR"), context=context)
    result = ProfitabilityPolicy.default().analyse(estimate, staffing, company.catalog)
    lines += [f"  {t}" for t in result.explain().splitlines()]
    return lines


def quote_lines(company: SampleCompany) -> list[str]:
    """The quote acceptance rate with how it was reached, and one quote's version chain."""
    report = quote_outcomes(
        company.quotes,
        as_of=company.as_of,
        fx=company.fx_rates,
        currency=company.reporting_currency,
    )
    lines = _section("Quotes and their outcomes (PCF 3.5.3.11-3.5.3.15)")
    lines += [f"  {text}" for text in report.explain().splitlines()[:7]]
    revised = [quote for quote in company.quotes if quote.version > 1]
    if not revised:
        return lines
    latest = revised[0]
    chain = [quote for quote in company.quotes if quote.id == latest.id]
    lines.append(f"  Version chain of {latest.id}:")
    for quote in chain:
        lines.append(
            f"    v{quote.version} {quote.status.value}: {quote.total.amount} "
            f"{quote.currency}, valid until {quote.valid_until}"
        )
        if quote.change is not None:
            lines += [f"      {text}" for text in quote.change.explain().splitlines()]
        if quote.approval_chain is not None:
            lines.append(f"      approved by {', '.join(quote.approval_chain.codes)}")
    return lines


def order_lines(company: SampleCompany) -> list[str]:
    """The order book of the won deals (backlog and fill rate) and the status of the
    latest order that still has something to ship."""
    currency = company.reporting_currency
    book = order_book(company.orders, currency=currency, fx=company.fx_rates)
    lines = _section(f"Order book ({len(company.orders)} orders from won deals, in {currency})")
    lines.append(f"  {book.explain()}")
    for row in book.rows:
        lines.append(
            f"  {row.order_id} {row.status.value:<20} booked {_amount(row.booked.amount):>12} "
            f"shipped {_amount(row.shipped.amount):>12} open {_amount(row.open.amount):>10}"
        )
    still_open = [order for order in company.orders if order.is_open]
    if still_open:
        lines += [f"  {text}" for text in order_status(still_open[-1]).explain().splitlines()]
    return lines


def demo_report(seed: int = DEFAULT_SEED, *, leads: int = 600, top: int = 5) -> str:
    """The demo's report on the sample company built from ``seed``."""
    company = sample_company(seed, leads=leads)
    open_leads = [lead for lead in company.leads if lead.is_open]
    scores = [company.scoring_model.score(lead, as_of=company.as_of) for lead in open_leads]
    period = company.fiscal_calendar.period_of(company.as_of.date(), PeriodKind.QUARTER)
    lines = [
        f"pcf_sales {__version__}: sample company demo",
        f"{company.name} (seed {company.seed}), data as of "
        f"{company.as_of.format('YYYY-MM-DD HH:mm')} UTC, fiscal period {period.label}",
        f"{len(company.leads)} leads received over two years; {len(open_leads)} still open.",
        f"{len(company.accounts)} accounts, {len(company.contacts)} contacts, "
        f"{len(company.opportunities)} opportunities and {len(company.activities)} sales "
        "activities came of them.",
    ]
    lines += status_lines(company.leads)
    lines += source_lines(company.leads)
    lines += score_lines(scores, company)
    lines += top_lines(scores, {lead.id: lead for lead in company.leads}, top)
    lines += pipeline_lines(company)
    lines += changes_lines(company)
    lines += conversion_lines(company)
    lines += pricing_lines(company)
    lines += proposal_lines(company)
    lines += quote_lines(company)
    lines += order_lines(company)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python -m pcf_sales demo [--seed N] [--leads N] [--top N]``."""
    parser = argparse.ArgumentParser(
        prog="python -m pcf_sales", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="print the end-to-end report on the sample company")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help="sample company seed")
    demo.add_argument("--leads", type=int, default=600, help="number of sample leads")
    demo.add_argument("--top", type=int, default=5, help="how many top leads to explain")
    args = parser.parse_args(argv)
    if args.command == "demo":
        if args.top < 0:
            parser.error("--top: must be at least 0")
        try:
            report = demo_report(args.seed, leads=args.leads, top=args.top)
        except ValidationError as error:
            parser.error(f"--{error.field}: {error.reason}")
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
