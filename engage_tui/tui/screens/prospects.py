"""Prospects: the watchlist on the left, the selected person's recent posts on the right."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static

from engage_tui.domain import Person, Post, Prospect
from engage_tui.text.safe import display_text
from engage_tui.tui import actions
from engage_tui.tui.keymap import composer_key
from engage_tui.tui.screens.base import EngageScreen
from engage_tui.tui.timefmt import ago
from engage_tui.tui.undo import Callback, Slot
from engage_tui.tui.widgets.inbox_row import handle_text
from engage_tui.tui.widgets.keyed_list import KeyedList
from engage_tui.tui.workers import reads

if TYPE_CHECKING:
    from engage_tui.store.aggregates.subscriptions import PersonSubscriptions

SORT_WORDS = {"stale": "stalest first", "name": "by name", "added": "newest first"}


def days_since(then: datetime | None, now: datetime) -> str:
    """When the owner last engaged, in a few cells: "never", "today", "12d ago"."""
    if then is None:
        return "never"
    days = (now - then).days
    return "today" if days < 1 else f"{days}d ago"


def _post_line(post: Post, now: datetime) -> Text:
    line = Text(end="")
    line.append(f"{ago(post.created_at, now):>5}  ", style="dim")
    line.append_text(display_text(post.text))
    return line


class ProspectsScreen(EngageScreen):
    GROUP = "prospects"
    HELP = (
        "The people you want to build a relationship with. Left: your watchlist, with "
        "when you last engaged with each (a ! marks anyone you have not engaged with "
        "for a while). Right: their recent posts: answer with r, like with l, open "
        "with o. Add someone by @handle with a (looked up at the next sync when they "
        "are not cached yet); d removes, u undoes. enter or P opens the person (notes, "
        "tags, your history); S changes the order (stalest first, by name, newest). n asks "
        "their networks to send their new posts to your inbox, where that is free "
        "(Mastodon, Bluesky; not X, where it is a paid read): it asks first, and n again "
        "turns it off."
    )
    BINDINGS = [
        Binding("a", "add", "Add @handle", id="prospects.add"),
        Binding("d", "remove", "Remove", id="prospects.remove"),
        composer_key("r", "reply", "Reply", "prospects.reply"),
        Binding("l", "like", "Like/unlike", id="prospects.like"),
        Binding("o", "browser", "Open in browser", id="prospects.browser"),
        Binding("P", "person", "Person", id="prospects.person"),
        Binding("S", "sort", "Sort", id="prospects.sort"),
        Binding("n", "new_posts", "New posts to inbox", id="prospects.new_posts"),
        Binding("h,left", "focus_people", "People", id="prospects.people", show=False),
        Binding("right", "focus_posts", "Posts", id="prospects.posts", show=False),
    ]

    class _Loaded(Message):
        def __init__(self, prospects: list[Prospect]) -> None:
            super().__init__()
            self.prospects = prospects

    class _Found(Message):
        """Who ``handle`` names on ``network`` in the cache (None: nobody yet)."""

        def __init__(self, handle: str, network: str, person: Person | None) -> None:
            super().__init__()
            self.handle = handle
            self.network = network
            self.person = person

    class _Subscriptions(Message):
        def __init__(self, found: PersonSubscriptions) -> None:
            super().__init__()
            self.found = found

    class _Posts(Message):
        def __init__(self, person_id: str, posts: list[Post]) -> None:
            super().__init__()
            self.person_id = person_id
            self.posts = posts

    def __init__(self) -> None:
        super().__init__()
        self.sort = "stale"
        # A pending prospect has no person id yet: its handle tells it apart.
        self._people = KeyedList[Prospect](
            key=lambda p: (p.person_id, p.pending_handle), id="prospect-list"
        )
        self._posts = KeyedList[Post](id="post-list")
        self.prospects, self.posts = self._people.items, self._posts.items

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="prospects-split"):
            with Vertical(id="prospects-left"):
                yield Static("Prospects", id="prospects-title", classes="pane-title")
                yield self._people
            with Vertical(id="prospects-right"):
                yield Static("Recent posts", id="posts-title", classes="pane-title")
                yield self._posts

    def on_mount(self) -> None:
        super().on_mount()
        self.focus_main()
        # The pane's first frame (its titles) is drawn before the watchlist
        # is read: the read's thread would otherwise compete with drawing it.
        self._people.loading_line("Loading your prospects…")
        self.call_after_refresh(self.reload)

    def focus_main(self) -> None:
        self._people.focus()

    def reload(self) -> None:
        self._load()

    @reads("load your prospects", group="prospects")
    def _load(self) -> None:
        self.post_message(self._Loaded(self.svc.store.prospects.listing(sort=self.sort)))

    def on_prospects_screen__loaded(self, message: _Loaded) -> None:
        prospects = message.prospects
        self.query_one("#prospects-title", Static).update(
            f"Prospects · {len(prospects)} · {SORT_WORDS[self.sort]}"
        )
        if not prospects:
            self._show_posts("", [])
        self._people.show(
            prospects,
            (self._line(p) for p in prospects),
            empty=f"No prospects yet: press {self.svc.key('prospects.add')} to add one by @handle.",
            keep="item",
        )

    def _line(self, prospect: Prospect) -> Text:
        from engage_tui.relations.prospects import handle_of, is_stale

        now = self.svc.now()
        stale = is_stale(prospect, now, self.svc.config.stale_days)
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        out.append("! " if stale else "  ", style="bold")
        # The days come first, in a fixed column: a long name then only
        # ever pushes itself, never the part the pane is about.
        out.append(
            f"{days_since(prospect.last_engaged_at, now):>7}  ", style="bold" if stale else "dim"
        )
        if prospect.person is not None:
            out.append_text(display_text(prospect.person.name, single_line=True, style="bold"))
            out.append(f" {handle_text(prospect.person.handle)}", style="dim")
        else:
            out.append(handle_text(handle_of(prospect)), style="bold")
            out.append(" (looked up at next sync)", style="dim italic")
        return out

    @property
    def prospect(self) -> Prospect | None:
        return self._people.current

    @property
    def post(self) -> Post | None:
        return self._posts.current

    @on(OptionList.OptionHighlighted, "#prospect-list")
    def _prospect_highlighted(self) -> None:
        prospect = self.prospect
        if prospect is not None and prospect.person is not None:
            self._load_posts(prospect.person_id)
        else:
            self._show_posts("", [])

    @on(OptionList.OptionSelected, "#prospect-list")
    def _prospect_selected(self) -> None:
        self.action_person()

    @reads("load their posts", group="prospect-posts")
    def _load_posts(self, person_id: str) -> None:
        self.post_message(
            self._Posts(person_id, self.svc.store.people.posts_by_person(person_id, limit=50))
        )

    def on_prospects_screen__posts(self, message: _Posts) -> None:
        current = self.prospect
        if current is None or current.person_id == message.person_id:
            self._show_posts(message.person_id, message.posts)

    def _show_posts(self, person_id: str, posts: list[Post]) -> None:
        now = self.svc.now()
        self._posts.show(
            posts,
            (_post_line(post, now) for post in posts),
            empty="No posts cached yet for this person." if person_id else None,
            keep="first",
        )

    # --- actions -----------------------------------------------------------
    def action_focus_people(self) -> None:
        self._people.focus()

    def action_focus_posts(self) -> None:
        if self.posts:
            self._posts.focus()

    def action_add(self) -> None:
        from engage_tui.relations.handles import handle_examples
        from engage_tui.tui.screens.prompt import PromptScreen

        def added(handle: str | None) -> None:
            if handle:
                self._add(handle)

        self.app.push_screen(PromptScreen("Add a prospect", handle_examples()), added)

    def _add(self, raw: str) -> None:
        from engage_tui.relations.handles import check_handle, not_a_handle
        from engage_tui.relations.prospects import handle_network

        # The handle's shape says its network (ana_b on X, ana.bsky.social on
        # Bluesky); anything else is refused as the original network's (X's).
        network = handle_network(raw)
        handle = check_handle(raw, network)
        if handle is None:
            self.say(f"{not_a_handle(raw)}.")
            return
        self._look_up(handle, network)

    @reads("look up the prospect", group="prospect-add", exclusive=False)
    def _look_up(self, handle: str, network: str) -> None:
        from engage_tui.relations.prospects import known_on

        self.post_message(self._Found(handle, network, known_on(self.svc.store, handle, network)))

    def on_prospects_screen__found(self, message: _Found) -> None:
        self.say(self._added(message.handle, message.network, message.person))

    def _added(self, handle: str, network: str, person: Person | None) -> str:
        from engage_tui.relations.prospects import add_handle

        svc = self.svc
        if person is not None:
            return actions.add_prospect(svc, person)
        at = svc.now()
        svc.write(
            f"add {handle_text(handle)} to prospects",
            lambda store: add_handle(store, handle, network, "", at),
        )
        svc.wake()
        return f"{handle_text(handle)} added; engage looks them up at the next sync."

    def action_remove(self) -> None:
        prospect = self.prospect
        if prospect is None:
            return
        from engage_tui.relations import prospects

        svc = self.svc
        name = handle_text(prospects.handle_of(prospect))
        at = svc.now()
        # The accounts whose new posts the remove turned off: undo turns them on.
        turned_off = Slot[list[Person]]()
        svc.write(
            f"remove {name} from prospects",
            lambda store: turned_off.fill(prospects.remove(store, prospect, at)),
        )

        def undo() -> str:
            svc.write(
                f"put {name} back on prospects",
                lambda store: prospects.put_back(store, prospect, turned_off.get(), at),
            )
            return f"{name} is back on your prospects list."

        svc.push_undo(Callback("remove prospect", undo))
        self.say(f"{name} removed from prospects ({svc.key('app.undo')} to undo).")

    def action_reply(self) -> None:
        post = self.post
        if post is None:
            self.say("Pick one of their posts on the right first.")
            return
        self.open_composer(actions.reply_request(self.svc, post))

    def action_like(self) -> None:
        post = self.post
        if post is not None:
            self.say(actions.toggle_like(self.svc, post))

    def action_person(self) -> None:
        from engage_tui.tui.screens.person import open_person

        prospect = self.prospect
        if prospect is not None:
            open_person(self, prospect.person_id if prospect.person is not None else None)

    def action_sort(self) -> None:
        order = list(SORT_WORDS)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        self.say(f"Prospects sorted {SORT_WORDS[self.sort]}.")
        self.reload()

    def action_browser(self) -> None:
        post = self.post
        if post is not None:
            actions.open_post(self.app, self.svc, post)
        elif self.prospect is not None and self.prospect.person is not None:
            actions.open_profile(self.app, self.svc, self.prospect.person)

    def action_new_posts(self) -> None:
        prospect = self.prospect
        if prospect is None or prospect.person is None:
            self.say("Pick a prospect on the left first (one engage has looked up).")
            return
        self._read_subscriptions(prospect.person_id)

    @reads("read their accounts", group="prospect-new-posts")
    def _read_subscriptions(self, person_id: str) -> None:
        self.post_message(self._Subscriptions(self.svc.store.subscriptions.of_person(person_id)))

    def on_prospects_screen__subscriptions(self, message: _Subscriptions) -> None:
        from engage_tui.relations.new_posts import plan
        from engage_tui.tui.screens.consent import ConsentScreen

        found = plan(message.found)
        if not found.accounts:
            self.say(found.question)
            return
        svc = self.svc

        def answered(yes: bool | None) -> None:
            if not yes:
                self.say("Nothing changed.")
                return
            at = svc.now()
            who = handle_text(found.accounts[0].handle)
            svc.write(
                f"{'turn on' if found.on else 'turn off'} new posts by {who}",
                lambda store: store.subscriptions.want(list(found.accounts), found.on, at),
            )
            svc.wake()
            if found.on:
                self.say(
                    f"Asked: new posts by {who} come to your inbox once the next sync sets it up."
                )
            else:
                self.say(f"Asked: new posts by {who} stop coming to your inbox at the next sync.")

        keys = f"{svc.key('consent.yes')} yes · {svc.key('consent.no')} no"
        self.app.push_screen(ConsentScreen(found.question, keys), answered)
