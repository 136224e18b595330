"""The demo: ``python -m pcf_sales demo`` prints the sample company's report."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from pcf_sales import __version__
from pcf_sales.__main__ import demo_report, main
from pcf_sales.leads import LeadStatus

SECTIONS = ("Leads by status", "Leads by source", "Scores of open leads", "Top ")


def _section(report: str, title: str) -> list[str]:
    """The lines of the section whose title starts with ``title``, without its heading."""
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    body: list[str] = []
    for line in lines[start + 2 :]:
        if not line.strip():
            break
        body.append(line)
    return body


def _check_report(report: str, *, leads: int, seed: int) -> None:
    assert report.startswith(f"pcf_sales {__version__}: sample company demo")
    assert f"(seed {seed})" in report
    assert f"{leads} leads received over two years" in report
    positions = [report.index(f"\n{title}") for title in SECTIONS]
    assert positions == sorted(positions)
    assert re.search(r"^Top \d+ open leads and why$", report, flags=re.MULTILINE)


def test_the_demo_command_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["demo", "--leads", "80", "--seed", "3"])
    out, err = capsys.readouterr()
    assert status == 0
    assert err == ""
    _check_report(out, leads=80, seed=3)
    assert "Scores of open leads (default model)" in out
    assert "Top 5 open leads and why" in out
    assert out.rstrip("\n") == demo_report(3, leads=80)


def test_the_status_section_counts_every_lead_once() -> None:
    rows = _section(demo_report(3, leads=80), "Leads by status")
    counts = {row.split()[0]: int(row.split()[1]) for row in rows[1:]}
    assert list(counts) == [status.value for status in LeadStatus]
    assert sum(counts.values()) == 80


def test_the_source_section_counts_every_lead_once() -> None:
    rows = _section(demo_report(3, leads=80), "Leads by source")
    assert sum(int(row.split()[1]) for row in rows[1:]) == 80


def test_the_top_option_sets_how_many_leads_are_explained(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo", "--leads", "80", "--seed", "3", "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "Top 2 open leads and why" in out
    ranks = re.findall(r"^  (\d+)\. ", out, flags=re.MULTILINE)
    assert ranks == ["1", "2"]


def test_the_report_is_the_same_for_the_same_seed() -> None:
    assert demo_report(3, leads=80) == demo_report(3, leads=80)


def test_the_report_differs_between_seeds() -> None:
    assert demo_report(3, leads=80) != demo_report(4, leads=80)


def test_the_module_runs_as_a_program() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pcf_sales", "demo", "--leads", "50"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    _check_report(completed.stdout, leads=50, seed=2026)


@pytest.mark.parametrize("argv", [["frobnicate"], [], ["demo", "--leads", "many"]])
def test_a_bad_command_line_exits_with_status_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "usage: python -m pcf_sales" in captured.err
