"""The core (content, store, config, audio) never imports the UI. lint-imports enforces the
same contract statically; this checks it for real, in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "kiosk.config",
    "kiosk.locale",
    "kiosk.content",
    "kiosk.content.search",
    "kiosk.store",
    "kiosk.audio",
    "kiosk.audio.engine",
    "kiosk.audio.story",
    "kiosk.audio.speech",
    "kiosk.audio.tts",
    "kiosk.audio.words",
    "kiosk.controls",
    "kiosk.session",
    "kiosk.audio.fake",
    "kiosk.text",
    "kiosk.clock",
    "kiosk.paths",
]


def test_core_modules_do_not_load_textual() -> None:
    code = (
        "import sys\n"
        f"for name in {CORE!r}: __import__(name)\n"
        "ui = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('kiosk.screens'))\n"
        "print(','.join(ui))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_import_linter_contract_holds() -> None:
    linter = [
        sys.executable,
        "-c",
        "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
    ]
    result = subprocess.run(linter, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout
