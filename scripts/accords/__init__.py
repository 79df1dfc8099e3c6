"""Accords: an open knowledge base of defence agreements, validated from YAML and rendered for MkDocs."""

__version__ = "0.1.0"
