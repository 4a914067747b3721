"""Keeps tokens out of logs.

tweepy logs the Authorization header at DEBUG, requests-oauthlib logs the
tokens it obtains, oauthlib logs each request's nonce, signature base string
and signature, and urllib3 logs request lines with their query string.
A filter on each of those loggers rewrites the record before any handler
sees it: known secret values are masked, and so is anything shaped like an
OAuth parameter or an Authorization header.
"""

from __future__ import annotations

import logging
import re
import threading

MASK = "***"

# Logger filters apply only to records created on that exact logger, so
# every module that may print a credential is listed by name.
GUARDED_LOGGERS = (
    "tweepy",
    "tweepy.client",
    "tweepy.auth",
    "requests_oauthlib",
    "requests_oauthlib.oauth1_auth",
    "requests_oauthlib.oauth1_session",
    "oauthlib",
    "oauthlib.oauth1.rfc5849",
    "oauthlib.oauth1.rfc5849.signature",
    "urllib3.connectionpool",
    "requests",
)

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Authorization": "OAuth oauth_nonce=..., ..." or b'...' in header dumps
    (
        re.compile(r"""(authorization['"]?\s*[:=]\s*b?)(['"])(.*?)\2""", re.IGNORECASE),
        rf"\1\2{MASK}\2",
    ),
    (re.compile(r"(Bearer\s+)[^\s'\",]+", re.IGNORECASE), rf"\1{MASK}"),
    # 'oauth_token': 'abc' in a dict repr, ('oauth_nonce', '123') in a list of pairs
    (
        re.compile(r"""(['"](?:oauth_[a-z_]+|access_token\w*)['"]\s*[:,]\s*['"])[^'"]*"""),
        rf"\1{MASK}",
    ),
    # oauthlib at DEBUG: "Signature: abc=" and the signature base string, whose
    # parameters are percent-encoded (oauth_nonce%3D123%26...): the whole line goes.
    (re.compile(r"(Signature:\s*)\S+"), rf"\1{MASK}"),
    (re.compile(r"(signature base string:\s*).*", re.IGNORECASE | re.DOTALL), rf"\1{MASK}"),
    (re.compile(r"(oauth_[a-z_]+%(?:25)?3D)(?:(?!%(?:25)?26)[^\s&'\",])*"), rf"\1{MASK}"),
    # oauth_token=abc or oauth_signature="abc" in URLs, bodies and headers
    (re.compile(r"""(oauth_[a-z_]+=)("?)[^&\s"',]*"""), rf"\1\2{MASK}"),
    # oauthlib.Client repr shows the keys it masks not itself
    (re.compile(r"((?:client_key|resource_owner_key|verifier)=)[^,>\s]+"), rf"\1{MASK}"),
)

_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(*values: str | None) -> None:
    """Mask these exact values wherever they appear in a guarded log record."""
    with _lock:
        _secrets.update(v for v in values if v and len(v) >= 4)


def redact(text: str) -> str:
    # The shapes first: a known value masked first could be part of a
    # parameter's name ("token" in oauth_token=), and the shape would then
    # no longer match the real token after it.
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for value in known:
        text = text.replace(value, MASK)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not leak its args either
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        return True


_installed = False


def install_log_redaction() -> None:
    """Idempotent: attach one RedactingFilter to every guarded logger."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    shared = RedactingFilter()
    for name in GUARDED_LOGGERS:
        logging.getLogger(name).addFilter(shared)
