"""Sphinx directives that draw the documentation from the library's own data.

``.. lifecycle:: pcf_sales.leads.LEAD_LIFECYCLE``
    A state diagram (Mermaid) of a :class:`pcf_sales.core.Lifecycle`, drawn
    by its ``to_mermaid()``, followed by the table of its commands: where
    each may start, where it leads and the guards it must pass.

``.. pcf-catalogue::``
    The PCF 3.0 elements the library serves, each with the public names that
    serve it, and the coverage of the category per level.

Both read the tables when the page is built, so the documentation cannot
drift from the code.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.mermaid import mermaid

__all__ = ["LifecycleDirective", "PcfCatalogueDirective", "setup"]

_LOGGER = logging.getLogger(__name__)
_NONE = "\N{EM DASH}"
_LEVEL_NAMES = {
    1: "Category",
    2: "Process group",
    3: "Process",
    4: "Activity",
    5: "Task",
}


# --- helpers ---------------------------------------------------------------------------


def import_object(dotted: str) -> object:
    """The object ``dotted`` names: the longest importable module, then attributes.

    Raises ``LookupError`` saying which part could not be found.
    """
    parts = dotted.split(".")
    if not dotted or any(not part.isidentifier() for part in parts):
        msg = f"{dotted!r} is not a dotted Python name"
        raise LookupError(msg)
    for cut in range(len(parts), 0, -1):
        module_name = ".".join(parts[:cut])
        try:
            found: object = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name is not None and not module_name.startswith(error.name):
                raise  # the module exists but one of its own imports is missing
            continue
        for attribute in parts[cut:]:
            if not hasattr(found, attribute):
                msg = f"{'.'.join(parts[:cut])} has no attribute {attribute!r}"
                raise LookupError(msg)
            found = getattr(found, attribute)
        return found
    msg = f"no module of {dotted!r} can be imported"
    raise LookupError(msg)


def _note_module(directive: SphinxDirective, dotted: str) -> None:
    """Rebuild the page when the module that defines ``dotted`` changes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module = sys.modules.get(".".join(parts[:cut]))
        path = getattr(module, "__file__", None)
        if isinstance(path, str):
            directive.env.note_dependency(path)
            return


def _text(value: str) -> nodes.paragraph:
    return nodes.paragraph("", value)


def _literal_run(values: Iterable[str]) -> list[nodes.Node]:
    """``a``, ``b``, ``c``: inline literals separated by commas."""
    run: list[nodes.Node] = []
    for value in values:
        if run:
            run.append(nodes.Text(", "))
        run.append(nodes.literal(value, value))
    return run


def _literals(values: Iterable[str]) -> nodes.paragraph:
    """A paragraph of inline literals, or a dash when there are none."""
    run = _literal_run(values)
    return nodes.paragraph("", "", *run) if run else _text(_NONE)


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[nodes.Node]],
    *,
    widths: Sequence[int],
    classes: Sequence[str] = (),
) -> nodes.table:
    """A docutils table with a header row; each cell holds one body node."""
    table = nodes.table(classes=list(classes))
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row([_text(header) for header in headers])
    body = nodes.tbody()
    group += body
    for cells in rows:
        body += _row(cells)
    return table


