/*
 * Setu's Lucene baseline, build time: corpus folder -> Lucene index.
 */

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * One Lucene document per {@code *.txt} file under the corpus root (found
 * recursively, symlinks followed, loops skipped), in sorted path order:
 *
 * <ul>
 *   <li>{@code id}: the path relative to the root without ".txt", stored, not analysed;
 *   <li>{@code lang}: "bn", "hi" or "und" by the majority of Bengali vs Devanagari
 *       letters, not analysed (the only filter the search side applies);
 *   <li>{@code body}: the text without its trailing source line and comment
 *       counter (as Setu keeps them out of the searchable body), analysed with
 *       {@link SetuAnalyzer}, frequencies and positions, norms for BM25; stored
 *       only with {@code --store-body}.
 * </ul>
 *
 * With {@code sameDocuments}, each article becomes instead the document Setu
 * writes for it ({@link SameDocuments}: exact, stemmed and key fields,
 * stored text and sentence ranges).
 *
 * <p>One thread feeds one IndexWriter; merges run in that same thread
 * (SerialMergeScheduler) so the figure is single-threaded Lucene; one commit.
 */
final class CorpusIndexer {
  static final long MAX_FILE_BYTES = 64L << 20; // as Setu: larger files are skipped

  // The tail of an article, checked on its last few non-empty lines; simplified
  // from Setu's index/source.py: "label: URL" and "label (N)".
  private static final Pattern SOURCE_LINE =
      Pattern.compile(
          "\\s*(?:\\p{L}[^\\s:：]{0,24}(?:\\s[^\\s:：]{1,24})?\\s*[:：]\\s*)?<?https?://\\S+?>?[\\s.।]*");
  private static final Pattern COMMENT_COUNTER = Pattern.compile("\\s*\\p{L}[^()\\n]{0,30}\\(\\s*\\d+\\s*\\)\\s*");
  private static final int TAIL_LINES = 6;

  private CorpusIndexer() {}

  static Map<String, Object> run(
      Path root, Path indexDir, boolean storeBody, double ramBufferMb, boolean sameDocuments) throws IOException {
    long started = System.nanoTime();
    List<Path> files = listTextFiles(root);
    FieldType bodyType = new FieldType();
    bodyType.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
    bodyType.setTokenized(true);
    bodyType.setStored(storeBody);
    bodyType.freeze();
    // One Document and its Fields reused for every file, as Lucene recommends.
    Field id = new StringField("id", "", Field.Store.YES);
    Field lang = new StringField("lang", "", Field.Store.NO);
    Field body = new Field("body", "", bodyType);
    Document doc = new Document();
    doc.add(id);
    doc.add(lang);
    doc.add(body);
    SameDocuments same = sameDocuments ? new SameDocuments() : null;

    IndexWriterConfig config =
        new IndexWriterConfig(new SetuAnalyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setRAMBufferSizeMB(ramBufferMb)
            .setMergeScheduler(new SerialMergeScheduler());
    long docs = 0;
    long bytes = 0;
    List<String> skipped = new ArrayList<>();
    try (Directory dir = FSDirectory.open(indexDir);
        IndexWriter writer = new IndexWriter(dir, config)) {
      for (Path file : files) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        long size = Files.size(file);
        if (size == 0 || size > MAX_FILE_BYTES) {
          skipped.add(relative);
          continue;
        }
        String text = decode(Files.readAllBytes(file));
        String docId = relative.substring(0, relative.length() - ".txt".length());
        if (same != null) {
          writer.addDocument(same.document(docId, language(text), text, stripTail(text)));
        } else {
          id.setStringValue(docId);
          lang.setStringValue(language(text));
          body.setStringValue(stripTail(text));
          writer.addDocument(doc);
        }
        docs++;
        bytes += size;
      }
      writer.commit();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("docs", docs);
    report.put("skipped", skipped);
    report.put("bytes", bytes);
    report.put("seconds", Json.round3(seconds));
    report.put("docs_per_s", Json.round3(docs / seconds));
    report.put("mb_per_s", Json.round3(bytes / 1e6 / seconds));
    report.put("index_bytes", directoryBytes(indexDir));
    report.put("store_body", storeBody || sameDocuments);
    report.put("ram_buffer_mb", ramBufferMb);
    if (same != null) {
      // Read back after the timed part (milliseconds: field statistics and one stored document).
      report.put("mode", "same-documents");
      report.put("sentences", same.sentences());
      report.put("tokens", same.tokens());
      long readBack = System.nanoTime();
      try (Directory dir = FSDirectory.open(indexDir)) {
        report.putAll(SameDocuments.describe(dir));
      }
      // Inside the whole run's wall time: reported so that it can be seen to be small.
      report.put("read_back_seconds", Json.round3((System.nanoTime() - readBack) / 1e9));
    }
    return report;
  }

  static List<Path> listTextFiles(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(
        root,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<Path>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".txt")) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            return FileVisitResult.CONTINUE; // broken symlink, loop, unreadable folder
          }
        });
    files.sort(null);
    return files;
  }

  /** UTF-8 with a BOM dropped; undecodable bytes become U+FFFD (Setu also tries cp1252). */
  static String decode(byte[] raw) {
    int skip = raw.length >= 3 && raw[0] == (byte) 0xEF && raw[1] == (byte) 0xBB && raw[2] == (byte) 0xBF ? 3 : 0;
    return new String(raw, skip, raw.length - skip, StandardCharsets.UTF_8);
  }

  /** "bn" or "hi" by the majority of Bengali vs Devanagari letters, else "und". */
  static String language(String text) {
    int bengali = 0;
    int devanagari = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '\u0980' && c <= '\u09FF') {
        bengali++;
      } else if (c >= '\u0900' && c <= '\u097F' && c != '\u0964' && c != '\u0965') {
        devanagari++; // the dandas are shared by both scripts
      }
    }
    if (bengali == 0 && devanagari == 0) {
      return "und";
    }
    return bengali >= devanagari ? "bn" : "hi";
  }

  /** The text without the source line and comment counters that end it (blank lines between). */
  static String stripTail(String text) {
    int cut = text.length(); // text[cut:] is boilerplate or blank
    int end = text.length();
    for (int seen = 0; seen < TAIL_LINES && end > 0; ) {
      int start = text.lastIndexOf('\n', end - 1) + 1;
      String line = text.substring(start, end);
      if (!line.isBlank()) {
        if (!SOURCE_LINE.matcher(line).matches() && !COMMENT_COUNTER.matcher(line).matches()) {
          break;
        }
        seen++;
        cut = start;
      }
      end = Math.max(0, start - 1);
    }
    return cut == text.length() ? text : text.substring(0, cut);
  }

  static long directoryBytes(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
