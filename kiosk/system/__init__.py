"""The kiosk as a system service: the installer, the files it writes, and liveness for systemd.

`files` holds every file the installer writes, as data; `host` is the one small interface
to the operating system (users, packages, systemctl); `installer` puts them together;
`notify` tells systemd the kiosk is up and still answering (sd_notify).
"""
