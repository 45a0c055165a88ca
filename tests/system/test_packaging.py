"""Issue 10: a wheel built from the repo carries all the kiosk needs, and runs outside it.

The wheel is built from a copy of the source (so the worktree gets no build/ folder) with
the build tools already in .venv, and installed with --no-deps into a fresh venv. The
kiosk's own dependencies come from this .venv's site-packages through a .pth line (a
plain path: the .pth files in that folder, the editable install among them, are not run),
so the test needs no network. Every command then runs from a folder outside the repo.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk import __version__
from tests.support.paths import REPO
from tests.support.terminal import Terminal

pytestmark = pytest.mark.terminal

PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]

NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


@dataclass(frozen=True)
class Built:
    wheel: Path
    log: str
    """What pip and setuptools said while building it (verbose, so warnings show)."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The wheel, built from a copy of the source with the build tools in .venv."""
    root = tmp_path_factory.mktemp("build")
    source, wheels = root / "source", root / "wheels"
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)
    build = subprocess.run(
        [*PIP, "wheel", "-v", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    [wheel] = wheels.glob("mutuality_kiosk-*.whl")
    return Built(wheel, build.stdout + build.stderr)


@pytest.fixture(scope="module")
def installed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel built from this repo; its bin folder."""
    venv = tmp_path_factory.mktemp("packaging") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Dependencies from this .venv, after the fresh venv's own site-packages on sys.path.
    (Path(site) / "kiosk-test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    install = subprocess.run(
        [*PIP, "--python", str(python), "install", "--no-deps", "--no-index", str(built.wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    return venv / "bin"


@pytest.fixture
def outside(tmp_path: Path) -> dict[str, str]:
    """Run from a folder outside the repo, with nothing pointing back at it."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KIOSK_CONTENT")}
    env |= {"KIOSK_DATA": str(tmp_path / "data"), "HOME": str(tmp_path)}
    return env


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=60, env=env, cwd=cwd)


def test_the_wheel_says_its_licence_and_setuptools_does_not_warn(built: Built) -> None:
    assert "SetuptoolsDeprecationWarning" not in built.log, built.log
    with zipfile.ZipFile(built.wheel) as wheel:
        names = wheel.namelist()
        [metadata] = [n for n in names if n.endswith(".dist-info/METADATA")]
        fields = wheel.read(metadata).decode()
    assert "License-Expression: MIT" in fields.splitlines()
    assert "License-File: LICENSE" in fields.splitlines()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_the_installed_kiosk_is_the_wheel_not_the_repo(
    installed: Path, outside: dict[str, str], tmp_path: Path
) -> None:
    where = run(
        [str(installed / "python"), "-c", "import kiosk; print(kiosk.__file__)"], outside, tmp_path
    )
    assert where.returncode == 0, where.stderr
    assert where.stdout.strip().startswith(str(installed.parent)), where.stdout


def test_version_from_the_command_and_from_python_m_kiosk(
    installed: Path, outside: dict[str, str], tmp_path: Path
) -> None:
    for command in ([str(installed / "kiosk")], [str(installed / "python"), "-m", "kiosk"]):
        result = run([*command, "--version"], outside, tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"kiosk {__version__}"


def test_check_finds_the_packaged_sample_content(
    installed: Path, outside: dict[str, str], tmp_path: Path
) -> None:
    result = run([str(installed / "kiosk"), "check"], outside, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith(f"All is well in {installed.parent}"), last
    assert last.endswith("sample_content: 7 stories and 28 groups can be shown."), last


def test_the_packaged_kiosk_starts_in_a_terminal(
    installed: Path, outside: dict[str, str], tmp_path: Path
) -> None:
    env = {
        "KIOSK_DATA": outside["KIOSK_DATA"],
        "HOME": outside["HOME"],
        "TERM": "xterm-256color",
        "PULSE_SERVER": "unix:/nonexistent",
    }
    term = Terminal(
        f"cd {tmp_path} && exec env -u PYTHONPATH -u KIOSK_CONTENT {installed / 'kiosk'} run", env
    )
    try:
        screen = term.wait_for("Hear a story", timeout=30)
        assert "Riverside Drop-in" in screen
    finally:
        term.close()
