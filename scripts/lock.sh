#!/usr/bin/env bash
# Re-pin requirements.lock, requirements-dev.lock and requirements-hub.lock from the ranges in
# pyproject.toml.
# Run this on purpose when upgrading; then run `make test` before committing the new locks.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
pip="$tmp/venv/bin/pip --disable-pip-version-check -q"
$pip install hatchling  # the build backend: the editable install uses no build isolation
$pip install "$root"
freeze() { "$tmp/venv/bin/pip" freeze --all --exclude-editable | grep -v -E '^(pip|wheel|mutuality-kiosk)( @ |==)'; }
{ echo "# Pinned runtime packages: what the kiosk was tested with. Regenerate with scripts/lock.sh."; freeze; } > "$root/requirements.lock"
$pip install "$root[dev]"
{ echo "# Pinned test and check tools, on top of requirements.lock. Regenerate with scripts/lock.sh."
  freeze | grep -v -x -F -f "$root/requirements.lock"; } > "$root/requirements-dev.lock"
$pip install "$root[hub]"
{ echo "# Pinned packages of the centre's hub (the \`hub\` extra), on top of requirements.lock."
  echo "# Regenerate with scripts/lock.sh."
  freeze | grep -v -x -F -f "$root/requirements.lock" -f "$root/requirements-dev.lock"; } > "$root/requirements-hub.lock"
