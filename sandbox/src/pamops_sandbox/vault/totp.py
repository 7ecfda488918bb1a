"""RFC 6238 time-based one-time passwords (SHA-1, 6 digits, 30-second steps), as Okta Verify
and Google Authenticator make them: enough to check the codes of the seeded Okta users."""

import base64
import hashlib
import hmac
import struct

STEP = 30
DIGITS = 6


def totp(secret_base32, moment):
    key = base64.b32decode(secret_base32.upper() + "=" * (-len(secret_base32) % 8))
    counter = struct.pack(">Q", int(moment // STEP))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10 ** DIGITS).zfill(DIGITS)


def totp_matches(secret_base32, code, moment):
    """Accept the current step and one either side, for clock drift (RFC 6238 §5.2)."""
    return any(hmac.compare_digest(totp(secret_base32, moment + drift * STEP), code) for drift in (-1, 0, 1))
