"""Syncthing, driven from Python: an identity, a private config, its REST API, one supervised process.

Content reaches every kiosk of a centre through Syncthing (issue 35) rather than a file
copier of our own: it resumes, checks every block, and only ever sends what changed. The hub
(hub/content.py) and the kiosk's sync service (kiosk/sync/content.py) both run their own
Syncthing, so what they share lives here, below both: a home folder made once (keys and
config.xml), settings that keep it to the addresses we give it (no discovery, relays, NAT
traversal, usage or crash reports, upgrades, browser), a small REST client (urllib: no new
dependency) and a supervisor that restarts it with backoff when it dies.

Nothing here knows about centres or kiosks.
"""

from __future__ import annotations

import contextlib
import enum
import json
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PROGRAM = "syncthing"
CONFIG = "config.xml"

MARKER = ".stfolder"
"""The file Syncthing keeps at the top of every folder it shares."""
TEMP_PREFIXES = (".syncthing.", "~syncthing~")
"""A file Syncthing is still downloading: `.syncthing.NAME.tmp` (Linux), `~syncthing~NAME.tmp`."""
OWN_NAMES = frozenset({MARKER, ".stignore", ".stversions"})

FOLDER_RESCAN_S = 60
"""A full rescan this often; the file-system watcher sees most changes within seconds."""
WATCHER_DELAY_S = 1
"""Seconds the watcher gathers changes before a scan (Syncthing's default is 10)."""

LOG = "syncthing.log"
LOG_BYTES = 5_000_000
"""syncthing.log is moved to syncthing.log.1 at a start once it is this big."""

_OPTIONS = {
    # Only the addresses we give: no global or local discovery, relays or NAT traversal.
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    # Nothing about the centre leaves it: no usage reports (-1: refused), no crash reports.
    "urAccepted": "-1",
    "crashReportingEnabled": "false",
    # Debian's package is upgraded by apt, never by itself; no browser on a kiosk.
    "autoUpgradeIntervalH": "0",
    "startBrowser": "false",
    # Kiosks connect to the hub; the hub tries them again soon after a drop.
    "reconnectionIntervalS": "10",
}


_DEVICE_ID = re.compile(r"[A-Z2-7]{7}(?:-[A-Z2-7]{7}){7}")
_DEVICE_IDS: dict[tuple[str, int], str] = {}
"""Device ids already asked of syncthing, by certificate file and its time."""


def valid_device_id(device_id: str) -> bool:
    """Whether `device_id` is written as a Syncthing device id (eight groups of seven)."""
    return bool(_DEVICE_ID.fullmatch(device_id))


def is_sync_file(name: str) -> bool:
    """Whether a file or folder name is Syncthing's own: its marker, or a download under way.

    The content loaders and the live reload skip these: a half-downloaded file is never
    read as content, and Syncthing's marker is never reported to staff as stray.
    """
    return name in OWN_NAMES or name.startswith(TEMP_PREFIXES)


class SyncthingError(Exception):
    """Syncthing could not be set up, started or reached."""


def program() -> str:
    """The path of the syncthing program (Debian's package), or SyncthingError."""
    found = shutil.which(PROGRAM)
    if found is None:
        raise SyncthingError("syncthing is not installed (Debian: apt-get install syncthing)")
    return found


