"""pamops-sandbox: a local stand-in for Okta Privileged Access and Vault's Okta auth method."""
