/*
 * Setu's Lucene baseline, analysis: a transliteration key per token, memoised per distinct term.
 */

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Transliterator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The key field of {@link SameDocuments}: each token's ICU transliteration
 * ("Any-Latin", then "Latin-ASCII", the two transliterators Setu's
 * {@code index.analysis.phonetic} runs), folded the coarse way Setu's key is:
 * only a-z kept, every vowel (and y) an "a", runs of one letter one letter
 * (vowel runs, doubled consonants), an h after a consonant dropped (aspirates),
 * and b/v/w, j/z, p/f, k/c/q merged.
 *
 * <p>A token holding anything but Bengali, Devanagari or Latin letters (a
 * number, another script), one longer than 64 chars, or one whose key is
 * shorter than 2 letters gets no key and is dropped; its position stays taken
 * (FilteringTokenFilter adds it to the next token's increment), as Setu leaves
 * such a position empty.
 *
 * <p>Setu's key has more rules (schwa deletion, nasals, glides, Bengali case
 * endings, English spelling): this is the same kind of work, not the same
 * keys. Like Setu (a memo of 2^17 terms, emptied when full), the key is made
 * once per distinct term: ICU transliteration costs tens of microseconds a
 * word, and Lucene's ICUTransformFilter would pay that for every token.
 */
final class PhoneticKeyFilter extends FilteringTokenFilter {
  static final int MIN_KEY_CHARS = 2;
  static final int MAX_TERM_CHARS = 64;
  static final int MEMO_SIZE = 1 << 17;

  private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
  private final Transliterator toLatin = Transliterator.getInstance("Any-Latin");
  private final Transliterator toAscii = Transliterator.getInstance("Latin-ASCII");
  // Kept across documents: the filter is reused for every article.
  private final Map<String, String> memo = new HashMap<>();

  PhoneticKeyFilter(TokenStream input) {
    super(input);
  }

  @Override
  protected boolean accept() {
    String term = termAtt.toString();
    String key = memo.get(term);
    if (key == null) {
      if (memo.size() >= MEMO_SIZE) {
        memo.clear(); // the common words come straight back
      }
      key = key(term);
      memo.put(term, key);
    }
    if (key.isEmpty()) {
      return false;
    }
    termAtt.setEmpty().append(key);
    return true;
  }

  /** The term's key, or "" for none. */
  String key(String term) {
    if (term.length() > MAX_TERM_CHARS || !keyed(term)) {
      return "";
    }
    String ascii = toAscii.transliterate(toLatin.transliterate(term)).toLowerCase(Locale.ROOT);
    StringBuilder key = new StringBuilder(ascii.length());
    char previous = 0;
    for (int i = 0; i < ascii.length(); i++) {
      char c = fold(ascii.charAt(i));
      if (c == 0 || c == previous || (c == 'h' && previous != 0 && previous != 'a')) {
        continue;
      }
      key.append(c);
      previous = c;
    }
    return key.length() < MIN_KEY_CHARS ? "" : key.toString();
  }

  /** One letter of the key for an ASCII char, or 0 for none. */
  private static char fold(char c) {
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
        return 'a';
      case 'v': case 'w':
        return 'b';
      case 'z':
        return 'j';
      case 'f':
        return 'p';
      case 'c': case 'q':
        return 'k';
      default:
        return c >= 'a' && c <= 'z' ? c : 0;
    }
  }

  /** Only Bengali, Devanagari or Latin letters (and their marks). */
  private static boolean keyed(String term) {
    for (int i = 0; i < term.length(); ) {
      int cp = term.codePointAt(i);
      i += Character.charCount(cp);
      boolean indic = (cp >= 0x0980 && cp <= 0x09FF) || (cp >= 0x0900 && cp <= 0x097F);
      if (!(indic && (UCharacter.isLetter(cp) || isMark(cp)))
          && !(UScript.getScript(cp) == UScript.LATIN && UCharacter.isLetter(cp))
          && !(isMark(cp) && i > Character.charCount(cp))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isMark(int cp) {
    int type = UCharacter.getType(cp);
    return type == UCharacter.NON_SPACING_MARK || type == UCharacter.COMBINING_SPACING_MARK;
  }
}