def free_port() -> int:
    """A TCP port on loopback that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Home:
    """A Syncthing home folder: keys, config.xml and its database, readable by us only."""

    path: Path

    @property
    def config(self) -> Path:
        """config.xml."""
        return self.path / CONFIG

    def exists(self) -> bool:
        """Whether the identity has been made."""
        return self.config.is_file() and (self.path / "cert.pem").is_file()

    def device_id(self) -> str:
        """The device id of this Syncthing, from its certificate.

        Syncthing sorts the devices in config.xml, so it is asked rather than read there.
        """
        cert = self.path / "cert.pem"
        try:
            key = (str(cert), cert.stat().st_mtime_ns)
        except OSError as error:
            raise SyncthingError(f"no Syncthing identity in {self.path}") from error
        if key not in _DEVICE_IDS:
            result = subprocess.run(
                [program(), "serve", "--home", str(self.path), "--device-id"],
                capture_output=True,
                text=True,
                check=False,
                env=_environment(),
            )
            found = _DEVICE_ID.search(result.stdout)
            if result.returncode != 0 or found is None:
                raise SyncthingError(f"cannot read the device id in {self.path}")
            _DEVICE_IDS[key] = found.group(0)
        return _DEVICE_IDS[key]

    def gui(self) -> tuple[str, str]:
        """The REST API's address (host:port) and its API key."""
        gui = ET.parse(self.config).getroot().find("gui")
        address = gui.findtext("address") if gui is not None else None
        key = gui.findtext("apikey") if gui is not None else None
        if not address or not key:
            raise SyncthingError(f"{self.config} has no GUI address or API key")
        return address, key

    def rest(self, timeout: float = 10.0) -> Rest:
        """A client of this Syncthing's REST API (whether or not it is running)."""
        address, key = self.gui()
        return Rest(f"http://{address}", key, timeout)


def generate(
    home: Path, *, name: str, listen: str, gui_port: int | None = None, gui_host: str = "127.0.0.1"
) -> Home:
    """Make a Syncthing identity and config in `home` once; later calls only re-apply settings.

    `listen` is the sync address (`tcp://0.0.0.0:22000` on a hub; a kiosk that only dials
    out listens on loopback). The REST API is on `gui_host:gui_port` (a free port when not
    given, kept in config.xml) with a random API key.
    """
    made = Home(home)
    if not made.exists():
        home.mkdir(parents=True, exist_ok=True)
        home.chmod(0o700)
        result = subprocess.run(
            [program(), "generate", "--home", str(home), "--no-default-folder"],
            capture_output=True,
            text=True,
            check=False,
            env=_environment(),
        )
        if result.returncode != 0 or not made.exists():
            raise SyncthingError(f"syncthing generate failed: {result.stderr.strip()[-500:]}")
        log.info("syncthing identity made in %s: %s", home, made.device_id())
    tree = ET.parse(made.config)
    root = tree.getroot()
    for device in root.findall("device"):
        if device.get("id") == made.device_id():
            device.set("name", name)
    gui = _child(root, "gui")
    gui.set("enabled", "true")
    gui.set("tls", "false")
    address = gui.findtext("address") or ""
    if gui_port is not None or not address.startswith(f"{gui_host}:") or address.endswith(":8384"):
        _child(gui, "address").text = f"{gui_host}:{gui_port or free_port()}"
    if not gui.findtext("apikey"):
        _child(gui, "apikey").text = secrets.token_urlsafe(24)
    options = _child(root, "options")
    for key, value in _OPTIONS.items():
        _child(options, key).text = value
    for old in options.findall("listenAddress"):
        options.remove(old)
    ET.SubElement(options, "listenAddress").text = listen
    _write(tree, made.config)
    return made


def add_device(
    home: Home, device_id: str, *, name: str, addresses: Iterable[str] = ("dynamic",)
) -> None:
    """Name a remote device in config.xml (Syncthing not running): no introducer, no auto-accept."""
    tree = ET.parse(home.config)
    root = tree.getroot()
    if device_id == home.device_id():
        raise SyncthingError("a Syncthing cannot be its own remote device")
    for old in root.findall("device"):
        if old.get("id") == device_id:
            root.remove(old)
    device = ET.Element(
        "device",
        {"id": device_id, "name": name, "compression": "metadata", "introducer": "false"},
    )
    for address in addresses:
        ET.SubElement(device, "address").text = address
    ET.SubElement(device, "autoAcceptFolders").text = "false"
    ET.SubElement(device, "paused").text = "false"
    _insert_after(root, "device", device)
    _write(tree, home.config)


