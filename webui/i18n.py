"""Interface strings in English, Bengali and Hindi.

Stage: presentation.  Only the words of the interface live here: facet
*values* (provinces, languages, resolutions) carry their own labels in the
search result's data (``labels``), so the HTML page and the JSON API name
them alike.  A missing key or language is a bug that a test catches, not a
silent fallback.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["LANGUAGE_NAMES", "STRINGS", "translate"]

# The interface languages, each named in itself (for the switch).
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "bn": "বাংলা", "hi": "हिन्दी"}

STRINGS: Mapping[str, Mapping[str, str]] = {
    # Page frame
    "tagline": {
        "en": "Bengali and Hindi news search",
        "bn": "বাংলা ও হিন্দি সংবাদ অনুসন্ধান",
        "hi": "बांग्ला और हिन्दी समाचार खोज",
    },
    "skip": {"en": "Skip to results", "bn": "ফলাফলে যান", "hi": "परिणामों पर जाएँ"},
    "ui_language": {"en": "Interface language", "bn": "ইন্টারফেসের ভাষা", "hi": "इंटरफ़ेस की भाषा"},
    "home": {"en": "Search", "bn": "অনুসন্ধান", "hi": "खोज"},
    # Search form
    "search_label": {"en": "Search the news", "bn": "সংবাদ খুঁজুন", "hi": "समाचार खोजें"},
    "search_button": {"en": "Search", "bn": "খুঁজুন", "hi": "खोजें"},
    "search_hint": {
        "en": 'Words, "exact phrases", OR, -exclusion, province:hue',
        "bn": 'শব্দ, "হুবহু বাক্যাংশ", OR, -বাদ, province:hue',
        "hi": 'शब्द, "सटीक वाक्यांश", OR, -बहिष्कार, province:hue',
    },
    "mode": {"en": "Search in", "bn": "যেখানে খুঁজবেন", "hi": "कहाँ खोजें"},
    "mode_articles": {"en": "Articles", "bn": "নিবন্ধ", "hi": "लेख"},
    "mode_passages": {"en": "Sentences", "bn": "বাক্য", "hi": "वाक्य"},
    # Result summary
    "count_articles": {"en": "{n} articles", "bn": "{n}টি নিবন্ধ", "hi": "{n} लेख"},
    "count_passages": {"en": "{n} sentences", "bn": "{n}টি বাক্য", "hi": "{n} वाक्य"},
    "count_articles_one": {"en": "{n} article", "bn": "{n}টি নিবন্ধ", "hi": "{n} लेख"},
    "count_passages_one": {"en": "{n} sentence", "bn": "{n}টি বাক্য", "hi": "{n} वाक्य"},
    "took": {"en": "{ms} ms", "bn": "{ms} মিলিসেকেন্ড", "hi": "{ms} मिलीसेकंड"},
    "showing": {"en": "showing {first}–{last}", "bn": "দেখানো হচ্ছে {first}–{last}", "hi": "{first}–{last} दिखाए गए"},
    "expansions": {"en": "Also searched", "bn": "এগুলিও খোঁজা হয়েছে", "hi": "ये भी खोजे गए"},
    "cross_language": {
        "en": "Also search the other language (Bengali ↔ Hindi)",
        "bn": "অন্য ভাষাতেও খুঁজুন (বাংলা ↔ হিন্দি)",
        "hi": "दूसरी भाषा में भी खोजें (बांग्ला ↔ हिंदी)",
    },
    "bridge_transliteration": {
        "en": "as written in Bengali or Hindi letters",
        "bn": "বাংলা বা হিন্দি হরফে",
        "hi": "बांग्ला या हिंदी लिपि में",
    },
    "equivalents_title": {"en": "Equivalents", "bn": "প্রতিশব্দ", "hi": "समतुल्य शब्द"},
    "equivalents_label": {"en": "A Bengali or Hindi word", "bn": "একটি বাংলা বা হিন্দি শব্দ", "hi": "एक बांग्ला या हिंदी शब्द"},
    "equivalents_hint": {
        "en": "Its equivalents in the other language: learned from this index's aligned translations, "
        "the same word in the other script, or the bundled seed lexicon.",
        "bn": "অন্য ভাষায় এর প্রতিশব্দ: এই সূচকের সারিবদ্ধ অনুবাদ থেকে শেখা, অন্য লিপিতে একই শব্দ, বা সঙ্গে দেওয়া প্রাথমিক অভিধান।",
        "hi": "दूसरी भाषा में इसके समतुल्य: इस इंडेक्स के संरेखित अनुवादों से सीखे गए, "
        "दूसरी लिपि में वही शब्द, या साथ दिया गया आरंभिक शब्दकोश।",
    },
    "equivalents_stem": {"en": "stem", "bn": "মূল", "hi": "मूल"},
    "equivalents_term": {"en": "Equivalent", "bn": "প্রতিশব্দ", "hi": "समतुल्य"},
    "equivalents_kind": {"en": "From", "bn": "উৎস", "hi": "स्रोत"},
    "equivalents_score": {"en": "Score", "bn": "স্কোর", "hi": "स्कोर"},
    "equivalents_pairs": {"en": "Aligned pairs", "bn": "সারিবদ্ধ জোড়া", "hi": "संरेखित जोड़े"},
    "equivalents_sentences": {"en": "Sentences", "bn": "বাক্য", "hi": "वाक्य"},
    "equivalents_show": {
        "en": "aligned sentences with both",
        "bn": "দুটিই আছে এমন সারিবদ্ধ বাক্য",
        "hi": "दोनों वाले संरेखित वाक्य",
    },
    "equivalents_seed": {"en": "seed lexicon", "bn": "প্রাথমিক অভিধান", "hi": "आरंभिक शब्दकोश"},
    "equivalents_none": {
        "en": "No equivalents are known for this word.",
        "bn": "এই শব্দের কোনো প্রতিশব্দ জানা নেই।",
        "hi": "इस शब्द का कोई समतुल्य ज्ञात नहीं है।",
    },
    "reached_through": {"en": "Found through", "bn": "যার মাধ্যমে পাওয়া গেছে", "hi": "इनके ज़रिए मिला"},
    "bridge_untranslated": {
        "en": "no equivalent, not required of articles in",
        "bn": "প্রতিশব্দ নেই, এই ভাষার নিবন্ধে আবশ্যক নয়:",
        "hi": "समतुल्य नहीं, इस भाषा के लेखों में आवश्यक नहीं:",
    },
    "bridge_lexicon": {"en": "translated", "bn": "অনুবাদ", "hi": "अनुवाद"},
    "bridge_cognate": {"en": "same word", "bn": "একই শব্দ", "hi": "वही शब्द"},
    "bridge_cut": {"en": "{n} weaker terms left out", "bn": "আরও {n}টি দুর্বল শব্দ বাদ", "hi": "{n} कमज़ोर शब्द छोड़े गए"},
    "bridge_remove": {
        "en": "Search without this for {text}",
        "bn": "{text}-এর জন্য এটি ছাড়া খুঁজুন",
        "hi": "{text} के लिए इसके बिना खोजें",
    },
    "sort": {"en": "Sort", "bn": "সাজান", "hi": "क्रम"},
    "sort_relevance": {"en": "Relevance", "bn": "প্রাসঙ্গিকতা", "hi": "प्रासंगिकता"},
    "sort_date": {"en": "Newest first", "bn": "নতুন আগে", "hi": "नए पहले"},
    "browse_all": {
        "en": "All articles, newest first",
        "bn": "সব নিবন্ধ, নতুন আগে",
        "hi": "सभी लेख, नए पहले",
    },
    "undated_last": {
        "en": "Articles with no date: {n}. Newest first lists them last.",
        "bn": "তারিখহীন নিবন্ধ: {n}টি। নতুন আগে সাজালে এগুলি শেষে আসে।",
        "hi": "बिना तारीख़ वाले लेख: {n}। नए पहले के क्रम में ये अंत में आते हैं।",
    },
    "undated_left_out": {
        "en": "Articles with no date: {n}. The year filter leaves them out.",
        "bn": "তারিখহীন নিবন্ধ: {n}টি। বছরের ফিল্টার এগুলি বাদ দেয়।",
        "hi": "बिना तारीख़ वाले लेख: {n}। वर्ष फ़िल्टर इन्हें छोड़ देता है।",
    },
    "download": {"en": "Download these results", "bn": "এই ফলাফল ডাউনলোড করুন", "hi": "ये परिणाम डाउनलोड करें"},
    # Facets
    "filters": {"en": "Filters", "bn": "ফিল্টার", "hi": "फ़िल्टर"},
    "jump_filters": {"en": "Filters", "bn": "ফিল্টার", "hi": "फ़िल्टर"},
    "facet_lang": {"en": "Language", "bn": "ভাষা", "hi": "भाषा"},
    "facet_province": {"en": "Province", "bn": "প্রদেশ", "hi": "प्रांत"},
    "facet_resolution": {"en": "Resolution", "bn": "রেজোলিউশন", "hi": "संकल्प"},
    "facet_source": {"en": "Source", "bn": "উৎস", "hi": "स्रोत"},
    "facet_year": {"en": "Year", "bn": "বছর", "hi": "वर्ष"},
    "selected_filters": {"en": "Selected filters", "bn": "নির্বাচিত ফিল্টার", "hi": "चुने गए फ़िल्टर"},
    "remove_filter": {"en": "Remove filter", "bn": "ফিল্টার সরান", "hi": "फ़िल्टर हटाएँ"},
    "clear_filters": {"en": "Clear all filters", "bn": "সব ফিল্টার সরান", "hi": "सभी फ़िल्टर हटाएँ"},
    "selected": {"en": "selected", "bn": "নির্বাচিত", "hi": "चयनित"},
    "more_values": {"en": "{n} more", "bn": "আরও {n}টি", "hi": "{n} और"},
    "results_with": {"en": "results", "bn": "ফলাফল", "hi": "परिणाम"},
    # Hits
    "results": {"en": "Results", "bn": "ফলাফল", "hi": "परिणाम"},
    "no_date": {"en": "no date", "bn": "তারিখ নেই", "hi": "तारीख़ नहीं"},
    # Notes on a result (search.notes) and "did you mean" (search.suggest)
    "note_query_cut": {
        "en": "The query was {chars} characters long: only its first {words} words were searched.",
        "bn": "অনুসন্ধানটি {chars} অক্ষরের ছিল: শুধু প্রথম {words}টি শব্দ খোঁজা হয়েছে।",
        "hi": "खोज {chars} अक्षरों की थी: केवल पहले {words} शब्द खोजे गए।",
    },
    "note_no_articles": {
        "en": "No article has {facet} {value}. Values in the index: {known}.",
        "bn": "কোনো নিবন্ধে {facet} {value} নেই। সূচিতে আছে: {known}।",
        "hi": "किसी लेख में {facet} {value} नहीं है। सूचकांक में हैं: {known}।",
    },
    "did_you_mean": {"en": "Did you mean", "bn": "আপনি কি খুঁজছেন", "hi": "क्या आपका मतलब था"},
    "translation_of": {"en": "{lang} translation", "bn": "{lang} অনুবাদ", "hi": "{lang} अनुवाद"},
    "side_by_side": {"en": "Side by side", "bn": "পাশাপাশি", "hi": "साथ-साथ"},
    "in_article": {"en": "in", "bn": "নিবন্ধ", "hi": "लेख"},
    "sentence_n": {"en": "sentence {n}", "bn": "বাক্য {n}", "hi": "वाक्य {n}"},
    "aligned": {"en": "Aligned sentence in the translation", "bn": "অনুবাদের সংশ্লিষ্ট বাক্য", "hi": "अनुवाद का संरेखित वाक्य"},
    # Nothing found
    "no_results_q": {
        "en": "Nothing matches “{q}”.",
        "bn": "“{q}”-এর সাথে কিছু মেলেনি।",
        "hi": "“{q}” से कुछ मेल नहीं खाता।",
    },
    "no_results": {
        "en": "Nothing matches these filters.",
        "bn": "এই ফিল্টারগুলির সাথে কিছু মেলেনি।",
        "hi": "इन फ़िल्टरों से कुछ मेल नहीं खाता।",
    },
    "try_removing": {"en": "Try removing", "bn": "এগুলি সরিয়ে দেখুন", "hi": "इन्हें हटाकर देखें"},
    "without_word": {"en": "the word “{word}”", "bn": "“{word}” শব্দটি", "hi": "शब्द “{word}”"},
    "without_filter": {"en": "the filter {label}", "bn": "{label} ফিল্টারটি", "hi": "फ़िल्टर {label}"},
    "all_filters": {"en": "all filters", "bn": "সব ফিল্টার", "hi": "सभी फ़िल्टर"},
    "no_suggestion": {
        "en": "Try other or fewer words.",
        "bn": "অন্য বা কম শব্দ দিয়ে চেষ্টা করুন।",
        "hi": "दूसरे या कम शब्दों से खोजें।",
    },
    "query_error": {"en": "The search could not run", "bn": "অনুসন্ধান চালানো যায়নি", "hi": "खोज नहीं चल सकी"},
    # Paging
    "pagination": {"en": "Pages", "bn": "পৃষ্ঠা", "hi": "पृष्ठ"},
    "previous": {"en": "Previous", "bn": "আগের", "hi": "पिछला"},
    "next": {"en": "Next", "bn": "পরের", "hi": "अगला"},
    "page_n": {"en": "Page {n}", "bn": "পৃষ্ঠা {n}", "hi": "पृष्ठ {n}"},
    "page_of": {"en": "page {n} of {m}", "bn": "পৃষ্ঠা {n} / {m}", "hi": "पृष्ठ {n} / {m}"},
    "pages_capped": {
        "en": "Only the first {n} of {total} can be paged through: add a word or a filter to narrow the search.",
        "bn": "{total}টির মধ্যে কেবল প্রথম {n}টি পাতায় দেখা যায়: অনুসন্ধান সরু করতে একটি শব্দ বা ফিল্টার যোগ করুন।",
        "hi": "{total} में से केवल पहले {n} पन्नों में देखे जा सकते हैं: खोज सीमित करने के लिए कोई शब्द या फ़िल्टर जोड़ें।",
    },
    # Article page
    "back": {"en": "Back to the search", "bn": "অনুসন্ধানে ফিরুন", "hi": "खोज पर लौटें"},
    "language": {"en": "Language", "bn": "ভাষা", "hi": "भाषा"},
    "date": {"en": "Date", "bn": "তারিখ", "hi": "तारीख़"},
    "source": {"en": "Source", "bn": "উৎস", "hi": "स्रोत"},
    "provinces": {"en": "Provinces", "bn": "প্রদেশ", "hi": "प्रांत"},
    "resolutions": {"en": "Resolutions", "bn": "রেজোলিউশন", "hi": "संकल्प"},
    "documents": {"en": "Documents cited", "bn": "উদ্ধৃত নথি", "hi": "उद्धृत दस्तावेज़"},
    "highlighted": {"en": "Search terms highlighted:", "bn": "অনুসন্ধানের শব্দ চিহ্নিত:", "hi": "खोज शब्द चिह्नित:"},
    "translations": {"en": "Translations", "bn": "অনুবাদ", "hi": "अनुवाद"},
    "parallel_title": {
        "en": "Side by side: {a} and {b}",
        "bn": "পাশাপাশি: {a} ও {b}",
        "hi": "साथ-साथ: {a} और {b}",
    },
    "parallel_help": {
        "en": "Each row is one aligned pair. Click a sentence (or its ⇄) to highlight its counterpart.",
        "bn": "প্রতিটি সারি একটি মিলানো জোড়া। কোনো বাক্য বাছলে তার অন্য দিকের বাক্যটি চিহ্নিত হয়।",
        "hi": "हर पंक्ति एक संरेखित जोड़ी है। किसी वाक्य को चुनें तो उसका जोड़ीदार वाक्य चिह्नित होता है।",
    },
    "pair_n": {
        "en": "Highlight pair {n} and its counterpart",
        "bn": "জোড়া {n} ও তার অন্য দিকের বাক্য চিহ্নিত করুন",
        "hi": "जोड़ी {n} और उसका जोड़ीदार वाक्य चिह्नित करें",
    },
    "score": {"en": "Score", "bn": "স্কোর", "hi": "स्कोर"},
    # How two articles were linked as translations (search.parallel.link_strength).
    "link_url": {"en": "linked by source URL", "bn": "উৎস URL দিয়ে যুক্ত", "hi": "स्रोत URL से जुड़ा"},
    "link_url_poor": {
        "en": "linked by source URL, but the sentences hardly align: low confidence",
        "bn": "উৎস URL দিয়ে যুক্ত, কিন্তু বাক্যগুলি প্রায় মেলে না: কম আস্থা",
        "hi": "स्रोत URL से जुड़ा, पर वाक्य मुश्किल से मेल खाते हैं: कम भरोसा",
    },
    "link_strong": {"en": "linked by content, strong", "bn": "বিষয়বস্তু দিয়ে যুক্ত, দৃঢ়", "hi": "सामग्री से जुड़ा, मज़बूत"},
    "link_moderate": {
        "en": "linked by content, moderate",
        "bn": "বিষয়বস্তু দিয়ে যুক্ত, মাঝারি",
        "hi": "सामग्री से जुड़ा, मध्यम",
    },
    "link_weak": {
        "en": "linked by content, weak: low confidence",
        "bn": "বিষয়বস্তু দিয়ে যুক্ত, দুর্বল: কম আস্থা",
        "hi": "सामग्री से जुड़ा, कमज़ोर: कम भरोसा",
    },
    "link_confidence": {"en": "confidence {c}", "bn": "আস্থা {c}", "hi": "भरोसा {c}"},
    # Not "wrong": on the NTREX evaluation about two flagged rows in five are (README, parallel translations).
    "low_score": {"en": "uncertain alignment", "bn": "অনিশ্চিত মিল", "hi": "अनिश्चित संरेखण"},
    "empty_side": {"en": "(no sentence)", "bn": "(কোনো বাক্য নেই)", "hi": "(कोई वाक्य नहीं)"},
    "download_pair": {"en": "Download the pair", "bn": "জোড়াটি ডাউনলোড করুন", "hi": "जोड़ी डाउनलोड करें"},
    "bidi_control": {
        "en": "An invisible text-direction control in the article, shown as its code point",
        "bn": "নিবন্ধে থাকা একটি অদৃশ্য লেখার-দিক নিয়ন্ত্রক অক্ষর, কোড পয়েন্ট হিসেবে দেখানো হয়েছে",
        "hi": "लेख में एक अदृश्य लेखन-दिशा नियंत्रण वर्ण, कोड पॉइंट के रूप में दिखाया गया",
    },
    "article": {"en": "Article", "bn": "নিবন্ধ", "hi": "लेख"},
    # The Concordance tab (webui/kwic.py)
    "mode_concordance": {"en": "Concordance", "bn": "কনকর্ড্যান্স", "hi": "कॉनकॉर्डेंस"},
    "kwic_hint": {
        "en": 'A word, a "phrase" or a prefix*: every occurrence is a line, its translation beneath.',
        "bn": 'একটি শব্দ, "বাক্যাংশ" বা উপসর্গ*: প্রতিটি উপস্থিতি একটি লাইন, নিচে তার অনুবাদ।',
        "hi": 'एक शब्द, "वाक्यांश" या उपसर्ग*: हर उपस्थिति एक पंक्ति, नीचे उसका अनुवाद।',
    },
    "kwic_filters": {"en": "The translation side", "bn": "অনুবাদের দিক", "hi": "अनुवाद का पक्ष"},
    "kwic_parallel_q": {"en": "The translation says", "bn": "অনুবাদে আছে", "hi": "अनुवाद में है"},
    "kwic_parallel_not": {"en": "The translation does not say", "bn": "অনুবাদে নেই", "hi": "अनुवाद में नहीं है"},
    "kwic_min_score": {
        "en": "Lowest alignment score (0–1)",
        "bn": "সর্বনিম্ন মিল-স্কোর (০–১)",
        "hi": "न्यूनतम संरेखण स्कोर (0–1)",
    },
    "kwic_bead": {"en": "Bead shape", "bn": "জোড়ার গঠন", "hi": "जोड़ी का आकार"},
    "kwic_bead_help": {
        "en": "Sentences of the article with the smaller id, then of its translation: 1-0 = left out.",
        "bn": "ছোট আইডির নিবন্ধের বাক্য, তারপর তার অনুবাদের: 1-0 = অনুবাদে বাদ পড়েছে।",
        "hi": "छोटी आईडी वाले लेख के वाक्य, फिर उसके अनुवाद के: 1-0 = अनुवाद में छूट गया।",
    },
    "kwic_aligned": {"en": "Counterpart", "bn": "প্রতিরূপ", "hi": "प्रतिरूप"},
    "kwic_aligned_any": {"en": "Any sentence", "bn": "যেকোনো বাক্য", "hi": "कोई भी वाक्य"},
    "kwic_aligned_only": {"en": "With a counterpart", "bn": "প্রতিরূপ আছে", "hi": "प्रतिरूप है"},
    "kwic_aligned_none": {"en": "Without a counterpart", "bn": "প্রতিরূপ নেই", "hi": "प्रतिरूप नहीं है"},
    "kwic_context": {"en": "Words of context", "bn": "প্রসঙ্গের শব্দ", "hi": "संदर्भ के शब्द"},
    "kwic_sort_doc": {"en": "Document", "bn": "নথি", "hi": "दस्तावेज़"},
    "kwic_sort_left": {"en": "Left context", "bn": "বাঁ দিকের প্রসঙ্গ", "hi": "बायाँ संदर्भ"},
    "kwic_sort_right": {"en": "Right context", "bn": "ডান দিকের প্রসঙ্গ", "hi": "दायाँ संदर्भ"},
    "kwic_sort_score": {"en": "Relevance", "bn": "প্রাসঙ্গিকতা", "hi": "प्रासंगिकता"},
    "kwic_sort_by": {"en": "Sort by {column}", "bn": "{column} অনুযায়ী সাজান", "hi": "{column} के अनुसार क्रम"},
    "kwic_match": {"en": "Match", "bn": "মিল", "hi": "मिलान"},
    "kwic_apply": {"en": "Apply", "bn": "প্রয়োগ করুন", "hi": "लागू करें"},
    "kwic_count": {
        "en": "{n} lines in {m} sentences",
        "bn": "{m}টি বাক্যে {n}টি লাইন",
        "hi": "{m} वाक्यों में {n} पंक्तियाँ",
    },
    "kwic_left_out": {"en": "(left out of the translation)", "bn": "(অনুবাদে বাদ পড়েছে)", "hi": "(अनुवाद में छूट गया)"},
    "kwic_tables": {"en": "Tables", "bn": "সারণি", "hi": "तालिकाएँ"},
    "kwic_frequencies": {"en": "Forms of the match", "bn": "মিলের রূপ", "hi": "मिलान के रूप"},
    "kwic_collocations": {"en": "Collocations", "bn": "সহাবস্থান", "hi": "सहप्रयोग"},
    "kwic_no_lines": {"en": "No lines.", "bn": "কোনো লাইন নেই।", "hi": "कोई पंक्ति नहीं।"},
    "kwic_source": {"en": "Article", "bn": "নিবন্ধ", "hi": "लेख"},
    # Time, repeats and feeds (the journalists' desk)
    "facet_month": {"en": "Month", "bn": "মাস", "hi": "महीना"},
    "undated_left_out_dates": {
        "en": "Articles with no date: {n}. The date filters leave them out.",
        "bn": "তারিখহীন নিবন্ধ: {n}টি। তারিখের ফিল্টার এগুলি বাদ দেয়।",
        "hi": "बिना तारीख़ वाले लेख: {n}। तारीख़ फ़िल्टर इन्हें छोड़ देते हैं।",
    },
    "only_undated": {"en": "Show only these", "bn": "শুধু এগুলি দেখান", "hi": "केवल ये दिखाएँ"},
    "dates": {"en": "Dates", "bn": "তারিখ", "hi": "तारीख़"},
    "date_from": {"en": "From", "bn": "থেকে", "hi": "से"},
    "date_to": {"en": "To", "bn": "পর্যন্ত", "hi": "तक"},
    "date_hint": {
        "en": "A year, month or day: 2025, 2025-10 or 2025-10-05",
        "bn": "বছর, মাস বা দিন: 2025, 2025-10 বা 2025-10-05",
        "hi": "वर्ष, महीना या दिन: 2025, 2025-10 या 2025-10-05",
    },
    "apply": {"en": "Apply", "bn": "প্রয়োগ করুন", "hi": "लागू करें"},
    "clear_dates": {"en": "Any date", "bn": "যেকোনো তারিখ", "hi": "कोई भी तारीख़"},
    "the_dates": {"en": "the date range", "bn": "তারিখের সীমা", "hi": "तारीख़ की सीमा"},
    "undated_only": {"en": "Without a date", "bn": "তারিখহীন", "hi": "बिना तारीख़"},
    "trend": {"en": "Over time", "bn": "সময়ের সাথে", "hi": "समय के साथ"},
    "trend_help": {
        "en": "Each bar is a period; choose one to search it alone.",
        "bn": "প্রতিটি দণ্ড একটি সময়কাল; বাছলে শুধু সেই সময়ে খোঁজা হয়।",
        "hi": "हर पट्टी एक अवधि है; चुनें तो केवल उसी अवधि में खोजा जाता है।",
    },
    "interval_week": {"en": "by week", "bn": "সপ্তাহ অনুযায়ী", "hi": "सप्ताह अनुसार"},
    "interval_month": {"en": "by month", "bn": "মাস অনুযায়ী", "hi": "महीने अनुसार"},
    "interval_year": {"en": "by year", "bn": "বছর অনুযায়ী", "hi": "वर्ष अनुसार"},
    "similar_n": {"en": "+{n} similar", "bn": "+{n}টি অনুরূপ", "hi": "+{n} मिलते-जुलते"},
    "folded": {
        "en": "Repeated articles folded under their first hit: {n}.",
        "bn": "প্রথম ফলাফলের নিচে ভাঁজ করা পুনঃপ্রকাশিত নিবন্ধ: {n}টি।",
        "hi": "पहले परिणाम के नीचे समेटे गए दोहराए गए लेख: {n}।",
    },
    "unfold": {"en": "List every copy", "bn": "প্রতিটি কপি দেখান", "hi": "हर प्रति दिखाएँ"},
    "feed": {"en": "Atom feed of this search", "bn": "এই অনুসন্ধানের অ্যাটম ফিড", "hi": "इस खोज का एटम फ़ीड"},
    # Error page
    "error": {"en": "Error", "bn": "ত্রুটি", "hi": "त्रुटि"},
}


def translate(ui: str, key: str, **values: object) -> str:
    """The interface string ``key`` in language ``ui``, with ``{name}`` fields filled."""
    text = STRINGS[key][ui]
    return text.format(**values) if values else text
