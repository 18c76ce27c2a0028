"""A phonetic key per term, so that one name written in three scripts meets.

Stage: normalised term -> key (build time, once per distinct word; and on
the query side, once per Latin query word).  ICU spells one name differently
from each script -- নগুয়েন ``naguyena``, न्गुयेन ``n'guyena``, Nguyễn
``nguyen`` -- and the key keeps what those spellings agree on:

- the inherent vowel of Bengali and Devanagari is dropped where speakers
  drop it: word-finally, before a consonant-vowel anywhere but in the first
  syllable (Ohala's schwa deletion, widened to clusters on the left, as
  Bengali and Hindi spell English ones: মাইক্রোসফট, मैक्सवेल), and between
  an initial n and g (how both scripts spell a Vietnamese initial ng-);
- every run of vowels (and y) becomes one ``a``: vowel quality and length
  are what transliteration disagrees on most (হিউ, ह्यू, Huế; ā, ī, ū);
- h after a consonant goes (aspirates: ভ bh = b, থ th = t; sh, nh), and an
  h before no vowel (visarga, Minh = মিন);
- b/v/w merge (Bengali has no v), z/j (nukta: ज़ = ज), f/p (ফ ph), q/c/k
  (and ch), the sibilants by ICU's Latin-ASCII (শ ś, ষ ṣ, স s), retroflex
  with dental (ট ṭ = t); the flap ড় ड़ (ṛ) stays a letter of its own;
  vocalic r (কৃষি, कृषि) is ri, as Latin writes it (krishi);
- anusvara, ঙ ṅ, ng and n before k or g become one ``N`` (মেকং, मेकांग, Mekong;
  মাঙ্কি, मंकी, monkey);
  chandrabindu (a nasal vowel) goes;
- w written as a glide (Bengali ওয়, উই; Hindi and Latin w, v) is one
  letter, and a glide after a consonant goes (क्वांग, কোয়াং, Quang), as
  does the unsaid Bengali ব-ফলা (স্বাস্থ্য = स्वास्थ्य);
- doubled letters collapse (মরোক্কো, Morocco);
- Bengali plural and case endings are cut (স্টার্টআপগুলিকে, ডিজিটালের, -কে;
  the classifier -টি and the locative -ে after a consonant: সিস্টেমটি,
  ওয়াশিংটনে; the genitive -র after a vowel sign other than া: নাপোলির); Hindi
  writes them apart;
- in Latin input, English spelling is read as said: g and c before e/i/y
  are soft (digital = ডিজিটাল, Giang = জিয়াং), a final e after a consonant is
  silent (update = আপডেট), -tion is -sion (action = অ্যাকশন), a w after a
  vowel is a vowel (Matthew = ম্যাথিউ) and Mc- is Mac-.

A term gets no key ("") when it holds anything but Bengali, Devanagari or
Latin letters (numbers, other scripts, punctuation), or when its key is
shorter than :data:`MIN_KEY_CHARS`: a lone consonant or vowel would match
nearly every short native word.  The coarseness and the minimum were chosen
from ``scripts/measure_phonetic_key.py`` (figures in the README).

ICU transliterators keep working buffers: one per thread, created on first
use and never pickled (as the break iterators of :mod:`index.analysis.breaks`).
The memo is shared: a key is a pure function of the term.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable

import icu

from index.analysis.memo import Memo
from index.analysis.textnorm import SCRIPT_BENGALI, SCRIPT_DEVANAGARI, SCRIPT_LATIN, nfc, normalize_term, script_of

__all__ = [
    "MIN_KEY_CHARS",
    "MIN_VARIANT_CHARS",
    "key_variants",
    "phonetic_key",
    "remember_keys",
    "spelling_variants",
]

# "ha" (Ho, Hai, Hue) is kept: names of one syllable are most of Vietnamese
# names, and inside a phrase their keys are precise enough.  A one-letter key
# ("a" for a, i, o; "N" for ং) is not.
MIN_KEY_CHARS = 2
# No word is this long; a longer "word" is a crawler accident, and ICU
# transliteration is superlinear in its length.
_MAX_TERM_CHARS = 64

# Bengali writes case and plural endings onto the word (স্টার্টআপগুলিকে,
# ডিজিটালের); Hindi writes them apart.  Only endings that no loanword or
# name ends in: a bare -র or -টি is also the word's own (পিটার, পার্টি).
_BN_ENDINGS = tuple(
    sorted(
        map(nfc, ("গুলিকে", "গুলোকে", "গুলিতে", "গুলোতে", "গুলির", "গুলোর", "গুলি", "গুলো", "দের", "য়ের", "ের", "কে")),
        key=len,
        reverse=True,
    )
)
# ব-ফলা after a consonant is not said (স্বাস্থ্য shasthyo, বিশ্ব); Hindi's व there is
# the v glide the key drops (स्वास्थ्य).  After র, ম, ব the ব is a b (সর্ব, অম্বর).
_BN_B_PHALA_RE = re.compile("(?<=[\u0995-\u09ab\u09ad\u09af\u09b2-\u09b9\u09ce])\u09cd\u09ac")
_BN_CLASSIFIERS = ("টির", "টিকে", "টিতে", "টি", "টা")
_BN_CONSONANT_RE = re.compile("[\u0995-\u09b9\u09bc\u09ce]")
_BN_R_AFTER = frozenset("িীুূেৈোৌ")
_MIN_STEM_CHARS = 3
_INDIC = frozenset({SCRIPT_BENGALI, SCRIPT_DEVANAGARI})
_KEYED_SCRIPTS = frozenset({SCRIPT_BENGALI, SCRIPT_DEVANAGARI, SCRIPT_LATIN})

# Any-Latin writes the inherent vowel as a bare "a" after a consonant and a
# written vowel with a macron or as another letter (ā, i, ē...); the
# apostrophe separates letters that would otherwise read as a digraph.
# U+0325 (ring below) makes r and l the vocalic ऋ r̥, ঌ l̥.
_WRITTEN_VOWELS = frozenset("aeiouyāīūēōŏĕ'\u0325")
# The flap ড় ঢ় ड़ ढ़ (ṛ) stays its own letter R: no English or Vietnamese r is
# written with it, and বড়, बड़ा must not meet every Latin word in r.
_NASALS_AND_FLAP = str.maketrans({"ṁ": "ng", "ṃ": "ng", "ṅ": "ng", "ṛ": "R"})
_CHANDRABINDU = "m\u0310"
_VOCALIC_R = "r\u0325"
_SOFT_G_RE = re.compile(r"(?<!n)g(?=[eiy])")
_SOFT_C_RE = re.compile(r"c(?=[eiy])")
# English final e is silent after a consonant (update, database); a word
# with no other vowel keeps it (Le, Tre).
_SILENT_E_RE = re.compile(r"([aeiouy][^aeiouy]*[^aeiouy])e$")
_TION_RE = re.compile(r"(?<=.)ti(?=on)")
# A w after a vowel and before no vowel is part of the vowel (Matthew =
# ম্যাথিউ, Moscow = মস্কো, new = নিউ).
_VOWEL_W_RE = re.compile(r"(?<=[aeiou])w(?![aeiouy])")
_NON_LETTER_RE = re.compile(r"[^a-zR]")
_H_AFTER_CONSONANT_RE = re.compile(r"(?<=[bcdfgjklmnpqrstvwxzNR])h")
_H_BEFORE_NO_VOWEL_RE = re.compile(r"h(?![aeiouy])")
# Bengali writes w as ও/উ + য় or উ + ই/এ (ওয়ার্ড oyarda, উইলো uilo), Hindi as
# व (वार्ड varda), Latin as w: all three become b below.  After a consonant
# a w or v glide (क्वांग kvanga, Quang, কোয়াং koyan) goes; after r, l or a
# nasal it is a consonant (service, सर्विस).
_GLIDE_W_RE = re.compile(r"(^|[aeiou'])(?:[ou]y(?=[aeiou])|u(?=[ie]))")
# At the start ICU may put an apostrophe inside the glide (উইল u'ila).
_GLIDE_W_START_RE = re.compile(r"^(?:[ou]'?y(?=[aeiou])|u'?(?=[ie]))")
_GLIDE_AFTER_CONSONANT_RE = re.compile(r"(?<=[bcdfgjkpqstxz])[vw](?=[aeiouy]|$)")
_MERGES = (("x", "ks"), ("q", "k"), ("c", "k"), ("z", "j"), ("f", "p"), ("v", "b"), ("w", "b"))
_VOWELS_RE = re.compile(r"[aeiouy]+")
_NK_RE = re.compile(r"n(?=[kg])")
_DOUBLE_RE = re.compile(r"(.)\1+")


class _Translit(threading.local):
    """The current thread's ICU transliterators (never pickled, created on first use)."""

    to_latin: icu.Transliterator | None = None
    to_ascii: icu.Transliterator | None = None


