"""What the system tests share: the private PulseAudio rig (a virtual speaker and microphone)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.audio_rig import VirtualAudio


@pytest.fixture(scope="module")
def audio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualAudio]:
    """One rig for a test module: started before its first test, stopped after its last."""
    rig = VirtualAudio(tmp_path_factory.mktemp("pulse"))
    rig.start()
    try:
        yield rig
    finally:
        rig.stop()
