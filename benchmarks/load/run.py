"""The load test: ``python benchmarks/load/run.py [--users 50] [--think 5-15] [--duration 2m] [--loci 5000]
[--reuse]``.

1. creates the PostgreSQL database ``sidp3_bench_load`` (unless ``--reuse``), migrates it, loads the
   Kemendagri tree (``import_regions``) and ``seed_scale --loci 5000`` (programme year 2024), then
   ``VACUUM ANALYZE`` (what autovacuum does after a bulk load);
2. creates accounts with a known password for KPU RI, KPU Provinsi Jawa Timur and two KPU Kabupaten/Kota
   (``benchmarks/.work/load-users.json``, read by the locustfile);
3. starts gunicorn with 2 sync workers (the flags of ``scripts/start-web.sh``, ``DJANGO_DEBUG=false``,
   persistent connections as in production) and a Celery worker on Redis (``--redis``, database 13);
4. runs ``locust --headless`` with ``--users`` users (spawned at ``--spawn-rate`` a second) for
   ``--duration`` against it;
5. prints requests/s, median, p95 and errors per request name and in all, the load average before and
   after, and what became of the report jobs; stops gunicorn and the worker.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import _harness  # noqa: E402
from _harness import ROOT  # noqa: E402

DB = "sidp3_bench_load"
PASSWORD = "sidp3-beban-uji"  # noqa: S105 — a throwaway benchmark database's accounts
WORK = ROOT / "benchmarks" / ".work"
PORT = 8765
BIN = Path(sys.executable).parent


def child_users() -> None:
    """The accounts of the test and what each opens (Django set up in this process)."""
    from django.db.models import Count

    from accounts.choices import OfficeLevel, Role
    from accounts.models import Office, User
    from locus.models import Locus

    loci = Locus.objects.filter(programme_year_id=2024)
    province = "35"  # Jawa Timur: the most regencies, so the most loci of the spread
    regencies = [
        row["regency_id"]
        for row in loci.filter(province_id=province)
        .values("regency_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "regency_id")[:2]
    ]
    offices = [
        ("beban-nasional", Office.objects.get(level=OfficeLevel.NATIONAL), "", ""),
        ("beban-jatim", Office.objects.get(level=OfficeLevel.PROVINCE, province_id=province), province, ""),
    ] + [
        (f"beban-kab-{r.replace('.', '')}", Office.objects.get(regency_id=r), province, r) for r in regencies
    ]
    accounts = []
    for username, office, p, r in offices:
        # Staff (*staf*): the officers who work in SIDP3 all day. Administrators of KPU RI and the provinces
        # sign in with a second step (an authenticator code), which a load test cannot type.
        user, _ = User.objects.get_or_create(
            username=username, defaults={"office": office, "role": Role.STAFF}
        )
        user.office, user.role, user.is_active = office, Role.STAFF, True
        user.set_password(PASSWORD)
        user.save()
        own = loci.filter(regency_id=r) if r else loci.filter(province_id=p) if p else loci
        dashboards = []
        if not p:
            dashboards.append(("province", f"/dasbor/provinsi/{province}/"))
        if not r:
            dashboards.append(("regency", f"/dasbor/kabupaten/{regencies[0]}/"))
        some = list(own.filter(status="aktif").order_by("pk").values_list("pk", flat=True)[:50])
        dashboards.append(("locus", f"/dasbor/lokus/{some[0]}/"))
        accounts.append(
            {
                "username": username,
                "password": PASSWORD,
                # The Laporan form's region: "" is the account's own jurisdiction; KPU RI asks for Jawa Timur.
                "scope": "" if p else province,
                "year": 2024,
                "loci": some,
                "dashboards": dashboards,
            }
        )
    (WORK / "load-users.json").write_text(json.dumps(accounts, indent=1))
    print(json.dumps({"accounts": len(accounts)}))


def child_vacuum() -> None:
    _harness.vacuum_analyze()
    print(json.dumps({}))


def child_jobs(since: str) -> None:
    import datetime as dt

    from django.db.models import Count

    from reports.models import ReportJob

    moment = dt.datetime.fromtimestamp(float(since), tz=dt.UTC)
    rows = ReportJob.objects.filter(created_at__gte=moment).values("status").annotate(n=Count("pk"))
    print(json.dumps({row["status"]: row["n"] for row in rows}))


def _wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"nothing listens on {port}")


def _warm_up(workers: int) -> None:
    """A few requests, so that each gunicorn worker has loaded its URLs and templates before the clock
    starts (the first request of a fresh worker takes about a second)."""
    import urllib.request

    for _ in range(4 * workers):
        for path in ("/accounts/login/",):
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60).read()  # noqa: S310


def _child(name: str, env, *args: str) -> dict:
    return _harness.measured(__file__, ["--child", name, *args], env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=2)
    parser.add_argument("--duration", default="2m")
    parser.add_argument(
        "--think",
        default="5-15",
        help="seconds an officer spends on a page before the next click, as MIN-MAX (SIDP3_LOAD_THINK)",
    )
    parser.add_argument("--loci", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    env = _harness.env_for(options.server, DB)
    env.update(REDIS_URL=options.redis, DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost")
    if options.child:
        os.environ.update(env)
        _harness.django_setup()
        kind, *rest = options.child
        {"users": child_users, "vacuum": child_vacuum, "jobs": child_jobs}[kind](*rest)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    if not options.reuse:
        _harness.recreate_database(options.server, DB)
        _harness.manage(["migrate", "-v0"], env)
        _harness.manage(["import_regions"], env)
        seconds = _harness.seed_scale(options.loci, env)
        print(f"# seed_scale --loci {options.loci}: {seconds:.1f} s", flush=True)
        _child("vacuum", env)
    _child("users", env)
    web_env = {**env, "DJANGO_CONN_MAX_AGE": "60"}
    log = open(WORK / "load-server.log", "wb")  # noqa: SIM115 - closed after the run
    gunicorn = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(BIN / "gunicorn"), "dp3.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(options.workers), "--timeout", "60", "--error-logfile", "-"],
        cwd=ROOT, env=web_env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(BIN / "celery"), "-A", "dp3", "worker", "--concurrency=1", "-l", "warning",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=web_env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    started = str(time.time())
    try:
        _wait_for_port(PORT)
        _warm_up(options.workers)
        before = os.getloadavg()
        print(
            f"# {os.cpu_count()} cores; load average before: {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}"
        )
        env["SIDP3_LOAD_THINK"] = options.think
        print(f"# {options.users} officers, {options.think} s on each page")
        subprocess.run(  # noqa: S603 - fixed arguments
            [str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
             "--users", str(options.users), "--spawn-rate", str(options.spawn_rate),
             "--run-time", options.duration, "--host", f"http://127.0.0.1:{PORT}",
             "--csv", str(WORK / "load"), "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        after = os.getloadavg()
        print(f"# load average after: {after[0]:.2f} {after[1]:.2f}")
        time.sleep(2)
        jobs = _child("jobs", env, started)
        jobs = {k: v for k, v in jobs.items() if k not in ("wall", "peak_mib", "load")}
        print(f"# report jobs asked for during the run, by status: {jobs}")
    finally:
        for process in (gunicorn, worker):
            process.terminate()
        for process in (gunicorn, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
    print("| request | requests | failures | req/s | median ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    with open(WORK / "load_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            name = row["Name"] if row["Name"] != "Aggregated" else "**all**"
            print(
                f"| {row['Type']} {name} | {row['Request Count']} | {row['Failure Count']} "
                f"| {float(row['Requests/s']):.2f} | {row['Median Response Time']} | {row['95%']} "
                f"| {float(row['Max Response Time']):.0f} |"
            )


if __name__ == "__main__":
    main()
