"""build_gazetteer.py's hand-curated tables: MT spellings per syllable and per name, drops, URL rules, reviews.

Terms are normalised with :func:`index.analysis.textnorm.normalize_term`, as
the gazetteer normalises what it matches (build_gazetteer.py puts the
repository on ``sys.path`` before it imports this module).
"""

from __future__ import annotations

from collections.abc import Mapping

from index.analysis.textnorm import normalize_term

# Per-syllable MT renderings, keyed by the lower-cased Vietnamese syllable
# (with its diacritics: "cần" and "can" are different syllables).  The first
# rendering is the one used for the display label.
SYLL_BN: Mapping[str, tuple[str, ...]] = {
    "an": ("আন", "অ্যান"),
    "bà": ("বা",),
    "bạc": ("বাক", "ব্যাক"),
    "bắc": ("বাক", "ব্যাক"),
    "bái": ("বাই",),
    "bằng": ("বাং", "ব্যাং"),
    "bến": ("বেন",),
    "biên": ("বিয়েন", "বিএন"),
    "bình": ("বিন", "বিনহ", "বিহ্ন"),
    "cà": ("কা", "ক্যা", "সিএ"),
    "cai": ("কাই", "কায়"),
    "cần": ("ক্যান", "কান"),
    "cao": ("কাও",),
    "châu": ("চাউ", "চাও", "চৌ"),
    "dương": ("ডুওং", "দুওং", "ডুয়ং", "দুয়ং"),
    "đà": ("দা", "ডা"),
    "đắk": ("ডাক", "দাক", "ড্যাক"),
    "điện": ("দিয়েন", "ডিয়েন"),
    "định": ("দিন", "দিনহ"),
    "đồng": ("ডং", "দং", "ডোং", "দোং"),
    "gia": ("গিয়া", "জিয়া"),
    "giang": ("গিয়াং", "জিয়াং", "জাং"),
    "hà": ("হা",),
    "hải": ("হাই",),
    "hậu": ("হাউ", "হাও"),
    "hòa": ("হোয়া",),
    "hóa": ("হোয়া",),
    "hưng": ("হুং", "হাং"),
    "kạn": ("কান", "ক্যান"),
    "khánh": ("খান", "খানহ"),
    "kiên": ("কিয়েন", "কিএন"),
    "kon": ("কন", "কোন"),
    "la": ("লা",),
    "lai": ("লাই",),
    "lắk": ("লাক", "ল্যাক"),
    "lâm": ("লাম",),
    "lạng": ("ল্যাং", "লাং"),
    "lào": ("লাও",),
    "liêu": ("লিউ", "লিয়েউ", "লিও"),
    "long": ("লং",),
    "mau": ("মাউ", "মৌ"),
    "nai": ("নাই",),
    "nam": ("নাম",),
    "nẵng": ("নাং", "নাঙ"),
    "nghệ": ("এনঘে", "নঘে", "ঙে", "এনগে"),
    "ngãi": ("নগাই", "এনগাই", "গাই", "ঙাই"),
    "nguyên": ("নগুয়েন", "গুয়েন", "এনগুয়েন"),
    "ninh": ("নিন", "নিনহ"),
    "nội": ("নোই",),
    "nông": ("নং", "নোং"),
    "phòng": ("ফং", "ফোং"),
    "phú": ("ফু",),
    "phúc": ("ফুক",),
    "phước": ("ফুওক", "ফুক", "ফুয়োক"),
    "quang": ("কোয়াং", "কুয়াং"),
    "quảng": ("কোয়াং", "কুয়াং"),
    "rịa": ("রিয়া",),
    "sóc": ("সোক", "সক"),
    "sơn": ("সন", "সোন"),
    "tàu": ("তাউ", "টাউ", "তাও"),
    "tây": ("তায়", "টে", "টাই"),
    "thái": ("থাই", "তাই"),
    "thanh": ("থান", "থানহ"),
    "tháp": ("থাপ",),
    "thọ": ("থো",),
    "thơ": ("থো",),
    "thuận": ("থুয়ান", "থুআন"),
    "tiền": ("তিয়েন", "টিয়েন"),
    "tĩnh": ("তিন", "তিনহ"),
    "trà": ("ত্রা", "ট্রা"),
    "trăng": ("ট্রাং", "ত্রাং"),
    "tre": ("ত্রে", "ট্রে"),
    "trị": ("ত্রি", "ট্রি"),
    "tum": ("তুম", "টুম"),
    "tuyên": ("টুয়েন", "তুয়েন"),
    "vĩnh": ("ভিন", "ভিনহ"),
    "vinh": ("ভিন", "ভিনহ"),
    "vũng": ("ভুং",),
    "yên": ("ইয়েন",),
}

