"""One screen per file, and the one table of which screen stands for which place.

Screens never import each other: they ask the router for a place (kiosk/ui/navigation.py),
and the router builds the screen from this table.
"""

from kiosk.screens.dialogs.ask import AskScreen
from kiosk.screens.dialogs.pick import PickScreen
from kiosk.screens.dialogs.still_there import StillThereScreen
from kiosk.screens.staff.content_problems import ContentProblemsScreen
from kiosk.screens.staff.edit_message import EditMessageScreen
from kiosk.screens.staff.moderation import ModerationScreen
from kiosk.screens.staff.pin import PinScreen
from kiosk.screens.staff.read_in_full import ReadInFullScreen
from kiosk.screens.staff.sound_check import SoundCheckScreen
from kiosk.screens.staff.staff_menu import StaffMenuScreen
from kiosk.screens.staff.usage import UsageScreen
from kiosk.screens.visitor.content_note import ContentNoteScreen
from kiosk.screens.visitor.dictation import DictationScreen
from kiosk.screens.visitor.group_code import GroupCodeScreen
from kiosk.screens.visitor.group_detail import GroupDetailScreen
from kiosk.screens.visitor.group_list import GroupListScreen
from kiosk.screens.visitor.groups import GroupsScreen
from kiosk.screens.visitor.hear_messages import HearMessagesScreen
from kiosk.screens.visitor.help import HelpScreen
from kiosk.screens.visitor.home import HomeScreen
from kiosk.screens.visitor.kind_messages import KindMessagesScreen
from kiosk.screens.visitor.language import LanguageScreen
from kiosk.screens.visitor.leave_message import LeaveMessageScreen
from kiosk.screens.visitor.message_preview import MessagePreviewScreen
from kiosk.screens.visitor.player import PlayerScreen
from kiosk.screens.visitor.search_words import SearchWordsScreen
from kiosk.screens.visitor.story_list import StoryListScreen
from kiosk.screens.visitor.support_now import SupportNowScreen
from kiosk.screens.visitor.talk_now import TalkNowScreen
from kiosk.screens.visitor.thanks import ThanksScreen
from kiosk.ui.navigation import AnyPlace, Place, ScreenClass, route
from kiosk.ui.screen import KioskScreen

SCREENS: dict[AnyPlace, ScreenClass] = dict(
    [
        route(Place.HOME, HomeScreen),
        route(Place.STORIES, StoryListScreen),
        route(Place.CONTENT_NOTE, ContentNoteScreen),
        route(Place.PLAYER, PlayerScreen),
        route(Place.LEAVE_MESSAGE, LeaveMessageScreen),
        route(Place.KIND_MESSAGES, KindMessagesScreen),
        route(Place.DICTATION, DictationScreen),
        route(Place.SUPPORT_NOW, SupportNowScreen),
        route(Place.MESSAGE_PREVIEW, MessagePreviewScreen),
        route(Place.THANKS, ThanksScreen),
        route(Place.HEAR_MESSAGES, HearMessagesScreen),
        route(Place.GROUPS, GroupsScreen),
        route(Place.SEARCH_WORDS, SearchWordsScreen),
        route(Place.GROUP_LIST, GroupListScreen),
        route(Place.GROUP_DETAIL, GroupDetailScreen),
        route(Place.GROUP_CODE, GroupCodeScreen),
        route(Place.HELP, HelpScreen),
        route(Place.TALK_NOW, TalkNowScreen),
        route(Place.LANGUAGE, LanguageScreen),
        route(Place.ASK, AskScreen),
        route(Place.PICK, PickScreen),
        route(Place.STILL_THERE, StillThereScreen),
        route(Place.PIN, PinScreen),
        route(Place.STAFF_MENU, StaffMenuScreen),
        route(Place.MODERATION, ModerationScreen),
        route(Place.READ_IN_FULL, ReadInFullScreen),
        route(Place.EDIT_MESSAGE, EditMessageScreen),
        route(Place.CONTENT_PROBLEMS, ContentProblemsScreen),
        route(Place.USAGE, UsageScreen),
        route(Place.SOUND_CHECK, SoundCheckScreen),
    ]
)
"""Every place and the screen shown there (`route` has mypy check that each screen takes
its place's arguments and answers with its answer type)."""

__all__ = [
    "SCREENS",
    "AskScreen",
    "ContentNoteScreen",
    "ContentProblemsScreen",
    "DictationScreen",
    "EditMessageScreen",
    "GroupCodeScreen",
    "GroupDetailScreen",
    "GroupListScreen",
    "GroupsScreen",
    "HearMessagesScreen",
    "HelpScreen",
    "HomeScreen",
    "KindMessagesScreen",
    "KioskScreen",
    "LanguageScreen",
    "LeaveMessageScreen",
    "MessagePreviewScreen",
    "ModerationScreen",
    "PickScreen",
    "PinScreen",
    "PlayerScreen",
    "ReadInFullScreen",
    "SearchWordsScreen",
    "SoundCheckScreen",
    "StaffMenuScreen",
    "StillThereScreen",
    "StoryListScreen",
    "SupportNowScreen",
    "TalkNowScreen",
    "ThanksScreen",
    "UsageScreen",
]
