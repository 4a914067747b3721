"""engage's command line, as argparse reads it: the app's own options, every
command's parser and their help. Loaded only when the words are more than
``engage`` alone (``cli/main.py: parse``), so opening the app builds no
parser at all."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import NoReturn

from engage_tui import __version__
from engage_tui.platforms import registry


def _headless_help() -> str:
    """Each network's ENGAGE_* variables, for `engage auth login --help`."""
    import textwrap

    lines = ["Headless (no keyring, or a sandbox): set these in the environment instead;"]
    lines.append("they win over the keyring.")
    for n in registry.NETWORKS:
        lines += textwrap.wrap(
            f"{n.display_name}: {', '.join(n.env_variables)}", 78, subsequent_indent="    "
        )
    return "\n".join(lines)


def _said(words: Sequence[str], last: str = "and") -> str:
    """``a, b and c``: a list of networks in a sentence."""
    return f"{', '.join(words[:-1])} {last} {words[-1]}" if len(words) > 1 else "".join(words)


_DISPLAY = [n.display_name for n in registry.NETWORKS]
_NAMES_OR = _said(registry.NAMES, "or")
_ORIGINAL = registry.network_name(registry.ORIGINAL)


def _paragraphs(*texts: str) -> str:
    """Paragraphs filled to 80 columns: the help's text is made of each
    network's words, so its lines cannot be broken by hand."""
    import re
    import textwrap  # argparse has loaded it already

    def fill(text: str) -> str:
        # A command in backticks stays on one line.
        held = re.sub(r"`[^`]*`", lambda m: m.group().replace(" ", "\0"), text)
        return textwrap.fill(held, 80, break_on_hyphens=False).replace("\0", " ")

    return "\n\n".join(fill(t) for t in texts)


def _description() -> str:
    # Filled when a help is shown (textwrap over each network's words), not
    # when `engage` opens the app.
    return _paragraphs(
        f"A keyboard-first terminal inbox for engaging on {_said(_DISPLAY)} by hand: reply "
        "to the people you admire, thank everyone who engages with you, watch your prospects.",
        "Run `engage --demo` to try it on a built-in simulated X, or sign in with "
        + _said([f"`{n.sign_in}` ({n.display_name})" for n in registry.NETWORKS], "or")
        + " and run `engage`.",
    )


class _Parser(argparse.ArgumentParser):
    """argparse quotes a bad argument back in its message: cleaned first, so
    text pasted on the command line is shown, never run by the terminal.
    Subparsers are made of this class too."""

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        from engage_tui.text.safe import clean_text

        super().exit(status, clean_text(message) if message else message)


def _add_app_options(parser: argparse.ArgumentParser) -> None:
    """The options of engage itself (the app, and the demo world), before any COMMAND."""
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run on the built-in demo world (a simulated X served on 127.0.0.1); "
        "with sync, prospects, people, export or import: act on the demo world's database",
    )
    parser.add_argument(
        "--reset", action="store_true", help="with --demo: start the demo world afresh"
    )
    parser.add_argument(
        "--account",
        help="open (or sync) only this signed-in account: its name as `engage auth status` "
        "shows it (bluesky:alice.bsky.social) or its handle; without it, every signed-in "
        "account opens in one inbox",
    )


class _NotTheAppAlone(Exception):
    """The words are more than the app's options: the whole parser reads them."""


class _AppParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheAppAlone(message)


