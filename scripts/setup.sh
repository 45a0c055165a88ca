#!/usr/bin/env bash
# Set up everything the kiosk needs on Debian 12 / Ubuntu 24.04, and nothing twice.
#
#   scripts/setup.sh run    system packages to run the kiosk, .venv with runtime packages
#   scripts/setup.sh test   the same, plus what the tests need (tmux, dev tools, and the
#                           centre's hub with PostgreSQL and Syncthing, which its tests start)
#   scripts/setup.sh hub    what the centre's hub needs: PostgreSQL, Syncthing, the hub extra
#
# Safe to run again: each step checks what is already there first.
set -euo pipefail

mode="${1:-run}"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

# --- System packages -------------------------------------------------------
apt_packages=(espeak-ng libespeak-ng1 libportaudio2 libsndfile1)
if [[ "$mode" == "test" ]]; then
    # tmux: the real-terminal tests. pulseaudio & co: the virtual speaker.
    apt_packages+=(tmux pulseaudio pulseaudio-utils libasound2-plugins alsa-utils sox)
    # The kiosk as installed (tests/system/test_compositor.py): cage (which will not start
    # without xwayland), foot, grim for screenshots, DejaVu for foot's monospace and Nanum
    # for Korean.
    apt_packages+=(cage xwayland foot grim fonts-dejavu-core fonts-nanum)
    # A group's QR code, read back as a phone would: the screenshot made a PNG (rsvg-convert)
    # and decoded (zbarimg), in tests/ui/test_takeaway.py.
    apt_packages+=(zbar-tools librsvg2-bin)
fi
if [[ "$mode" == "test" || "$mode" == "hub" ]]; then
    # The centre's hub (issue 35): its store, and the engine that carries content to kiosks.
    # The tests make a PostgreSQL cluster of their own in a temporary folder.
    apt_packages+=(postgresql syncthing)
fi

missing=()
for pkg in "${apt_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
# Debian's python3 ships without venv/ensurepip; only ask for it when it is missing.
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    missing+=(python3-venv)
fi

if ((${#missing[@]})); then
    say "Installing system packages: ${missing[*]}"
    sudo=""
    if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python ----------------------------------------------------------------
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "Python 3.11 or newer is needed; this machine has $(python3 --version)."
    exit 1
fi

if [[ ! -x "$venv/bin/python" ]]; then
    say "Creating $venv"
    python3 -m venv "$venv"
fi

# Install the pinned packages only when the lock file changed since the last install.
install_lock() {
    local lock="$1" stamp="$venv/.installed-$(basename "$1")"
    if [[ ! -f "$stamp" ]] || ! cmp -s "$lock" "$stamp"; then
        say "Installing Python packages from $(basename "$lock")"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$lock"
        cp "$lock" "$stamp"
    fi
}
install_lock "$root/requirements.lock"
# The hub's packages before the test tools: django-stubs asks for Django, which must be the pin.
if [[ "$mode" == "test" || "$mode" == "hub" ]]; then
    install_lock "$root/requirements-hub.lock"
fi
if [[ "$mode" == "test" ]]; then
    install_lock "$root/requirements-dev.lock"
fi

# The kiosk itself, editable so a change to the code needs no reinstall.
if [[ ! -x "$venv/bin/kiosk" ]] || ! "$venv/bin/python" -c 'import kiosk' >/dev/null 2>&1; then
    say "Installing the kiosk into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e "$root"
fi
