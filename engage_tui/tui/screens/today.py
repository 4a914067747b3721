"""Today: the daily ten minutes. A session timer, the day's tally and streak,
the thank queue (one card per person), and who engages with you most.

The timer never stops the user: when the time is up it says so once, gently.
A session is written to the store when it starts (so the day counts toward
the streak) and its active time on every pause and when the app closes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.worker import get_current_worker

from engage_tui.relations.handles import network_label
from engage_tui.store.relationship_results import DayCounts, Engager, ReplySpeed, ThankCard
from engage_tui.text.counting import all_of
from engage_tui.text.safe import clean_text, display_text
from engage_tui.tui import actions
from engage_tui.tui.accounts import AccountBook, book_now
from engage_tui.tui.answering import THANK_WINDOW, finish_thanked
from engage_tui.tui.keymap import composer_key
from engage_tui.tui.screens.base import EngageScreen
from engage_tui.tui.screens.person import open_person
from engage_tui.tui.timefmt import ago, day_start, local_tz
from engage_tui.tui.widgets.bar_chart import bar_lines
from engage_tui.tui.widgets.inbox_row import handle_text
from engage_tui.tui.widgets.keyed_list import KeyedList
from engage_tui.tui.widgets.link_suggestions import LinkSuggestions
from engage_tui.tui.workers import reads

if TYPE_CHECKING:
    from engage_tui.store import Store
    from engage_tui.tui.widgets.composer import Composer

# The thank queue looks back this far: a person whose newest engagement is
# older has waited too long for a thank to read as one.
QUEUE_WINDOW = THANK_WINDOW
TICK_S = 1.0


@dataclass(frozen=True, slots=True)
class TodayData:
    counts: DayCounts
    streak: int
    cards: list[ThankCard]
    week: list[Engager]
    month: list[Engager]
    speed: ReplySpeed
    since: datetime  # the start of the thank queue's window


def clock_text(span: timedelta) -> str:
    seconds = max(0, int(span.total_seconds()))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class SessionTimer:
    """Running time of one session, read from the app's clock (so tests steer it)."""

    def __init__(self) -> None:
        # Filled by the write queue's thread when the session row is written;
        # the writes queued after it (pause, end) read it there, in order.
        self.session_ids: list[int] = []
        self.started_at: datetime | None = None
        self.running_since: datetime | None = None
        self.banked = timedelta()
        self.noticed = False

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def elapsed(self, now: datetime) -> timedelta:
        live = now - self.running_since if self.running_since is not None else timedelta()
        return self.banked + live

    def start(self, now: datetime) -> None:
        self.running_since = now

    def pause(self, now: datetime) -> None:
        self.banked = self.elapsed(now)
        self.running_since = None


