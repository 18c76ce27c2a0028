"""Content links are verified by aligning them: the rule on hand-made pairs, and in a build."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from index.corpus.article import Article, FileInfo, parse_article
from index.pipeline.builder import build
from index.pipeline.groups import _stored_groups
from index.storage.generations import open_index
from index.translation.fingerprint import Fingerprint, fingerprint
from index.translation.linking import Linking, PairAlignment, link
from index.translation.pair_alignment import article_aligner

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
NOT_BODY = re.compile(r"^(সূত্র|स्रोत|মন্তব্য|टिप्पणी)")
SOURCE = {"bn": "সূত্র", "hi": "स्रोत"}
BENGALI_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def body_lines(prefix: str) -> list[str]:
    text = next(SAMPLE.glob(prefix + "_*.txt")).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not NOT_BODY.match(line)]


BN, HI = body_lines("000"), body_lines("001")  # translations of each other, 17 lines each
OTHER_BN = body_lines("002")  # another article on a like topic, not translated here


def text_of(doc_id: str, lines: list[str], url: str | None = None) -> str:
    lang = doc_id.rsplit("_", 1)[1]
    return "\n".join(lines) + (f"\n\n{SOURCE[lang]}: {url}" if url else "")


def article(doc_id: str, lines: list[str], url: str | None = None) -> Article:
    text = text_of(doc_id, lines, url)
    return parse_article(text, FileInfo(doc_id, doc_id + ".txt", len(text), 0, ""))


def link_both(*articles: Article, lexical: bool = True) -> tuple[Linking, Linking]:
    """Linked on content alone, and verified by alignment (``lexical``: with the lexical keys)."""
    fps = [fingerprint(a) for a in articles]
    if not lexical:
        fps = [dataclasses.replace(fp, lexical=()) for fp in fps]
    return link(fps), link(fps, aligner=article_aligner({a.id: a for a in articles}))


def pairs(linking: Linking) -> list[tuple[str, str, str]]:
    return [(x.a, x.b, x.method) for x in linking.links]


def numbers(lines: list[str]) -> list[str]:
    return re.findall(r"\d+", " ".join(lines).translate(BENGALI_DIGITS))


def with_numbers(lines: list[str], values: list[str], every: int = 1) -> list[str]:
    """Each ``every``-th line gets the next three of ``values`` in brackets."""
    out, k = [], 0
    for n, line in enumerate(lines):
        if n % every == 0 and k < len(values):
            out.append(f"{line} ({' '.join(values[k : k + 3])})")
            k += 3
        else:
            out.append(line)
    return out


# The same numbers, in order, in every other sentence of two unrelated texts.
SHARED = ["2019", "456", "312", "789", "1024", "77", "3150", "48", "915", "2031", "64", "580"]
UNRELATED_BN = with_numbers(OTHER_BN[1:9], SHARED, every=2)
UNRELATED_HI = with_numbers(HI[8:16], SHARED, every=2)


def test_a_short_true_pair_links_by_content_with_its_evidence() -> None:
    plain, verified = link_both(article("s_bn", BN[:4]), article("s_hi", HI[:4]))
    assert pairs(plain) == pairs(verified) == [("s_bn", "s_hi", "content")]
    (found,) = verified.links
    assert found.evidence is not None and found.evidence.alignment is not None
    assert found.evidence.alignment.accepts()
    evidence = found.to_dict()["evidence"]
    assert evidence["alignment"]["confident_share"] == 1.0
    assert evidence["lexicon"]["share"] > 0.3
    assert verified.rejected == [] and verified.warnings == []


def test_an_unrelated_pair_sharing_many_numbers_is_rejected() -> None:
    plain, verified = link_both(article("u_bn", UNRELATED_BN), article("u_hi", UNRELATED_HI))
    # The numbers alone make them a content candidate...
    assert pairs(plain) == [("u_bn", "u_hi", "content")]
    # ... that their alignment does not support: their words do not translate.
    assert verified.links == []
    assert [(x.a, x.b, x.confidence) for x in verified.rejected] == [("u_bn", "u_hi", 0.0)]
    evidence = verified.rejected[0].to_dict()["evidence"]
    assert evidence["lexicon"]["share"] < 0.12
    assert verified.groups == {"u_bn": "u_bn", "u_hi": "u_hi"}


def test_a_rejected_candidates_article_links_to_its_next_best_partner() -> None:
    # x's translation y lost the numbers of its last three sentences; z is
    # unrelated text carrying all of x's numbers, so on content z wins.
    y = HI[:3] + [re.sub(r"[0-9]+(/[0-9]+)?", "", line) for line in HI[3:6]]
    z = with_numbers(HI[9:15], numbers(BN[:6]))
    background = [article("b2_bn", OTHER_BN), article("b3_bn", body_lines("003")), article("b4_bn", body_lines("004"))]
    # Without lexical keys (which would find y at once: its words translate x's).
    plain, verified = link_both(
        article("x_bn", BN[:6]), article("y_hi", y), article("z_hi", z), *background, lexical=False
    )
    assert pairs(plain) == [("x_bn", "z_hi", "content")]
    assert pairs(verified) == [("x_bn", "y_hi", "content")]
    assert [(x.a, x.b) for x in verified.rejected] == [("x_bn", "z_hi")]


def test_a_url_pair_that_does_not_translate_stays_linked_with_a_warning() -> None:
    url = "https://example.vn/tin-1.htm"
    _, verified = link_both(article("w_bn", body_lines("003"), url), article("w_hi", HI[:12], url))
    assert pairs(verified) == [("w_bn", "w_hi", "url")]
    assert verified.links[0].confidence == 1.0
    assert [doc for doc, _ in verified.warnings] == ["w_bn"]
    assert "one site may have reused the URL" in verified.warnings[0][1]


def test_the_sample_pair_stays_linked_by_url_without_a_warning() -> None:
    bn = article("a_bn", BN, "https://example.vn/a.htm")
    hi = article("a_hi", HI, "https://example.vn/a.htm")
    _, verified = link_both(bn, hi)
    assert pairs(verified) == [("a_bn", "a_hi", "url")]
    assert verified.warnings == [] and verified.rejected == []


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("verify-corpus")
    url = "https://example.vn/tin-1.htm"
    for doc_id, lines, link_url in (
        ("s_bn", BN[:4], None),
        ("s_hi", HI[:4], None),
        ("u_bn", UNRELATED_BN, None),
        ("u_hi", UNRELATED_HI, None),
        ("w_bn", body_lines("003"), url),
        ("w_hi", HI[:12], url),
    ):
        (root / f"{doc_id}.txt").write_text(text_of(doc_id, lines, link_url), encoding="utf-8")
    return root


def test_a_build_counts_rejected_candidates_and_warns_of_poor_url_pairs(mixed_corpus: Path, tmp_path: Path) -> None:
    report = build(mixed_corpus, tmp_path / "ix", workers=0)
    summary = report.to_dict()
    t = summary["translations"]
    assert (t["links_url"], t["links_content"], t["rejected"]) == (1, 1, 1)
    assert [w["id"] for w in summary["warnings"]] == ["w_bn"]
    groups = json.loads((tmp_path / "ix" / "last-build.json").read_text(encoding="utf-8"))["translations"]
    assert groups["rejected"] == 1
    # An update that changes nothing of these pairs decides the same: the
    # rejected pair is aligned again, the linked ones keep their beads.
    extra = mixed_corpus / "z_bn.txt"
    extra.write_text(text_of("z_bn", body_lines("004")), encoding="utf-8")
    try:
        again = build(mixed_corpus, tmp_path / "ix", workers=0).to_dict()["translations"]
        assert (again["links_url"], again["links_content"], again["rejected"]) == (1, 1, 1)
        assert (again["reused_pairs"], again["aligned_pairs"]) == (2, 1)
        # What the update stored (confidences and evidence, judged on reused
        # beads and shares) is what a full build of the same files stores.
        build(mixed_corpus, tmp_path / "full", workers=0)
        assert stored_links(tmp_path / "ix") == stored_links(tmp_path / "full")
    finally:
        extra.unlink()


def stored_links(index_dir: Path) -> list[dict[str, object]]:
    """Every stored link, beads left out (an update keeps them by design)."""
    with open_index(index_dir).reader() as reader:
        groups = _stored_groups(reader)
    links = [{k: v for k, v in x.items() if k != "beads"} for g in groups.values() for x in g["links"]]
    assert links, "no links stored"
    return sorted(links, key=lambda x: (str(x["a"]), str(x["b"])))


def test_a_pairs_lexical_share_is_judged_as_it_is_stored() -> None:
    # An update judges an unchanged pair on its stored share (4 decimals); a
    # full build must judge on the same number, or the two can disagree at a cut-off.
    bn, hi = article("a_bn", BN), article("a_hi", HI)
    ((_, share),) = article_aligner({"a_bn": bn, "a_hi": hi})([("a_bn", "a_hi")]).values()
    assert share is not None and 0 < share < 1
    assert share == round(share, 4)


def short_pair_linked(lexical_share: float) -> Linking:
    """A 3-sentence pair sharing five names, whose alignment is right but unsure, as short articles' often is.

    The beads (those of a short NTREX translation): the first sentences 1-1
    with score 1.0, the second Bengali sentence with two Hindi ones at 0.42,
    a photo credit on the Bengali side only; a third of the sentences in
    confident beads.  ``lexical_share``: how many of the aligned stems translate.
    """
    names = ("jm", "pk", "yrp", "amrk", "kptn")
    prints = [
        Fingerprint(doc, lang, None, 1, 3, 300, (), (), (), (), names, ())
        for doc, lang in (("a_bn", "bn"), ("a_hi", "hi"))
    ]
    beads = [[[0], [0], 1.0], [[1], [1, 2], 0.424], [[2], [], 0.65]]

    def aligner(asked: Sequence[tuple[str, str]]) -> dict[tuple[str, str], PairAlignment]:
        return {pair: (beads, lexical_share) for pair in asked}

    return link(prints, aligner=aligner)


def test_a_short_pair_whose_words_translate_is_linked_though_its_beads_score_low() -> None:
    found = short_pair_linked(0.344)
    assert pairs(found) == [("a_bn", "a_hi", "content")] and found.rejected == []
    # A lexical share of 0.2 confirms the beads (false candidates on the tuning seeds reached 0.157).
    assert pairs(short_pair_linked(0.2)) == [("a_bn", "a_hi", "content")]
    # Its confidence combines the same three parts as any content link's: here under 0.65, shown as weak.
    assert found.links[0].confidence == pytest.approx(0.5998, abs=1e-4)


def test_a_short_pair_with_low_scores_and_few_translated_words_is_rejected() -> None:
    found = short_pair_linked(0.19)
    assert pairs(found) == [] and [(x.a, x.b) for x in found.rejected] == [("a_bn", "a_hi")]
