"""Turning catalog offers (or proposed schemes) into detector features, in a few bulk queries."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from django.db.models import QuerySet

from scharnier.catalog.models import Offer, OfferArea, OfferStatus, status_condition
from scharnier.core import embeddings
from scharnier.geography.models import NATIONAL_AREA_KEY, Municipality, Region
from scharnier.matching import semantic_e5

from .models import OfferVector
from .overlap import OfferFeatures


def offer_text(title: str, summary: str) -> str:
    """What an offer is for: its title and summary. The long description is left out: it is
    mostly practical detail, and embedding it would double the analysis time."""
    return ". ".join(part.strip() for part in (title, summary) if part and part.strip())


class AreaExpander:
    """Expands area keys (NL, PVxx, RG:slug, GMxxxx) to the municipality codes they reach."""

    def __init__(self) -> None:
        self.by_province: dict[str, set[str]] = defaultdict(set)
        for code, province in Municipality.objects.values_list("code", "province__code"):
            self.by_province[province].add(code)
        self.by_region: dict[str, set[str]] = defaultdict(set)
        for slug, code in Region.objects.values_list("slug", "municipalities__code"):
            if code:
                self.by_region[f"RG:{slug}"].add(code)

    def coverage(self, keys: Iterable[str]) -> frozenset[str] | None:
        """None means the whole country."""
        result: set[str] = set()
        for key in keys:
            if key == NATIONAL_AREA_KEY:
                return None
            if key.startswith("PV"):
                result |= self.by_province.get(key, set())
            elif key.startswith("RG:"):
                result |= self.by_region.get(key, set())
            else:
                result.add(key)
        return frozenset(result)


def _codes_by_offer(through, column: str, offer_ids=None) -> dict[int, frozenset[str]]:
    rows = through.objects.all()
    if offer_ids is not None:
        rows = rows.filter(offer_id__in=offer_ids)
    result: dict[int, set[str]] = defaultdict(set)
    for offer_id, code in rows.values_list("offer_id", f"{column}__code"):
        result[offer_id].add(code)
    return {k: frozenset(v) for k, v in result.items()}


def catalog_features(
    offer_ids: Sequence[int] | QuerySet | None = None,
    *,
    today: datetime.date | None = None,
    status: str = OfferStatus.ACTIVE,
) -> list[OfferFeatures]:
    """Features of offers (all live, non-archived offers when `offer_ids` is None).

    With `today`, only offers with that status on that date (default: current), so expired
    offers are never compared as if current. Reads the many-to-many tables once each instead
    of per offer, so 25,000 offers take a handful of queries.
    """
    queryset = Offer.objects.filter(is_archived=False)
    if today is not None:
        queryset = queryset.filter(status_condition(status, today))
    if offer_ids is not None:
        queryset = queryset.filter(pk__in=offer_ids)
    rows = list(
        queryset.order_by("pk").values_list(
            "pk",
            "title",
            "summary",
            "offer_type__code",
            "scope_level",
            "min_employees",
            "max_employees",
            "min_company_age_years",
            "valid_from",
            "valid_until",
        )
    )
    # A subquery (not a list of ids) so that SQLite's parameter limit never applies.
    subset = queryset.values("pk") if offer_ids is not None or today is not None else None
    themes = _codes_by_offer(Offer.themes.through, "theme", subset)
    phases = _codes_by_offer(Offer.journey_phases.through, "journeyphase", subset)
    sizes = _codes_by_offer(Offer.size_classes.through, "sizeclass", subset)
    sbis = _codes_by_offer(Offer.sbi_sections.through, "sbisection", subset)
    areas = (
        OfferArea.objects.all() if subset is None else OfferArea.objects.filter(offer_id__in=subset)
    )
    keys: dict[int, list[str]] = defaultdict(list)
    for offer_id, key in areas.values_list("offer_id", "key"):
        keys[offer_id].append(key)
    expander = AreaExpander()
    empty: frozenset[str] = frozenset()
    return [
        OfferFeatures(
            key=pk,
            text=offer_text(title, summary),
            themes=themes.get(pk, empty),
            phases=phases.get(pk, empty),
            offer_type=offer_type,
            scope_level=scope_level,
            coverage=expander.coverage(keys.get(pk, [NATIONAL_AREA_KEY])),
            size_classes=sizes.get(pk, empty),
            sbi_sections=sbis.get(pk, empty),
            min_employees=low,
            max_employees=high,
            min_company_age=age,
            valid_from=start,
            valid_until=end,
        )
        for pk, title, summary, offer_type, scope_level, low, high, age, start, end in rows
    ]


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


# Comparing two offers is a symmetric task, so both sides get e5's "query: " prefix (e5's own
# advice for symmetric similarity); "passage: " is for the document side of a search. Dev pairs
# (303, all three files): AUC of the score on gated pairs 0.871 -> 0.898, grouped 5-fold F1
# 0.817 -> 0.840 (evaluation/README.md, issue 12 session 19). The suffix keeps cached passage
# vectors from being mixed in.
E5_VECTOR_NAME = f"{semantic_e5.MODEL_NAME}-query"


def vector_model() -> str:
    """The name under which offer vectors are cached: the shared model, plus e5 when on."""
    if semantic_e5.enabled():
        return f"{embeddings.MODEL_NAME}+{E5_VECTOR_NAME}"
    return embeddings.MODEL_NAME


JARGON_FILE = Path(__file__).parent / "data" / "jargon.json"
# Off: the meaning vectors are of the text as written (to measure what the list adds).
EXPLAIN_JARGON = True


@functools.cache
def _jargon() -> tuple[dict[str, str], dict[str, str], re.Pattern, re.Pattern]:
    """The list's meanings by term (in its order), its words by their lower case, and one
    pattern for its abbreviations (as written, whole words) and one for its words (any case,
    at the start of a word)."""
    terms = json.loads(JARGON_FILE.read_text(encoding="utf-8"))["terms"]

    def alternatives(keys) -> str:
        return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))

    abbreviations = [t for t in terms if t.upper() == t]
    words = [t for t in terms if t.upper() != t]
    return (
        terms,
        {w.lower(): w for w in words},
        re.compile(rf"(?<![\w&])(?:{alternatives(abbreviations)})(?![\w&])"),
        re.compile(rf"(?<!\w)(?:{alternatives(words)})", re.IGNORECASE),
    )


def with_meanings(text: str) -> str:
    """The text with the plain meaning of each scheme name or policy word in it appended
    (`data/jargon.json`): 'SLIM-subsidie 2027' and 'scholingsbudget' then share words."""
    return _explained(text) if EXPLAIN_JARGON else text


# The same offer texts are read at every analysis and consistency test.
@functools.lru_cache(maxsize=32768)
def _explained(text: str) -> str:
    terms, lowered, abbreviations, words = _jargon()
    found = set(abbreviations.findall(text))
    found |= {lowered[w.lower()] for w in words.findall(text)}
    meanings = [f"{term}: {meaning}" for term, meaning in terms.items() if term in found]
    return f"{text} ({'; '.join(meanings)})" if meanings else text


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Vectors the detector compares: the shared model's, with e5's columns appended when on
    (`overlap.semantic_similarity` reads both parts; e5 with the symmetric query prefix)."""
    texts = [with_meanings(t) for t in texts]
    vectors = embeddings.embed_passages(texts)
    if not semantic_e5.enabled():
        return vectors
    return np.hstack([vectors, semantic_e5.embed_queries(texts)]).astype(np.float32)


