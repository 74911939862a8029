#!/usr/bin/env python3
"""Runs one conformance scenario twice, NAME.py on CPython and NAME.cpp through
conformance_runner, and compares their traces line by line.

    compare.py --runner BIN --python PY scenarios/AREA/NAME
    compare.py --program BIN --python PY course/CHAPTER     a course chapter: its Python
                                                            program beside our example

When NAME.expected exists, the C++ trace is compared with the trace it holds instead, and the
report says why (see expectations.py): the library follows a newer CPython than the one
installed, or deviates on purpose. A mismatch prints the two traces side by side; the exit
status is 1.
"""
import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from expectations import read_expectation  # noqa: E402

TIMEOUT_S = 60
WIDTH = 58


def run(command, env=None):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S,
                              env=env)
    except subprocess.TimeoutExpired:
        return None, f"{command[0]} did not finish within {TIMEOUT_S} s"
    if done.returncode != 0:
        return None, f"{command[0]} exited with status {done.returncode}:\n{done.stderr}"
    return done.stdout.splitlines(), done.stderr


def side_by_side(left_title, left, right_title, right):
    lines = [f"  {left_title:<{WIDTH}} | {right_title}", "  " + "-" * WIDTH + "-+-" + "-" * WIDTH]
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else "(nothing)"
        b = right[i] if i < len(right) else "(nothing)"
        mark = "  " if a == b else "!!"
        lines.append(f"{mark}{a:<{WIDTH}} | {b}")
    return "\n".join(lines)


def python_version(python):
    """The version of `python`: this interpreter's own when it is the same one (CTest runs
    compare.py with the CPython it compares with), which saves starting it once more."""
    if os.path.realpath(python) == os.path.realpath(sys.executable):
        return platform.python_version()
    return subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                          capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    side = parser.add_mutually_exclusive_group(required=True)
    side.add_argument("--runner", help="conformance_runner: runs the scenario of that name")
    side.add_argument("--program", help="a program to run as it is (a course chapter)")
    parser.add_argument("--arg", action="append", default=[],
                        help="an argument for --program (repeatable)")
    parser.add_argument("--python", required=True)
    parser.add_argument("scenario", help="scenarios/AREA/NAME, without an extension")
    args = parser.parse_args()
    scenario = Path(args.scenario)
    name = scenario.name
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent),
               PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    cpython = python_version(args.python)

    python_trace, python_err = run([args.python, str(scenario.with_suffix(".py"))], env)
    cpp_trace, cpp_err = run([args.runner, name] if args.runner else [args.program, *args.arg])
    if python_trace is None:
        print(f"FAIL {name}: the Python scenario failed on CPython {cpython}: {python_err}")
        return 1
    if cpp_trace is None:
        print(f"FAIL {name}: the C++ scenario failed: {cpp_err}")
        return 1

    expectation = read_expectation(scenario.with_suffix(".expected"))
    if expectation is None:
        if cpp_trace == python_trace:
            print(f"ok {name}: the same {len(cpp_trace)} lines as CPython {cpython}")
            return 0
        print(f"FAIL {name}: the traces differ\n"
              + side_by_side(f"CPython {cpython} ({name}.py)", python_trace,
                             f"asyncio-cpp ({Path(args.program).name if args.program else name + '.cpp'})",
                             cpp_trace))
        return 1

    label = expectation.label()
    if cpp_trace != expectation.trace:
        print(f"FAIL {name}: the trace differs from {name}.expected ({label})\n"
              + side_by_side(f"{name}.expected", expectation.trace,
                             f"asyncio-cpp ({name}.cpp)", cpp_trace))
        return 1
    cpython_agrees = "the same" if python_trace == expectation.trace else "differs"
    print(f"ok {name}: the {len(cpp_trace)} lines of {name}.expected ({label}); "
          f"CPython {cpython}'s trace {cpython_agrees}\n  why: {expectation.why}")
    if python_trace != expectation.trace:
        print(side_by_side(f"{name}.expected", expectation.trace,
                           f"CPython {cpython} ({name}.py)", python_trace))
    return 0


if __name__ == "__main__":
    sys.exit(main())
