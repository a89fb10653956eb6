"""Accounts.

Users with roles, argon2 password hashes, browser sessions, API tokens, CSRF tokens and login rate
limiting.

The HTTP layer (:mod:`eurasia.http.security`) turns these into request dependencies; the CLI
(``eurasia users``) creates the first admin and issues tokens.
"""
