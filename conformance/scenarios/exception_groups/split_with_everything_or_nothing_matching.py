# split() when every exception matches gives (the whole group, None); when none does,
# (None, the whole group); the message is kept.
from harness import describe, run, trace


def show(group):
    return "None" if group is None else describe(group)


async def main():
    eg = ExceptionGroup("all values", [ValueError("a"), ExceptionGroup("n", [ValueError("b")])])
    match, rest = eg.split(ValueError)
    trace("all:", show(match), "|", show(rest))
    match, rest = eg.split(TypeError)
    trace("none:", show(match), "|", show(rest))


run(main)