def cached_vectors(features: Sequence[OfferFeatures], progress=None) -> np.ndarray:
    """Embeddings of catalog offers; only new or changed texts are embedded."""
    stored, _embedded = _stored_vectors(features, progress)
    if not features:
        width = embeddings.DIM + (semantic_e5.DIM if semantic_e5.enabled() else 0)
        return np.zeros((0, width), dtype=np.float32)
    return np.vstack([embeddings.from_bytes(stored[f.key][1]) for f in features])


def store_vectors(features: Sequence[OfferFeatures], progress=None) -> int:
    """Embed and keep the offers whose text (or model) changed; returns how many."""
    return _stored_vectors(features, progress)[1]


def _stored_vectors(
    features: Sequence[OfferFeatures], progress=None
) -> tuple[dict[int, tuple[str, bytes]], int]:
    model = vector_model()
    # The key follows what is embedded, so a new meaning in the jargon list re-embeds.
    wanted = {f.key: _hash(with_meanings(f.text)) for f in features}
    vectors = OfferVector.objects.filter(model_name=model)
    if len(features) > 5000:
        chunks = [vectors]  # most of the catalog: one scan is cheaper than id lists
    else:
        # Small id lists keep SQLite under its bound-parameter limit.
        ids = [f.key for f in features]
        chunks = [vectors.filter(offer_id__in=ids[i : i + 900]) for i in range(0, len(ids), 900)]
    stored = {
        offer_id: (text_hash, bytes(vector))
        for chunk in chunks
        for offer_id, text_hash, vector in chunk.values_list("offer_id", "text_hash", "vector")
    }
    missing = [f for f in features if stored.get(f.key, ("",))[0] != wanted[f.key]]
    batch = 512
    for start in range(0, len(missing), batch):
        part = missing[start : start + batch]
        rows = [
            OfferVector(
                offer_id=f.key,
                model_name=model,
                text_hash=wanted[f.key],
                vector=embeddings.to_bytes(vector),
            )
            for f, vector in zip(part, embed_texts([f.text for f in part]), strict=True)
        ]
        # An upsert: the job that keeps vectors current and an analysis may embed the same
        # offer at the same time.
        OfferVector.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["offer"],
            update_fields=["model_name", "text_hash", "vector"],
        )
        stored.update({row.offer_id: (row.text_hash, row.vector) for row in rows})
        if progress:
            progress(min(start + batch, len(missing)), len(missing))
    return stored, len(missing)
