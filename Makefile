# The two commands in README.md:  make run  and  make test.
# Both set up what is missing first (scripts/setup.sh), so they work on a fresh machine.

VENV := .venv/bin

.PHONY: run test check lint types contracts unit setup-run setup-test bench clean

run: setup-run
	@# Voice commands need a speech model: fetch it if it is missing (never stops the kiosk).
	@$(VENV)/kiosk models install --missing
	$(VENV)/kiosk run

# Every check there is: lint, types, import contracts, then the whole test suite.
test: setup-test
	$(VENV)/ruff check kiosk tests benchmarks scripts
	$(VENV)/ruff format --check kiosk tests benchmarks scripts
	$(VENV)/mypy
	$(VENV)/lint-imports
	$(VENV)/pytest

check: test

setup-run:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

bench: setup-test
	$(VENV)/python benchmarks/startup.py
	$(VENV)/python benchmarks/speech_latency.py
	$(VENV)/python benchmarks/content_reload.py
	$(VENV)/python benchmarks/voice.py

clean:
	rm -rf .venv .mypy_cache .pytest_cache .ruff_cache
