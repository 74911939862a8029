# Two except* clauses: the first takes its type from the group, the second from what is left,
# and what neither takes is re-raised.
from harness import describe, run, trace


class AppError(Exception):
    pass


def leaves(eg):
    for e in eg.exceptions:
        if isinstance(e, ExceptionGroup):
            yield from leaves(e)
        else:
            yield e


async def main():
    eg = ExceptionGroup("batch", [
        TypeError("t1"), ValueError("v1"), AppError("app"), ValueError("v2"), TypeError("t2"),
    ])
    try:
        try:
            raise eg
        except* ValueError as m:
            for e in leaves(m):
                trace("ValueError clause:", describe(e))
        except* TypeError as m:
            for e in leaves(m):
                trace("TypeError clause:", describe(e))
    except ExceptionGroup as rest:
        trace("re-raised:", describe(rest))


run(main)