class TodayScreen(EngageScreen):
    GROUP = "today"
    HELP = (
        "Your daily ten minutes. space starts or pauses the session timer (it only "
        "tells you when the time is up; it never stops you). The thank queue has one "
        "card per person who engaged with you in the last 7 days and whom you have "
        "not thanked, liked back or answered since their newest engagement, whatever "
        "sessions came between: t opens the composer with only their @handle, enter "
        "(or P) shows the person. A person whose accounts you linked has one card with "
        "a line per network (per account where two are on one network); t thanks them "
        "where they engaged most recently, and ctrl+o in the composer moves the thank "
        "to their next account. A thank answers only the account it is sent to. Once "
        "thanked, they leave the queue and the next card is highlighted; if they engage "
        "again, they come back. On the right: who "
        'engages with you most, and how fast you answer. Above them, "Same person?" '
        "lists accounts on two networks that their own profiles tie together, with "
        "the evidence: tab to it, y links, n says no for good."
    )
    BINDINGS = [
        Binding("space", "timer", "Start/pause session", id="today.timer"),
        composer_key("t", "thank", "Thank", "today.thank"),
        Binding("P", "person", "Person", id="today.person"),
        # Below the composer's own ctrl+o (another signed-in account), which
        # lets the key through when there is no other account to answer as.
        Binding("ctrl+o", "other_network", "Thank another of their accounts", id="today.network"),
    ]

    class _Loaded(Message):
        def __init__(self, data: TodayData) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self.timer = SessionTimer()
        self.data: TodayData | None = None
        self._thanking: str | None = None  # the open composer's draft key
        self._thanking_part = 0  # which network of the card the thank is on
        self._book = AccountBook()
        self._list = KeyedList[ThankCard](id="thank-list")
        self._ticker: Timer | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("Today", id="today-title", classes="pane-title", markup=False)
        yield Static("", id="today-timer", markup=False)
        yield Static("", id="today-counts", markup=False)
        with Horizontal(id="today-split"):
            with Vertical(id="today-left"):
                yield Static("Thank queue", id="thank-title", classes="pane-title")
                yield self._list
            with Vertical(id="today-right"):
                yield LinkSuggestions(limit=5, id="today-suggestions")
                yield Static("Who engages", classes="pane-title")
                yield Static("", id="engagers", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self._book = book_now(self.svc)
        self.focus_main()
        self._show_timer()
        # The clock ticks only while the pane is shown: kept unseen (under
        # another pane, or while the app quits) it has nothing to draw, and at
        # quit its lines may go before it does.
        self._ticker = self.set_interval(TICK_S, self.tick)
        # The pane's first frame is drawn before the day is read: the read's
        # thread would otherwise compete with drawing it.
        self._list.loading_line("Loading the thank queue…")
        self.call_after_refresh(self.reload)

    def on_screen_suspend(self) -> None:
        if self._ticker is not None:
            self._ticker.pause()

    def on_screen_resume(self) -> None:
        if self._ticker is not None:
            self.tick()
            self._ticker.resume()

    def focus_main(self) -> None:
        self._list.focus()

    def reload(self) -> None:
        self._load(self.svc.now())
        self.query_one(LinkSuggestions).load()

    @reads("load Today", group="today")
    def _load(self, now: datetime) -> None:
        store = self.svc.store
        tz = local_tz(now)
        start = day_start(now, tz)
        # A fixed window, not "since the last session": a session started and
        # stopped by mistake must not drop anyone still waiting for a thank.
        since = now - QUEUE_WINDOW
        data = TodayData(
            counts=store.today.day_counts(start, start + timedelta(days=1)),
            streak=store.today.streak(start.date(), tz),
            cards=store.today.thank_queue(since),
            week=store.today.top_engagers(now - timedelta(days=7)),
            month=store.today.top_engagers(now - timedelta(days=30)),
            speed=store.today.reply_speed(now - timedelta(days=30)),
            since=since,
        )
        # A newer load replaced this one: its figures are older, keep them off.
        if not get_current_worker().is_cancelled:
            self.post_message(self._Loaded(data))

    def on_today_screen__loaded(self, message: _Loaded) -> None:
        self.data = data = message.data
        now = self.svc.now()
        self.query_one("#today-title", Static).update(
            f"Today · {now.astimezone(local_tz(now)).strftime('%A %d %B')}"
        )
        c = data.counts
        streak = f"streak {data.streak} day{'s' if data.streak != 1 else ''}"
        # The figures are every account's together; with several, it says so.
        accounts = len(self._book.infos) if self._book.several else 0
        whose = f"Today, {all_of(accounts, 'accounts')} together: " if accounts else "Today: "
        self.query_one("#today-counts", Static).update(
            f"{whose}{_n(c.replies, 'reply', 'replies')} · {_n(c.likes, 'like', 'likes')} · "
            f"{_n(c.thanks, 'thank', 'thanks')} · {c.done} done · "
            f"{f'{c.pending} pending (to finish in the browser) · ' if c.pending else ''}"
            f"{c.left:,} left in the inbox · {streak}"
        )
        self._list.show(
            data.cards, (self._card(card, now) for card in data.cards), empty=_ALL_THANKED
        )
        self._queue_title()
        self.query_one("#engagers", Static).update(self._engagers(data))

    def _queue_title(self) -> None:
        data = self.data
        if data is not None:
            self.query_one("#thank-title", Static).update(
                f"Thank queue · {len(data.cards)} · since {ago(data.since, self.svc.now())}"
            )

    def _card(self, card: ThankCard, now: datetime) -> Text:
        out = Text(end="")
        out.append("★ " if card.first_time else "↺ ", style="bold")
        out.append_text(display_text(card.person.name, single_line=True, style="bold"))
        out.append(f" {handle_text(card.person.handle)}", style="dim")
        if self._book.several:
            # Two networks' people can share a name: each card says its network.
            network = clean_text(network_label(card.person.network), single_line=True)
            out.append(f" · {network}", style="dim")
        out.append("  first time" if card.first_time else "  returning", style="italic")
        if not card.elsewhere:
            out.append(f"\n   {card.summary()} · {ago(card.newest_at, now)}", style="dim")
            return out
        # One person on several accounts: what they did on each, newest first.
        for part in card.parts:
            out.append(f"\n   {_part_label(card, part)}: ", style="bold")
            out.append(f"{part.summary()} · {ago(part.newest_at, now)}", style="dim")
        return out

    def _engagers(self, data: TodayData) -> Text:
        out = Text(end="")
        for title, people in (("Last 7 days", data.week), ("Last 30 days", data.month)):
            out.append(f"{title}\n", style="bold")
            if not people:
                out.append("  nobody yet\n", style="dim")
                continue
            labels = [
                f"{handle_text(e.person.handle)}" if e.person else e.person_id for e in people
            ]
            shown = self.query_one("#engagers").content_region.width
            room = shown - 2 if shown > 2 else None  # not laid out yet: the usual bars
            for line in bar_lines(labels, [e.total for e in people], width=18, room=room):
                out.append(f"  {line}\n")
        out.append("Answering mentions and replies\n", style="bold")
        speed = data.speed
        if speed.median is None:
            out.append("  no answers in the last 30 days", style="dim")
        else:
            out.append(f"  median {_span(speed.median)} over {speed.answered} answered (30 days)")
        return out

    def on_resize(self) -> None:
        # The bars are laid out for the pane's width: a new width, new bars.
        if self.data is not None:
            self.query_one("#engagers", Static).update(self._engagers(self.data))

    # --- the timer ----------------------------------------------------------
    def tick(self) -> None:
        self._show_timer()
        t = self.timer
        if t.running and not t.noticed:
            limit = timedelta(minutes=self.svc.config.session_minutes)
            if t.elapsed(self.svc.now()) >= limit:
                t.noticed = True
                self.say(
                    f"{self.svc.config.session_minutes} minutes are up: nicely done. "
                    "Keep going if you like; space pauses."
                )

    def _show_timer(self) -> None:
        t = self.timer
        now = self.svc.now()
        limit = timedelta(minutes=self.svc.config.session_minutes)
        state = "▶ running" if t.running else ("⏸ paused" if t.started_at else "not started")
        line = f"Session {clock_text(t.elapsed(now))} of {clock_text(limit)}  {state}"
        if t.started_at is None:
            line += "  (space starts)"
        elif t.elapsed(now) >= limit:
            line += "  · time is up"
        self.query_one("#today-timer", Static).update(line)

    def action_timer(self) -> None:
        svc = self.svc
        now = svc.now()
        t = self.timer
        if t.started_at is None:
            ids = t.session_ids
            svc.write(
                "the session",
                lambda store: ids.append(store.today.start_session(now)),
                landed=lambda _: self.reload(),
                refresh=False,
            )
            t.started_at = now
            t.start(now)
        elif t.running:
            t.pause(now)
            ids, banked = t.session_ids, t.banked

            def pause(store: Store) -> None:
                if ids:
                    store.today.save_session(ids[0], banked)

            svc.write("the session", pause, refresh=False)
        else:
            t.start(now)
        self._show_timer()

    def on_unmount(self) -> None:
        t = self.timer
        if t.started_at is not None:
            now = self.svc.now()
            ids, elapsed = t.session_ids, t.elapsed(now)

            def end(store: Store) -> None:
                if ids:
                    store.today.save_session(ids[0], elapsed, now)

            self.svc.write("the session", end, refresh=False)

    # --- the queue ----------------------------------------------------------
    @property
    def card(self) -> ThankCard | None:
        return self._list.current

    def action_thank(self) -> None:
        card = self.card
        if card is not None:
            self._thank(card.parts[0], 0)

    def _thank(self, part: ThankCard, index: int) -> None:
        request = actions.thank_request(self.svc, part.person, part.their_post)
        self._thanking = request.key
        self._thanking_part = index
        self.open_composer(request)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "other_network":
            card = self.card
            return self._thanking is not None and card is not None and bool(card.elsewhere)
        return super().check_action(action, parameters)

    def action_other_network(self) -> None:
        """Move the open thank to the person's next network (its draft kept)."""
        card = self.card
        if card is None or self._thanking is None or not card.elsewhere:
            return
        index = (self._thanking_part + 1) % len(card.parts)
        part = card.parts[index]
        self._thank(part, index)
        network = clean_text(network_label(part.person.network), single_line=True)
        if _shares_network(card, part):
            # Two of their accounts on one network: the account is the choice.
            who = handle_text(part.person.handle)
            self.say(f"Thanking {who} on {network}: only what {who} did is answered.")
        else:
            self.say(f"Thanking on {network}: only what they did there is answered.")

    def on_composer_closed(self, message: Composer.Closed) -> None:
        key, self._thanking = self._thanking, None
        sent = message.sent
        if sent is None or sent.key != key or not self.svc.config.advance_after_answer:
            return
        # Thanked: the card goes now, not when the next read lands, and the
        # highlight keeps its place, so it stands on the next card.
        listing = self._list
        card, data = listing.current, self.data
        if card is None or data is None:
            return
        index = listing.index_of(card)
        thanked = sent.person.id if sent.person else None
        left = [p for p in card.parts if p.person.id != thanked]
        if len(left) == len(card.parts):
            return
        # Only the network thanked is answered: its items finish, the card
        # keeps the person's other networks until they are thanked there.
        finish_thanked(self.svc, thanked or "", data.since, sent.account or None)
        if left:
            rest = replace(left[0], elsewhere=tuple(left[1:]))
            listing.items[index] = rest
            listing.replace_option_prompt_at_index(index, self._card(rest, self.svc.now()))
            self.data = replace(data, cards=list(listing.items))
            return
        listing.remove_at(index, empty=_ALL_THANKED)
        self.data = replace(data, cards=list(listing.items))
        self._queue_title()

    def action_person(self) -> None:
        card = self.card
        if card is not None:
            open_person(self, card.person.id)

    @on(OptionList.OptionSelected, "#thank-list")
    def _selected(self) -> None:
        self.action_person()


_ALL_THANKED = "Everyone is thanked. Nice."


def _shares_network(card: ThankCard, part: ThankCard) -> bool:
    """Whether another of the card's accounts is on ``part``'s network."""
    return sum(p.person.network == part.person.network for p in card.parts) > 1


def _part_label(card: ThankCard, part: ThankCard) -> str:
    """ "X", or "X @ana_studio" when another of their accounts is on X too."""
    network = clean_text(network_label(part.person.network), single_line=True)
    if _shares_network(card, part):
        return f"{network} {handle_text(part.person.handle)}"
    return network


def _span(value: timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h {minutes:02d}m"
    return f"{hours // 24}d"


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
