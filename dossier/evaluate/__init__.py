"""Scoring dossier's extractors against public gold sets (``dossier evaluate ...``).

- :mod:`dossier.evaluate.timeml`: loaders for TIMEX3 gold (TimeML ``.tml``, MEANTIME ``.xml``);
- :mod:`dossier.evaluate.scoring`: span matching and TempEval-3 style metrics;
- :mod:`dossier.evaluate.time`: ``evaluate_time`` and the predictors (dossier, HeidelTime);
- :mod:`dossier.evaluate.cli`: the ``evaluate`` Typer sub-app.

Nothing here is needed at run time by the pipeline; the gold data is never part of the package.
"""
