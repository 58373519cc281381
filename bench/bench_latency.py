"""The app over a slow network: PostgreSQL behind a local asyncio TCP proxy that adds 50 ms a round trip.

Headless (Textual's run_test), on a demo workspace whose database is a PostgreSQL schema:

- key-to-screen while pages load: after `end` and during `pageup`/`pagedown` runs into pages not read yet,
  the time from a key press until the screen draws the moved cursor's row (a placeholder while its page is
  read); and, for the keys that needed a page, until that page's rows are drawn.
- reports open-to-first-paint: `g` until the reports screen has painted (its loading indicator), and until
  its charts are drawn.

Each figure is measured through the proxy and, as the anchor in the same run, with the database reached
directly. The demo is built once into the schema (reused when it has the contacts already).

    python bench/bench_latency.py --postgres postgresql://postgres@127.0.0.1:5432/DB --contacts 100000
    python bench/bench_latency.py --postgres URL --contacts 1000000 --delay-ms 50
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

PAGE_KEYS = ["pageup"] * 12 + ["home"] + ["pagedown"] * 12
STILL_KEYS = ["down"] * 10 + ["up"] * 10  # within the first page: no read, the harness's and redraw's cost


class LatencyProxy:
    """Forwards TCP to `target`, holding every chunk `delay` seconds in each direction (a round trip costs
    2 x delay), in a thread of its own so the app's event loop never slows the network down."""

    def __init__(self, host: str, port: int, delay: float) -> None:
        self.target = (host, port)
        self.delay = delay
        self.port = 0
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._run, name="latency-proxy", daemon=True).start()
        self._ready.wait()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Chunks keep their order; each leaves `delay` after it arrived (latency, not a bandwidth cap)."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def send() -> None:
            while True:
                due, data = await queue.get()
                await asyncio.sleep(max(0.0, due - self._loop.time()))
                if not data:
                    writer.close()
                    return
                writer.write(data)
                await writer.drain()

        sender = asyncio.ensure_future(send())
        try:
            while data := await reader.read(65536):
                queue.put_nowait((self._loop.time() + self.delay, data))
        except ConnectionError:
            pass  # the other side went away: close ours after what is queued
        queue.put_nowait((self._loop.time() + self.delay, b""))
        await sender


def with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = "127.0.0.1:" + str(port)
    return urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host))


def schema_url(url: str, contacts: int) -> str:
    return f"{url}{'&' if '?' in url else '?'}schema=bench_latency_{contacts}"


def ensure_demo(workspace: Path, url: str, contacts: int) -> None:
    from statustui.demo import build_demo
    from statustui.services import Service
    from statustui.workspace import init_workspace

    if not (workspace / "statustui.toml").exists():
        init_workspace(workspace, "leadklozer")
    service = Service.open(workspace, url)
    try:
        have = service.contact_count()
    finally:
        service.close()
    if have == 0:
        print(f"building a {contacts:,}-contact demo in {url.rsplit('?', 1)[-1]} (once) ...", flush=True)
        build_demo(workspace, contacts, database_url=url)