def parse(args_list: list[str]) -> argparse.Namespace:
    """The command line, as ``build_parser`` reads it. `engage` with only the
    app's options (``--demo``, ``--account``), how the app is opened, is read
    without building every command's parser (argparse looks each help
    string's translation up on disk: tens of milliseconds before the first
    frame). Anything else (a command, ``--help``, a mistake) goes to the
    whole parser, which answers or explains."""
    alone = _AppParser(prog="engage", add_help=False)
    _add_app_options(alone)
    try:
        args, rest = alone.parse_known_args(args_list)
    except _NotTheAppAlone:
        rest = args_list
    if rest:
        return build_parser().parse_args(args_list)
    args.command = None
    return args


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="engage",
        description=_description(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"engage {__version__}")
    _add_app_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    config = sub.add_parser("config", help="where the config file is, and what it says")
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    config_sub.add_parser("path", help="print the config file's path")
    config_sub.add_parser("show", help="print the effective settings (never secrets)")

    auth = sub.add_parser(
        "auth", help=f"sign in to {_said(_DISPLAY, 'or')}, show who is signed in, sign out"
    )
    auth_sub = auth.add_subparsers(dest="auth_command", metavar="ACTION", required=True)
    login = auth_sub.add_parser(
        "login",
        help="sign in to "
        + _said([f"{n.display_name} ({n.signs_in_with})" for n in registry.NETWORKS], "or"),
        description=_paragraphs(*(n.login_help for n in registry.NETWORKS)),
        epilog=_headless_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    login.add_argument(
        "network",
        nargs="?",
        choices=registry.NAMES,
        default=registry.ORIGINAL,
        help=f"default: {registry.ORIGINAL}",
    )
    # Each network's own flags (a flag two networks share is added once).
    added: set[str] = set()
    for network in registry.NETWORKS:
        for option in network.login_options:
            if option.flag not in added:
                option.add_to(login)
                added.add(option.flag)
    login.add_argument("--account", default=None, help="name for this account (default: handle)")
    login.add_argument("--no-browser", action="store_true", help="do not offer to open a browser")
    auth_sub.add_parser("status", help="the signed-in accounts, each checked with its network")
    logout = auth_sub.add_parser("logout", help="forget an account's tokens")
    logout.add_argument("--account", default=None)

    sync = sub.add_parser(
        "sync",
        help="sync once (pull and send) without the app; safe from cron beside it",
        description="Sync every signed-in account once, one after the other (`engage "
        "--account NAME sync`: only that one), and report each account and the totals.",
    )
    sync.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (several accounts: the totals, and each under 'accounts')",
    )
    sync.add_argument(
        "--now",
        action="store_true",
        help="pull every source now, whatever its schedule (a source paused by a rate "
        "limit still waits until the limit resets)",
    )

    _add_relations_commands(sub)

    sandbox = sub.add_parser(
        "sandbox",
        help="serve the simulated X API on 127.0.0.1 (for trying engage or any tweepy script)",
        add_help=False,
    )
    sandbox.add_argument("sandbox_args", nargs=argparse.REMAINDER)
    return parser


