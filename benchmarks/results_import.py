"""Election results import speed: ``python benchmarks/results_import.py [--runs 3] [--rows 820000]
[--server URL] [--database NAME] [--keep-database]``.

Creates the throwaway PostgreSQL database ``sidp3_bench_results`` (dropped and made again unless
``--keep-database``), migrates it and loads the Kemendagri tree (``import_regions``: 83,762 villages), then
writes a national results file under ``benchmarks/.work/``: ``--rows`` TPS rows (820,000, Pemilu 2024's
count) over every village in force, 9 or 10 TPS each, in the template's columns (``Kode Wilayah``, ``No TPS``,
``DPT``, ``DPTb/DPK``, ``Pengguna Hak Pilih``, ``Suara Sah``, ``Suara Tidak Sah``), as CSV. Then, each in a
process of its own (a fresh process, as a worker's task is; its peak memory is the process' own):

1. the worker's run into an empty results table: a job (``ResultsImportJob``) made as the page makes it (the
   file stored under ``MEDIA_ROOT``, in a process of its own), then the Celery task
   ``locus.tasks.import_results`` run in a fresh process (``apply``: the task's own code, the broker left
   out) — the time from the task's start to the job's outcome, and the whole process' wall time and peak RSS;
2. the same file again: every village unchanged;
3. a second file with other figures: every village changed;
4. the second file with one bad row at its end: every row checked, the file refused, nothing written;
5. ``manage.py import_results --election pemilu-2024 FILE``, the whole command process;
6. a process that only sets Django up and loads the job: the memory every worker starts with;
7. for comparison, the same file read into one tablib ``Dataset`` (``read_table``, its row limit lifted), as
   a django-import-export resource would hold it before checking a row.

Prints the machine facts and a Markdown table for docs/benchmarks.md ("Election results import").
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402
from _harness import ROOT, cpu_seconds, django_setup, manage  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
DB = "sidp3_bench_results"
ELECTION = "pemilu-2024"
HEADERS = ["Kode Wilayah", "No TPS", "DPT", "DPTb/DPK", "Pengguna Hak Pilih", "Suara Sah", "Suara Tidak Sah"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- children (Django set up in this process) -------------------------------------------------------------


def child_generate(rows: int, seed: int, name: str, bad_last_row: bool) -> None:
    """A national results file: ``rows`` TPS over every village in force, 9 or 10 each."""
    from locus.models import Village

    rng = random.Random(seed)
    codes = list(
        Village.objects.filter(retired_at__isnull=True).order_by("code").values_list("code", flat=True)
    )
    base, extra = divmod(rows, len(codes))
    more = set(rng.sample(range(len(codes)), extra))
    WORK.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(WORK / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for index, code in enumerate(codes):
            for tps in range(1, base + (index in more) + 1):
                registered = rng.randint(150, 300)
                additional = rng.randint(0, 12)
                voters = int((registered + additional) * rng.uniform(0.62, 0.95))
                invalid = rng.randint(0, voters // 25)
                valid = voters - invalid - rng.randint(0, 2)
                writer.writerow([code, tps, registered, additional, voters, max(valid, 0), invalid])
                written += 1
        if bad_last_row:
            writer.writerow([codes[-1], 1, 200, 0, 250, 240, 10])  # a TPS twice, and more voters than DPT
            written += 1
    size = (WORK / name).stat().st_size
    print(json.dumps({"rows": written, "villages": len(codes), "mib": size / 2**20, "seconds": 0}))


def child_job(path: str) -> None:
    """A job as ``results_job_create`` makes it from an upload, as the KPU RI system account: its id. (In a
    process of its own, so that the file's bytes held for the upload are not in the worker's memory.)"""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.system import national_system_user
    from locus.models import Election
    from locus.services.results_jobs import results_job_create

    upload = SimpleUploadedFile(Path(path).name, Path(path).read_bytes(), "text/csv")
    # No broker: the task is run by ``child_worker`` in its own process instead of being queued.
    job = results_job_create(
        actor=national_system_user(), election=Election.objects.get(pk=ELECTION), upload=upload, enqueue=False
    )
    print(json.dumps({"job": job.pk, "seconds": 0}))


def child_worker(job_id: str) -> None:
    """The task of a job, as a worker runs it (``apply``: the task's own code, no broker)."""
    from locus.choices import ResultsJobStatus
    from locus.models import ResultsImportJob
    from locus.tasks import import_results

    started, cpu = time.perf_counter(), cpu_seconds()
    import_results.apply(args=(int(job_id),), task_id=f"bench-{job_id}")
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    job = ResultsImportJob.objects.get(pk=job_id)
    if job.status != ResultsJobStatus.SUCCEEDED and not job.error_count:
        raise SystemExit(f"job {job.pk}: {job.status} {job.errors[:3]}")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "status": job.status,
                "rows": job.rows_read,
                "new": job.villages_new,
                "changed": job.villages_changed,
                "unchanged": job.villages_unchanged,
                "errors": job.error_count,
                "file_removed": not job.file,
            }
        )
    )


