# Whether a group holds a T anywhere (subgroup(T) is not None): a T nested two groups deep
# counts, and a base class matches its subclasses.
from harness import run, trace


class AppError(Exception):
    pass


class DbError(AppError):
    pass


async def main():
    eg = ExceptionGroup("outer", [
        ValueError("v"),
        ExceptionGroup("mid", [ExceptionGroup("deep", [DbError("db")])]),
    ])
    for name, t in (("ValueError", ValueError), ("DbError", DbError), ("AppError", AppError),
                    ("TimeoutError", TimeoutError), ("TypeError", TypeError)):
        trace(name, eg.subgroup(t) is not None)


run(main)
