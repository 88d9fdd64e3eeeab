"""Alert rules: what to watch the store for, where rules come from, and where they are kept.

A rule has a name, a condition (``when``: one of :data:`KINDS`, with its parameters) and an
optional webhook (URL and HMAC secret). Rules come from ``dossier alert add`` or from the
top-level ``alerts:`` list of the SOURCES.yaml that ``dossier watch`` reads
(:func:`parse_alerts`, :func:`sync_rules`), and are kept in the ``alert_rules`` table (the
rule's spec as JSON). Every parameter a rule gives must match (they narrow it).

>>> rule = parse_when("figure-moves factor=2 text=killed", name="tolls")
>>> rule.when, rule.params
('figure-moves', {'factor': 2.0, 'text': 'killed'})
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from sqlalchemy import delete, insert, select, update

from dossier.errors import ConfigError, NotFoundError
from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.follow import alert_rules, alerts

DEFAULT_FACTOR = 1.5
"""How far (a factor) a ledger entry must be outside the earlier entries' range to move."""

KINDS: dict[str, dict[str, type]] = {
    "ledger-entry": {"text": str, "measure_class": str, "country": str},
    "ledger-contested": {"text": str, "measure_class": str, "country": str},
    "figure-moves": {"factor": float, "text": str, "measure_class": str, "country": str},
    "story-matches": {"entity": str, "place": str, "plover": str, "country": str},
    "claim-by": {"source": str},
}
"""Each condition and the parameters it takes (all optional unless :data:`REQUIRED` says)."""

REQUIRED: dict[str, tuple[str, ...]] = {"claim-by": ("source",)}
ONE_OF: dict[str, tuple[str, ...]] = {"story-matches": ("entity", "place", "plover", "country")}
"""Conditions that need at least one of these parameters."""

ORIGINS = ("cli", "yaml")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_RULE_KEYS = {"name", "when", "webhook", "secret", "secret_env", "backfill"}


@dataclass(frozen=True)
class Rule:
    """One alert rule. ``secret_env`` names an environment variable holding the secret."""

    name: str
    when: str
    params: dict[str, Any] = field(default_factory=dict)
    webhook: str | None = None
    secret: str | None = None
    secret_env: str | None = None
    origin: str = "cli"
    created_at: str | None = None

    def spec(self) -> dict[str, Any]:
        """The rule as stored in ``alert_rules.spec`` (everything but name and date)."""
        spec: dict[str, Any] = {"when": self.when, "params": dict(self.params)}
        spec["origin"] = self.origin
        for key in ("webhook", "secret", "secret_env"):
            if getattr(self, key):
                spec[key] = getattr(self, key)
        return spec

    def condition(self) -> str:
        """The condition as one line: ``figure-moves factor=1.5 text=killed``."""
        parts = [self.when, *(f"{k}={_quote(v)}" for k, v in sorted(self.params.items()))]
        return " ".join(parts)

    def signing_secret(self) -> str | None:
        """The webhook secret: given, else read from ``secret_env`` now (None when unset)."""
        if self.secret:
            return self.secret
        return os.environ.get(self.secret_env) if self.secret_env else None


def _quote(value: Any) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return shlex.quote(text)


