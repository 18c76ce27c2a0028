/*
 * Setu's Lucene baseline, build time (--same-documents): the document Setu writes per article.
 */

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.sinks.TeeSinkTokenFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;

/**
 * What Setu's build indexes and stores per article (index/storage/schema.py,
 * index/storage/documents.py), in Lucene terms: ONE document per article, as
 * Setu writes (its sentences are not documents of their own: a column maps
 * them to token positions), with
 *
 * <ul>
 *   <li>{@code id} stored and {@code lang} (by script, as in the plain mode), not analysed;
 *   <li>{@code text}: exact terms (ICU words, NFKC case-fold, digits folded: {@link SetuAnalyzer});
 *   <li>{@code stem}: the same tokens stemmed ({@link ScriptStemFilter});
 *   <li>{@code key}: the same tokens' transliteration keys ({@link PhoneticKeyFilter}),
 *       a token without a key leaving its position empty;
 *   <li>all three with frequencies, positions and norms (Setu's are phrase-able, scorable TEXT);
 *   <li>{@code content}: the whole article text, stored (Setu's {@code content});
 *   <li>{@code sentences}: each sentence's (start, end) in the text, stored (the
 *       sentence offsets of Setu's stored {@code meta});
 *   <li>{@code sents}: the token count and each sentence's (first, end) token
 *       position, as little-endian uint32, a binary doc value (Setu's {@code sents} column).
 * </ul>
 *
 * The text is analysed once, as Setu analyses it once: the exact chain feeds a
 * {@link TeeSinkTokenFilter} (its token starts give the sentences' token
 * ranges), and the three fields replay its tokens, two through a filter each.
 * Sentences are ICU4J's sentence breaks (root locale) over the searchable body,
 * those holding a letter or digit; Setu also cuts at ICU sentence breaks, inside
 * the paragraphs it extracts.
 */
final class SameDocuments {
  static final FieldType POSITIONAL = positional();

  private final IcuWordTokenizer words = new IcuWordTokenizer();
  private final TeeSinkTokenFilter tee = new TeeSinkTokenFilter(SetuAnalyzer.normalised(words));
  private final OffsetAttribute offsets = tee.addAttribute(OffsetAttribute.class);
  private final BreakIterator sentenceBreaks = BreakIterator.getSentenceInstance(ULocale.ROOT);
  // One Document and its Fields reused for every article, as Lucene recommends;
  // the three analysed fields hold sinks that replay the tee's tokens.
  private final Field id = new StringField("id", "", Field.Store.YES);
  private final Field lang = new StringField("lang", "", Field.Store.NO);
  private final Field content = new StoredField("content", "");
  private final Field sentenceOffsets = new StoredField("sentences", new BytesRef());
  private final Field sents = new BinaryDocValuesField("sents", new BytesRef());
  private final Document doc = new Document();
  private int[] starts = new int[4096]; // token start offsets of the current article
  private int tokens;
  private int[] sentences = new int[256]; // (start, end) char offsets, flattened
  private int sentenceCount;
  private long totalSentences;
  private long totalTokens;

  SameDocuments() {
    doc.add(id);
    doc.add(lang);
    // Document order is indexing order: the sinks only replay, the tee is consumed first.
    doc.add(new Field("text", tee.newSinkTokenStream(), POSITIONAL));
    doc.add(new Field("stem", new ScriptStemFilter(tee.newSinkTokenStream()), POSITIONAL));
    doc.add(new Field("key", new PhoneticKeyFilter(tee.newSinkTokenStream()), POSITIONAL));
    doc.add(content);
    doc.add(sentenceOffsets);
    doc.add(sents);
  }

  private static FieldType positional() {
    FieldType type = new FieldType();
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
    type.setTokenized(true);
    type.setStored(false);
    type.freeze();
    return type;
  }

  /** The article's document: ``text`` is the whole file, ``body`` its searchable part. */
  Document document(String docId, String language, String text, String body) throws IOException {
    analyse(body);
    splitSentences(body);
    ByteBuffer ranges = ByteBuffer.allocate(4 * (1 + 2 * sentenceCount)).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer offsetBytes = ByteBuffer.allocate(4 * 2 * sentenceCount).order(ByteOrder.LITTLE_ENDIAN);
    ranges.putInt(tokens);
    for (int i = 0; i < 2 * sentenceCount; i++) {
      ranges.putInt(firstTokenAt(sentences[i])); // a sentence covers the tokens that start inside it
      offsetBytes.putInt(sentences[i]);
    }
    id.setStringValue(docId);
    lang.setStringValue(language);
    content.setStringValue(text);
    sentenceOffsets.setBytesValue(new BytesRef(offsetBytes.array()));
    sents.setBytesValue(new BytesRef(ranges.array()));
    totalSentences += sentenceCount;
    totalTokens += tokens;
    return doc;
  }

