"""Sharing independent work with a forked process (the offline CLI on a machine with a second CPU).

`shared(theirs, mine)` runs `theirs()` in a forked copy of this process while this one runs `mine()`,
and returns both results; the forked process sends its result back pickled through a pipe. Whatever
goes wrong over there (no fork, an exception, a crash), `theirs()` is run here instead, so the caller
gets the same results either way. Only for pure work: the forked process's other effects are lost.
Only where the caller allows it (`allowed()`): never inside a server or a worker with threads.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading

MIN_ROWS = 50_000  # below this a second process is not worth its start


def allowed() -> bool:
    return (os.cpu_count() or 1) > 1 and hasattr(os, "fork") and threading.active_count() == 1


def shared(theirs, mine):
    """(mine(), theirs()), `theirs` computed in a forked process when possible."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # nothing buffered is written twice
    try:
        r, w = os.pipe()
    except OSError:
        return mine(), theirs()
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return mine(), theirs()
    if pid == 0:  # the forked process: compute, send, leave without running the parent's exit code
        code = 1
        try:
            os.close(r)
            data = pickle.dumps(theirs(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(w, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    src = os.fdopen(r, "rb")
    try:
        here = mine()
        data = src.read()
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    finally:
        src.close()
    _pid, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return here, theirs()
    return here, pickle.loads(data)  # noqa: S301 - our own forked process's result
