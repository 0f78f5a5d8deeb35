"""Speed benchmark (issues 7 and 17). Not a test: it measures and writes the top of bench/RESULTS.md.

    .venv/bin/python bench/run_bench.py                          # seeds 1,000, 10,000, 100,000 and measures
    .venv/bin/python bench/run_bench.py --reuse                  # reuses the seeded databases
    .venv/bin/python bench/run_bench.py --sizes 1000 --reuse     # one size

Each size has its own PostgreSQL database (samverkan_bench_<size>) on 127.0.0.1:5432 (user postgres,
trust), seeded by `manage.py seed_large` and VACUUM ANALYZEd (the benchmark server runs without autovacuum; a
fresh seed without statistics made every dashboard request take 19 s). Per size, one child process
(this file with --measure) measures:

1. Each page's server time and queries in process (Django's test client, the whole middleware stack),
   alternating request by request with the floor page (/matt/golv/).
2. Throughput under gunicorn (two sync workers, 127.0.0.1 only) with `wrk` (Debian package), each
   page in rounds of a few seconds alternating with the floor page, so that whatever else loads the
   shared machine loads both sides: the ratio page / floor is the figure to compare.
3. The agreement download (POST, then the stored file) against a static file of the same size served
   by the same server (whitenoise), alternating, sequential.
4. Eight simultaneous downloads right after a change, with a task worker running: how many renders
   (the "PDF generated" events of the collaboration) and how many render tasks were asked for.

Everything is bounded: wrk runs for --seconds per round, the other parts for a fixed number of
requests, and every subprocess has a timeout.
"""

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from downloads import DOWNLOAD_REQUESTS, PORT, download, measure_download

ROOT = Path(__file__).resolve().parent.parent
# Another prefix measures a copy (createdb -T samverkan_bench_1000 mine_1000): the run writes to it.
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "samverkan_bench")
SIZES = (1000, 10000, 100000)
IN_PROCESS_REQUESTS = 30
SIMULTANEOUS = 8
MARK_END = "<!-- end of the generated part: the sections below are kept by bench/run_bench.py -->"


def database_url(size: int) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{DATABASE_PREFIX}_{size}"


def gunicorn_env(size: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url(size),
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "AGREEMENT_RENDER_AHEAD": "true",
    }


def manage(*args, env, timeout=3600):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, env=env, timeout=timeout)


def psql(size: int, sql: str) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", f"{DATABASE_PREFIX}_{size}", "-tAqc", sql],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    ).stdout.strip()


def database_exists(size: int) -> bool:
    names = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SELECT datname FROM pg_database"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return f"{DATABASE_PREFIX}_{size}" in names


def seed(size: int) -> float:
    name = f"{DATABASE_PREFIX}_{size}"
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    env = {**os.environ, "DATABASE_URL": database_url(size)}
    manage("migrate", "--noinput", "-v0", env=env)
    started = time.perf_counter()
    manage(
        "seed_large",
        f"--collaborations={size}",
        f"--organisations={max(200, size // 5)}",
        f"--parties={size * 6}",
        f"--answers={size * 3}",
        env=env,
    )
    return time.perf_counter() - started


def analyze(size: int) -> None:
    """Statistics for the planner and the visibility map, after every seed and before every measurement:
    VACUUM ANALYZE does what a production server's autovacuum does after a bulk insert. Without the
    VACUUM an index-only scan still reads every row from the table (the dashboard's count of 10,000 led
    collaborations at 100,000: 3.6 ms instead of well under 1)."""
    psql(size, "VACUUM ANALYZE")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# --- The child: one size, Django set up on its database ----------------------------------------------


