"""Sphinx configuration for the pcf_sales documentation."""

from __future__ import annotations

import doctest
import sys
from importlib.metadata import version as _distribution_version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# -- Project -------------------------------------------------------------------------

project = "pcf_sales"
author = "The pcf_sales developers"
copyright = "The pcf_sales developers"
release = _distribution_version("pcf-sales")
version = ".".join(release.split(".")[:2])

# -- General ---------------------------------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "sphinxcontrib.mermaid",
    "pcf_sales_docs",
]
# No intersphinx: the build must work without the network.

exclude_patterns = ["_build"]
nitpicky = False
default_role = "py:obj"

# -- autodoc ---------------------------------------------------------------------------

autodoc_typehints = "signature"
autodoc_member_order = "bysource"
autodoc_class_signature = "mixed"
autodoc_preserve_defaults = True

# -- doctest ---------------------------------------------------------------------------

# The names most examples use, so that each example shows only what it is about.
doctest_global_setup = """
from decimal import Decimal

import pendulum
from moneyed import Money

import pcf_sales
from pcf_sales import accounts, catalog, core, errors, leads, opportunities, pcf, pricing
from pcf_sales import samples, serialization

# Property-based examples: a docs build must not depend on the speed of the
# machine, nor leave an example database behind.
from hypothesis import HealthCheck, settings as _settings

_settings.register_profile(
    "docs",
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_settings.load_profile("docs")
"""
# Exception messages are part of what the examples show, so their detail is
# compared (Sphinx's default would ignore it).
doctest_default_flags = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1

# -- HTML ------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"pcf_sales {release}"
