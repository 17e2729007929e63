"""Benchmark: check 1,000 unique external URLs against a local server that
answers after 100 ms, then again with the cache (no request expected).

Run: PYTHONPATH=src python benchmarks/external_links.py [--urls 1000] [--latency 0.1]
Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import threading
import time
from pathlib import Path

from postlint.site.external import CheckSettings, ExternalChecker


async def _serve(port_box: list[int], ready: threading.Event, stop: threading.Event, latency: float) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await reader.readuntil(b"\r\n\r\n")
                if not request:
                    break
                await asyncio.sleep(latency)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=4096)
    port_box.append(server.sockets[0].getsockname()[1])
    ready.set()
    while not stop.is_set():
        await asyncio.sleep(0.05)
    server.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--per-host", type=int, default=32,
                        help="per-host limit (all URLs share the host 127.0.0.1 here)")
    args = parser.parse_args()
    port_box: list[int] = []
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=lambda: asyncio.run(_serve(port_box, ready, stop, args.latency)), daemon=True)
    thread.start()
    ready.wait()
    port = port_box[0]
    urls = [f"http://127.0.0.1:{port}/page/{i}" for i in range(args.urls)]
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "links.json"
        settings = CheckSettings(allow_private=True, cache_path=cache, progress=False, per_host=args.per_host, concurrency=64)
        first = ExternalChecker(settings)
        start = time.perf_counter()
        results = first.check(urls)
        cold = time.perf_counter() - start
        ok = sum(1 for r in results.values() if r.status == "ok")
        second = ExternalChecker(settings)
        start = time.perf_counter()
        second.check(urls)
        warm = time.perf_counter() - start
    stop.set()
    print(f"{args.urls} unique URLs, {args.latency * 1000:.0f} ms latency, "
          f"per-host limit {settings.per_host}, global limit {settings.concurrency}")
    print(f"cold run: {cold:.2f} s, {first.requests} requests, {ok} ok")
    print(f"cached run: {warm:.3f} s, {second.requests} requests")
    if second.requests:
        raise SystemExit("the cached run made requests")


if __name__ == "__main__":
    main()
