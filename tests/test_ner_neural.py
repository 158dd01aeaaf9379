"""The neural NER tagger: numpy inference equals the PyTorch network it was exported from,
and the shipped model loads and tags without torch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from khabar.entities.conll import ConllSentence
from khabar.entities.neural import NeuralTagger
from khabar.entities.neural_inputs import encode
from khabar.entities.tagger import load_tagger, tag_sentences, tag_tokens
from khabar.errors import ModelError

SENTENCES = [
    ("قال الرئيس فلاديمير بوتين في موسكو".split(), "O O B-PER I-PER O B-LOC".split()),
    ("زار كيم روسيا مع وزارة الدفاع".split(), "O B-PER B-LOC O B-ORG I-ORG".split()),
    ("وأعلنت وكالة ريا نوفوستي أن الاجتماع انتهى".split(),
     "O B-ORG I-ORG I-ORG O O O".split()),
    ("وصل الوفد إلى بيونغ يانغ صباح الجمعة".split(), "O O O B-LOC I-LOC O O".split()),
]


def test_numpy_equals_torch(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    from khabar.entities.neural_training import NeuralOptions, export_arrays, fit, make_batch

    words = sorted({w for tokens, _ in SENTENCES for w in tokens})
    vectors = np.random.RandomState(0).randn(len(words), 16).astype(np.float32)
    embeddings = tmp_path / "vectors.npz"
    np.savez(embeddings, words=np.asarray(words), vectors=vectors)
    data = [ConllSentence(tuple(t), tuple(g)) for t, g in SENTENCES * 5]
    net, vocab, table = fit(data, embeddings, NeuralOptions(epochs=25, average_last=2, hidden=12,
                                                            batch=4, min_count=1))
    model = tmp_path / "m.npz"
    np.savez(model, **export_arrays(net, vocab, table))  # type: ignore[arg-type]
    tagger = NeuralTagger(model)
    tests = [t for t, _ in SENTENCES] + [["كلمة", "غريبة", "تماما"], ["بوتين"]]
    encoded = [encode(tagger.vocab, t) for t in tests]
    with torch.no_grad():
        expected = net.emissions(make_batch(encoded)).numpy()
    for i, scores in enumerate(tagger.emissions(encoded)):
        np.testing.assert_allclose(scores, expected[i, :len(scores)], atol=1e-4)
    # Viterbi: the numpy path scores best among all paths of a short sentence.
    trans, start, end = (x.detach().numpy() for x in net.crf())
    scores = tagger.emissions(encoded[-1:])[0]
    path = tagger.viterbi(scores)
    best = max(range(scores.shape[1]), key=lambda k: start[k] + scores[0, k] + end[k])
    assert path == [best]
    two = tagger.emissions([encode(tagger.vocab, ["زار", "كيم"])])[0]
    brute = max(((a, b) for a in range(9) for b in range(9)),
                key=lambda p: start[p[0]] + two[0, p[0]] + trans[p[0], p[1]] + two[1, p[1]]
                + end[p[1]])
    assert tuple(tagger.viterbi(two)) == brute
    assert tagger.tag(tests)[0][2:4] == ["B-PER", "I-PER"]


def test_shipped_model_tags_without_torch() -> None:
    tagger = load_tagger()
    assert isinstance(tagger, NeuralTagger)
    assert {"B-PER", "I-PER", "B-LOC", "O"} <= set(tagger.labels())
    tags = tag_tokens("قال الرئيس الروسي فلاديمير بوتين في موسكو".split())
    assert tags[3:5] == ["B-PER", "I-PER"] and tags[6] == "B-LOC"
    # Batched and one at a time agree; empty sentences stay empty.
    sentences = [t for t, _ in SENTENCES] + [[]]
    assert tag_sentences(sentences) == [tag_tokens(s) for s in sentences]
    many = [s[:k] for s in sentences for k in range(1, len(s) + 1)] * 3  # over one batch
    assert tag_sentences(many) == [tag_tokens(s) for s in many]
    encoded = [encode(tagger.vocab, s) for s in many[:20]]
    order, lengths, scores = tagger._scores(encoded)
    paths = tagger.viterbi_batch(lengths, scores)
    for k, i in enumerate(order):
        assert list(paths[k, :lengths[k]]) == tagger.viterbi(scores[k, :lengths[k]])
        np.testing.assert_allclose(scores[k, :lengths[k]], tagger.emissions([encoded[i]])[0],
                                   atol=1e-4)


def test_never_an_impossible_transition() -> None:
    for tags in tag_sentences([t for t, _ in SENTENCES]):
        for prev, this in zip(["O", *tags], tags, strict=False):
            assert not this.startswith("I-") or prev[2:] == this[2:]


def test_ensemble_averages_its_networks(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    from khabar.entities.neural_training import (
        NeuralOptions,
        ensemble_arrays,
        export_arrays,
        fit,
        make_batch,
    )

    words = sorted({w for tokens, _ in SENTENCES for w in tokens})
    embeddings = tmp_path / "vectors.npz"
    np.savez(embeddings, words=np.asarray(words),
             vectors=np.random.RandomState(1).randn(len(words), 8).astype(np.float32))
    data = [ConllSentence(tuple(t), tuple(g)) for t, g in SENTENCES * 3]
    nets, members = [], []
    for seed in (1, 2):
        net, vocab, table = fit(data, embeddings, NeuralOptions(epochs=2, average_last=1,
                                                                hidden=6, min_count=1, seed=seed))
        nets.append(net)
        members.append(export_arrays(net, vocab, table))
    model = tmp_path / "ensemble.npz"
    np.savez(model, **ensemble_arrays(members))  # type: ignore[arg-type]
    tagger = NeuralTagger(model)
    assert len(tagger.members) == 2
    encoded = [encode(tagger.vocab, t) for t, _ in SENTENCES]
    with torch.no_grad():
        expected = sum(n.emissions(make_batch(encoded)).numpy() for n in nets) / 2
        trans = sum(n.crf()[0].numpy() for n in nets) / 2
    for i, scores in enumerate(tagger.emissions(encoded)):
        np.testing.assert_allclose(scores, expected[i, :len(scores)], atol=1e-4)
    np.testing.assert_allclose(tagger.trans, trans, atol=1e-5)
    # one network of the ensemble alone (the silver data's agreement check)
    alone = NeuralTagger(model, member=1)
    assert len(alone.members) == 1
    with torch.no_grad():
        own = nets[1].emissions(make_batch(encoded)).numpy()
    for i, scores in enumerate(alone.emissions(encoded)):
        np.testing.assert_allclose(scores, own[i, :len(scores)], atol=1e-4)
    with pytest.raises(ModelError, match="no network 2"):
        NeuralTagger(model, member=2)


def test_token_cache_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from khabar.entities import neural

    tagger = load_tagger()
    assert isinstance(tagger, NeuralTagger)
    sentences = [t for t, _ in SENTENCES] * 2
    encoded = [encode(tagger.vocab, s) for s in sentences]
    plain = tagger._scores(encoded)
    monkeypatch.setattr(neural, "TOKEN_CACHE", 12)  # cleared on the way
    for _ in range(3):
        cached = tagger._scores(encoded, sentences)
        assert cached[0] == plain[0]
        np.testing.assert_allclose(cached[2], plain[2], atol=1e-4)
    assert len(tagger._token_gates) <= 30


def test_memory_names_the_commonest_type_of_a_stem() -> None:
    from khabar.entities.neural_inputs import build_memory

    memory = build_memory([
        (["وبوتين", "قال", "بوتين"], ["B-PER", "O", "B-PER"]),
        (["روسيا"] * 5, ["B-LOC", "O", "O", "O", "O"]),
        (["روسيا"] * 10, ["O"] * 10),
    ])
    assert memory["بوتين"] == "PER"  # the proclitic «و» is looked through
    assert "قال" not in memory
    assert "روسيا" not in memory  # 1 of 15 occurrences: too seldom an entity


def test_memory_of_a_training_sentence_never_comes_from_its_own_fold() -> None:
    from khabar.entities.neural_training import fold_of, jackknife_memories

    labelled = [(["رامسفيلد"], ["B-PER"])] + [(["قال"], ["O"])] * 9
    memories = jackknife_memories(labelled, 10)
    assert fold_of(10, 10) == list(range(10))
    assert "رامسفيلد" not in memories[0]  # its only occurrence is in fold 0
    assert all(m.get("رامسفيلد") == "PER" for m in memories[1:])
    assert jackknife_memories(labelled, 0) == [{}]


def test_shipped_model_carries_its_memory() -> None:
    tagger = load_tagger()
    assert isinstance(tagger, NeuralTagger)
    assert tagger.vocab.memory  # the training data's memory ships inside ner.npz
    assert set(tagger.vocab.memory.values()) <= {
        f"{k}{m}" for k in ("PER", "ORG", "LOC", "MISC") for m in ("", "~")}


def test_mention_replacement_keeps_context_tags_and_proclitics() -> None:
    import random

    from khabar.entities.neural_augment import _glue, _unglue, augment, replace_mentions
    from khabar.entities.scoring import chunks

    pool = {"PER": [("أولاف", "شولتس")], "LOC": [("الأردن",)]}
    tokens = ["وقال", "لبوتين", "في", "موسكو", "اليوم"]
    tags = ["O", "B-PER", "O", "B-LOC", "O"]
    new_tokens, new_tags = replace_mentions(tokens, tags, pool, random.Random(1), 0.0) or ([], [])
    assert new_tokens == ["وقال", "لأولاف", "شولتس", "في", "الأردن", "اليوم"]
    assert new_tags == ["O", "B-PER", "I-PER", "O", "B-LOC", "O"]
    assert replace_mentions(["قال"], ["O"], pool, random.Random(1)) is None
    assert _unglue("للأمم") == "الأمم" and _glue("ل", "الأمم") == "للأمم"
    labelled = [(["قال", "رامسفيلد"], ["O", "B-PER"]), (["زار", "مبارك"], ["O", "B-PER"])]
    copies = augment(labelled, [0, 1], 1.0, seed=3)
    assert [fold for *_, fold in copies] == [0, 1]
    for (tokens, tags, _), (old_tokens, _) in zip(copies, labelled, strict=True):
        assert tokens[0] == old_tokens[0]  # the context is kept
        assert {k for k, *_ in chunks(tags)} == {"PER"}
    assert augment(labelled, [0, 1], 0.0, seed=3) == []