_TRANSLIT = _Translit()


def _to_latin(text: str) -> str:
    if _TRANSLIT.to_latin is None:
        _TRANSLIT.to_latin = icu.Transliterator.createInstance("Any-Latin")
    return unicodedata.normalize("NFC", str(_TRANSLIT.to_latin.transliterate(text)))


def _to_ascii(text: str) -> str:
    if _TRANSLIT.to_ascii is None:
        _TRANSLIT.to_ascii = icu.Transliterator.createInstance("Latin-ASCII")
    return str(_TRANSLIT.to_ascii.transliterate(text))


def _is_vowel(ch: str) -> bool:
    return ch in _WRITTEN_VOWELS


def _drop_schwas(latin: str) -> str:
    """Any-Latin text of one Indic word without the inherent vowels speakers drop.

    Right to left, as Ohala's rule runs: an inherent "a" (a bare a after a
    consonant) goes at the end of the word, and before a consonant (an
    aspirate counts as one) whose vowel is still there, unless it is in the
    first syllable: কমলা kamalā keeps its first a, इटली iṭalī and मैक्सवेल
    maiksavēla lose theirs.
    """
    chars = list(latin)
    n = len(chars)
    for i in range(n - 1, 0, -1):
        if chars[i] != "a" or _is_vowel(latin[i - 1]) or (i + 1 < n and unicodedata.combining(latin[i + 1])):
            continue
        if i == n - 1 or latin[i + 1] == "'":
            # Final; or before a written vowel (নেটওয়ার্ক net'oyark): the vowels
            # would merge anyway, and the glide after it must see a vowel.
            chars[i] = ""
        elif i == 1:
            # Bengali and Hindi write Vietnamese Ng- as ন-গ / न्ग: no vowel between.
            if latin[0] == "n" and latin[2] == "g":
                chars[i] = ""
        elif i + 2 < n and not _is_vowel(latin[i + 1]):
            # The next consonant's vowel, past an aspiration (ph, bh: one letter).
            j = i + 3 if latin[i + 2] == "h" and i + 3 < n else i + 2
            if _is_vowel(latin[j]) and chars[j] != "" and any(map(_is_vowel, latin[: i - 1])):
                chars[i] = ""
    return "".join(chars)