def _row(cells: Iterable[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        entry += content
        row += entry
    return row


def _percent(part: int, whole: int) -> str:
    if whole == 0:
        return "0.0 %"
    share = (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{share} %"


# --- .. lifecycle:: --------------------------------------------------------------------


class LifecycleDirective(SphinxDirective):
    """Draw a lifecycle table as a state diagram followed by its transitions.

    The argument is the dotted name of a :class:`pcf_sales.core.Lifecycle`.
    ``:data-commands:`` also draws the commands that change data and keep
    the state (they are always listed in the table).
    """

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"data-commands": directives.flag}

    def run(self) -> list[nodes.Node]:
        """Resolve the lifecycle and build the diagram and the table."""
        from pcf_sales.core import Lifecycle

        dotted = self.arguments[0]
        try:
            found = import_object(dotted)
        except (LookupError, ImportError) as error:
            raise self.error(f"lifecycle: cannot import {dotted!r}: {error}") from error
        if not isinstance(found, Lifecycle):
            kind = "a class" if isinstance(found, type) else f"a {type(found).__name__}"
            raise self.error(f"lifecycle: {dotted!r} is {kind}, not a pcf_sales.core.Lifecycle")
        _note_module(self, dotted)

        diagram = mermaid()
        diagram["code"] = found.to_mermaid(include_data_commands="data-commands" in self.options)
        diagram["options"] = {}
        diagram["alt"] = f"State diagram of the {found.aggregate} lifecycle"

        terminal = sorted(state.value for state in found.terminal)
        caption = nodes.paragraph()
        caption += nodes.Text(f"{found.aggregate}: created by ")
        caption += nodes.literal(found.creation, found.creation)
        caption += nodes.Text(" in state ")
        caption += nodes.literal(found.initial.value, found.initial.value)
        caption += nodes.Text("; terminal: " if terminal else "; no terminal state.")
        if terminal:
            caption += _literal_run(terminal)
            caption += nodes.Text(".")

        states = {state.value for state in found.states}
        rows = [
            (
                _literals([command]),
                _literals(sources) if sources else _text("(created)"),
                _literals([target]) if target in states else _text(target),
                _text(", ".join(guards) if guards else _NONE),
            )
            for command, sources, target, guards in found.rows()
        ]
        table = _table(
            ("Command", "From", "To", "Guards"),
            rows,
            widths=(3, 4, 2, 3),
            classes=["pcf-lifecycle"],
        )
        container = nodes.container(classes=["pcf-lifecycle"])
        container += [diagram, caption, table]
        return [container]


# --- .. pcf-catalogue:: ----------------------------------------------------------------


def _xref(name: str) -> nodes.Node:
    """A cross-reference to a Python object, shown without the package prefix."""
    shown = name.removeprefix("pcf_sales.")
    ref = addnodes.pending_xref(
        "",
        nodes.literal(shown, shown, classes=["xref", "py", "py-obj"]),
        refdomain="py",
        reftype="obj",
        reftarget=name,
        refexplicit=True,
        refwarn=False,
    )
    ref["py:module"] = None
    ref["py:class"] = None
    return ref


def _names(names: Sequence[str]) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    for index, name in enumerate(names):
        if index:
            paragraph += nodes.Text(", ")
        paragraph += _xref(name)
    return paragraph


class PcfCatalogueDirective(SphinxDirective):
    """The PCF 3.0 elements the library serves and the coverage per level.

    Every name listed must import; one that does not is reported as a
    warning at the directive, so a renamed API cannot leave a stale entry.
    """

    required_arguments = 0
    optional_arguments = 0
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        """Build the coverage table and the table of served elements."""
        from pcf_sales import pcf

        _note_module(self, "pcf_sales.pcf")
        summary = pcf.coverage()

        overall = _text(
            f"{summary.served} of {summary.total} elements served ({summary.percent} %)."
        )
        levels = _table(
            ("Level", "Elements", "Served", "Share"),
            [
                (
                    _text(f"{level.level} ({_LEVEL_NAMES.get(level.level, 'Level')})"),
                    _text(str(level.total)),
                    _text(str(level.served)),
                    _text(_percent(level.served, level.total)),
                )
                for level in summary.levels
            ],
            widths=(4, 2, 2, 2),
            classes=["pcf-coverage"],
        )

        rows: list[tuple[nodes.Node, ...]] = []
        for element in pcf.elements():
            names = pcf.served_by(element.id)
            if not names:
                continue
            for name in names:
                try:
                    import_object(name)
                except (LookupError, ImportError) as error:
                    _LOGGER.warning(
                        "pcf-catalogue: %s serves %s but does not import: %s",
                        name,
                        element.id,
                        error,
                        location=self.get_location(),
                    )
            rows.append((_text(element.id), _text(element.name), _names(names)))
        served = _table(
            ("Element", "Name", "Served by"),
            rows,
            widths=(2, 5, 7),
            classes=["pcf-catalogue"],
        )
        return [overall, levels, served]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives (needs ``sphinxcontrib.mermaid`` for the diagrams)."""
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_directive("lifecycle", LifecycleDirective)
    app.add_directive("pcf-catalogue", PcfCatalogueDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
