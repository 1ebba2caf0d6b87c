"""Test examples run under a ceiling: each in a child process forked for it, its address
space and processor time limited, so an example that blows up (a polars plan grown past
memory, a number that never stops growing) fails that example, named, instead of the
machine (test_backends.py's property test; `make fuzz`).

A server process (`python tests/ceiling.py`) imports the module of a request once, without
running anything of it, and forks one child per request: a polars thread pool started before
a fork would deadlock the child, so the server never computes with polars. A request is a JSON
line (module, function, keyword arguments as JSON); the answer a JSON line: the child's exit
status, its peak resident memory and the function's failure (an AssertionError's message).
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import select
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

MEMORY = 2_500_000_000  # bytes of address space; polars alone reserves about 1.1 GB of it
PEAK = 1000  # MB resident an example may reach (the random plans' highest: about 160)
PROCESSOR = 120  # seconds of processor time an example may use
WALL = 300  # seconds an example may take on a loaded machine
PROGRESS = 100  # examples between two lines of progress on standard error


@dataclass(frozen=True)
class Outcome:
    """A child's end: exit status (negative: the signal), peak memory, failure message."""

    status: int
    peak_mb: int
    failure: str | None

    def blown(self) -> str | None:
        """Why the child died past a ceiling or rose past PEAK (None: it did not)."""
        if self.status == 0:
            return None if self.peak_mb <= PEAK else \
                f"a peak of {self.peak_mb} MB resident, over the {PEAK} MB an example may use"
        if self.status == -signal.SIGXCPU:
            return f"more than {PROCESSOR} s of processor time"
        if self.status == -signal.SIGKILL:
            return (f"no end in {WALL} s, killed (a child that failed an allocation past the "
                    f"ceiling of {MEMORY // 10 ** 6} MB can hang)")
        if self.status < 0:
            return (f"killed by {signal.Signals(-self.status).name} at {self.peak_mb} MB "
                    f"(an allocation refused past the ceiling of {MEMORY // 10 ** 6} MB)")
        return f"exit status {self.status} at {self.peak_mb} MB: {self.failure}"


class Ceiling:
    """The server, started on the first request; `close` ends it."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def run(self, module: str, function: str, **arguments) -> Outcome:
        """`module.function(**arguments)` in a child under the ceilings."""
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                text=True, cwd=Path(__file__).parent.parent)
        request = {"module": module, "function": function, "arguments": arguments}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        return Outcome(answer["status"], answer["peak_mb"], answer["failure"])

    def close(self) -> None:
        """The server ended (its stdin closed: it finishes the child it waits for)."""
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait()
            self.process = None


def serve() -> None:
    """The server's loop: a child per request line, an answer line per child."""
    sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parent.parent)]
    count, highest = 0, 0
    for line in sys.stdin:
        request = json.loads(line)
        function = getattr(importlib.import_module(request["module"]), request["function"])
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _child(function, request["arguments"], write)
        os.close(write)
        status, peak, failure = _wait(pid, read)
        print(json.dumps({"status": status, "peak_mb": peak, "failure": failure}), flush=True)
        count, highest = count + 1, max(highest, peak)
        if count % PROGRESS == 0:  # seen with pytest -s (`make fuzz`)
            print(f"ceiling: {count} examples, the highest peak {highest} MB", file=sys.stderr,
                  flush=True)


def _wait(pid: int, read: int) -> tuple[int, int, str | None]:
    """A child's exit status, peak memory (MB) and failure, read from its pipe as it comes;
    a child not done in WALL seconds is killed (one that failed an allocation can hang)."""
    chunks, deadline = [], time.monotonic() + WALL
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
        if select.select([read], [], [], 0.05)[0]:
            chunks.append(os.read(read, 1 << 16))
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    return (os.waitstatus_to_exitcode(status), usage.ru_maxrss // 1024,
            b"".join(chunks).decode() or None)


def _child(function, arguments: dict, write: int) -> None:
    """The function run under the ceilings; its failure (if any) written to `write`."""
    code, failure = 0, ""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        resource.setrlimit(resource.RLIMIT_CPU, (PROCESSOR, PROCESSOR + 5))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        function(**arguments)
    except AssertionError as exc:
        failure = str(exc) or "assertion failed"
    except MemoryError:
        code, failure = 3, "MemoryError (past the ceiling)"
    except BaseException:  # noqa: BLE001 - shown to the test as a traceback
        code, failure = 3, traceback.format_exc()
    finally:
        with os.fdopen(write, "w") as pipe:
            pipe.write(failure)
        os._exit(code)


if __name__ == "__main__":
    serve()
