"""The base every layer stands on: settings, language packs, the clock, text, files."""
