"""The inbox as a line-API list: only a window of rows read from the store.

It never holds a widget per row. It keeps the rows the user has paged
through (one page at start, the next page fetched in a thread as the cursor
nears the end, by keyset on the last row's sort key), renders only the lines
on screen, and caches each rendered line. So start-up and key latency stay
flat however many notifications the store holds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from functools import partial

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState

from engage_tui.store import InboxRow
from engage_tui.tui.failures import forward
from engage_tui.tui.messages import WorkFailed
from engage_tui.tui.widgets.inbox_row import render_row

# (after sort key or None, limit) -> rows; runs in a worker thread.
Loader = Callable[[tuple[str, str] | None, int], list[InboxRow]]
# A row -> its account's tag, for the account column.
Tagger = Callable[[InboxRow], str]

PAGE = 100
PREFETCH_MARGIN = 40
MAX_RELOAD = 1000
RENDER_AHEAD = 2  # lines laid out per keypress for the next page
# How long an undone item is looked for in the reloads that follow the undo.
REVEAL_S = 5.0
# What a page read does, in the words of a failure's notice.
READ_WHAT = "read the inbox"


class InboxList(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", id="inbox.down", show=False),
        Binding("k,up", "cursor_up", "Up", id="inbox.up", show=False),
        Binding("g,home", "first", "First row", id="inbox.first", show=False),
        Binding("G,end", "last", "Last loaded row", id="inbox.last", show=False),
        Binding("pagedown,ctrl+d", "page_down", "Page down", id="inbox.page_down", show=False),
        Binding("pageup,ctrl+u", "page_up", "Page up", id="inbox.page_up", show=False),
    ]
    COMPONENT_CLASSES = {
        "inbox-list--cursor",
        "inbox-list--new",
        "inbox-list--kind",
        "inbox-list--who",
        "inbox-list--time",
        "inbox-list--empty",
        "inbox-list--account",
    }

    # The row the cursor is on. Moving it (a key, a click) goes through
    # validate_cursor and watch_cursor; a new set of rows places it with
    # _place_cursor, which repaints the whole list instead.
    cursor: var[int] = var(0, init=False)

    class Highlighted(Message):
        """The cursor moved onto ``row`` (None when the list is empty)."""

        def __init__(self, row: InboxRow | None) -> None:
            super().__init__()
            self.row = row

    class Loaded(Message):
        """A page (or a reload) arrived; ``total`` rows are now held."""

        def __init__(self, total: int, exhausted: bool) -> None:
            super().__init__()
            self.total = total
            self.exhausted = exhausted

    class _Page(Message):
        def __init__(self, generation: int, rows: list[InboxRow], append: bool, limit: int) -> None:
            super().__init__()
            self.generation = generation
            self.rows = rows
            self.append = append
            self.limit = limit

    def __init__(
        self,
        loader: Loader,
        clock: Callable[[], datetime],
        *,
        empty_text: str = "Nothing here.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._loader = loader
        self._clock = clock
        self.empty_text = empty_text
        self.rows: list[InboxRow] = []
        self.exhausted = False
        self.loaded = False
        self._loading = False
        self._generation = 0
        self._keep_id: str | None = None
        # An item an undo brings back, and until when to look for it: the
        # reloads in between (other writes landing) may not hold it yet.
        self._reveal: tuple[str, float] | None = None
        self._base_style: Style | None = None
        self._drawn_width = 0  # the width of the last paint's lines
        self._first_frame_out = False  # True once the first paint is out
        # (notification id, width) -> the row's text, before base or cursor style
        self._strip_cache: LRUCache[tuple[str, int], Strip] = LRUCache(512)
        # Whose account a row is, when several share the inbox (else no column).
        self._tagger: Tagger | None = None
        self._tag_width = 0

    # --- public ------------------------------------------------------------
    @property
    def current(self) -> InboxRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def set_loader(self, loader: Loader, empty_text: str | None = None) -> None:
        """Show another view (a filter): start again from the newest row."""
        self._loader = loader
        if empty_text is not None:
            self.empty_text = empty_text
        self._generation += 1
        self.rows = []
        self._place_cursor(0)
        self.exhausted = False
        self.loaded = False
        self._loading = False
        self._changed()
        self._fetch(self._generation, None, PAGE, append=False)

    def reveal(self, notification_id: str) -> None:
        """After the next reload the cursor stands on this item (one an undo
        brings back), not on the row it is on now."""
        self._reveal = (notification_id, time.monotonic() + REVEAL_S)

    def reload(self) -> None:
        """Read the held window again (new rows on top), keeping the cursor's row."""
        self._generation += 1
        current = self.current
        self._keep_id = current.notification.id if current else None
        limit = min(max(len(self.rows) + PAGE // 2, PAGE), MAX_RELOAD)
        self._loading = True
        self._fetch(self._generation, None, limit, append=False)

    def remove_ids(self, ids: set[str]) -> None:
        """Drop rows at once (marked done) without waiting for a reload."""
        keep = [r for r in self.rows if r.notification.id not in ids]
        if len(keep) == len(self.rows):
            return
        removed_before = sum(1 for r in self.rows[: self.cursor] if r.notification.id in ids)
        self.rows = keep
        self._place_cursor(self.cursor - removed_before)
        self._changed()
        self._maybe_prefetch()

    def set_tags(self, tagger: Tagger | None, width: int) -> None:
        """Show each row's account in a column ``width`` wide (0: no column)."""
        self._tagger, self._tag_width = (tagger, width) if width else (None, 0)
        self.clear_line_cache()

    def notify_style_update(self) -> None:
        # A theme change restyles every row: rendered lines must be redrawn.
        super().notify_style_update()
        self._strip_cache.clear()

    def clear_line_cache(self) -> None:
        self._strip_cache.clear()
        self.refresh()

    # --- loading -----------------------------------------------------------
    def on_mount(self) -> None:
        # The first rows are read at once, on the UI thread, over the connection
        # the store already has open, so the first frame shows the inbox rather
        # than an empty list waiting on a thread (which would also contend with
        # the UI for the GIL). Only a screenful: the list cannot be taller than
        # the terminal, and reading a window costs about 0.1 ms a row on a big
        # cache. The rest of the page follows in a thread after the first frame.
        first = max(1, min(PAGE, self.app.size.height))
        try:
            rows = self._loader(None, first)
        except Exception as err:  # a damaged or locked database: say so, keep running
            self._failed(err)
            # Told by the one handler, as a failed page read is.
            self.app.post_message(WorkFailed(READ_WHAT, err))
        else:
            self.on_inbox_list__page(self._Page(self._generation, rows, False, first))
        self.call_after_refresh(self._after_first_frame)
        # Relative times age: redraw now and then rather than on every frame.
        self.set_interval(30, self.clear_line_cache)

    def _after_first_frame(self) -> None:
        self._first_frame_out = True
        self._maybe_prefetch()

    def _fetch(
        self, generation: int, after: tuple[str, str] | None, limit: int, append: bool
    ) -> None:
        # A thread worker like every pane's, so a failure reaches the one
        # handler (failures.py). Textual runs thread workers on the event
        # loop's thread pool, whose threads (and so the store's connection
        # per thread, with its warm page cache) are kept between pages.
        self.run_worker(
            partial(self._read_page, generation, after, limit, append),
            name=str(generation),
            group="inbox-page",
            description=READ_WHAT,
            thread=True,
            exit_on_error=False,
        )

    def _read_page(
        self, generation: int, after: tuple[str, str] | None, limit: int, append: bool
    ) -> None:
        self.post_message(self._Page(generation, self._loader(after, limit), append, limit))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        event.stop()
        worker = event.worker
        if (
            event.state is WorkerState.ERROR
            and worker.error is not None
            and worker.name == str(self._generation)
        ):
            self._failed(worker.error)
        forward(self, event)

    def _failed(self, error: BaseException) -> None:
        """The rows could not be read (a damaged or locked database): the list
        says so where the rows would be, and the app keeps running."""
        self._loading = False
        self.loaded = True
        self.empty_text = f"Could not {READ_WHAT}: {error}"
        self._changed()

    def on_inbox_list__page(self, message: _Page) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._loading = False
        self.loaded = True
        if message.append:
            # Rows below the held ones: unless the list was shorter than the
            # screen, nothing on screen changes but the scrollbar.
            if len(self.rows) < self.scroll_offset.y + self.size.height:
                self.refresh()
            self.rows.extend(message.rows)
            self.exhausted = len(message.rows) < message.limit
            self.virtual_size = Size(self.virtual_size.width, max(len(self.rows), 1))
            self.post_message(self.Loaded(len(self.rows), self.exhausted))
            self._maybe_prefetch()
            return
        self.rows = message.rows
        reveal = self._reveal if self._reveal and self._reveal[1] > time.monotonic() else None
        if reveal is not None and (found := _index_of(self.rows, reveal[0])) is not None:
            self._place_cursor(found)
            self._reveal = self._keep_id = None
        elif self._keep_id is not None:
            found = _index_of(self.rows, self._keep_id)
            self._place_cursor(self.cursor if found is None else found)
            self._keep_id = None
        else:
            self._place_cursor(self.cursor)
        self.exhausted = len(message.rows) < message.limit
        self._changed()
        self.post_message(self.Loaded(len(self.rows), self.exhausted))
        self._maybe_prefetch()

    def _maybe_prefetch(self) -> None:
        if self._loading or self.exhausted or not self.loaded or not self.rows:
            return
        if not self._first_frame_out:
            return  # a thread reading now would compete with the first paint
        if self.cursor >= len(self.rows) - PREFETCH_MARGIN:
            self._loading = True
            self._fetch(self._generation, self.rows[-1].sort_key, PAGE, append=True)

    def _changed(self) -> None:
        self._strip_cache.clear()
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, max(len(self.rows), 1))
        self.refresh()
        self._scroll_cursor_visible()
        self.post_message(self.Highlighted(self.current))

    # --- moving ------------------------------------------------------------
    def validate_cursor(self, index: int) -> int:
        return max(0, min(index, len(self.rows) - 1))

    def watch_cursor(self, old: int, index: int) -> None:
        self._refresh_row(old)
        self._refresh_row(index)
        self._scroll_cursor_visible()
        self.post_message(self.Highlighted(self.current))
        self._maybe_prefetch()
        self.call_after_refresh(self._render_ahead)

    def _place_cursor(self, index: int) -> None:
        # Without the watcher: the caller repaints every line (_changed).
        self.set_reactive(InboxList.cursor, self.validate_cursor(index))

    def _render_ahead(self) -> None:
        """Lay out a couple of the next page's lines once the frame is out, so
        turning the page finds them cached (costs ~1 ms; a page at once, ~15)."""
        top, height = self.scroll_offset.y, max(self.size.height, 1)
        width = self.scrollable_content_region.width
        done = 0
        for index in (
            *range(top + height, top + 2 * height),
            *range(top - 1, top - height - 1, -1),
        ):
            if not 0 <= index < len(self.rows):
                continue
            row = self.rows[index]
            key = (row.notification.id, width)
            if key not in self._strip_cache:
                self._strip_cache[key] = self._render_row(row, width)
                done += 1
                if done == RENDER_AHEAD:
                    return

    def _refresh_row(self, index: int) -> None:
        # ScrollView.refresh_line takes the row's virtual y.
        if 0 <= index - self.scroll_offset.y < self.size.height:
            self.refresh_line(index)

    def _scroll_cursor_visible(self) -> None:
        # Scroll a page at a time, as mail clients do: most keys then repaint
        # two lines, and only a key that leaves the page repaints them all.
        top, height = self.scroll_offset.y, max(self.size.height, 1)
        if self.cursor < top:
            new_top = max(self.cursor - height + 1, 0)
        elif self.cursor >= top + height:
            new_top = self.cursor
        else:
            return
        self.scroll_to(y=new_top, animate=False, force=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_page_down(self) -> None:
        self.cursor += max(self.size.height - 1, 1)

    def action_page_up(self) -> None:
        self.cursor -= max(self.size.height - 1, 1)

    def on_click(self, event: events.Click) -> None:
        self.cursor = event.y + self.scroll_offset.y

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        # Lines are cached by width, so a resize that keeps the width (the first
        # one arrives after the first paint has already filled the cache) keeps
        # them; a new width only makes the old lines useless.
        if width != self._drawn_width:
            self._strip_cache.clear()
        self.virtual_size = Size(width, max(len(self.rows), 1))

    # --- drawing -----------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        # Resolving the inherited style walks every ancestor: once per paint, not per line.
        self._base_style = self.rich_style
        self._drawn_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self._base_style or self.rich_style
        if not self.rows:
            if y == 0 and self.loaded:
                style = base + self.get_component_rich_style("inbox-list--empty", partial=True)
                return Strip([Segment(f"  {self.empty_text}", style)]).adjust_cell_length(
                    width, base
                )
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        key = (row.notification.id, width)
        text = self._strip_cache.get(key)
        if text is None:
            text = self._render_row(row, width)
            self._strip_cache[key] = text
        # The cursor is only a background under the cached text: moving it
        # restyles two lines instead of laying their text out again.
        if index == self.cursor:
            return text.apply_style(
                base + self.get_component_rich_style("inbox-list--cursor", partial=True)
            )
        return text.apply_style(base)

    def _render_row(self, row: InboxRow, width: int) -> Strip:
        tagger = self._tagger
        return render_row(
            row,
            width,
            self._clock(),
            lambda name: self.get_component_rich_style(name, partial=True),
            tagger(row) if tagger is not None else "",
            self._tag_width,
        )


def _index_of(rows: list[InboxRow], notification_id: str) -> int | None:
    """Where the row holding this notification (alone or in its group) is."""
    return next(
        (i for i, r in enumerate(rows) if notification_id in (r.notification.id, *r.group_ids)),
        None,
    )
