"""Benchmark of the word comparison (issue 11, item 5). Not a test: it measures and prints Markdown for
bench/RESULTS.md.

    .venv/bin/python bench/diff.py                 # a fresh SQLite database in a temporary folder
    .venv/bin/python bench/diff.py --repeat 10 --limit 120

It seeds the demo (as bench/agreement.py does) and compares texts at the forms' largest size (the
problem description and its evidence, 20,000 characters each: ProblemDescriptionForm) in four ways:
one changed word, a changed word every 50 words (scattered), rewritten (other sentences made of the
same words) and completely different (numbered words, none in common). The other texts are Swedish
sentences taken from the translations (locale/sv), so the words repeat as in real prose. A fifth,
made-up case is built to cost the most the comparison allows: paragraphs with a shared
heading each, every body completely different and as long as a piece SequenceMatcher is still given.

Measured, each `--repeat` times:
- the function alone: ProblemDescription.diff_from (text and evidence) and the agreement's
  text_changes (its changed places, rendered as HTML);
- the whole page through Django's test client, as Anna (lead staff): the problem description's
  "compare versions" page and the agreement's "Jämför versioner" page, the agreement's text holding
  the problem description and its evidence at their largest.

A case still running after `--limit` seconds is reported as taking longer (for runs of older code).
"""

import argparse
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from agreement import ROOT, _machine, _ms, _setup, _summary

SIZE = 20_000


class TooLong(Exception):
    pass


def _timed(function, *, repeat, limit):
    """The wall and CPU times of `repeat` calls of `function`, or None when one call took longer than
    `limit`. The CPU time of this process is what the code costs; the wall time adds the waits for the
    cores that other processes use."""

    def stop(signum, frame):
        raise TooLong

    signal.signal(signal.SIGALRM, stop)
    wall, cpu = [], []
    try:
        for _ in range(repeat):
            signal.alarm(limit)
            started, started_cpu = time.perf_counter(), time.process_time()
            function()
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            signal.alarm(0)
    except TooLong:
        return None
    return wall, cpu


