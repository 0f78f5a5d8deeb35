"""The server time of the dashboard and the collaboration pages in process, beside the floor page
(issue 17): for measuring one change quickly, before and after, without run_bench.py's throughput
rounds. Not a test; prints a Markdown table.

    .venv/bin/python bench/pages.py --database samverkan_dash_10000
    .venv/bin/python bench/pages.py --database samverkan_dash_10000 --pages dashboard search --profile search

The database is one seeded by `manage.py seed_large` (as run_bench.py seeds it) and VACUUM ANALYZEd. Each
page: a warm-up, then --requests requests, each followed by one of the floor page (/matt/golv/),
p50 and p95 in ms, the floor's p50 beside it, and the queries of one request (Django's test client,
the whole middleware stack, DEBUG off, templates cached). Reads only: the collaboration the pages
show is the benchmark user's middle led one, as in run_bench.py, but nothing is written.
With --profile PAGE, cProfile's top functions (cumulative, or PROFILE_SORT) of --requests requests of
that page; with --queries PAGE, the median time of each of its queries.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(database):
    os.environ.update(
        {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            # Reading the agreement page must not queue render tasks (nothing is written).
            "AGREEMENT_RENDER_AHEAD": "false",
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pages_of(collaboration):
    from django.urls import reverse

    pk = collaboration.pk
    return {
        "dashboard": ("Dashboard", reverse("dashboard")),
        "search": ("Dashboard, search", reverse("dashboard") + "?q=omr%C3%A5de+42"),
        "page2": ("Dashboard, page 2", reverse("dashboard") + "?page=2"),
        "overview": ("Collaboration (overview)", reverse("collaboration_detail", args=[pk])),
        "problem": ("Problem description", reverse("problem_detail", args=[pk])),
        "step8": ("Step 8: roles", reverse("step_detail", args=[pk, 8])),
        "agreement": ("Agreement page", reverse("agreement_preview", args=[pk])),
    }


def timed(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def print_query_times(client, url, requests):
    """The median time of each query of `url` (the same queries in the same order on every request),
    with its length and number of parameters."""
    from django.db import connection

    timed(client, url)
    runs = []
    for _ in range(requests):
        run = []

        def clock(execute, sql, params, *args, run=run):
            started = time.perf_counter()
            try:
                return execute(sql, params, *args)
            finally:
                run.append((sql, len(params or ()), (time.perf_counter() - started) * 1000))

        with connection.execute_wrapper(clock):
            client.get(url)
        runs.append(run)
    for index, (sql, params, _ms) in enumerate(runs[-1]):
        median = statistics.median(run[index][2] for run in runs)
        print(f"{median:6.2f} ms  [{len(sql)} chars, {params} parameters] {sql[:90]}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True)
    parser.add_argument(
        "--pages", nargs="*", default=["dashboard", "search", "overview", "problem", "step8", "agreement"]
    )
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", default="")
    parser.add_argument("--queries", default="", help="the median time of each query of this page")
    options = parser.parse_args()
    setup(options.database)

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from collaborations.management.commands.seed_large import BENCH_USER
    from collaborations.models import Collaboration, Membership

    membership = Membership.objects.select_related("user", "organisation").get(user__email=BENCH_USER)
    led = Collaboration.objects.filter(lead_organisation=membership.organisation).order_by("pk")
    collaboration = led[led.count() // 2]
    client = Client()
    client.force_login(membership.user)
    floor_url = reverse("floor")
    pages = pages_of(collaboration)
    pages["floor"] = ("Floor page", floor_url)

    if options.queries:
        print_query_times(client, pages[options.queries][1], options.requests)
        return

    if options.profile:
        _name, url = pages[options.profile]
        timed(client, url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(options.requests):
            client.get(url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(45)
        return

    print(f"Load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print("| page | p50 ms (p95) | floor p50 ms | ratio of p50s | queries |")
    print("|---|---|---|---|---|")
    for key in options.pages:
        name, url = pages[key]
        timed(client, url)
        timed(client, floor_url)
        queries = []

        def count(execute, sql, *args, seen=queries):
            seen.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(url)
        page_ms, floor_ms = [], []
        for _ in range(options.requests):
            floor_ms.append(timed(client, floor_url))
            page_ms.append(timed(client, url))
        p50, floor_p50 = statistics.median(page_ms), statistics.median(floor_ms)
        p95 = sorted(page_ms)[round(0.95 * (len(page_ms) - 1))]
        ratio = floor_p50 / p50
        print(f"| {name} | {p50:.1f} ({p95:.1f}) | {floor_p50:.1f} | {ratio:.2f} | {len(queries)} |")
    print(f"Load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


if __name__ == "__main__":
    main()
