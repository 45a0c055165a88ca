"""What tests (and benchmarks) share: fakes, the Pilot helpers, the audio rig."""
