# An exception raised by the call on the thread is raised by the await of to_thread, with its
# type and message; the awaiting task can catch it and go on.
import asyncio
from harness import describe, run, trace


def failing(text):
    raise ValueError(f"bad {text}")


def lookup(key):
    if key != "a":
        raise RuntimeError(f"no key {key}")
    return 1


async def main():
    try:
        await asyncio.to_thread(failing, "input")
    except ValueError as e:
        trace("caught", describe(e))
    try:
        await asyncio.to_thread(lookup, "a")
        trace("lookup a worked")
        await asyncio.to_thread(lookup, "b")
    except RuntimeError as e:
        trace("caught", describe(e))
    trace("main goes on")


run(main)
