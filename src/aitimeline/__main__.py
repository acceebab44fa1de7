"""``python -m aitimeline``: the ``aitimeline`` command (see ``aitimeline --help``)."""

from __future__ import annotations

from ._cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
