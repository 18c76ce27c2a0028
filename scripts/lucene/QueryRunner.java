/*
 * Setu's Lucene baseline, query time: a fixed mix of queries, timed.
 */

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * Reads queries ({@code kind<TAB>query} per line; '#' starts a comment line; a
 * line without a tab is kind "query"), runs the whole list {@code warmup}
 * times untimed, then {@code rounds} times timed, one query at a time on one
 * thread. Each timed run parses and analyses the query, collects the top 10
 * by BM25 with an exact hit count (as Setu reports a total), and loads the
 * stored ids of those 10. No highlighting, no facets, no query cache.
 *
 * <p>Query syntax: bare words must all match (each word's terms AND-ed);
 * {@code "quoted words"} is a phrase; {@code lang:bn}/{@code lang:hi} filter on
 * the lang field; {@code province:}, {@code resolution:}, {@code source:} and
 * {@code year:} are recognised and ignored (this index does not extract
 * them); an empty query matches every document.
 */
final class QueryRunner {
  static final int TOP_N = 10;
  private static final Pattern FIELD = Pattern.compile("(lang|province|resolution|source|year):(\\S+)");
  private static final Pattern PART = Pattern.compile("\"([^\"]*)\"?|(\\S+)");

  private QueryRunner() {}

  /** A query as parsed: the Lucene query and the filters it ignored. */
  static final class Parsed {
    final Query query;
    final List<String> ignored;

    Parsed(Query query, List<String> ignored) {
      this.query = query;
      this.ignored = ignored;
    }
  }

  static Parsed parse(QueryBuilder builder, String text) {
    BooleanQuery.Builder bool = new BooleanQuery.Builder();
    List<String> ignored = new ArrayList<>();
    StringBuilder words = new StringBuilder();
    boolean scored = false;
    boolean filtered = false;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      if (part.group(1) != null) {
        Query phrase = builder.createPhraseQuery("body", part.group(1));
        if (phrase != null) {
          bool.add(phrase, Occur.MUST);
          scored = true;
        }
        continue;
      }
      Matcher field = FIELD.matcher(part.group(2));
      if (!field.matches()) {
        words.append(part.group(2)).append(' ');
      } else if (field.group(1).equals("lang")) {
        bool.add(new TermQuery(new Term("lang", field.group(2))), Occur.FILTER);
        filtered = true;
      } else {
        ignored.add(field.group());
      }
    }
    Query all = builder.createBooleanQuery("body", words.toString(), Occur.MUST);
    if (all != null) {
      bool.add(all, Occur.MUST);
      scored = true;
    }
    if (!scored) {
      if (!filtered) {
        return new Parsed(new MatchAllDocsQuery(), ignored);
      }
      bool.add(new MatchAllDocsQuery(), Occur.MUST);
    }
    return new Parsed(bool.build(), ignored);
  }

  static Map<String, Object> run(Path indexDir, Path queriesFile, int rounds, int warmup, int totalHitsThreshold)
      throws IOException {
    List<String[]> queries = readQueries(queriesFile);
    Map<String, List<Double>> byKind = new LinkedHashMap<>();
    List<Double> everything = new ArrayList<>();
    List<Map<String, Object>> perQuery = new ArrayList<>();
    Map<String, Object> report = new LinkedHashMap<>();
    try (Directory dir = FSDirectory.open(indexDir);
        DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      // No query cache: Lucene would otherwise cache the lang filter's matches
      // after a few uses, and every timed run should do the whole work (Setu has
      // no such cache).
      searcher.setQueryCache(null);
      QueryBuilder builder = new QueryBuilder(new SetuAnalyzer());
      for (int w = 0; w < warmup; w++) {
        for (String[] q : queries) {
          search(searcher, builder, q[1], totalHitsThreshold);
        }
      }
      List<List<Double>> samples = new ArrayList<>();
      for (int i = 0; i < queries.size(); i++) {
        samples.add(new ArrayList<>());
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < queries.size(); i++) {
          long t0 = System.nanoTime();
          search(searcher, builder, queries.get(i)[1], totalHitsThreshold);
          double ms = (System.nanoTime() - t0) / 1e6;
          samples.get(i).add(ms);
          byKind.computeIfAbsent(queries.get(i)[0], k -> new ArrayList<>()).add(ms);
          everything.add(ms);
        }
      }
      for (int i = 0; i < queries.size(); i++) {
        String[] q = queries.get(i);
        Result result = search(searcher, builder, q[1], totalHitsThreshold);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", q[0]);
        row.put("query", q[1]);
        row.put("lucene_query", result.parsed.query.toString());
        row.put("ignored", result.parsed.ignored);
        row.put("hits", result.top.totalHits.value);
        row.put("hits_exact", result.top.totalHits.relation == TotalHits.Relation.EQUAL_TO);
        row.put("top", result.ids);
        row.putAll(summary(samples.get(i)));
        perQuery.add(row);
      }
      report.put("docs", reader.numDocs());
    }
    report.put("rounds", rounds);
    report.put("warmup", warmup);
    report.put("total_hits_threshold", totalHitsThreshold);
    report.put("queries", perQuery);
    Map<String, Object> kinds = new LinkedHashMap<>();
    byKind.forEach((kind, values) -> kinds.put(kind, summary(values)));
    report.put("by_kind", kinds);
    report.put("overall", summary(everything));
    return report;
  }

  private static final class Result {
    final Parsed parsed;
    final TopDocs top;
    final List<String> ids;

    Result(Parsed parsed, TopDocs top, List<String> ids) {
      this.parsed = parsed;
      this.top = top;
      this.ids = ids;
    }
  }

  private static Result search(IndexSearcher searcher, QueryBuilder builder, String text, int threshold)
      throws IOException {
    Parsed parsed = parse(builder, text);
    TopScoreDocCollector collector = TopScoreDocCollector.create(TOP_N, threshold);
    searcher.search(parsed.query, collector);
    TopDocs top = collector.topDocs();
    List<String> ids = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc hit : top.scoreDocs) {
      ids.add(searcher.doc(hit.doc, Set.of("id")).get("id"));
    }
    return new Result(parsed, top, ids);
  }

  static List<String[]> readQueries(Path file) throws IOException {
    List<String[]> queries = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      queries.add(tab < 0 ? new String[] {"query", line} : new String[] {line.substring(0, tab), line.substring(tab + 1)});
    }
    if (queries.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no queries");
    }
    return queries;
  }

  /** n, median, p95, p99 in ms; the same definitions as scripts/bench_search.py. */
  static Map<String, Object> summary(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    out.put("median_ms", Json.round3(median));
    out.put("p95_ms", Json.round3(percentile(sorted, 95)));
    out.put("p99_ms", Json.round3(percentile(sorted, 99)));
    return out;
  }

  /** Nearest rank with Python's round-half-even, as bench_search.percentile. */
  private static double percentile(List<Double> sorted, double p) {
    int k = (int) Math.rint(p / 100 * (sorted.size() - 1));
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, k)));
  }
}
