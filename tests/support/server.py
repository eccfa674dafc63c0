"""A server a test started: a free port on 127.0.0.1, its first answer, its stop."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time

import httpx

# How long the server may take to answer before the test gives up (a bound on
# the wait, not a speed check: it answers in about a second).
SERVER_START_LIMIT_S = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for(url: str, proc: subprocess.Popen[bytes]) -> httpx.Response | None:
    """The first answer from `url`, polling while `proc` runs, within the bound."""
    deadline = time.monotonic() + SERVER_START_LIMIT_S
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            time.sleep(0.2)
    return None


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the process group this test started (make and the server it runs)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)
