"""``python -m aitimeline [DATE ...]``: the record's story on key dates, or the state on the dates given."""

from __future__ import annotations

import sys

from . import load
from ._demo import story
from ._errors import AitimelineError


def main(argv: list[str]) -> int:
    try:
        timeline = load()
        if argv:
            print(story(timeline, tuple((d, "as asked") for d in argv)))
        else:
            print(story(timeline))
    except AitimelineError as exc:
        print(f"aitimeline: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
