"""The Spark session of the ``dossier spark`` jobs (local by default, any cluster by URL)."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import Any

logger = logging.getLogger(__name__)

DEFAULT_MASTER = "local[*]"


def spark_session(
    master: str = DEFAULT_MASTER,
    *,
    app_name: str = "dossier",
    conf: Mapping[str, str] | None = None,
) -> Any:
    """A SparkSession on ``master`` (``local[*]``, ``spark://host:7077``, ``yarn`` ...).

    The executors run the driver's Python (``spark.pyspark.python``), so on a cluster every
    worker needs dossier and its spaCy model installed at the same path. The web UI is off.
    """
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
        .config("spark.sql.sources.partitionOverwriteMode", "static")
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    logger.info("spark session on %s", master)
    return session
