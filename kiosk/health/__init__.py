"""How a kiosk machine is: the checks behind `kiosk doctor`, as codes and details.

Each check returns a `Result`: a mark (all well, a problem, or just a note), a `Finding`
code and the details that go with it (numbers, paths, a device's own reason). The command
line words them for staff; nothing here writes a sentence of its own (kiosk/health/doctor.py).
"""