SYLL_HI: Mapping[str, tuple[str, ...]] = {
    "an": ("आन", "एन", "अन"),
    "bà": ("बा",),
    "bạc": ("बाक", "बैक", "बक"),
    "bắc": ("बाक", "बैक", "बक"),
    "bái": ("बाई", "बाइ"),
    "bằng": ("बांग", "बैंग", "बंग"),
    "bến": ("बेन", "बैन"),
    "biên": ("बिएन", "बियेन", "बीएन"),
    "bình": ("बिन्ह", "बिन", "बिंह"),
    "cà": ("का", "कै", "सीए"),
    "cai": ("काई", "काइ", "कै"),
    "cần": ("कैन", "कान", "केन"),
    "cao": ("काओ",),
    "châu": ("चाउ", "चौ"),
    "dương": ("डुओंग", "दुओंग", "डुयोंग", "दुयोंग", "ड्यूओंग"),
    "đà": ("दा", "डा"),
    "đắk": ("डाक", "दाक", "डक"),
    "điện": ("दिएन", "डिएन", "दियेन"),
    "định": ("दिन्ह", "दिन", "दिंह"),
    "đồng": ("डोंग", "दोंग", "डॉन्ग", "डांग"),
    "gia": ("जिया", "गिया", "जिआ"),
    "giang": ("जियांग", "गियांग", "जिआंग"),
    "hà": ("हा",),
    "hải": ("हाई", "हाइ", "है"),
    "hậu": ("हाउ", "हौ"),
    "hòa": ("होआ",),
    "hóa": ("होआ",),
    "hưng": ("हुंग", "हंग"),
    "kạn": ("कान", "कैन"),
    "khánh": ("खान्ह", "खान", "खांह"),
    "kiên": ("किएन", "कियेन", "कीन"),
    "kon": ("कोन", "कॉन"),
    "la": ("ला",),
    "lai": ("लाई", "लाइ"),
    "lắk": ("लाक", "लक"),
    "lâm": ("लाम",),
    "lạng": ("लांग", "लैंग", "लंग"),
    "lào": ("लाओ",),
    "liêu": ("लियू", "लिउ", "लिएउ"),
    "long": ("लॉन्ग", "लोंग", "लांग"),
    "mau": ("माउ", "मऊ", "माऊ"),
    "nai": ("नाई", "नाइ", "नै"),
    "nam": ("नाम",),
    "nẵng": ("नांग", "नंग"),
    "nghệ": ("न्घे", "नघे", "न्गे", "ङे"),
    "ngãi": ("न्गाई", "नगाई", "गाई"),
    "nguyên": ("न्गुयेन", "गुयेन", "नगुयेन"),
    "ninh": ("निन्ह", "निन", "निंह"),
    "nội": ("नोई", "नोइ"),
    "nông": ("नोंग", "नॉन्ग"),
    "phòng": ("फोंग", "फॉन्ग"),
    "phú": ("फु", "फू"),
    "phúc": ("फुक", "फूक"),
    "phước": ("फुओक", "फुक", "फ्वोक"),
    "quang": ("क्वांग", "क्वैंग", "कुआंग"),
    "quảng": ("क्वांग", "क्वैंग", "कुआंग"),
    "rịa": ("रिया",),
    "sóc": ("सोक", "सॉक"),
    "sơn": ("सोन", "सॉन", "सन"),
    "tàu": ("ताउ", "ताऊ", "तौ"),
    "tây": ("ताय", "टे", "ताई", "तै", "टाय"),
    "thái": ("थाई", "थाइ", "ताई"),
    "thanh": ("थान्ह", "थान", "थांह"),
    "tháp": ("थाप",),
    "thọ": ("थो", "थॉ"),
    "thơ": ("थो", "थौ"),
    "thuận": ("थुआन", "थुअन"),
    "tiền": ("तिएन", "टिएन", "तियेन"),
    "tĩnh": ("तिन्ह", "टिन्ह", "तिन", "टिन"),
    "trà": ("ट्रा", "त्रा"),
    "trăng": ("ट्रांग", "त्रांग"),
    "tre": ("ट्रे", "त्रे"),
    "trị": ("त्रि", "ट्री", "त्री"),
    "tum": ("तुम", "टुम"),
    "tuyên": ("तुयेन", "तुएन", "टुयेन"),
    "vĩnh": ("विन्ह", "विन", "विंह"),
    "vinh": ("विन्ह", "विन", "विंह"),
    "vũng": ("वुंग", "वंग"),
    "yên": ("येन",),
}