def _bengali_stem(term: str) -> str:
    for ending in _BN_ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= _MIN_STEM_CHARS:
            return term[: -len(ending)]
    # The classifier -টি/-টা after a bare consonant (সিস্টেমটি, গ্রুপটি); after a
    # vowel sign or a virama the ট is the word's own (কমিটি, পার্টি).
    for ending in _BN_CLASSIFIERS:
        if term.endswith(ending) and len(term) - len(ending) >= _MIN_STEM_CHARS:
            if _BN_CONSONANT_RE.fullmatch(term[-len(ending) - 1]):
                return term[: -len(ending)]
    # The locative -ে after a bare consonant (ওয়াশিংটনে, ইরাকে).
    if term.endswith("ে") and len(term) > _MIN_STEM_CHARS + 1 and _BN_CONSONANT_RE.fullmatch(term[-2]):
        return term[:-1]
    # The genitive -র after a vowel sign other than া (নাপোলির, কুলিবালির,
    # কমিটির): -ার is also English -er (পিটার).
    if term.endswith("র") and len(term) > _MIN_STEM_CHARS and term[-2] in _BN_R_AFTER:
        return term[:-1]
    return term


def _indic_latin(term: str) -> str:
    if script_of(term[-1]) == SCRIPT_BENGALI:
        term = _BN_B_PHALA_RE.sub("", _bengali_stem(term))
    # Vocalic r (কৃষি kr̥ṣi) is said and written in Latin as ri (krishi, Krishna).
    latin = _to_latin(term).replace(_CHANDRABINDU, "").replace(_VOCALIC_R, "ri").translate(_NASALS_AND_FLAP)
    return _to_ascii(_drop_schwas(latin))


def _latin_latin(term: str) -> str:
    # English and Vietnamese spell j and s as g and c before front vowels
    # (digital, Giang); Bengali and Hindi write what is said (ডিজিটাল, জিয়াং).
    latin = _SOFT_C_RE.sub("s", _SOFT_G_RE.sub("j", _TION_RE.sub("si", _to_ascii(term))))
    latin = _VOWEL_W_RE.sub("u", latin)
    if latin.startswith("mc"):
        latin = "mac" + latin[2:]  # McFaull = ম্যাকফল
    return _SILENT_E_RE.sub(r"\1", latin)


