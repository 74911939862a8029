# str() of a group is its message and the number of its direct sub-exceptions (a nested group
# counts as one); message and exceptions give the parts.
from harness import describe, run, trace


async def main():
    one = ExceptionGroup("single", [ValueError("v")])
    nested = ExceptionGroup("outer", [one, ValueError("w"), ExceptionGroup("b", [TimeoutError()])])
    trace("str:", str(one))
    trace("str:", str(nested))
    trace("message:", nested.message, "direct:", len(nested.exceptions))
    trace("second:", describe(nested.exceptions[1]))


run(main)
