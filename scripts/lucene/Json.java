/*
 * Setu's Lucene baseline: the JSON the harness prints (no JSON library on the
 * Debian class path, and the output is small).
 */

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes Maps, Lists, Strings, Numbers, Booleans and null as JSON. */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  /** A double rounded to 3 decimals, for times and rates. */
  static double round3(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }

  private static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      quote(out, (String) value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%s", d) : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map) {
      out.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        out.append(sep);
        quote(out, String.valueOf(e.getKey()));
        out.append(": ");
        write(out, e.getValue());
        sep = ", ";
      }
      out.append('}');
    } else if (value instanceof List) {
      out.append('[');
      String sep = "";
      for (Object item : (List<?>) value) {
        out.append(sep);
        write(out, item);
        sep = ", ";
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not JSON: " + value.getClass());
    }
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c); // non-ASCII raw: stdout is UTF-8 (see SetuLucene.main)
          }
      }
    }
    out.append('"');
  }
}
