"""The box a visitor types a message in: Enter finishes, and it stops at the limit."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea


class MessageBox(TextArea):
    """A wrapping text box with a hard character limit; Enter means "done", not a new line."""

    class Done(Message):
        """The visitor pressed Enter."""

    class LimitReached(Message):
        """A key was refused because the message is as long as it may be."""

    def __init__(self, limit: int, *, text: str = "", id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.limit = limit

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Done())
            return
        if event.is_printable and len(self.text) >= self.limit:
            event.stop()
            event.prevent_default()
            self.post_message(self.LimitReached())
            return
        await super()._on_key(event)

    async def _on_paste(self, event: events.Paste) -> None:
        # Pasted text obeys the limit too; line breaks become spaces (Enter means "done").
        room = max(0, self.limit - len(self.text))
        text = event.text.replace("\r", " ").replace("\n", " ")[:room]
        event.stop()
        event.prevent_default()
        if text:
            self.insert(text)
        if room < len(event.text):
            self.post_message(self.LimitReached())
