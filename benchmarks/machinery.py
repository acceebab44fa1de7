"""The class machinery's share of a first answer: attrs, as the library uses it, against msgspec's ``Struct``.

    python benchmarks/machinery.py            # needs msgspec: pip install msgspec (no extra of ours installs it)

Counts with valgrind, each in a fresh process, the instructions behind the decision in ``docs/performance.md``
("What is still short, and where the floor is"):

- importing each library (less ``python -c pass``);
- creating classes of the same shapes as every attrs class the command line's ``aitimeline state`` builds (the
  same names, fields and defaults, frozen, keyword-only; no validators or converters, which both would run in
  Python);
- and times making an instance of an 11-field event-like class (a tight loop, 10^5 instances), its size, and
  whether the garbage collector tracks it.

It measures shapes, not a port: the library's own classes stay attrs classes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

_SHAPES = """
import json, sys, attrs
sys.argv = ["aitimeline", "state", "2023-11-18"]
built = []
import attr._make as make
original = make._ClassBuilder.build_class
def build_class(self):
    cls = original(self)
    built.append(cls)
    return cls
make._ClassBuilder.build_class = build_class
import contextlib, io
from aitimeline._cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
shapes = [
    [cls.__name__, [[a.name, a.default is not attrs.NOTHING] for a in attrs.fields(cls)]]
    for cls in built if cls.__module__.startswith("aitimeline")
]
print(json.dumps(shapes))
"""

_CREATE = {
    "attrs": """
import attrs
NOTHING = attrs.NOTHING
for name, fields in shapes:
    attrs.make_class(name, {f: attrs.field(default=None) if d else attrs.field() for f, d in fields},
                     frozen=True, kw_only=True, slots=True)
""",
    "msgspec": """
import msgspec
from typing import Any
for name, fields in shapes:
    ordered = [(f, Any) for f, d in fields if not d] + [(f, Any, None) for f, d in fields if d]
    msgspec.defstruct(name, ordered, frozen=True, kw_only=True, gc=False)
""",
}

_INSTANCE = {
    "attrs": "import attrs\nC = attrs.make_class('C', {f: attrs.field() for f in names}, frozen=True, kw_only=True,"
    " slots=True)",
    "msgspec": "import msgspec\nfrom typing import Any\nC = msgspec.defstruct('C', [(f, Any) for f in names],"
    " frozen=True, kw_only=True, gc=False)",
}

_TIMED = """
import gc, json, sys, time, tracemalloc
names = [f"f{{i}}" for i in range(11)]
{setup}
kw = {{name: i for i, name in enumerate(names)}}
gc.disable()
start = time.perf_counter()
made = [C(**kw) for _ in range(100_000)]
seconds = time.perf_counter() - start
tracemalloc.start()
more = [C(**kw) for _ in range(10_000)]
size = tracemalloc.get_traced_memory()[0] / 10_000 - 8  # less the list's slot
print(json.dumps([seconds / 100_000 * 1e6, size, gc.is_tracked(made[0])]))
"""


def _instructions(code: str) -> int:
    """Instructions of a fresh ``python -c code``, counted by valgrind's cachegrind (no cache simulation)."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            "-c",
            code,
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"valgrind printed no count:\n{done.stderr}")
    return int(found.group(1).replace(",", ""))


def _output(code: str) -> Any:
    return json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


def main() -> int:
    try:
        import msgspec  # noqa: F401
    except ImportError:
        print("benchmarks/machinery.py compares attrs with msgspec: pip install msgspec first", file=sys.stderr)
        return 2
    if shutil.which("valgrind") is None:
        print("benchmarks/machinery.py counts instructions with valgrind: make valgrind first", file=sys.stderr)
        return 2
    subprocess.run([sys.executable, "-m", "aitimeline", "state", "2023-11-18"], check=True, capture_output=True)
    shapes = _output(_SHAPES)  # the command line's cache is warm: the classes a cached answer builds
    fields = sum(len(f) for _, f in shapes)
    bare = _instructions("pass")
    print(f"{len(shapes)} classes, {fields} fields: the shapes a cached `aitimeline state` builds\n")
    print(
        "| machinery | import, M instructions | create the classes, M instructions | one 11-field instance, µs"
        " | B/instance | GC-tracked |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for lib in ("attrs", "msgspec"):
        imported = _instructions(f"import {lib}")
        created = _instructions(f"shapes = {shapes!r}\n" + _CREATE[lib])
        per, size, tracked = _output(_TIMED.format(setup=_INSTANCE[lib]))
        print(
            f"| {lib} | {(imported - bare) / 1e6:.1f} | {(created - imported) / 1e6:.1f} | {per:.2f} | {size:.0f}"
            f" | {tracked} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
