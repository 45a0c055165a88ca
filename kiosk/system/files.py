"""Every file `kiosk install` writes, and where, as data: nothing here touches the machine.

Paths are as the installed machine sees them; `Layout.under` puts them below `--root` for
a trial install. Tests read these same functions, so what is checked is what is written.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kiosk.core.config import TextSize

SERVICE = "mutuality-kiosk.service"
SYNC_SERVICE = "mutuality-kiosk-sync.service"
"""`kiosk hub sync` (issue 35): its own unit, since the kiosk's has no network at all."""
SYNC_PATH = "mutuality-kiosk-sync.path"
"""Starts the sync unit once the kiosk has joined a hub (its link file appears)."""
USER = "kiosk"
"""The system user the kiosk runs as; it owns the data folder and nothing else."""
STAFF_GROUP = "kiosk-staff"
"""Staff in this group can edit the content folder."""
TTY = "tty1"

UNITS = PurePosixPath("/etc/systemd/system")
UNIT_PATH = UNITS / SERVICE
SYNC_UNIT_PATH = UNITS / SYNC_SERVICE
SYNC_PATH_UNIT_PATH = UNITS / SYNC_PATH
OLD_PAM_PATH = PurePosixPath("/etc/pam.d/mutuality-kiosk")
"""The PAM file an earlier install wrote for a logind session; an upgrade removes it."""
MODULES_PATH = PurePosixPath("/etc/modules-load.d/mutuality-kiosk.conf")
"""The kernel modules loaded early at boot so that the unit's DeviceAllow= can name them."""
MODULES = """\
# Written by `kiosk install`; `kiosk uninstall` removes it.
# systemd turns the unit's DeviceAllow=char-alsa and char-drm into device numbers once, when
# the service starts, from /proc/devices: a driver that loaded later (the sound card found
# after the kiosk started, as on Ubuntu 24.04 under QEMU) stayed shut to that kiosk until it
# was restarted. Loaded here, both are known before any service starts.
snd
drm
"""
HOME = PurePosixPath("/var/lib/mutuality-kiosk")
"""The kiosk user's home (0700): the data folder and the terminal's settings."""
DATA = HOME / "data"
HUB_LINK = DATA / "hub.json"
"""Written by `kiosk hub join` (the hub's address and this kiosk's token, 0600)."""
FOOT_INI = HOME / "foot.ini"
RENDERER_FILE = HOME / "renderer"
"""Written by `kiosk display` when cage's default renderer failed: later starts use pixman."""
RUNTIME = PurePosixPath("/run/mutuality-kiosk")
"""The service's XDG_RUNTIME_DIR (cage's Wayland socket), made by systemd at each start."""
CONTENT = PurePosixPath("/srv/mutuality-kiosk/content")

APP = PurePosixPath("/opt/mutuality-kiosk")
"""The service's own copy of the kiosk: a virtual environment with the pinned packages and the
kiosk built from the checkout it was installed from, so the clone can move or go."""
APP_PYTHON = "/usr/bin/python3"
APP_KIOSK = APP / "venv" / "bin" / "kiosk"
DISTRIBUTION = "mutuality-kiosk"
"""The kiosk's name as pip knows it (pyproject.toml)."""
LOCK_FILE = "requirements.lock"
"""The pinned packages the kiosk runs with, beside pyproject.toml in a checkout."""

CAGE = "/usr/bin/cage"
FOOT = "/usr/bin/foot"
SEATD_SERVICE = "seatd.service"
SEATD_GROUP = "video"
"""Debian's seatd.service runs `seatd -g video`: members of video may take the seat."""
PACKAGES = (
    "cage",
    "foot",
    "fonts-nanum",
    "xwayland",
    "seatd",
    "python3-venv",
    "alsa-utils",
    "espeak-ng",
    "libespeak-ng1",
    "libportaudio2",
    "libsndfile1",
)
"""Debian packages the installed kiosk needs: the compositor and the terminal, Korean
glyphs, Xwayland (cage 0.1.4 in Debian 12 will not start without it), seatd (which opens the
display and input devices for cage; no logind session, no polkit), and what `make run` needs
(the voice, the sound library, a Python that can make the service's own virtual environment),
and alsa-utils: ALSA starts every sound card muted, and only its udev rule (`alsactl
restore`, or `alsactl init` the first time) turns the speaker up at boot; without it the kiosk
plays silence (the boot test's WAV held 110 s of zeros)."""


