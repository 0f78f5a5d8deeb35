"""The agreement's download under the benchmark's gunicorn (bench/run_bench.py): one request at a time
on a new connection, as a browser downloads it from the agreement page."""

import http.client
import os
import re
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

PORT = int(os.environ.get("BENCH_PORT", "8765"))  # another, for two runs at once
DOWNLOAD_REQUESTS = 30


def http_request(method, path, headers, body=None):
    """(status, location, body length, milliseconds) of one request on a new connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return (
        response.status,
        response.getheader("Location", ""),
        len(data),
        (time.perf_counter() - started) * 1000,
    )


def download(collaboration, cookie, csrf, link=None):
    """The agreement download as a browser does it: the GET of the stored file when the page links to
    it (`link`, its current version), else the POST and then the stored file it redirects to."""
    from django.urls import reverse

    if link:
        status, _location, size, get_ms = http_request("GET", link, {"Cookie": cookie})
        assert status == 200 and size > 1000, (status, size)
        return link, 0.0, get_ms
    headers = {"Cookie": cookie, "X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded"}
    status, location, _size, post_ms = http_request(
        "POST", reverse("agreement_download", args=[collaboration.pk]), headers, body=""
    )
    assert status == 302, status
    if "/version/" not in location:
        return location, post_ms, None
    status, _location, size, get_ms = http_request("GET", location, {"Cookie": cookie})
    assert status == 200 and size > 1000, (status, size)
    return location, post_ms, get_ms


def page_download_link(collaboration, cookie):
    """The stored file the agreement page's download button GETs, or None when it is the POST."""
    from django.urls import reverse

    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    connection.request(
        "GET", reverse("agreement_preview", args=[collaboration.pk]), headers={"Cookie": cookie}
    )
    html = connection.getresponse().read().decode()
    connection.close()
    # As the browser submits the GET form: its action with its hidden fields (the download grant).
    found = re.search(r'<form method="get" action="([^"]*/pdf/)"[^>]*>\s*(<input [^>]*>)?', html)
    if not found:
        return None
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', found.group(2) or ""))
    return found.group(1) + (f"?{urlencode(fields)}" if fields else "")


def measure_download(collaboration, cookie, csrf, pdf_size):
    """The unchanged agreement's download against a static file of the same size, alternating. As a
    reader does it: the page is open, its button downloads (each worker process keeps its own cache,
    so a download, then the page, until the page links to the stored file or both workers were seen)."""
    from django.conf import settings

    static_name = "bench-same-size.pdf"
    static_path = Path(settings.STATIC_ROOT) / static_name
    url = settings.STATIC_URL + static_name
    link = None
    for _ in range(4):
        download(collaboration, cookie, csrf)
        link = page_download_link(collaboration, cookie)
        if link:
            break
    static_ms, post_ms, file_ms, whole_ms = [], [], [], []
    for _ in range(DOWNLOAD_REQUESTS):
        status, _location, size, ms = http_request("GET", url, {"Cookie": cookie})
        assert status == 200 and size == pdf_size, (status, size, pdf_size, static_path)
        static_ms.append(ms)
        _location, post, get = download(collaboration, cookie, csrf, link)
        assert get is not None, "the unchanged agreement was not ready"
        post_ms.append(post)
        file_ms.append(get)
        whole_ms.append(post + get)
    static = statistics.median(static_ms)
    return {
        "pdf_bytes": pdf_size,
        "one_get": link is not None,
        "static_p50_ms": round(static, 1),
        "post_p50_ms": round(statistics.median(post_ms), 1),
        "stored_file_p50_ms": round(statistics.median(file_ms), 1),
        "download_p50_ms": round(statistics.median(whole_ms), 1),
        "ratio_download": round(statistics.median(whole_ms) / static, 2),
        "ratio_stored_file": round(statistics.median(file_ms) / static, 2),
    }
