/*
 * Setu's Lucene baseline, analysis: the chain used for documents and queries.
 */

import com.ibm.icu.text.Normalizer2;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.icu.ICUNormalizer2Filter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;

/**
 * ICU words, then NFKC_Casefold (lower case, compatibility forms, and ZWJ/ZWNJ
 * removed as default-ignorables), then every decimal digit folded to ASCII, so
 * that ৫৭, ५७ and 57 index as the same term; a token that folds to nothing is
 * dropped.
 *
 * <p>Close to Setu's exact field, not identical: Setu uses NFC plus its own
 * Latin lower-casing and folds Vietnamese diacritics (Cần Thơ = can tho), and
 * has a second, stemmed field; this chain does neither (SameDocuments adds
 * stems and keys after it).
 */
public final class SetuAnalyzer extends Analyzer {
  private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer words = new IcuWordTokenizer();
    return new TokenStreamComponents(words, normalised(words));
  }

  /** The filters after the tokenizer (also the exact field of {@link SameDocuments}). */
  static TokenStream normalised(Tokenizer words) {
    TokenStream chain = new ICUNormalizer2Filter(words, NFKC_CASEFOLD);
    chain = new DecimalDigitFilter(chain);
    return new LengthFilter(chain, 1, Integer.MAX_VALUE); // a lone ZWNJ piece folds to nothing
  }
}
