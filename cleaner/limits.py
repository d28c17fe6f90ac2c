"""A time limit on a piece of work: one input's cleaning may not run away with a whole run."""
from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class OverTime(BaseException):
    """The time is up. A BaseException, so that no handler for the errors of one rule or one
    reader takes it for theirs."""


def over_time(seconds: float) -> str:
    """What to tell of an input stopped by its time limit."""
    return f"stopped after {seconds:g} s, the time one input may take (see --timeout)"


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the code inside with OverTime after `seconds` (0: no limit).

    In the main thread, by an alarm signal: a Python handler runs between bytecodes, and the
    regex module checks for signals while it matches. Only the main thread takes signals, so in
    another one (a Dask worker's task) a timer thread sends the exception to it
    (PyThreadState_SetAsyncExc), which raises it at its next bytecode: there, a single regex
    match that runs away is stopped only when it returns."""
    if seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _timer(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    fired = [False]

    def stop(signum: int, frame: FrameType | None) -> None:
        fired[0] = True
        raise OverTime

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    _raise_if_lost(fired[0])


@contextmanager
def _timer(seconds: float) -> Iterator[None]:
    thread = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    inside = [True]  # the work is still inside the block: the exception may be sent
    fired = [False]

    def stop() -> None:
        with lock:
            if inside[0]:
                fired[0] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, ctypes.py_object(OverTime))

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            inside[0] = False
            # An exception sent as the work ended and not yet raised must not land outside.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, None)
    _raise_if_lost(fired[0])


def _raise_if_lost(fired: bool) -> None:
    """Raise OverTime for work that outran its limit and still ended normally. The exception is
    raised wherever the work is when the time is up, and it can be lost there: inside a finaliser
    the garbage collector runs (Python reports it as unraisable and goes on), or in code that
    catches everything. Work that outran its limit is over time all the same."""
    if fired:
        raise OverTime
