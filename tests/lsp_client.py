"""A small Language Server Protocol client, as an editor speaks it: JSON-RPC
over a subprocess's standard input and output, with ``Content-Length``
framing. Shared by tests/test_lsp.py and benchmarks/lsp_latency.py."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


class ServerError(Exception):
    pass


class Client:
    """``postlint lsp`` in a subprocess, and what it sends back."""

    def __init__(self, cwd: Path, *args: str, env: dict[str, str] | None = None) -> None:
        command = [sys.executable, "-m", "postlint", "lsp", *args]
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
        self._next_id = 0
        self._responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        #: notifications from the server, in order (method, params, time received).
        self.notifications: queue.Queue[tuple[str, Any, float]] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # -- framing ----------------------------------------------------------------------
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        out = self.process.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            if length is None:
                continue
            message = json.loads(out.read(length))
            if "id" in message and "method" not in message:
                with self._lock:
                    box = self._responses.setdefault(message["id"], queue.Queue())
                box.put(message)
            elif "method" in message and "id" in message:
                self._send({"id": message["id"], "result": None})  # requests from the server
            elif "method" in message:
                self.notifications.put((message["method"], message.get("params"), time.perf_counter()))

    # -- messages ---------------------------------------------------------------------
    def request(self, method: str, params: Any, timeout: float = 30) -> Any:
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            box = self._responses.setdefault(ident, queue.Queue())
        self._send({"id": ident, "method": method, "params": params})
        try:
            message = box.get(timeout=timeout)
        except queue.Empty:
            raise ServerError(f"no answer to {method} in {timeout}s; stderr: {self.stderr()}") from None
        if "error" in message:
            raise ServerError(f"{method}: {message['error']}")
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def wait_for(self, method: str, uri: str | None = None, timeout: float = 30) -> tuple[Any, float]:
        """The next notification ``method`` (for ``uri``), and when it came."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ServerError(f"no {method} for {uri} in {timeout}s; stderr: {self.stderr()}")
            try:
                name, params, when = self.notifications.get(timeout=left)
            except queue.Empty:
                continue
            if name == method and (uri is None or (params or {}).get("uri") == uri):
                return params, when

    def diagnostics(self, uri: str, timeout: float = 30) -> list[dict[str, Any]]:
        params, _when = self.wait_for("textDocument/publishDiagnostics", uri, timeout)
        return list(params["diagnostics"])

    # -- a session --------------------------------------------------------------------
    def initialize(self, root: Path, options: dict[str, Any] | None = None) -> Any:
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {},
            "initializationOptions": options or {}})
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str, version: int = 1) -> str:
        uri = path.resolve().as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": version, "text": text}})
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def stderr(self) -> str:
        if self.process.poll() is None:
            return "(still running)"
        return (self.process.stderr.read() if self.process.stderr else b"").decode("utf-8", "replace")

    def shutdown(self) -> int:
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            return self.process.wait(timeout=10)
        finally:
            self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def apply_edits(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply LSP text edits (UTF-16 positions) to a text, as an editor does."""
    def offset(position: dict[str, int]) -> int:
        lines = text.splitlines(keepends=True)
        start = sum(len(line) for line in lines[: position["line"]])
        row = lines[position["line"]] if position["line"] < len(lines) else ""
        units = 0
        for index, ch in enumerate(row):
            if units >= position["character"]:
                return start + index
            units += 2 if ord(ch) > 0xFFFF else 1
        return start + len(row.rstrip("\r\n")) if units < position["character"] else start + len(row)

    spans = sorted(((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits),
                   reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text
