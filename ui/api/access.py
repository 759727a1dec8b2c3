"""Who may use the server: a bearer token for the API, a login for the UI, and neither off when others can reach it."""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass

from studietur.core.errors import ConfigError

TOKEN_VARIABLE = "STUDIETUR_API_TOKEN"
USER_VARIABLE, PASSWORD_VARIABLE = "STUDIETUR_UI_USER", "STUDIETUR_UI_PASSWORD"


@dataclass(frozen=True)
class Access:
    """The API's bearer token and the UI's login (user, password); None leaves that part open."""

    api_token: str | None = None
    login: tuple[str, str] | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Access:
        token = environ.get(TOKEN_VARIABLE, "").strip() or None
        user, password = environ.get(USER_VARIABLE, ""), environ.get(PASSWORD_VARIABLE, "")
        return cls(api_token=token, login=(user, password) if user and password else None)

    def admits(self, token: str | None) -> bool:
        """Whether a bearer token is the API's (compared in constant time); every request passes when none is set."""
        if self.api_token is None:
            return True
        return token is not None and hmac.compare_digest(token.encode(), self.api_token.encode())

    def check_exposure(self, host: str) -> None:
        """Refuse to serve on an address other machines can reach unless both the API and the UI are closed."""
        if is_loopback(host):
            return
        missing = []
        if self.api_token is None:
            missing.append(TOKEN_VARIABLE)
        if self.login is None:
            missing.append(f"{USER_VARIABLE} and {PASSWORD_VARIABLE}")
        if missing:
            raise ConfigError(
                f"refusing to serve on {host}, which other machines can reach, without {' and '.join(missing)}: "
                "set them (the API's bearer token, the UI's login), or serve on 127.0.0.1 behind a proxy"
            )


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name other than localhost: it may resolve to anything
        return False
