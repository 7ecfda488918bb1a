"""How Vault's framework reads request fields (vault-okta-api.md §1.3), and policyutil (§3.3)."""

import ipaddress
import re
import socket

_GO_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_GO_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


# Go's unicode.ToLower maps rune for rune (UnicodeData's simple mapping); Python's str.lower uses
# the full mapping, which differs for one letter only: U+0130 is "i" in Go, "i" + U+0307 in Python.
_GO_SIMPLE_LOWER = {"\u0130": "i"}
# unicode.SimpleFold orbits wider than a letter and its upper and lower case (Go's caseOrbit),
# and the two letters caseOrbit folds to themselves alone (Turkish dotted I, dotless i).
_GO_FOLD_ORBITS = ("kK\u212a", "sS\u017f", "\u00b5\u039c\u03bc", "\u00c5\u00e5\u212b", "\u00df\u1e9e", "\u0130", "\u0131")


def go_lower(text):
    """strings.ToLower, as Vault lower-cases group names and policies (§3.3, §4.2)."""
    return "".join(_GO_SIMPLE_LOWER.get(char) or char.lower() for char in text)


def _go_fold_class(char):
    for orbit in _GO_FOLD_ORBITS:
        if char in orbit:
            return orbit
    cases = {char} | {other for other in (char.lower(), char.upper()) if len(other) == 1}
    return "".join(sorted(cases))


def go_equal_fold(a, b):
    """strings.EqualFold: equal rune by rune under Unicode simple case folding (§3.2)."""
    return len(a) == len(b) and all(x == y or _go_fold_class(x) == _go_fold_class(y) for x, y in zip(a, b))


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
    """``tokenutil.ParseTokenFields``: the comma-string slice goes element by element through
    ``parseutil.ParseAddrs`` and go-sockaddr's ``NewSockAddr`` (empty elements included, so
    ``"a,,b"`` is refused); the stored value is each address's ``String()``."""
    return [sock_addr(item).text for item in comma_string_slice(field, value)]


def reload_bound_cidrs(stored):
    """What Vault holds after loading the config from storage: each stored string goes through
    ``SockAddrMarshaler.UnmarshalJSON`` (``NewSockAddr``) and back through ``String()``. Idempotent
    for IP addresses; a UNIX socket path gains one more layer of ``%+q`` quoting on every load."""
    return [sock_addr(text).text for text in stored]


def address_in(remote, cidrs):
    """``cidrutil.RemoteAddrIsOk``: the caller's address as a SockAddr, contained by one of the
    bound addresses (``Contains`` compares networks only, so an ``ip:port`` entry admits its IP;
    a UNIX socket admits no IP caller)."""
    try:
        caller = sock_addr(remote)
    except ValueError:
        return False
    return any(sock_addr(cidr).contains(caller) for cidr in cidrs)


class SockAddr:
    """One go-sockaddr address: ``kind`` is ``"ipv4"``, ``"ipv6"`` or ``"unix"``."""

    def __init__(self, kind, text, network=None, port=0):
        self.kind = kind
        self.text = text
        self.network = network
        self.port = port

    def contains(self, other):
        if self.kind == "unix":
            return other.kind == "unix" and other.text == self.text
        return other.kind == self.kind and other.network.subnet_of(self.network)


def go_quote(text, ascii_only=False):
    """Go's ``%q`` (``strconv.Quote``), or ``%+q`` (``QuoteToASCII``) with ``ascii_only``."""
    out = []
    for char in text:
        code = ord(char)
        if char in "\\\"":
            out.append("\\" + char)
        elif char in _GO_ESCAPES:
            out.append(_GO_ESCAPES[char])
        elif code < 0x20 or code == 0x7F:
            out.append("\\x%02x" % code)
        elif code < 0x80 or (not ascii_only and char.isprintable()):
            out.append(char)
        elif code <= 0xFFFF:
            out.append("\\u%04x" % code)
        else:
            out.append("\\U%08x" % code)
    return '"%s"' % "".join(out)


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
# go-sockaddr strips a hex netmask some VPN clients append (NewIPv4Addr).
_TRAILING_HEX_NETMASK = re.compile(r"/([0f]{8})$")


def _go_parse_ip(text):
    """Go's ``net.ParseIP``: dotted IPv4 (no leading zeros) or IPv6, no zone."""
    if not text or "%" in text or not text.isascii():
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _to4(address):
    """Go's ``IP.To4()``: the IPv4 address, also of an IPv4-mapped IPv6 one; else None."""
    if address is None:
        return None
    if address.version == 4:
        return address
    return address.ipv4_mapped


def _go_parse_cidr(text):
    """Go's ``net.ParseCIDR``: ``(ip, bits)`` or None; the mask is decimal digits only."""
    head, slash, bits = text.partition("/")
    address = _go_parse_ip(head)
    if not slash or address is None or not re.fullmatch(r"[0-9]+", bits):
        return None
    bits = int(bits)
    return (address, bits) if bits <= (32 if address.version == 4 else 128) else None


