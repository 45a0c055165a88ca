# The two commands in README.md:  make run  and  make test.
# Both set up what is missing first (scripts/setup.sh), so they work on a fresh machine.
# Every other target does one thing its name says, and sets up what it needs too.

VENV := .venv/bin
SOURCES := kiosk hub tests benchmarks scripts

.PHONY: run test check lint types contracts unit ui system bench fuzz setup-run setup-test clean wheelhouse boot-test hub

run: setup-run
	@# Voice commands need a speech model: fetch it if it is missing (never stops the kiosk).
	@$(VENV)/kiosk models install --missing
	$(VENV)/kiosk run

# Every check there is: lint, types, import contracts, then the whole test suite.
test: lint types contracts
	$(VENV)/pytest

check: test

# ruff: lint and formatting.
lint: setup-test
	$(VENV)/ruff check $(SOURCES)
	$(VENV)/ruff format --check $(SOURCES)

# mypy --strict over the package (settings in pyproject.toml).
types: setup-test
	$(VENV)/mypy

# The layers and the independence of the screens (import-linter, pyproject.toml).
contracts: setup-test
	$(VENV)/lint-imports

# One part of the suite at a time: modules alone, the app in memory, the real parts.
unit: setup-test
	$(VENV)/pytest tests/unit

ui: setup-test
	$(VENV)/pytest tests/ui

system: setup-test
	$(VENV)/pytest tests/system

# The long fuzz run (issues 11, 13, 30): 10,000 cases for each of the suite's fuzz targets
# (100,000 terminal sequences).
fuzz: setup-test
	$(VENV)/python -m benchmarks.fuzz

setup-run:
	@scripts/setup.sh run

# For a kiosk with no network (README, "Building an image"): the kiosk's wheel and every
# pinned package as wheels, in dist/wheelhouse, for `kiosk install --wheelhouse`. For a kiosk
# whose Python is not this machine's: make wheelhouse PYTHON_VERSION=3.12 (Ubuntu 24.04).
wheelhouse: setup-run
	rm -rf dist/wheelhouse
	$(VENV)/python scripts/wheelhouse.py dist/wheelhouse $(if $(PYTHON_VERSION),--python $(PYTHON_VERSION))

# The appliance proven by a real boot (issue 31): a Debian 12 image built with debootstrap,
# the kiosk installed into it by the README's commands, booted under QEMU. Needs root, about
# 15 minutes the first time (the base system is cached in .cache/boot-test). Not in `make test`.
# Ubuntu 24.04 instead: `make boot-test RELEASE=noble`.
boot-test: setup-test
	$(VENV)/python scripts/boot_test.py $(if $(RELEASE),--release $(RELEASE))

setup-test:
	@scripts/setup.sh test

# Measured figures beside a baseline from the same run (benchmarks/RESULTS.md keeps the last).
# Every benchmark runs; the target exits non-zero if any missed its ratio target (issue 14).
bench: setup-test
	@status=0; \
	for benchmark in startup speech_latency idle content_reload story_decode story_glitches voice; do \
		$(VENV)/python -m benchmarks.$$benchmark || status=1; \
	done; \
	$(VENV)/python -m benchmarks.voice_clips .cache/voice-clips && \
		$(VENV)/python -m benchmarks.voice --clips .cache/voice-clips || status=1; \
	if [ $$status -ne 0 ]; then echo "make bench: a target was missed (see MISSED above)"; fi; \
	exit $$status

clean:
	rm -rf .venv .mypy_cache .pytest_cache .ruff_cache

# The centre's hub (issue 35) on this machine, with a PostgreSQL cluster of its own in
# .cache/hub: prints a join code and the `kiosk hub join` line, then serves on port 8300.
hub:
	@scripts/setup.sh hub
	$(VENV)/python scripts/hub_local.py