  /** Run the exact chain over the body once, caching its tokens in the tee and their starts here. */
  private void analyse(String body) throws IOException {
    words.setReader(new StringReader(body));
    tokens = 0;
    tee.reset();
    while (tee.incrementToken()) {
      if (tokens == starts.length) {
        starts = Arrays.copyOf(starts, 2 * tokens);
      }
      starts[tokens++] = offsets.startOffset();
    }
    tee.end();
    tee.close();
  }

  private void splitSentences(String body) {
    sentenceCount = 0;
    sentenceBreaks.setText(body);
    int start = sentenceBreaks.first();
    for (int end = sentenceBreaks.next(); end != BreakIterator.DONE; start = end, end = sentenceBreaks.next()) {
      if (!hasWord(body, start, end)) {
        continue; // blank lines, a lone punctuation mark
      }
      if (2 * sentenceCount + 2 > sentences.length) {
        sentences = Arrays.copyOf(sentences, 2 * sentences.length);
      }
      sentences[2 * sentenceCount] = start;
      sentences[2 * sentenceCount + 1] = end;
      sentenceCount++;
    }
  }

  private static boolean hasWord(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      if (Character.isLetterOrDigit(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** The index of the first token starting at or after {@code offset} (bisect_left). */
  private int firstTokenAt(int offset) {
    int i = Arrays.binarySearch(starts, 0, tokens, offset);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && starts[i - 1] == offset) {
      i--;
    }
    return i;
  }

  /** Per analysed field, [term, position] of each token one text gives; and its sentences' offsets. */
  static Map<String, Object> analyzeFields(String text) throws IOException {
    SameDocuments same = new SameDocuments();
    same.analyse(text);
    same.splitSentences(text);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : List.of("text", "stem", "key")) {
      List<List<Object>> tokens = new ArrayList<>();
      try (TokenStream stream = ((Field) same.doc.getField(name)).tokenStreamValue()) {
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
        stream.reset();
        for (int position = -1; stream.incrementToken(); ) {
          position += increment.getPositionIncrement();
          tokens.add(List.of(term.toString(), position));
        }
        stream.end();
      }
      out.put(name, tokens);
    }
    List<List<Object>> sentences = new ArrayList<>();
    for (int i = 0; i < same.sentenceCount; i++) {
      sentences.add(List.of(same.sentences[2 * i], same.sentences[2 * i + 1]));
    }
    out.put("sentences", sentences);
    return out;
  }

  long sentences() {
    return totalSentences;
  }

  long tokens() {
    return totalTokens;
  }

  /**
   * What the committed index holds, read back: its documents, per field how it
   * is indexed (and in how many documents, with how many term occurrences), and
   * which fields the first document stores. Lets a test see a dropped field.
   */
  static Map<String, Object> describe(Directory dir) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      out.put("index_docs", (long) reader.maxDoc());
      Map<String, Object> fields = new TreeMap<>();
      for (FieldInfo info : FieldInfos.getMergedFieldInfos(reader)) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("index_options", info.getIndexOptions().toString());
        field.put("doc_values", info.getDocValuesType().toString());
        field.put("norms", info.hasNorms());
        Terms terms = MultiTerms.getTerms(reader, info.name);
        field.put("docs", terms == null ? 0L : (long) terms.getDocCount());
        field.put("occurrences", terms == null ? 0L : terms.getSumTotalTermFreq());
        fields.put(info.name, field);
      }
      out.put("fields", fields);
      Map<String, Object> stored = new TreeMap<>();
      if (reader.maxDoc() > 0) {
        for (IndexableField f : reader.document(0)) {
          stored.put(f.name(), f.stringValue() != null ? (long) f.stringValue().length() : (long) f.binaryValue().length);
        }
      }
      out.put("stored_in_first_doc", stored); // field -> chars (text) or bytes (binary)
    }
    return out;
  }
}
