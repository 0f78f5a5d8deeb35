"""Speed benchmark on a large data set (issue 7). Not a test: it measures and writes bench/RESULTS.md.

    .venv/bin/python bench/run_bench.py            # seeds a fresh PostgreSQL database, measures
    .venv/bin/python bench/run_bench.py --reuse    # reuses the seeded database

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and `wrk` (Debian package) for the
throughput part. Talks to 127.0.0.1 only; every load run is bounded in time.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "samverkan_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
PORT = 8765
REQUESTS_PER_PAGE = 60
LOAD_SECONDS = 15


def django_setup():
    # The same settings as the gunicorn run, so that the session made here is valid there.
    os.environ.update(gunicorn_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def manage(*args, env=None):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, check=True, env={**os.environ, **(env or {})}
    )


def seed(collaborations=10000):
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    env = {"DATABASE_URL": DATABASE_URL}
    manage("migrate", "--noinput", "-v0", env=env)
    started = time.perf_counter()
    manage(
        "seed_large",
        f"--collaborations={collaborations}",
        f"--organisations={max(200, collaborations // 5)}",
        f"--parties={collaborations * 6}",
        f"--answers={collaborations * 3}",
        env=env,
    )
    analyze()
    return time.perf_counter() - started


def analyze():
    """Statistics for the planner. Without autovacuum (as on the benchmark machine) a fresh seed has
    none, and PostgreSQL then guessed plans that made every dashboard request take 19 s."""
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DATABASE]
    subprocess.run([*psql, "-qc", "ANALYZE"], check=True)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure_pages():
    """Server time per page, in process through the full middleware stack, and its queries."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from collaborations.management.commands.seed_large import BENCH_USER
    from collaborations.models import Collaboration, Membership, SubGoal

    user_membership = Membership.objects.select_related("user", "organisation").get(user__email=BENCH_USER)
    client = Client()
    client.force_login(user_membership.user)
    led = Collaboration.objects.filter(lead_organisation=user_membership.organisation).order_by("pk")
    collaboration = led[len(led) // 2]
    SubGoal.objects.get_or_create(
        collaboration=collaboration,
        indicator="Andel otrygga",
        defaults={"baseline": "40 %", "target": "25 %", "target_date": "2028-12-31"},
    )
    pk = collaboration.pk
    pages = [
        ("Dashboard", reverse("dashboard")),
        ("Dashboard, page 20", reverse("dashboard") + "?page=20"),
        ("Dashboard, search", reverse("dashboard") + "?q=omr%C3%A5de+42"),
        ("Collaboration (overview)", reverse("collaboration_detail", args=[pk])),
        ("Parties", reverse("party_list", args=[pk])),
        ("Problem description", reverse("problem_detail", args=[pk])),
        ("Confirmation matrix", reverse("confirmation_matrix", args=[pk])),
        ("Goal", reverse("goal_detail", args=[pk])),
        ("Step 8: roles", reverse("step_detail", args=[pk, 8])),
        ("Model chooser", reverse("model_choice", args=[pk])),
        ("Organisation members", reverse("organisation_detail", args=[user_membership.organisation_id])),
    ]
    results = []
    for name, url in pages:
        assert client.get(url).status_code == 200, url  # warm-up
        queries = []

        def count(execute, sql, *args, seen=queries):
            seen.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(url)
        timings = []
        for _ in range(REQUESTS_PER_PAGE):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        results.append(
            {
                "page": name,
                "url": url,
                "queries": len(queries),
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(percentile(timings, 0.95), 1),
            }
        )
    session_cookie = client.cookies["sessionid"].value
    return results, session_cookie


PRODUCTION_LIKE = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "LOG_LEVEL"}


def gunicorn_env():
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }


