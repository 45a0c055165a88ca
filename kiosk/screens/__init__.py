"""One screen per file; imported from here."""

from kiosk.screens.ask import AskScreen
from kiosk.screens.base import KioskScreen
from kiosk.screens.content_note import ContentNoteScreen
from kiosk.screens.content_problems import ContentProblemsScreen
from kiosk.screens.dictation import DictationScreen
from kiosk.screens.edit_message import EditMessageScreen
from kiosk.screens.group_detail import GroupDetailScreen
from kiosk.screens.group_list import GroupListScreen
from kiosk.screens.groups import GroupsScreen
from kiosk.screens.hear_messages import HearMessagesScreen
from kiosk.screens.help import HelpScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.language import LanguageScreen
from kiosk.screens.leave_message import LeaveMessageScreen
from kiosk.screens.message_preview import MessagePreviewScreen
from kiosk.screens.moderation import ModerationScreen
from kiosk.screens.pick import PickScreen
from kiosk.screens.pin import PinScreen
from kiosk.screens.player import PlayerScreen
from kiosk.screens.search_words import SearchWordsScreen
from kiosk.screens.sound_check import SoundCheckScreen
from kiosk.screens.staff_menu import StaffMenuScreen
from kiosk.screens.still_there import StillThereScreen
from kiosk.screens.story_list import StoryListScreen
from kiosk.screens.support_now import SupportNowScreen
from kiosk.screens.thanks import ThanksScreen
from kiosk.screens.usage import UsageScreen

__all__ = [
    "AskScreen",
    "ContentNoteScreen",
    "ContentProblemsScreen",
    "DictationScreen",
    "EditMessageScreen",
    "GroupDetailScreen",
    "GroupListScreen",
    "GroupsScreen",
    "HearMessagesScreen",
    "HelpScreen",
    "HomeScreen",
    "KioskScreen",
    "LanguageScreen",
    "LeaveMessageScreen",
    "MessagePreviewScreen",
    "ModerationScreen",
    "PickScreen",
    "PinScreen",
    "PlayerScreen",
    "SearchWordsScreen",
    "SoundCheckScreen",
    "StaffMenuScreen",
    "StillThereScreen",
    "StoryListScreen",
    "SupportNowScreen",
    "ThanksScreen",
    "UsageScreen",
]
