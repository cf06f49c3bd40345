#!/usr/bin/env python3
"""Reorder round trip: the time from sending a curriculum reorder to having
its answer, on the release build over loopback (`make bench-authoring`).

As the demo instructor of portal `acme` it builds a course with 4 modules of
5 lessons through the REST API, then sends SAMPLES reorders one after the
other (each moves one lesson to another module, against the version the
previous answer gave, as the editor does) and reports p50/p95/p99 in ms.
A 409 (stale) or any other refusal counts as a failure and is reported.

Environment: BENCH_PORT (3300), BENCH_SAMPLES (300).
Standard library only: no client to install.
"""
import json
import os
import statistics
import sys
import time
import urllib.request

PORT = int(os.environ.get("BENCH_PORT", "3300"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "300"))
BASE = f"http://127.0.0.1:{PORT}"


def call(method, path, host, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Host", host)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def main():
    portal = f"acme.localhost:{PORT}"
    status, answer = call("POST", "/api/v1/auth/login", f"localhost:{PORT}", body={
        "email": "ines@acme.test", "password": "lyceum-demo", "tenant": "acme"})
    if status != 200:
        sys.exit(f"login failed ({status}): {answer}")
    token = answer["token"]
    status, categories = call("GET", "/api/v1/categories", portal, token)
    course_body = {
        "title": f"Reorder bench {int(time.time())}",
        "description": "Made by scripts/bench-authoring.py.",
        "categories": [categories["items"][0]["id"]],
        "pricing": {"model": "free"},
        "metadata": {"duration": 0, "skillLevel": "beginner", "language": "en"},
    }
    status, course = call("POST", "/api/v1/courses", portal, token, course_body)
    if status != 201:
        sys.exit(f"course not created ({status}): {course}")
    base = f"/api/v1/courses/{course['id']}"
    for m in range(4):
        status, _ = call("POST", f"{base}/modules", portal, token, {"title": f"Module {m + 1}"})
        assert status == 201, status
    status, curriculum = call("GET", f"{base}/curriculum", portal, token)
    for module in curriculum["modules"]:
        for l in range(5):
            status, _ = call("POST", f"{base}/modules/{module['id']}/lessons", portal, token,
                             {"title": f"Lesson {l + 1}", "kind": "text"})
            assert status == 201, status
    status, curriculum = call("GET", f"{base}/curriculum", portal, token)
    order = [(m["id"], [l["id"] for l in m["lessons"]]) for m in curriculum["modules"]]
    version = curriculum["version"]
    times, failures = [], 0
    for i in range(SAMPLES):
        # The first lesson of module i % 4 goes to the end of the next module.
        src, dst = i % 4, (i + 1) % 4
        if order[src][1]:
            order[dst][1].append(order[src][1].pop(0))
        body = {"version": version, "modules": [{"id": m, "lessons": ls} for m, ls in order]}
        started = time.perf_counter()
        status, answer = call("PUT", f"{base}/curriculum/order", portal, token, body)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            failures += 1
            answer = answer.get("curriculum", answer) if isinstance(answer, dict) else answer
        if isinstance(answer, dict) and "version" in answer:
            version = answer["version"]
            order = [(m["id"], [l["id"] for l in m["lessons"]]) for m in answer["modules"]]
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"Reorder round trip (PUT {base}/curriculum/order, 4 modules x 5 lessons, "
          f"{SAMPLES} sequential samples, release build, loopback)")
    print(f"  p50 {pick(0.50):.2f} ms   p95 {pick(0.95):.2f} ms   p99 {pick(0.99):.2f} ms   "
          f"mean {statistics.mean(times):.2f} ms   failures {failures}")
    # Leave no bench course in the catalog: archive it.
    call("DELETE", base, portal, token)


if __name__ == "__main__":
    main()
