#!/usr/bin/env python3
"""Runs a command and writes what it cost, measured the same way for every program.

    run_measured.py OUT_FILE COMMAND [ARG...]

The command inherits stdin, stdout, stderr and the CPU affinity. When it ends, one line goes to
OUT_FILE:

    measured exit=N wall_s=X cpu_user_ms=X cpu_sys_ms=X max_rss_kib=X

from the kernel's accounting of that process and its reaped children (os.wait4's rusage:
utime and stime to the microsecond, ru_maxrss the peak RSS), and the wall time from just
before the fork to the end of the wait. The wrapper's own start-up is in none of these.
http_compare.sh runs every client through it, so that CPU, memory and time are read alike
for all of them. The exit status is the command's (128 + N if signal N killed it).
"""
import os
import sys
import time


def main() -> int:
    if len(sys.argv) < 3:
        print("usage: run_measured.py OUT_FILE COMMAND [ARG...]", file=sys.stderr)
        return 2
    out, command = sys.argv[1], sys.argv[2:]
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    code = code if code >= 0 else 128 - code
    with open(out, "w") as f:
        f.write(f"measured exit={code} wall_s={wall:.4f} cpu_user_ms={usage.ru_utime * 1e3:.1f} "
                f"cpu_sys_ms={usage.ru_stime * 1e3:.1f} max_rss_kib={usage.ru_maxrss}\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
