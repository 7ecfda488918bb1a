"""Run-time settings of the OPA simulator: set from the command line or the seed, changed by tests
through ``PUT /_sandbox/config``."""

from dataclasses import asdict, dataclass, fields
from urllib.parse import urlsplit


@dataclass
class OpaSettings:
    flavor: str = "opa"
    # Simulator choice (opa-api.md §2): tokens live one hour.
    token_lifetime: float = 3600.0
    # Simulator choice (§4.2): older keys expire 48 h after a rotation.
    key_grace: float = 48 * 3600.0
    # Simulator choice (§4.2): 0 means no limit on keys per user.
    max_keys_per_user: int = 0
    # Requests per window and team before a 429 (§7); 0 turns enforcement off (the default).
    rate_limit: int = 0
    rate_limit_window: float = 60.0
    # The scheme, host and port written into Link URLs, as a server behind a proxy or an alias
    # names its canonical host there (opa-api.md §6); empty: the host the request was sent to.
    public_base_url: str = ""
    # What a caller gets when its user lacks the role a call needs: OPA documents both a 401
    # authorization_error ("the current User doesn't have permission") and a 403 forbidden_error
    # (§5), and which one the service sends for a missing role is not known.
    missing_role_status: int = 403
    # users/{name}/groups for a service user: 0 serves it; 400, 403 or 404 refuses it, as the
    # real service may (the endpoint is documented for ASA users only, §8).
    user_groups_refusal_status: int = 0

    # Settings a running sandbox may not change: the flavour shapes stored data.
    FIXED = ("flavor",)
    ALLOWED = {
        "missing_role_status": (401, 403),
        "user_groups_refusal_status": (0, 400, 403, 404),
    }

    @staticmethod
    def _checked_base_url(name, value):
        text = str(value or "").rstrip("/")
        parts = urlsplit(text)
        if text and (parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query):
            raise ValueError("%s must be empty or scheme://host[:port], such as https://pam.example.com:443" % name)
        return text

    def to_dict(self):
        return asdict(self)

    def update(self, values):
        known = {f.name: f.type for f in fields(self)}
        checked = {}
        for name, value in values.items():
            if name not in known:
                raise ValueError("unknown setting %r (known: %s)" % (name, ", ".join(sorted(known))))
            if name in self.FIXED:
                raise ValueError("%s is fixed when the sandbox starts" % name)
            if known[name] in (str, "str"):
                checked[name] = self._checked_base_url(name, value)
                continue
            cast = int if known[name] in (int, "int") else float
            checked[name] = cast(value)
            if checked[name] < 0:
                raise ValueError("%s must not be negative" % name)
            if name in self.ALLOWED and checked[name] not in self.ALLOWED[name]:
                raise ValueError("%s must be one of %s" % (name, ", ".join(map(str, self.ALLOWED[name]))))
        # Only once every value is good: a bad one changes nothing.
        for name, value in checked.items():
            setattr(self, name, value)
