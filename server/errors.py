"""Errors at the HTTP edge: one body shape, JSON or plain text, mapped by kind.

Body: `{"error": {"status": 400, "reason": "syntax-error", "message": "..."}}` for clients
that rank a JSON type above text/plain (a syntax error adds `line`, `column` and what was
expected or which prefix is undeclared: server/endpoint/syntaxerrors.py), `400 syntax-error:
...` as text/plain for others, and a page of the site (templates/error.html) for a browser,
which ranks HTML above both (the one negotiation, server/endpoint/negotiate.py, decides).
Unexpected exceptions are logged and answered with a 500 that carries no internals.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, current_app, render_template, request
from vnkg.graph.remote.client import HttpError
from vnkg.graph.store import NoStore
from vnkg.server.endpoint.negotiate import HTML, JSON, Kind, decide
from vnkg.server.endpoint.syntaxerrors import explain
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException, InternalServerError


class EndpointError(HTTPException):
    """An HTTP error with a machine-readable `reason` slug and a message for people."""

    def __init__(
        self,
        code: int,
        reason: str,
        message: str,
        *,
        retry_after: int | None = None,
        details: dict[str, object] | None = None,
    ) -> None:
        super().__init__(description=message)
        self.code = code
        self.reason = reason
        self.retry_after = retry_after
        self.details = details or {}

    def get_headers(self, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
        """The headers of the error, with Retry-After when the client should come back."""
        headers = super().get_headers(*args, **kwargs)
        if self.retry_after is not None:
            headers.append(("Retry-After", str(self.retry_after)))
        return headers


def syntax_error(error: SyntaxError, query: str = "") -> EndpointError:
    """400 for a query the parser rejects: where, and what was expected or is undeclared."""
    detail = explain(str(error), query)
    if detail is None:
        return EndpointError(400, "syntax-error", f"query syntax error: {error}")
    message = f"query syntax error: {detail.message()}"
    return EndpointError(400, "syntax-error", message, details=detail.fields())


def reason_of(error: HTTPException) -> str:
    """The reason slug: our own, or the HTTP reason phrase as a slug ('method-not-allowed')."""
    return getattr(error, "reason", None) or error.name.lower().replace(" ", "-")


def error_response(
    status: int,
    reason: str,
    message: str,
    accept: MIMEAccept,
    details: dict[str, object] | None = None,
) -> Response:
    """The one error body, as JSON, a page of the site or text/plain by `accept`."""
    chosen = decide(Kind.ERROR, accept)
    media = chosen.media_type if chosen is not None else None
    if media == JSON:
        body = {
            "error": {"status": status, "reason": reason, "message": message, **(details or {})}
        }
        response = Response(json.dumps(body, ensure_ascii=False), status, mimetype=JSON)
    elif media == HTML and (page := _page(status, reason, message)) is not None:
        response = Response(page, status, mimetype=HTML)
    else:
        response = Response(f"{status} {reason}: {message}\n", status, mimetype="text/plain")
    response.vary.add("Accept")
    return response


def _page(status: int, reason: str, message: str) -> str | None:
    """The error as a page of the site; None (and logged) when the page itself fails."""
    try:
        return render_template("error.html", status=status, reason=reason, message=message)
    except Exception:  # an error page must not fail: the text body is the fallback
        current_app.logger.exception("the error page for %s failed", status)
        return None


def handle_http(error: HTTPException) -> Response:
    """Any HTTP error (ours, Werkzeug's 404/405/413) in the one body shape."""
    code = error.code or 500
    details = getattr(error, "details", None)
    response = error_response(code, reason_of(error), error.description or "", _accept(), details)
    headers = dict(error.get_headers())
    for name in ("Allow", "Location", "Retry-After"):
        if name in headers:
            response.headers[name] = headers[name]
    return response


def handle_unexpected(error: Exception) -> Response:
    """500 for anything unforeseen: logged with its traceback, not shown to the client."""
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    message = InternalServerError.description
    return error_response(500, "internal-server-error", message, _accept())


def handle_backend(error: HttpError) -> Response:
    """502 when the remote triple store behind the app fails; logged, its URL not shown."""
    current_app.logger.error(
        "remote store failed on %s %s: %s", request.method, request.path, error
    )
    status = f"HTTP {error.status}" if error.status else "no answer"
    message = f"the triple store behind this service failed ({status}); try again later"
    return error_response(502, "backend-error", message, _accept())


def handle_no_store(error: NoStore) -> Response:
    """503 while nothing is built at the store path: one log line, no traceback."""
    current_app.logger.warning("%s: run 'vnkg build' first", error)
    return handle_http(EndpointError(503, "no-store", "the store has not been built yet"))


def _accept() -> MIMEAccept:
    return request.accept_mimetypes


def init_app(app: Flask) -> None:
    """Register the handlers on `app`."""
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(HttpError, handle_backend)
    app.register_error_handler(NoStore, handle_no_store)
    app.register_error_handler(Exception, handle_unexpected)