# Slugs that take only their EXTRA spellings, no syllable products: every
# spelling of Hồ Chí Minh City must keep its "City" part (bare Hồ Chí Minh is
# the person), and Huế's old name Thừa Thiên Huế is spelt out whole.
HAND_ONLY = frozenset({"ho-chi-minh", "hue"})

# Whole-name spellings, first one per language is the label unless
# LABEL overrides it.  Latin entries are written as newspapers write them;
# diacritics and case do not matter for matching.
EXTRA: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "ha-noi": {
        "latin": ("Hanoi", "Ha Noi"),
        "bn": ("হ্যানয়", "হানয়", "হা নোই", "হ্যানোই", "হানোই"),
        "hi": ("हनोई", "हनोइ", "हा नोई", "हा नोइ", "हैनोई", "हानोई"),
    },
    "ho-chi-minh": {
        "latin": (
            "Ho Chi Minh City",
            "Thành phố Hồ Chí Minh",
            "TP Hồ Chí Minh",
            "TP.HCM",
            "TPHCM",
            "HCMC",
            "HCM City",
            "Hochiminh City",
            "Saigon",
            "Sài Gòn",
        ),
        "bn": (
            "হো চি মিন সিটি",
            "হো চি মিন শহর",
            "হো চি মিন নগরী",
            "হো চি মিন নগর",
            "হো চি মিনহ সিটি",
            "হো চি মিনহ শহর",
            "হোচিমিন সিটি",
            "থান ফো হো চি মিন",
            "এইচসিএমসি",
            "সাইগন",
            "সায়গন",
        ),
        "hi": (
            "हो ची मिन्ह सिटी",
            "हो ची मिन्ह शहर",
            "हो ची मिन्ह नगर",
            "हो ची मिन सिटी",
            "हो ची मिन शहर",
            "हो चि मिन्ह सिटी",
            "हो चि मिन्ह शहर",
            "एचसीएमसी",
            "साइगॉन",
            "साइगोन",
            "सैगॉन",
        ),
    },
    "hue": {
        "latin": ("Huế", "Thừa Thiên Huế", "Thua Thien-Hue"),
        "bn": ("হিউ", "হুয়ে", "থুয়া থিয়েন হিউ", "থুয়া থিয়েন-হিউ", "থুয়া থিয়েন হুয়ে"),
        "hi": ("ह्यू", "ह्यु", "थुआ थिएन ह्यू", "थुआ थियेन ह्यू", "थुआ थिएन हुए", "थुआ थिएन ह्यु"),
    },
    "da-nang": {"latin": ("Danang",), "bn": ("দানাং", "ডানাং", "দা নাঙ্গ"), "hi": ("दानांग", "डानांग")},
    "hai-phong": {
        "latin": ("Haiphong",),
        "bn": ("হাইফং", "হাইফোং"),
        "hi": ("हाईफोंग", "हाइफोंग"),
    },
    "can-tho": {"latin": ("Cantho",)},
    "ba-ria-vung-tau": {"latin": ("Ba Ria-Vung Tau",)},
    "dak-lak": {"latin": ("Daklak",)},
    "dak-nong": {"latin": ("Daknong",)},
    "kon-tum": {"latin": ("Kontum",)},
    "bac-kan": {"latin": ("Bac Can", "Backan")},
}

LABEL: Mapping[str, Mapping[str, str]] = {
    "ha-noi": {"en": "Hanoi", "bn": "হ্যানয়", "hi": "हनोई"},
    "ho-chi-minh": {"en": "Ho Chi Minh City", "bn": "হো চি মিন সিটি", "hi": "हो ची मिन्ह सिटी"},
    "hue": {"en": "Hue", "bn": "হিউ", "hi": "ह्यू"},
    "ba-ria-vung-tau": {"en": "Ba Ria-Vung Tau"},
    # the plain MT spellings read as "give a name" / "post no."
    "nam-dinh": {"bn": "নাম দিনহ"},
    "dak-nong": {"bn": "ডাক নোং"},
}

