"""The one money formatter (swegauge.money.usd) and the places that print money with it."""

from __future__ import annotations

import pytest

from swegauge.money import usd


@pytest.mark.parametrize("amount,text", [
    (0, "$0"), (0.0, "$0"), (0.0053, "$0.0053"), (0.0123, "$0.0123"), (0.00025, "$0.00025"),
    (1.2e-7, "$0.00000012"), (1, "$1.00"), (1234.5, "$1,234.50"), (-0.004, "-$0.0040"),
])
def test_amounts(amount: float, text: str) -> None:
    assert usd(amount) == text


def test_a_small_cost_is_never_printed_as_zero() -> None:
    for exponent in range(1, 12):
        text = usd(3 * 10.0 ** -exponent)
        assert text != "$0" and any(ch in "123456789" for ch in text), text


def test_unknown_is_not_free() -> None:
    assert usd(None) == "unknown" and usd(None, missing="n/a") == "n/a"
    assert usd(float("nan")) == "unknown" and usd("3") == "unknown" and usd(True) == "unknown"  # type: ignore[arg-type]


def test_every_printer_uses_it() -> None:
    from swegauge.report import fmt, svg
    from swegauge.runner import run_summary
    from swegauge.solvers import agent_trajectory

    assert fmt.usd is usd and svg.usd is usd and run_summary.usd is usd and agent_trajectory.usd is usd
    line = agent_trajectory.format_trajectory({"cost_usd": 0.00004, "trajectory": []})
    assert "cost: $0.000040" in line
