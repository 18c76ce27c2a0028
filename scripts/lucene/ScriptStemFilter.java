/*
 * Setu's Lucene baseline, analysis: Lucene's Bengali or Hindi stemmer by the token's script.
 */

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.bn.BengaliStemmer;
import org.apache.lucene.analysis.hi.HindiStemmer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The stem field of {@link SameDocuments}: a token ending in a Bengali letter
 * goes through Lucene's {@link BengaliStemmer}, one ending in a Devanagari letter
 * through its {@link HindiStemmer} (the stemmers of BengaliAnalyzer and
 * HindiAnalyzer, analyzers-common 8); any other token is left as it is.
 *
 * <p>By the token's script rather than the article's language because that is
 * what Setu does ({@code index.analysis.analyzers.stem_term}): a Hindi article
 * quoting a Bengali name stems the name as Bengali. Setu's own stemmers are
 * lighter than Lucene's; the work per token is of the same kind.
 */
final class ScriptStemFilter extends TokenFilter {
  private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
  private final BengaliStemmer bengali = new BengaliStemmer();
  private final HindiStemmer hindi = new HindiStemmer();

  ScriptStemFilter(TokenStream input) {
    super(input);
  }

  @Override
  public boolean incrementToken() throws java.io.IOException {
    if (!input.incrementToken()) {
      return false;
    }
    int length = termAtt.length();
    if (length > 0) {
      char[] buffer = termAtt.buffer();
      char last = buffer[length - 1];
      if (last >= '\u0980' && last <= '\u09FF') {
        termAtt.setLength(bengali.stem(buffer, length));
      } else if (last >= '\u0900' && last <= '\u097F') {
        termAtt.setLength(hindi.stem(buffer, length));
      }
    }
    return true;
  }
}
