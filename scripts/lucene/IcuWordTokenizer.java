/*
 * Setu's Lucene baseline, analysis: ICU word segmentation as a Lucene Tokenizer.
 *
 * Lucene's own ICUTokenizer (analyzers-icu) ships break rules compiled for the
 * ICU it was built against; Debian's jar cannot load them with ICU4J 72. This
 * tokenizer uses ICU4J's built-in word BreakIterator instead, which is also
 * what Setu's Python side uses (PyICU, createWordInstance(root)).
 */

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.io.IOException;
import java.nio.CharBuffer;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.util.ArrayUtil;

/**
 * One token per ICU word segment whose rule status says letters or numbers
 * (status >= {@link BreakIterator#WORD_NONE_LIMIT}); spaces and punctuation are
 * dropped. Like Setu's {@code index.segment.word_spans}, a run of digits glued to
 * letters ("১৬৭টি", "5G") is split at the digit/letter boundary, '.' and ','
 * stay inside numbers, and a combining mark never starts a token.
 *
 * <p>The whole input is read on {@link #reset()}: articles are a few KB, and a
 * BreakIterator needs the text in one piece. Offsets are UTF-16 units, as
 * everywhere in Lucene.
 */
public final class IcuWordTokenizer extends Tokenizer {
  /** Longer segments (a base64 blob, say) are cut, as StandardTokenizer does. */
  static final int MAX_TOKEN_CHARS = 255;

  private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
  private final BreakIterator words = BreakIterator.getWordInstance(ULocale.ROOT);
  private char[] text = new char[16 * 1024];
  private int length;
  private int boundary; // the last boundary the iterator returned
  private int pieceStart; // the next token starts here ...
  private int segmentEnd; // ... inside the word segment that ends here

  @Override
  public void reset() throws IOException {
    super.reset();
    length = 0;
    for (int n; (n = input.read(text, length, text.length - length)) != -1; ) {
      length += n;
      if (length == text.length) {
        text = ArrayUtil.grow(text, length + 1);
      }
    }
    words.setText(CharBuffer.wrap(text, 0, length));
    boundary = words.first();
    pieceStart = segmentEnd = 0;
  }

  @Override
  public boolean incrementToken() {
    clearAttributes();
    while (pieceStart >= segmentEnd) {
      int start = boundary;
      int end = words.next();
      if (end == BreakIterator.DONE) {
        return false;
      }
      boundary = end;
      if (words.getRuleStatus() >= BreakIterator.WORD_NONE_LIMIT) {
        pieceStart = start;
        segmentEnd = end;
      }
    }
    int start = pieceStart;
    int end = pieceEnd(start, segmentEnd);
    pieceStart = end;
    int len = Math.min(end - start, MAX_TOKEN_CHARS);
    if (len < end - start && Character.isHighSurrogate(text[start + len - 1])) {
      len--; // do not cut a surrogate pair in half
    }
    termAtt.copyBuffer(text, start, len);
    offsetAtt.setOffset(correctOffset(start), correctOffset(start + len));
    return true;
  }

  /** End of the piece starting at {@code start}: the next digit/letter switch or {@code end}. */
  private int pieceEnd(int start, int end) {
    int cp = Character.codePointAt(text, start, end);
    boolean prevDigit = isDigit(cp);
    for (int i = start + Character.charCount(cp); i < end; i += Character.charCount(cp)) {
      cp = Character.codePointAt(text, i, end);
      if (cp == '.' || cp == ',') {
        continue; // decimal and thousands separators stay inside numbers
      }
      if (isDigit(cp) != prevDigit && !isMark(cp)) {
        return i;
      }
    }
    return end;
  }

  private static boolean isDigit(int cp) {
    return UCharacter.getType(cp) == UCharacterCategory.DECIMAL_DIGIT_NUMBER;
  }

  private static boolean isMark(int cp) {
    int type = UCharacter.getType(cp);
    return type == UCharacterCategory.NON_SPACING_MARK
        || type == UCharacterCategory.COMBINING_SPACING_MARK
        || type == UCharacterCategory.ENCLOSING_MARK;
  }

  @Override
  public void end() throws IOException {
    super.end();
    int last = correctOffset(length);
    offsetAtt.setOffset(last, last);
  }
}
