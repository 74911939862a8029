# ExceptionGroup.split(T) looks at every exception at any depth and returns two groups with the
# same nesting and the same messages: the T ones and the others; a nested group left empty on
# one side is dropped from it.
from harness import describe, run, trace


class AppError(Exception):
    pass


def show(group):
    return "None" if group is None else describe(group)


async def main():
    eg = ExceptionGroup("outer", [
        ValueError("a"),
        ExceptionGroup("inner", [AppError("b"), ValueError("c")]),
        ExceptionGroup("only apps", [AppError("d")]),
        AppError("e"),
    ])
    match, rest = eg.split(ValueError)
    trace("match:", show(match))
    trace("rest:", show(rest))
    trace("original:", describe(eg))


run(main)
