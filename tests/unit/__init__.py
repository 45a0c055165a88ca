"""Unit tests: one module at a time, on tmp_path, with fakes where a device would be."""