def _add_relations_commands(sub: argparse._SubParsersAction) -> None:
    prospects = sub.add_parser(
        "prospects",
        help="the watchlist: add, remove, list, import a file of handles",
        description="Manage the people you watch. Add --demo before the command "
        "(`engage --demo prospects list`) to use the demo world's database. "
        "add, remove and import end with one summary line and exit 0 when every "
        "handle was taken, 1 when some were refused (each named above it).",
    )
    p_sub = prospects.add_subparsers(dest="prospects_command", metavar="ACTION", required=True)
    p_add = p_sub.add_parser(
        "add",
        help="watch these @handles (looked up at the next sync)",
        description="Watch these people: "
        + _said(
            [
                f"{n.display_name} handles ({n.handle_example})"
                + ("" if n.name == registry.ORIGINAL else f" with --network {n.name}")
                for n in registry.NETWORKS
            ],
            "or",
        )
        + ". Each is looked up at the next sync of an account on its network.",
    )
    p_add.add_argument("handles", nargs="+", metavar="HANDLE")
    p_add.add_argument("--notes", default="", help="notes to keep about them")
    _network_option(p_add, f"the network the handles are on (default: {registry.ORIGINAL})")
    p_remove = p_sub.add_parser("remove", help="stop watching (your notes are kept)")
    p_remove.add_argument("handles", nargs="+", metavar="HANDLE")
    p_list = p_sub.add_parser(
        "list", help="the watchlist, stalest first, with each network; ! marks stale"
    )
    p_list.add_argument("--sort", choices=("stale", "name", "added"), default="stale")
    p_list.add_argument("--json", action="store_true", help="print JSON")
    p_import = p_sub.add_parser(
        "import",
        help="add handles from a file: one a line, or a CSV with handle, notes and network columns",
        description="Add the handles in FILE: one a line, or a CSV whose header names a "
        f"handle column and, if you like, notes and network columns (network: {_NAMES_OR}). "
        "A row's network cell wins; rows without one are on --network, "
        f"{_ORIGINAL} unless said. Bad rows are listed by line and the good ones added. "
        "Column "
        "names are matched whatever their case; a column engage does not read is "
        "named, with a guess for a near miss (note: did you mean notes?).",
    )
    p_import.add_argument("file", metavar="FILE")
    _network_option(p_import, f"the network of rows that name none (default: {registry.ORIGINAL})")

    people = sub.add_parser(
        "people",
        help="one person across networks: link, unlink, show",
        description="Make accounts on different networks one person: their notes, tags "
        "and history are read together in the person view, Today, prospects, search and "
        "exports. Name an account as NETWORK:HANDLE (x:@alice, bluesky:alice.bsky.social, "
        "mastodon:alice@example.social); it must be someone engage has met (in the inbox, "
        "a search or as a prospect). Links are kept on this machine only: nothing is sent "
        "to any network. Add --demo before the command to use the demo world's database.",
    )
    ppl_sub = people.add_subparsers(dest="people_command", metavar="ACTION", required=True)
    link = ppl_sub.add_parser(
        "link",
        help="make two accounts one person (notes, tags and history kept in full)",
        description="Make two accounts one person, with every account already linked "
        "to either. Nothing is lost: notes are kept in full, tags are joined, the "
        "history becomes one timeline.",
    )
    link.add_argument("accounts", nargs=2, metavar="NETWORK:HANDLE")
    unlink = ppl_sub.add_parser(
        "unlink",
        help="make an account a person of its own again",
        description="Take an account out of its person; it keeps its notes, tags and "
        "history, and what was written to the person while it was linked. A "
        "suggestion that the accounts are one person is then remembered as a no.",
    )
    unlink.add_argument("accounts", nargs=1, metavar="NETWORK:HANDLE")
    show = ppl_sub.add_parser(
        "show",
        help="a person's accounts, notes, tags and history across networks",
    )
    show.add_argument("accounts", nargs=1, metavar="NETWORK:HANDLE")

    from engage_tui.cli.export_cmd import parse_since

    export = sub.add_parser(
        "export",
        help="write interactions, notes, tags and prospects to CSV or JSON",
        description="Your relationship memory as a file: every interaction, note, tag and "
        f"prospect, each person with their network ({_NAMES_OR}) and the accounts linked "
        "with theirs (JSON: an accounts list; CSV: a person column). JSON can be read back "
        "with `engage import`; the prospect rows of a CSV with `engage prospects import`.",
    )
    export.add_argument("--format", choices=("csv", "json"), default="json")
    export.add_argument(
        "--since", type=parse_since, default=None, metavar="DATE", help="interactions from DATE"
    )
    export.add_argument("--output", "-o", default=None, metavar="FILE", help="default: stdout")
    imp = sub.add_parser(
        "import",
        help="merge a JSON file written by `engage export`",
        description="Merge a JSON export into this engage: what is here is kept. The file "
        f"is checked whole first (a person's network must be {_NAMES_OR}, or absent for "
        f"{_ORIGINAL}); anything wrong is named by its place and nothing is imported.",
    )
    imp.add_argument("file", metavar="FILE.json")


def _network_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument(
        "--network",
        type=str.lower,
        choices=registry.NAMES,
        default=registry.ORIGINAL,
        help=help_text,
    )
