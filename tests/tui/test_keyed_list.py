"""The panes' one list: it holds the items its rows stand for, and its
highlight stays on the same item, or in the same place, across a reload."""

from __future__ import annotations

from textual.app import App, ComposeResult

from engage_tui.tui.widgets.keyed_list import KeyedList


class _OneList(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedList[str](key=str.lower, id="list")

    @property
    def listing(self) -> KeyedList[str]:
        return self.query_one("#list", KeyedList)


def _lines(listing: KeyedList[str]) -> list[str]:
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_the_highlight_stays_on_the_same_item_when_rows_come_before_it() -> None:
    app = _OneList()
    async with app.run_test() as pilot:
        app.listing.show(["ana", "bo", "cy"], ["Ana", "Bo", "Cy"], keep="item")
        await pilot.press("j", "j")
        assert app.listing.current == "cy"
        app.listing.show(["zed", "ana", "bo", "CY"], ["Zed", "Ana", "Bo", "Cy"], keep="item")
        assert app.listing.current == "CY"  # the same one, by its key


async def test_the_highlight_keeps_its_place_when_its_item_is_gone() -> None:
    app = _OneList()
    async with app.run_test() as pilot:
        app.listing.show(["ana", "bo", "cy"], ["Ana", "Bo", "Cy"])
        await pilot.press("j", "j")
        app.listing.show(["ana", "bo"], ["Ana", "Bo"])
        assert app.listing.current == "bo"  # as near its place as the rows allow


async def test_a_list_shown_anew_starts_on_its_first_row() -> None:
    app = _OneList()
    async with app.run_test() as pilot:
        app.listing.show(["ana", "bo"], ["Ana", "Bo"])
        await pilot.press("j")
        app.listing.show(["cy", "dee"], ["Cy", "Dee"], keep="first")
        assert app.listing.current == "cy"


async def test_an_empty_list_says_so_and_stands_for_nothing() -> None:
    app = _OneList()
    async with app.run_test():
        app.listing.show([], [], empty="Nothing here.")
        assert _lines(app.listing) == ["Nothing here."]
        app.listing.highlighted = 0
        assert app.listing.current is None and app.listing.items == []


async def test_removing_a_row_moves_the_highlight_to_the_next_and_says_when_none_is_left() -> None:
    app = _OneList()
    async with app.run_test() as pilot:
        app.listing.show(["ana", "bo"], ["Ana", "Bo"])
        app.listing.remove_at(0, empty="All done.")
        assert app.listing.current == "bo" and _lines(app.listing) == ["Bo"]
        app.listing.remove_at(0, empty="All done.")
        await pilot.pause()
        assert app.listing.items == [] and _lines(app.listing) == ["All done."]


async def test_a_list_read_more_than_acted_on_gets_no_highlight_until_one_is_chosen() -> None:
    app = _OneList()
    async with app.run_test() as pilot:
        app.listing.show(["ana", "bo"], ["Ana", "Bo"], keep="unmoved")
        assert app.listing.highlighted is None
        await pilot.press("j", "j")
        app.listing.show(["ana", "bo", "cy"], ["Ana", "Bo", "Cy"], keep="unmoved")
        assert app.listing.current == "bo"