def set_folder(
    home: Home,
    folder_id: str,
    path: Path,
    *,
    kind: str,
    devices: Iterable[str],
    label: str = "",
    ignore_perms: bool = False,
) -> None:
    """Share `path` as folder `folder_id` with `devices` (and ourselves), in config.xml.

    `kind` is Syncthing's folder type: `sendonly` at the hub, `receiveonly` at a kiosk.
    `ignore_perms`: files are made with this process's umask, not the sender's modes.
    """
    tree = ET.parse(home.config)
    root = tree.getroot()
    for old in root.findall("folder"):
        if old.get("id") == folder_id:
            root.remove(old)
    folder = ET.Element(
        "folder",
        {
            "id": folder_id,
            "label": label or folder_id,
            "path": str(path),
            "type": kind,
            "rescanIntervalS": str(FOLDER_RESCAN_S),
            "fsWatcherEnabled": "true",
            "fsWatcherDelayS": str(WATCHER_DELAY_S),
            "ignorePerms": "true" if ignore_perms else "false",
            "autoNormalize": "true",
        },
    )
    for device in dict.fromkeys([home.device_id(), *devices]):
        ET.SubElement(folder, "device", {"id": device, "introducedBy": ""})
    ET.SubElement(folder, "minDiskFree", {"unit": "%"}).text = "1"
    ET.SubElement(folder, "markerName").text = MARKER
    _insert_after(root, "folder", folder, before="device")
    _write(tree, home.config)


def forget_device(home: Home, device_id: str) -> None:
    """Take a remote device out of every folder and out of config.xml (Syncthing not running)."""
    if device_id == home.device_id():
        return  # never forget ourselves
    tree = ET.parse(home.config)
    root = tree.getroot()
    for folder in root.findall("folder"):
        for device in folder.findall("device"):
            if device.get("id") == device_id:
                folder.remove(device)
    for device in root.findall("device"):
        if device.get("id") == device_id:
            root.remove(device)
    _write(tree, home.config)


def remove_folder(home: Home, folder_id: str) -> None:
    """Stop sharing a folder (config.xml, Syncthing not running); its files stay."""
    tree = ET.parse(home.config)
    root = tree.getroot()
    for folder in root.findall("folder"):
        if folder.get("id") == folder_id:
            root.remove(folder)
    _write(tree, home.config)


def remote_devices(home: Home) -> list[str]:
    """The device ids config.xml knows, other than this Syncthing's own."""
    mine = home.device_id()
    root = ET.parse(home.config).getroot()
    return [d.get("id", "") for d in root.findall("device") if d.get("id") != mine]


def folder_ids(home: Home) -> list[str]:
    """The ids of the folders config.xml shares."""
    return [f.get("id", "") for f in ET.parse(home.config).getroot().findall("folder")]


@dataclass(frozen=True)
class FolderConfig:
    """A shared folder as config.xml has it."""

    path: Path
    label: str
    kind: str
    devices: tuple[str, ...]
    """Every device it is shared with, ourselves first."""


def folder_config(home: Home, folder_id: str) -> FolderConfig | None:
    """Folder `folder_id` as config.xml has it, or None when there is none."""
    for folder in ET.parse(home.config).getroot().findall("folder"):
        if folder.get("id") == folder_id:
            return FolderConfig(
                Path(folder.get("path", "")),
                folder.get("label", folder_id),
                folder.get("type", ""),
                tuple(d.get("id", "") for d in folder.findall("device")),
            )
    return None


def listen_addresses(home: Home) -> list[str]:
    """The sync addresses config.xml says Syncthing listens on."""
    options = ET.parse(home.config).getroot().find("options")
    found = options.findall("listenAddress") if options is not None else []
    return [element.text or "" for element in found]


