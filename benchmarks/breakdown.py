"""Where start-up time and memory go, for `python benchmarks/startup.py --breakdown`.

Both programs print a milestone at the end of each start-up step (OmiDesk's are marked in
launch.py, app.py and services.py through omidesk/infra/milestones.py; the hello-world's in
startup.py): the time since spawn, the CPU time and the resident memory. Run again under
`python -X importtime`, whose lines land on the same stderr in order, each completed import
is put in the step it completed in. Tables printed (medians of the rounds):

1. the steps of `omidesk --demo` and of the hello-world + stack (wall, CPU, RSS);
2. the biggest imports each of OmiDesk's steps made (cumulative, importtime's overhead in);
3. the modules OmiDesk has loaded by idle that the hello-world + stack has not, by package;
4. what each part adds, loaded one after another in start-up order (then what the demo's
   start does not load) over a bare QApplication.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field

MILESTONES_ENV = "OMIDESK_MILESTONES"
FIRST_PAINT = "first_paint"
AFTER = "(after the last step)"

# What each part adds to a process that has a QApplication, loaded one after another in the
# order OmiDesk's start loads them (so each row is what that part adds over the rows above):
# the stack every app on it holds (the baseline has it too), then OmiDesk's parts, then
# what the demo's start does not load.
GROUPS = [
    ("asyncio + qasync (baseline has it)", "import asyncio, qasync"),
    ("httpx + an AsyncClient (baseline has it)", "import httpx; client = httpx.AsyncClient()"),
    (
        "phonenumbers, one number parsed (baseline has it)",
        "import phonenumbers; phonenumbers.parse('0901234567', 'VN')",
    ),
    ("services: store (sqlite3), OMICall client, dialer", "import omidesk.services"),
    ("single-instance server (QtNetwork)", "import omidesk.desktop.ipc"),
    (
        "dial controller, tray, external requests",
        "import omidesk.ui.dial_controller, omidesk.ui.tray, omidesk.ui.external",
    ),
    ("the demo's sandbox", "import omidesk.sandbox.server"),
    ("partner console client + ledger", "import omidesk.omicall.partner, omidesk.store.ledger"),
    ("contacts + recent calls views", "import omidesk.ui.contacts_view, omidesk.ui.recents_view"),
    ("contact files: the drop target", "import omidesk.ui.contact_files.actions"),
    ("hotkey (none set)", "import omidesk.desktop.hotkey"),
    (
        "-- not at the demo's start: keyring, its backend chosen",
        "import keyring; keyring.get_keyring()",
    ),
    (
        "-- not at start: contact file formats + import/export use cases",
        "import omidesk.infra.contact_files, omidesk.usecases.import_contacts,"
        " omidesk.usecases.export_contacts, omidesk.ui.contact_files.import_dialog",
    ),
    ("-- not at start: vobject (a vCard read)", "import vobject"),
    ("-- not at start: settings dialog", "import omidesk.ui.settings_dialog"),
    ("-- not at start: hotkey backends (ctypes)", "import omidesk.desktop.native_hotkey"),
]

# One process per round: each group's code runs in turn; one line per group.
GROUP_PROBE = """
import os, sys, time
def rss_kib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
for code in sys.argv[1:]:
    before, cpu, wall = rss_kib(), time.process_time(), time.perf_counter()
    try:
        exec(code)
    except ImportError:  # a part an older checkout does not have
        print("nan nan nan", flush=True)
        continue
    print(rss_kib() - before, (time.process_time() - cpu) * 1000,
          (time.perf_counter() - wall) * 1000, flush=True)
