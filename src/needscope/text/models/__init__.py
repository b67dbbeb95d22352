"""Shipped model material: our sentiment lexicon, our sentences, the built-in scorer, model folders."""

from needscope.text.models.builtin import builtin_scores, train_builtin
from needscope.text.models.lexicon import lexicon_features, lexicon_matrix, load_lexicon
from needscope.text.models.modeldir import load_model_dir, read_manifest, save_model_dir

__all__ = [
    "builtin_scores",
    "lexicon_features",
    "lexicon_matrix",
    "load_lexicon",
    "load_model_dir",
    "read_manifest",
    "save_model_dir",
    "train_builtin",
]
