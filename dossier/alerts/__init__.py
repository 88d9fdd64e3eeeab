"""Alerts: rules that watch the store for changes (a ledger's new entry, a contested ledger, a
figure that moves, a new story, a claim by someone) and deliver each change once, as an Atom
feed per rule, a signed webhook POST and a line on stdout.

Rules are stored with :func:`add_rule` (``dossier alert add``) or come from the ``alerts:``
list of SOURCES.yaml (:func:`load_alerts`, :func:`sync_rules`); :func:`check_alerts` fires and
delivers them (``dossier alert check``, and the watcher after each round of linking).

The names below are imported on first use, so that the command line stays quick to start.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "Alert": "changes",
    "Change": "changes",
    "detect": "changes",
    "fire": "changes",
    "list_alerts": "changes",
    "WebhookConfig": "deliver",
    "atom_feed": "deliver",
    "check_alerts": "deliver",
    "KINDS": "rules",
    "Rule": "rules",
    "YamlRule": "rules",
    "add_rule": "rules",
    "get_rule": "rules",
    "list_rules": "rules",
    "load_alerts": "rules",
    "make_rule": "rules",
    "parse_alerts": "rules",
    "parse_when": "rules",
    "remove_rule": "rules",
    "sync_rules": "rules",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'dossier.alerts' has no attribute {name!r}")
    return getattr(import_module(f"dossier.alerts.{_WHERE[name]}"), name)
