"""``planner serve``: the TUI in a browser through textual-serve, with limits.

textual-serve starts one ``python -m planner`` per browser session. As shipped it listens where
it is told (``--host ''`` is every interface), starts as many sessions as pages ask for, at the
terminal size a page asks for, and leaves a child running after Ctrl-C. Here (issue 24 item 4):

- the host defaults to loopback; a host that resolves to anything else is served only when named
  explicitly, with a warning on stderr; an empty or unresolvable host is refused (exit 2);
- at most ``--max-sessions`` sessions run at once; a page beyond that gets HTTP 503;
- the terminal size a page asks for (on connect and on resize) is clamped to ``--max-width`` x
  ``--max-height`` cells;
- each child is ``exec``'d by the shell (one process per session, not two), and every child is
  stopped when the server stops (a child that does not quit within seconds is killed);
- a port in use or an address that cannot be bound exits 2 with one line.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import re
import shlex
import sys
from typing import TYPE_CHECKING, Any, cast

from planner.errors import InputError

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.app_service import AppService

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_HEIGHT",
    "DEFAULT_MAX_SESSIONS",
    "DEFAULT_MAX_WIDTH",
    "check_host",
    "make_server",
    "offline_page",
    "serve",
]

DEFAULT_HOST = "127.0.0.1"
"""Loopback: the server is reachable from this machine only unless ``--host`` says otherwise."""
DEFAULT_MAX_SESSIONS = 4
"""Sessions at once. Each is a ``python -m planner`` child of ~120 MB resident (the issue's 12
tabs made 1.5 GB); four let a small team share one box."""
DEFAULT_MAX_WIDTH = 400
"""Terminal columns a page may ask for: a 4K screen at a small font is ~380 columns."""
DEFAULT_MAX_HEIGHT = 150
"""Terminal rows a page may ask for: a 4K portrait screen at a small font is ~140 rows.
(``?width=5000&height=5000`` made a 357 MB child.)"""
STOP_SECONDS = 5.0
"""How long a child may take to quit when the server stops before it is killed."""


def check_host(host: str, port: int) -> bool:
    """Resolve ``host``; say whether every address it names is loopback.

    Parameters
    ----------
    host : str
        A name or address (``localhost``, ``127.0.0.1``, ``0.0.0.0``, ``::``).
    port : int
        The port (for the lookup).

    Returns
    -------
    bool
        True if the server would be reachable from this machine only.

    Raises
    ------
    InputError
        An empty host, or one that does not resolve (e.g. ``'a b'``).

    Examples
    --------
    >>> check_host("127.0.0.1", 8000), check_host("0.0.0.0", 8000)
    (True, False)
    """
    import ipaddress
    import socket

    if not host.strip():
        raise InputError(
            "--host: empty; name an interface (default 127.0.0.1; 0.0.0.0 listens on every one)"
        )
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise InputError(f"--host: cannot resolve {host!r}: {exc}") from exc
    return all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos)


def serve(args: argparse.Namespace) -> None:
    """Serve the TUI until Ctrl-C (see the module docstring for the limits).

    Parameters
    ----------
    args : argparse.Namespace
        ``host``, ``port``, ``max_sessions``, ``max_width``, ``max_height``.

    Returns
    -------
    None

    Raises
    ------
    InputError
        textual-serve missing, a bad host, or a port that cannot be bound.
    """
    try:
        import textual_serve.server  # noqa: F401  (the optional extra is installed)
    except ImportError as exc:
        raise InputError(
            "planner serve needs textual-serve, an optional extra: pip install '.[web]' in the "
            "planner checkout (or pip install 'textual-serve>=1.1')"
        ) from exc

    loopback = check_host(args.host, args.port)
    if not loopback:
        print(
            f"planner: warning: serving on {args.host!r}, reachable from other machines; anyone "
            "who can reach the port gets a planner session (no login)",
            file=sys.stderr,
            flush=True,
        )

    server = make_server(args)
    where = f"http://{args.host}:{args.port}"
    print(
        f"planner: serving the TUI at {where} (at most {args.max_sessions} sessions; Ctrl-C stops)",
        flush=True,
    )
    try:
        server.serve()
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise InputError(
                f"--port {args.port}: cannot listen on {args.host}:{args.port}: "
                f"{exc.strerror or exc}"
            ) from exc
        raise
    finally:
        for service in list(server.sessions):  # whatever on_shutdown did not reach
            _kill(service)


def make_server(args: argparse.Namespace) -> Any:
    """textual-serve's server with the limits of :func:`serve` and a page that works offline.

    Parameters
    ----------
    args : argparse.Namespace
        ``host``, ``port``, ``max_sessions``, ``max_width``, ``max_height``.

    Returns
    -------
    textual_serve.server.Server
        A subclass, not started: :func:`serve` runs it; a test can make its aiohttp app
        (``await server._make_app()``) and serve that in-process.
    """
    from aiohttp import web
    from textual_serve.server import Server

    class LimitedServer(Server):
        """textual-serve's server with a session cap, a size cap and children stopped."""

        def __init__(self) -> None:
            super().__init__(
                f"exec {shlex.quote(sys.executable)} -m planner",
                host=args.host,
                port=args.port,
                title="planner",
            )
            self.sessions: set[AppService] = set()
            self.pending = 0

        async def handle_websocket(  # type: ignore[override]  # a 503 is not a websocket
            self, request: web.Request
        ) -> web.StreamResponse:
            if self.pending + len(self.sessions) >= args.max_sessions:
                return web.Response(
                    status=503,
                    text=f"planner serve: {args.max_sessions} sessions already open "
                    "(--max-sessions); close one and reload",
                )
            query = request.rel_url.query
            width = _clamp(query.get("width", "80"), 80, args.max_width)
            height = _clamp(query.get("height", "24"), 24, args.max_height)
            url = request.rel_url.update_query(width=width, height=height)
            self.pending += 1
            try:
                response: web.StreamResponse = await super().handle_websocket(
                    request.clone(rel_url=url)
                )
            finally:
                self.pending -= 1
            return response

        async def _process_messages(self, websocket: Any, app_service: AppService) -> None:
            self.sessions.add(app_service)
            self.pending -= 1  # counted as a session from here on
            try:
                clamped = _ClampedService(app_service, args.max_width, args.max_height)
                await super()._process_messages(websocket, cast("AppService", clamped))
            finally:
                self.sessions.discard(app_service)
                self.pending += 1

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            page = await super().handle_index(request)
            assert isinstance(page, web.Response) and page.text is not None
            return web.Response(text=offline_page(page.text), content_type="text/html")

        async def on_shutdown(self, app: web.Application) -> None:
            await asyncio.gather(*(_stop(s) for s in list(self.sessions)))

    return LimitedServer()


