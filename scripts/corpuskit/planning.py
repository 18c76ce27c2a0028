"""make_corpus.py's plan of one article: topic, template sentences filled per language, body, title, paragraphs."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpuskit.sources import Data, Sentence
from corpuskit.tables import (
    BN_DIGITS,
    BN_RESOLUTION_FORMS,
    BN_UNIT,
    BYLINES,
    CAPTION_LABEL,
    CREDITS,
    HEADINGS,
    HI_DIGITS,
    HI_RESOLUTION_FORMS,
    HI_UNIT,
    LANGS,
    PROVINCES,
    RESOLUTION_WEIGHTS,
    RESOLUTIONS,
    TEMPLATES,
    Province,
)

# Body sentences are drawn up to a log-normal byte target; templates, captions,
# title and tail add about 1.5 KB, which brings the mean to about 10.5 KB.
TARGET_MEDIAN_BYTES = 8600.0
TARGET_SIGMA = 0.35


@dataclass(frozen=True)
class Unit:
    """One sentence-level item of an article, with its text per language."""

    sid: str
    text: dict[str, str]
    caption: bool = False


@dataclass
class Context:
    """What an article is about, how it spells it, and what it has mentioned so far."""

    provinces: list[Province]
    resolutions: list[int]
    year: int
    mentioned_p: list[str] = field(default_factory=list)
    mentioned_r: list[str] = field(default_factory=list)
    preferred: dict[tuple[str, str], str] = field(default_factory=dict)

    def mention(self, province: Province | None, resolutions: Sequence[int]) -> None:
        if province is not None and province.slug not in self.mentioned_p:
            self.mentioned_p.append(province.slug)
        for n in resolutions:
            if f"{n}-NQ/TW" not in self.mentioned_r:
                self.mentioned_r.append(f"{n}-NQ/TW")

    def can_fill(self, pair: tuple[str, str]) -> bool:
        return ("{P" not in pair[0] or bool(self.provinces)) and ("{R}" not in pair[0] or bool(self.resolutions))


@dataclass(frozen=True)
class Slots:
    """The language-independent choices behind one template sentence."""

    province: Province | None
    resolutions: tuple[int, ...]
    number: int
    percent: int
    growth: str
    year: int
    target_year: int


def _digits(n: int | str, lang: str, rng: random.Random) -> str:
    """Bengali mostly in Bengali digits, Hindi mostly in ASCII digits."""
    s = str(n)
    if lang == "bn" and rng.random() < 0.8:
        return s.translate(BN_DIGITS)
    if lang == "hi" and rng.random() < 0.08:
        return s.translate(HI_DIGITS)
    return s


def _name(p: Province, lang: str, ctx: Context, rng: random.Random) -> str:
    """A spelling of the province: mostly the one this article prefers."""
    native = p.bn if lang == "bn" else p.hi
    key = (p.slug, lang)
    if key not in ctx.preferred:
        ctx.preferred[key] = rng.choice(p.latin) if rng.random() < 0.1 else rng.choice(native)
    r = rng.random()
    if r < 0.7:
        return ctx.preferred[key]
    return rng.choice(p.latin) if r < 0.78 else rng.choice(native)


def _province_forms(p: Province, lang: str, ctx: Context, rng: random.Random) -> dict[str, str]:
    """{Pn} bare name, {P} with unit word, {Pl} locative, {Pg} genitive."""
    name = _name(p, lang, ctx, rng)
    if lang == "hi":
        full = name if name.endswith(("सिटी", "शहर", "City")) else f"{name} {HI_UNIT[p.city]}"
        return {"Pn": name, "P": full, "Pl": full, "Pg": full}
    if name.endswith("সিটি"):
        return {"Pn": name, "P": name, "Pl": name + "তে", "Pg": name + "র"}
    if name.endswith("শহর"):
        return {"Pn": name, "P": name, "Pl": name + "ে", "Pg": name + "ের"}
    if name.endswith("City"):
        return {"Pn": name, "P": name, "Pl": name + "-তে", "Pg": name + "-এর"}
    nom, loc, gen = BN_UNIT[p.city]
    return {"Pn": name, "P": f"{name} {nom}", "Pl": f"{name} {loc}", "Pg": f"{name} {gen}"}


def _resolution(n: int, lang: str, rng: random.Random) -> str:
    forms = BN_RESOLUTION_FORMS if lang == "bn" else HI_RESOLUTION_FORMS
    return rng.choice(forms).format(n=_digits(n, lang, rng), a=n)


def _slots(pair: tuple[str, str], ctx: Context, rng: random.Random) -> Slots:
    province = rng.choice(ctx.provinces) if "{P" in pair[0] else None
    resolutions: tuple[int, ...] = ()
    if "{R}" in pair[0]:
        first = rng.choice(ctx.resolutions)
        resolutions = (first, rng.choice([r for r in RESOLUTIONS if r != first])) if "{R2}" in pair[0] else (first,)
    number = rng.choice((rng.randint(2, 99), rng.randint(10, 400)))
    growth = f"{rng.randint(3, 11)}.{rng.randint(0, 9)}"
    target = ctx.year + rng.choice((1, 2, 5))
    return Slots(province, resolutions, number, rng.randint(40, 100), growth, ctx.year, target)


def fill(pair: tuple[str, str], langs: Sequence[str], ctx: Context, rng: random.Random) -> dict[str, str]:
    """Render a parallel template in each language and note what it mentions."""
    slots = _slots(pair, ctx, rng)
    out: dict[str, str] = {}
    for lang in langs:
        values = {
            "N": _digits(slots.number, lang, rng),
            "Q": _digits(slots.percent, lang, rng),
            "G": _digits(slots.growth, lang, rng),
            "Y": _digits(slots.year, lang, rng),
            "T": _digits(slots.target_year, lang, rng),
        }
        if slots.province is not None:
            values.update(_province_forms(slots.province, lang, ctx, rng))
        for key, n in zip(("R", "R2"), slots.resolutions, strict=False):
            values[key] = _resolution(n, lang, rng)
        out[lang] = pair[LANGS.index(lang)].format(**values)
    ctx.mention(slots.province, slots.resolutions)
    return out


def make_context(rng: random.Random) -> Context:
    provinces: list[Province] = []
    if rng.random() < 0.92:
        provinces = rng.sample(PROVINCES, 2 if rng.random() < 0.2 else 1)
    resolutions: list[int] = []
    if rng.random() < 0.75:
        resolutions = [rng.choices(RESOLUTIONS, RESOLUTION_WEIGHTS)[0]]
        if rng.random() < 0.2:
            resolutions.append(rng.choice([r for r in RESOLUTIONS if r != resolutions[0]]))
    return Context(provinces, resolutions, rng.randint(2023, 2026))


def body_sentences(data: Data, langs: Sequence[str], rng: random.Random) -> tuple[list[Sentence], int | None]:
    """Real sentences in runs until the first language reaches a sampled size.

    Runs mostly stay in one source so that an article keeps a register; also
    returns the ntrex document the article starts with, if it starts at one.
    """
    target = min(40000.0, max(2500.0, rng.lognormvariate(math.log(TARGET_MEDIAN_BYTES), TARGET_SIGMA)))
    pools = data.pools(langs)
    weights = [p.size for p in pools]
    pool = rng.choices(pools, weights)[0]
    out: list[Sentence] = []
    size = 0
    first_doc: int | None = None
    while size < target or len(out) < 6:
        if out and rng.random() < 0.15:
            pool = rng.choices(pools, weights)[0]
        doc, start, run = pool.run(rng, rng.randint(4, 24), from_start=not out and rng.random() < 0.5)
        if not out and pool.name == "ntrex" and start == 0:
            first_doc = doc
        for s in run:
            out.append(s)
            size += len(s.text[langs[0]].encode("utf-8")) + 1
            if size >= target and len(out) >= 6:
                break
    return out, first_doc


def _insert_captions(units: list[Unit], langs: Sequence[str], ctx: Context, rng: random.Random) -> None:
    for _ in range(rng.choices((0, 1, 2, 3), (35, 40, 20, 5))[0]):
        at = rng.randint(1, len(units))
        if units[at - 1].caption or (at < len(units) and units[at].caption):
            continue
        k = rng.randrange(len(CREDITS))
        if not ctx.can_fill(CREDITS[k]):
            k = 0
        credit = fill(CREDITS[k], langs, ctx, rng)
        caption = {lang: f"{CAPTION_LABEL[lang]}: {credit[lang]}।" for lang in langs}
        units.insert(at, Unit(f"cap:{k}", caption, caption=True))


def _title(data: Data, langs: Sequence[str], first_doc: int | None, ctx: Context, rng: random.Random) -> Unit:
    """An ntrex headline, a made-up heading or a short real sentence."""
    if len(langs) == 2 and first_doc in data.headlines and rng.random() < 0.7:
        head = data.headlines[first_doc]
        return Unit(head.sid, head.text)
    heads = [k for k, pair in enumerate(HEADINGS) if ctx.can_fill(pair)]
    if heads and rng.random() < 0.5:
        k = rng.choice(heads)
        return Unit(f"head:{k}", fill(HEADINGS[k], langs, ctx, rng))
    s = rng.choice(data.shorts(langs))
    return Unit(s.sid, s.text)


@dataclass(frozen=True)
class Plan:
    """An article before layout: the same for both files of a pair."""

    title: Unit
    units: list[Unit]
    byline: Unit | None
    ctx: Context

    def sentence_ids(self) -> list[str]:
        return [self.title.sid] + [u.sid for u in self.units] + ([self.byline.sid] if self.byline else [])


def plan_article(data: Data, langs: Sequence[str], rng: random.Random) -> Plan:
    """Title, body units (real sentences, templates, captions) and byline."""
    ctx = make_context(rng)
    sents, first_doc = body_sentences(data, langs, rng)
    units = [Unit(s.sid, s.text) for s in sents]
    usable = [k for k, pair in enumerate(TEMPLATES) if ctx.can_fill(pair)]
    if usable:
        for _ in range(1 + len(units) // rng.randint(6, 12)):
            k = rng.choice(usable)
            units.insert(rng.randint(0, len(units)), Unit(f"tpl:{k}", fill(TEMPLATES[k], langs, ctx, rng)))
    _insert_captions(units, langs, ctx, rng)
    title = _title(data, langs, first_doc, ctx, rng)
    byline = None
    if rng.random() < 0.15:
        k = rng.randrange(len(BYLINES))
        byline = Unit(f"by:{k}", dict(zip(LANGS, BYLINES[k], strict=True)))
    return Plan(title, units, byline, ctx)


def paragraphs(units: list[Unit], rng: random.Random) -> list[list[Unit]]:
    """Group units into 5..40 paragraphs; a caption always ends its paragraph."""
    n = len(units)
    per = rng.choice((1, 1.5, 2, 2, 3, 4))
    want = max(5, min(40, round(n / per), n))
    forced = {i for i in range(n - 1) if units[i].caption}
    free = [i for i in range(n - 1) if i not in forced and not units[i + 1].caption]
    extra = max(0, min(len(free), want - 1 - len(forced)))
    cuts = sorted(forced | set(rng.sample(free, extra)))
    out: list[list[Unit]] = []
    start = 0
    for c in cuts:
        out.append(units[start : c + 1])
        start = c + 1
    out.append(units[start:])
    return out
