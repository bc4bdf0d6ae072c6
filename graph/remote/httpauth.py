"""Authorization headers for SPARQL services: Bearer, Basic, or Digest learnt from a challenge.

A store that wants Digest (Virtuoso's `/sparql-auth` and `/sparql-graph-crud-auth`)
answers an unauthenticated request with 401 and a nonce, and closes the connection: with
a large body still being sent, that reads as a reset. So the challenge is fetched first by
a body-less HEAD request, kept per host, and each request carries its answer from the start
(the nonce count going up); urllib's digest handler computes the response.
"""

from __future__ import annotations

import base64
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message


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


def root(url: str) -> str:
    """`scheme://host:port/` of `url`: challenges are kept per host."""
    return urllib.parse.urlsplit(url)._replace(path="/", query="", fragment="").geturl()


class Authorizer:
    """Adds the Authorization header `auth` calls for to requests, learning challenges."""

    def __init__(self, auth: Auth) -> None:
        self.auth = auth
        self._schemes: dict[str, dict[str, str] | None] = {}  # host -> Digest challenge or None
        self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        self._digest = urllib.request.HTTPDigestAuthHandler(self._passwords)

    def needs_challenge(self, url: str) -> bool:
        """True when `url`'s host asks for a password and its scheme is not known yet."""
        return self.auth.user is not None and root(url) not in self._schemes

    def learn(self, url: str, headers: Message | None) -> bool:
        """Keep the challenge of a 401's headers (None: none was asked); True if usable."""
        challenges = headers.get_all("WWW-Authenticate", []) if headers is not None else []
        digest = next((c for c in challenges if c.lower().startswith("digest ")), None)
        if digest is not None:
            self._passwords.add_password(None, root(url), self.auth.user or "", self.auth.password)
            _, _, params = digest.partition(" ")
            parsed = urllib.request.parse_http_list(params)
            self._schemes[root(url)] = urllib.request.parse_keqv_list(
                [item for item in parsed if item]
            )
            return True
        self._schemes[root(url)] = None
        return not challenges or any(c.lower().startswith("basic") for c in challenges)

    def authorize(self, request: urllib.request.Request) -> None:
        """Add the Authorization header to `request`, if there are credentials."""
        if self.auth.token:
            request.add_header("Authorization", f"Bearer {self.auth.token}")
            return
        if self.auth.user is None:
            return
        challenge = self._schemes.get(root(request.full_url))
        if challenge is not None:
            answer = self._digest.get_authorization(request, challenge)
            if answer:
                request.add_header("Authorization", f"Digest {answer}")
                return
        pair = f"{self.auth.user}:{self.auth.password}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode("ascii"))
