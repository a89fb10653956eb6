"""Command line: ``eurasia`` (Typer + Rich). Errors print one line and exit non-zero."""

from __future__ import annotations

from eurasia.cli.main import app, main

__all__ = ["app", "main"]
