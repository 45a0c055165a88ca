"""Hide the English voice model from a benchmark's kiosk, for figures that say "no model".

The test .venv carries Whisper tiny.en as a Python package (issue 32), and the kiosk finds a
model in an installed package by itself (kiosk/listening/models.py, `package_model`). An
empty package of the same name, first on PYTHONPATH, stands in front of it: the kiosk then
starts as one where no English model was ever installed, as the idle figures mean.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.core.locale import english


def hiding_english_model(folder: Path) -> dict[str, str]:
    """Environment for a kiosk that finds no English model; `folder` holds the stand-in."""
    package = english().model_package
    if package:
        stand_in = folder / "no-model" / package
        stand_in.mkdir(parents=True, exist_ok=True)
        (stand_in / "__init__.py").write_text('"""No model here (benchmarks/no_model.py)."""\n')
    return {"PYTHONPATH": str(folder / "no-model")}
