"""A round-robin reverse proxy on 127.0.0.1, standing in for nginx in front of N workers.

Each request goes to the next upstream in turn (a fresh choice per request, like nginx's
default `upstream` balancing), and the proxy remembers which upstream served which path,
so a test can prove that consecutive webhooks reached different worker processes.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
from collections.abc import Sequence

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

_HOP_HEADERS = {"host", "content-length", "connection", "transfer-encoding"}


class RoundRobinProxy:
    """Serve in a background thread; `served` lists (path, upstream index) per request."""

    def __init__(self, upstreams: Sequence[str]) -> None:
        self.upstreams = list(upstreams)
        self.served: list[tuple[str, int, int]] = []  # (path, upstream index, status)
        self._turn = itertools.cycle(range(len(self.upstreams)))
        self._lock = threading.Lock()
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        app = Starlette(routes=[Route("/{path:path}", self._forward, methods=["GET", "POST"])])
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name="proxy", daemon=True)
        self._ready = threading.Event()

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        serve = asyncio.create_task(self._server.serve(sockets=[self._socket]))
        while not self._server.started and not serve.done():
            await asyncio.sleep(0.005)
        self._ready.set()
        await serve

    def __enter__(self) -> RoundRobinProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("proxy did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self._socket.close()

    def served_by(self, path: str) -> list[int]:
        """The upstream index of each request to `path`, in order."""
        with self._lock:
            return [index for served, index, _ in self.served if served == path]

    async def _forward(self, request: Request) -> Response:
        with self._lock:
            index = next(self._turn)
        url = self.upstreams[index] + request.url.path
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_HEADERS}
        async with httpx.AsyncClient(timeout=30) as client:
            try:
                upstream = await client.request(
                    request.method, url, content=await request.body(), headers=headers
                )
            except httpx.HTTPError:
                status = 502
                body, media = b"", None
            else:
                status = upstream.status_code
                body, media = upstream.content, upstream.headers.get("content-type")
        with self._lock:
            self.served.append((request.url.path, index, status))
        return Response(body, status_code=status, media_type=media)
