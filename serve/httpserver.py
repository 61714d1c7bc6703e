"""A small threaded HTTP/1.1 server for a WSGI application: one thread per connection.

Why not waitress: waitress parses every request in one asyncore thread and hands it to a worker
thread and back, which costs ~0.3 ms of Python per request; here the connection's own thread reads,
parses, runs the application and writes, so a keep-alive client pays no hand-overs (3-4x the
requests/s on small queries). Blocking socket calls release the GIL, so connections run in parallel
as far as Python allows.

Supported: keep-alive (HTTP/1.1 default, HTTP/1.0 with `Connection: keep-alive`), request bodies by
Content-Length or chunked transfer coding, `Expect: 100-continue`, chunked responses when the
application gives no Content-Length, HEAD. Guards: request line and headers at most 64 KiB,
at most `max_body` bytes of body, an idle timeout per connection, at most `max_connections`
connections at once (more wait in the listen backlog).
"""

from __future__ import annotations

import io
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from email.utils import formatdate
from urllib.parse import unquote_to_bytes

MAX_HEAD = 64 * 1024
REASONS = {100: "Continue", 400: "Bad Request", 408: "Request Timeout", 411: "Length Required",
           413: "Payload Too Large", 431: "Request Header Fields Too Large", 500: "Internal Server Error",
           501: "Not Implemented", 505: "HTTP Version Not Supported"}


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class _Date:
    """The Date header value, recomputed at most once a second."""

    def __init__(self) -> None:
        self._second, self._value = -1, ""

    def __call__(self) -> str:
        import time

        now = int(time.time())
        if now != self._second:
            self._second, self._value = now, formatdate(now, usegmt=True)
        return self._value