LINK = re.compile(r'<link[^>]*href="(https?://[^"/]*)[^"]*"[^>]*>\s*')
"""A link to an absolute URL, its origin captured: textual-serve 1.1's page asks
fonts.googleapis.com for Roboto Mono, which an offline cluster cannot reach (issue 22 item 9)."""
STATIC_URL = re.compile(r'href="([^"]*/)css/xterm\.css"')
"""Where the page's own static files are (textual-serve's ``config.static.url``)."""
LOCAL_FONT = """<style>
      @font-face {{
        font-family: "Roboto Mono";
        font-style: normal;
        src: local("Roboto Mono"), url("{static}fonts/RobotoMono-VariableFont_wght.ttf");
      }}
      @font-face {{
        font-family: "Roboto Mono";
        font-style: italic;
        src: local("Roboto Mono Italic"),
          url("{static}fonts/RobotoMono-Italic-VariableFont_wght.ttf");
      }}
    </style>
    """
"""Roboto Mono from the files textual-serve ships in its own ``static/fonts`` (the same font
the page asked the CDN for, served by this server); the page's font stacks already fall back to
Monaco, Courier New and monospace."""


def offline_page(html: str) -> str:
    """textual-serve's page with links to other hosts replaced by its own copy of the font.

    Parameters
    ----------
    html : str
        The page textual-serve renders.

    Returns
    -------
    str
        The same page, with every ``<link>`` to another host removed and an
        ``@font-face`` for Roboto Mono pointing at the server's ``static/fonts``.

    Examples
    --------
    >>> page = offline_page(
    ...     '<head><link rel="stylesheet" href="http://h:8/static/css/xterm.css" />'
    ...     '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=R" /></head>'
    ... )
    >>> "googleapis" in page, "xterm.css" in page, 'url("http://h:8/static/fonts/Rob' in page
    (False, True, True)
    """
    found = STATIC_URL.search(html)
    static = found.group(1) if found else "/static/"

    def other_host(link: re.Match[str]) -> str:
        return link.group(0) if static.startswith(link.group(1) + "/") else ""

    return LINK.sub(other_host, html).replace(
        "</head>", LOCAL_FONT.format(static=static) + "</head>", 1
    )


class _ClampedService:
    """An ``AppService`` whose ``set_terminal_size`` clamps what the page asks for."""

    def __init__(self, service: AppService, max_width: int, max_height: int) -> None:
        self._service = service
        self._max = (max_width, max_height)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service, name)

    async def set_terminal_size(self, width: object, height: object) -> None:
        await self._service.set_terminal_size(
            _clamp(width, 80, self._max[0]), _clamp(height, 24, self._max[1])
        )


def _clamp(value: object, default: int, high: int) -> int:
    """A terminal dimension from a page: a whole number in [1, high], else ``default``."""
    try:
        number = int(str(value))
    except ValueError:
        return default
    return max(1, min(number, high))


async def _stop(service: AppService) -> None:
    """Ask a child to quit; kill it if it has not within :data:`STOP_SECONDS`."""
    try:
        await asyncio.wait_for(service.stop(), STOP_SECONDS)
    except (TimeoutError, Exception):
        _kill(service)


def _kill(service: AppService) -> None:
    process = getattr(service, "_process", None)
    if process is not None and process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
