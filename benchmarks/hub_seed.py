"""Kiosks for the hub benchmark, joined by the hub's own code: prints one token per line.

Run with the hub's settings in the environment (benchmarks/hub_sync.py does):

    python -m benchmarks.hub_seed KIOSKS PER_CENTRE
"""

from __future__ import annotations

import os
import sys

import django


def main() -> int:
    count, per_centre = int(sys.argv[1]), int(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    django.setup()
    from hub.kiosks import add_centre, join, make_join_code

    tokens = []
    centre = None
    for number in range(count):
        if number % per_centre == 0:
            centre = add_centre(f"Centre {number // per_centre + 1}")
        assert centre is not None
        _kiosk, token = join(make_join_code(centre), f"kiosk {number + 1}")
        tokens.append(token)
    print("\n".join(tokens))
    return 0


if __name__ == "__main__":
    sys.exit(main())
