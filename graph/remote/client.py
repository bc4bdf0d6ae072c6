"""HTTP for SPARQL services with `requests`: credentials, retries, one error type.

Retries are urllib3's `Retry` (transient statuses and failed connections, exponential
backoff); Basic and Digest are requests' own. A store that wants Digest (Virtuoso's
`/sparql-auth` and `/sparql-graph-crud-auth`) answers an unauthenticated request with 401
and a nonce, and closes the connection: with a large body still being sent, that reads as a
reset. So a host's challenge is answered first on a body-less HEAD request; requests' Digest
then answers each following request of the thread up front (the nonce count going up).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth
from urllib3.util.retry import Retry

TRANSIENT = frozenset({408, 429, 500, 502, 503, 504})
DIGEST = re.compile(r"digest ", re.IGNORECASE)


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


class BearerAuth(AuthBase):
    """`Authorization: Bearer <token>` on every request."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def root(url: str) -> str:
    """`scheme://host:port/` of `url`: challenges are kept per host."""
    return urllib.parse.urlsplit(url)._replace(path="/", query="", fragment="").geturl()


class Client:
    """Sends requests to one service with the same credentials, retrying transient failures."""

    def __init__(
        self,
        auth: Auth | None = None,
        *,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.auth = auth
        self.timeout = timeout
        self.session = requests.Session()
        retry = Retry(
            total=retries,
            backoff_factor=backoff,
            status_forcelist=TRANSIENT,
            allowed_methods=None,  # PUT, POST and MOVE replace whole graphs: safe to repeat
            raise_on_status=False,
        )
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, HTTPAdapter(max_retries=retry))
        self._auths: dict[str, AuthBase] = {}  # per host

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        """Send the request, retrying transient failures with exponential backoff."""
        auth = self._auth_for(url)
        response = self._send(method, url, data=body, headers=dict(headers or {}), auth=auth)
        if response.status_code >= 400:
            raise HttpError(url, response.status_code, _error_text(response))
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        return Answer(response.status_code, media_type, response.content, response.headers)

    def _send(
        self,
        method: str,
        url: str,
        *,
        auth: AuthBase | None = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        """One request (retried by the session's adapter); no answer at all is an HttpError."""
        try:
            return self.session.request(
                method, url, data=data, headers=headers, auth=auth, timeout=self.timeout
            )
        except requests.RequestException as error:
            raise HttpError(url, None, _reason(error)) from None

    def _auth_for(self, url: str) -> AuthBase | None:
        """How to authorise requests to `url`'s host, learning its challenge once."""
        if self.auth is None:
            return None
        if self.auth.token:
            return BearerAuth(self.auth.token)
        host = root(url)
        if host not in self._auths:
            self._auths[host] = self._learn(url, self.auth.user or "", self.auth.password)
        return self._auths[host]

    def _learn(self, url: str, user: str, password: str) -> AuthBase:
        """Digest (answered up front from now on) when a HEAD of `url` asks for it, else Basic."""
        digest = HTTPDigestAuth(user, password)
        response = self._send("HEAD", url, auth=digest)
        first = response.history[0] if response.history else response
        challenged = DIGEST.match(first.headers.get("WWW-Authenticate", ""))
        return digest if first.status_code == 401 and challenged else HTTPBasicAuth(user, password)


def _reason(error: requests.RequestException) -> str:
    """The innermost reason of a failed connection, without the retry wrapper's prose."""
    reason: BaseException = error
    while reason.args and isinstance(reason.args[0], BaseException):
        reason = reason.args[0]
    return str(getattr(reason, "reason", None) or reason)


def _error_text(response: requests.Response, limit: int = 500) -> str:
    """The first line(s) of an error body, or the reason phrase."""
    text = response.content.decode("utf-8", "replace").strip()
    return " ".join(text.split())[:limit] or str(response.reason)
