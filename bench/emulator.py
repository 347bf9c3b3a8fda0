"""How fast the Bot API emulator is on this machine (rate limits off), over loopback.

    .venv/bin/python bench/emulator.py [--clients 16] [--seconds 6]

Starts `python -m bot.sandbox` in a separate process, then measures
1. sendMessage calls/s from concurrent clients (form-encoded, as PTB sends them), and
2. updates/s delivered by getUpdates long polling while a producer injects user messages
   through the control API.
The whole run is bounded (about 2 × --seconds plus start-up, at most 20 s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
USERS = 50


async def start_server() -> tuple[asyncio.subprocess.Process, str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.sandbox",
        "--port",
        "0",
        "--no-rate-limits",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    url = token = ""
    try:
        async with asyncio.timeout(10):
            while not (url and token):
                line = (await process.stdout.readline()).decode()
                if line.startswith("Telegram Bot API emulator at "):
                    url = line.split(" at ", 1)[1].strip()
                elif "bot token:" in line:
                    token = line.split(":", 1)[1].strip()
    except TimeoutError:
        process.kill()
        raise RuntimeError("the emulator did not start") from None
    return process, url, token


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux), to report cost per call beside throughput:
    on a shared machine the rate is noisy, the CPU cost per call much less so."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report_cpu(label: str, pid: int, before: float, count: int) -> None:
    used = cpu_seconds(pid) - before
    if count and used == used:
        per_call = used / count * 1e6
        print(
            f"  server CPU: {per_call:,.0f} µs per {label} "
            f"(≈ {1e6 / per_call:,.0f}/s on one free core)"
        )


async def create_users(http: aiohttp.ClientSession, url: str) -> list[int]:
    ids = []
    for i in range(USERS):
        async with http.post(f"{url}/_sandbox/users", json={"first_name": f"U{i}"}) as response:
            ids.append((await response.json())["id"])
    return ids


class RawClient:
    """A minimal HTTP/1.1 keep-alive client: cheap enough that the server, not the client,
    is what gets measured on a small machine."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post_form(self, path: str, form: dict[str, str]) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        body = urlencode(form).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        self.writer.write(head + body)
        assert self.reader is not None
        header = await self.reader.readuntil(b"\r\n\r\n")
        status = int(header[9:12])
        length = 0
        for line in header.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        return status, await self.reader.readexactly(length)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def bench_send(url: str, token: str, users: list[int], clients: int, seconds: float) -> int:
    parsed = urlsplit(url)
    path = f"/bot{token}/sendMessage"
    latencies: list[float] = []
    errors = 0
    stop_at = time.monotonic() + seconds

    async def worker(n: int) -> None:
        nonlocal errors
        client = RawClient(parsed.hostname or "127.0.0.1", parsed.port or 80)
        i = n
        try:
            while time.monotonic() < stop_at:
                form = {"chat_id": str(users[i % len(users)]), "text": f"message {i}"}
                started = time.perf_counter()
                status, _ = await client.post_form(path, form)
                if status != 200:
                    errors += 1
                latencies.append(time.perf_counter() - started)
                i += clients
        finally:
            await client.close()

    started = time.monotonic()
    await asyncio.gather(*(worker(n) for n in range(clients)))
    elapsed = time.monotonic() - started
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(
        f"sendMessage: {len(latencies) / elapsed:,.0f} calls/s "
        f"({len(latencies):,} calls, {clients} concurrent keep-alive connections, "
        f"{errors} errors, p50 {p50:.1f} ms, p99 {p99:.1f} ms)"
    )
    return len(latencies)


async def bench_updates(url: str, token: str, users: list[int], seconds: float) -> int:
    stop_at = time.monotonic() + seconds
    injected = delivered = 0
    async with aiohttp.ClientSession() as http:

        async def producer() -> None:
            nonlocal injected
            i = 0
            while time.monotonic() < stop_at:
                items = [
                    {"kind": "text", "user_id": users[(i + k) % len(users)], "text": f"u{i + k}"}
                    for k in range(100)
                ]
                i += 100
                async with http.post(f"{url}/_sandbox/send/batch", json={"items": items}) as r:
                    await r.read()
                injected += len(items)

        async def consumer() -> None:
            nonlocal delivered
            offset = 0
            while time.monotonic() < stop_at:
                params = {"offset": str(offset), "limit": "100", "timeout": "1"}
                async with http.post(f"{url}/bot{token}/getUpdates", data=params) as r:
                    updates = (await r.json())["result"]
                if updates:
                    delivered += len(updates)
                    offset = updates[-1]["update_id"] + 1

        started = time.monotonic()
        await asyncio.gather(producer(), consumer())
        elapsed = time.monotonic() - started
    print(
        f"getUpdates: {delivered / elapsed:,.0f} updates/s delivered "
        f"({delivered:,} updates; {injected / elapsed:,.0f}/s injected via the control API)"
    )
    return delivered


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=6.0, help="per measurement (max 8)")
    args = parser.parse_args()
    seconds = min(args.seconds, 8.0)
    process, url, token = await start_server()
    try:
        async with aiohttp.ClientSession() as http:
            users = await create_users(http, url)
        print(f"emulator {url}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        before = cpu_seconds(process.pid)
        calls = await bench_send(url, token, users, args.clients, seconds)
        report_cpu("sendMessage call", process.pid, before, calls)
        before = cpu_seconds(process.pid)
        delivered = await bench_updates(url, token, users, seconds)
        report_cpu("update (injected and delivered)", process.pid, before, delivered)
    finally:
        process.terminate()
        await process.wait()


if __name__ == "__main__":
    asyncio.run(main())
