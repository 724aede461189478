# shellcheck shell=sh
# Finds a JDK that can build torch4j (Java 25+) and exports JAVA_HOME.
#
# Sourced (never executed) by ./mvnw, ./torch4j and .ci/run. POSIX sh, safe under `set -euf` (mvnw's mode).
# Usage:   . .mvn/find-jdk.sh && t4j_find_jdk     # returns 1 (after a message) when no JDK 25+ is found
#
# Order: $JAVA_HOME if it is 25+  ->  `java` on PATH if 25+  ->  /usr/lib/jvm/temurin-25-jdk-amd64
#        ->  other JDKs in usual places (/usr/lib/jvm/*, ./.jdk, ~/.jdks, SDKMAN, macOS), 25 preferred, else newest.
# Set T4J_JDK_VERBOSE=1 to see what it picked.

T4J_MIN_JAVA=25
T4J_PREFERRED_JAVA=25

# Prints the feature version of the JDK at $1 (e.g. 25), or fails if $1 is not a JDK (needs java and javac).
t4j_jdk_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  _t4j_v=
  if [ -f "$1/release" ]; then
    _t4j_v=$(sed -n 's/^JAVA_VERSION="*\([^"]*\)"*.*/\1/p' "$1/release" | head -n 1)
  fi
  if [ -z "$_t4j_v" ]; then
    _t4j_v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case "$_t4j_v" in 1.*) _t4j_v=${_t4j_v#1.} ;; esac
  _t4j_v=${_t4j_v%%[!0-9]*}
  [ -n "$_t4j_v" ] || return 1
  printf '%s\n' "$_t4j_v"
}

t4j_find_jdk() {
  # 1. JAVA_HOME, when it is new enough.
  if [ -n "${JAVA_HOME:-}" ]; then
    _t4j_m=$(t4j_jdk_major "$JAVA_HOME") || _t4j_m=0
    if [ "$_t4j_m" -ge "$T4J_MIN_JAVA" ]; then
      export JAVA_HOME
      [ -z "${T4J_JDK_VERBOSE:-}" ] || echo "torch4j: using JAVA_HOME=$JAVA_HOME (Java $_t4j_m)" >&2
      return 0
    fi
  fi

  # 2. `java` on PATH, resolved to its JDK home.
  _t4j_best= _t4j_best_m=0
  _t4j_java=$(command -v java 2>/dev/null) || _t4j_java=
  if [ -n "$_t4j_java" ]; then
    _t4j_java=$(readlink -f "$_t4j_java" 2>/dev/null) || _t4j_java=
    if [ -n "$_t4j_java" ]; then
      _t4j_home=${_t4j_java%/bin/java}
      _t4j_m=$(t4j_jdk_major "$_t4j_home") || _t4j_m=0
      if [ "$_t4j_m" -ge "$T4J_MIN_JAVA" ]; then _t4j_best=$_t4j_home _t4j_best_m=$_t4j_m; fi
    fi
  fi

  # 3. Known install locations (globbing is switched on just for this loop: mvnw runs with `set -f`).
  if [ -z "$_t4j_best" ]; then
    case $- in *f*) _t4j_noglob=1; set +f ;; *) _t4j_noglob= ;; esac
    for _t4j_home in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/* \
        "${T4J_ROOT:-.}"/.jdk "${T4J_ROOT:-.}"/.jdk/* "${HOME:-/nonexistent}"/.jdks/* \
        "${HOME:-/nonexistent}"/.sdkman/candidates/java/* /opt/*jdk* /opt/java/* \
        /Library/Java/JavaVirtualMachines/*/Contents/Home; do
      _t4j_m=$(t4j_jdk_major "$_t4j_home" 2>/dev/null) || continue
      [ "$_t4j_m" -ge "$T4J_MIN_JAVA" ] || continue
      if [ "$_t4j_m" -eq "$T4J_PREFERRED_JAVA" ]; then _t4j_best=$_t4j_home _t4j_best_m=$_t4j_m; break; fi
      if [ "$_t4j_m" -gt "$_t4j_best_m" ]; then _t4j_best=$_t4j_home _t4j_best_m=$_t4j_m; fi
    done
    if [ -n "$_t4j_noglob" ]; then set -f; fi
  fi

  if [ -z "$_t4j_best" ]; then
    echo "torch4j: no JDK $T4J_MIN_JAVA+ found (JAVA_HOME=${JAVA_HOME:-<unset>})." >&2
    echo "torch4j: install JDK 25 (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    return 1
  fi
  if [ -n "${JAVA_HOME:-}" ]; then
    echo "torch4j: JAVA_HOME=$JAVA_HOME is not a JDK $T4J_MIN_JAVA+; using $_t4j_best (Java $_t4j_best_m)" >&2
  elif [ -n "${T4J_JDK_VERBOSE:-}" ]; then
    echo "torch4j: using $_t4j_best (Java $_t4j_best_m)" >&2
  fi
  JAVA_HOME=$_t4j_best
  export JAVA_HOME
}

# On JDK 24+, Maven's own libraries (Guice, Guava) make the JVM warn about sun.misc.Unsafe at every start;
# allow that access for the Maven JVM only (never for tests), unless MAVEN_OPTS already says otherwise.
t4j_quiet_maven() {
  _t4j_m=$(t4j_jdk_major "${JAVA_HOME:-}") || return 0
  [ "$_t4j_m" -ge 24 ] || return 0
  case " ${MAVEN_OPTS:-} " in
  *sun-misc-unsafe-memory-access*) ;;
  *) MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"; export MAVEN_OPTS ;;
  esac
}