def _texts():
    """{case: ((old text, old evidence), (new text, new evidence))}, SIZE characters each."""
    po = (ROOT / "locale/sv/LC_MESSAGES/django.po").read_text()
    sentences = re.findall(r'msgstr "(.{30,})"', po)

    def prose(seed):
        rng = random.Random(seed)
        paragraphs = []
        while sum(len(p) + 4 for p in paragraphs) < SIZE:
            paragraphs.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6))))
        return "\r\n\r\n".join(paragraphs)[:SIZE]

    def every_50th_word(text):
        words = text.split(" ")
        return " ".join("ÄNDRAT" if n % 50 == 25 else word for n, word in enumerate(words))

    def one_word(text):
        at = text.index(" ", SIZE // 2)
        return text[: at + 1] + "ÄNDRAT " + text[at + 1 :]

    def unrelated(prefix):
        words = [f"{prefix}{n}" + ("\r\n\r\n" if n % 60 == 59 else " ") for n in range(SIZE // 4)]
        return "".join(words)[:SIZE]

    text, evidence = prose(1), prose(2)
    return {
        "one changed word": ((text, evidence), (one_word(text), evidence)),
        "a word in 50 changed (scattered)": (
            (text, evidence),
            (every_50th_word(text), every_50th_word(evidence)),
        ),
        "rewritten (other sentences)": ((text, evidence), (prose(3), prose(4))),
        "completely different (no word in common)": (
            (unrelated("ord"), unrelated("belägg")),
            (unrelated("term"), unrelated("underlag")),
        ),
    }


def _worst_case():
    """Paragraphs under headings found in both texts, each body completely different and about as long
    as a piece SequenceMatcher is still given (collaborations.diff.SMALL_PIECES): the most work the
    comparison allows, spent where SequenceMatcher is slowest."""
    from collaborations import diff

    # A word and a space are two items. Code from before the bound has no SMALL_PIECES: its size then.
    words = int(getattr(diff, "SMALL_PIECES", 10_000) ** 0.5) // 2
    old, new, n = [], [], 0
    while sum(map(len, old)) < SIZE:
        old.append(f"Avsnitt {n}\r\n" + " ".join(f"gammal{n}x{k}" for k in range(words)) + "\r\n")
        new.append(f"Avsnitt {n}\r\n" + " ".join(f"ny{n}x{k}" for k in range(words)) + "\r\n")
        n += 1
    return "".join(old)[:SIZE], "".join(new)[:SIZE]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each case (default 5)")
    parser.add_argument(
        "--limit", type=int, default=60, help="seconds before a case is given up (default 60)"
    )
    options = parser.parse_args()

    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory(prefix="diff-bench-") as folder:
        _setup(Path(folder) / "bench.sqlite3")

        from django.db.models import Max
        from django.test import Client
        from django.urls import reverse

        from accounts.models import User
        from agreements import services
        from agreements.comparison import text_changes
        from agreements.models import AgreementVersion
        from checklist.rules import checklist_status
        from collaborations.models import Collaboration, ConfirmationRequest, ProblemDescription

        demo = Collaboration.objects.get(title="Trygg och trivsam Norrbacka")
        anna = User.objects.get(email="anna@asbyhem.example")
        client = Client()
        client.force_login(anna)
        # The version the agreement shows: the one sent for confirmation.
        shown = ConfirmationRequest.objects.for_problem().current().get(collaboration=demo).problem
        first_free = demo.problem_versions.aggregate(n=Max("version"))["n"] + 1

        def problem_version(number, text, evidence):
            return ProblemDescription.objects.create(
                collaboration=demo,
                version=number,
                text=text,
                evidence=evidence,
                focus_areas=shown.focus_areas,
            )

        def agreement_version(text, evidence):
            ProblemDescription.objects.filter(pk=shown.pk).update(text=text, evidence=evidence)
            draft = services.current_draft(demo, checklist=checklist_status(demo))
            return services.register_version(collaboration=demo, draft=draft, created_by=anna)

        def measure(what, function):
            samples = _timed(function, repeat=options.repeat, limit=options.limit)
            if samples is None:
                rows.append((what, f"more than {options.limit} s | – | – | –"))
            else:
                wall, cpu = samples
                rows.append((what, f"{_summary(wall)} | {_ms(statistics.median(cpu))}"))

        def measure_case(number, case, old, new):
            old_problem = problem_version(first_free + 2 * number, *old)
            new_problem = problem_version(first_free + 2 * number + 1, *new)
            old_agreement, new_agreement = agreement_version(*old), agreement_version(*new)
            problem_page = reverse("problem_compare", args=[demo.pk])
            problem_query = {"old": old_problem.version, "new": new_problem.version}
            agreement_page = reverse("agreement_compare", args=[demo.pk])
            agreement_query = {"old": old_agreement.number, "new": new_agreement.number}

            def get(url, query):
                assert client.get(url, query).status_code == 200

            measure(
                f"{case}: problem, `diff_from` (text and evidence)",
                lambda: new_problem.diff_from(old_problem),
            )
            measure(f"{case}: problem, compare page", lambda: get(problem_page, problem_query))
            measure(
                f"{case}: agreement, `text_changes`",
                lambda: text_changes(old_agreement.text, new_agreement.text),
            )
            measure(f"{case}: agreement, compare page", lambda: get(agreement_page, agreement_query))

        client.get(reverse("agreement_compare", args=[demo.pk]))  # templates compiled before the first timing
        worst_old, worst_new = _worst_case()
        cases = [*_texts().items(), ("made-up worst case", ((worst_old, ""), (worst_new, "")))]
        for number, (case, (old, new)) in enumerate(cases):
            measure_case(number, case, old, new)
        agreement_size = len(AgreementVersion.objects.filter(collaboration=demo).latest("number").text)

    load_after = os.getloadavg()
    print("## Machine\n")
    print("\n".join(_machine()))
    print(
        f"- Load average (1 min) before the run {load_before[0]:.2f}, after it {load_after[0]:.2f} "
        f"(nproc {os.cpu_count()})"
    )
    print(
        f"\nTexts of {SIZE:,} characters (problem description and evidence each); the agreement's text is "
        f"{agreement_size:,} characters. {options.repeat} runs of each.\n"
    )
    print("| case | p50 (ms) | p95 (ms) | min (ms) | CPU p50 (ms) |")
    print("|---|---|---|---|---|")
    for what, summary in rows:
        print(f"| {what} | {summary} |")


if __name__ == "__main__":
    sys.exit(main())
