"""Issue 22 item 9 (1): the page `planner serve` sends names no other host.

textual-serve 1.1's page links fonts.googleapis.com for Roboto Mono, which fails on an offline
cluster. The server now serves the copy of the font textual-serve ships in its static files.
Against the server's own aiohttp app, in-process on 127.0.0.1 (no network)."""

from __future__ import annotations

import argparse
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")
from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from planner.cli._web import make_server  # noqa: E402


class Refs(HTMLParser):
    """Every URL the page names: src/href attributes and url(...) in style blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        self._style = tag == "style"
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]

    def handle_data(self, data):
        if self._style:
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)
            self.urls += re.findall(r"@import\s+['\"]([^'\"]+)", data)


async def test_the_served_page_names_no_other_host():
    args = argparse.Namespace(
        host="127.0.0.1", port=8000, max_sessions=1, max_width=400, max_height=150
    )
    server = make_server(args)
    async with TestClient(TestServer(await server._make_app(), host="127.0.0.1")) as client:
        resp = await client.get("/")
        assert resp.status == 200
        page = await resp.text()
        refs = Refs()
        refs.feed(page)
        base = f"http://{args.host}:{args.port}/"
        hosts = {urlsplit(urljoin(base, u)).netloc for u in refs.urls if not u.startswith("#")}
        assert hosts == {f"{args.host}:{args.port}"}, hosts
        assert "googleapis" not in page
        fonts = [u for u in refs.urls if u.endswith(".ttf")]
        assert fonts and any("RobotoMono-VariableFont" in u for u in fonts)
        for url in fonts:  # each is served by this server, as a TrueType file
            got = await client.get(urlsplit(url).path)
            body = await got.read()
            assert got.status == 200 and body[:4] == b"\x00\x01\x00\x00", url
