# ExceptionGroup.subgroup(T) keeps the T exceptions at any depth, with the nesting; None when
# there is none.
from harness import describe, run, trace


class AppError(Exception):
    pass


class DbError(AppError):
    pass


def show(group):
    return "None" if group is None else describe(group)


async def main():
    eg = ExceptionGroup("outer", [
        ValueError("a"),
        ExceptionGroup("inner", [DbError("b"), ExceptionGroup("deep", [AppError("c")])]),
    ])
    trace("AppError:", show(eg.subgroup(AppError)))
    trace("DbError:", show(eg.subgroup(DbError)))
    trace("TimeoutError:", show(eg.subgroup(TimeoutError)))


run(main)
