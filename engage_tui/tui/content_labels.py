"""The marker a post with content labels carries in the inbox row and the
conversation: "[label: porn]", "[label: nudity, graphic-media]". The labels
are the post's own (``Post.labels``: its author's self-labels, or a
moderation service's), never engage's judgement of the text."""

from __future__ import annotations

from engage_tui.text.safe import clean_text

SHOWN = 3  # labels named in a marker; more are counted


def label_marker(labels: tuple[str, ...]) -> str:
    """A short readable marker, or "" for a post without labels."""
    if not labels:
        return ""
    named = ", ".join(clean_text(label, single_line=True) for label in labels[:SHOWN])
    more = f" +{len(labels) - SHOWN}" if len(labels) > SHOWN else ""
    return f"[label: {named}{more}]"