# Spellings that are also ordinary words or phrases; they count next to a
# province/city word (কা মাউ প্রদেশ, tỉnh ..., ... प्रांत), or where the same
# article names the province otherwise.  নাম দিন is "give a name", তাই নিন
# "so take (it)", টাই নিন "take a tie", ডাক নং "post no.", बिन दिन "without
# day", का मऊ "of Mau" (a town in Uttar Pradesh); হিউ / ह्यू is also Hugh
# (Hugh Jackman), "hue" an English word.
GATED: Mapping[str, tuple[str, ...]] = {
    "nam-dinh": ("নাম দিন", "नाम दिन"),
    "tay-ninh": ("তাই নিন", "টাই নিন"),
    "dak-nong": ("ডাক নং",),
    "binh-dinh": ("बिन दिन",),
    "ca-mau": ("का मऊ",),
    "hue": ("Huế", "হিউ", "ह्यू", "ह्यु"),
}

# CLDR/WOF names that are wrong or are ordinary words: हुए is a common Hindi
# verb form ("happened"), হুই a Chinese name, ताइयुआन is Taiyuan (China),
# सा मऊ a garbled Cà Mau, "Ho Chi Minh"/"Hochiminh" the person, सोनला a
# village in Uttarakhand.
DROP = frozenset(
    normalize_term(s) for s in ("हुए", "হুই", "ताइयुआन", "सा मऊ", "Ho Chi Minh", "Hochiminh", "सोनला", "সোনলা")
)

# Province names in a URL are ASCII Vietnamese with the diacritics gone, so
# some collide with ordinary words: "dien-bien" is also diễn biến
# ("developments"), "hoa-binh" hòa bình ("peace"), "da-nang" đa năng
# ("multi-purpose"), "hue" huệ ("lily"), "hai-duong" hai đường ("two roads"),
# "cao-bang" cao bằng ("as tall as").  A leading "^" in url_variants means:
# only at the start of a path segment or after tinh/tp/thanh-pho.
URL_START_ONLY = frozenset({"da-nang", "hue", "hai-duong", "cao-bang"})
URL_OVERRIDE: Mapping[str, tuple[str, ...]] = {
    "dien-bien": ("tinh-dien-bien", "dien-bien-phu", "dienbien"),
    "hoa-binh": ("tinh-hoa-binh", "tp-hoa-binh", "thanh-pho-hoa-binh", "hoabinh"),
    "ho-chi-minh": (
        "ho-chi-minh-city",
        "thanh-pho-ho-chi-minh",
        "tp-ho-chi-minh",
        "tp-hcm",
        "tphcm",
        "hcmc",
        "sai-gon",
        "saigon",
    ),
    "hue": ("^hue", "thua-thien-hue"),
}

# Single-token spellings fire on any one word, so each was checked by hand
# not to be a Bengali, Hindi or English word.  The build fails on any other.
SINGLE_TOKEN_OK = frozenset(
    normalize_term(s)
    for s in (
        "hanoi", "haiphong", "danang", "cantho", "daklak", "daknong", "kontum", "backan",
        "saigon", "tphcm", "hcmc", "hue",
        "হ্যানয়", "হানয়", "হ্যানোই", "হানোই", "এইচসিএমসি", "সাইগন", "সায়গন", "হিউ", "হুয়ে",
        "দানাং", "ডানাং", "হাইফং", "হাইফোং",
        "हनोई", "हनोइ", "हैनोई", "हानोई", "एचसीएमसी", "साइगॉन", "साइगोन", "सैगॉन", "ह्यू", "ह्यु",
        "दानांग", "डानांग", "हाईफोंग", "हाइफोंग",
        # WOF joined spellings of two-syllable names: not words in any language
        "laichau", "langson", "sonla", "yenbai", "hoabinh", "thainguyen", "hatinh", "quangbinh",
        "quangnam", "quangtri", "caobang", "hagiang", "laocai", "ভিনলং",
        # CLDR transliterations of Nghệ An / Thái Nguyên: odd, but not words
        "নেহেয়ান", "তৈইয়ূআন",
    )
)  # fmt: skip

# The official name keeps "Thành phố" (City): bare "Hồ Chí Minh" is the person.
NAME_VI: Mapping[str, str] = {"ho-chi-minh": "Thành phố Hồ Chí Minh"}

PROVINCE_WORDS = ("প্রদেশ", "प्रांत", "प्रान्त")
VI_PREFIXES = ("Tỉnh ", "Thành phố ")
