"""Run-time settings of the OPA simulator: set from the command line or the seed, changed by tests
through ``PUT /_sandbox/config``."""

from dataclasses import asdict, dataclass, fields


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

    # Settings a running sandbox may not change: the flavour shapes stored data.
    FIXED = ("flavor",)

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
            cast = int if known[name] in (int, "int") else float
            checked[name] = cast(value)
            if checked[name] < 0:
                raise ValueError("%s must not be negative" % name)
        # Only once every value is good: a bad one changes nothing.
        for name, value in checked.items():
            setattr(self, name, value)