def _reduce(latin: str, glides: bool = True) -> str:
    # The glide before the apostrophe goes: ICU writes নেটওয়ার্ক as net'oyark.
    if glides:
        latin = _GLIDE_W_RE.sub(r"\1w", _GLIDE_W_START_RE.sub("w", latin))
    key = _NON_LETTER_RE.sub("", latin).replace("ng", "N")
    key = _H_BEFORE_NO_VOWEL_RE.sub("", _H_AFTER_CONSONANT_RE.sub("", key))
    key = _GLIDE_AFTER_CONSONANT_RE.sub("", key)
    for a, b in _MERGES:
        key = key.replace(a, b)
    # n before k or g is the velar nasal, as ঙ্ক, ंक and ng are (monkey = मंकी).
    key = _VOWELS_RE.sub("a", _NK_RE.sub("N", key).replace("Ng", "N"))
    return _DOUBLE_RE.sub(r"\1", key)


def _compute(term: str) -> str:
    if len(term) > _MAX_TERM_CHARS:
        return ""
    # Already normalised terms come back unchanged; anything else (a query
    # word as typed, Nguyễn) is folded as the index folds it.
    term = normalize_term(term)
    if not term:
        return ""
    scripts = {script_of(ch) for ch in term}
    if not scripts <= _KEYED_SCRIPTS:
        return ""
    key = _reduce(_indic_latin(term) if scripts & _INDIC else _latin_latin(term))
    return key if len(key) >= MIN_KEY_CHARS else ""


_KEYS: Memo[str, str] = Memo(_compute, 1 << 18)


def phonetic_key(term: str) -> str:
    """The phonetic key of one normalised term (``normalize_term``), or "" if it has none.

    Pure and deterministic: the same term gives the same key in any thread
    or process, at build time and at query time.
    """
    return _KEYS[term]


def remember_keys(found: Iterable[tuple[str, str]]) -> None:
    """Take (term, its phonetic key) pairs computed by another process into this one's memo.

    A key is a pure function of its term, so a key computed elsewhere is
    the one this process would compute: the build's alignment workers key
    every stem they judge, and the builder, which learns the lexicon from
    those stems, takes their keys instead of transliterating them again.
    """
    keys = dict(found)
    if len(_KEYS) + len(keys) > _KEYS.maxsize:
        _KEYS.clear()
    _KEYS.update(keys)


# Keys this long or longer have variants (key_variants), at most one letter
# shorter; a shorter key's variants would be the keys of too many unrelated
# words (scripts/measure_phonetic_key.py: with 4, a lone English word reaches
# 13.8 native words instead of 10.0; with 5, 11.9).
MIN_VARIANT_CHARS = 5
_KEY_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxzNR")


def key_variants(key: str) -> list[str]:
    """Keys one inherent vowel away from ``key``: where Bengali, Hindi and English spelling disagree most.

    Bengali keeps a vowel that Hindi drops and English spells where neither
    says it (Jones ``janas``, জোন্স ``jans``; Adams ``adams``, অ্যাডামস
    ``adamas``; Grande ``grand``, ग्रांडे ``granda``): each variant drops an
    ``a`` between two consonants, puts one between two consonants (both past
    the first vowel, which every spelling says), or drops or adds a final
    one.  Only for keys of MIN_VARIANT_CHARS or more, and only variants at
    most one letter shorter; in the order described, without repeats.
    """
    if len(key) < MIN_VARIANT_CHARS or "a" not in key:
        return []
    out: list[str] = []
    for variant in _vowel_edits(key):
        variant = _DOUBLE_RE.sub(r"\1", variant)
        if len(variant) >= MIN_VARIANT_CHARS - 1 and variant != key and variant not in out:
            out.append(variant)
    return out


def _vowel_edits(key: str) -> list[str]:
    """``key`` with one ``a`` dropped or added (key_variants), before doubles are collapsed."""
    found: list[str] = []
    last = len(key) - 1
    # The first syllable's vowel is said in every spelling: only after it.
    first = key.find("a")
    for i in range(first + 2, last):
        if key[i] == "a" and key[i - 1] in _KEY_CONSONANTS and key[i + 1] in _KEY_CONSONANTS:
            found.append(key[:i] + key[i + 1 :])
    for i in range(first + 2, len(key)):
        if key[i - 1] in _KEY_CONSONANTS and key[i] in _KEY_CONSONANTS:
            found.append(key[:i] + "a" + key[i:])
    if key[last] == "a" and key[last - 1] in _KEY_CONSONANTS:
        found.append(key[:last])
    elif key[last] in _KEY_CONSONANTS:
        found.append(key + "a")
    return found