def free_gui_port(home: Home) -> None:
    """Move the REST API to a free loopback port if another program took its port meanwhile.

    Called before each start: a port chosen when the identity was made may since have been
    given to someone else (another Syncthing's outgoing connection, say), and Syncthing
    would then fail to start for ever.
    """
    address, _key = home.gui()
    host, _, port = address.rpartition(":")
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Go's listeners do
        try:
            probe.bind((host, int(port)))
            return
        except (OSError, ValueError):
            pass
    tree = ET.parse(home.config)
    gui = _child(tree.getroot(), "gui")
    _child(gui, "address").text = f"{host or '127.0.0.1'}:{free_port()}"
    _write(tree, home.config)
    log.warning("syncthing's REST API moved from port %s (in use) to %s", port, home.gui()[0])


def _child(parent: ET.Element, tag: str) -> ET.Element:
    found = parent.find(tag)
    return found if found is not None else ET.SubElement(parent, tag)


def _insert_after(
    root: ET.Element, tag: str, element: ET.Element, before: str | None = None
) -> None:
    """Put `element` after the last `tag` child (else before the first `before`, else first)."""
    children = list(root)
    same = [i for i, child in enumerate(children) if child.tag == tag]
    if same:
        root.insert(same[-1] + 1, element)
        return
    if before is not None:
        for i, child in enumerate(children):
            if child.tag == before:
                root.insert(i, element)
                return
    root.insert(0, element)


def _write(tree: ET.ElementTree[ET.Element], path: Path) -> None:
    partial = path.with_name(f".{path.name}.partial")
    tree.write(partial, encoding="unicode", xml_declaration=False)
    partial.chmod(0o600)
    partial.replace(path)  # whole or not at all: Syncthing refuses half a config


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Belt and braces beside config.xml: no upgrades, no restart loop of its own (we supervise).
    env.update({"STNOUPGRADE": "1", "STNORESTART": "1", "STNODEFAULTFOLDER": "1"})
    # One process, not a monitor with a child in a process group of its own (which a
    # SIGKILL to the monitor left running, holding the database lock): we are its monitor.
    env["STMONITORED"] = "1"
    return env


