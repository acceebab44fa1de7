"""The documentation's notebook (``docs/notebook.ipynb``) runs from top to bottom in a real Jupyter kernel, the
project's own Python, and shows its answers as HTML tables."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

pytestmark = pytest.mark.slow  # starts a kernel and runs every cell (about 10 s)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "notebook.ipynb"
KERNEL = "aitimeline-tests"
WHICH_PYTHON = "import sys\nprint(sys.executable)"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The notebook as run by a kernel of this Python (``sys.executable``, the project's virtual environment), from
    a kernel spec written to a temporary folder: whatever kernels the machine has installed are not used. The
    kernel's first cell says which Python it runs."""
    kernels = tmp_path_factory.mktemp("kernels")
    spec = kernels / KERNEL
    spec.mkdir()
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"}))
    manager = KernelManager(
        kernel_name=KERNEL,
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]),
        transport="ipc",  # local sockets in the temporary folder rather than TCP ports on the machine
        ip=str(kernels / "kernel"),
    )
    notebook = _read()
    notebook.cells.append(nbformat.v4.new_code_cell(WHICH_PYTHON))  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook, km=manager, timeout=120, allow_errors=True, resources={"metadata": {"path": str(ROOT / "docs")}}
    )
    client.execute()
    return notebook


def _read() -> Any:
    """The notebook as committed."""
    return nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]


def _outputs(notebook: Any) -> list[tuple[str, Any]]:
    return [(cell.source, output) for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]


def test_committed_without_outputs() -> None:
    """The notebook is committed as source only: the site's build and the tests run it, so its outputs are always
    those of the code as it is."""
    notebook = _read()
    nbformat.validate(notebook)
    assert [cell.outputs for cell in notebook.cells if cell.cell_type == "code"] == [
        [] for cell in notebook.cells if cell.cell_type == "code"
    ]
    assert all(cell.execution_count is None for cell in notebook.cells if cell.cell_type == "code")


def test_every_cell_runs_without_an_error(executed: Any) -> None:
    errors = [(source, output) for source, output in _outputs(executed) if output.output_type == "error"]
    errors += [(s, o) for s, o in _outputs(executed) if o.output_type == "stream" and o.name == "stderr"]
    assert errors == []
    ran = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert all(cell.outputs for cell in ran), [cell.source for cell in ran if not cell.outputs]


def test_the_kernel_is_this_python(executed: Any) -> None:
    (output,) = executed.cells[-1].outputs
    assert executed.cells[-1].source == WHICH_PYTHON
    assert output.text.strip() == sys.executable


def test_the_cap_table_shows_as_an_html_table(executed: Any) -> None:
    (cell,) = [c for c in executed.cells if c.cell_type == "code" and c.source == 'state.cap_table("openai-group")']
    (output,) = cell.outputs
    html = output.data["text/html"]
    assert "<table" in html
    rows = re.findall(r"<tr>(.*?)</tr>", html)
    cells = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in rows]
    assert cells[0][:3] == ["Holder", "Stake", "Line"]
    assert cells[1][:3] == ["microsoft", "about 27 % (as-converted, diluted)", "reported"]
    assert cells[2][:3] == ["openai", "about 26 %", "reported"]
    assert output.data["text/plain"].startswith("Cap table: 3 holders")


def test_every_answer_shows_as_html_with_names_and_no_repr(executed: Any) -> None:
    shown = {source: output.data for source, output in _outputs(executed) if output.output_type == "execute_result"}
    html = {source: data["text/html"] for source, data in shown.items() if "text/html" in data}
    assert len(html) == 8, sorted(shown)  # state, cap table, two histories, diff, explanation, learned, reconcile
    state = html['state = tl.state_at("2025-11-01")\nstate']
    assert "OpenAI Group PBC" in state
    assert "Sam Altman" in state
    assert "Emmett Shear" in html['tl.history(lambda s: s.ceo("openai"))']
    assert "Greg Brockman → Bret Taylor" in html['tl.diff("2023-11-16", "2023-11-30")']  # the board's chair
    why = html['tl.explain(lambda s: s.stake("microsoft", "openai-group"), at="2025-11-01")']
    assert '<a href="https://' in why
    assert "Reconciliation:" in html["tl.reconcile()"]
    assert "none → 32.5 %" in html['tl.learned("2025-10-27", "2025-10-29")']
    for source, data in shown.items():
        assert not re.search(r"\b\w+\(\w+=|datetime\.date\(|<aitimeline\.", data["text/plain"]), source
