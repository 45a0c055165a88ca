"""Voice control: offline speech recognition, speech models, and the table of voice commands.

Each recognition engine is a module in recognizers/; models.py decides which speech model
(and engine) each language uses. UI-free: the Textual side (kiosk/ui/voice.py) builds each
screen's grammar and turns what was heard into the key press that does the same thing.
"""
