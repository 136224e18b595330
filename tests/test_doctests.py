"""Every example in the installed package's docstrings runs and says what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import pcf_sales

_MODULES = sorted(
    info.name for info in pkgutil.walk_packages(pcf_sales.__path__, prefix="pcf_sales.")
)


def test_the_package_has_modules_to_check() -> None:
    assert "pcf_sales.core._money" in _MODULES
    assert "pcf_sales.leads._lead" in _MODULES


@pytest.mark.parametrize("name", _MODULES)
def test_docstring_examples_pass(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
