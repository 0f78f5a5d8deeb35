"""Benchmark of the agreement PDF (issue 5). Not a test: it measures and prints Markdown for bench/README.md.

    .venv/bin/python bench/agreement.py              # a fresh SQLite database in a temporary folder
    .venv/bin/python bench/agreement.py --repeat 20

It seeds the demo (`seed_demo`, then `seed_demo_agreement`: every step filled in, a final draft), then
measures in this process:
- the first render of the demo agreement (a cold process: WeasyPrint loads, parses its stylesheets,
  loads the fonts), through `agreements.services.agreement_pdf`;
- repeated renders of the same document (`rendering.html_to_pdf` alone, and the whole service with the
  stored file thrown away each time), with the PDF's pages and size;
- serving the unchanged agreement through the download view (Django's test client, the whole
  middleware stack, as Anna), which reads the stored PDF and does not render.

The renders after the first reuse this thread's font configuration (`rendering.font_config`), as a
server process does. On a machine shared with other work, compare the min columns and use more
repeats (`--repeat 30`): the p50 moves with the other processes' load, printed under Machine.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(database: Path):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    # Production (DEBUG off) keeps compiled templates in memory; development reads them for every
    # render. Measure as production runs, without needing its secrets and collected static files.
    engine = settings.TEMPLATES[0]
    engine["APP_DIRS"] = False
    engine["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
        )
    ]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("seed_demo_agreement", stdout=open(os.devnull, "w"))  # noqa: SIM115


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{_ms(statistics.median(ordered))} | {_ms(p95)} | {_ms(min(ordered))}"


def _machine() -> list[str]:
    def run(command):
        try:
            return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    cpu = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            "?",
        )
    memory = next((line for line in run(["free", "-h"]).splitlines() if line.startswith("Mem:")), "?")
    import weasyprint

    return [
        f"- `nproc`: {run(['nproc'])}",
        f"- CPU: {cpu}",
        f"- `free -h`: `{' '.join(memory.split())}`",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
        f"SQLite {_sqlite_version()}",
    ]


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="repeated renders (default 10)")
    parser.add_argument("--serve", type=int, default=50, help="downloads of the unchanged PDF (default 50)")
    options = parser.parse_args()

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="agreement-bench-") as folder:
        _setup(Path(folder) / "bench.sqlite3")

        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        from accounts.models import User
        from agreements import rendering, services
        from agreements.models import AgreementVersion
        from checklist.rules import checklist_status
        from collaborations.models import Collaboration

        demo = Collaboration.objects.select_related("lead_organisation").get(
            title="Trygg och trivsam Norrbacka"
        )

        def render_through_service():
            AgreementVersion.objects.filter(collaboration=demo).update(pdf=None, pdf_source_hash="")
            started = time.perf_counter()
            document = services.agreement_pdf(
                collaboration=demo, checklist=checklist_status(demo), requested_by=None
            )
            return time.perf_counter() - started, document

        first, document = render_through_service()
        version = AgreementVersion.objects.get(pk=document.version.pk)
        assert version.is_final, "the demo agreement should be a final draft"

        draft = services.current_draft(demo, checklist=checklist_status(demo))
        html = rendering.render_document(draft.agreement, content_html=draft.content_html, version=version)
        renders = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            rendering.html_to_pdf(html)
            renders.append(time.perf_counter() - started)
        services_runs = [render_through_service()[0] for _ in range(options.repeat)]

        anna = User.objects.get(email="anna@asbyhem.example")
        client = Client()
        client.force_login(anna)
        # The download is a POST that sends the browser on to the stored version; serving is that GET.
        url = client.post(reverse("agreement_download", args=[demo.pk]))["Location"]
        assert client.get(url).status_code == 200  # warm-up; the PDF stored above is served
        served = []
        for _ in range(options.serve):
            started = time.perf_counter()
            response = client.get(url)
            served.append(time.perf_counter() - started)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries)
        preview = []
        preview_url = reverse("agreement_preview", args=[demo.pk])
        client.get(preview_url)
        for _ in range(options.serve):
            started = time.perf_counter()
            assert client.get(preview_url).status_code == 200
            preview.append(time.perf_counter() - started)
        rendered_after = AgreementVersion.objects.get(pk=version.pk).rendered_at

    load_after = os.getloadavg()
    print("## Machine\n")
    print("\n".join(_machine()))
    # Other processes on the same cores slow every timing; the minimum suffers least from them.
    print(
        f"- Load average (1 min) before the run {load_before[0]:.2f}, after it {load_after[0]:.2f} "
        f"(nproc {os.cpu_count()})"
    )
    print("\n## The demo agreement\n")
    print(
        f"Final draft, {version.page_count} pages, {len(document.pdf) / 1024:.0f} KiB, PDF/UA-1 (tagged), "
        f"fonts embedded as subsets."
    )
    print("\n| what | p50 (ms) | p95 (ms) | min (ms) |")
    print("|---|---|---|---|")
    print(f"| first render in a fresh process (service: data, HTML, PDF, store) | {_ms(first)} | – | – |")
    print(f"| render again, WeasyPrint only (`html_to_pdf`), {options.repeat}× | {_summary(renders)} |")
    print(
        f"| render again through the service, stored file dropped, {options.repeat}× "
        f"| {_summary(services_runs)} |"
    )
    print(
        f"| serve the unchanged PDF through the download view, {options.serve}× "
        f"({query_count} queries, no render) | {_summary(served)} |"
    )
    print(f"| the preview page (HTML), {options.serve}× | {_summary(preview)} |")
    print(
        f"\nThe stored PDF was last rendered at {rendered_after:%H:%M:%S}, before the downloads were timed."
    )


if __name__ == "__main__":
    main()