SOURCE_LEFT_OUT = (
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".cache",
    ".hypothesis",
)
"""Not copied from the checkout to build from: a `build/` left by an earlier build can put
files that were deleted since back into the wheel."""


def _app_pip(wheelhouse: Path | None) -> list[str]:
    """The service's pip; only from `wheelhouse` when one is given."""
    pip = [
        str(APP / "venv" / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    if wheelhouse is not None:
        pip += ["--no-index", f"--find-links={wheelhouse}"]
    return pip


def app_commands(
    source: Path, wheels: Path, *, wheelhouse: Path | None = None, python: str = APP_PYTHON
) -> list[list[str]]:
    """Make (or bring up to date) the service's own copy of the kiosk from `source`.

    `source` is a clean copy of the checkout (see SOURCE_LEFT_OUT). Pinned packages first (the
    lock file; from `wheelhouse` alone when given, so no network is needed), then the kiosk
    itself: built as a wheel into `wheels` by `python` (the checkout's own, which has the build
    backend, so no build isolation and no index), and installed from it (not editable), so the
    service reads nothing from the checkout afterwards.
    """
    pip = _app_pip(wheelhouse)
    return [
        [APP_PYTHON, "-m", "venv", str(APP / "venv")],
        [*pip, "-r", str(source / LOCK_FILE)],
        [
            python,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-build-isolation",
            f"--wheel-dir={wheels}",
            str(source),
        ],
        [*_app_pip(wheels), "--no-deps", "--force-reinstall", DISTRIBUTION],
    ]


def wheelhouse_commands(wheelhouse: Path) -> list[list[str]]:
    """The service's own copy of the kiosk from a wheelhouse alone (no checkout, no network).

    The wheelhouse holds the kiosk's wheel and the pinned packages (`make wheelhouse`); the
    kiosk is reinstalled even at the same version, so an upgrade always takes its files.
    """
    pip = _app_pip(wheelhouse)
    return [
        [APP_PYTHON, "-m", "venv", str(APP / "venv")],
        [*pip, DISTRIBUTION],
        [*pip, "--no-deps", "--force-reinstall", DISTRIBUTION],
    ]


USER_GROUPS = ("audio", SEATD_GROUP, "render")
"""The kiosk user's other groups: sound straight through ALSA, the seat (seatd), and the GPU's
render node (/dev/dri/renderD128, which wlroots opens itself; seatd hands over only the card).
Without render cage never drew with the GPU, only ever on pixman (EGL: "Permission denied").
Not kiosk-staff: the content folder is open for reading, and the visitors' side never changes
it."""

FONT_SIZES: dict[TextSize, int] = {TextSize.SMALL: 14, TextSize.MEDIUM: 18, TextSize.LARGE: 24}
"""kiosk.toml's `text_size` to foot's font size, in points."""

DIR_MODE_PRIVATE = 0o700
FILE_MODE_PRIVATE = 0o600
CONTENT_DIR_MODE = 0o2775
"""Staff can add and change files; setgid keeps new ones in the staff group."""
CONTENT_FILE_MODE = 0o664


@dataclass(frozen=True)
class Layout:
    """Where everything goes: under `root` (/ for a real install), run by `kiosk`."""

    root: Path
    kiosk: Path
    """The `kiosk` command in the virtual environment the service runs."""

    def under(self, path: PurePosixPath) -> Path:
        """`path` as written, below the root."""
        return self.root / path.relative_to("/")


def folders(layout: Layout) -> list[str]:
    """`--content` and `--data` as the service's kiosk is given them (below a trial root)."""
    return [f"--content={layout.under(CONTENT)}", f"--data={layout.under(DATA)}"]


def cage_command(kiosk: Path) -> list[str]:
    """The service's command line: cage, and `kiosk session` inside it.

    The session starts foot with the kiosk inside, writing foot.ini from the text size in
    kiosk.toml first, and again at the other size when a visitor turns large text on or off
    (kiosk/system/session.py). cage is never given `-s`, so Ctrl+Alt+F1..F12 cannot switch
    to another console. `-d` asks the windows not to draw a title bar.
    """
    return [
        CAGE,
        "-d",
        "--",
        str(kiosk),
        "session",
        f"--content={CONTENT}",
        f"--data={DATA}",
        f"--foot-ini={FOOT_INI}",
    ]


def display_command(kiosk: Path) -> list[str]:
    """The service's command line: `kiosk display`, which runs cage (falling back to pixman)."""
    return [str(kiosk), "display", f"--renderer-file={RENDERER_FILE}", "--", *cage_command(kiosk)]


LOCKED_DOWN = """\
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
ProtectProc=invisible
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RemoveIPC=yes
PrivateMounts=yes
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallFilter=~@privileged @resources
"""
"""The hardening both units share: kernel, namespaces and the system-call filter."""


def unit(kiosk: Path) -> str:
    """The systemd unit: cage on tty1 instead of the login prompt, watched and restarted.

    The seat comes from seatd, not from a logind session: pam_systemd would move cage and the
    kiosk into the user's session scope, where systemd drops their READY=1 and WATCHDOG=1
    (NotifyAccess= only hears the service's own cgroup), so the unit would never start.
    """
    return f"""\
# Written by `kiosk install`; running it again rewrites this, `kiosk uninstall` removes it.
[Unit]
Description=Mutuality peer-support kiosk (cage and foot, full screen on {TTY})
After=systemd-user-sessions.service plymouth-quit-wait.service sound.target
# seatd opens the display and input devices for cage; everything stays in this service.
Wants={SEATD_SERVICE}
After={SEATD_SERVICE}
# The kiosk takes {TTY} instead of the login prompt.
Conflicts=getty@{TTY}.service
After=getty@{TTY}.service
ConditionPathExists=/dev/tty0
# Restart=always for ever: never give up after a burst of failures.
StartLimitIntervalSec=0

[Service]
# The kiosk itself says READY=1 and WATCHDOG=1; it is not the main process, but it is in
# this service's cgroup (no PAM session moves it out), which is what NotifyAccess=all hears.
Type=notify
NotifyAccess=all
WatchdogSec=30
Restart=always
RestartSec=5
# A kiosk that is not up in a minute, or will not stop in 15 s, is not going to.
TimeoutStartSec=60
TimeoutStopSec=15
User={USER}
Group={USER}
WorkingDirectory={HOME}
Environment=LIBSEAT_BACKEND=seatd XDG_RUNTIME_DIR={RUNTIME}
RuntimeDirectory={RUNTIME.name}
RuntimeDirectoryMode=0700
TTYPath=/dev/{TTY}
TTYReset=yes
TTYVHangup=yes
TTYVTDisallocate=yes
StandardInput=tty-fail
StandardOutput=journal
StandardError=journal
ExecStart={shlex.join(display_command(kiosk))}

# Hardening (`systemd-analyze security {SERVICE}`). What stays open, and why: the sound
# cards (ALSA, straight), the display and input devices (seatd hands them over; wlroots may
# open the render node itself), {TTY}; AF_NETLINK (udev tells cage of new keyboards); no
# MemoryDenyWriteExecute (Mesa's llvmpipe compiles shaders); no PrivateUsers (the audio and
# video groups must be the real ones).
NoNewPrivileges=yes
CapabilityBoundingSet=
AmbientCapabilities=
ProtectSystem=strict
ReadWritePaths={HOME}
ProtectHome=yes
PrivateTmp=yes
PrivateNetwork=yes
IPAddressDeny=any
RestrictAddressFamilies=AF_UNIX AF_NETLINK
DevicePolicy=closed
DeviceAllow=char-alsa rw
DeviceAllow=char-drm rw
DeviceAllow=char-input rw
DeviceAllow=/dev/{TTY} rw
{LOCKED_DOWN}# A call the filter refuses fails with EPERM rather than killing the kiosk.
SystemCallErrorNumber=EPERM
UMask=0077

[Install]
WantedBy=multi-user.target
"""


def sync_command(kiosk: Path) -> list[str]:
    """The sync unit's command: `kiosk hub sync` on the data and content folders."""
    return [str(kiosk), "hub", "sync", f"--data={DATA}", f"--content={CONTENT}"]


def sync_unit(kiosk: Path) -> str:
    """The unit that syncs with the centre's hub: `kiosk hub sync`, beside the kiosk.

    Its own unit so the kiosk's keeps no network at all (PrivateNetwork=yes): this one may
    reach the network and nothing else; no devices, no display, the same data folder. It
    also runs the kiosk's Syncthing, which writes the centre's content into the content
    folder: the one unit in the staff group (SupplementaryGroups=), so the one that may
    write there; what it writes is the kiosk's (the display reads it) and the staff group's
    to read (UMask=0027, the folder's setgid keeps the group).
    """
    return f"""\
# Written by `kiosk install`; running it again rewrites this, `kiosk uninstall` removes it.
# Started by {SYNC_PATH} once the kiosk has joined a hub (`kiosk hub join`).
[Unit]
Description=Mutuality kiosk: sync with the centre's hub (messages, decisions, usage, content)
Wants=network-online.target
After=network-online.target
ConditionPathExists={HUB_LINK}
StartLimitIntervalSec=0

[Service]
Type=simple
Restart=always
RestartSec=10
TimeoutStopSec=15
User={USER}
Group={USER}
# Syncthing writes the centre's content into {CONTENT} (group {STAFF_GROUP}, setgid).
SupplementaryGroups={STAFF_GROUP}
WorkingDirectory={HOME}
ExecStart={shlex.join(sync_command(kiosk))}
StandardOutput=journal
StandardError=journal

# Hardening (`systemd-analyze security {SYNC_SERVICE}`): as the kiosk's unit, but with the
# network (IPv4 and IPv6, to reach the hub and for Syncthing), the content folder to write,
# and without any device. No PrivateUsers: the staff group must be the real one.
NoNewPrivileges=yes
CapabilityBoundingSet=
AmbientCapabilities=
ProtectSystem=strict
ReadWritePaths={HOME} -{CONTENT}
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
ProcSubset=pid
{LOCKED_DOWN}SystemCallErrorNumber=EPERM
# Content files rw for the kiosk, r for staff, nothing for others; the data folder is 0700.
UMask=0027

[Install]
WantedBy=multi-user.target
"""


def sync_path_unit() -> str:
    """Starts the sync unit when the hub's link file appears (after `kiosk hub join`)."""
    return f"""\
# Written by `kiosk install`; `kiosk uninstall` removes it.
[Unit]
Description=Mutuality kiosk: start syncing once this kiosk has joined a hub

[Path]
PathExists={HUB_LINK}
Unit={SYNC_SERVICE}

[Install]
WantedBy=multi-user.target
"""


BACKGROUND = "000000"
FOREGROUND = "ffffff"


def font_setting(points: int) -> str:
    """The `font` for foot at `points` (Korean from fonts-nanum where monospace has none)."""
    return ", ".join(
        f"{name}:size={points}" for name in ("monospace", "NanumGothicCoding", "NanumGothic")
    )


def foot_ini(size: TextSize) -> str:
    """The terminal's settings (foot.ini): the font size for `size`, and no key that leads out of the kiosk."""
    fonts = font_setting(FONT_SIZES[size])
    unbound = (
        "minimize",
        "maximize",
        "fullscreen",
        "pipe-visible",
        "pipe-scrollback",
        "pipe-selected",
        "spawn-terminal",
        "font-increase",
        "font-decrease",
        "font-reset",
        "search-start",
        "show-urls-launch",
        "show-urls-copy",
        "show-urls-persistent",
        "unicode-input",
        "clipboard-copy",
        "clipboard-paste",
        "primary-paste",
        "prompt-prev",
        "prompt-next",
        "scrollback-up-page",
        "scrollback-up-half-page",
        "scrollback-up-line",
        "scrollback-down-page",
        "scrollback-down-half-page",
        "scrollback-down-line",
    )
    keys = "\n".join(f"{action}=none" for action in unbound)
    return f"""\
# Written by the kiosk before each start, from text_size = "{size}" in kiosk.toml.
# Change text_size there, not here: this file is written again each time.
[main]
font={fonts}
dpi-aware=no
pad=0x0

# Every frame tells cage the whole window changed. foot (1.13) sends a frame with nothing
# changed in it when the kiosk only set a mode (the mouse, pasting); cage 0.1.4 answers a
# frame only by drawing the screen again, which it does only for something changed, so foot
# waited for an answer that never came and the screen stayed as it was (black, after a boot)
# until a key or the mouse moved. Seen under QEMU (`make boot-test`); costs cage one copy of
# the window a frame, and nothing where the GPU shows the window directly.
[tweak]
damage-whole-window=yes

# The theme's kiosk-bg and kiosk-fg (kiosk/ui/theme.py; a test keeps them the same), for the
# margins the grid of letters does not fill.
[colors]
background={BACKGROUND}
foreground={FOREGROUND}

[bell]
urgent=no
notify=no

[scrollback]
lines=0

[mouse]
hide-when-typing=yes

# No key opens another terminal, changes the font or pastes: the visitor stays in the kiosk.
[key-bindings]
{keys}

[mouse-bindings]
primary-paste=none
"""
