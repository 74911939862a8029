"""The Python side of the conformance suite: what a scenario's NAME.py imports.

A scenario runs its `main()` with `run(main)`, on an event loop with a virtual clock (the
twin of asyncio::VirtualClock): whenever the loop would wait for its next timer, it jumps the
clock there instead, after a non-blocking look for I/O. Everything it prints goes through
`trace()`, in the same words as the C++ twin, which prints through conformance.hpp.
"""
import asyncio
import selectors
import sys

__all__ = ["run", "trace", "elapsed", "describe", "kind", "repr_list", "deadline"]


class _JumpingSelector(selectors.DefaultSelector):
    """Never blocks while a timer is pending: the loop's clock jumps to it instead."""

    def __init__(self, loop):
        super().__init__()
        self._loop = loop

    def select(self, timeout=None):
        if timeout is None:  # no timer at all: wait for I/O as any loop does
            return super().select(None)
        events = super().select(0)
        if not events and timeout > 0:
            self._loop._virtual_now += timeout
        return events


class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._virtual_now = 0.0
        super().__init__(_JumpingSelector(self))

    def time(self):
        return self._virtual_now


def trace(*parts):
    """One line of the trace: the parts joined by spaces, as print() does."""
    print(*parts, flush=True)


def elapsed():
    """Virtual seconds since the scenario began, with three decimals."""
    return f"{asyncio.get_running_loop().time():.3f}"


def kind(exc):
    """The exception's type name alone."""
    return type(exc).__name__


def describe(exc):
    """'Type: message' ('Type' when the message is empty); a group as
    'Type: message [each sub-exception described]'."""
    if isinstance(exc, BaseExceptionGroup):
        inner = ", ".join(describe(e) for e in exc.exceptions)
        return f"{kind(exc)}: {exc.message} [{inner}]"
    text = str(exc)
    return f"{kind(exc)}: {text}" if text else kind(exc)


def repr_list(values):
    """A list as Python prints it ([1, 2], ['a', 'b'])."""
    return repr(list(values))


def deadline(when):
    """A loop time (a timeout's when()) in virtual seconds since the scenario began, with
    three decimals; None as 'None'."""
    return "None" if when is None else f"{when:.3f}"


def run(main):
    """Runs main() on a virtual clock, as asyncio.run() would; an exception that escapes it
    is traced, not raised, once the run has ended (the tasks left over cancelled), as the C++
    runner does."""
    error = None
    with asyncio.Runner(loop_factory=VirtualClockLoop) as runner:
        try:
            runner.run(main())
        except BaseException as exc:  # noqa: BLE001 -- the trace shows it
            error = exc
    if error is not None:
        trace("main raised", describe(error))
    sys.stdout.flush()