def child_baseline(job_id: str) -> None:
    """Django set up and the job loaded: the memory a worker holds before it reads anything."""
    from locus.models import ResultsImportJob

    ResultsImportJob.objects.get(pk=job_id)
    print(json.dumps({"seconds": 0, "cpu": 0}))


def child_dataset(path: str) -> None:
    """For comparison: the same file read into one tablib Dataset (``read_table``'s ``Table``, its row limit
    lifted), as a row-by-row resource import would hold it."""
    from kernel.spreadsheets import ROW_NUMBER_COLUMN, Table, TableReader
    from locus.resources import RESULTS_TABLE

    started, cpu = time.perf_counter(), cpu_seconds()
    # What ``read_table`` does, without its limit of 200,000 rows.
    reader = TableReader(Path(path).read_bytes(), Path(path).name, spec=RESULTS_TABLE, max_rows=None)
    rows = [[("" if c is None else c) for c in cells] + [number] for number, cells, _problems in reader]
    table = Table()
    keep = reader.kept()
    table.headers = [*(reader.headers[i] for i in keep), ROW_NUMBER_COLUMN]
    for row in rows:
        table.append([row[i] for i in keep] + [row[-1]])
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": len(table)}))


CHILDREN = {
    "generate": child_generate,
    "job": child_job,
    "worker": child_worker,
    "baseline": child_baseline,
    "dataset": child_dataset,
}


# --- the parent ---------------------------------------------------------------------------------------------


