"""Structured logs: one JSON object per line, with the request id, and never personal data.

- `RequestIdMiddleware` gives every request an id (from a sane X-Request-ID, else new), returns
  it in the X-Request-ID header and logs one line per request (method, path, status, duration).
- `RequestIdFilter` puts that id on every record logged while the request runs.
- `RedactFilter` replaces secret tokens in paths (status and plan links) by a short hash and
  e-mail addresses by "[e-mail]", in every message that reaches our handlers, also the access
  logs of runserver (django.server) and gunicorn (gunicorn.access).
"""

import contextvars
import datetime
import hashlib
import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Paths whose last segment is a secret (the link itself is the key): status, plan and
# answer-feedback links, a new password's link (after the account's id) and a new address's.
# (not the public "nieuwe-link" page, not Django's "set-password" step, and not a token that is
# already a hash)
_SECRET_PATHS = re.compile(
    r"(/(?:hulpvraag/status|plan|signalen/reactie|account/e-mailadres/bevestigen"
    r"|account/(?:nieuw-wachtwoord|uitnodiging)/[^/\s?#\"']+)/)"
    r"(?!nieuwe-link/|set-password/|h:[0-9a-f]{12}(?:[/\s?#\"']|$))([^/\s?#\"']+)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Extra attributes passed with `extra=` that may appear in the JSON (never free text).
_EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "scope", "task", "job")

request_logger = logging.getLogger("scharnier.request")


def token_hash(token: str) -> str:
    """What logs may say about a secret token (status, plan or answer-feedback link): a short
    one-way hash."""
    return "h:" + hashlib.sha256(token.encode()).hexdigest()[:12]


def current_request_id() -> str:
    return _request_id.get()


def redact(text: str) -> str:
    text = _SECRET_PATHS.sub(lambda m: m[1] + token_hash(m[2]), text)
    return _EMAIL.sub("[e-mail]", text)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if isinstance(getattr(record, "path", None), str):
            record.path = redact(record.path)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _request_id.get()),
        }
        for name in _EXTRA_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """For a terminal: time, level, logger, [request id], message and the known extras."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        text = super().format(record)
        extras = " ".join(f"{n}={getattr(record, n)}" for n in _EXTRA_FIELDS if hasattr(record, n))
        return f"{text} {extras}" if extras else text


class RequestIdMiddleware:
    """First in the chain: the id is known to everything below, also to error pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        reset = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            request_logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": redact(request.path),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request_id.reset(reset)
