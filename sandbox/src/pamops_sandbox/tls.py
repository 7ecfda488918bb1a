"""A throwaway certificate authority for --tls: made at start, never reused outside the sandbox."""

import os
import ssl

import trustme


class ThrowawayCA:
    def __init__(self, directory):
        self.authority = trustme.CA(organization_name="pamops sandbox")
        self.ca_path = os.path.join(directory, "ca.pem")
        self.authority.cert_pem.write_to_path(self.ca_path)

    def server_context(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.authority.issue_cert("127.0.0.1", "localhost", "::1").configure_cert(context)
        return context