def command(path: Path, env) -> dict:
    started = time.perf_counter()
    load = os.getloadavg()[0]
    import subprocess

    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_results", "--election", ELECTION, str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    out, err = process.communicate()
    if status != 0:
        raise SystemExit(f"import_results failed: {err[-2000:]}")
    return {"wall": wall, "peak_mib": usage.ru_maxrss / 1024, "load": load, "output": out.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432")
    parser.add_argument("--database", default=DB)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=820_000)
    parser.add_argument("--keep-database", action="store_true", help="reuse a database set up before")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    env = _harness.env_for(args.server, args.database)
    env["DJANGO_MEDIA_ROOT"] = str(WORK / "media")
    os.environ.update(env)
    if args.child:
        django_setup()
        name, *rest = args.child
        if name == "generate":
            CHILDREN[name](int(rest[0]), int(rest[1]), rest[2], rest[3] == "1")
        else:
            CHILDREN[name](*rest)
        return
    script = str(Path(__file__).resolve())
    where = ["--server", args.server, "--database", args.database]

    def child(*child_args: str) -> dict:
        return _harness.measured(script, [*where, "--child", *child_args], env)

    if not args.keep_database:
        log(f"database {args.database}: created, migrated, regions loaded")
        _harness.recreate_database(args.server, args.database)
        manage(["migrate", "--noinput"], env)
        manage(["import_regions"], env)
    first, second, refused = "hasil-nasional-1.csv", "hasil-nasional-2.csv", "hasil-nasional-ditolak.csv"
    for name, seed, bad in ((first, 2024, "0"), (second, 2025, "0"), (refused, 2025, "1")):
        made = child("generate", str(args.rows), str(seed), name, bad)
        log(f"{name}: {made['rows']:,} rows over {made['villages']:,} villages, {made['mib']:.1f} MiB")
    runs = []

    def truncate():
        import psycopg2

        connection = psycopg2.connect(f"{args.server.rstrip('/')}/{args.database}")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE locus_villageresult")
        connection.close()

    for run in range(args.runs):
        truncate()
        measures = {}
        for label, name in (("new", first), ("unchanged", first), ("changed", second), ("refused", refused)):
            job = child("job", str(WORK / name))["job"]
            measures[label] = child("worker", str(job))
            result = measures[label]
            log(
                f"run {run + 1} {label}: task {result['seconds']:.1f} s (CPU {result['cpu']:.1f} s), process "
                f"{result['wall']:.1f} s, peak {result['peak_mib']:.0f} MiB, load {result['load']:.2f}: "
                f"{result['status']}, {result['rows']:,} rows, {result['new']:,} new, {result['changed']:,} "
                f"changed, {result['unchanged']:,} unchanged, {result['errors']} errors"
            )
        truncate()
        measures["command"] = command(WORK / first, env)
        log(f"run {run + 1} command: {measures['command']['wall']:.1f} s, {measures['command']['output']}")
        measures["baseline"] = child("baseline", str(job))
        measures["dataset"] = child("dataset", str(WORK / first))
        log(f"run {run + 1} tablib Dataset of the file: {measures['dataset']['wall']:.1f} s, "
            f"peak {measures['dataset']['peak_mib']:.0f} MiB")  # fmt: skip
        runs.append(measures)
    print_report(runs, args)


def print_report(runs: list[dict], args) -> None:
    def spread(label: str, key: str) -> str:
        values = [run[label][key] for run in runs]
        if len(values) == 1:
            return f"{values[0]:.1f}"
        return f"{statistics.median(values):.1f} ({min(values):.1f}–{max(values):.1f})"

    def peak(label: str) -> str:
        return f"{max(run[label]['peak_mib'] for run in runs):.0f}"

    loads = [run[label]["load"] for run in runs for label in ("new", "command")]
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"{args.runs} runs, medians (min–max); load average {min(loads):.1f}–{max(loads):.1f}\n"
    )
    print("| measurement | task s | task CPU s | process wall s | peak RSS MiB | outcome |")
    print("|---|---:|---:|---:|---:|---|")
    labels = {
        "new": "(1) the worker: national file, empty results table",
        "unchanged": "(2) the same file again",
        "changed": "(3) another file: every village changed",
        "refused": "(4) one bad row at the end: refused",
    }
    for label, text in labels.items():
        last = runs[-1][label]
        outcome = (
            f"{last['rows']:,} TPS; {last['new']:,} new, {last['changed']:,} changed, "
            f"{last['unchanged']:,} unchanged"
            if last["status"] == "selesai"
            else f"{last['rows']:,} TPS; {last['errors']} errors, nothing written"
        )
        print(
            f"| {text} | {spread(label, 'seconds')} | {spread(label, 'cpu')} | {spread(label, 'wall')} | "
            f"{peak(label)} | {outcome} |"
        )
    print(
        f"| (5) `manage.py import_results`, empty results table | | | {spread('command', 'wall')} | "
        f"{peak('command')} | {runs[-1]['command']['output']} |"
    )
    print(f"| (6) Django set up and the job loaded, no import | | | | {peak('baseline')} | |")
    print(
        f"| (7) for comparison: the file read into one tablib Dataset (`read_table`) | "
        f"{spread('dataset', 'seconds')} | {spread('dataset', 'cpu')} | {spread('dataset', 'wall')} | "
        f"{peak('dataset')} | {runs[-1]['dataset']['rows']:,} rows held, nothing checked |"
    )


if __name__ == "__main__":
    main()