class _Body(io.RawIOBase):
    """wsgi.input: at most `length` bytes of the request body from the connection's reader."""

    def __init__(self, rfile, length: int) -> None:
        self.rfile, self.left = rfile, length

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        n = self.left if size is None or size < 0 else min(size, self.left)
        data = self.rfile.read(n)
        self.left -= len(data)
        if len(data) < n:
            raise ConnectionError("the client closed the connection in the middle of the request body")
        return data

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def readline(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        n = self.left if size is None or size < 0 else min(size, self.left)
        line = self.rfile.readline(n)
        self.left -= len(line)
        return line

    def drain(self) -> None:
        while self.left > 0:
            if not self.read(min(self.left, 65536)):
                break


class Server:
    """Serves `app` on (host, port) until `close()`; port 0 picks a free port (see `port`)."""

    def __init__(self, app: Callable, host: str = "127.0.0.1", port: int = 0, max_connections: int = 256,
                 idle_timeout: float = 60.0, max_body: int | None = 1 << 30, ident: str = "kg") -> None:
        self.app, self.host = app, host
        self.max_body, self.idle_timeout, self.ident = max_body, idle_timeout, ident
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.sock.listen(1024)
        self.port: int = self.sock.getsockname()[1]
        self._slots = threading.BoundedSemaphore(max_connections)
        self._closed = threading.Event()
        self._date = _Date()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def serve_forever(self) -> None:
        while not self._closed.is_set():
            self._slots.acquire()
            try:
                conn, addr = self.sock.accept()
            except OSError:
                self._slots.release()
                if self._closed.is_set():
                    return
                continue
            threading.Thread(target=self._connection, args=(conn, addr), daemon=True,
                             name="kg-http").start()

    def close(self) -> None:
        self._closed.set()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        with self._lock:
            for conn in list(self._open):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    # -- one connection -------------------------------------------------------------------------

    def _connection(self, conn: socket.socket, addr) -> None:
        with self._lock:
            self._open.add(conn)
        try:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.settimeout(self.idle_timeout)
            rfile = conn.makefile("rb", buffering=65536)
            while not self._closed.is_set():
                try:
                    keep = self._request(conn, rfile, addr)
                except _BadRequest as e:
                    self._simple(conn, e.status, e.message)
                    return
                if not keep:
                    return
        except (OSError, ConnectionError, ValueError):
            return  # the client went away or timed out
        finally:
            with self._lock:
                self._open.discard(conn)
            try:
                conn.close()
            except OSError:
                pass
            self._slots.release()

    def _simple(self, conn: socket.socket, status: int, message: str) -> None:
        body = (message + "\n").encode()
        head = (f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\nDate: {self._date()}\r\n\r\n").encode()
        try:
            conn.sendall(head + body)
        except OSError:
            pass

    def _read_head(self, rfile) -> tuple[str, str, str, list[tuple[str, str]]] | None:
        line = rfile.readline(MAX_HEAD + 1)
        while line in (b"\r\n", b"\n"):  # tolerated blank lines between requests
            line = rfile.readline(MAX_HEAD + 1)
        if not line:
            return None  # closed between requests
        if len(line) > MAX_HEAD or not line.endswith(b"\n"):
            raise _BadRequest(431 if len(line) > MAX_HEAD else 400, "request line too long or cut")
        parts = line.decode("latin-1").split()
        if len(parts) != 3:
            raise _BadRequest(400, "malformed request line")
        method, target, version = parts
        if not version.startswith("HTTP/1."):
            raise _BadRequest(505, "only HTTP/1.x is served")
        headers: list[tuple[str, str]] = []
        size = len(line)
        while True:
            line = rfile.readline(MAX_HEAD + 1)
            size += len(line)
            if size > MAX_HEAD:
                raise _BadRequest(431, "request headers too large")
            if not line.endswith(b"\n"):
                raise _BadRequest(400, "request headers cut")
            if line in (b"\r\n", b"\n"):
                break
            if line[0] in b" \t":
                raise _BadRequest(400, "folded header lines are not accepted")
            name, sep, value = line.decode("latin-1").partition(":")
            if not sep or not name or name != name.strip():
                raise _BadRequest(400, "malformed header line")
            if "_" not in name:  # X_Forwarded_For would pose as X-Forwarded-For in the environ: dropped
                headers.append((name, value.strip()))
        return method, target, version, headers

    def _request(self, conn: socket.socket, rfile, addr) -> bool:
        """Serve one request; whether the connection stays open for another."""
        head = self._read_head(rfile)
        if head is None:
            return False
        method, target, version, headers = head
        path, _, query = target.partition("?")
        if path.startswith(("http://", "https://")):  # absolute form
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        environ = {
            "REQUEST_METHOD": method, "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"), "QUERY_STRING": query,
            "RAW_URI": target, "REQUEST_URI": target, "SERVER_NAME": self.host, "SERVER_PORT": str(self.port),
            "SERVER_PROTOCOL": version, "REMOTE_ADDR": addr[0] if addr else "", "REMOTE_PORT": str(addr[1]) if addr else "",
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
            "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
        }
        connection, length, chunked, expect = "", None, False, ""
        for name, value in headers:
            key = name.upper().replace("-", "_")
            if key == "CONTENT_TYPE" or key == "CONTENT_LENGTH":
                environ[key] = value
            else:
                hk = "HTTP_" + key
                environ[hk] = f"{environ[hk]}, {value}" if hk in environ else value
            if key == "CONNECTION":
                connection = value.lower()
            elif key == "CONTENT_LENGTH":
                if not value.isdigit() or length is not None and length != int(value):
                    raise _BadRequest(400, "bad Content-Length")
                length = int(value)
            elif key == "TRANSFER_ENCODING":
                if value.lower() != "chunked":
                    raise _BadRequest(501, f"transfer coding {value} is not supported")
                chunked = True
            elif key == "EXPECT":
                expect = value.lower()
        if chunked and length is not None:
            raise _BadRequest(400, "both Content-Length and Transfer-Encoding")
        http11 = version == "HTTP/1.1"
        keep = ("close" not in connection) if http11 else ("keep-alive" in connection)
        too_big = self.max_body is not None and (length or 0) > self.max_body
        if expect == "100-continue" and http11 and not too_big and (length or chunked):
            conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        if chunked:
            data = self._read_chunked(rfile)
            body = _Body(io.BufferedReader(io.BytesIO(data)), len(data))
            environ["CONTENT_LENGTH"] = str(len(data))
        else:
            body = _Body(rfile, 0 if too_big else length or 0)
        environ["wsgi.input"] = body
        if too_big:  # the application answers 413 from CONTENT_LENGTH; the body is not read
            keep = False
        return self._respond(conn, environ, method, http11, keep, body)

    def _read_chunked(self, rfile) -> bytes:
        out = bytearray()
        while True:
            line = rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BadRequest(400, "malformed chunked body") from None
            if size == 0:
                while rfile.readline(MAX_HEAD) not in (b"\r\n", b"\n", b""):  # trailers
                    pass
                return bytes(out)
            if self.max_body is not None and len(out) + size > self.max_body:
                raise _BadRequest(413, f"the request body is larger than this server's limit of {self.max_body} bytes")
            chunk = rfile.read(size)
            if len(chunk) < size:
                raise ConnectionError("cut chunked body")
            out += chunk
            rfile.readline(16)

    def _respond(self, conn: socket.socket, environ: dict, method: str, http11: bool, keep: bool, body: _Body) -> bool:
        state: dict = {}
        out: list[bytes] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info=None):
            if exc_info and state.get("sent"):
                raise exc_info[1].with_traceback(exc_info[2])
            state["status"], state["headers"] = status, headers
            return out.append  # the legacy write()

        result = None
        try:
            result = self.app(environ, start_response)
            it = iter(result)
            first = next(it, b"")  # some applications call start_response on the first iteration
            head, chunked, keep = self._head(state["status"], state["headers"], method, http11, keep)
            state["sent"] = True
            if method == "HEAD":
                conn.sendall(head)
            elif chunked:
                pending = [head, *(_chunk(b) for b in (*out, first) if b)]
                conn.sendall(b"".join(pending))
                for data in it:
                    if data:
                        conn.sendall(_chunk(data))
                conn.sendall(b"0\r\n\r\n")
            else:
                conn.sendall(b"".join([head, *out, first]))
                for data in it:
                    if data:
                        conn.sendall(data)
        except Exception as e:
            if not state.get("sent"):
                if not isinstance(e, OSError):
                    traceback.print_exc()
                    self._simple(conn, 500, "internal server error")
            # else the response cannot change any more: closing shows the client it is cut
            return False
        finally:
            if hasattr(result, "close"):
                result.close()
        if keep:
            try:
                body.drain()
            except (OSError, ConnectionError):
                return False
        return keep

    def _head(self, status: str, headers: list[tuple[str, str]], method: str, http11: bool,
              keep: bool) -> tuple[bytes, bool, bool]:
        """(the response head, whether the body goes chunked, whether the connection stays open)."""
        has_length = any(n.lower() == "content-length" for n, _ in headers)
        chunked = not has_length and method != "HEAD" and not _no_body(status)
        if chunked and not http11:
            keep, chunked = False, False  # HTTP/1.0: the end of the body is the end of the connection
        lines = [f"HTTP/1.1 {status}\r\n", *(f"{n}: {v}\r\n" for n, v in headers),
                 f"Server: {self.ident}\r\nDate: {self._date()}\r\n"]
        if not keep:
            lines.append("Connection: close\r\n")
        elif not http11:
            lines.append("Connection: keep-alive\r\n")
        if chunked:
            lines.append("Transfer-Encoding: chunked\r\n")
        lines.append("\r\n")
        return "".join(lines).encode("latin-1"), chunked, keep


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def _no_body(status: str) -> bool:
    return status[:3] in ("204", "304") or status[0] == "1"
