# except* ValueError handles the ValueErrors at any depth; the other exceptions are re-raised
# as a group with the original message and nesting, to the next handler.
from harness import describe, run, trace


def leaves(eg):
    for e in eg.exceptions:
        if isinstance(e, ExceptionGroup):
            yield from leaves(e)
        else:
            yield e


async def main():
    eg = ExceptionGroup("batch", [
        ValueError("bad 1"),
        TypeError("wrong"),
        ExceptionGroup("sub", [ValueError("bad 2"), TimeoutError("slow")]),
    ])
    try:
        try:
            raise eg
        except* ValueError as matched:
            for e in leaves(matched):
                trace("handled", describe(e))
    except ExceptionGroup as rest:
        trace("re-raised:", describe(rest))


run(main)
