"""One screen per file; imported from here."""

from kiosk.screens.ask import AskScreen
from kiosk.screens.base import KioskScreen
from kiosk.screens.content_note import ContentNoteScreen
from kiosk.screens.group_detail import GroupDetailScreen
from kiosk.screens.group_list import GroupListScreen
from kiosk.screens.groups import GroupsScreen
from kiosk.screens.hear_messages import HearMessagesScreen
from kiosk.screens.help import HelpScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.leave_message import LeaveMessageScreen
from kiosk.screens.message_preview import MessagePreviewScreen
from kiosk.screens.pick import PickScreen
from kiosk.screens.player import PlayerScreen
from kiosk.screens.search_words import SearchWordsScreen
from kiosk.screens.still_there import StillThereScreen
from kiosk.screens.story_list import StoryListScreen
from kiosk.screens.support_now import SupportNowScreen
from kiosk.screens.thanks import ThanksScreen

__all__ = [
    "AskScreen",
    "ContentNoteScreen",
    "GroupDetailScreen",
    "GroupListScreen",
    "GroupsScreen",
    "HearMessagesScreen",
    "HelpScreen",
    "HomeScreen",
    "KioskScreen",
    "LeaveMessageScreen",
    "MessagePreviewScreen",
    "PickScreen",
    "PlayerScreen",
    "SearchWordsScreen",
    "StillThereScreen",
    "StoryListScreen",
    "SupportNowScreen",
    "ThanksScreen",
]