async def wait_for(condition: Any, timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not answer in time")
        await asyncio.sleep(0.001)


async def session(workspace: Path, url: str) -> dict[str, Any]:
    from textual.widgets import LoadingIndicator

    from statustui.services import Service
    from statustui.tui.app import StatusApp
    from statustui.tui.contact_list import ContactList
    from statustui.tui.reports_screen import ReportsScreen

    drawn: dict[str, float] = {}  # the latest time the cursor's row was drawn, as a placeholder or as a row
    painted: list[float] = []  # the times the reports' loading indicator was drawn

    render_line = ContactList.render_line

    def stamped_line(self: ContactList, y: int) -> Any:
        strip = render_line(self, y)
        if self.scroll_offset.y + y == self.cursor:
            loaded = self.pages is not None and self.pages.row(self.cursor) is not None
            drawn[f"{self.cursor}:{loaded}"] = time.perf_counter()
        return strip

    indicator_render = LoadingIndicator.render

    def stamped_indicator(self: LoadingIndicator) -> Any:
        painted.append(time.perf_counter())
        return indicator_render(self)

    ContactList.render_line = stamped_line  # type: ignore[method-assign]
    LoadingIndicator.render = stamped_indicator  # type: ignore[method-assign]
    service = Service.open(workspace, url)
    app = StatusApp(service, debounce_seconds=0)
    keys: list[float] = []
    still: list[float] = []
    fills: list[float] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(lambda: app.total is not None)
            contacts = app.contacts
            for key in [*STILL_KEYS, "end", *PAGE_KEYS]:
                drawn.clear()
                t = time.perf_counter()
                await pilot.press(key)
                cursor = contacts.cursor
                await wait_for(lambda c=cursor: f"{c}:False" in drawn or f"{c}:True" in drawn)
                shown = min(v for k, v in drawn.items() if k.startswith(f"{cursor}:")) - t
                (still if key in STILL_KEYS else keys).append(shown)
                if f"{cursor}:False" in drawn:  # its page was not read yet: time until it is drawn
                    await wait_for(lambda c=cursor: f"{c}:True" in drawn)
                    fills.append(drawn[f"{cursor}:True"] - t)
            first_paint, charts = [], []
            for _ in range(3):
                painted.clear()
                t = time.perf_counter()
                await pilot.press("g")
                await wait_for(lambda: bool(painted))
                first_paint.append(painted[0] - t)
                await wait_for(
                    lambda: isinstance(app.screen, ReportsScreen) and app.screen.report is not None
                )
                charts.append(time.perf_counter() - t)
                await pilot.press("escape")
                await pilot.pause()
            total = app.total
    finally:
        ContactList.render_line = render_line  # type: ignore[method-assign]
        LoadingIndicator.render = indicator_render  # type: ignore[method-assign]
        service.close()
    return {
        "contacts": total,
        "still_median_ms": statistics.median(still) * 1000,
        "key_median_ms": statistics.median(keys) * 1000,
        "key_max_ms": max(keys) * 1000,
        "keys": len(keys),
        "fill_median_ms": statistics.median(fills) * 1000 if fills else float("nan"),
        "fills": len(fills),
        "reports_first_paint_ms": statistics.median(first_paint) * 1000,
        "reports_charts_ms": statistics.median(charts) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", required=True, help="postgresql://user@host:port/db (a schema is made)")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--delay-ms", type=float, default=50.0, help="added per round trip (default 50)")
    parser.add_argument("--workspace", type=Path, help="the workspace folder (default: a temporary one)")
    args = parser.parse_args()
    url = schema_url(args.postgres, args.contacts)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = args.workspace or Path(tmp) / "ws"
        ensure_demo(workspace, url, args.contacts)
        target = urlsplit(args.postgres)
        proxy = LatencyProxy(target.hostname or "127.0.0.1", target.port or 5432, args.delay_ms / 2000)
        direct = asyncio.run(session(workspace, url))
        slow = asyncio.run(session(workspace, with_port(url, proxy.port)))
    print(f"\n{slow['contacts']:,} contacts; proxy: +{args.delay_ms:.0f} ms a round trip\n")
    print("| what | target | anchor: direct | through the proxy | met? |")
    print("| --- | --- | --- | --- | --- |")
    rows = [
        ("anchor: key to screen, rows already read (down/up)", "still_median_ms", None),
        (f"key to screen while pages load, median of {slow['keys']} keys", "key_median_ms", 100.0),
        ("key to screen, worst key", "key_max_ms", 100.0),
        (f"key to its page's rows drawn, median of {slow['fills']}", "fill_median_ms", None),
        ("reports: `g` to first paint, median of 3", "reports_first_paint_ms", 300.0),
        ("reports: `g` to charts drawn, median of 3", "reports_charts_ms", None),
    ]
    for label, key, target_ms in rows:
        met = "-" if target_ms is None else ("met" if slow[key] < target_ms else "MISSED")
        goal = "-" if target_ms is None else f"< {target_ms:.0f} ms"
        print(f"| {label} | {goal} | {direct[key]:.1f} ms | {slow[key]:.1f} ms | {met} |")


if __name__ == "__main__":
    main()
