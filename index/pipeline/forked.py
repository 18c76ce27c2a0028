"""One computation in a forked child process while the builder goes on with other work.

Stage: build time, around the translation stage (index.pipeline.groups).
The builder runs serial steps that do not depend on each other (grouping
repeated texts while it links) on one core while the other idles.
:class:`Forked` runs the first in a child forked from the builder, which
sees the builder's data as it is (copy-on-write, nothing pickled on the way
in) and sends back only the result.  If the child cannot be forked or does
not answer, the builder computes the result itself: the same function on
the same data, so the same answer (and the same exception, if it raises).
"""

from __future__ import annotations

import gc
import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

__all__ = ["Forked"]

T = TypeVar("T")


class Forked(Generic[T]):
    """``fn()`` computed in a forked child (``fork=True``) or, at :meth:`result`, in this process."""

    def __init__(self, fn: Callable[[], T], fork: bool = True) -> None:
        self.fn = fn
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None
        if not fork:
            return
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        # Frozen, the builder's objects are left alone by the child's garbage
        # collector instead of being copied page by page.
        gc.freeze()
        try:
            # A daemon, so that a builder that exits without close() does not wait for it.
            self.process = ctx.Process(target=_child, args=(fn, send), daemon=True)
            self.process.start()
        except OSError:  # no memory or no process left to fork: compute it here
            self.process = None
            receive.close()
        else:
            self.conn = receive
        finally:
            gc.unfreeze()
            send.close()

    def result(self) -> T:
        """The child's answer (waiting for it), or ``fn()`` computed here if there is none."""
        ok, value = False, None
        if self.conn is not None:
            try:
                ok, value = self.conn.recv()
            except (EOFError, OSError):  # the child died (killed, out of memory)
                ok = False
            if self.process is not None:
                self.process.join()  # it has answered, or is gone
        self.close()
        return value if ok else self.fn()  # type: ignore[return-value]

    def close(self) -> None:
        """Reap the child, stopping it if it still runs (the builder gave up on it)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
            self.process = None


def _child(fn: Callable[[], object], send: Connection) -> None:
    try:
        answer: tuple[bool, object] = (True, fn())
    except BaseException:  # the builder computes it again, and raises the same exception itself
        answer = (False, traceback.format_exc())
    send.send(answer)
    send.close()
