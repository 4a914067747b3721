"""One person: who they are, what you know about them, and everything between you.

A person may be several linked accounts (X, Bluesky, Mastodon): the view
lists them with their networks and reads the history, "last engaged",
notes and tags over all of them. L links another account, U unlinks one;
links are kept in the local database only.

Notes are saved as they are typed (debounced) and when the screen closes, so
nothing written is lost; tags are saved on enter or when the field loses
focus. The timeline is newest first, both directions, remote text literal.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static, TextArea

from engage_tui.domain import Direction, Person
from engage_tui.relations.handles import network_label
from engage_tui.store.relationship_results import SUGGESTED_TAGS, PersonSummary, TimelineEntry
from engage_tui.text.safe import clean_text, display_text
from engage_tui.tui import actions
from engage_tui.tui.keymap import composer_key
from engage_tui.tui.screens.base import EngageScreen
from engage_tui.tui.screens.link_picker import AccountPicker, account_label
from engage_tui.tui.timefmt import ago, ago_words
from engage_tui.tui.widgets.inbox_row import handle_text
from engage_tui.tui.widgets.keyed_list import KeyedList
from engage_tui.tui.widgets.link_suggestions import LinkSuggestions
from engage_tui.tui.widgets.notices import NoticeLine
from engage_tui.tui.workers import reads

NOTES_SAVE_DELAY_S = 0.3
PICKER_SIZE = 8

_INBOUND_WORDS = {
    "follow": "followed you",
    "like": "liked your post",
    "repost": "reposted your post",
    "mention": "mentioned you",
    "reply": "replied to you",
    "quote": "quoted your post",
    "list_add": "added you to a list",
}
_OUTBOUND_WORDS = {
    "reply": "you replied",
    "like": "you liked their post",
    "thank": "you thanked them",
    "repost": "you reposted them",
    "post": "you posted to them",
}


def entry_line(entry: TimelineEntry, now: datetime, network: str = "") -> Text:
    """ "3h  ← mentioned you: …" / "1h  → you replied: …" (remote text literal);
    with ``network`` (a person of accounts on several networks), its label first."""
    item = entry.interaction
    inbound = item.direction is Direction.INBOUND
    words = (_INBOUND_WORDS if inbound else _OUTBOUND_WORDS).get(item.kind, item.kind)
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    line.append(f"{ago(item.at, now):>5}  ", style="dim")
    if network:
        line.append(f"{network:<9}", style="italic")
    line.append("← " if inbound else "→ ", style="bold" if inbound else "bold italic")
    # A kind engage does not know (an imported file's) is stored text: never raw.
    line.append_text(display_text(words, single_line=True))
    text = item.text or (entry.subject.text if entry.subject is not None else "")
    if text:
        line.append(": ", style="dim")
        line.append_text(display_text(text, single_line=True, style="dim" if not item.text else ""))
    return line


def split_tags(raw: str) -> list[str]:
    return [t for t in raw.replace(",", " ").split() if t]


class PersonScreen(EngageScreen):
    GROUP = "person"
    HELP = (
        "One person and your history with them. Notes (n) are yours, saved as you "
        "type and found by / search; tags (g) are words such as prospect, customer or "
        "partner, separated by commas. The history lists what they did toward you (←) "
        "and what you did toward them (→), newest first. L links another account of "
        "theirs (any network) so they are one person everywhere, U unlinks one; links "
        "stay on this machine. t thanks them, p adds or removes them from your "
        "prospects, escape goes back. Under the history, "
        '"Same person?" lists their accounts on other networks that their own '
        "profiles point to, with the evidence: tab to it, y links, n says no for good."
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="person.back"),
        Binding("n", "notes", "Notes", id="person.notes"),
        Binding("g", "tags", "Tags", id="person.tags"),
        composer_key("t", "thank", "Thank", "person.thank"),
        Binding("p", "prospect", "Prospect on/off", id="person.prospect"),
        Binding("o", "browser", "Profile in browser", id="person.browser"),
        Binding("L", "link", "Link", id="person.link"),
        Binding("U", "unlink", "Unlink", id="person.unlink"),
    ]

    class _Loaded(Message):
        def __init__(self, summary: PersonSummary, waiting: str | None) -> None:
            super().__init__()
            self.summary = summary
            self.waiting = waiting  # notes still in the write queue, read first

    def __init__(self, person_id: str) -> None:
        super().__init__()
        self.person_id = person_id
        self.summary: PersonSummary | None = None
        self._save_timer: Timer | None = None
        self._notes_dirty = False
        self._loading_notes = False
        self._notes_text = ""
        # The stored notes the words on screen began from (see save_notes).
        self._notes_base = ""

    def compose_body(self) -> ComposeResult:
        yield Static("", id="person-title", classes="pane-title", markup=False)
        with Horizontal(id="person-split"):
            with Vertical(id="person-left"):
                yield Static("", id="person-profile", markup=False)
                # The person's accounts; a section about links (suggestions)
                # slots in after the list, inside #person-links.
                with Vertical(id="person-links"):
                    yield Static("Accounts  (L links one, U unlinks)", classes="pane-title")
                    yield Static("", id="person-accounts", markup=False)
                yield Static("Notes  (n; saved as you type)", classes="pane-title")
                yield TextArea("", id="person-notes", soft_wrap=True, show_line_numbers=False)
                yield Static("Tags  (g; comma separated, enter saves)", classes="pane-title")
                yield Input(placeholder=", ".join(SUGGESTED_TAGS), id="person-tags")
            with Vertical(id="person-right"):
                yield Static("History", id="person-history-title", classes="pane-title")
                yield KeyedList[TimelineEntry](id="person-timeline")
                # After the history, so tab from it lands here.
                yield LinkSuggestions(self.person_id, id="person-suggestions")

    def on_mount(self) -> None:
        super().on_mount()
        self.focus_main()
        self.query_one("#person-timeline", KeyedList).loading_line("Loading this person…")

    def on_screen_resume(self) -> None:
        # Read each time the view shows (it is kept: see open_person), once
        # its first frame is drawn: the read's thread would otherwise compete
        # with drawing it.
        self.call_after_refresh(self._load)

    def show_person(self, person_id: str) -> None:
        """Kept between openings (see open_person): each one shows
        ``person_id`` as a new view did, nothing of the one before."""
        self.save_notes()  # saved when it closed; this only makes sure
        composer = self.composer
        if composer is not None and composer.is_open:
            composer.close()
        self.person_id = person_id
        self.summary = None
        self._notes_dirty = False
        self._notes_text = self._notes_base = ""
        for field in ("#person-title", "#person-profile", "#person-accounts"):
            self.query_one(field, Static).update("")
        self._loading_notes = True
        self.query_one("#person-notes", TextArea).load_text("")
        self._loading_notes = False
        self.query_one("#person-tags", Input).value = ""
        self.query_one("#person-history-title", Static).update("History")
        timeline = self.query_one("#person-timeline", KeyedList)
        timeline.forget()
        timeline.loading_line("Loading this person…")
        self.query_one(LinkSuggestions).show_for(person_id)
        self.query_one(NoticeLine).clear()
        self.focus_main()

    def focus_main(self) -> None:
        self.query_one("#person-timeline", KeyedList).focus()

    def reload(self) -> None:
        self._load()
        self.query_one(LinkSuggestions).load()

    def _load(self) -> None:
        # The write queue is made on first use: here, on the UI thread, never
        # by the worker (two threads could each make one).
        _ = self.svc.writes
        self._read()

    @reads("load this person", group="person")
    def _read(self) -> None:
        svc = self.svc
        # The queue's words before the store's: a save landing in between is
        # then in one or the other (see WriteQueue.all_unsaved_words).
        waiting = svc.writes.unsaved_words(f"notes:{self.person_id}")
        summary = svc.store.prospects.person_summary(self.person_id, svc.now())
        self.post_message(self._Loaded(summary, waiting))

    def on_person_screen__loaded(self, message: _Loaded) -> None:
        first = self.summary is None
        s = self.summary = message.summary
        now = self.svc.now()
        self.query_one("#person-title", Static).update(self._title(s))
        self.query_one("#person-profile", Static).update(self._profile(s, now))
        self.query_one("#person-accounts", Static).update(self._accounts(s))
        if first or (not self._notes_dirty and not self._notes_focused()):
            area = self.query_one("#person-notes", TextArea)
            # Notes may come from a shared file (engage import): no control
            # character reaches the screen. Notes still in the write queue
            # are newer than the store's.
            waiting = message.waiting
            notes = clean_text(s.notes if waiting is None else waiting)
            if waiting is None:
                self._notes_base = s.notes
            if area.text != notes:
                self._loading_notes = True
                area.load_text(notes)
                self._loading_notes = False
        tags_input = self.query_one("#person-tags", Input)
        if first or not tags_input.has_focus:
            tags_input.value = clean_text(", ".join(s.tags), single_line=True)
        networks = {p.id: network_label(p.network) for p in s.linked}
        several = len(set(networks.values())) > 1
        self.query_one("#person-timeline", KeyedList).show(
            s.timeline,
            (
                entry_line(e, now, networks.get(e.interaction.person_id, "") if several else "")
                for e in s.timeline
            ),
            empty="Nothing between you yet.",
            keep="unmoved",
        )
        self.query_one("#person-history-title", Static).update(
            f"History · {len(s.timeline)}"
            f" · 30 days: {s.inbound_30d} from them, {s.outbound_30d} from you"
        )

    def _title(self, s: PersonSummary) -> str:
        if s.person is None:
            return f"Person {s.person_id} (not cached yet)"
        name = clean_text(s.person.name, single_line=True)
        mark = " · prospect" if s.is_prospect else ""
        return f"{name} {handle_text(s.person.handle)}{mark}"

    def _accounts(self, s: PersonSummary) -> Text:
        """Each account on its own line with its network label (person.tcss
        cuts each line with a mark rather than wrapping it)."""
        out = Text(end="")
        for n, person in enumerate(s.linked):
            if n:
                out.append("\n")
            out.append_text(account_label(person))
        missing = len(s.accounts) - len(s.linked)
        if missing:
            out.append(f"\n{missing} more not cached yet (sync brings them)", style="dim")
        return out

    def _profile(self, s: PersonSummary, now: datetime) -> Text:
        out = Text(end="")
        if s.person is not None:
            if s.person.bio:
                out.append_text(display_text(s.person.bio))
                out.append("\n")
            if s.person.followers_count is not None:
                out.append(f"{s.person.followers_count:,} followers", style="bold")
                out.append(" (as last seen)\n", style="dim")
        out.append("First seen ", style="dim")
        out.append(s.first_seen.strftime("%Y-%m-%d") if s.first_seen else "never")
        out.append(" · last touched ", style="dim")
        out.append(ago_words(s.last_touched, now))
        out.append("\nYou last engaged ", style="dim")
        out.append(ago_words(s.last_engaged_at, now))
        return out

    # --- notes and tags ------------------------------------------------------
    def _notes_focused(self) -> bool:
        return self.query_one("#person-notes", TextArea).has_focus

    @on(TextArea.Changed, "#person-notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        if self._loading_notes:
            return
        # Kept here too: on unmount the widget may already be gone.
        self._notes_text = event.text_area.text
        self._notes_dirty = True
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(NOTES_SAVE_DELAY_S, self.save_notes)

    def save_notes(self) -> None:
        """Write the notes now if they changed (also on leaving the screen)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self._notes_dirty:
            return
        person_id, notes, at = self.person_id, self._notes_text, self.svc.now()
        base = self._notes_base
        self._notes_base = notes  # the next save starts from these words

        def landed(stored: object) -> None:
            # Words typed since this save began from ``notes``: the base stays
            # there, so their save keeps what came from elsewhere too. (The
            # view, kept, may show someone else by now: nothing of theirs.)
            if self.person_id != person_id:
                return
            if not isinstance(stored, str) or stored == notes or self._notes_dirty:
                return
            self._notes_base = stored
            if self.is_attached:
                area = self.query_one("#person-notes", TextArea)
                self._loading_notes = True
                area.load_text(clean_text(stored))
                self._loading_notes = False
                self.say(
                    "These notes were changed elsewhere (an import?) while you typed: "
                    "those words are kept after yours."
                )

        self.svc.write(
            "your notes",
            lambda store: store.prospects.set_notes_since(person_id, base, notes, at),
            landed=landed,
            words=notes,
            words_key=f"notes:{person_id}",
            refresh=False,
        )
        self._notes_dirty = False

    def save_now(self) -> None:
        """Words typed here are saved at quit and on hang-up (see EngageApp)."""
        self.save_notes()

    @on(Input.Submitted, "#person-tags")
    def _tags_submitted(self) -> None:
        self.save_tags()
        self.focus_main()

    @on(Input.Blurred, "#person-tags")
    def _tags_blurred(self) -> None:
        self.save_tags()

    def save_tags(self) -> None:
        found = self.query("#person-tags")
        # Before the person is read the field holds nothing of theirs (the
        # kept view shown for someone else empties it): nothing to save.
        if not found or self.summary is None:
            return
        raw = found.first(Input).value
        wanted = split_tags(raw)
        if self.summary is not None and tuple(sorted({t.lower() for t in wanted})) == tuple(
            self.summary.tags
        ):
            return
        person_id = self.person_id
        self.svc.write("your tags", lambda store: store.prospects.set_tags(person_id, wanted))

    def on_unmount(self) -> None:
        self.save_notes()

    def on_screen_suspend(self) -> None:
        self.save_notes()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While notes or tags have the keyboard, letters are words, not commands.
        focused = self.focused
        if isinstance(focused, TextArea | Input) and action != "back":
            own = {b.action for b in self.BINDINGS if isinstance(b, Binding)}
            if action in own:
                return False
        return super().check_action(action, parameters)

    # --- actions -----------------------------------------------------------
    def action_back(self) -> None:
        composer = self.composer
        if composer is not None and composer.is_open and composer.has_focus_within:
            return
        if isinstance(self.focused, TextArea | Input):
            self.save_notes()
            self.save_tags()
            self.focus_main()
            return
        self.save_notes()
        self.dismiss()

    def action_notes(self) -> None:
        self.query_one("#person-notes", TextArea).focus()

    def action_tags(self) -> None:
        self.query_one("#person-tags", Input).focus()

    def action_thank(self) -> None:
        s = self.summary
        if s is None or s.person is None:
            self.say("Who this is is not cached yet: sync, then try again.")
            return
        self.open_composer(actions.thank_request(self.svc, s.person, None))

    def action_prospect(self) -> None:
        s = self.summary
        if s is None or s.person is None:
            return
        if s.is_prospect:
            person_id = s.person_id
            self.svc.write(
                f"remove {handle_text(s.person.handle)} from prospects",
                lambda store: store.prospects.remove(person_id),
            )
            self.say(f"{handle_text(s.person.handle)} removed from prospects (notes are kept).")
        else:
            self.say(actions.add_prospect(self.svc, s.person))

    def action_link(self) -> None:
        s = self.summary
        if s is None:
            return
        store = self.svc.store
        picker = AccountPicker(
            "Link an account of this person (any network)",
            lambda: store.people.people_seen_lately(PICKER_SIZE),
            finder=lambda prefix: store.people.complete_handles(prefix, PICKER_SIZE),
            resolver=store.people.person_on,
            exclude=frozenset(s.accounts),
        )
        self.app.push_screen(picker, self._link_picked)

    def _link_picked(self, account: Person | None) -> None:
        if account is None:
            return
        person_id, account_id = self.person_id, account.id
        # The panes read again once the write has landed (refresh).
        self.svc.write("the link", lambda store: store.people.link_accounts(person_id, account_id))
        # Named from what the picker read: no store read after the pick.
        self.say(
            f"Linked {handle_text(account.handle)}: one person now (kept on this machine only)."
        )

    def action_unlink(self) -> None:
        s = self.summary
        if s is None:
            return
        if len(s.accounts) < 2:
            self.say("This person has one account: nothing to unlink (L links another).")
            return
        picker = AccountPicker("Unlink which account?", s.linked)
        self.app.push_screen(picker, self._unlink_picked)

    def _unlink_picked(self, account: Person | None) -> None:
        if account is None:
            return
        account_id = account.id
        self.svc.write("the unlink", lambda store: store.people.unlink_account(account_id))
        self.say(f"Unlinked {handle_text(account.handle)}: it keeps its notes, tags and history.")

    def action_browser(self) -> None:
        s = self.summary
        if s is not None and s.person is not None:
            actions.open_profile(self.app, self.svc, s.person)


def open_person(screen: EngageScreen, person_id: str | None) -> None:
    """Push the person view (from any row that names someone)."""
    if not person_id:
        screen.say("Who this is is not cached yet: sync, then try again.")
        return
    from engage_tui.tui.kept_screens import show_kept

    # Built once and kept: a later opening shows it for this person without
    # composing and styling its two dozen widgets again.
    show_kept(
        screen.app,
        PERSON,
        lambda: PersonScreen(person_id),
        lambda kept: kept.show_person(person_id),
    )


# The name the kept person view is installed under (see open_person).
PERSON = "person"
