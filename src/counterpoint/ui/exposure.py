"""Who may reach a served workspace: loopback is trusted as before; any other host is exposed
to a network, so `counterpoint serve` asks for credentials there (Gradio login for the app, a
bearer token or the same login for `/sparql`) unless `--no-auth` says otherwise out loud.

Kept apart from the server so the decision (and its one-line messages) is testable without
starting anything.
"""

from __future__ import annotations

import base64
import ipaddress
import secrets
from dataclasses import dataclass

from counterpoint.errors import UsageError

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and the name localhost: only this machine can connect."""
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Exposure:
    """What the server enforces: `login` (user, password) guards the app and, with the bearer
    token, /sparql; `warning` is printed once at start (None on loopback); `exposed` is true
    when the bind host is not loopback (then /healthz tells strangers only that it is up)."""

    login: tuple[str, str] | None
    warning: str | None
    exposed: bool = False

    @property
    def guarded(self) -> bool:
        return self.login is not None


def parse_login(value: str) -> tuple[str, str]:
    """`user:password` (the password may contain ':'); both parts non-empty."""
    user, sep, password = value.partition(":")
    if not sep or not user.strip() or not password:
        raise UsageError('setting auth must be user:password (COUNTERPOINT_AUTH="user:password")')
    return user.strip(), password


def plan_exposure(host: str, auth: str | None, no_auth: bool) -> Exposure:
    """Loopback: no login unless one is configured. Another host: a warning, and a login is
    required unless `no_auth`; without one the server refuses to start, naming the setting."""
    login = parse_login(auth) if auth else None
    if is_loopback(host):
        return Exposure(login=login, warning=None)
    if no_auth:
        return Exposure(
            login=None,
            exposed=True,
            warning=f"warning: serving on {host} WITHOUT authentication (--no-auth): anyone "
            "who can reach this port can read, ask, upload and query",
        )
    if login is None:
        raise UsageError(
            f"serving on {host} (not loopback) needs a login: set COUNTERPOINT_AUTH="
            '"user:password" (setting auth), or pass --no-auth to serve it open'
        )
    return Exposure(
        login=login,
        exposed=True,
        warning=f"warning: serving on {host}, reachable from the network: login required "
        "(setting auth); /sparql wants that login or the bearer token printed below",
    )


def authorized(header: str, token: str, login: tuple[str, str] | None) -> bool:
    """An `Authorization` header carrying the bearer token or, when a login is set, HTTP Basic
    with it (so a browser can open /sparql). Constant-time comparisons."""
    if secrets.compare_digest(header.encode(), f"Bearer {token}".encode()):
        return True
    if login is None or not header.startswith("Basic "):
        return False
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return False
    user, _, password = decoded.partition(":")
    ok_user = secrets.compare_digest(user.encode(), login[0].encode())
    ok_password = secrets.compare_digest(password.encode(), login[1].encode())
    return ok_user and ok_password
