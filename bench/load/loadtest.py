"""A small, bounded load generator: virtual users in threads, standard library only.

Staff browse the dashboard, the collaboration, its data pages and the checklist steps; partners read
the problem description and answer on the confirmation page (GET the form, POST an answer, read the
thanks page). Every response is checked: the expected status (and for the answer, a redirect to the
thanks page, not to the login page); anything else, or a network error, is a failure.

New requests stop at --duration seconds (at most 55) or after --max-requests requests, whichever
comes first; a request still running then may take the rest of the minute, so a run ends within
60 s. Talks only to the --base address, which must be on 127.0.0.1.

Why not locust: it pulls in 30 packages (gevent, pyzmq, Flask, ...) that the project would have to pin;
threads and http.client measure the same thing here.
"""

import argparse
import http.client
import json
import random
import re
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

STEPS_WITH_OWN_PAGE = range(8, 16)  # 1-7 are the data pages below; 16 leads to the agreement
DATA_PAGES = ["", "problem/", "boende/", "parter/", "forankring/", "mal/", "modell/", "bekraftelser/"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Results:
    started: float = field(default_factory=time.monotonic)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, label, seconds, error=None):
        with self.lock:
            self.latencies.setdefault(label, []).append(seconds)
            if error:
                self.failures.append(f"{label}: {error}")


class Stop(Exception):
    pass


