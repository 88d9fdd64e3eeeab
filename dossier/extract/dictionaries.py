"""Which of PETRARCH-2's dictionaries the event coder uses.

dossier ships three conversions of PETRARCH-2's dictionaries (MIT, Open Event Data; the notice is
``dossier/resources/PETRARCH_LICENSE.txt``, the converters are in ``scripts/``):

- ``actors``: people and bodies with their CAMEO country and role codes and the dates each held
  (``petrarch_actors.tsv``);
- ``agents``: role nouns ("rebels", "police", "ministers") with their role codes
  (``petrarch_agents.tsv``);
- ``verbs``: CAMEO verb patterns as dossier trigger patterns (``petrarch_verbs.jsonl``).

All three are on by default. ``DOSSIER_DICTIONARIES`` names the ones to use, comma-separated
("actors,agents"), or ``none``: the ablation switch of ``dossier evaluate events --dictionaries``.
"""

from __future__ import annotations

import os

from dossier.errors import ConfigError

NAMES = ("actors", "agents", "verbs")
ENV = "DOSSIER_DICTIONARIES"


def enabled() -> frozenset[str]:
    """The dictionaries in use, from ``DOSSIER_DICTIONARIES`` (default: all).

    >>> import os; os.environ[ENV] = "agents, verbs"; sorted(enabled())
    ['agents', 'verbs']
    >>> os.environ[ENV] = "none"; enabled()
    frozenset()
    >>> del os.environ[ENV]; sorted(enabled())
    ['actors', 'agents', 'verbs']
    """
    value = os.environ.get(ENV, "").strip().lower()
    if not value or value == "all":
        return frozenset(NAMES)
    if value == "none":
        return frozenset()
    names = frozenset(n.strip() for n in value.split(",") if n.strip())
    unknown = names - set(NAMES)
    if unknown:
        raise ConfigError(
            f"{ENV}: unknown dictionaries {sorted(unknown)}; known: {', '.join(NAMES)}"
        )
    return names
