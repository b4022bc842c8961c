"""A real webhook receiver on loopback for the alert tests: it records every request.

`Receiver(statuses=[500, 500, 500])` answers the first three requests with 500, then
200; `Receiver(always=503)` never succeeds; `delay` holds every answer back. Use it as
a context manager.
"""

import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 drops concurrent connections for a second
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # a sender killed mid-request
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class Receiver:
    def __init__(
        self, statuses: list[int] | None = None, always: int | None = None, delay: float = 0.0
    ) -> None:
        self.statuses = list(statuses or [])
        self.always = always
        self.delay = delay
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real receivers do

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    receiver.requests.append(Received(self.path, dict(self.headers), body))
                    status = receiver._next_status()
                time.sleep(receiver.delay)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:  # quiet
                return

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _next_status(self) -> int:
        if self.always is not None:
            return self.always
        return self.statuses.pop(0) if self.statuses else 200

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait_for(self, count: int, seconds: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + seconds
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return list(self.requests)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
