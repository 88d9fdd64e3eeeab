"""Alert rules: parsing (command line and SOURCES.yaml), checking, storing, syncing, the CLI."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from dossier import cli
from dossier.alerts.rules import (
    DEFAULT_FACTOR,
    add_rule,
    get_rule,
    list_rules,
    load_alerts,
    make_rule,
    parse_alerts,
    parse_when,
    remove_rule,
    sync_rules,
)
from dossier.errors import ConfigError, NotFoundError
from dossier.store import open_store

SOURCES = """
defaults: {every: 15m}
sources:
  - {name: wire, feed: "https://wire.example/rss"}
alerts:
  - name: tolls
    when: figure-moves
    factor: 2
    country: pak
    webhook: https://hooks.example/dossier
    secret_env: DOSSIER_HOOK_SECRET
  - name: quetta
    when: story-matches
    place: Quetta
    plover: assault
    backfill: true
"""


def test_parse_when_types_and_normalises_parameters():
    rule = parse_when("figure-moves measure-class=killed country=pak", name="m")
    assert rule.params == {"measure_class": "killed", "country": "PAK", "factor": DEFAULT_FACTOR}
    rule = parse_when("claim-by source='Imran  Baloch'", name="c", webhook="http://h/x", secret="s")
    assert rule.params == {"source": "Imran Baloch"} and rule.signing_secret() == "s"
    assert parse_when(rule.condition(), name="c").params == rule.params


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("", "needs a condition"),
        ("ledger-moved", "unknown condition"),
        ("ledger-entry factor=2", "takes no factor"),
        ("figure-moves factor=1", "more than 1"),
        ("figure-moves factor=big", "must be a number"),
        ("claim-by", "needs source"),
        ("story-matches", "at least one of"),
        ("ledger-entry text", "is not key=value"),
        ("ledger-entry text=' '", "is empty"),
        ("claim-by source='open", "cannot read"),
    ],
)
def test_bad_conditions_are_config_errors(when, message):
    with pytest.raises(ConfigError, match=message):
        parse_when(when, name="r")


def test_names_webhooks_and_secrets_are_checked():
    for name in ("", "a/b", "-x", "x" * 101, "a b"):
        with pytest.raises(ConfigError, match="alert name"):
            make_rule(name, "ledger-entry")
    with pytest.raises(ConfigError, match="not an http"):
        make_rule("r", "ledger-entry", webhook="ftp://h/x")
    with pytest.raises(ConfigError, match="needs a webhook"):
        make_rule("r", "ledger-entry", secret="s")
    with pytest.raises(ConfigError, match="not both"):
        make_rule("r", "ledger-entry", webhook="http://h/", secret="s", secret_env="E")


def test_sources_yaml_alerts():
    rules = parse_alerts(yaml.safe_load(SOURCES))
    tolls, quetta = (r.rule for r in rules)
    assert (tolls.when, tolls.params) == ("figure-moves", {"factor": 2.0, "country": "PAK"})
    assert tolls.webhook == "https://hooks.example/dossier" and tolls.secret is None
    assert tolls.secret_env == "DOSSIER_HOOK_SECRET" and tolls.origin == "yaml"
    assert quetta.params == {"place": "Quetta", "plover": "ASSAULT"}
    assert [r.backfill for r in rules] == [False, True]
    assert parse_alerts({"sources": []}) == []


@pytest.mark.parametrize(
    ("alerts", "message"),
    [
        ("{}", "must be a list"),
        ("[x]", "entry 1: must be a mapping"),
        ("[{name: a}]", "entry 1: must be a mapping with a name and a when"),
        ("[{name: a, when: claim-by, source: x, backfill: maybe}]", "backfill must be"),
        ("[{name: a, when: claim-by, sources: x}]", "entry 1: alert 'a': claim-by takes no"),
        ("[{name: a, when: claim-by, source: x}, {name: a, when: claim-by, source: y}]", "twice"),
    ],
)
def test_bad_alert_entries_name_the_entry(alerts, message, tmp_path):
    path = tmp_path / "SOURCES.yaml"
    path.write_text(f"alerts: {alerts}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_alerts(path)
    assert caught.value.source == str(path)


def test_unreadable_sources_file(tmp_path):
    path = tmp_path / "SOURCES.yaml"
    path.write_text("alerts: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML at line"):
        load_alerts(path)
    with pytest.raises(ConfigError, match="cannot read"):
        load_alerts(tmp_path / "missing.yaml")


def test_rules_are_stored_listed_and_removed(tmp_path):
    with open_store(tmp_path / "rules.db") as store:
        rule = parse_when("claim-by source=Baloch", name="b", webhook="http://h/x", secret="s")
        assert add_rule(store, rule) == 0
        with pytest.raises(ConfigError, match="exists"):
            add_rule(store, rule)
        stored = get_rule(store, "b")
        assert (stored.when, stored.params, stored.webhook, stored.secret) == (
            "claim-by",
            {"source": "Baloch"},
            "http://h/x",
            "s",
        )
        assert stored.created_at
        assert [r.name for r in list_rules(store)] == ["b"]
        assert remove_rule(store, "b") == 0
        with pytest.raises(NotFoundError):
            remove_rule(store, "b")
        with pytest.raises(NotFoundError):
            get_rule(store, "b")


def test_sync_adds_changes_and_removes_file_rules_only(tmp_path):
    wanted = parse_alerts(yaml.safe_load(SOURCES))
    with open_store(tmp_path / "sync.db") as store:
        add_rule(store, parse_when("ledger-entry", name="mine"))
        summary = sync_rules(store, wanted)
        assert (summary.added, summary.changed, summary.removed) == (["tolls", "quetta"], [], [])
        assert sync_rules(store, wanted).added == []  # unchanged: nothing to do
        changed = parse_alerts({"alerts": [{"name": "tolls", "when": "figure-moves"}]})
        summary = sync_rules(store, changed)
        assert (summary.changed, summary.removed) == (["tolls"], ["quetta"])
        assert get_rule(store, "tolls").params == {"factor": DEFAULT_FACTOR}
        assert sorted(r.name for r in list_rules(store)) == ["mine", "tolls"]
        clash = parse_alerts({"alerts": [{"name": "mine", "when": "ledger-entry"}]})
        with pytest.raises(ConfigError, match="dossier alert add"):
            sync_rules(store, clash)


def test_the_alert_commands(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    result = runner.invoke(
        cli.app, ["alert", "add", "moves", "--when", "figure-moves factor=2", "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert "added alert moves" in result.output and "/alerts/moves.atom" in result.output
    bad = runner.invoke(cli.app, ["alert", "add", "x", "--when", "nothing", "--db", db])
    assert bad.exit_code == 3 and "unknown condition" in bad.output
    again = runner.invoke(cli.app, ["alert", "add", "moves", "--when", "ledger-entry", "--db", db])
    assert again.exit_code == 3 and "exists" in again.output
    listed = runner.invoke(cli.app, ["alert", "list", "--json", "--db", db])
    assert listed.exit_code == 0
    (item,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (item["name"], item["when"], item["params"], item["alerts"]) == (
        "moves",
        "figure-moves",
        {"factor": 2.0},
        0,
    )
    sources = tmp_path / "SOURCES.yaml"
    sources.write_text(SOURCES, encoding="utf-8")
    checked = runner.invoke(cli.app, ["alert", "check", "--db", db, "--sources", str(sources)])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == ""  # an empty store: nothing fires
    listed = runner.invoke(cli.app, ["alert", "list", "--db", db])
    assert "quetta" in listed.output and "yaml" in listed.output
    removed = runner.invoke(cli.app, ["alert", "remove", "moves", "--db", db])
    assert removed.exit_code == 0 and "removed alert moves" in removed.output
    missing = runner.invoke(cli.app, ["alert", "remove", "moves", "--db", db])
    assert missing.exit_code == 5
