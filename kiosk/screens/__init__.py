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
from kiosk.screens.visitor.language import LanguageScreen
from kiosk.screens.visitor.leave_message import LeaveMessageScreen
from kiosk.screens.visitor.message_preview import MessagePreviewScreen
from kiosk.screens.visitor.player import PlayerScreen
from kiosk.screens.visitor.search_words import SearchWordsScreen
from kiosk.screens.visitor.story_list import StoryListScreen
from kiosk.screens.visitor.support_now import SupportNowScreen
from kiosk.screens.visitor.thanks import ThanksScreen
from kiosk.ui.navigation import Place, ScreenClass
from kiosk.ui.screen import KioskScreen

SCREENS: dict[Place, ScreenClass] = {
    Place.HOME: HomeScreen,
    Place.STORIES: StoryListScreen,
    Place.CONTENT_NOTE: ContentNoteScreen,
    Place.PLAYER: PlayerScreen,
    Place.LEAVE_MESSAGE: LeaveMessageScreen,
    Place.DICTATION: DictationScreen,
    Place.SUPPORT_NOW: SupportNowScreen,
    Place.MESSAGE_PREVIEW: MessagePreviewScreen,
    Place.THANKS: ThanksScreen,
    Place.HEAR_MESSAGES: HearMessagesScreen,
    Place.GROUPS: GroupsScreen,
    Place.SEARCH_WORDS: SearchWordsScreen,
    Place.GROUP_LIST: GroupListScreen,
    Place.GROUP_DETAIL: GroupDetailScreen,
    Place.GROUP_CODE: GroupCodeScreen,
    Place.HELP: HelpScreen,
    Place.LANGUAGE: LanguageScreen,
    Place.ASK: AskScreen,
    Place.PICK: PickScreen,
    Place.STILL_THERE: StillThereScreen,
    Place.PIN: PinScreen,
    Place.STAFF_MENU: StaffMenuScreen,
    Place.MODERATION: ModerationScreen,
    Place.READ_IN_FULL: ReadInFullScreen,
    Place.EDIT_MESSAGE: EditMessageScreen,
    Place.CONTENT_PROBLEMS: ContentProblemsScreen,
    Place.USAGE: UsageScreen,
    Place.SOUND_CHECK: SoundCheckScreen,
}
"""Every place and the screen shown there."""

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
    "ThanksScreen",
    "UsageScreen",
]