"""


@dataclass
class Step:
    name: str
    at_ms: float  # wall time since spawn when the step ended
    cpu_ms: float  # the process's CPU time by then
    rss_kib: int


@dataclass
class Run:
    steps: list[Step] = field(default_factory=list)
    # step -> [(module, cumulative µs)] of the imports made at the top (not nested)
    imports: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    # every module imported -> (self µs, the step it completed in)
    modules: dict[str, tuple[int, str]] = field(default_factory=dict)


def run_once(command: list[str], env: dict[str, str], *, importtime: bool) -> Run:
    """One start of `command` with its milestones on (and importtime if asked)."""
    if importtime:
        command = [command[0], "-X", "importtime", *command[1:]]
    started = time.monotonic()
    result = subprocess.run(
        command,
        env=dict(env, **{MILESTONES_ENV: "1"}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{command[:4]} failed: {result.stderr[-600:]}")
    run = Run()
    pending: list[tuple[str, int, int, int]] = []  # (module, self, cumulative, depth)
    for line in result.stderr.splitlines():
        if line.startswith("milestone "):
            _, name, at, cpu, rss = line.split()
            run.steps.append(Step(name, (float(at) - started) * 1000, float(cpu) * 1000, int(rss)))
            _settle(run, name, pending)
        elif line.startswith("import time:") and "self [us]" not in line:
            own, cumulative, name = line.removeprefix("import time:").split("|")
            depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
            pending.append((name.strip(), int(own), int(cumulative), depth))
    _settle(run, AFTER, pending)
    return run


def _settle(run: Run, step: str, pending: list[tuple[str, int, int, int]]) -> None:
    for module, own, cumulative, depth in pending:
        run.modules.setdefault(module, (own, step))
        if depth == 0:
            run.imports[step].append((module, cumulative))
    pending.clear()


def steps_table(title: str, runs: list[Run]) -> str:
    lines = [
        f"#### {title}",
        "| step (ends at) | at ms | step wall ms | step CPU ms | RSS MiB | step +RSS MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    names = [step.name for step in runs[0].steps]
    previous = {"at": 0.0, "cpu": 0.0, "rss": 0.0}
    for name in names:
        found = [next(s for s in run.steps if s.name == name) for run in runs]
        at = statistics.median(s.at_ms for s in found)
        cpu = statistics.median(s.cpu_ms for s in found)
        rss = statistics.median(s.rss_kib for s in found) / 1024
        lines.append(
            f"| {name.replace('_', ' ')} | {at:.1f} | {at - previous['at']:.1f} "
            f"| {cpu - previous['cpu']:.1f} | {rss:.1f} | {rss - previous['rss']:+.1f} |"
        )
        previous = {"at": at, "cpu": cpu, "rss": rss}
    return "\n".join(lines)


def summary(ours: list[Run], hello: list[Run]) -> str:
    """Time to the first paint as CPU time too: on a loaded machine the wall clock mostly
    says how long the process waited for a core; the CPU time says what it did."""

    def at(runs: list[Run], name: str) -> tuple[float, float]:
        steps = [next(s for s in run.steps if s.name == name) for run in runs]
        return statistics.median(s.at_ms for s in steps), statistics.median(s.cpu_ms for s in steps)

    (ours_wall, ours_cpu), (hello_wall, hello_cpu) = at(ours, FIRST_PAINT), at(hello, FIRST_PAINT)
    usable_wall, usable_cpu = at(ours, "tray")
    return (
        f"To the first paint: CPU {ours_cpu:.1f} ms vs hello-world {hello_cpu:.1f} ms "
        f"({ours_cpu / hello_cpu:.2f}×), wall {ours_wall:.1f} vs {hello_wall:.1f} ms "
        f"({ours_wall / hello_wall:.2f}×). To a window that dials (views attached, tray up): "
        f"CPU {usable_cpu:.1f} ms, wall {usable_wall:.1f} ms."
    )


def imports_table(runs: list[Run], per_step: int = 6, floor_ms: float = 1.0) -> str:
    lines = [
        "#### The biggest imports each step of OmiDesk made (cumulative ms under importtime)",
        "| step | imports (ms) |",
        "| --- | --- |",
    ]
    for name in [step.name for step in runs[0].steps] + [AFTER]:
        costs: dict[str, list[int]] = defaultdict(list)
        for run in runs:
            for module, cumulative in run.imports.get(name, []):
                costs[module].append(cumulative)
        ranked = sorted(
            ((statistics.median(us) / 1000, module) for module, us in costs.items()), reverse=True
        )
        shown = [f"{module} {ms:.1f}" for ms, module in ranked[:per_step] if ms >= floor_ms]
        if shown:
            total = sum(ms for ms, _ in ranked)
            lines.append(f"| {name.replace('_', ' ')} ({total:.0f} in all) | {', '.join(shown)} |")
    return "\n".join(lines)


def package_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "omidesk" else parts[0]


def extra_modules_table(ours: list[Run], baseline: list[Run]) -> str:
    """Modules OmiDesk has loaded by idle that the baseline has not, grouped by package,
    with the summed own import time and how many of them load before the first paint."""
    theirs = set().union(*(run.modules for run in baseline))
    before_paint = _steps_until(ours[0], FIRST_PAINT)
    groups: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for module, (_, step) in ours[0].modules.items():
        if module in theirs:
            continue
        own = statistics.median(run.modules[module][0] for run in ours if module in run.modules)
        groups[package_of(module)].append((own / 1000, step in before_paint))
    lines = [
        "#### Modules OmiDesk loads (by idle) that the hello-world + stack does not",
        "| package | modules | of which before the first paint | own import ms (sum) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for total, package, entries in sorted(
        ((sum(ms for ms, _ in entries), package, entries) for package, entries in groups.items()),
        reverse=True,
    ):
        early = sum(1 for _, before in entries if before)
        lines.append(f"| {package} | {len(entries)} | {early} | {total:.1f} |")
    return "\n".join(lines)


def _steps_until(run: Run, last: str) -> set[str]:
    names: set[str] = set()
    for step in run.steps:
        names.add(step.name)
        if step.name == last:
            break
    return names


def groups_table(env: dict[str, str], rounds: int) -> str:
    lines = [
        "#### What each part adds, loaded one after another in start-up order over a bare"
        " QApplication",
        "| part | +RSS MiB | import + first use, CPU ms | wall ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    results: list[list[tuple[float, float, float]]] = []
    for _ in range(rounds):
        result = subprocess.run(
            [sys.executable, "-c", GROUP_PROBE, *(code for _, code in GROUPS)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"the parts' probe failed: {result.stderr[-600:]}")
        rows = [line.split() for line in result.stdout.splitlines()]
        results.append([(float(a) / 1024, float(b), float(c)) for a, b, c in rows])
    for index, (label, _) in enumerate(GROUPS):
        rss, cpu, wall = (statistics.median(run[index][k] for run in results) for k in range(3))
        if math.isnan(rss):
            lines.append(f"| {label} | n/a | n/a | n/a |")
            continue
        lines.append(f"| {label} | {rss:+.1f} | {cpu:.1f} | {wall:.1f} |")
    return "\n".join(lines)


def report(
    ours: list[str],
    hello: list[str],
    stack: list[str],
    env: dict[str, str],
    *,
    rounds: int,
    label: str,
) -> str:
    run_once(ours, env, importtime=False)  # creates the demo profile and database
    timed: dict[str, list[Run]] = {"ours": [], "hello": [], "stack": []}
    imported: dict[str, list[Run]] = {"ours": [], "stack": []}
    for _ in range(rounds):  # interleaved, so machine noise hits all alike
        timed["ours"].append(run_once(ours, env, importtime=False))
        timed["hello"].append(run_once(hello, env, importtime=False))
        timed["stack"].append(run_once(stack, env, importtime=False))
    for _ in range(max(3, rounds // 2)):
        imported["ours"].append(run_once(ours, env, importtime=True))
        imported["stack"].append(run_once(stack, env, importtime=True))
    load = os.getloadavg()
    notes = []
    if "httpx._main" in imported["stack"][0].modules:
        # httpx imports its command line when rich, click and pygments are installed: here
        # they came with a development tool; an install of OmiDesk alone has none of them.
        notes.append(
            "Note: this environment has rich/click/pygments, so `import httpx` loads its "
            "command line too (~6 MiB, ~45 ms CPU), in both programs; an install of OmiDesk "
            "without the test extra does not."
        )
    return "\n\n".join(
        [
            f"start-up breakdown — {rounds} rounds, {label}, Python {sys.version.split()[0]}, "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
            *notes,
            summary(timed["ours"], timed["hello"]),
            steps_table("`omidesk --demo`, step by step", timed["ours"]),
            steps_table("Qt hello-world window", timed["hello"]),
            steps_table("Qt hello-world window + the stack after its first paint", timed["stack"]),
            imports_table(imported["ours"]),
            extra_modules_table(imported["ours"], imported["stack"]),
            groups_table(env, max(3, rounds // 2)),
        ]
    )
