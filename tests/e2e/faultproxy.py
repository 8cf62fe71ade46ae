"""A small HTTP/1.1 fault proxy between the desk's sync client and the real central server.

One request per connection (``Connection: close`` both ways). For each request the proxy asks
``choose(method, path)`` what to do:

* ``pass``: forward and answer;
* ``reset``: close the connection at once (nothing reaches the server);
* ``500`` / ``503``: answer an error without forwarding (``503`` with ``Retry-After: 1``);
* ``drop_after``: forward (the server commits), then close without answering;
* ``500_after``: forward, then answer 500 (the server committed, the client hears an error);
* ``slow_before``: wait past the client's timeout, then forward (a late commit);
* ``slow_after``: forward, then wait past the client's timeout before answering;
* ``duplicate``: forward the request twice at once and answer one of the two;
* ``truncate``: forward, then send half of the answer and close;
* ``garbage``: forward, then answer 200 with a body that is not JSON;
* ``hook``: forward on a thread and call ``on_hook(stage)`` at a random point (used to kill the
  server or the client process in the middle of a push).

``refuse()`` closes the listening socket (connection refused); ``listen()`` opens it again.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

FAULTS = (
    "reset",
    "500",
    "503",
    "drop_after",
    "500_after",
    "slow_before",
    "slow_after",
    "duplicate",
    "truncate",
    "garbage",
)


@dataclass
class ProxyStats:
    requests: int = 0
    faults: dict[str, int] = field(default_factory=dict)


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    lines = [
        line
        for line in head.split(b"\r\n")
        if line.partition(b":")[0].strip().lower() not in (b"connection", b"keep-alive")
    ]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


def _error(status: int, reason: str, extra: str = "") -> bytes:
    body = b'{"detail": "fault proxy"}'
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n{extra}\r\n"
    ).encode() + body


class FaultProxy:
    def __init__(self, upstream_port: int, *, client_timeout: float, seed: int) -> None:
        self.upstream_port = upstream_port
        self.client_timeout = client_timeout
        self.rng = random.Random(seed)
        self.rng_lock = threading.Lock()
        self.port = 0
        self.choose: Callable[[str, str], str] = lambda _method, _path: "pass"
        self.on_hook: Callable[[str], None] = lambda _stage: None
        self.stats = ProxyStats()
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []
        self._workers_lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- listening ----------------------------------------------------------------------------

    def listen(self) -> None:
        if self._listener is not None:
            return
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        sock.listen(64)
        sock.settimeout(0.05)
        self.port = sock.getsockname()[1]
        self._listener = sock
        self._stop.clear()
        self._thread = threading.Thread(target=self._accept, args=(sock,), daemon=True)
        self._thread.start()

    def refuse(self) -> None:
        """Stop listening: new connections are refused by the kernel."""
        sock, self._listener = self._listener, None
        if sock is None:
            return
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        sock.close()

    def close(self) -> None:
        self.refuse()
        self.drain()

    def drain(self, timeout: float = 30.0) -> None:
        """Wait for the requests in progress (a late ``slow_before`` commit, say)."""
        deadline = time.monotonic() + timeout
        with self._workers_lock:
            workers = list(self._workers)
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))

    def _accept(self, sock: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            worker.start()  # before it is listed: drain() may join it at any moment
            with self._workers_lock:
                self._workers = [w for w in self._workers if w.is_alive()] + [worker]

    # -- one request --------------------------------------------------------------------------

    def _upstream(self, request: bytes) -> bytes:
        """Forward ``request``; the whole answer, or b"" if the server was not there."""
        try:
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
                up.sendall(request)
                chunks = []
                while True:
                    chunk = up.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                return b"".join(chunks)
        except OSError:
            return b""

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(30)
            try:
                request = _read_request(conn)
            except OSError:
                return
            if request is None:
                return
            method, path = request.split(b" ", 2)[:2]
            fault = self.choose(method.decode(), path.decode())
            self.stats.requests += 1
            self.stats.faults[fault] = self.stats.faults.get(fault, 0) + 1
            with contextlib.suppress(OSError):
                self._act(conn, request, fault)

    def _act(self, conn: socket.socket, request: bytes, fault: str) -> None:
        late = self.client_timeout + 0.4
        if fault == "reset":
            conn.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            return
        if fault == "500":
            conn.sendall(_error(500, "Internal Server Error"))
            return
        if fault == "503":
            conn.sendall(_error(503, "Service Unavailable", "Retry-After: 1\r\n"))
            return
        if fault == "slow_before":
            time.sleep(late)
        if fault == "duplicate":
            twin: list[bytes] = []
            other = threading.Thread(target=lambda: twin.append(self._upstream(request)))
            other.start()
            answer = self._upstream(request)
            other.join()
            answer = self.pick([answer, *twin])
        elif fault == "hook":
            answer, stage = self._hooked(request)
        else:
            answer = self._upstream(request)
        if not answer or fault == "drop_after":
            return
        if fault == "500_after":
            conn.sendall(_error(500, "Internal Server Error"))
        elif fault == "slow_after":
            time.sleep(late)
            conn.sendall(answer)
        elif fault == "truncate":
            conn.sendall(answer[: max(1, len(answer) // 2)])
        elif fault == "garbage":
            body = b"<html>gateway says hello</html>"
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\nConnection: close\r\n\r\n"
                + body
            )
        else:
            conn.sendall(answer)
        if fault == "hook" and stage == "after":
            time.sleep(self.uniform(0.0, 0.03))
            self.on_hook(stage)

    def _hooked(self, request: bytes) -> tuple[bytes, str]:
        """Forward, calling ``on_hook`` before or during the server's work (or after the
        answer went out: the caller does that)."""
        stage = self.pick(["before", "during", "after"])
        if stage == "before":
            self.on_hook(stage)
            return b"", stage
        result: list[bytes] = []
        forward = threading.Thread(target=lambda: result.append(self._upstream(request)))
        forward.start()
        if stage == "during":
            time.sleep(self.uniform(0.0, 0.05))
            self.on_hook(stage)
        forward.join()
        return (result[0] if result else b""), stage

    def pick[T](self, options: list[T]) -> T:
        with self.rng_lock:
            return self.rng.choice(options)

    def uniform(self, low: float, high: float) -> float:
        with self.rng_lock:
            return self.rng.uniform(low, high)
