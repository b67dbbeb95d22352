"""Bilingual text engine: normalise → segment → embed → tag / sentiment / needs / topics / trends.

The modules ``normalise``, ``segment`` and ``embed`` keep their names here; their frame
functions are exported as ``normalise_frame``, ``segment_frame`` and ``embed_frame``.
"""

from needscope.text.aspects import AspectTagger
from needscope.text.embed import (
    CachedEmbedder,
    Embedder,
    EmbedStep,
    HashEmbedder,
    UseEmbedder,
    embedder_available,
    get_embedder,
)
from needscope.text.embed import embed as embed_frame
from needscope.text.keywords import Hit, KeywordMatcher, matcher_for
from needscope.text.labels import POLARITIES, LabelError, format_labels, parse_labels
from needscope.text.needs import (
    DEFAULT_PROBLEM_SOURCES,
    NeedExtractor,
    cluster_phrases,
    explicit_phrases,
    extract_needs,
)
from needscope.text.normalise import (
    Normaliser,
    TextLang,
    detect_lang,
    mask_pii,
    normalise_text,
    to_halfwidth,
    to_simplified,
)
from needscope.text.normalise import normalise as normalise_frame
from needscope.text.packs import (
    RESTAURANT_REQUIRED,
    Pack,
    PackError,
    Stage,
    Tag,
    list_packs,
    load_pack,
    save_user_tags,
)
from needscope.text.pipeline import DEFAULT_STEPS, ResultCache, TextPipeline, enrich
from needscope.text.registry import (
    PassThrough,
    TextStep,
    available_steps,
    has_step,
    make_step,
    register_step,
)
from needscope.text.segment import (
    STOPWORDS_EN,
    STOPWORDS_ZH,
    Segmenter,
    segment_text,
    split_clauses,
)
from needscope.text.segment import segment as segment_frame
from needscope.text.sentiment import BuiltinSentiment, SentimentModel, SentimentStep
from needscope.text.topics import TopicModel, ctfidf, discover_topics, topic_to_tag, uncovered
from needscope.text.trends import (
    compare_windows,
    tag_shares,
    tag_trend,
    trend_report,
    trend_sentence,
    two_proportion_z,
)
from needscope.text.zeroshot import TagScore, ZeroShotTagger, tags_long, zero_shot

__all__ = [
    "DEFAULT_PROBLEM_SOURCES",
    "DEFAULT_STEPS",
    "POLARITIES",
    "RESTAURANT_REQUIRED",
    "STOPWORDS_EN",
    "STOPWORDS_ZH",
    "AspectTagger",
    "BuiltinSentiment",
    "CachedEmbedder",
    "EmbedStep",
    "Embedder",
    "HashEmbedder",
    "Hit",
    "KeywordMatcher",
    "LabelError",
    "NeedExtractor",
    "Normaliser",
    "Pack",
    "PackError",
    "PassThrough",
    "ResultCache",
    "Segmenter",
    "SentimentModel",
    "SentimentStep",
    "Stage",
    "Tag",
    "TagScore",
    "TextLang",
    "TextPipeline",
    "TextStep",
    "TopicModel",
    "UseEmbedder",
    "ZeroShotTagger",
    "available_steps",
    "cluster_phrases",
    "compare_windows",
    "ctfidf",
    "detect_lang",
    "discover_topics",
    "embed_frame",
    "embedder_available",
    "enrich",
    "explicit_phrases",
    "extract_needs",
    "format_labels",
    "get_embedder",
    "has_step",
    "list_packs",
    "load_pack",
    "make_step",
    "mask_pii",
    "matcher_for",
    "normalise_frame",
    "normalise_text",
    "parse_labels",
    "register_step",
    "save_user_tags",
    "segment_frame",
    "segment_text",
    "split_clauses",
    "tag_shares",
    "tag_trend",
    "tags_long",
    "to_halfwidth",
    "to_simplified",
    "topic_to_tag",
    "trend_report",
    "trend_sentence",
    "two_proportion_z",
    "uncovered",
    "zero_shot",
]
