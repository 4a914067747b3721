"""Search the local cache (full text): posts and people, each one a key away from action."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from engage_tui.domain import Person, Post
from engage_tui.relations.handles import network_label
from engage_tui.store import SearchHit
from engage_tui.text.safe import clean_text, display_text
from engage_tui.tui import actions
from engage_tui.tui.keymap import composer_key
from engage_tui.tui.screens.base import EngageScreen
from engage_tui.tui.widgets.inbox_row import person_label
from engage_tui.tui.widgets.keyed_list import KeyedList
from engage_tui.tui.workers import reads


class SearchScreen(EngageScreen):
    GROUP = "search"
    HELP = (
        "Search everything cached on this machine: posts, people and your notes, "
        "on every network (each result says which). "
        "Type and press enter; then move to a result and reply, like, open it or add "
        "its author to your prospects. No network is used."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        composer_key("r", "reply", "Reply", "search.reply"),
        Binding("l", "like", "Like/unlike", id="search.like"),
        Binding("p", "prospect", "Add to prospects", id="search.prospect"),
        Binding("o", "browser", "Open in browser", id="search.browser"),
        Binding("P", "person", "Person", id="search.person", show=False),
        Binding("slash", "focus_query", "New search", id="search.query"),
    ]

    class _Found(Message):
        def __init__(self, query: str, hits: list[SearchHit], error: str | None) -> None:
            super().__init__()
            self.query = query
            self.hits = hits
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self._list = KeyedList[SearchHit](id="search-results")
        self.hits = self._list.items

    def compose_body(self) -> ComposeResult:
        yield Static("Search the cache", classes="pane-title", markup=False)
        yield Input(placeholder="words, @handle or name; enter searches", id="search-query")
        yield self._list

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#search-query", Input).focus()

    def start_anew(self) -> None:
        """Kept between openings (see open_search): each one starts empty, as
        a new search did; a screen closed over it (a person) leaves it as it was."""
        query = self.query_one("#search-query", Input)
        query.value = ""
        self._list.show([], [])
        query.focus()

    def focus_main(self) -> None:
        self._list.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While typing the query, letters are words, not commands.
        if action in ("reply", "like", "prospect", "browser", "focus_query") and isinstance(
            self.focused, Input
        ):
            return False
        return super().check_action(action, parameters)

    @on(Input.Submitted, "#search-query")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self._search(event.value.strip())

    @reads("search", group="search")
    def _search(self, query: str) -> None:
        try:
            hits, error = self.svc.store.inbox.search(query, limit=50), None
        except Exception as err:  # FTS syntax the store could not read
            hits, error = [], str(err)
        self.post_message(self._Found(query, hits, error))

    def on_search_screen__found(self, message: _Found) -> None:
        results = self._list
        results.show(message.hits, (self._line(hit) for hit in message.hits), keep="first")
        if message.error is not None:
            self.say(f"Search failed: {message.error}", severity="error")
            return
        if not message.hits:
            self.say(f"Nothing cached matches {message.query!r}.")
            return
        results.focus()

    def _line(self, hit: SearchHit) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        out.append(f"{hit.kind:<7}", style="dim")
        # X and Bluesky results come mixed: each says its network in words.
        network = hit.post.network if hit.post else hit.person.network if hit.person else ""
        out.append(f"{clean_text(network_label(network), single_line=True):<8}", style="dim")
        if hit.post is not None:
            # The store returns each post with its author (hit.person), if cached.
            out.append_text(display_text(person_label(hit.person), single_line=True, style="bold"))
            out.append("  ")
            out.append_text(display_text(hit.post.text, single_line=True))
        elif hit.person is not None:
            out.append_text(display_text(person_label(hit.person), single_line=True, style="bold"))
            out.append("  ")
            # A note shows the words that matched; a person their bio.
            shown = hit.snippet if hit.kind == "note" else hit.person.bio or hit.snippet
            out.append_text(display_text(shown, single_line=True))
        else:
            out.append_text(display_text(hit.snippet, single_line=True))
        return out

    @property
    def hit(self) -> SearchHit | None:
        return self._list.current

    def _post(self) -> Post | None:
        hit = self.hit
        return hit.post if hit is not None else None

    def _person(self) -> Person | None:
        hit = self.hit
        if hit is None:
            return None
        return hit.person

    def action_back(self) -> None:
        self.dismiss()

    def action_focus_query(self) -> None:
        self.query_one("#search-query", Input).focus()

    def action_reply(self) -> None:
        post = self._post()
        if post is None:
            person = self._person()
            if person is not None:
                opens = self.svc.key("search.person")
                self.say(f"@{person.handle} is a person, not a post: {opens} opens them.")
            return
        self.open_composer(actions.reply_request(self.svc, post))

    def action_like(self) -> None:
        post = self._post()
        if post is not None:
            self.say(actions.toggle_like(self.svc, post))

    def action_prospect(self) -> None:
        person = self._person()
        if person is not None:
            self.say(actions.add_prospect(self.svc, person))

    def action_person(self) -> None:
        from engage_tui.tui.screens.person import open_person

        person = self._person()
        open_person(self, person.id if person is not None else None)

    def action_browser(self) -> None:
        post = self._post()
        if post is not None:
            actions.open_post(self.app, self.svc, post)


# The name the kept search is installed under (see open_search).
SEARCH = "search"


def open_search(app: App[Any]) -> None:
    """Show the search, built the first time and kept: later openings draw
    their first frame without composing and styling it again."""
    from engage_tui.tui.kept_screens import show_kept

    show_kept(app, SEARCH, SearchScreen, SearchScreen.start_anew)
