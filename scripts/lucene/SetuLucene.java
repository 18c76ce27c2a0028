/*
 * Setu's Lucene baseline: the command line of the harness.
 *
 * The same work as Setu's index and search, done by Apache Lucene 8 with an
 * ICU analysis chain, so that scripts/bench_lucene.py can report Lucene's
 * figures measured on the same machine in the same run. See README.md here.
 */

import com.ibm.icu.util.VersionInfo;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.util.Version;

/** {@code SetuLucene index|search|analyze ...}: prints one JSON object on stdout. */
public final class SetuLucene {
  private static final String USAGE =
      String.join(
          "\n",
          "usage:",
          "  SetuLucene index CORPUS_DIR INDEX_DIR [--store-body] [--ram-buffer-mb MB] [--same-documents]",
          "  SetuLucene search INDEX_DIR QUERIES_FILE ROUNDS [--warmup N] [--total-hits-threshold N]",
          "  SetuLucene analyze [--same-documents]   (text on stdin, UTF-8)");

  private SetuLucene() {}

  public static void main(String[] args) throws IOException {
    // JSON goes out as UTF-8 whatever the locale says (CI may run with LANG unset).
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    Map<String, Object> report;
    try {
      report = dispatch(args);
    } catch (IllegalArgumentException e) {
      System.err.println("SetuLucene: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    out.println(Json.write(report));
  }

  private static Map<String, Object> dispatch(String[] args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException("no command");
    }
    Options options = new Options(args);
    Map<String, Object> report = new LinkedHashMap<>();
    switch (args[0]) {
      case "index":
        {
          options.positional(2);
          boolean storeBody = options.flag("--store-body");
          boolean sameDocuments = options.flag("--same-documents");
          double ramBufferMb = options.number("--ram-buffer-mb", 256);
          options.done();
          report.putAll(
              CorpusIndexer.run(
                  Path.of(options.arg(0)), Path.of(options.arg(1)), storeBody, ramBufferMb, sameDocuments));
          break;
        }
      case "search":
        {
          options.positional(3);
          int rounds = Integer.parseInt(options.arg(2));
          int warmup = (int) options.number("--warmup", 1000);
          int threshold = (int) options.number("--total-hits-threshold", Integer.MAX_VALUE);
          options.done();
          if (rounds < 1 || warmup < 0 || threshold < 1) {
            throw new IllegalArgumentException("ROUNDS and the threshold must be at least 1, warmup at least 0");
          }
          report.putAll(
              QueryRunner.run(Path.of(options.arg(0)), Path.of(options.arg(1)), rounds, warmup, threshold));
          break;
        }
      case "analyze":
        {
          options.positional(0);
          boolean sameDocuments = options.flag("--same-documents");
          options.done();
          Reader text = new InputStreamReader(System.in, StandardCharsets.UTF_8);
          if (sameDocuments) {
            report.putAll(SameDocuments.analyzeFields(readAll(text)));
          } else {
            report.put("tokens", analyze(text));
          }
          break;
        }
      default:
        throw new IllegalArgumentException("unknown command " + args[0]);
    }
    report.put("lucene", Version.LATEST.toString());
    report.put("icu4j", VersionInfo.ICU_VERSION.toString());
    report.put("java", System.getProperty("java.version"));
    return report;
  }

  /** [term, start, end] per token, offsets in UTF-16 units. */
  static List<List<Object>> analyze(Reader text) throws IOException {
    List<List<Object>> tokens = new ArrayList<>();
    try (Analyzer analyzer = new SetuAnalyzer();
        TokenStream stream = analyzer.tokenStream("body", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        tokens.add(List.of(term.toString(), offset.startOffset(), offset.endOffset()));
      }
      stream.end();
    }
    return tokens;
  }

  private static String readAll(Reader reader) throws IOException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    for (int n; (n = reader.read(buffer)) != -1; ) {
      text.append(buffer, 0, n);
    }
    return text.toString();
  }

  /** Positional arguments after the command, and "--name [value]" options anywhere. */
  private static final class Options {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> named = new LinkedHashMap<>();

    Options(String[] args) {
      for (int i = 1; i < args.length; i++) {
        if (args[i].equals("--store-body") || args[i].equals("--same-documents")) {
          named.put(args[i], "");
        } else if (args[i].startsWith("--")) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
          }
          named.put(args[i], args[++i]);
        } else {
          positional.add(args[i]);
        }
      }
    }

    void positional(int count) {
      if (positional.size() != count) {
        throw new IllegalArgumentException("expected " + count + " arguments, got " + positional);
      }
    }

    String arg(int i) {
      return positional.get(i);
    }

    boolean flag(String name) {
      return named.remove(name) != null;
    }

    void done() {
      if (!named.isEmpty()) {
        throw new IllegalArgumentException("unknown option(s) " + named.keySet());
      }
    }

    double number(String name, double fallback) {
      String value = named.remove(name);
      return value == null ? fallback : Double.parseDouble(value);
    }
  }
}
