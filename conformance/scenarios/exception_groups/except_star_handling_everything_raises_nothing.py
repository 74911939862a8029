# When except* handles every exception of the group, nothing is re-raised.
from harness import describe, run, trace


def leaves(eg):
    for e in eg.exceptions:
        if isinstance(e, ExceptionGroup):
            yield from leaves(e)
        else:
            yield e


async def main():
    eg = ExceptionGroup("batch", [ValueError("x"), ExceptionGroup("sub", [ValueError("y")])])
    try:
        try:
            raise eg
        except* ValueError as matched:
            for e in leaves(matched):
                trace("handled", describe(e))
        trace("nothing re-raised")
    except ExceptionGroup as rest:
        trace("re-raised (not expected):", describe(rest))


run(main)
