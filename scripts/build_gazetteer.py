"""Derive index/data/provinces.tsv from the raw gazetteer sources.

Stage: offline data preparation (run by hand, output committed).  The runtime
(:mod:`index.extraction.gazetteer`) reads only the committed TSV, never the raw sources.

Inputs (``--source``, default ../shared/corpus-raw/gazetteer-vn):
  vn_provinces_63_cldr41.tsv        63 pre-2025 units, CLDR 41 vi/en/bn/hi names
  vn_units_2025.tsv                 34 units of 1 July 2025 and what each absorbed
  wof_vn_places_bn_hi_vi_en.json    Who's On First names (regions + counties)

Spellings: the CLDR/WOF Bengali and Hindi names are Wikidata transliterations
that MT output rarely uses, so most variants come from the hand tables below:
per-syllable renderings of the Vietnamese name as Google-Translate-style MT
writes them (``Cần Thơ`` -> ক্যান থো / कैन थो), combined syllable by syllable,
plus whole-name spellings for the names MT knows as words (Hanoi -> হ্যানয়).

Usage:
    python scripts/build_gazetteer.py            # write the TSV
    python scripts/build_gazetteer.py --check    # exit 1 if the TSV is stale
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


# The column list and the term normalisation come from the package itself, so
# the file this script writes is the file the gazetteer reads (its data is
# loaded lazily: importing the module does not read the TSV being rebuilt).
sys.path.insert(0, str(REPO))
from index.analysis.textnorm import normalize_term  # noqa: E402
from index.extraction.gazetteer import COLUMNS  # noqa: E402

# The hand tables live in scripts/gazetteerkit/ (scripts/ is not a package: its folder goes on the path too).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazetteerkit.tables import (  # noqa: E402
    DROP,
    EXTRA,
    GATED,
    HAND_ONLY,
    LABEL,
    NAME_VI,
    PROVINCE_WORDS,
    SINGLE_TOKEN_OK,
    SYLL_BN,
    SYLL_HI,
    URL_OVERRIDE,
    URL_START_ONLY,
    VI_PREFIXES,
)

DEFAULT_SOURCE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-raw" / "gazetteer-vn"
OUT = REPO / "index" / "data" / "provinces.tsv"


@dataclass
class Row:
    slug: str
    era: str
    kind: str
    merged_into: str
    iso: str
    wikidata: str
    name_vi: str
    labels: dict[str, str]
    latin: list[str]
    bn: list[str]
    hi: list[str]
    gated: list[str]
    url: list[str]


def _words(text: str) -> list[str]:
    """Normalised words: the same cut as index.extraction.gazetteer.tokenize."""
    out: list[str] = []
    cur: list[str] = []
    for ch in text:
        if unicodedata.category(ch)[0] in "LMN":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return [normalize_term(w) for w in out]


def _key(text: str) -> str:
    return " ".join(_words(text))


def slugify(name_vi: str) -> str:
    return "-".join(_words(name_vi))


def ascii_title(name_vi: str) -> str:
    """Cần Thơ -> Can Tho (keeps case, drops diacritics)."""
    text = name_vi.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def clean_vi(name: str) -> str:
    for prefix in VI_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name.replace("–", " - ").replace("  ", " ").strip()


def strip_province_word(name: str) -> str:
    for word in PROVINCE_WORDS:
        if name.endswith(word):
            name = name[: -len(word)]
    return name.strip()


def malformed(name: str) -> bool:
    """Doubled vowel signs or a virama after a vowel sign: CLDR/WOF typos."""
    for a, b in itertools.pairwise(name):
        if "VOWEL SIGN" in unicodedata.name(a, "") and (
            "VOWEL SIGN" in unicodedata.name(b, "") or "VIRAMA" in unicodedata.name(b, "")
        ):
            return True
    return any(q in name for q in "'‘’\"")


def product(name_vi: str, table: Mapping[str, tuple[str, ...]]) -> list[str]:
    sylls = [s.lower() for s in _raw_words(name_vi)]
    missing = [s for s in sylls if s not in table]
    if missing:
        raise SystemExit(f"no rendering for syllables {missing} of {name_vi!r}")
    return [" ".join(combo) for combo in itertools.product(*(table[s] for s in sylls))]


def _raw_words(text: str) -> list[str]:
    return [w for w in text.replace("-", " ").split() if w]


def _add(target: list[str], seen: set[str], names: Iterable[str]) -> None:
    for name in names:
        name = name.strip()
        key = _key(name)
        if not key or key in seen or key in DROP or malformed(name):
            continue
        seen.add(key)
        target.append(name)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def wof_names(records: Sequence[Mapping[str, object]], wof_id: str, name_keys: Sequence[str]) -> dict[str, list[str]]:
    """bn/hi/en names of one region plus its same-named capital county."""
    out: dict[str, list[str]] = {"bn": [], "hi": [], "en": []}
    region = next((r for r in records if str(r["wof:id"]) == wof_id), None)
    if region is None:
        raise SystemExit(f"WOF region {wof_id} missing")
    chosen = [region]
    for rec in records:
        names = rec["names"]
        if rec["wof:placetype"] != "county" or str(rec["wof:parent_id"]) != wof_id or not isinstance(names, dict):
            continue
        vie = names.get("name:vie_x_preferred", [""])[0]
        if _key(vie) in name_keys:
            chosen.append(rec)
    for rec in chosen:
        names = rec["names"]
        if not isinstance(names, dict):
            raise SystemExit(f"WOF record {rec['wof:id']}: names is not an object")
        for key, values in sorted(names.items()):
            lang = {"name:ben": "bn", "name:hin": "hi", "name:eng": "en"}.get(key[:8])
            if lang:
                out[lang].extend(strip_province_word(v) for v in values)
    return out


def fill_spellings(row: Row, old_name: str, cldr: Mapping[str, str], wof: Mapping[str, list[str]]) -> None:
    """Labels, variants per script, context variants and URL forms of a row."""
    slug, name_vi = row.slug, row.name_vi
    extra = EXTRA.get(slug, {})
    row.labels = {
        "en": ascii_title(name_vi),
        "bn": (product(name_vi, SYLL_BN) if slug not in HAND_ONLY else list(extra["bn"]))[0],
        "hi": (product(name_vi, SYLL_HI) if slug not in HAND_ONLY else list(extra["hi"]))[0],
    }
    row.labels.update(LABEL.get(slug, {}))
    row.gated = list(GATED.get(slug, ()))

    # a context variant must not come back as a free-standing one
    seen = {_key(g) for g in row.gated}
    # WOF English names carry data errors (Sóc Trăng's county is "Long My",
    # Bình Dương "Bin Duong"): only the name itself, possibly run
    # together ("Cantho"), is taken from there.
    joined = {_key(n).replace(" ", "") for n in (name_vi, old_name)}
    wof_en = [n for n in wof["en"] if _key(n).replace(" ", "") in joined]
    _add(row.latin, seen, [name_vi, old_name, row.labels["en"], *extra.get("latin", ()), cldr["en_cldr"], *wof_en])
    for lang, table, target in (("bn", SYLL_BN, row.bn), ("hi", SYLL_HI, row.hi)):
        names: list[str] = [row.labels[lang], *extra.get(lang, ())]
        if slug not in HAND_ONLY:
            names += product(name_vi, table)
        names += [strip_province_word(cldr[f"{lang}_cldr"]), *wof[lang]]
        _add(target, seen, names)

    row.url = list(URL_OVERRIDE.get(slug, ()))
    if not row.url:
        marker = "^" if slug in URL_START_ONLY else ""
        for name in row.latin:
            form = "-".join(_words(name))
            if form.isascii() and marker + form not in row.url:
                row.url.append(marker + form)


def build_rows(source: Path) -> list[Row]:
    cldr = read_tsv(source / "vn_provinces_63_cldr41.tsv")
    units = read_tsv(source / "vn_units_2025.tsv")
    wof = json.loads((source / "wof_vn_places_bn_hi_vi_en.json").read_text(encoding="utf-8"))

    # Old province -> slug.  Thừa Thiên Huế was renamed Huế and keeps going as
    # the 2025 city, so it takes the 2025 slug.
    slug_of_key: dict[str, str] = {}
    for rec in cldr:
        name = clean_vi(rec["vi_cldr"])
        slug = slugify(name)
        slug_of_key[_key(name)] = "hue" if slug == "thua-thien-hue" else slug

    current: dict[str, tuple[str, str]] = {}  # slug -> (2025 name, kind)
    merged_into: dict[str, str] = {}
    for unit in units:
        slug = slugify(unit["unit_2025"])
        current[slug] = (unit["unit_2025"], unit["type"])
        for old in unit["formed_from_pre2025"].split(";"):
            old_slug = slug_of_key[_key(clean_vi(old))]
            if old_slug != slug:
                merged_into[old_slug] = slug
    if len(current) != 34 or len(slug_of_key) != 63 or len(current) + len(merged_into) != 63:
        raise SystemExit(f"unexpected counts: {len(current)} units, {len(merged_into)} merged")

    rows: list[Row] = []
    for rec in cldr:
        old_name = clean_vi(rec["vi_cldr"])
        slug = slug_of_key[_key(old_name)]
        if slug in current:
            name_vi, kind = current[slug]
            era = "current"
        else:
            name_vi, kind, era = old_name, rec["type"].lower().replace("municipality", "city"), "former"
        name_vi = NAME_VI.get(slug, name_vi)
        wof_extra = wof_names(wof, rec["wof_id"], (_key(old_name), _key(name_vi)))
        row = Row(
            slug, era, kind, merged_into.get(slug, ""), rec["iso3166_2"], rec["wikidata"], name_vi,
            labels={}, latin=[], bn=[], hi=[], gated=[], url=[],
        )  # fmt: skip
        fill_spellings(row, old_name, rec, wof_extra)
        rows.append(row)
    rows.sort(key=lambda r: r.slug)
    check(rows)
    return rows


def check(rows: Sequence[Row]) -> None:
    """Refuse to write data that would make a wrong facet."""
    owner: dict[str, str] = {}
    problems: list[str] = []
    for row in rows:
        for name in [*row.latin, *row.bn, *row.hi, *row.gated]:
            key = _key(name)
            if owner.setdefault(key, row.slug) != row.slug:
                problems.append(f"{name!r} belongs to both {owner[key]} and {row.slug}")
            if " " not in key and key not in SINGLE_TOKEN_OK:
                problems.append(f"single-token spelling {name!r} of {row.slug} is not reviewed")
    if problems:
        raise SystemExit("\n".join(problems))


def render(rows: Sequence[Row]) -> str:
    buf = io.StringIO()
    buf.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        cells = (
            r.slug,
            r.era,
            r.kind,
            r.merged_into,
            r.iso,
            r.wikidata,
            r.name_vi,
            r.labels["en"],
            r.labels["bn"],
            r.labels["hi"],
            "|".join(r.latin),
            "|".join(r.bn),
            "|".join(r.hi),
            "|".join(r.gated),
            "|".join(r.url),
        )
        for cell in cells:
            if "\t" in cell or "\n" in cell:
                raise SystemExit(f"tab or newline in {cell!r}")
        buf.write("\t".join(cells) + "\n")
    return buf.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if --out differs from a fresh build")
    args = parser.parse_args(argv)
    text = render(build_rows(args.source))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run scripts/build_gazetteer.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.splitlines()) - 1} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