def _go_split_host_port(text):
    """Go's ``net.SplitHostPort``: ``(host, port)`` or None."""
    if text.startswith("["):
        end = text.find("]")
        if end < 0 or text[end + 1:end + 2] != ":" or "[" in text[1:] or "]" in text[end + 1:]:
            return None
        return text[1:end], text[end + 2:]
    host, colon, port = text.rpartition(":")
    if not colon or ":" in host or "[" in text or "]" in text:
        return None
    return host, port


def _go_resolve_tcp(text, version):
    """``net.ResolveTCPAddr("tcp4"|"tcp6", text)``: ``(ip, port)`` or None. Host names are not
    looked up, except ``localhost`` (Vault would ask its resolver)."""
    parts = _go_split_host_port(text)
    if parts is None:
        return None
    host, port = parts
    if port == "":
        number = 0
    elif re.fullmatch(r"[0-9]+", port):
        number = int(port)
        if number > 65535:
            return None
    else:
        try:
            number = socket.getservbyname(port, "tcp")
        except OSError:
            return None
    if host == "localhost":
        address = ipaddress.ip_address("127.0.0.1" if version == 4 else "::1")
    else:
        address = _go_parse_ip(host)
    if address is None:
        return None
    if version == 4:
        address = _to4(address)
    elif address.version != 6 or address.ipv4_mapped is not None:
        return None
    return (address, number) if address is not None else None


def _ipv4(text):
    """go-sockaddr ``NewIPv4Addr``: a CIDR, an ``ip:port`` (host mask) or a bare address."""
    match = _TRAILING_HEX_NETMASK.search(text)
    if match:
        text = text[:match.start()]
    cidr = _go_parse_cidr(text)
    if cidr is not None:
        address, bits = cidr
        v4 = _to4(address)
        if v4 is None:
            return None
        if address.version == 6:
            # An IPv4-mapped address with an IPv6 prefix: /96 and longer convert, shorter ones
            # leave the first four bytes of the IPv6 mask.
            bits = bits - 96 if bits >= 96 else min(bits, 32)
        return v4, bits, 0
    resolved = _go_resolve_tcp(text, 4)
    if resolved is not None:
        return resolved[0], 32, resolved[1]
    v4 = _to4(_go_parse_ip(text))
    return (v4, 32, 0) if v4 is not None else None


def _ipv6(text):
    """go-sockaddr ``NewIPv6Addr``: only when a ``:`` comes before any ``.``."""
    first = next((char for char in text if char in ".:"), None)
    if first != ":":
        return None
    resolved = _go_resolve_tcp(text, 6)
    if resolved is not None:
        return resolved[0], 128, resolved[1]
    bare = text[1:-1] if len(text) > 2 and text[0] == "[" and text[-1] == "]" else text
    address = _go_parse_ip(bare)
    if address is not None:
        return address, 128, 0
    cidr = _go_parse_cidr(text)
    if cidr is not None:
        return cidr[0], cidr[1], 0
    return None


def sock_addr(text):
    """go-sockaddr ``NewSockAddr``: IPv4, then IPv6, then, for a string longer than one character
    that starts with ``.`` or ``/`` or contains a ``/``, a UNIX socket path. Its ``text`` is
    ``String()``: host addresses without ``/32`` or ``/128``, ``ip:port`` with its port, a socket
    path quoted with ``%+q``."""
    parsed = _ipv4(text)
    if parsed is not None:
        address, bits, port = parsed
        host = str(address)
        network = ipaddress.ip_network("%s/%d" % (address, bits), strict=False)
        if port:
            return SockAddr("ipv4", "%s:%d" % (host, port), network, port)
        return SockAddr("ipv4", host if bits == 32 else "%s/%d" % (host, bits), network)
    parsed = _ipv6(text)
    if parsed is not None:
        address, bits, port = parsed
        host = str(address)
        network = ipaddress.ip_network("%s/%d" % (address, bits), strict=False)
        if port:
            return SockAddr("ipv6", "[%s]:%d" % (host, port), network, port)
        return SockAddr("ipv6", host if bits == 128 else "%s/%d" % (host, bits), network)
    if len(text) > 1 and (text[0] in "./" or "/" in text):
        return SockAddr("unix", go_quote(text, ascii_only=True))
    raise ValueError(
        "error parsing address %s: unable to convert %s to an IPv4 or IPv6 address, or a UNIX Socket" % (go_quote(text), go_quote(text))
    )


def sanitize_group_policies(value):
    """Group policies as Vault stores them (§3.3): trimmed, lowercased, empty dropped,
    deduplicated, sorted; ``root`` anywhere leaves ``["root"]``; ``default`` not added."""
    policies = sorted({go_lower(p.strip()) for p in comma_string_slice("policies", value) if p.strip()})
    return ["root"] if "root" in policies else policies


def token_policies_at_login(policies, add_default):
    """``policyutil.SanitizePolicies`` at login (§4.2): lowercased, deduplicated, sorted, with
    ``default`` unless ``token_no_default_policy``; ``root`` alone if present."""
    result = {go_lower(p.strip()) for p in policies if p and p.strip()}
    if "root" in result:
        return ["root"]
    if add_default:
        result.add("default")
    return sorted(result)
