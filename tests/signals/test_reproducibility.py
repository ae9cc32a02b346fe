"""The grouping gives the same labels in every process (issue 13, session 21).

Figures of `evaluate_signal_grouping` moved between sessions; Python's per-process hash seed
was the first suspect (a set of strings iterated somewhere between the text and the labels).
Each run below is a fresh interpreter with its own PYTHONHASHSEED, on made-up signals, through
the whole path: lemmas, hashed n-grams and their stored form, IDF padded with the reference
offers, the meaning centre, the offer-anchor block, a full regroup and one-by-one assignment.
"""

import json
import os
import subprocess
import sys

SCRIPT = r"""
import hashlib, json
import numpy as np
from scharnier.matching.text import analysed
from scharnier.signals import grouping
from scharnier.signals.evaluation import metrics

topics = {
    "net": "netcongestie geen zwaardere aansluiting netbeheerder wachtlijst teruglevering",
    "personeel": "personeelstekort monteurs installatie vacatures technici bouw",
    "subsidie": "subsidieaanvraag EIA ISDE formulieren ingewikkeld verduurzamen voucher",
    "export": "export douane Brexit certificaten oorsprong Verenigd Koninkrijk",
}
openings = [
    "Bakkerij in Zwolle:", "Notulen ondernemerskring:", "Schakelteam meldt:", "Boze ondernemer:"
]
rng = np.random.default_rng(7)
texts, gold = [], []
for number in range(32):
    topic = sorted(topics)[number % len(topics)]
    words = topics[topic].split()
    picked = [words[i] for i in rng.permutation(len(words))[:4]]
    texts.append(f"{openings[number % 4]} {' '.join(picked)} ({number})")
    gold.append(topic)
centres = {t: rng.standard_normal(grouping.SEMANTIC_DIM) for t in sorted(topics)}
semantic = np.vstack([centres[t] + rng.standard_normal(grouping.SEMANTIC_DIM) for t in gold])
semantic = (semantic / np.linalg.norm(semantic, axis=1, keepdims=True)).astype(np.float32)

counts = grouping.counts_from_features(grouping.text_features(texts))
mean = grouping.semantic_mean_for(semantic.sum(axis=0), len(texts))
vectors = grouping.grouping_vectors(semantic, counts, grouping.idf_for(counts), mean)
print(json.dumps({
    "lemmas": hashlib.sha1("|".join(analysed(t) for t in texts).encode()).hexdigest(),
    "vectors": hashlib.sha1(vectors.tobytes()).hexdigest(),
    "regroup": grouping.cluster(vectors).labels.tolist(),
    "one_by_one": metrics.incremental_grouping(vectors).tolist(),
    "groups": len(set(grouping.cluster(vectors).labels.tolist())),
}))
"""


def _run(hash_seed: str) -> dict:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_grouping_is_the_same_under_any_hash_seed():
    first, second, third = _run("0"), _run("1"), _run("4711")
    assert first == second == third
    # Not a degenerate case: the made-up signals form several groups.
    assert 2 <= first["groups"] < 32
