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
from pcf_sales.core import PeriodKind
from pcf_sales.errors import ValidationError
from pcf_sales.leads import Lead, LeadChannel, LeadScore, LeadStatus
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
    ]
    lines += status_lines(company.leads)
    lines += source_lines(company.leads)
    lines += score_lines(scores, company)
    lines += top_lines(scores, {lead.id: lead for lead in company.leads}, top)
    lines += pricing_lines(company)
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
