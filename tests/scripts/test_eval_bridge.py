"""scripts/eval_bridge.py: the NTREX-based corpus, the names, the query words and the scoring of the bridge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import load_script

bridge = load_script("eval_bridge")

# Four documents in the NTREX layout: index 0 and 2 are training documents (even),
# 1 and 3 are scored (odd): 1 as a pair, 3 alone (its Bengali side only).
DOCS = [
    {
        "doc_id": f"doc.{n}",
        "ben": [f"{ben} {n}", "এটি দ্বিতীয় বাক্য, যেখানে আরও কিছু কথা বলা হয়েছে।"],
        "hin": [f"{hin} {n}", "यह दूसरा वाक्य है, जिसमें कुछ और बातें कही गई हैं।"],
        "vie": [f"{vie}", "Đây là câu thứ hai."],
        "eng_src": [f"{eng}", "This is the second sentence."],
    }
    for n, (ben, hin, vie, eng) in enumerate(
        [
            (
                "বৃষ্টিতে শহরের রাস্তা ডুবে গেছে",
                "बारिश से शहर की सड़कें डूब गईं",
                "Mưa làm ngập đường.",
                "Rain floods the streets.",
            ),
            (
                "মন্ত্রী নগুয়েন ভান বিন সোমবার হ্যানয় সফর করেন",
                "मंत्री न्गुयेन वान बिन्ह ने सोमवार को हनोई का दौरा किया",
                "Bộ trưởng Nguyễn Văn Bình đã thăm Hà Nội vào thứ Hai.",
                "Minister Nguyen Van Binh visited Hanoi on Monday with The Team.",
            ),
            ("কৃষকেরা ধানের দাম নিয়ে চিন্তিত", "किसान धान की कीमत को लेकर चिंतित हैं", "Nông dân lo giá lúa.", "Farmers worry."),
            (
                "বিজ্ঞানীরা মহাকাশে নতুন উপগ্রহ পাঠালেন",
                "वैज्ञानिकों ने अंतरिक्ष में नया उपग्रह भेजा",
                "Các nhà khoa học phóng vệ tinh mới.",
                "Scientists launch a new satellite.",
            ),
        ]
    )
]


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus-raw")
    (root / "ntrex128").mkdir()
    (root / "ntrex128" / "docs.jsonl").write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS), encoding="utf-8"
    )
    bn = [f"সংবাদপত্রে আজ প্রকাশিত খবর নম্বর {n} নিয়ে আলোচনা হয়েছে।" for n in range(30)]
    hi = [f"अख़बार में आज छपी ख़बर संख्या {n} पर चर्चा हुई है।" for n in range(30)]
    (root / "bn-news-bnlp-punct").mkdir()
    (root / "bn-news-bnlp-punct" / "test_news.sentences.bn.txt").write_text("\n".join(bn[:15]), encoding="utf-8")
    (root / "bn-news-bnlp-punct" / "dev.sentences.bn.txt").write_text("\n".join(bn[15:]), encoding="utf-8")
    (root / "hiner-hi").mkdir()
    (root / "hiner-hi" / "validation.sentences.hi.txt").write_text("\n".join(hi), encoding="utf-8")
    return root


def test_only_odd_documents_are_scored_alternating_pair_and_alone() -> None:
    assigned = [(doc["doc_id"], role, langs) for doc, role, langs in bridge.roles(DOCS, training_pairs=True)]
    assert assigned == [
        ("doc.0", "training", ("bn", "hi")),
        ("doc.1", "pair", ("bn", "hi")),
        ("doc.2", "training", ("bn", "hi")),
        ("doc.3", "alone", ("bn",)),
    ]
    assert [d["doc_id"] for d, _, _ in bridge.roles(DOCS, training_pairs=False)] == ["doc.1", "doc.3"]


def test_dev_scores_even_documents_and_leaves_the_odd_ones_out() -> None:
    assigned = [(doc["doc_id"], role, langs) for doc, role, langs in bridge.roles(DOCS, True, dev=True)]
    assert assigned == [("doc.0", "pair", ("bn", "hi")), ("doc.2", "training", ("bn", "hi"))]


def test_names_are_capitalised_in_english_and_vietnamese_and_not_latin_in_bengali_or_hindi() -> None:
    # Minister: first word; Hanoi/Hà Nội: spelt apart; Monday: not capitalised in Vietnamese; The: a function word.
    assert bridge.names_of(DOCS[1]) == ("Nguyen", "Van", "Binh")
    latin_in_hindi = {**DOCS[1], "hin": ["मंत्री Nguyen वान बिन्ह"]}
    assert bridge.names_of(latin_in_hindi) == ("Van", "Binh")


def test_query_words_are_the_content_words_by_tf_idf() -> None:
    rarity = bridge.Rarity("bn", ["শহরের রাস্তা", "শহরের মানুষ", "রাস্তা ভালো", "এবং", "এবং", "এবং"])
    assert rarity.common == {"শহরের", "রাস্তা", "মানুষ", "ভালো", "এবং"}  # a pool this small is all common
    rarity.common = {"এবং"}
    words = rarity.query_words(["শহরের রাস্তা ডুবে গেছে এবং", "বৃষ্টিতে সব ডুবে গেছে", "ডুবে"])
    # ডুবে (3 times, in no pool line), গেছে (twice), বৃষ্টিতে (once); শহরের and রাস্তা are in
    # two pool lines of six; সব is under three letters; এবং is common.
    assert words == ("ডুবে", "গেছে", "বৃষ্টিতে")


def test_the_corpus_and_the_scores_end_to_end(raw: Path, tmp_path: Path) -> None:
    result = bridge.run(raw, tmp_path, distractors=2, training_pairs=True)
    assert result["roles"] == {"training": 4, "pair": 2, "alone": 1, "distractor": 4}
    assert result["scored_documents"] == {"pair": 1, "alone": 1}
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir())[:2] == ["ntrex0000_bn.txt", "ntrex0001_hi.txt"]
    # Nguyen, Van, Binh typed in Latin find নগুয়েন ভান বিন and न्गुयेन वान बिन्ह through the key field.
    assert result["names"] == {
        "queries": 3,
        "targets": 6,
        "found": 6,
        "recall_at_20": 1.0,
        "with_the_key": 6,
        "with_the_key_found": 6,
        "missed": [],
    }
    same = result["same_language"]
    assert isinstance(same, dict)
    # Each scored article is found first by its own rarest words.
    assert same["false"] == {"queries": 3, "p_at_1": 1.0, "mrr_at_10": 1.0, "own_language_share_at_10": 1.0}
    cross = result["cross_language"]
    assert isinstance(cross, dict)
    # Without cross_language nothing crosses: the other side's words find nothing.
    assert cross["false, 3 words"] == {
        "articles": 1,
        "found": 0,
        "found_at_10": 0.0,
        "query_words": 3,
        "query_words_bridged": 0,
        "queries_all_bridged": 0,
        "queries_all_bridged_found": 0,
    }
    assert cross["true, 2 words"]["articles"] == 1
