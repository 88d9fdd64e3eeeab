"""``dossier serve``: the REST API (``/api/...``) and the web pages over the store.

:func:`~dossier.api.app.create_app` builds the FastAPI application; the JSON routes are in
:mod:`dossier.api.routes`, their queries in :mod:`dossier.store.query`.
"""
