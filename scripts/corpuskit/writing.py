"""make_corpus.py's output: an article's text in the corpus layout, its URL, the files and the truth lines."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from corpuskit.planning import Context, Plan, Unit, paragraphs, plan_article
from corpuskit.sources import Data
from corpuskit.tables import COMMENT_LABEL, LANGS, SOURCE_LABEL, URL_TAILS, URL_TOPICS

PAIR_START_PROB = 1 / 3  # a pair takes two slots, so about half of the files are in pairs
PAIR_SHARED_URL = 0.70  # the other pairs get different or missing source lines
NO_URL_SINGLE = 0.04
ENGLISH_SOURCE_LABEL = 0.03
COMMENT_COUNTER = 0.80


def make_url(ctx: Context, rng: random.Random) -> str:
    """A Vietnamese news URL with the province slug and (mostly) a date of the article's year."""
    day = dt.date(ctx.year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    clock = f"{rng.randrange(24):02d}{rng.randrange(60):02d}{rng.randrange(60):02d}{rng.randrange(1000):03d}"
    stamp = f"{day:%Y%m%d}{clock}"
    topic = rng.choice(URL_TOPICS)
    if ctx.resolutions and rng.random() < 0.3:
        topic = f"trien-khai-nghi-quyet-{ctx.resolutions[0]}"
    slug = "-".join([p.slug for p in ctx.provinces[:1]] + [topic + rng.choice(URL_TAILS)])
    site = rng.choices(range(6), (30, 25, 15, 10, 12, 8))[0]
    if site == 0:
        section = rng.choice(("dia-phuong", "thoi-su", "kinh-te"))
        return f"https://baotintuc.vn/{section}/{slug}-{stamp}.htm"
    if site == 1:
        section = rng.choice(("cong-nghe", "kinh-te", "thoi-su"))
        return f"https://doanhnghiepvn.vn/{section}/{slug}/{stamp}"
    if site == 2:
        return f"https://baochinhphu.vn/{slug}-102{stamp[2:]}.htm"
    if site == 3:
        return f"https://thanhnien.vn/{slug}-185{stamp[2:]}.htm"
    # Like the samples from these two sites: an article number, no date.
    if site == 4:
        return f"https://daibieunhandan.vn/{slug}-{rng.randrange(10_000_000, 11_000_000)}.html"
    return f"https://huengaynay.vn/chinh-tri-xa-hoi/{slug}-{rng.randrange(100_000, 200_000)}.html"


def render(lang: str, plan: Plan, paras: list[list[Unit]], url: str | None, rng: random.Random) -> str:
    """The article text in the corpus layout (no final newline, like the samples)."""
    style = rng.choices(("blank", "newline", "mixed"), (40, 35, 25))[0]
    lines = [plan.title.text[lang]]
    if style == "blank":
        lines.append("")
    for i, para in enumerate(paras):
        if i and (style == "blank" or (style == "mixed" and rng.random() < 0.15)):
            lines.append("")
        lines.append(" ".join(u.text[lang] for u in para))
    if plan.byline is not None:
        lines += ["", plan.byline.text[lang]]
    if url is not None:
        if style == "blank" or plan.byline is not None:
            lines.append("")
        label = "Source" if rng.random() < ENGLISH_SOURCE_LABEL else SOURCE_LABEL[lang]
        lines.append(f"{label}: {url}")
    if rng.random() < COMMENT_COUNTER:
        count = 0 if rng.random() < 0.9 else rng.randint(1, 12)
        lines += [""] * rng.choice((0, 1, 2, 3, 6, 6, 7))
        lines.append(f"{COMMENT_LABEL[lang]} ({count})")
    return "\n".join(lines)


# --------------------------------------------------------------------------- output


@dataclass
class Stats:
    files: int = 0
    bytes: int = 0
    pairs: int = 0


class Writer:
    """Streams articles to OUT_DIR and truth records to the truth file."""

    def __init__(self, out_dir: Path, subdirs: bool, truth: TextIO | None) -> None:
        self.out_dir = out_dir
        self.subdirs = subdirs
        self.truth = truth
        self.stats = Stats()

    def write(self, index: int, stem: str, lang: str, text: str, record: dict[str, object]) -> None:
        rel = f"{index // 1000:03d}/{stem}.txt" if self.subdirs else f"{stem}.txt"
        path = self.out_dir / rel
        if self.subdirs:
            path.parent.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.stats.files += 1
        self.stats.bytes += len(data)
        if self.truth is not None:
            self.truth.write(json.dumps({"id": stem, "path": rel, "lang": lang, **record}, ensure_ascii=False) + "\n")


class Generator:
    """Plans, lays out and writes N articles from one seeded random stream."""

    def __init__(self, data: Data, writer: Writer, seed: int, unrelated: bool = False) -> None:
        self.data = data
        self.writer = writer
        self.rng = random.Random(seed)
        self.used_urls: set[str] = set()
        self.pair_prob = 0.0 if unrelated else PAIR_START_PROB

    def run(self, n: int) -> None:
        i = 0
        while i < n:
            if n - i >= 2 and self.rng.random() < self.pair_prob:
                self.pair(i)
                i += 2
            else:
                self.single(i)
                i += 1

    def new_url(self, ctx: Context) -> str:
        while True:
            url = make_url(ctx, self.rng)
            if url not in self.used_urls:
                self.used_urls.add(url)
                return url

    def pair_urls(self, ctx: Context) -> tuple[str | None, str | None]:
        """Shared in most pairs; otherwise different, or missing on one or both sides."""
        url = self.new_url(ctx)
        if self.rng.random() < PAIR_SHARED_URL:
            return url, url
        kind = self.rng.choice(("different", "different", "bn-missing", "hi-missing", "both-missing"))
        if kind == "different":
            return url, self.new_url(ctx)
        if kind == "bn-missing":
            return None, url
        if kind == "hi-missing":
            return url, None
        return None, None

    def emit(
        self, i: int, lang: str, plan: Plan, paras: list[list[Unit]], url: str | None, pair_id: str | None
    ) -> None:
        text = render(lang, plan, paras, url, self.rng)
        record: dict[str, object] = {
            "pair_id": pair_id,
            "provinces": plan.ctx.mentioned_p,
            "resolutions": plan.ctx.mentioned_r,
            "url": url,
            "sentences": plan.sentence_ids(),
        }
        self.writer.write(i, f"{i:06d}_{self.rng.getrandbits(64):016x}", lang, text, record)

    def pair(self, i: int) -> None:
        plan = plan_article(self.data, LANGS, self.rng)
        url_bn, url_hi = self.pair_urls(plan.ctx)
        paras_bn = paragraphs(plan.units, self.rng)
        paras_hi = paras_bn if self.rng.random() < 0.6 else paragraphs(plan.units, self.rng)
        pair_id = f"pair-{i:06d}"
        self.emit(i, "bn", plan, paras_bn, url_bn, pair_id)
        self.emit(i + 1, "hi", plan, paras_hi, url_hi, pair_id)
        self.writer.stats.pairs += 1

    def single(self, i: int) -> None:
        lang = self.rng.choice(LANGS)
        plan = plan_article(self.data, (lang,), self.rng)
        url = None if self.rng.random() < NO_URL_SINGLE else self.new_url(plan.ctx)
        self.emit(i, lang, plan, paragraphs(plan.units, self.rng), url, None)
