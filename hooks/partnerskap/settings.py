"""The generator's settings: ``extra.partnership`` in mkdocs.yml and the site-wide values it needs.

Every value is checked, and every problem is reported at once at its line in mkdocs.yml (or in
the file it ``INHERIT``s the value from), as the data files' problems are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, NamedTuple, TypeVar
from zoneinfo import ZoneInfo, available_timezones

from mkdocs.config.base import BaseConfigOption, Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig

from partnerskap import routes
from partnerskap.i18n import LANGUAGES
from partnerskap.model.events import CATEGORIES
from partnerskap.model.funds import BUILT_IN, Fund, FundSettingsError, fund_table
from partnerskap.model.imported_events import KINDS, CalendarSource, SourceFilter
from partnerskap.source.calendar_cache import cache_dir_problem
from partnerskap.source.config_lines import ConfigLines
from partnerskap.source.fields import EMAIL, MAX_ID_LENGTH, SLUG, did_you_mean, shown_value, web_address
from partnerskap.source.problems import DataError, Problem

PARTNERSHIP = ("extra", "partnership")
WEB_ADDRESS = re.compile(
    r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$"
)
"""The site's own address and its repository's: printed into every page's links by the theme,
so nothing but a plain http(s) address (no quotes, spaces, < or >, no other scheme) is taken."""
SHARE_IMAGE_TYPES = (".png", ".jpg", ".jpeg")
"""What link previews show: Facebook, LinkedIn and the chat apps read no SVG or WebP."""
_KINDS = {".md": "Markdown", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}

T = TypeVar("T")

Complain = Callable[[tuple[str, ...], str], None]
"""Records a problem with the setting at the given keys (under the block being checked)."""


class SettingsError(DataError):
    """Settings in mkdocs.yml that cannot work: every one, as ``mkdocs.yml:LINE: message``."""


class Folders(NamedTuple):
    """What the checks of file settings need to know besides the value."""

    project: Path
    """The folder of mkdocs.yml: data files must be inside it."""
    docs: Path
    """The docs folder (content/): pages and images must be inside it."""


class SettingProblems(ValidationError):
    """Every problem under one setting, each at the keys below it (``()``: the setting itself)."""

    def __init__(self, problems: list[tuple[tuple[str, ...], str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


class SettingsBlock(Config):
    """A block of settings declared with MkDocs' config options, as a plugin's settings are.

    Checked the MkDocs way, each option's ``run_validation`` on the value alone and its
    ``post_validation`` against the rest (here: the project's folders), but unlike MkDocs' own
    validation, which stops at the first setting that fails, every setting is checked, and every
    problem is kept with the keys it is at: staff see them all at once, each at its line.
    """

    folders: Folders

    def problems(self, folders: Folders) -> list[tuple[tuple[str, ...], str]]:
        self.folders = folders
        known = [name for name, _ in self._schema]
        found = [
            ((str(key),), f"okänd inställning{did_you_mean(str(key), known)}; kända: {', '.join(known)}")
            for key in self if key not in self._schema_keys
        ]
        for name, option in self._schema:
            try:
                self[name] = option.validate(self[name])
                option.post_validation(self, key_name=name)
            except SettingProblems as error:
                found.extend(((name, *keys), message) for keys, message in error.problems)
            except ValidationError as error:
                found.append(((name,), str(error)))
        return found


class Setting(BaseConfigOption[T]):
    """An option that may be left out: then it is its default (``None`` unless given), and only a
    value staff wrote goes through ``run_validation`` and ``post_validation``."""

    def __init__(self, default: T | None = None) -> None:
        super().__init__()
        self.default = default

    def validate(self, value: object) -> T:
        return self.default if value is None else self.run_validation(value)

    def post_validation(self, config: SettingsBlock, key_name: str) -> None:
        if config[key_name] is not None:
            self.check_written(config[key_name], config.folders)

    def check_written(self, value: T, folders: Folders) -> None:
        """Checks that need the project's folders; none by default."""


class Required(Setting[T]):
    """An option staff must write."""

    example: str

    def validate(self, value: object) -> T:
        if value is None:
            raise ValidationError(f"saknas; skriv till exempel {self.example}")
        return self.run_validation(value)


class Block(Setting[SettingsBlock]):
    """A block of settings inside another (``feed:``, ``accessibility:``)."""

    def __init__(self, block: type[SettingsBlock], shape: str) -> None:
        super().__init__()
        self.block, self.shape = block, shape

    def run_validation(self, value: object) -> SettingsBlock:
        if not isinstance(value, Mapping):
            raise ValidationError(self.shape)
        block = self.block()
        block.load_dict(dict(value))
        return block

    def check_written(self, value: SettingsBlock, folders: Folders) -> None:
        if found := value.problems(folders):
            raise SettingProblems(found)


class TimeZone(Setting[str]):
    """A name of the IANA time zone database, such as ``Europe/Stockholm``."""

    def run_validation(self, value: object) -> str:
        zones = available_timezones()  # a name, not a path: ZoneInfo would open a file by it
        if not isinstance(value, str) or value not in zones:
            hint = did_you_mean(value, sorted(zones)) if isinstance(value, str) else ""
            raise ValidationError(f"{shown_value(value)} är inte en tidszon{hint}; skriv till exempel Europe/Stockholm")
        return value


class WholeNumber(Setting[int]):
    minimum = 1

    def run_validation(self, value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < self.minimum:
            raise ValidationError(f"{shown_value(value)} ska vara ett heltal, minst {self.minimum}")
        return value


class OneLine(Setting[str]):
    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def run_validation(self, value: object) -> str:
        if not (isinstance(value, str) and value.strip() and "\n" not in value):
            raise ValidationError(f"ska vara {self.what}, en rad text")
        return value


class EmailAddress(Required[str]):
    example = "kontoret@example.se"

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not EMAIL.match(value):
            raise ValidationError("ska vara en e-postadress, till exempel kontoret@example.se")
        return value


class Day(Setting[dt.date]):
    """A date, written as YAML's date (2026-11-02) or as text in that form."""

    def run_validation(self, value: object) -> dt.date:
        try:
            return value if type(value) is dt.date else dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(f"{shown_value(value)} är inte ett datum; skriv det som 2026-11-02") from None


class RequiredDay(Required[dt.date], Day):
    example = "2026-11-02"


class DataFile(Setting[str]):
    """A YAML file inside the project folder. The build reads the file and publishes what it
    holds, so a path out of the folder (``../``, an absolute path, a link that leads out) could
    publish any file of the build machine."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"ska vara sökvägen till en YAML-fil bredvid mkdocs.yml, till exempel {self.default}")
        return value

    def check_written(self, value: str, folders: Folders) -> None:
        example = self.default
        if not _inside(folders.project, value):
            raise ValidationError(f"{shown_value(value)} ligger utanför projektmappen; skriv en sökväg i mappen där mkdocs.yml ligger, till exempel {example}")
        try:
            folder = (folders.project / value).is_dir()
        except OSError as error:  # a name longer than the file system takes, for one
            raise ValidationError(f"{shown_value(value)} kan inte vara en fils sökväg här ({error.strerror}); skriv till exempel {example}") from None
        if folder:
            raise ValidationError(f"{shown_value(value)} är en mapp; skriv sökvägen till YAML-filen, till exempel {example}")


class DocsFile(Setting[str]):
    """A file in the docs folder, of one of ``suffixes``."""

    def __init__(self, suffixes: tuple[str, ...], example: str) -> None:
        super().__init__()
        self.suffixes, self.example = suffixes, example

    def run_validation(self, value: object) -> str:
        if not (isinstance(value, str) and value.lower().endswith(self.suffixes)):
            raise ValidationError(self._wrong(value))
        return value

    def check_written(self, value: str, folders: Folders) -> None:
        if not _inside(folders.docs, value):
            raise ValidationError(self._wrong(value))
        if not _is_file(folders.docs / value):
            raise ValidationError(f"det finns ingen fil content/{value}")

    def _wrong(self, value: object) -> str:
        kinds = "- eller ".join(dict.fromkeys(_KINDS.get(s, s) for s in self.suffixes))
        return f"{shown_value(value)} ska vara sökvägen till en {kinds}-fil i content/, till exempel {self.example}"


class Funds(Setting[Mapping[str, Fund]]):
    """The built-in funds with the association's own added (:mod:`.model.funds` checks them)."""

    def validate(self, value: object) -> Mapping[str, Fund]:
        try:
            return fund_table(value)  # nothing written: the built-in funds
        except FundSettingsError as error:
            raise SettingProblems(list(error.problems)) from None


class SlugSetting(Required[str]):
    """An id: lowercase letters, digits and hyphens (it names files and addresses)."""

    example = "region-halland"

    longest = MAX_ID_LENGTH - 20
    """A source's id begins its events' ids (``<id>-<10 hex>-<date>``), which may be MAX_ID_LENGTH long."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not SLUG.fullmatch(value):
            raise ValidationError(f"{shown_value(value)} ska vara ett id med små bokstäver, siffror och bindestreck, till exempel {self.example}")
        if len(value) > self.longest:
            raise ValidationError(f"id:t är {len(value)} tecken långt; högst {self.longest} (det blir filnamn)")
        return value


class CalendarAddress(Required[str]):
    """Where a member publishes its calendar: the fetcher asks for this address, and nothing
    but a plain http(s) address (no other scheme, no spaces or control characters) is taken."""

    example = "https://example.se/kalender.ics"

    def run_validation(self, value: object) -> str:
        address = web_address(value)
        if address is None:
            raise ValidationError(f"{shown_value(value)} är inte en webbadress till en kalender; skriv till exempel {self.example}")
        return address


class OneOf(Setting[str]):
    def __init__(self, choices: Mapping[str, str] | tuple[str, ...], default: str | None = None) -> None:
        super().__init__(default)
        self.choices = tuple(choices)

    def run_validation(self, value: object) -> str:
        if value not in self.choices:
            hint = did_you_mean(value, self.choices) if isinstance(value, str) else ""
            raise ValidationError(f"{shown_value(value)} är inte ett av {', '.join(self.choices)}{hint}")
        return value


class Flag(Setting[bool]):
    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(f"{shown_value(value)} ska vara true eller false")
        return value


class TextList(Setting[tuple[str, ...]]):
    """A list of words or phrases (``[LEADER, landsbygd]``)."""

    def run_validation(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() and "\n" not in v for v in value):
            raise ValidationError("ska vara en lista med ord, till exempel [LEADER, landsbygd]")
        return tuple(v.strip() for v in value)


def _not_a_category(value: object) -> str:
    hint = did_you_mean(value, tuple(CATEGORIES)) if isinstance(value, str) else ""
    return f"{shown_value(value)} är inte en kategori{hint}; kategorierna är {', '.join(CATEGORIES)}"


class CategoryList(Setting[tuple[str, ...]]):
    def run_validation(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise ValidationError(f"ska vara en lista med kategorier, till exempel [workshop, conference]; kategorierna är {', '.join(CATEGORIES)}")
        problems = [((), _not_a_category(v)) for v in value if v not in CATEGORIES]
        if problems:
            raise SettingProblems(problems)
        return tuple(value)


class CategoryMap(Setting[Mapping[str, str]]):
    """A source's own category names (its CATEGORIES, any case) and the site's category each becomes."""

    def run_validation(self, value: object) -> Mapping[str, str]:
        if not isinstance(value, Mapping):
            raise ValidationError("ska vara ett block där varje rad är källans kategori och vår, till exempel Kurs: workshop")
        problems = [((str(theirs),), _not_a_category(ours)) for theirs, ours in value.items() if ours not in CATEGORIES]
        if problems:
            raise SettingProblems(problems)
        return {str(theirs).casefold(): ours for theirs, ours in value.items()}


class Folder(Setting[str]):
    """A folder of its own inside the project, reached through no link (it need not exist yet:
    ``make fetch`` makes it)."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"ska vara en mapp bredvid mkdocs.yml, till exempel {self.default}")
        return value

    def check_written(self, value: str, folders: Folders) -> None:
        problem = cache_dir_problem(value, folders.project)
        if problem:
            raise ValidationError(problem)


class SourceFilterSettings(SettingsBlock):
    """``filter:`` of a calendar source: which of its events the site shows."""

    keywords = TextList()
    """Only events whose title or description has one of these words (any case)."""
    categories = CategoryList()
    """Only events in these of the site's categories (after ``categories:`` of the source)."""
    since = Day()
    until = Day()


class CalendarSourceSettings(SettingsBlock):
    """One item of ``extra.partnership.sources``: a member's own calendar to show events from."""

    id = SlugSetting()
    member = SlugSetting()
    """The member whose calendar it is (checked against members.yaml by the build)."""
    url = CalendarAddress()
    kind = OneOf(KINDS, "icalendar")
    """``icalendar`` (an .ics address), or ``site``: another site of this generator, its /kalender.json."""
    name = OneLine("kalenderns namn")
    """How the site names the calendar ("Region Hallands kalender"); the member's name by default."""
    category = OneOf(CATEGORIES, "other")
    """The site's category for an event whose own categories are not in ``categories:``."""
    categories = CategoryMap()
    filter = Block(SourceFilterSettings, "ska vara ett block med keywords:, categories:, since: och until:")
    feeds = Flag(True)
    """Whether its events are in the site's feeds and calendar files, besides its pages."""


class CalendarSources(Setting[list]):
    """``extra.partnership.sources``: a list of :class:`CalendarSourceSettings`, each problem at
    its item's line, and no id twice (an id names the source's copy in the cache folder)."""

    def run_validation(self, value: object) -> list:
        if not isinstance(value, (list, tuple)):  # a tuple: the default, none
            raise ValidationError("ska vara en lista med kalendrar, varje med id:, member: och url:")
        return list(value)

    def post_validation(self, config: SettingsBlock, key_name: str) -> None:
        config[key_name] = self._blocks(config[key_name], config.folders)

    def _blocks(self, value: list, folders: Folders) -> tuple[CalendarSourceSettings, ...]:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        blocks: list[CalendarSourceSettings] = []
        seen: set[str] = set()
        for index, item in enumerate(value):
            if not isinstance(item, Mapping):
                problems.append(((index,), "ska vara ett block med id:, member: och url:"))
                continue
            block = CalendarSourceSettings()
            block.load_dict(dict(item))
            found = block.problems(folders)
            problems.extend(((index, *keys), message) for keys, message in found)
            if block.id in seen and not any(keys == ("id",) for keys, _ in found):
                problems.append(((index, "id"), f"{block.id} finns redan ovanför; ge varje kalender ett eget id"))
            seen.add(block.id)
            blocks.append(block)
        if problems:
            raise SettingProblems(problems)
        return tuple(blocks)


class FeedSettings(SettingsBlock):
    """``extra.partnership.feed``: the calendar feed's name and length."""

    title = OneLine("flödets namn")
    items = WholeNumber(50)


class AccessibilitySettings(SettingsBlock):
    """``extra.partnership.accessibility``: what the accessibility statement needs (DOS-lagen)."""

    contact_email = EmailAddress()
    contact_page = DocsFile((".md",), "kontakt.md")
    """A Markdown page in the docs folder with more ways to get in touch (``kontakt.md``)."""
    checked = RequiredDay()
    """The date of the last assessment."""
    updated = Day()
    """The date the statement was last updated (defaults to ``checked``)."""

    def problems(self, folders: Folders) -> list[tuple[tuple[str, ...], str]]:
        found = super().problems(folders)
        if self["updated"] is None:
            self["updated"] = self["checked"]  # then the statement was last updated when it was checked
        if not (folders.docs / routes.STATEMENT).is_file():
            found.append(((), f"är ifyllt, men redogörelsens sida content/{routes.STATEMENT} saknas; skriv den"))
        return found


class PartnershipSettings(SettingsBlock):
    """``extra.partnership`` in mkdocs.yml: the generator's own settings."""

    timezone = TimeZone("Europe/Stockholm")
    members = DataFile("members.yaml")
    events = DataFile("events.yaml")
    feed = Block(FeedSettings, "ska vara ett block med title: och items:")
    funds = Funds()
    accessibility = Block(AccessibilitySettings, "ska vara ett block med contact_email:, checked: och eventuellt contact_page:, updated:")
    join_page = DocsFile((".md",), "om/bli-medlem.md")
    """The page on becoming a member, for the home page's first call to action."""
    contact_page = DocsFile((".md",), "kontakt.md")
    """The page on reaching the association, for the home page and every page's footer."""
    share_image = DocsFile(SHARE_IMAGE_TYPES, "img/dela.png")
    """A PNG or JPEG in the docs folder that link previews show; the theme's own when not set."""
    sources = CalendarSources(())
    """Members' own calendars whose events the calendar shows (``make fetch`` copies them)."""
    sources_cache = Folder("kalenderkopior")
    """Where ``make fetch`` keeps the last good copy of each source, for the build to read."""


@dataclass(frozen=True)
class Settings:
    project_dir: Path
    """The folder of mkdocs.yml; data file paths are relative to it."""
    docs_dir: Path
    site_url: str
    site_name: str = ""
    language: str = "sv"
    timezone: str = PartnershipSettings.timezone.default
    members_file: str = PartnershipSettings.members.default
    events_file: str = PartnershipSettings.events.default
    feed_title: str | None = None
    feed_items: int = FeedSettings.items.default
    directory_urls: bool = True
    accessibility: AccessibilitySettings | None = None
    funds: Mapping[str, Fund] = field(default_factory=lambda: dict(BUILT_IN))
    """The built-in funds and the association's own (``extra.partnership.funds``, see :mod:`.funds`)."""
    join_page: str | None = None
    """The page on becoming a member, for the home page's first call to action (``om/bli-medlem.md``)."""
    contact_page: str | None = None
    """The page on reaching the association, for the home page and every page's footer (``kontakt.md``)."""
    share_image: str | None = None
    """A PNG or JPEG in the docs folder that link previews show; the theme's own when not set."""
    sources: tuple[CalendarSource, ...] = ()
    """Members' own calendars to show events from (``extra.partnership.sources``)."""
    sources_cache: str = PartnershipSettings.sources_cache.default
    """The folder of the sources' copies, relative to the project folder."""
    config_lines: ConfigLines | None = field(default=None, compare=False, repr=False)
    """Where each setting is written, for problems found later (a source's member, say)."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def problem(self, keys: tuple[str | int, ...], message: str) -> Problem:
        """A problem with ``extra.partnership``'s setting at ``keys``, at its line in mkdocs.yml."""
        lines = self.config_lines or ConfigLines.read(None, self.project_dir)
        return lines.problem((*PARTNERSHIP, *keys), message)


    @classmethod
    def from_mkdocs(cls, config: MkDocsConfig) -> "Settings":
        """The settings of a site MkDocs has loaded and validated (the build's and `make check`'s)."""
        return cls.from_config(
            config.extra.get("partnership"),
            project_dir=Path(config.config_file_path).parent,
            config_file=Path(config.config_file_path),
            docs_dir=Path(config.docs_dir),
            site_url=config.site_url,
            repo_url=config.repo_url,
            site_name=config.site_name,
            language=config.theme["language"],
            directory_urls=config.use_directory_urls,
        )

    @classmethod
    def from_config(
        cls,
        partnership: Any,
        *,
        project_dir: Path,
        docs_dir: Path,
        site_url: Any,
        repo_url: Any = None,
        site_name: str = "",
        language: Any,
        directory_urls: bool = True,
        config_file: Path | None = None,
    ) -> "Settings":
        """Build settings from the ``extra.partnership`` block, checking each value.

        Raises :class:`SettingsError` with every problem, each at its line in ``config_file``.
        """
        lines = ConfigLines.read(config_file, project_dir)
        problems: list[Problem] = []

        def under(prefix: tuple[str, ...]) -> Complain:
            return lambda keys, message: problems.append(lines.problem((*prefix, *keys), message))

        complain = under(PARTNERSHIP)
        block = PartnershipSettings()
        if isinstance(partnership, Mapping):
            block.load_dict(dict(partnership))
        elif partnership is not None:
            complain((), f"ska vara ett block med generatorns inställningar: {', '.join(name for name, _ in block._schema)}")
        for keys, message in block.problems(Folders(project_dir, docs_dir)):
            complain(keys, message)
        if not isinstance(site_url, str) or not site_url:
            under(())(("site_url",), "krävs (flöden och kalendrar behöver fullständiga länkar); skriv till exempel https://example.se/")
            site_url = "/"
        elif not WEB_ADDRESS.match(site_url):
            under(())(("site_url",), f"{shown_value(site_url)} är inte en webbadress; skriv adressen webbplatsen publiceras på, "
                      "med https:// först och utan mellanslag, citattecken eller < >, till exempel https://example.se/")
            site_url = "/"
        if repo_url is not None and not (isinstance(repo_url, str) and WEB_ADDRESS.match(repo_url)):
            under(())(("repo_url",), f"{shown_value(repo_url)} är inte en webbadress; skriv repositoriets adress, "
                      "till exempel https://github.com/forening/webbplats")
        if language not in LANGUAGES:
            under(())(("theme", "language"), f"ska vara ett av {', '.join(LANGUAGES)}")
        if problems:
            raise SettingsError(problems)
        feed = block.feed or FeedSettings()
        return cls(
            project_dir=project_dir,
            docs_dir=docs_dir,
            site_url=site_url if site_url.endswith("/") else site_url + "/",
            site_name=site_name,
            language=language,
            timezone=block.timezone,
            members_file=block.members,
            events_file=block.events,
            feed_title=feed.title,
            feed_items=feed.items,
            directory_urls=directory_urls,
            funds=block.funds,
            accessibility=block.accessibility,
            join_page=block.join_page,
            contact_page=block.contact_page,
            share_image=block.share_image,
            sources=tuple(_source(index, item) for index, item in enumerate(block.sources)),
            sources_cache=block.sources_cache,
            config_lines=lines,
        )


def _source(index: int, block: CalendarSourceSettings) -> CalendarSource:
    written = block.filter or SourceFilterSettings()
    return CalendarSource(
        index=index, id=block.id, member=block.member, url=block.url, kind=block.kind, name=block.name,
        category=block.category, categories=dict(block.categories or {}), in_feeds=block.feeds,
        filter=SourceFilter(
            keywords=written.keywords or (), categories=written.categories or (), since=written.since, until=written.until,
        ),
    )


def _inside(folder: Path, relative: str) -> bool:
    """Whether ``relative`` names something inside ``folder``, symbolic links followed."""
    try:
        return not Path(relative).is_absolute() and (folder / relative).resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL character
        return False


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name longer than the file system takes: no file has it
        return False


