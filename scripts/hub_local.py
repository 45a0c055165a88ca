"""`make hub`: the centre's hub on this machine, with a PostgreSQL cluster of its own.

For trying the hub, or for a small centre whose hub is one machine in the office: the cluster
lives in .cache/hub/postgres (Debian's PostgreSQL, as an unprivileged user, on a loopback
port), the hub's own data in .cache/hub/data. Makes the schema, a centre called "Our centre"
if there is none, prints a one-time join code and the command a kiosk joins with, then serves
the hub (gunicorn) until Ctrl+C. Run it again and it carries on with the same database.

    .venv/bin/python scripts/hub_local.py [--bind 0.0.0.0:8300] [--centre NAME]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hub.localdb import LocalPostgres  # noqa: E402

BIN = Path(sys.executable).parent
CACHE = ROOT / ".cache" / "hub"


def hub(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "mutuality-hub"), *args], env=env, capture_output=True, text=True, check=check
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="0.0.0.0:8300", help="where kiosks reach the hub")
    parser.add_argument("--centre", default="Our centre", help="the centre to make a code for")
    parser.add_argument("--content-port", default=22000, type=int, help="Syncthing's port")
    args = parser.parse_args()
    host, _, port = args.bind.rpartition(":")
    address = socket.gethostname() if host in ("0.0.0.0", "") else host

    postgres = LocalPostgres(CACHE / "postgres", port=int(os.environ.get("HUB_PG_PORT", 54335)))
    postgres.create()
    postgres.start()
    # The names and addresses kiosks may use for this machine (Django refuses any other Host).
    addresses = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    hosts = ["127.0.0.1", "localhost", socket.gethostname(), *addresses]
    if extra := os.environ.get("MUTUALITY_HUB_ALLOWED_HOSTS"):
        hosts.append(extra)
    env = {
        **os.environ,
        "MUTUALITY_HUB_DATABASE": postgres.url,
        "MUTUALITY_HUB_DATA": str(CACHE / "data"),
        "MUTUALITY_HUB_ALLOWED_HOSTS": ",".join(hosts),
        # Content sharing on: kiosks dial this address for the centre's content.
        "MUTUALITY_HUB_SYNCTHING_ADDRESS": f"tcp://{address}:{args.content_port}",
        "MUTUALITY_HUB_SYNCTHING_LISTEN": f"tcp://{host or '0.0.0.0'}:{args.content_port}",
        **{k: v for k, v in os.environ.items() if k.startswith("MUTUALITY_HUB_SYNCTHING_")},
    }
    try:
        hub(env, "migrate")
        added = hub(env, "centre", "add", args.centre, check=False)  # there already: carry on
        if found := re.search(r"Its content folder is (.+?): put", added.stdout):
            folder = Path(found[1])
            if not any(folder.iterdir()):
                shutil.copytree(ROOT / "content", folder, dirs_exist_ok=True)
            print(f"The centre's content folder: {folder} (a copy of the sample content).")
        code = hub(env, "join-code", args.centre).stdout.split()[-1]
        print(f"\nThe hub for {args.centre!r} is starting on {args.bind}.")
        print("To join a kiosk to it, run on the kiosk (the code works once, for 24 hours);")
        print("the centre's content then replaces what is in the kiosk's content folder DIR:")
        print(f"    kiosk hub join http://{address}:{port} {code} --content DIR\n", flush=True)
        server = subprocess.Popen(
            [str(BIN / "mutuality-hub"), "serve", "--bind", args.bind], env=env
        )
        # Ctrl+C reaches the whole group; SIGTERM (a `timeout`, systemd) only this process:
        # both end the server and the cluster below, never leaving them running.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            return server.wait()
        except (KeyboardInterrupt, SystemExit):
            server.send_signal(signal.SIGTERM)
            return server.wait()
    except subprocess.CalledProcessError as error:
        print(error.stderr or error.stdout, file=sys.stderr)
        return 1
    finally:
        postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
