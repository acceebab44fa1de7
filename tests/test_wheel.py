"""The bundled record ships inside the wheel: load() works from an installed package, not only a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel and installs it in a fresh virtual environment

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("aitimeline-*.whl"))


def test_wheel_contains_every_event_file(wheel: Path) -> None:
    """Every file of events/ is in the wheel under aitimeline/_data/, with py.typed."""
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"aitimeline/_data/{p.name}" for p in (ROOT / "events").glob("*.toml")}
    assert expected <= names
    assert "aitimeline/py.typed" in names
    assert "aitimeline/_show/page.html" in names  # the timeline page's style and script


def test_load_from_an_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    """Installed from the wheel alone (no checkout on the path), load() finds the bundled record."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import aitimeline as at; "
        "assert at.__file__.startswith(sys.argv[1]), at.__file__; "
        "print(at.load().state_at('2023-11-18').ceo('openai')); "
        "assert 'Mira Murati' in at.export.timeline_page(at.load())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(target)], check=True, capture_output=True, text=True, cwd=tmp_path
    )
    assert result.stdout.strip() == "mira-murati"
