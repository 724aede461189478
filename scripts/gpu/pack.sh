#!/usr/bin/env bash
# Prepares the ignored folder .gpu/ that scripts/gpu/run.sh needs on the GPU machine (which may have no Java and
# no network): a jlink'd JDK 25 runtime (xz tar: the machine's carry limit is 64 MiB), the library and benchmarks
# jars (the library jar holds the CUDA fatbins when nvcc is here), the compiled tests with their resources (xz tar), the
# JUnit console launcher and the test dependencies. Runs HERE, from any directory:
#
#   scripts/gpu/pack.sh            # build (offline first), then assemble .gpu/ and print its size
#
# Build output goes to */target/gpu-pack so parallel builds in target/ are left alone. The runtime is rebuilt only
# when the module list or the JDK changes (compressing it takes ~1 minute). Fails when .gpu/ exceeds 50 MiB.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export T4J_ROOT="$root"
# shellcheck source=../../.mvn/find-jdk.sh
. "$root/.mvn/find-jdk.sh"
t4j_find_jdk || exit 1
export JAVA_HOME
echo "# pack: JDK $JAVA_HOME" >&2

gpu=$root/.gpu
bd=target/gpu-pack
version=0.1.0-SNAPSHOT
# modules: jdeps over the jars and test classes gives java.base, java.compiler, java.sql, jdk.management,
# jdk.unsupported; the vector API, java.logging/java.management (JUnit, jqwik), jdk.zipfs (tests that read the
# jar as a file system: KernelSignatureTest) and java.desktop (the ShapesCnn example draws its images with
# java.awt, headless) are added by hand.
modules=java.base,java.compiler,java.desktop,java.sql,java.logging,java.management,jdk.management,jdk.unsupported,jdk.zipfs,jdk.incubator.vector

# --- 1. build library (with CUDA fatbins when nvcc is found) + test classes + benchmarks + examples (the tour)
mvn_build() {
    ./mvnw -q -B "$@" -DskipTests "-Dt4j.buildDir=\${project.basedir}/$bd" -pl library,benchmarks,examples package \
        > "$root/target/gpu-pack.log" 2>&1
}
mkdir -p target
echo "# pack: building library and benchmarks into */$bd ..." >&2
if ! mvn_build -o && ! mvn_build; then
    grep -v '^WARNING' target/gpu-pack.log | tail -40 >&2
    echo "pack: build failed (log: target/gpu-pack.log)" >&2
    exit 1
fi
lib_jar=library/$bd/torch4j-$version.jar
bench_jar=benchmarks/$bd/torch4j-benchmarks-$version.jar
examples_jar=examples/$bd/torch4j-examples-$version.jar
nfat=$(unzip -l "$lib_jar" | grep -c 'dev/torch4j/cuda/.*\.fatbin' || true) # grep -q would cut unzip's pipe
[ "$nfat" -gt 0 ] && echo "# pack: library jar holds $nfat CUDA fatbins" >&2 \
    || echo "# pack: WARNING: no fatbin in the library jar (NVRTC will compile the kernels at run time)" >&2

# --- 2. test class path (test scope), without the JUnit jars the console launcher already holds
cpfile=$root/library/$bd/test-classpath.txt
cp_build() {
    ./mvnw -q -B "$@" -pl library "-Dt4j.buildDir=\${project.basedir}/$bd" dependency:build-classpath \
        "-Dmdep.outputFile=$cpfile" -Dmdep.includeScope=test
}
cp_build -o >/dev/null 2>&1 || cp_build >&2

# --- 3. JUnit console launcher matching the project's JUnit (5.x.y -> platform 1.x.y)
junit=$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' pom.xml | head -1)
platform=1.${junit#5.}
console=$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/$platform/junit-platform-console-standalone-$platform.jar
if [ ! -f "$console" ]; then
    echo "# pack: fetching junit-platform-console-standalone $platform ..." >&2
    ./mvnw -q -B dependency:get "-Dartifact=org.junit.platform:junit-platform-console-standalone:$platform" >&2
fi

# --- 4. assemble .gpu (the runtime is kept when still current)
mkdir -p "$gpu"
rm -rf "$gpu/lib" "$gpu/test-classes" "$gpu/test-classes.tar.xz"
mkdir -p "$gpu/lib"
cp "$lib_jar" "$gpu/lib/torch4j.jar"
cp "$bench_jar" "$gpu/lib/torch4j-benchmarks.jar"
cp "$examples_jar" "$gpu/lib/torch4j-examples.jar"
cp "$console" "$gpu/lib/junit-platform-console-standalone.jar"
tr ':' '\n' < "$cpfile" | while read -r jar; do
    case "$jar" in
        */org/junit/*|*/opentest4j/*|*/apiguardian/*|*/archunit/*|'') ;; # in the launcher, or not needed there
        *) cp "$jar" "$gpu/lib/" ;;
    esac
done
# compressed: the golden files (~30 MiB of JSON) shrink ~8x, and the carry limit is 64 MiB
tar -C "library/$bd/test-classes" -cf - . | xz -6 -T0 > "$gpu/test-classes.tar.xz.part"
mv "$gpu/test-classes.tar.xz.part" "$gpu/test-classes.tar.xz"

jdk_id="$modules $(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$JAVA_HOME/release")"
if [ ! -f "$gpu/jre.tar.xz" ] || [ "$(cat "$gpu/jre.id" 2>/dev/null)" != "$jdk_id" ]; then
    echo "# pack: jlink + xz of a Java runtime ($modules), ~1 minute ..." >&2
    tmp=$(mktemp -d)
    # zip-0 inside, xz outside: xz packs the uncompressed image much smaller (15 MiB against 25)
    "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
        --compress=zip-0 --output "$tmp/jre" 2>&1 | grep -v 'incubator modules' >&2 || true
    "$tmp/jre/bin/java" --add-modules jdk.incubator.vector -version 2>&1 | grep -q 'version "25' \
        || { echo "pack: jlink'd runtime does not start" >&2; rm -rf "$tmp"; exit 1; }
    tar -C "$tmp/jre" -cf - . | xz -9 -T0 > "$gpu/jre.tar.xz.part"
    mv "$gpu/jre.tar.xz.part" "$gpu/jre.tar.xz"
    echo "$jdk_id" > "$gpu/jre.id"
    rm -rf "$tmp"
fi

{
    echo "packed: $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git status --porcelain 2>/dev/null | grep -q . && echo ' (+ uncommitted changes)')"
    echo "jdk: $jdk_id"
    echo "junit platform: $platform"
} > "$gpu/MANIFEST"

kib=$(du -sk "$gpu" | cut -f1)
echo "# pack: .gpu is $((kib / 1024)) MiB ($(find "$gpu" -type f | wc -l) files):" >&2
du -sh "$gpu"/* >&2
if [ "$kib" -gt $((50 * 1024)) ]; then
    echo "pack: .gpu is over 50 MiB" >&2
    exit 1
fi
echo "# pack: done. Device call: bash scripts/gpu/run.sh  (carry [\".gpu\"])" >&2