# English spells a z sound s between vowels and after a final vowel (Desert
# ডেজার্ট, Mercedes मर्सीडीज़, Rosa রোজা), and the j of -dge, -dgi as dg
# (Bridge ব্রিজ); a plural's -s is often left out (Discs ডিস্ক).
_LATIN_VOWELS = "aeiouy"
_VOICED_S_RE = re.compile(f"(?<=[{_LATIN_VOWELS}])s(?=[{_LATIN_VOWELS}]|$)")
_DGE_RE = re.compile("dg(?=[eiy])")
_MIN_PLURAL_CHARS = 4
# The keys of _RESPELLINGS may have 3 letters, one fewer than other variants.
_MIN_RESPELT_CHARS = 3
# Other English readings of a spelling, each tried alone (one respelling per
# variant): how Bengali and Hindi write what the letters say.
_RESPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("th", "d"),  # voiced th: Southern সাউদার্ন, Brother ब्रदर, Rutherford রাদারফোর্ড
        ("(?<=.)gh", ""),  # silent gh: Houghton হাউটন, Night नाइट, Kavanaugh
        ("(?<!t)ch", "sh"),  # French ch: Michigan মিশিগান, Charlotte शैर्लोट, Rachel
        ("tch", "ch"),  # Hutchinson হাচিনসন, Mitchell
        ("^kn", "n"),  # Knott नॉट, Knight
        ("^wh", "h"),  # White হোয়াইট: Bengali writes the h (Hindi's व्हाइट meets the key)
        ("x(?=[aeiouy])", "kz"),  # Examiner एक्ज़ामिनर, Alexander আলেকজান্ডার
    )
)


def spelling_variants(term: str) -> list[str]:
    """Other keys of a word typed in Latin letters, as English spelling may also be said ([] for other scripts).

    Each key of a respelling: s voiced as z between vowels or at the end
    after a vowel, dg before e, i or y as j, a plural -s (or -es) left out;
    the word read letter by letter, as other languages spell (Kante कांते:
    no silent e; Carnegie: a hard g), when that key has MIN_VARIANT_CHARS
    letters; and the key with a final ``r`` after its last vowel, the Bengali genitive
    the key keeps after া (ওকলাহোমার, Oklahoma's).  Only variants of
    MIN_VARIANT_CHARS - 1 letters or more, as for key_variants (Jones as a
    plural, ``jan``, would be জন "John").  Then the keys of the other
    English readings in _RESPELLINGS (a voiced th, a silent gh, k or h, ch
    said sh, tch said ch, x said kz), one respelling each, of 3 letters or
    more: a letter read as silent is a surer guess than a plural's -s
    left out.  Without the key itself or repeats, in that order.
    """
    term = normalize_term(term)
    if not term.isascii() or not term.isalpha():
        return []
    respelt = [_VOICED_S_RE.sub("z", term), _DGE_RE.sub("j", term)]
    if len(term) >= _MIN_PLURAL_CHARS and term.endswith("s") and not term.endswith("ss"):
        respelt += [term[:-1], term[:-2]] if term.endswith("es") else [term[:-1]]
    key = phonetic_key(term)
    found = [phonetic_key(w) for w in respelt]
    # A silent letter left unsaid may leave a key of 3 letters (Night नाइट, nat).
    respelt_keys = [phonetic_key(pattern.sub(replacement, term)) for pattern, replacement in _RESPELLINGS]
    # Read letter by letter, without English's soft g and c, silent e and -tion:
    # names of other languages (Kante कांते, Carnegie কার্নেগি).
    # Nor is a Latin u before i or e a w (Louisiana लुइसियाना).  Only a long
    # key: a short English word read so (make, "maka") reaches too many words.
    spelt = _reduce(_to_ascii(term), glides=False)
    if len(spelt) >= MIN_VARIANT_CHARS:
        found.append(spelt)
    if key.endswith("a"):
        found.append(key + "r")
    out: list[str] = []
    for variant in found:
        if len(variant) >= MIN_VARIANT_CHARS - 1 and variant != key and variant not in out:
            out.append(variant)
    for variant in respelt_keys:
        if len(variant) >= _MIN_RESPELT_CHARS and variant != key and variant not in out:
            out.append(variant)
    return out
