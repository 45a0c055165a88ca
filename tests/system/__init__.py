"""The real parts: real processes, a real terminal (tmux), real sound (PulseAudio), a real model."""