def wrk(url, cookie=None):
    command = ["wrk", "-t2", "-c16", f"-d{LOAD_SECONDS}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=LOAD_SECONDS + 30
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {"rps": rps, "non_2xx": int(non_2xx.group(1)) if non_2xx else 0}


def measure_throughput(session_cookie):
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "samverkan.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=gunicorn_env(),
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(100):
            try:
                subprocess.run(
                    ["wrk", "-t1", "-c1", "-d1s", f"{base}/healthz"], capture_output=True, check=True
                )
                break
            except subprocess.CalledProcessError:
                time.sleep(0.2)
        check = subprocess.run(
            [
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-H",
                f"Cookie: sessionid={session_cookie}",
                f"{base}/",
            ],
            capture_output=True,
            text=True,
        ).stdout
        if check != "200":
            raise SystemExit(
                f"the dashboard answered {check} under gunicorn, not 200: the session is not valid there"
            )
        minimal = wrk(f"{base}/healthz")
        dashboard = wrk(f"{base}/", cookie=session_cookie)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return {
        "minimal_view": minimal,
        "dashboard": dashboard,
        "ratio": round(dashboard["rps"] / minimal["rps"], 2),
    }


def measure_agreement() -> str:
    """The demo agreement's render and serve times, from bench/agreement.py (its own database)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "agreement.py"), "--repeat", "5", "--serve", "20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        # Its own development settings and database, not the production-like ones set here.
        env={key: value for key, value in os.environ.items() if key not in PRODUCTION_LIKE},
        timeout=600,
    )
    if result.returncode != 0:
        return f"bench/agreement.py failed: {result.stderr[-500:]}"
    return result.stdout


def machine():
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match.group(1) if match else ""
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    postgres = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "show server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "postgresql": postgres,
        "os": platform.platform(),
    }


def counts():
    from collaborations.models import Collaboration, ConfirmationRecipient, Organisation, Party

    return {
        "organisations": Organisation.objects.count(),
        "collaborations": Collaboration.objects.count(),
        "parties": Party.objects.count(),
        "answers": ConfirmationRecipient.objects.exclude(answer="").count(),
    }


def write_report(data):
    lines = [
        "# Benchmark results",
        "",
        f"Run on {data['date']} with `bench/run_bench.py` (`.venv/bin/python bench/run_bench.py`).",
        "",
        "## Machine",
        "",
        f"- CPU: {data['machine']['cpu']} ({data['machine']['cores']} cores)",
        f"- Memory: {data['machine']['memory']}",
        f"- OS: {data['machine']['os']}",
        f"- Python {data['machine']['python']}, PostgreSQL {data['machine']['postgresql']}",
        "",
        "## Data",
        "",
        "| organisations | collaborations | parties | answers |",
        "|---|---|---|---|",
        "| {organisations} | {collaborations} | {parties} | {answers} |".format(**data["counts"]),
        "",
        f"Seeding took {data['seed_seconds']} s." if data.get("seed_seconds") else "Seeded database reused.",
        "",
        "## Server time per page",
        "",
        f"Each page requested {REQUESTS_PER_PAGE} times in process through the whole middleware stack as"
        " the benchmark user (admin of an organisation that leads 1,000 of the collaborations), after one"
        " warm-up request.",
        "",
        "| page | queries | p50 (ms) | p95 (ms) |",
        "|---|---|---|---|",
    ]
    for row in data["pages"]:
        lines.append(f"| {row['page']} | {row['queries']} | {row['p50_ms']} | {row['p95_ms']} |")
    throughput = data["throughput"]
    lines += ["", "## Throughput under gunicorn", ""]
    if "skipped" in throughput:
        lines.append(f"Skipped: {throughput['skipped']}.")
    else:
        lines += [
            f"gunicorn with 2 sync workers on 127.0.0.1, `wrk -t2 -c16 -d{LOAD_SECONDS}s` on the same machine"
            " (2 cores shared by server, database and load generator).",
            "",
            "| view | requests/s | non-2xx |",
            "|---|---|---|",
            f"| minimal view (`/healthz`, one `SELECT 1`) | {throughput['minimal_view']['rps']} |"
            f" {throughput['minimal_view']['non_2xx']} |",
            f"| dashboard (logged in) | {throughput['dashboard']['rps']} |"
            f" {throughput['dashboard']['non_2xx']} |",
            "",
            f"Ratio dashboard / minimal view: **{throughput['ratio']}**.",
        ]
    agreement = data["agreement"].strip().replace("## ", "### ")
    lines += ["", "## Agreement PDF (bench/agreement.py)", "", agreement, ""]
    lines += ["", "## Targets", ""]
    for target in data["targets"]:
        lines.append(f"- {target}")
    lines.append("")
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines))


def targets(data):
    result = []
    collaboration = next(r for r in data["pages"] if r["page"] == "Collaboration (overview)")
    verdict = "met" if collaboration["p95_ms"] < 50 else f"missed by {collaboration['p95_ms'] - 50:.1f} ms"
    result.append(f"Collaboration page p95 under 50 ms: {collaboration['p95_ms']} ms — {verdict}.")
    result.append(
        "Every page a bounded number of queries: asserted by the query-count tests "
        "(tests/**/test_*query_counts.py); the counts above are on the large data set."
    )
    result.append(
        "Lists paginated: the dashboard shows 20 per page; the other lists belong to one collaboration."
    )
    result.append(
        "Agreement PDF: the table above has the render times; the target (a 10-page agreement under 1 s)"
        " is compared in bench/README.md with more repeats: met once a process has rendered, the first"
        " render in a fresh process at or just over it."
    )
    throughput = data["throughput"]
    if "ratio" in throughput:
        verdict = (
            "met"
            if throughput["ratio"] >= 0.5
            else f"missed: {throughput['ratio']} instead of 0.5. The minimal view answers from one "
            "`SELECT 1` with no session, user, template or checklist; the dashboard loads the user's "
            "session and organisations, 20 collaborations with the facts behind their 16-step progress "
            "(a fixed set of about 24 queries) and renders 20 cards. On these two shared cores that is "
            "tens of milliseconds of Python per request against well under one for the minimal view. "
            "Reaching half would take a cached or precomputed dashboard (a stored progress per "
            "collaboration, updated on every change), which is not built yet"
        )
        result.append(
            f"Dashboard throughput at least half of the minimal view's: {throughput['ratio']} — {verdict}."
        )
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true", help="reuse the seeded benchmark database")
    parser.add_argument("--collaborations", type=int, default=10000, help="1000, 10000 or 100000")
    arguments = parser.parse_args()
    load_before = load_average()
    if arguments.reuse:
        manage("migrate", "--noinput", "-v0", env={"DATABASE_URL": DATABASE_URL})
        analyze()
    seed_seconds = None if arguments.reuse else round(seed(arguments.collaborations), 1)
    # The pages are measured with DEBUG off, as in production: the static files' manifest must exist.
    manage("collectstatic", "--noinput", "-v0", env=gunicorn_env())
    django_setup()
    pages, cookie = measure_pages()
    data = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "counts": counts(),
        "seed_seconds": seed_seconds,
        "pages": pages,
        "throughput": measure_throughput(cookie),
        "agreement": measure_agreement(),
    }
    data["load_average"] = {"before": load_before, "after": load_average()}
    data["targets"] = targets(data)
    write_report(data)
    print(json.dumps(data, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
