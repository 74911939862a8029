# split() and subgroup() test the condition on the groups too, the outer one first: split by
# ExceptionGroup takes the whole group, whatever is inside it.
from harness import describe, run, trace


def show(group):
    return "None" if group is None else describe(group)


async def main():
    eg = ExceptionGroup("outer", [ValueError("a"), ExceptionGroup("inner", [TypeError("b")])])
    match, rest = eg.split(ExceptionGroup)
    trace("match:", show(match))
    trace("rest:", show(rest))
    trace("subgroup:", show(eg.subgroup(ExceptionGroup)))


run(main)
