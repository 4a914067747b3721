"""The sync engine's background thread: when to run the next pass.

One daemon thread sleeps on a condition until the pass's own next wake-up
(the next source due, the next outbox item's undo window), the outbox
changes (``wake``), the user asks (``sync_now``) or ``stop``. What a pass
does is the engine's; this only decides when, and keeps anything a pass
raises from ending the thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

STOP_JOIN_S = 5.0


class Scheduler:
    def __init__(
        self,
        run_pass: Callable[[bool], None],
        sleep_seconds: Callable[[], float],
        *,
        name: str = "engage-sync",
    ) -> None:
        """``run_pass(forced)`` is one pass (forced: the user asked for it)
        and must not raise; ``sleep_seconds()`` is how long to wait after it
        unless woken."""
        self._run_pass = run_pass
        self._sleep_seconds = sleep_seconds
        self._name = name
        self._cond = threading.Condition()
        self._woken = False
        self._forced = False
        self._stopping = False
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            # A send in flight finishes within the platform's timeouts; if
            # the process exits first, the row stays in `sending` and the
            # next start reconciles it before any retry.
            thread.join(STOP_JOIN_S)

    def sync_now(self) -> None:
        with self._cond:
            self._forced = True
            self._cond.notify_all()

    def wake(self) -> None:
        with self._cond:
            self._woken = True
            self._cond.notify_all()

    def _loop(self) -> None:
        while True:
            with self._cond:
                if self._stopping:
                    return
                forced, self._forced = self._forced, False
                self._woken = False
            self._run_pass(forced)
            delay = self._sleep_seconds()
            with self._cond:
                if not (self._stopping or self._woken or self._forced):
                    self._cond.wait(delay)