class VirtualUser:
    """One signed-in browser: its own keep-alive connection and cookies.

    Like a browser, it opens a new connection when the kept one has been idle longer than the server
    keeps it (gunicorn: 2 s), and sends a request again, once, when a kept connection turns out to be
    closed before any answer came. A fresh connection that fails is a failure."""

    IDLE_LIMIT = 1.5  # seconds; below gunicorn's keep-alive timeout

    def __init__(self, base, session, results, budget, timeout):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {"sessionid": session}
        self.results, self.budget = results, budget
        self.connection = None
        self.last_used = 0.0
        self.timeout = timeout

    def _close(self):
        if self.connection is not None:
            self.connection.close()
        self.connection = None

    def _exchange(self, method, path, body, headers):
        reused = self.connection is not None and time.monotonic() - self.last_used < self.IDLE_LIMIT
        if not reused:
            self._close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            if not reused:
                raise
            self._close()  # the server had closed the kept connection: send again on a new one
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        self.last_used = time.monotonic()
        if response.headers.get("Connection", "").lower() == "close":
            self._close()
        return response, text

    def request(self, label, method, path, form=None, expect=200, location=None):
        """One request; returns the body. Raises Stop when the run is over."""
        if not self.budget.take():
            raise Stop
        headers = {
            "Host": f"{self.host}:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{self.host}:{self.port}"
        start = time.monotonic()
        error = None
        text = ""
        try:
            response, text = self._exchange(method, path, body, headers)
            # Cookies are kept whatever their Secure flag: this is plain HTTP on loopback.
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            if response.status != expect:
                error = f"{method} {path}: {response.status}, expected {expect}"
            elif location and not response.headers.get("Location", "").endswith(location):
                error = f"{method} {path}: redirected to {response.headers.get('Location')}"
        except (OSError, http.client.HTTPException) as exception:
            error = f"{method} {path}: {type(exception).__name__}: {exception}"
            self._close()
        self.results.record(label, time.monotonic() - start, error)
        return text


class Budget:
    """Stops the run after a number of requests or at a deadline."""

    def __init__(self, max_requests, deadline):
        self.left, self.deadline = max_requests, deadline
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0 or time.monotonic() >= self.deadline:
                return False
            self.left -= 1
            return True


def browse(user: VirtualUser, collaboration: int, think):
    base = f"/samverkan/{collaboration}/"
    while True:
        user.request("dashboard", "GET", "/")
        think()
        page = random.choice(DATA_PAGES)
        user.request(f"collaboration/{page or 'overview'}", "GET", base + page)
        think()
        user.request("collaboration/step", "GET", f"{base}steg/{random.choice(STEPS_WITH_OWN_PAGE)}/")
        think()


def answer(user: VirtualUser, collaboration: int, party: int, think):
    base = f"/samverkan/{collaboration}/"
    answer_path = f"{base}svar/{party}/"
    while True:
        user.request("partner/problem", "GET", base + "problem/")
        think()
        page = user.request("partner/answer form", "GET", answer_path)
        token, version = CSRF.search(page), VERSION.search(page)
        if token and version:
            choice = random.choice(["agree", "agree", "changes"])
            form = {"csrfmiddlewaretoken": token[1], "version": version[1], "answer": choice}
            if choice == "changes":
                form["comment"] = "Lasttest: nämn även belysningen vid skolan."
            think()
            user.request(
                "partner/answer POST",
                "POST",
                answer_path,
                form=form,
                expect=302,
                location=f"{answer_path}tack/",
            )
            user.request("partner/thanks", "GET", f"{answer_path}tack/")
        think()
        user.request("partner/overview", "GET", base)
        think()


def run(user, scenario):
    try:
        scenario(user)
    except Stop:
        pass
    except Exception as exception:  # a bug in this script must not pass for a clean run
        user.results.record("client", 0.0, f"{type(exception).__name__}: {exception}")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(results: Results, elapsed: float) -> dict:
    every = [value for values in results.latencies.values() for value in values]
    endpoints = {
        label: {
            "requests": len(values),
            "p50_ms": round(percentile(values, 0.50) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        }
        for label, values in sorted(results.latencies.items())
    }
    return {
        "requests": len(every),
        "failures": len(results.failures),
        "seconds": round(elapsed, 1),
        "rps": round(len(every) / elapsed, 1) if elapsed else 0,
        "p50_ms": round(percentile(every, 0.50) * 1000, 1) if every else None,
        "p95_ms": round(percentile(every, 0.95) * 1000, 1) if every else None,
        "p99_ms": round(percentile(every, 0.99) * 1000, 1) if every else None,
        "max_ms": round(max(every) * 1000, 1) if every else None,
        "mean_ms": round(statistics.fmean(every) * 1000, 1) if every else None,
        "endpoints": endpoints,
        "first_failures": results.failures[:20],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--world", required=True, help="JSON written by seed_load.py")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=45)
    parser.add_argument("--max-requests", type=int, default=30000)
    parser.add_argument("--think", type=float, default=0.3, help="mean pause between a user's requests (s)")
    parser.add_argument("--report", help="write the summary as JSON here")
    arguments = parser.parse_args()
    if urlsplit(arguments.base).hostname != "127.0.0.1":
        parser.error("the load test only talks to 127.0.0.1")
    if not 0 < arguments.duration <= 55:
        parser.error("--duration must be between 0 and 55 seconds")
    # A request still running at the deadline may take this long: the whole run stays within 60 s.
    timeout = 60 - arguments.duration

    with open(arguments.world) as file:
        world = json.load(file)
    results = Results()
    budget = Budget(arguments.max_requests, time.monotonic() + arguments.duration)

    def think():
        time.sleep(random.uniform(0, 2 * arguments.think))

    threads = []
    staff, partners = world["staff"], world["partners"]
    for number in range(arguments.users):
        if number % 2 == 0 and staff:
            user = VirtualUser(arguments.base, staff[(number // 2) % len(staff)], results, budget, timeout)
            scenario = lambda user=user: browse(user, world["collaboration"], think)  # noqa: E731
        else:
            partner = partners[(number // 2) % len(partners)]
            user = VirtualUser(arguments.base, partner["session"], results, budget, timeout)
            scenario = lambda user=user, party=partner["party"]: answer(  # noqa: E731
                user, world["collaboration"], party, think
            )
        threads.append(threading.Thread(target=run, args=(user, scenario), daemon=True))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, started + 60.5 - time.monotonic()))
    report = summary(results, time.monotonic() - started)
    report.update(users=arguments.users, think_mean_s=arguments.think, max_requests=arguments.max_requests)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if arguments.report:
        with open(arguments.report, "w") as file:
            file.write(text + "\n")
    return 1 if report["failures"] or not report["requests"] else 0


if __name__ == "__main__":
    sys.exit(main())
