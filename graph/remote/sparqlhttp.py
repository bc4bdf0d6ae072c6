"""HTTP for SPARQL services with the standard library: credentials, retries, one error type."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message

from .httpauth import Auth, Authorizer

TRANSIENT = frozenset({408, 429, 500, 502, 503, 504})


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
        self._authorizer = Authorizer(auth) if auth is not None else None

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
        """Send the request once (twice if the store challenges for a password)."""
        if self._authorizer is not None and self._authorizer.needs_challenge(url):
            self._authorizer.learn(url, self._challenge(url))
        try:
            return self._open(method, url, body, headers)
        except urllib.error.HTTPError as error:
            if (
                error.code == 401
                and self._authorizer
                and self._authorizer.learn(url, error.headers)
            ):
                try:
                    return self._open(method, url, body, headers)
                except urllib.error.HTTPError as again:
                    error = again
            raise HttpError(url, error.code, _error_text(error)) from None
        except (urllib.error.URLError, OSError) as error:
            raise HttpError(url, None, str(getattr(error, "reason", error))) from None

    def _open(
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str] | None
    ) -> Answer:
        request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
        if self._authorizer is not None:
            self._authorizer.authorize(request)
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return Answer(
                response.status, _media_type(response.headers), response.read(), response.headers
            )

    def _challenge(self, url: str) -> Message | None:
        """The headers of a 401 to a body-less HEAD of `url`; None when it asks for nothing."""
        try:
            with urllib.request.urlopen(
                urllib.request.Request(url, method="HEAD"), timeout=self.timeout
            ):
                return None
        except urllib.error.HTTPError as error:
            return error.headers if error.code == 401 else None
        except (urllib.error.URLError, OSError) as error:
            raise HttpError(url, None, str(getattr(error, "reason", error))) from None


def _media_type(headers: Message) -> str:
    return (headers.get_content_type() or "").lower()


def _error_text(error: urllib.error.HTTPError, limit: int = 500) -> str:
    """The first line(s) of an error body, or the reason phrase."""
    try:
        text = error.read().decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return " ".join(text.split())[:limit] or str(error.reason)
