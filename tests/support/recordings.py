"""Real recordings as phones and messaging apps make them, written with PyAV (FFmpeg).

An iPhone's Voice Memos: AAC in an M4A (MP4) file. A WhatsApp voice note: Opus in an Ogg
file named .opus. The sound is a tone shaped like speech (syllables and pauses), or real
speech from espeak-ng, at a chosen loudness (LUFS, measured the way the kiosk measures).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

# The container, codec and rate each phone ending is made with.
KINDS = {
    ".m4a": ("ipod", "aac", 48000),  # iPhone Voice Memos
    ".opus": ("ogg", "libopus", 48000),  # WhatsApp
    ".webm": ("webm", "libopus", 48000),  # a web browser's recorder
    ".mp4": ("mp4", "aac", 48000),  # a phone's video
    ".mov": ("mov", "aac", 44100),  # an iPhone's video
    ".amr": ("amr", "libopencore_amrnb", 8000),  # an older phone's voice note
    ".wma": ("asf", "wmav2", 44100),  # Windows Voice Recorder
}


def syllables(seconds: float = 4.0, rate: int = 48000) -> np.ndarray:
    """A voice-like tone: a 220 Hz buzz with harmonics, in syllables with short pauses."""
    t = np.arange(int(seconds * rate)) / rate
    buzz = sum(np.sin(2 * np.pi * 220 * k * t) / k for k in range(1, 6))
    envelope = np.clip(np.sin(2 * np.pi * 2.5 * t), 0, None) ** 0.5  # 5 syllables a second
    envelope *= (t % 1.6) < 1.2  # and a breath every 1.6 s
    wave = buzz * envelope
    return (wave / np.abs(wave).max()).astype(np.float32)


def spoken(text: str, language: str = "en") -> tuple[np.ndarray, int]:
    """`text` said by espeak-ng (the kiosk's own voice), as floats at its rate."""
    from kiosk.speech.synthesis import EspeakSynthesizer

    pcm = EspeakSynthesizer().synthesize(text, language, 175)
    assert pcm is not None and len(pcm)
    return pcm.astype(np.float32) / 32768, 22050


def at_loudness(samples: np.ndarray, rate: int, lufs: float) -> np.ndarray:
    """`samples` scaled to measure `lufs` (ITU-R BS.1770, pyloudnorm)."""
    import pyloudnorm

    measured = pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64))
    return (samples * 10 ** ((lufs - measured) / 20)).astype(np.float32)


def loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS."""
    import pyloudnorm

    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)))


def write_phone_recording(path: Path, samples: np.ndarray, rate: int = 48000) -> Path:
    """Write mono `samples` as the phone kind `path`'s ending names (see KINDS), at the
    rate that kind is recorded at (Opus takes nothing at espeak-ng's 22,050)."""
    import av
    import soxr

    container, codec, made_at = KINDS[path.suffix]
    if rate != made_at:
        samples, rate = soxr.resample(samples, rate, made_at).astype(np.float32), made_at
    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate, layout="mono")
        if codec == "libopencore_amrnb":
            stream.codec_context.bit_rate = 12200  # AMR's highest mode, as phones use
        elif codec == "wmav2":
            stream.codec_context.bit_rate = 64000
        context = stream.codec_context
        size = context.frame_size or 1024
        sample_format = context.format.name
        for start in range(0, len(samples), size):
            chunk = np.ascontiguousarray(samples[start : start + size], dtype=np.float32)
            if "flt" not in sample_format:
                chunk = (np.clip(chunk, -1, 1) * 32767).astype(np.int16)
            frame = av.AudioFrame.from_ndarray(
                chunk.reshape(1, -1), format=sample_format, layout="mono"
            )
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path
