"""Start-up cost: ``python benchmarks/startup.py [--runs 7] [--compare REF]``.

What every ``manage.py`` command, every Celery worker and every web process pays before doing anything: each
figure is a whole fresh process, timed from outside (``os.wait4``: wall time, CPU time, peak RSS), with the
settings of ``make run`` (``dp3.settings.local``):

1. ``python -c "import django; django.setup()"``: Django's start-up alone, as a worker's boot begins;
2. ``python manage.py import_regions --help``: a command that skips the system checks;
3. ``python manage.py check``: the system checks, which import the URLconf and so every view and admin module
   (as a web process does on its first request).

No database is touched (``DATABASE_URL`` is only read). ``--compare REF`` runs the same commands of another
commit in turn with this checkout's, run by run (A B A B …), so that a shared machine's drift hits both alike,
and adds the reference's medians and the median of the per-run ratios; the reference is extracted with
``git archive`` under ``benchmarks/.work/ref-<commit>/`` and run with this virtualenv. Prints the load
average and a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"

COMMANDS = {
    "`django.setup()` alone (a worker's boot, before its tasks)": ["-c", "import django; django.setup()"],
    "`manage.py import_regions --help`": ["manage.py", "import_regions", "--help"],
    "`manage.py check` (URLconf, views and admin modules too)": ["manage.py", "check"],
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def reference_root(ref: str) -> Path:
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    root = WORK / f"ref-{commit[:12]}"
    if not (root / "manage.py").exists():
        log(f"Extracting {ref} ({commit[:12]}) into {root}")
        root.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    return root


def timed(root: Path, args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one process run in ``root``."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *args], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed in {root}:\n{process.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=7, help="counted runs of each command (after one warm-up)"
    )
    parser.add_argument("--compare", metavar="REF", help="a commit to time in turn with this checkout")
    args = parser.parse_args()

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="dp3.settings.local")
    roots = {"here": ROOT}
    if args.compare:
        roots["ref"] = reference_root(args.compare)
    loads = [os.getloadavg()[0]]
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    for label, command in COMMANDS.items():
        log(f"{label}: {args.runs} runs")
        for root in roots.values():
            timed(root, command, env)  # warm-up: the file cache, the bytecode
        for _number in range(args.runs):
            for side, root in roots.items():
                results.setdefault((label, side), []).append(timed(root, command, env))
        loads.append(os.getloadavg()[0])

    print(f"- {os.cpu_count()} cores; load average (1 min) {min(loads):.2f}–{max(loads):.2f} during the runs")
    if args.compare:
        print(
            f"- reference: {args.compare} ({roots['ref'].name.removeprefix('ref-')}), "
            "run in turn with this checkout"
        )
    print()
    header = "| command | runs | median s | min s | max s | CPU s | peak MiB |"
    rule = "|---|---:|---:|---:|---:|---:|---:|"
    if args.compare:
        header += " ref median s | ref peak MiB | ratio |"
        rule += "---:|---:|---:|"
    print(header)
    print(rule)
    for label in COMMANDS:
        runs = results[(label, "here")]
        walls = [wall for wall, _cpu, _peak in runs]
        row = (
            f"| {label} | {len(runs)} | {statistics.median(walls):.2f} | {min(walls):.2f} | {max(walls):.2f} "
            f"| {statistics.median(cpu for _wall, cpu, _peak in runs):.2f} "
            f"| {max(peak for _wall, _cpu, peak in runs):.0f} |"
        )
        if args.compare:
            ref_runs = results[(label, "ref")]
            ratio = statistics.median(a[0] / b[0] for a, b in zip(runs, ref_runs, strict=True))
            row += (
                f" {statistics.median(wall for wall, _cpu, _peak in ref_runs):.2f} "
                f"| {max(peak for _wall, _cpu, peak in ref_runs):.0f} | {ratio:.2f} |"
            )
        print(row)


if __name__ == "__main__":
    main()
