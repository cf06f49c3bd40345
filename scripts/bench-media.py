#!/usr/bin/env python3
"""Media on the release build over loopback (`make bench-media`):

1. Upload throughput: a BENCH_UPLOAD_MB (200) MiB video streamed to
   `PUT /api/v1/courses/{id}/lessons/{lesson}/video` (the API's raw-body
   upload; the page's multipart form takes the same path), and the server's
   resident memory (VmRSS of BENCH_SERVER_PID, sampled every 20 ms) before
   and at its peak during the upload, next to the same for a file a tenth
   of the size: streaming means the peak does not grow with the file.
2. Range throughput: wrk fetching 1 MiB ranges (what a player asks for
   when seeking) of that video, BENCH_CONNECTIONS (16) connections for
   BENCH_DURATION (10s).

The video is an MP4 header (ftyp, moov with mvhd) followed by zeros: it
passes the sniffing and the duration probe like a real one. The bench
course is archived and its lesson deleted at the end (the sweep deletes
the files within minutes). Standard library only (and wrk).
"""
import http.client
import json
import os
import re
import struct
import subprocess
import sys
import threading
import time
import urllib.request

PORT = int(os.environ.get("BENCH_PORT", "3300"))
PID = os.environ.get("BENCH_SERVER_PID")
UPLOAD_MB = int(os.environ.get("BENCH_UPLOAD_MB", "200"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
BASE = f"http://127.0.0.1:{PORT}"
MIB = 1024 * 1024


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
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def rss_kib():
    if not PID:
        return 0
    with open(f"/proc/{PID}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def mp4_header(total):
    box = lambda kind, payload: struct.pack(">I", 8 + len(payload)) + kind + payload
    ftyp = box(b"ftyp", b"isom\0\0\x02\0isomiso2mp41")
    mvhd = box(b"mvhd", b"\0\0\0\0" + struct.pack(">IIII", 0, 0, 1000, 600_000) + b"\0" * 80)
    moov = box(b"moov", mvhd)
    head = ftyp + moov
    mdat = struct.pack(">I", total - len(head)) + b"mdat"
    return head + mdat


def upload(host, path, token, size):
    """Streams `size` bytes; returns (seconds, status, answer, peak RSS KiB)."""
    header = mp4_header(size)
    chunk = b"\0" * MIB
    peak = [rss_kib()]
    done = threading.Event()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib())
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    started = time.perf_counter()
    conn.putrequest("PUT", path, skip_host=True)
    conn.putheader("Host", host)
    conn.putheader("Authorization", f"Bearer {token}")
    conn.putheader("Content-Type", "video/mp4")
    conn.putheader("Content-Length", str(size))
    conn.endheaders()
    conn.send(header)
    left = size - len(header)
    while left > 0:
        piece = chunk if left >= MIB else chunk[:left]
        conn.send(piece)
        left -= len(piece)
    res = conn.getresponse()
    answer = json.loads(res.read() or b"null")
    seconds = time.perf_counter() - started
    done.set()
    watcher.join()
    return seconds, res.status, answer, peak[0]


def main():
    portal = f"acme.localhost:{PORT}"
    status, answer = call("POST", "/api/v1/auth/login", f"localhost:{PORT}", body={
        "email": "ines@acme.test", "password": "lyceum-demo", "tenant": "acme"})
    if status != 200:
        sys.exit(f"login failed ({status}): {answer}")
    token = answer["token"]
    status, categories = call("GET", "/api/v1/categories", portal, token)
    status, course = call("POST", "/api/v1/courses", portal, token, {
        "title": f"Media bench {int(time.time())}",
        "description": "Made by scripts/bench-media.py.",
        "categories": [categories["items"][0]["id"]],
        "pricing": {"model": "free"},
        "metadata": {"duration": 0, "skillLevel": "beginner", "language": "en"},
    })
    if status != 201:
        sys.exit(f"course not created ({status}): {course}")
    base = f"/api/v1/courses/{course['id']}"
    status, curriculum = call("POST", f"{base}/modules", portal, token, {"title": "Bench"})
    module = curriculum["modules"][0]["id"]
    status, curriculum = call("POST", f"{base}/modules/{module}/lessons", portal, token,
                              {"title": "Video", "kind": "video"})
    lesson = curriculum["modules"][0]["lessons"][0]["id"]
    # Public (a free preview), so wrk needs no signature.
    call("PATCH", f"{base}/lessons/{lesson}", portal, token, {"freePreview": True})
    path = f"{base}/lessons/{lesson}/video?fileName=bench.mp4"

    small = max(1, UPLOAD_MB // 10)
    idle = rss_kib()
    s_small, st, _, peak_small = upload(portal, path, token, small * MIB)
    if st != 200:
        sys.exit(f"upload of {small} MiB failed ({st})")
    before = rss_kib()
    seconds, st, answer, peak = upload(portal, path, token, UPLOAD_MB * MIB)
    if st != 200:
        sys.exit(f"upload of {UPLOAD_MB} MiB failed ({st}): {answer}")
    print(f"Upload (PUT {base}/lessons/…/video, streamed, release build, loopback)")
    print(f"  {UPLOAD_MB} MiB in {seconds:.2f} s = {UPLOAD_MB / seconds:.0f} MiB/s "
          f"(sha256 {answer['sha256'][:12]}…, duration {answer['durationMs']} ms)")
    print(f"  {small} MiB in {s_small:.2f} s = {small / s_small:.0f} MiB/s")
    print(f"  server RSS: idle {idle / 1024:.1f} MiB; during the {small} MiB upload peak "
          f"{peak_small / 1024:.1f} MiB; before the {UPLOAD_MB} MiB one {before / 1024:.1f} MiB, "
          f"peak {peak / 1024:.1f} MiB (+{(peak - before) / 1024:.1f} MiB)")

    url = f"{BASE}/media/{answer['id']}/original"
    lua = "/tmp/lyceum-bench-range.lua"
    with open(lua, "w") as f:
        f.write('wrk.headers["Host"] = "%s"\n' % portal)
        f.write('wrk.headers["Range"] = "bytes=%d-%d"\n' % (50 * MIB, 51 * MIB - 1))
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-s", lua, url],
                         capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+(\S+)", out).group(1)
    p99 = re.search(r"99%\s+(\S+)", out).group(1)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    print(f"Range requests (1 MiB each, wrk -t2 -c{CONNECTIONS} -d{DURATION})")
    print(f"  {rps:.0f} req/s = {rps:.0f} MiB/s, latency p50 {p50}, p99 {p99}"
          f"{', non-2xx ' + non2xx.group(1) if non2xx else ''}")

    # Clean up: the lesson goes (its video is released, then swept), the course is archived.
    call("DELETE", f"{base}/lessons/{lesson}?version={curriculum['version']}", portal, token)
    call("DELETE", base, portal, token)


if __name__ == "__main__":
    main()