class Rest:
    """Syncthing's REST API on loopback, with its API key."""

    def __init__(self, base: str, api_key: str, timeout: float = 10.0) -> None:
        self.base = base.rstrip("/")
        self._key = api_key
        self._timeout = timeout

    def call(
        self, method: str, path: str, body: object = None, **query: str
    ) -> Any:  # JSON as Syncthing sends it
        """One request; the decoded JSON answer (None when empty), or SyncthingError."""
        url = self.base + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("X-API-Key", self._key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as answer:
                raw = answer.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace").strip()[:300]
            raise SyncthingError(f"{method} {path}: {error.code} {detail}") from error
        except (urllib.error.URLError, OSError) as error:
            raise SyncthingError(f"{method} {path}: {error}") from error
        return json.loads(raw) if raw.strip() else None

    def get(self, path: str, **query: str) -> Any:
        """GET `path`."""
        return self.call("GET", path, **query)

    def up(self) -> bool:
        """Whether Syncthing answers."""
        try:
            return bool(self.get("/rest/system/ping"))
        except SyncthingError:
            return False


class State(enum.Enum):
    """Where a supervised Syncthing is."""

    STOPPED = "stopped"
    STARTING = "starting"
    RUNNING = "running"
    BACKING_OFF = "backing off"


def _ended_with_us() -> list[str]:
    """`setpriv --pdeathsig TERM`, so Syncthing ends when the process that started it dies.

    Syncthing runs in a session of its own (stopped as a whole); without this, a hub or a sync
    service killed with SIGKILL left its Syncthing running, holding its database, and the next
    start failed. systemd cleans a unit's cgroup too; this covers a hub or kiosk run by hand.
    setpriv is util-linux's (in every Debian and Ubuntu); without it, Syncthing starts anyway.
    """
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--"] if setpriv else []


class Supervisor:
    """Runs `syncthing serve` for one home as a child in its own process group.

    It is started again when it dies, after 1, 2, 4 ... up to `max_backoff` seconds (back
    to 1 after a run that lasted a minute). `every` (if given) is called about every
    `every_s` seconds while Syncthing answers, in the supervisor's thread.
    """

    def __init__(
        self,
        home: Home,
        *,
        name: str = "syncthing",
        max_backoff: float = 60.0,
        every: Callable[[Rest], None] | None = None,
        every_s: float = 10.0,
    ) -> None:
        self.home = home
        self.name = name
        self.state = State.STOPPED
        self.starts = 0
        self._max_backoff = max_backoff
        self._every = every
        self._every_s = every_s
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None

    @property
    def pid(self) -> int | None:
        """The running Syncthing's process id, if any."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def start(self) -> None:
        """Start Syncthing and watch over it in a thread of its own."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-supervisor")
        self._thread.daemon = True
        self._thread.start()

    def wait_until_up(self, timeout: float = 30.0) -> Rest:
        """Wait until the REST API answers; its client, or SyncthingError."""
        rest = self.home.rest(timeout=5)
        deadline = time.monotonic() + timeout
        while not rest.up():
            if time.monotonic() > deadline:
                raise SyncthingError(f"{self.name} did not answer within {timeout:.0f} s")
            if self._stop.wait(0.1):
                raise SyncthingError(f"{self.name} was stopped")
        return rest

    def stop(self, timeout: float = 10.0) -> None:
        """Stop Syncthing (SIGTERM, then SIGKILL to its whole group) and the supervisor."""
        self._stop.set()
        self._end_process(timeout)
        if self._thread is not None:
            self._thread.join(timeout)
        self.state = State.STOPPED

    def _spawn(self) -> subprocess.Popen[bytes]:
        free_gui_port(self.home)
        path = self.home.path / LOG
        with contextlib.suppress(OSError):
            if path.stat().st_size > LOG_BYTES:
                path.replace(path.with_name(f"{LOG}.1"))
        log_file = path.open("ab")
        try:
            return subprocess.Popen(
                [
                    *_ended_with_us(),
                    program(),
                    "serve",
                    "--home",
                    str(self.home.path),
                    "--no-browser",
                    "--no-restart",
                    "--no-upgrade",
                    "--logflags=3",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=_environment(),
                start_new_session=True,  # its own process group: killed whole, never orphaned
            )
        finally:
            log_file.close()

    def _end_process(self, timeout: float) -> None:
        with self._lock:
            process = self._process
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop in %.0f s: killing it", self.name, timeout)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def _run(self) -> None:
        backoff = 1.0
        while not self._stop.is_set():
            self.state = State.STARTING
            try:
                process: subprocess.Popen[bytes] | None = self._spawn()
            except (OSError, SyncthingError) as error:
                log.error("%s cannot start: %s", self.name, error)
                process = None
            if process is not None:
                with self._lock:
                    self._process = process
                self.starts += 1
                log.info("%s started (pid %d)", self.name, process.pid)
                began = time.monotonic()
                self._watch(process)
                if self._stop.is_set():
                    break
                log.warning(
                    "%s stopped by itself (exit %s) after %.0f s",
                    self.name,
                    process.returncode,
                    time.monotonic() - began,
                )
                if time.monotonic() - began > 60:
                    backoff = 1.0
            self.state = State.BACKING_OFF
            log.info("%s: starting again in %.0f s", self.name, backoff)
            if self._stop.wait(backoff):
                break
            backoff = min(backoff * 2, self._max_backoff)
        self.state = State.STOPPED

    def _watch(self, process: subprocess.Popen[bytes]) -> None:
        """Wait while it runs; call `every` now and then once it answers."""
        rest = self.home.rest(timeout=5)
        next_call = time.monotonic()
        while process.poll() is None and not self._stop.wait(0.5):
            if self.state is State.STARTING and rest.up():
                self.state = State.RUNNING
            due = time.monotonic() >= next_call
            if self._every is not None and self.state is State.RUNNING and due:
                next_call = time.monotonic() + self._every_s
                try:
                    self._every(rest)
                except Exception:  # a check must never stop the supervising
                    log.exception("%s: periodic check failed", self.name)
