#!/usr/bin/env python3
"""The course player under load: lesson pages for 20 learners at once, on the
release build over loopback (`make bench-learning`).

It registers BENCH_LEARNERS (20) new learners on portal `acme`, enrolls each
in the free demo course "Rust Fundamentals" with the course page's own form,
then every learner, on its own thread and connection, opens the course's
lessons in turn (GET /learn/rust-fundamentals/{lesson}, a full server render
with their progress, sidebar and signed media URLs) for BENCH_SECONDS (15).
Reports requests/s and p50/p95/p99 latency in ms; any answer other than 200
counts as a failure. The target (issue 13): p95 under 50 ms.

With BENCH_THINK_MS each learner waits that long between pages (a learner
reads before clicking Next); 0, the default, sends the next page as soon as
the last arrives (every learner clicking as fast as the server answers,
with the load generator on the same two cores).

Environment: BENCH_PORT (3300), BENCH_LEARNERS (20), BENCH_SECONDS (15),
BENCH_THINK_MS (0).
Standard library only: no client to install.
"""
import http.client
import os
import re
import statistics
import sys
import threading
import time
import urllib.parse
import uuid

PORT = int(os.environ.get("BENCH_PORT", "3300"))
LEARNERS = int(os.environ.get("BENCH_LEARNERS", "20"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
THINK = float(os.environ.get("BENCH_THINK_MS", "0")) / 1000
HOST = f"acme.localhost:{PORT}"
COURSE = "rust-fundamentals"


def request(conn, method, path, cookie=None, form=None):
    headers = {"Host": HOST, "Accept": "text/html"}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = f"http://{HOST}"
    if cookie:
        headers["Cookie"] = cookie
    conn.request(method, path, body=body, headers=headers)
    res = conn.getresponse()
    data = res.read()
    return res, data


def new_learner(conn):
    """Registers a learner and enrolls them; returns (cookie, lesson paths)."""
    email = f"bench-{uuid.uuid4().hex[:12]}@acme.test"
    res, _ = request(conn, "POST", "/fn/register", form={
        "display_name": "Bench Learner", "email": email, "password": "bench-password-1"})
    cookie = None
    for name, value in res.getheaders():
        if name.lower() == "set-cookie" and "session" in value:
            cookie = value.split(";", 1)[0]
    if not cookie:
        sys.exit(f"registration failed: {res.status}")
    _, page = request(conn, "GET", f"/courses/{COURSE}", cookie)
    course = re.search(rb'name="course" value="([0-9a-f-]{36})"', page)
    if not course:
        sys.exit("no enroll form on the course page")
    res, _ = request(conn, "POST", "/fn/learning/enroll", cookie, {"course": course.group(1).decode()})
    first = res.getheader("Location")
    if res.status not in (302, 303) or not first:
        sys.exit(f"enrolling failed: {res.status}")
    _, page = request(conn, "GET", first, cookie)
    lessons = sorted(set(re.findall(rf'href="(/learn/{COURSE}/[0-9a-f-]{{36}})"'.encode(), page)))
    return cookie, [l.decode() for l in lessons]


def main():
    setup = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    learners = [new_learner(setup) for _ in range(LEARNERS)]
    lessons = learners[0][1]
    if not lessons:
        sys.exit("the course has no lessons")
    times, failures = [], []
    lock = threading.Lock()
    stop = time.perf_counter() + SECONDS

    def learn(cookie):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        mine, bad, i = [], 0, 0
        while time.perf_counter() < stop:
            path = lessons[i % len(lessons)]
            i += 1
            started = time.perf_counter()
            res, _ = request(conn, "GET", path, cookie)
            mine.append((time.perf_counter() - started) * 1000)
            if res.status != 200:
                bad += 1
            if THINK:
                time.sleep(THINK)
        with lock:
            times.extend(mine)
            failures.append(bad)

    threads = [threading.Thread(target=learn, args=(c,)) for c, _ in learners]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"Lesson pages (GET /learn/{COURSE}/{{lesson}}, {len(lessons)} lessons), "
          f"{LEARNERS} learners at once for {SECONDS:.0f} s, {THINK * 1000:.0f} ms between pages, "
          "release build, loopback")
    print(f"  {len(times)} requests, {len(times) / elapsed:.0f} req/s   "
          f"p50 {pick(0.50):.2f} ms   p95 {pick(0.95):.2f} ms   p99 {pick(0.99):.2f} ms   "
          f"mean {statistics.mean(times):.2f} ms   failures {sum(failures)}")


if __name__ == "__main__":
    main()