def now() -> str:
    """The current time, ISO 8601 in UTC with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


# -- checking ----------------------------------------------------------------------------------


def check_name(name: object) -> str:
    """A rule name: letters, digits, ``_ . -``, at most 100, starting with a letter or digit
    (it is a part of the feed's URL).

    >>> check_name("myanmar-tolls")
    'myanmar-tolls'
    >>> check_name("../x")
    Traceback (most recent call last):
    ...
    dossier.errors.ConfigError: alert name '../x' must be letters, digits, '_', '.' or '-' \
(at most 100, starting with a letter or digit)
    """
    if not isinstance(name, str) or not _NAME.match(name.strip()):
        raise ConfigError(
            f"alert name {name!r} must be letters, digits, '_', '.' or '-' "
            "(at most 100, starting with a letter or digit)"
        )
    return name.strip()


def check_params(when: object, params: Mapping[str, Any], *, where: str) -> dict[str, Any]:
    """The parameters of condition ``when``, checked and typed; ConfigError when wrong."""
    if when not in KINDS:
        raise ConfigError(f"{where}: unknown condition {when!r}: one of {', '.join(KINDS)}")
    allowed = KINDS[str(when)]
    unknown = sorted(str(k) for k in params if k not in allowed)
    if unknown:
        raise ConfigError(
            f"{where}: {when} takes no {', '.join(unknown)} "
            f"(it takes {', '.join(allowed) or 'nothing'})"
        )
    checked: dict[str, Any] = {}
    for key, value in params.items():
        if value is None:
            continue
        if allowed[key] is float:
            try:
                checked[key] = float(value)
            except (TypeError, ValueError):
                raise ConfigError(f"{where}: {key} must be a number, not {value!r}") from None
        else:
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                raise ConfigError(f"{where}: {key} must be text, not {value!r}")
            text = " ".join(str(value).split())
            if not text:
                raise ConfigError(f"{where}: {key} is empty")
            checked[key] = text.upper() if key in ("country", "plover") else text
    if when == "figure-moves":
        factor = checked.setdefault("factor", DEFAULT_FACTOR)
        if not factor > 1:
            raise ConfigError(f"{where}: factor must be more than 1, not {factor:g}")
    missing = [k for k in REQUIRED.get(str(when), ()) if k not in checked]
    if missing:
        raise ConfigError(f"{where}: {when} needs {', '.join(missing)}")
    one_of = ONE_OF.get(str(when), ())
    if one_of and not any(k in checked for k in one_of):
        raise ConfigError(f"{where}: {when} needs at least one of {', '.join(one_of)}")
    return checked


def check_webhook(url: object, *, where: str) -> str:
    """A webhook URL: http(s) with a host (no address checks: the user configured it)."""
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"{where}: webhook must be a URL")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: webhook {url!r} is not an http(s) URL")
    return url.strip()


def make_rule(
    name: object,
    when: object,
    params: Mapping[str, Any] | None = None,
    *,
    webhook: object = None,
    secret: object = None,
    secret_env: object = None,
    origin: str = "cli",
) -> Rule:
    """A checked :class:`Rule`; ConfigError naming the rule for anything wrong."""
    name = check_name(name)
    where = f"alert {name!r}"
    checked = check_params(when, params or {}, where=where)
    hook = check_webhook(webhook, where=where) if webhook is not None else None
    for key, value in (("secret", secret), ("secret_env", secret_env)):
        if value is not None and (not isinstance(value, str) or not value):
            raise ConfigError(f"{where}: {key} must be a non-empty string")
    if (secret or secret_env) and hook is None:
        raise ConfigError(f"{where}: a secret needs a webhook")
    if secret and secret_env:
        raise ConfigError(f"{where}: give secret or secret_env, not both")
    return Rule(
        name,
        str(when),
        checked,
        hook,
        secret or None,
        secret_env or None,
        origin,  # type: ignore[arg-type]
    )


def parse_when(
    text: str,
    *,
    name: str,
    webhook: str | None = None,
    secret: str | None = None,
    origin: str = "cli",
) -> Rule:
    """A rule from the command line's ``--when 'KIND key=value ...'`` (shell quoting).

    >>> parse_when("story-matches plover=assault country=mmr", name="s").params
    {'plover': 'ASSAULT', 'country': 'MMR'}
    """
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise ConfigError(f"alert {name!r}: cannot read --when {text!r} ({exc})") from None
    if not words:
        raise ConfigError(f"alert {name!r}: --when needs a condition: one of {', '.join(KINDS)}")
    params: dict[str, str] = {}
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep:
            raise ConfigError(f"alert {name!r}: {word!r} is not key=value")
        params[key.strip().replace("-", "_")] = value
    return make_rule(name, words[0], params, webhook=webhook, secret=secret, origin=origin)


# -- SOURCES.yaml ------------------------------------------------------------------------------


@dataclass(frozen=True)
class YamlRule:
    """A rule read from SOURCES.yaml, and whether it fires for what the store already holds."""

    rule: Rule
    backfill: bool = False


def parse_alerts(data: object, *, origin: str = "SOURCES.yaml") -> list[YamlRule]:
    """The rules of the top-level ``alerts:`` list of a parsed SOURCES.yaml (none when absent).

    Each entry is a mapping: ``name``, ``when`` (a condition), the condition's parameters,
    and optionally ``webhook``, ``secret`` or ``secret_env``, ``backfill``.

    >>> [r.rule.condition() for r in parse_alerts({"alerts": [
    ...     {"name": "t", "when": "ledger-contested", "country": "mmr"}]})]
    ['ledger-contested country=MMR']
    """
    if not isinstance(data, Mapping):
        raise ConfigError("must be a mapping", source=origin)
    entries = data.get("alerts")
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise ConfigError("'alerts' must be a list", source=origin)
    found: list[YamlRule] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"alerts entry {number}"
        if not isinstance(entry, Mapping) or "name" not in entry or "when" not in entry:
            raise ConfigError(f"{where}: must be a mapping with a name and a when", source=origin)
        params = {str(k): v for k, v in entry.items() if k not in _RULE_KEYS}
        backfill = entry.get("backfill", False)
        if not isinstance(backfill, bool):
            raise ConfigError(f"{where}: backfill must be true or false", source=origin)
        try:
            rule = make_rule(
                entry["name"],
                entry["when"],
                params,
                webhook=entry.get("webhook"),
                secret=entry.get("secret"),
                secret_env=entry.get("secret_env"),
                origin="yaml",
            )
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc.message}", source=origin) from None
        if rule.name in seen:
            raise ConfigError(f"alert {rule.name!r} is named twice", source=origin)
        seen.add(rule.name)
        found.append(YamlRule(rule, backfill))
    return found


def load_alerts(path: str | Path) -> list[YamlRule]:
    """The alert rules of a SOURCES.yaml file; ConfigError when it cannot be read."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read sources file: {exc}", source=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"not valid YAML{at}", source=str(path)) from None
    return parse_alerts(data or {}, origin=str(path))


