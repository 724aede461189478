# shellcheck shell=bash
# Shared by the side-by-side scripts: finds JDK 25 (the project's .mvn/find-jdk.sh, as ./mvnw and ./torch4j do),
# builds library + benchmarks into target/side-by-side of each module when sources changed, and sets
#   java  - the java command with the JVM flags torch4j needs (an array)
#   cp    - the class path of the benchmarks jar and its dependencies
# Sourced with $root set to the repository root.

# shellcheck source=../.mvn/find-jdk.sh
. "$root/.mvn/find-jdk.sh"
t4j_find_jdk || exit 1
export JAVA_HOME
java=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)

out=target/side-by-side
cpfile=$root/benchmarks/$out/classpath.txt
jar=$root/benchmarks/$out/torch4j-benchmarks-0.1.0-SNAPSHOT.jar
t4j_bench_stale() {
    [ -f "$jar" ] && [ -f "$cpfile" ] || return 0
    [ -n "$(find "$root/pom.xml" "$root/library/pom.xml" "$root/benchmarks/pom.xml" "$root/library/src/main" \
        "$root/benchmarks/src/main" -newer "$jar" -type f -print -quit)" ]
}
if t4j_bench_stale; then
    echo "# building torch4j and benchmarks into */$out ..." >&2
    t4j_bench_build() {
        (cd "$root" && ./mvnw -q "$@" "-Dt4j.buildDir=\${project.basedir}/$out" -pl library,benchmarks \
            -Dmaven.test.skip=true package dependency:build-classpath "-Dmdep.outputFile=$cpfile" >&2)
    }
    t4j_bench_build -o 2>/dev/null || t4j_bench_build # offline first: no network needed when the plugins are local
fi
cp="$jar:$(cat "$cpfile")"
