"""The functional core does no I/O: an AST scan of every module of the package.

Nothing under ``src/pcf_sales`` may print, read input, open files, log, touch
the environment or the network, start processes, read a clock, draw
unseeded random numbers or make random UUIDs, and no business rule may be an
``assert`` (asserts vanish under ``python -O``). The demo CLI
(``__main__.py``) and the optional plotting module are the only exceptions.

The one read the library does is :mod:`pcf_sales.pcf` loading its bundled
PCF table through :mod:`importlib.resources`; :data:`ALLOWED` lets exactly
that through, and a test checks the allowance is still needed.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path
from typing import Final, NamedTuple

import pytest

import pcf_sales

PACKAGE_ROOT: Final = Path(pcf_sales.__file__).parent
EXEMPT_MODULES: Final = frozenset({"__main__.py", "plotting.py"})

BANNED_CALLS: Final = frozenset({"print", "open", "input", "breakpoint"})
BANNED_MODULES: Final = frozenset(
    {
        "aiohttp",
        "ftplib",
        "glob",
        "http",
        "httpx",
        "io",
        "logging",
        "os",
        "pathlib",
        "pickle",
        "requests",
        "secrets",
        "shelve",
        "shutil",
        "smtplib",
        "socket",
        "sqlite3",
        "ssl",
        "subprocess",
        "sys",
        "tempfile",
        "urllib",
    }
)
#: ``module.function`` calls that read a clock or draw unseeded randomness.
BANNED_ATTRIBUTE_CALLS: Final = frozenset(
    {
        ("time", "time"),
        ("time", "time_ns"),
        ("time", "monotonic"),
        ("time", "monotonic_ns"),
        ("time", "perf_counter"),
        ("time", "perf_counter_ns"),
        ("time", "process_time"),
        ("time", "localtime"),
        ("time", "gmtime"),
        ("time", "ctime"),
        ("time", "sleep"),
        ("uuid", "uuid1"),
        ("uuid", "uuid4"),
        ("pendulum", "now"),
        ("pendulum", "today"),
        ("pendulum", "tomorrow"),
        ("pendulum", "yesterday"),
        ("pendulum", "local_timezone"),
    }
)
#: Functions that read a clock when imported by name (``from time import monotonic``).
CLOCK_IMPORTS: Final = {
    module: frozenset(a for m, a in BANNED_ATTRIBUTE_CALLS if m == module)
    for module in ("time", "pendulum")
}
#: Methods that read a clock whatever they are called on (``datetime.now()``,
#: ``_dt.datetime.utcnow()``, ``date.today()``, ``DateTime.now()``).
CLOCK_METHODS: Final = frozenset({"now", "utcnow", "today"})
#: The functions of :mod:`random` that are fine: making a caller-seeded generator.
RANDOM_ALLOWED: Final = frozenset({"Random"})
#: Names that mean "logging" when used anywhere in the package.
LOGGER_NAMES: Final = frozenset({"logger", "log", "logging", "getLogger"})
#: Method calls that read or write files whatever object they are called on.
FILE_METHODS: Final = frozenset(
    {"read_text", "read_bytes", "write_text", "write_bytes", "open", "files"}
)


class Finding(NamedTuple):
    """One thing the scan objects to, where it is, and the code that does it."""

    path: str
    line: int
    rule: str
    code: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.code}"


#: The one allowed read, exactly: the PCF catalogue loading its bundled table.
#: Each entry is (module, rule, code) and must match one finding exactly.
ALLOWED: Final = frozenset(
    {
        ("pcf.py", "file access", "from importlib import resources"),
        (
            "pcf.py",
            "file access",
            'resources.files("pcf_sales").joinpath("data/pcf-3.0-elements.tsv").read_text("utf-8")',
        ),
        ("pcf.py", "file access", 'resources.files("pcf_sales")'),
    }
)


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return None if head is None else f"{head}.{node.attr}"
    return None


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, source: str) -> None:
        self.path = path
        self.source = source
        self.findings: list[Finding] = []
        #: local name -> module it stands for (``import datetime as _dt``)
        self.aliases: dict[str, str] = {}

    def _add(self, node: ast.AST, rule: str) -> None:
        code = ast.get_source_segment(self.source, node) or ast.dump(node)
        line = getattr(node, "lineno", 0)
        self.findings.append(Finding(self.path, line, rule, " ".join(code.split())))

    # imports ----------------------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            top = alias.name.split(".")[0]
            self.aliases[alias.asname or top] = alias.name if alias.asname else top
            if top in BANNED_MODULES:
                self._add(node, f"imports {alias.name}")
            if alias.name == "importlib.resources":
                self._add(node, "file access")
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level:
            module = f"pcf_sales.{module}"  # relative imports stay inside the package
        top = module.split(".")[0]
        names = {a.name for a in node.names}
        for alias in node.names:
            self.aliases[alias.asname or alias.name] = f"{module}.{alias.name}"
        if top in BANNED_MODULES:
            self._add(node, f"imports from {module}")
        elif module == "importlib.resources" or (module == "importlib" and "resources" in names):
            self._add(node, "file access")
        elif module == "random" and names - RANDOM_ALLOWED:
            self._add(node, "unseeded randomness")
        elif module == "uuid" and names & {"uuid1", "uuid4"}:
            self._add(node, "random uuid")
        elif names & CLOCK_IMPORTS.get(module, frozenset()):
            self._add(node, "reads the clock")
        self.generic_visit(node)

    # statements ---------------------------------------------------------------------------------

    def visit_Assert(self, node: ast.Assert) -> None:
        self._add(node, "assert statement (a business rule must raise, not assert)")
        self.generic_visit(node)

    # names and calls ----------------------------------------------------------------------------

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in LOGGER_NAMES:
            self._add(node, "logging")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in BANNED_CALLS:
            self._add(node, f"calls {func.id}()")
        dotted = _dotted(func)
        if dotted is not None and "." in dotted:
            head, _, attr = dotted.rpartition(".")
            module = self.aliases.get(head.split(".")[0], head.split(".")[0])
            if (module, attr) in BANNED_ATTRIBUTE_CALLS:
                rule = "random uuid" if module == "uuid" else "reads the clock"
                self._add(node, rule)
            elif module == "random" and head == dotted.split(".")[0] and attr not in RANDOM_ALLOWED:
                self._add(node, "unseeded randomness")
        if isinstance(func, ast.Attribute):
            if func.attr in CLOCK_METHODS:
                self._add(node, "reads the clock")
            if func.attr in FILE_METHODS and not self._is_package_class(func.value):
                self._add(node, "file access")
        self.generic_visit(node)

    def _is_package_class(self, node: ast.expr) -> bool:
        """Whether ``node`` names something imported from this package.

        ``Account.open(...)`` opens an account, not a file: an aggregate's
        ``open`` command is a domain word, so calls on package names pass.
        """
        return isinstance(node, ast.Name) and self.aliases.get(node.id, "").startswith("pcf_sales.")


def scan_source(source: str, path: str = "<string>") -> list[Finding]:
    """Every finding in ``source``, in line order."""
    scanner = _Scanner(path, source)
    scanner.visit(ast.parse(source, filename=path))
    return sorted(scanner.findings, key=lambda f: (f.line, f.rule, f.code))


def _modules() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE_ROOT.rglob("*.py")
        if p.relative_to(PACKAGE_ROOT).as_posix() not in EXEMPT_MODULES
    )


def _scan_package() -> list[Finding]:
    findings: list[Finding] = []
    for module in _modules():
        relative = module.relative_to(PACKAGE_ROOT).as_posix()
        findings.extend(scan_source(module.read_text("utf-8"), relative))
    return findings


# --- the package ------------------------------------------------------------------------------


def test_the_scan_covers_every_module_but_the_cli_and_plotting() -> None:
    names = {p.relative_to(PACKAGE_ROOT).as_posix() for p in _modules()}
    assert "pcf.py" in names
    assert "core/_lifecycle.py" in names
    assert "testing/plugin.py" in names
    assert names.isdisjoint(EXEMPT_MODULES)
    assert len(names) >= 30


def test_no_module_of_the_package_does_io_reads_a_clock_or_asserts() -> None:
    findings = [f for f in _scan_package() if (f.path, f.rule, f.code) not in ALLOWED]
    assert findings == [], "\n" + "\n".join(str(f) for f in findings)


def test_the_one_allowed_read_is_still_there_and_still_needed() -> None:
    allowed = [f for f in _scan_package() if (f.path, f.rule, f.code) in ALLOWED]
    assert {(f.path, f.rule, f.code) for f in allowed} == ALLOWED
    assert len(allowed) == len(ALLOWED)


# --- the scanner itself -----------------------------------------------------------------------

PLANTED: Final = textwrap.dedent(
    """\
    import os
    import sys as system
    import logging
    import socket
    import subprocess
    import urllib.request
    from http import client
    import requests
    import time
    import uuid
    import random
    import datetime as _dt
    import pendulum
    from random import choice
    print("hello")
    handle = open("x.txt")
    answer = input()
    logger = logging.getLogger(__name__)
    started = time.time()
    tick = time.monotonic()
    when = _dt.datetime.now()
    when_utc = _dt.datetime.utcnow()
    day = _dt.date.today()
    moment = pendulum.now()
    today = pendulum.today()
    token = uuid.uuid4()
    node = uuid.uuid1()
    roll = random.random()
    pick = random.choice([1, 2])
    assert roll < 1, "business rule"
    """
)


def test_the_scanner_reports_every_planted_problem_at_its_line() -> None:
    findings = scan_source(PLANTED, "planted.py")
    lines = {f.line for f in findings}
    # Every line of the planted module except the harmless imports is a finding.
    harmless = {9, 10, 11, 12, 13}  # import time, uuid, random, datetime, pendulum
    assert lines == set(range(1, PLANTED.count("\n") + 1)) - harmless
    by_line = {f.line: f for f in findings}
    assert by_line[1].rule == "imports os"
    assert by_line[2].rule == "imports sys"
    assert by_line[15].rule == "calls print()"
    assert by_line[16].rule == "calls open()"
    assert by_line[19].rule == "reads the clock"
    assert by_line[26].rule == "random uuid"
    assert by_line[28].rule == "unseeded randomness"
    assert by_line[30].rule.startswith("assert statement")


def test_the_scanner_names_file_and_line_in_its_report() -> None:
    findings = scan_source("x = 1\nprint(x)\n", "core/_money.py")
    assert [str(f) for f in findings] == ["core/_money.py:2: calls print(): print(x)"]


def test_the_scanner_lets_seeded_randomness_and_plain_code_through() -> None:
    source = textwrap.dedent(
        """\
        import random
        import uuid
        import datetime as _dt
        rng = random.Random(7)
        value = rng.random()
        choice = rng.choice([1, 2])
        ident = uuid.UUID(int=rng.getrandbits(128), version=4)
        moment = _dt.datetime(2026, 3, 2, tzinfo=_dt.UTC)
        if value > 2:
            raise ValueError("rules raise")
        from pcf_sales.accounts import Account
        from .._lead import Lead
        account = Account.open(id="AC-1")
        lead = Lead.open(id="LD-1")
        """
    )
    assert scan_source(source) == []


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("from time import monotonic\n", "reads the clock"),
        ("from pendulum import now\n", "reads the clock"),
        ("from uuid import uuid4\n", "random uuid"),
        ("import random\nx = random.randint(1, 6)\n", "unseeded randomness"),
        ("import random\nx = random.SystemRandom()\n", "unseeded randomness"),
        ("from pathlib import Path\n", "imports from pathlib"),
        ("import os.path\n", "imports os.path"),
        ("import logging as lg\n", "imports logging"),
        ("x = log.info('hi')\n", "logging"),
        ("import datetime\nx = datetime.datetime.now(datetime.UTC)\n", "reads the clock"),
        ("from pendulum import DateTime\nx = DateTime.today()\n", "reads the clock"),
        ("text = path.read_text()\n", "file access"),
        ("handle = archive.open('x')\n", "file access"),
        ("import io\nhandle = io.open('x')\n", "file access"),
        ("from importlib import resources\n", "file access"),
    ],
)
def test_the_scanner_catches_each_kind_of_io(source: str, rule: str) -> None:
    rules = {f.rule for f in scan_source(source)}
    assert rule in rules