def prepare():
    """The benchmark user (an organisation admin, and an operator for the admin's changelist), the
    collaboration its pages show (led by its organisation, in the middle of the led ones), with its
    agreement's PDF made once so that the agreement page reads a rendered version."""
    from django.test import Client

    from agreements import services as agreement_services
    from checklist.rules import checklist_status
    from collaborations.management.commands.seed_large import BENCH_USER
    from collaborations.models import Collaboration, Membership, SubGoal

    membership = Membership.objects.select_related("user", "organisation").get(user__email=BENCH_USER)
    user = membership.user
    if not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    led = Collaboration.objects.filter(lead_organisation=membership.organisation).order_by("pk")
    collaboration = led[led.count() // 2]
    SubGoal.objects.get_or_create(
        collaboration=collaboration,
        indicator="Andel otrygga",
        defaults={"baseline": "40 %", "target": "25 %", "target_date": "2028-12-31"},
    )
    agreement_services.agreement_pdf(
        collaboration=collaboration, checklist=checklist_status(collaboration), requested_by=user
    )
    client = Client()
    client.force_login(user)
    return user, collaboration, client


def page_urls(collaboration):
    from django.urls import reverse

    pk = collaboration.pk
    return [
        ("Dashboard", reverse("dashboard")),
        ("Dashboard, search", reverse("dashboard") + "?q=omr%C3%A5de+42"),
        ("Collaboration (overview)", reverse("collaboration_detail", args=[pk])),
        ("Problem description", reverse("problem_detail", args=[pk])),
        ("Step 8: roles", reverse("step_detail", args=[pk, 8])),
        ("Agreement page", reverse("agreement_preview", args=[pk])),
        ("Admin changelist (a peer)", "/admin/collaborations/collaboration/"),
    ]


def measure_in_process(client, pages, floor_url):
    """Server time per page in process, alternating with the floor page request by request."""
    from django.db import connection

    results = []
    for name, url in pages:
        for warm in (url, floor_url):
            response = client.get(warm)
            assert response.status_code == 200, (warm, response.status_code)
        queries = []

        def count(execute, sql, *args, seen=queries):
            seen.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(url)
        page_ms, floor_ms = [], []
        for _ in range(IN_PROCESS_REQUESTS):
            for target, timings in ((floor_url, floor_ms), (url, page_ms)):
                started = time.perf_counter()
                response = client.get(target)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
        results.append(
            {
                "page": name,
                "url": url,
                "queries": len(queries),
                "p50_ms": round(statistics.median(page_ms), 1),
                "p95_ms": round(percentile(page_ms, 0.95), 1),
                "floor_p50_ms": round(statistics.median(floor_ms), 1),
            }
        )
    return results


def start_server(env):
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "samverkan.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.send_signal(signal.SIGTERM)
    raise SystemExit("gunicorn did not answer /healthz")


def wrk(url, cookie, seconds):
    command = ["wrk", "-t1", "-c4", f"-d{seconds}s", "-H", f"Cookie: {cookie}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, int(non_2xx.group(1)) if non_2xx else 0


def measure_throughput(pages, floor_url, cookie, seconds, rounds):
    """Each page in `rounds` rounds of `seconds`, each round beside a round of the floor page."""
    base = f"http://127.0.0.1:{PORT}"
    results = []
    for name, url in pages:
        page_rps, floor_rps, non_2xx = [], [], 0
        for _ in range(rounds):
            rps, bad = wrk(base + floor_url, cookie, seconds)
            floor_rps.append(rps)
            non_2xx += bad
            rps, bad = wrk(base + url, cookie, seconds)
            page_rps.append(rps)
            non_2xx += bad
        results.append(
            {
                "page": name,
                "rps": round(statistics.mean(page_rps), 1),
                "floor_rps": round(statistics.mean(floor_rps), 1),
                "ratio": round(sum(page_rps) / sum(floor_rps), 3),
                "round_ratios": [round(p / f, 3) for p, f in zip(page_rps, floor_rps, strict=True)],
                "non_2xx": non_2xx,
            }
        )
    return results


def measure_simultaneous(collaboration, user, cookie, csrf, env):
    """A change, then eight downloads at the same moment while a task worker runs: renders counted."""
    from django_tasks_db.models import DBTaskResult

    from agreements.models import AgreementVersion
    from collaborations import services
    from collaborations.models import Event, EventKind

    def rendered_count():
        return Event.objects.filter(collaboration=collaboration, kind=EventKind.PDF_GENERATED).count()

    def asked_count():
        return DBTaskResult.objects.filter(task_path__endswith="render_agreement_pdf").count()

    services.save_goal(
        collaboration=collaboration, saved_by=user, overall=f"Tryggare torg, mätt {time.time():.0f}."
    )
    rendered_before, asked_before = rendered_count(), asked_count()
    versions_before = AgreementVersion.objects.filter(collaboration=collaboration).count()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    outcomes = []
    barrier = threading.Barrier(SIMULTANEOUS)

    def one():
        barrier.wait()
        outcomes.append(download(collaboration, cookie, csrf))

    try:
        threads = [threading.Thread(target=one) for _ in range(SIMULTANEOUS)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        answered_s = time.perf_counter() - started
        # Wait (bounded) until the worker has rendered the new text, then once more for stragglers.
        ready_after = None
        for _ in range(600):
            version = AgreementVersion.objects.without_pdf().filter(collaboration=collaboration).first()
            done = version is not None and version.rendered_at is not None and not version.render_claim
            if (
                done
                and AgreementVersion.objects.filter(collaboration=collaboration).count() > versions_before
            ):
                ready_after = time.perf_counter() - started
                break
            time.sleep(0.1)
        time.sleep(2)
        after = download(collaboration, cookie, csrf)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    return {
        "downloads": SIMULTANEOUS,
        "served_at_once": sum(1 for location, _p, get in outcomes if get is not None),
        "told_to_wait": sum(1 for location, _p, get in outcomes if get is None),
        "slowest_answer_ms": round(max(post for _l, post, _g in outcomes), 1),
        "all_answered_s": round(answered_s, 2),
        "rendered_after_s": round(ready_after, 2) if ready_after else None,
        "renders": rendered_count() - rendered_before,
        "render_tasks_asked": asked_count() - asked_before,
        "download_after_ready": "stored file" if after[2] is not None else "told to wait",
    }


def counts():
    from collaborations.models import Collaboration, ConfirmationRecipient, Organisation, Party

    return {
        "organisations": Organisation.objects.count(),
        "collaborations": Collaboration.objects.count(),
        "parties": Party.objects.count(),
        "answers": ConfirmationRecipient.objects.exclude(answer="").count(),
    }


def measure(size, out, seconds, rounds):
    os.environ.update(gunicorn_env(size))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.urls import reverse

    from agreements.models import AgreementVersion

    user, collaboration, client = prepare()
    floor_url = reverse("floor")
    pages = page_urls(collaboration)
    result = {"size": size, "counts": counts(), "load_before": load_average()}
    result["in_process"] = measure_in_process(client, pages, floor_url)
    client.get(reverse("agreement_preview", args=[collaboration.pk]))  # sets the CSRF cookie
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = client.cookies[settings.CSRF_COOKIE_NAME].value
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
    pdf = bytes(AgreementVersion.objects.filter(collaboration=collaboration).order_by("-number").first().pdf)
    static_copy = Path(settings.STATIC_ROOT) / "bench-same-size.pdf"
    static_copy.write_bytes(pdf)  # before gunicorn starts: whitenoise lists the files at start-up
    env = gunicorn_env(size)
    server = start_server(env)
    try:
        if shutil.which("wrk"):
            result["throughput"] = measure_throughput(pages, floor_url, cookie, seconds, rounds)
        else:
            result["throughput"] = "wrk is not installed (apt-get install wrk)"
        result["download"] = measure_download(collaboration, cookie, csrf, len(pdf))
        result["simultaneous"] = measure_simultaneous(collaboration, user, cookie, csrf, env)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        static_copy.unlink(missing_ok=True)
    result["load_after"] = load_average()
    Path(out).write_text(json.dumps(result, indent=2, ensure_ascii=False))


# --- The parent: seeds, runs a child per size, writes the report -------------------------------------


def machine():
    cpu = ""
    match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
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


def targets(results):
    lines = []
    for run in results:
        if isinstance(run.get("throughput"), list):
            missed = [t for t in run["throughput"] if t["ratio"] < 0.5]
            verdict = (
                "met by every page"
                if not missed
                else "missed by " + ", ".join(f"{t['page']} ({t['ratio']})" for t in missed)
            )
            lines.append(f"Every page ≥ 0.5 of the floor's throughput at {run['size']:,}: {verdict}.")
    by_size = {run["size"]: run for run in results}
    if 1000 in by_size and 100000 in by_size:

        def dashboard(run):
            return next(p for p in run["in_process"] if p["page"] == "Dashboard")

        small, large = dashboard(by_size[1000]), dashboard(by_size[100000])
        ratio = large["p50_ms"] / small["p50_ms"]
        relative = (large["p50_ms"] / large["floor_p50_ms"]) / (small["p50_ms"] / small["floor_p50_ms"])
        verdict = "met" if ratio <= 1.5 else f"missed by {ratio / 1.5:.2f}×"
        lines.append(
            f"Dashboard at 100,000 within 1.5× of its time at 1,000: {large['p50_ms']} / {small['p50_ms']} ms"
            f" = {ratio:.2f}× ({relative:.2f}× against the floor measured beside it) — {verdict}."
        )
    for run in results:
        d = run["download"]
        verdict = "met" if d["ratio_download"] <= 2 else f"missed by {d['ratio_download'] / 2:.1f}×"
        lines.append(
            f"Unchanged agreement download within 2× a static file of the same size at {run['size']:,}: "
            f"{d['download_p50_ms']} ms ("
            + ("one GET of the stored file" if d.get("one_get") else f"POST {d['post_p50_ms']} + stored file")
            + f" {d['stored_file_p50_ms']}) "
            f"against {d['static_p50_ms']} ms = {d['ratio_download']}× — {verdict}; the stored file "
            f"alone {d['ratio_stored_file']}×."
        )
        s = run["simultaneous"]
        verdict = "met" if s["renders"] == 1 else "missed"
        lines.append(
            f"Eight simultaneous downloads right after a change at {run['size']:,}: {s['renders']} render(s),"
            f" {s['render_tasks_asked']} render task(s) asked for — {verdict}."
        )
    return lines


def write_report(data):
    m = data["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Run on {data['date']} with `bench/run_bench.py {' '.join(data['argv'])}` (issue 17). Generated;",
        'the notes under "Reading the numbers" are written by hand after the run.',
        "",
        "## Machine and load",
        "",
        f"- CPU: {m['cpu']} ({m['cores']} cores), memory {m['memory']}",
        f"- {m['os']}, Python {m['python']}, PostgreSQL {m['postgresql']}",
        "- Shared with other work: the load averages below say how much.",
        f"- Load average (1, 5, 15 min) before the run: {data['load_before']}; after: {data['load_after']}.",
        "",
        "| size | organisations | collaborations | parties | answers | load before | load after |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in data["results"]:
        c = run["counts"]
        lines.append(
            f"| {run['size']:,} | {c['organisations']} | {c['collaborations']} | {c['parties']} |"
            f" {c['answers']} | {run['load_before']} | {run['load_after']} |"
        )
    lines += [
        "",
        "## Throughput as a share of the floor's",
        "",
        "gunicorn, two sync workers, on 127.0.0.1; `wrk -t1 -c4` for "
        f"{data['seconds']} s per round, {data['rounds']} rounds per page, each round of the page beside a"
        " round of the floor page (`/matt/golv/`: the whole middleware stack, 20 collaborations in one"
        " query, a small template on the base layout), logged in as the benchmark user (an organisation"
        " admin whose organisation leads one collaboration in ten). Ratio = the page's requests over the"
        " floor's in the same rounds.",
        "",
    ]
    names = [p["page"] for p in data["results"][0]["in_process"]]
    header = "| page | " + " | ".join(f"{run['size']:,}" for run in data["results"]) + " |"
    lines += [header, "|---|" + "---|" * len(data["results"])]
    for name in names:
        cells = []
        for run in data["results"]:
            t = (
                next((t for t in run["throughput"] if t["page"] == name), None)
                if isinstance(run["throughput"], list)
                else None
            )
            cells.append(f"**{t['ratio']}** ({t['rps']} / {t['floor_rps']} req/s)" if t else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Server time per page (in process)",
        "",
        f"Django's test client, the whole middleware stack, {IN_PROCESS_REQUESTS} requests per page after a"
        " warm-up, each followed by one of the floor page. p50 in ms (p95), the floor's p50 beside it, and"
        " the queries of one request.",
        "",
        "| page | " + " | ".join(f"{run['size']:,}" for run in data["results"]) + " | queries |",
        "|---|" + "---|" * (len(data["results"]) + 1),
    ]
    for name in names:
        cells, queries = [], set()
        for run in data["results"]:
            p = next(p for p in run["in_process"] if p["page"] == name)
            cells.append(f"{p['p50_ms']} ({p['p95_ms']}); floor {p['floor_p50_ms']}")
            queries.add(p["queries"])
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {', '.join(map(str, sorted(queries)))} |")
    lines += [
        "",
        "## The agreement download",
        "",
        f"{DOWNLOAD_REQUESTS} downloads of the unchanged agreement, one at a time, each after a GET of a"
        " static file of the same size from the same server (whitenoise). A download is what the button"
        " does: the POST (finds the stored PDF of the current text: the agreement's stamp says whether"
        " anything it reads has changed, so it is not built again) and the GET"
        " of the stored file it redirects to. Then a change (the goal saved), and eight downloads at the"
        " same moment with one task worker (`manage.py db_worker`) running.",
        "",
        "| size | PDF | static file p50 | POST p50 | stored file p50 | download p50 | ratio |"
        " 8 at once: renders | render tasks asked | served at once / told to wait | rendered after |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in data["results"]:
        d, s = run["download"], run["simultaneous"]
        lines.append(
            f"| {run['size']:,} | {d['pdf_bytes'] // 1024} KiB | {d['static_p50_ms']} ms |"
            f" {d['post_p50_ms']} ms | {d['stored_file_p50_ms']} ms | {d['download_p50_ms']} ms |"
            f" {d['ratio_download']}× |"
            f" **{s['renders']}** | {s['render_tasks_asked']} | {s['served_at_once']} / {s['told_to_wait']} |"
            f" {s['rendered_after_s']} s |"
        )
    lines += ["", "## Targets", ""]
    lines += [f"- {line}" for line in targets(data["results"])]
    lines += ["", "## Reading the numbers", "", "(written by hand after the run)", "", MARK_END, ""]
    path = ROOT / "bench" / "RESULTS.md"
    old = path.read_text() if path.exists() else ""
    kept = old.split(MARK_END, 1)[1] if MARK_END in old else ""
    path.write_text("\n".join(lines) + kept.lstrip("\n"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true", help="reuse the seeded databases that exist")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seconds", type=int, default=3, help="seconds per wrk round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per page, each beside the floor")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        measure(arguments.measure, arguments.out, arguments.seconds, arguments.rounds)
        return
    load_before = load_average()
    results = []
    for size in arguments.sizes:
        env = gunicorn_env(size)
        if not (arguments.reuse and database_exists(size)):
            seed(size)
        manage("migrate", "--noinput", "-v0", env=env)
        analyze(size)
        manage("collectstatic", "--noinput", "-v0", env=env)
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--measure",
                    str(size),
                    "--out",
                    out.name,
                    "--seconds",
                    str(arguments.seconds),
                    "--rounds",
                    str(arguments.rounds),
                ],
                cwd=ROOT,
                env=env,
                check=True,
                timeout=3600,
            )
            results.append(json.loads(Path(out.name).read_text()))
        print(json.dumps(results[-1], indent=2, ensure_ascii=False), flush=True)
    data = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "argv": sys.argv[1:],
        "machine": machine(),
        "load_before": load_before,
        "load_after": load_average(),
        "seconds": arguments.seconds,
        "rounds": arguments.rounds,
        "results": results,
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
    write_report(data)


if __name__ == "__main__":
    main()
