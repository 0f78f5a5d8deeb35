"""The agreement page and the unchanged agreement's download, in process (issue 17). Not a test: it
measures and prints.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_bench_1000 \
        .venv/bin/python bench/agreement_speed.py [--requests 30]

On a database seeded by `manage.py seed_large` (bench/run_bench.py's `prepare` picks the benchmark
user's collaboration and makes its PDF once). With Django's test client (the whole middleware stack,
DEBUG off, templates cached), after a warm-up, alternating request by request:

- the agreement page beside the floor page (`/matt/golv/`), and step 8 (another page of a
  collaboration, with the same layout and checklist navigation) for scale;
- the download as the button does it (the GET of the stored file when the page links to it, else the
  POST, then the GET of the stored file it redirects to) beside a static file of the same size served
  by whitenoise from the same stack.

Prints the p50 (and p95) in ms and the queries of one request of each. The full benchmark, under
gunicorn, is bench/run_bench.py; this is the quick in-process part for one page, to compare commits.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_NAME = "bench-agreement-same-size.pdf"


def _timed(client, method, url, timings, expect):
    started = time.perf_counter()
    response = getattr(client, method)(url)
    timings.append((time.perf_counter() - started) * 1000)
    assert response.status_code == expect, (url, response.status_code)
    return response


def _queries(client, method, url):
    from django.db import connection

    seen = []

    def count(execute, sql, *args):
        seen.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        response = getattr(client, method)(url)
    return len(seen), response


def _summary(timings):
    ordered = sorted(timings)
    p95 = ordered[int(round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):.1f} ms (p95 {p95:.1f})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    arguments = parser.parse_args()
    os.environ.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            "AGREEMENT_RENDER_AHEAD": "false",
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import reverse
    from run_bench import load_average, prepare

    from agreements.models import AgreementVersion

    call_command("collectstatic", "--noinput", verbosity=0)
    _user, collaboration, client = prepare()
    pdf = bytes(AgreementVersion.objects.filter(collaboration=collaboration).order_by("-number").first().pdf)
    static_copy = Path(settings.STATIC_ROOT) / STATIC_NAME
    static_copy.write_bytes(pdf)  # before the first request: whitenoise lists the files when it starts
    try:
        floor = reverse("floor")
        page = reverse("agreement_preview", args=[collaboration.pk])
        post = reverse("agreement_download", args=[collaboration.pk])
        static = settings.STATIC_URL + STATIC_NAME
        print(f"load average before: {load_average()}")
        for url in (floor, page, static):
            client.get(url)
        stored = client.post(post)["Location"]
        assert "/version/" in stored, stored
        client.get(stored)

        page_queries, _ = _queries(client, "get", page)
        post_queries, _ = _queries(client, "post", post)
        file_queries, _ = _queries(client, "get", stored)
        step8 = reverse("step_detail", args=[collaboration.pk, 8])
        client.get(step8)
        floor_ms, page_ms, step8_ms, static_ms, post_ms, file_ms, whole_ms = [], [], [], [], [], [], []
        for _ in range(arguments.requests):
            _timed(client, "get", floor, floor_ms, 200)
            _timed(client, "get", page, page_ms, 200)
            _timed(client, "get", step8, step8_ms, 200)
        # The page's button: a GET of the stored file once a download found it current, else the POST.
        link = re.search(r'<form method="get" action="([^"]*/pdf/)"', client.get(page).content.decode())
        for _ in range(arguments.requests):
            _timed(client, "get", static, static_ms, 200)
            if link:
                post_ms.append(0.0)
            else:
                response = _timed(client, "post", post, post_ms, 302)
                assert response["Location"] == stored, response["Location"]
            _timed(client, "get", link.group(1) if link else stored, file_ms, 200)
            whole_ms.append(post_ms[-1] + file_ms[-1])
        floor_p50, page_p50 = statistics.median(floor_ms), statistics.median(page_ms)
        static_p50, whole_p50 = statistics.median(static_ms), statistics.median(whole_ms)
        print(f"PDF: {len(pdf) // 1024} KiB; {arguments.requests} requests each after a warm-up")
        print(f"floor page:        {_summary(floor_ms)}")
        print(
            f"agreement page:    {_summary(page_ms)}, {page_queries} queries; "
            f"{page_p50 / floor_p50:.2f}× the floor's time"
        )
        step8_p50 = statistics.median(step8_ms)
        print(f"step 8 (for scale): {_summary(step8_ms)}; {step8_p50 / floor_p50:.2f}× the floor's time")
        print(f"static file:       {_summary(static_ms)}")
        print("page's button:     " + ("a GET of the stored file" if link else "the POST, then the file"))
        print(f"download POST:     {_summary(post_ms)}, {post_queries} queries")
        print(f"stored file GET:   {_summary(file_ms)}, {file_queries} queries")
        ratio = whole_p50 / static_p50
        print(f"download (both):   {_summary(whole_ms)}; {ratio:.2f}× the static file's time")
        print(f"load average after: {load_average()}")
    finally:
        static_copy.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
