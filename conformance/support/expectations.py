"""A scenario's NAME.expected: the trace the C++ side must print when it is not CPython's.

    # kind: newer-cpython            (the library follows a CPython newer than the installed one)
    # kind: deviation                (the library differs on purpose)
    # why: one line on what differs and why
    # source: the CPython source lines that define the newer behaviour (newer-cpython), or
    #         the README section that documents the deviation (deviation)
    ---
    the trace, one event a line

`# ` lines before the `---` may repeat `why:` and `source:` to continue them.
"""
from dataclasses import dataclass, field
from pathlib import Path

KINDS = {
    "newer-cpython": "the behaviour of a CPython newer than the one installed",
    "deviation": "a documented deviation",
}


@dataclass
class Expectation:
    path: Path
    kind: str
    why: str
    source: str
    trace: list = field(default_factory=list)

    def label(self):
        return f"{KINDS[self.kind]}; {self.source}"


def read_expectation(path):
    """The expectation in `path`, or None if there is no such file; ValueError if it is
    malformed."""
    path = Path(path)
    if not path.exists():
        return None
    lines = path.read_text().splitlines()
    if "---" not in lines:
        raise ValueError(f"{path}: no '---' line before the trace")
    cut = lines.index("---")
    fields = {}
    last = None
    for line in lines[:cut]:
        if not line.startswith("# "):
            raise ValueError(f"{path}: a header line must start with '# ': {line!r}")
        key, sep, value = line[2:].partition(":")
        if sep and key.strip() in ("kind", "why", "source"):
            last = key.strip()
            fields[last] = value.strip()
        elif last:
            fields[last] += " " + line[2:].strip()
        else:
            raise ValueError(f"{path}: unknown header line {line!r}")
    for key in ("kind", "why", "source"):
        if not fields.get(key):
            raise ValueError(f"{path}: the header has no '{key}:'")
    if fields["kind"] not in KINDS:
        raise ValueError(f"{path}: kind must be one of {', '.join(KINDS)}")
    return Expectation(path, fields["kind"], fields["why"], fields["source"], lines[cut + 1:])
