#!/bin/sh
# Compile the Lucene harness against Debian's jars.
#
#   scripts/lucene/build.sh [OUT_DIR]     compile into OUT_DIR (default scripts/lucene/build)
#                                         and write OUT_DIR/classpath (the java -cp value)
#   scripts/lucene/build.sh --classpath   print the jars' class path, or exit 3 naming
#                                         what is missing
#
# The jars come from liblucene8-java and libicu4j-java (apt-get install
# liblucene8-java libicu4j-java); LUCENE_JARS=DIR looks elsewhere than /usr/share/java.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
JARS=${LUCENE_JARS:-/usr/share/java}

# The newest jar matching the first pattern that matches anything.  Debian
# names the jars lucene-*-8.7.0.jar and icu4j-60.2.jar although they hold
# Lucene 8.8.1 and ICU4J 72.1 (see README.md), so no version is hard-coded.
find_jar() {
    for pattern in "$@"; do
        # shellcheck disable=SC2086 # the pattern is meant to glob
        found=$(ls -1 "$JARS"/$pattern 2>/dev/null | sort -V | tail -n 1)
        if [ -n "$found" ]; then
            echo "$found"
            return 0
        fi
    done
    return 1
}

missing=""
cp=""
for spec in "lucene-core-8*.jar" \
            "lucene-analyzers-common-8*.jar lucene-analysis-common-8*.jar" \
            "lucene-analyzers-icu-8*.jar lucene-analysis-icu-8*.jar" \
            "icu4j.jar icu4j-[0-9]*.jar"; do
    # shellcheck disable=SC2086 # one spec is several patterns
    if jar=$(find_jar $spec); then
        cp="$cp${cp:+:}$jar"
    else
        missing="$missing ${spec%% *}"
    fi
done
if [ -n "$missing" ]; then
    echo "no$missing in $JARS (apt-get install liblucene8-java libicu4j-java)" >&2
    exit 3
fi
if [ "${1:-}" = "--classpath" ]; then
    echo "$cp"
    exit 0
fi

OUT=${1:-$HERE/build}
mkdir -p "$OUT"
javac -encoding UTF-8 --release 17 -Xlint:all -Werror -cp "$cp" -d "$OUT" "$HERE"/*.java
echo "$OUT:$cp" > "$OUT/classpath"
