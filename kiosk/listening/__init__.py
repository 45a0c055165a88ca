"""Voice control: offline speech recognition with Vosk, and the table of voice commands.

UI-free: the Textual side (kiosk/ui/voice.py) builds each screen's grammar and turns
what was heard into the key press that does the same thing.
"""
