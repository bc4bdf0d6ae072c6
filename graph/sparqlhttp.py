"""HTTP for SPARQL services with the standard library: credentials, retries, one error type.

Basic credentials are sent with the first request; a store that asks for Digest instead
(Virtuoso's `/sparql-auth`, `/sparql-graph-crud-auth`) gets them on its 401 challenge.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message

TRANSIENT = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Auth:
    """Credentials: a user and password (Basic or Digest) or a bearer token."""

    user: str | None = None
    password: str = field(default="", repr=False)
    token: str | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, user_password: str | None, token: str | None = None) -> Auth | None:
        """From `user:password` and/or a token; None when neither is given."""
        if token:
            return cls(token=token)
        if not user_password:
            return None
        user, _, password = user_password.partition(":")
        return cls(user=user, password=password)


@dataclass(frozen=True)
class Answer:
    """A successful HTTP response."""

    status: int
    media_type: str
    body: bytes
    headers: Mapping[str, str]


class HttpError(Exception):
    """A request that failed: an HTTP error status, or no answer at all (status None)."""

    def __init__(self, url: str, status: int | None, message: str) -> None:
        super().__init__(f"{url}: {status or 'no answer'}: {message}")
        self.url = url
        self.status = status
        self.message = message

    @property
    def transient(self) -> bool:
        """True when trying again may succeed (no answer, overload, server error)."""
        return self.status is None or self.status in TRANSIENT


class Client:
    """Sends requests to one service with the same credentials, retrying transient failures."""

    def __init__(
        self,
        auth: Auth | None = None,
        *,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.auth = auth
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._openers: dict[str, urllib.request.OpenerDirector] = {}

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        """Send the request, retrying transient failures with exponential backoff."""
        for attempt in range(self.retries + 1):
            try:
                return self.send(method, url, body, headers)
            except HttpError as error:
                if not error.transient or attempt == self.retries:
                    raise
                self._sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def send(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        """Send the request once; raise HttpError on an error status or no answer."""
        request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
        if self.auth is not None and self.auth.token:
            request.add_header("Authorization", f"Bearer {self.auth.token}")
        try:
            with self._opener(url).open(request, timeout=self.timeout) as response:
                return Answer(
                    response.status,
                    _media_type(response.headers),
                    response.read(),
                    response.headers,
                )
        except urllib.error.HTTPError as error:
            raise HttpError(url, error.code, _error_text(error)) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise HttpError(url, None, str(reason)) from None

    def _opener(self, url: str) -> urllib.request.OpenerDirector:
        """An opener that answers Basic and Digest challenges for `url`'s credentials."""
        if self.auth is None or self.auth.user is None:
            return urllib.request.build_opener()
        root = urllib.parse.urlsplit(url)._replace(path="/", query="", fragment="").geturl()
        if root not in self._openers:
            passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
            passwords.add_password(None, root, self.auth.user, self.auth.password, True)
            self._openers[root] = urllib.request.build_opener(
                urllib.request.HTTPBasicAuthHandler(passwords),
                urllib.request.HTTPDigestAuthHandler(passwords),
            )
        return self._openers[root]


def _media_type(headers: Message) -> str:
    return (headers.get_content_type() or "").lower()


def _error_text(error: urllib.error.HTTPError, limit: int = 500) -> str:
    """The first line(s) of an error body, or the reason phrase."""
    try:
        text = error.read().decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return " ".join(text.split())[:limit] or str(error.reason)
