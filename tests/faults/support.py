"""Machinery of the fault tests: a TCP proxy that can be cut and restored, a real WSGI server in a thread,
a TCP server that accepts and never answers (a hung service), and a port nothing listens on.

The proxy stands between the application and the shared PostgreSQL (or Redis), so "PostgreSQL is down" is
a real refused or dropped connection without stopping the service other test runs use.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import urllib.error
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.core.files.storage import InMemoryStorage
from django.utils._os import safe_join


class TcpProxy:
    """Forwards 127.0.0.1:<port> to ``target``. ``cut()`` closes the listener and every forwarded connection
    (clients see refused connects and dropped sockets); ``restore()`` listens again on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> TcpProxy:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    restore = start

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        if self._listener is not None:
            # shutdown() first: a plain close() does not wake the thread blocked in accept(), and the
            # kernel would keep accepting on the listening socket.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    close = cut


class SilentServer:
    """Accepts TCP connections and never answers: a hung Redis (or anything behind a dead firewall)."""

    def __init__(self):
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _address = self._listener.accept()
            except OSError:
                return
            self._held.append(conn)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        for conn in self._held:
            conn.close()


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of BaseHTTPRequestHandler
        pass


class AppServer:
    """Django's WSGI application served by wsgiref in one thread, whose database connection goes to
    ``db_port`` with ``CONN_MAX_AGE`` = ``conn_max_age``. One thread answers every request, so a kept
    connection really is kept between requests (Django's request_started/finished handling included)."""

    def __init__(self, *, db_port: int, conn_max_age: int):
        self.db_port = db_port
        self.conn_max_age = conn_max_age
        self._server: WSGIServer | None = None
        self._ready = threading.Event()

    def _serve(self) -> None:
        from django.core.handlers.wsgi import WSGIHandler
        from django.db import connections

        wrapper = connections["default"]  # this thread's own connection object
        wrapper.settings_dict = {
            **wrapper.settings_dict,
            "HOST": "127.0.0.1",
            "PORT": str(self.db_port),
            "CONN_MAX_AGE": self.conn_max_age,
            "CONN_HEALTH_CHECKS": True,
        }
        self._server = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=_QuietHandler)
        self._ready.set()
        try:
            self._server.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()

    def __enter__(self) -> AppServer:
        threading.Thread(target=self._serve, daemon=True).start()
        assert self._ready.wait(10), "the WSGI server did not start"
        return self

    def __exit__(self, *exc) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def get(self, path: str, *, cookie: str = "") -> tuple[int, dict[str, str], str]:
        request = urllib.request.Request(self.url + path, headers={"Cookie": cookie} if cookie else {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local test server
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


class PathlessStorage(InMemoryStorage):
    """Django's in-memory storage without local paths, as S3Storage (and every remote storage) is:
    ``path()`` raises NotImplementedError, so code that needs a local file must work without one."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name):
        return os.path.relpath(safe_join(self.location, name), self.location)
