"""How Vault's framework reads request fields (vault-okta-api.md §1.3), and policyutil (§3.3)."""

import ipaddress
import re

_GO_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_GO_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


class FieldError(ValueError):
    """A field that fails conversion: 400 ``Field validation failed: ...`` (§1.3)."""

    def __init__(self, field, value, reason):
        super().__init__('Field validation failed: error converting input %s for field "%s": %s' % (_go_repr(value), field, reason))


def _go_repr(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def duration_seconds(field, value):
    """``parseutil.ParseDurationSecond``: numbers are seconds; strings may be numbers, Go
    durations (``1h30m``) or whole days (``7d``); empty is 0; negatives are refused."""
    if isinstance(value, bool):
        raise FieldError(field, value, "cannot parse a bool as a duration")
    if isinstance(value, (int, float)):
        seconds = value
    elif isinstance(value, str):
        text = value.strip()
        if text == "":
            return 0
        if re.fullmatch(r"-?\d+", text):
            seconds = int(text)
        elif re.fullmatch(r"-?\d+d", text):
            seconds = int(text[:-1]) * 86400
        else:
            negative = text.startswith("-")
            body = text.lstrip("+-")
            parts = _GO_DURATION_PART.findall(body)
            if not body or _GO_DURATION_PART.sub("", body) != "":
                raise FieldError(field, value, 'time: invalid duration "%s"' % value)
            seconds = sum(float(number) * _GO_UNITS[unit] for number, unit in parts)
            seconds = -seconds if negative else seconds
    else:
        raise FieldError(field, value, "unsupported type for a duration")
    if seconds < 0:
        raise FieldError(field, value, "cannot provide negative value '%s'" % _go_repr(value))
    return int(seconds)


def comma_string_slice(field, value):
    """``parseutil.ParseCommaStringSlice``: a comma-string or a list, each element trimmed,
    empty elements kept, nothing lowercased, deduplicated or sorted; ``""`` is ``[]``."""
    if value is None:
        return []
    if isinstance(value, str):
        return [] if value == "" else [part.strip() for part in value.split(",")]
    if isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, (dict, list)):
                raise FieldError(field, value, "'%s' expected type 'string', got unconvertible type" % field)
            items.append(_go_repr(item).strip())
        return items
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [_go_repr(value)]
    raise FieldError(field, value, "'%s' expected a comma-separated string or a list" % field)


def boolean(field, value):
    """mapstructure's weak decoding: true/false, "true"/"1"/"t", 1/0 and friends."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("1", "t", "true"):
            return True
        if lowered in ("0", "f", "false", ""):
            return False
    raise FieldError(field, value, 'strconv.ParseBool: parsing "%s": invalid syntax' % _go_repr(value))


def string(field, value):
    if isinstance(value, (dict, list)):
        raise FieldError(field, value, "'' expected type 'string', got unconvertible type")
    return "" if value is None else _go_repr(value)


def integer(field, value):
    if isinstance(value, bool):
        return int(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise FieldError(field, value, 'strconv.ParseInt: parsing "%s": invalid syntax' % _go_repr(value)) from None


def bound_cidrs(field, value):
    """``parseutil.ParseAddrs``: IPs or CIDRs; host addresses read back without /32 or /128."""
    addresses = []
    for item in comma_string_slice(field, value):
        if item == "":
            continue
        try:
            network = ipaddress.ip_interface(item)
        except ValueError:
            raise ValueError('error parsing address "%s": invalid address' % item) from None
        host_prefix = 32 if network.version == 4 else 128
        addresses.append(str(network.ip) if network.network.prefixlen == host_prefix else "%s/%d" % (network.ip, network.network.prefixlen))
    return addresses


def address_in(remote, cidrs):
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def sanitize_group_policies(value):
    """Group policies as Vault stores them (§3.3): trimmed, lowercased, empty dropped,
    deduplicated, sorted; ``root`` anywhere leaves ``["root"]``; ``default`` not added."""
    policies = sorted({p.strip().lower() for p in comma_string_slice("policies", value) if p.strip()})
    return ["root"] if "root" in policies else policies


def token_policies_at_login(policies, add_default):
    """``policyutil.SanitizePolicies`` at login (§4.2): lowercased, deduplicated, sorted, with
    ``default`` unless ``token_no_default_policy``; ``root`` alone if present."""
    result = {p.strip().lower() for p in policies if p and p.strip()}
    if "root" in result:
        return ["root"]
    if add_default:
        result.add("default")
    return sorted(result)
