"""Shared helpers of the benchmarks: statistics and the printed table."""

from __future__ import annotations

import compileall
import statistics
from pathlib import Path


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def header() -> str:
    return (
        "| measure | ours median | ours p95 | baseline median | baseline p95 | ratio | target |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
    )


def row(
    name: str,
    ours: list[float],
    base: list[float],
    target: float | None,
    unit: str = "ms",
    *,
    places: int = 1,
) -> str:
    """One table row; times are given in seconds and shown in ms, memory given as-is. A row
    without a target is shown for the breakdown."""
    scale = 1000.0 if unit == "ms" else 1.0
    ratio = statistics.median(ours) / statistics.median(base)
    judged = "—"
    if target is not None:
        judged = f"≤ {target}× {'ok' if ratio <= target else 'OVER TARGET'}"

    def shown(value: float) -> str:
        return f"{value * scale:.{places}f} {unit}"

    return (
        f"| {name} | {shown(statistics.median(ours))} | {shown(p95(ours))} "
        f"| {shown(statistics.median(base))} | {shown(p95(base))} | {ratio:.2f}× | {judged} |"
    )


def compile_like_an_install() -> str:
    """Writes omidesk's bytecode next to its sources, as pip does when it installs the wheel
    (and as the bundle ships it); returns a line saying so for the printed table.

    A checkout run with PYTHONDONTWRITEBYTECODE=1 (as on this machine) would otherwise
    compile every omidesk module from source at each start, which no installed copy does,
    while the baselines' modules (PySide6, httpx, the stdlib) come precompiled."""
    package = Path(__file__).resolve().parent.parent / "omidesk"
    compileall.compile_dir(package, quiet=1)
    return f"omidesk's bytecode precompiled as an install has it ({package})"


def row_added(name: str, ours: list[float], base: list[float], limit_ms: float) -> str:
    """One table row judged by the time added over the baseline (medians), in ms: where the
    baseline is a warm localhost exchange of well under a millisecond, a ratio says little
    (OMICall is 30-200 ms away); what the agent could feel is the time OmiDesk adds."""
    added = (statistics.median(ours) - statistics.median(base)) * 1000
    ratio = statistics.median(ours) / statistics.median(base)
    verdict = "ok" if added <= limit_ms else "OVER TARGET"
    return (
        f"| {name} | {statistics.median(ours) * 1000:.2f} ms | {p95(ours) * 1000:.2f} ms "
        f"| {statistics.median(base) * 1000:.2f} ms | {p95(base) * 1000:.2f} ms "
        f"| {ratio:.2f}× (+{added:.2f} ms) | added ≤ {limit_ms:g} ms {verdict} |"
    )
