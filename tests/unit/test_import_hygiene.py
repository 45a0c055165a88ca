"""The layers hold: lint-imports checks them statically; this checks them for real.

Both read the one list of layers in pyproject.toml, so a package added to a layer (or a
module added anywhere in one) is covered without editing this file.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib

import kiosk
from tests.support.paths import REPO

CONTRACTS = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"][
    "contracts"
]
LAYERS: list[str] = next(c for c in CONTRACTS if c["type"] == "layers")["layers"]


def names(line: str) -> list[str]:
    """The packages a layer's line names ("a | b": independent packages in one layer)."""
    return [name.strip() for name in line.replace(":", "|").split("|")]


def packages_below(layer: str) -> list[str]:
    """Every package beside `layer` in its layer and in the layers under it, as `kiosk.<name>`."""
    index = next(i for i, line in enumerate(LAYERS) if layer in names(line))
    beside = [name for name in names(LAYERS[index]) if name != layer]
    below = [name for line in LAYERS[index + 1 :] for name in names(line)]
    return [f"kiosk.{name}" for name in beside + below]


def modules_in(packages: list[str]) -> list[str]:
    """Each package and every module inside it."""
    names = []
    for package in packages:
        names.append(package)
        module = __import__(package, fromlist=["_"])
        if hasattr(module, "__path__"):
            names += [m.name for m in pkgutil.walk_packages(module.__path__, f"{package}.")]
    return names


def test_the_layers_name_every_package_in_kiosk() -> None:
    named = {name for line in LAYERS for name in names(line)}
    found = {m.name for m in pkgutil.iter_modules(kiosk.__path__)}
    assert found == named


def test_nothing_below_the_ui_loads_textual() -> None:
    core = modules_in(packages_below("ui"))
    assert "kiosk.messages.store" in core and "kiosk.listening.listener" in core
    assert "kiosk.sync" in core
    code = (
        "import sys\n"
        f"for name in {core!r}: __import__(name)\n"
        "ui = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('kiosk.ui'))\n"
        "print(','.join(ui))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_import_linter_contracts_hold() -> None:
    linter = [
        sys.executable,
        "-c",
        "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
    ]
    result = subprocess.run(linter, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(CONTRACTS)} kept, 0 broken" in result.stdout


def test_the_top_level_is_the_design_cards() -> None:
    """kiosk/, kiosk/screens/, kiosk/audio/, content/, tests/, pyproject.toml, README.md."""
    for folder in ("kiosk", "kiosk/screens", "kiosk/audio", "content", "tests"):
        assert (REPO / folder).is_dir(), folder
    for name in ("pyproject.toml", "README.md"):
        assert (REPO / name).is_file(), name
    # Screens in one place: visitor, staff and dialogs, and none left inside kiosk/ui.
    for kind in ("visitor", "staff", "dialogs"):
        assert list((REPO / "kiosk" / "screens" / kind).glob("*.py")), kind
    assert not (REPO / "kiosk" / "ui" / "screens").exists()
    # The sample content is where staff look first, and nowhere else in the package.
    assert (REPO / "content" / "kiosk.toml").is_file()
    assert not (REPO / "kiosk" / "sample_content").exists()


def test_the_bundled_content_is_the_top_level_content_folder() -> None:
    from kiosk.core.paths import BUNDLED_CONTENT

    assert BUNDLED_CONTENT.resolve() == (REPO / "content").resolve()


def test_screens_and_the_ui_never_load_a_store() -> None:
    """Screens get the message service; the SQLite store is for wiring and the CLI only."""
    forbidden = next(c for c in CONTRACTS if c["type"] == "forbidden")
    assert set(forbidden["source_modules"]) == {"kiosk.screens", "kiosk.ui"}
    assert "kiosk.messages.store" in forbidden["forbidden_modules"]
    front = modules_in(["kiosk.screens", "kiosk.ui"])
    code = (
        "import sys\n"
        f"for name in {front!r}: __import__(name)\n"
        f"print(','.join(sorted(set({forbidden['forbidden_modules']!r}) & set(sys.modules))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