# -- the store ---------------------------------------------------------------------------------


def _from_row(row: Any) -> Rule:
    spec = row.spec or {}
    return Rule(
        name=row.name,
        when=spec.get("when", ""),
        params=dict(spec.get("params") or {}),
        webhook=spec.get("webhook"),
        secret=spec.get("secret"),
        secret_env=spec.get("secret_env"),
        origin=spec.get("origin", "cli"),
        created_at=row.created_at,
    )


def list_rules(store: Store) -> list[Rule]:
    """The stored rules, by name."""
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        rows = conn.execute(select(alert_rules).order_by(alert_rules.c.name))
        return [_from_row(r) for r in rows]


def get_rule(store: Store, name: str) -> Rule:
    """The stored rule called ``name``; NotFoundError when there is none."""
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        row = conn.execute(select(alert_rules).where(alert_rules.c.name == name)).first()
    if row is None:
        raise NotFoundError(f"no alert rule {name!r}", source=store.source)
    return _from_row(row)


def add_rule(store: Store, rule: Rule, *, backfill: bool = False, replace: bool = False) -> int:
    """Store ``rule``; unless ``backfill``, what the store holds now that the rule matches is
    marked seen (never delivered), so the rule fires only for what comes later. Returns the
    number of changes marked seen. A rule of that name already stored is a ConfigError unless
    ``replace`` (then it is overwritten; alerts it already fired stay fired)."""
    from dossier.alerts.changes import mark_seen

    action = f"cannot store alert rule {rule.name!r}"
    with translating(action, store.source), store._writing() as conn:
        row = conn.execute(select(alert_rules).where(alert_rules.c.name == rule.name)).first()
        if row is not None and not replace:
            raise ConfigError(f"alert rule {rule.name!r} exists: remove it first", source=None)
        values = {"spec": rule.spec(), "created_at": rule.created_at or now()}
        if row is None:
            conn.execute(insert(alert_rules).values(name=rule.name, **values))
        else:
            conn.execute(
                update(alert_rules).where(alert_rules.c.name == rule.name).values(**values)
            )
    return 0 if backfill else mark_seen(store, rule)


def remove_rule(store: Store, name: str) -> int:
    """Delete the rule called ``name`` and its alerts; returns how many alerts went with it.
    NotFoundError when there is no such rule."""
    action = f"cannot remove alert rule {name!r}"
    with translating(action, store.source), store._writing() as conn:
        gone = conn.execute(delete(alert_rules).where(alert_rules.c.name == name)).rowcount
        if not gone:
            raise NotFoundError(f"no alert rule {name!r}", source=store.source)
        return conn.execute(delete(alerts).where(alerts.c.rule == name)).rowcount


@dataclass
class SyncSummary:
    """What :func:`sync_rules` changed, by rule name."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def sync_rules(store: Store, wanted: list[YamlRule]) -> SyncSummary:
    """Make the store's SOURCES.yaml rules those of ``wanted``: new ones are added (with a
    baseline unless ``backfill``), changed ones replaced (their new matches for what the store
    holds marked seen unless ``backfill``), those gone from the file removed. Rules added with
    ``dossier alert add`` are left alone; a file rule may not take the name of one."""
    summary = SyncSummary()
    stored = {r.name: r for r in list_rules(store)}
    for item in wanted:
        rule = item.rule
        old = stored.get(rule.name)
        if old is not None and old.origin != "yaml":
            raise ConfigError(
                f"alert {rule.name!r} in the sources file has the name of a rule added with "
                "'dossier alert add': rename one of them"
            )
        if old is None:
            add_rule(store, rule, backfill=item.backfill)
            summary.added.append(rule.name)
        elif old.spec() != rule.spec():
            add_rule(store, rule, backfill=item.backfill, replace=True)
            summary.changed.append(rule.name)
    names = {item.rule.name for item in wanted}
    for name, rule in stored.items():
        if rule.origin == "yaml" and name not in names:
            remove_rule(store, name)
            summary.removed.append(name)
    return summary
