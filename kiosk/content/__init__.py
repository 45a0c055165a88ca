"""The content folder staff maintain: settings, peer stories and local groups.

`load_content` reads it all and never raises for bad content: every problem is collected,
worded for staff, and the item at fault is left out while the rest still shows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content.groups import Group, load_groups
from kiosk.content.kind_messages import load_kind_messages
from kiosk.content.rules import Rules, load_rules
from kiosk.content.stories import Story, load_stories
from kiosk.content.transcript import Cue, Transcript
from kiosk.core.config import KioskConfig, load_config
from kiosk.core.problems import Problem

__all__ = ["Content", "Cue", "Group", "Story", "Transcript", "load_content"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Content:
    """Everything the kiosk shows, read from one content folder."""

    root: Path
    config: KioskConfig
    stories: tuple[Story, ...] = ()
    groups: tuple[Group, ...] = ()
    problems: tuple[Problem, ...] = field(default=())
    rules: Rules = field(default_factory=Rules)
    """Screening lists: watched words and crisis words."""
    kind_messages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Messages a visitor can choose by number, for each language code (kind_messages.py)."""

    @property
    def faults(self) -> tuple[Problem, ...]:
        """The problems that fail the check: everything but notes.

        The one rule for what is wrong with a content folder: `kiosk check` and `kiosk doctor`
        both count these, so they can never disagree.
        """
        return tuple(problem for problem in self.problems if not problem.notice)

    @property
    def notes(self) -> tuple[Problem, ...]:
        """Things worth telling staff that are not wrong (a draft transcript, two groups files)."""
        return tuple(problem for problem in self.problems if problem.notice)


def load_content(root: Path) -> Content:
    """Read the content folder at `root`; problems are logged and kept on the result."""
    root = root.resolve()
    if not root.is_dir():
        problem = Problem(root, None, "this content folder does not exist.")
        return Content(root, KioskConfig(), problems=(problem,))
    config, problems = load_config(root)
    stories, story_problems = load_stories(root)
    groups, group_problems = load_groups(root, config.country)
    rules, rule_problems = load_rules(root)
    kind, kind_problems = load_kind_messages(root)
    problems += story_problems + group_problems + rule_problems + kind_problems
    for problem in problems:
        if problem.notice:
            log.info("content note: %s", problem.format(root))
        else:
            log.warning("content problem: %s", problem.format(root))
    return Content(root, config, tuple(stories), tuple(groups), tuple(problems), rules, kind)
