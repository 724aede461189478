package dev.torch4j.io;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small, strict JSON reader and string quoting the safetensors header needs (the library has no JSON
 * dependency). Parsing yields {@link LinkedHashMap} (duplicate keys are an error), {@link ArrayList},
 * {@link String}, {@link Long} (or {@link BigInteger} beyond it), {@link Double}, {@link Boolean} and null; nesting
 * is bounded so a forged header cannot exhaust the stack.
 */
final class Json {
    private Json() {}

    private static final int MAX_DEPTH = 64;

    static Object parse(String s) throws IOException {
        Json.Parser p = new Parser(s);
        Object v = p.value(0);
        p.skipSpace();
        if (p.i != s.length()) throw p.error("unexpected text after the JSON value");
        return v;
    }

    /** A JSON string literal, escaped as serde_json does (safetensors' reference writer): {@code "a\"b"}. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) { this.s = s; }

        IOException error(String what) {
            return new IOException("invalid JSON at character " + i + ": " + what);
        }

        void skipSpace() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
                i++;
            }
        }

        Object value(int depth) throws IOException {
            if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
            skipSpace();
            if (i >= s.length()) throw error("unexpected end");
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    skipSpace();
                    if (peek('}')) { i++; return m; }
                    while (true) {
                        skipSpace();
                        if (!peek('"')) throw error("expected a string key");
                        String k = string();
                        skipSpace();
                        if (!peek(':')) throw error("expected ':'");
                        i++;
                        if (m.containsKey(k)) throw error("duplicate key \"" + k + "\"");
                        m.put(k, value(depth + 1));
                        skipSpace();
                        if (peek(',')) { i++; continue; }
                        if (peek('}')) { i++; return m; }
                        throw error("expected ',' or '}'");
                    }
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<>();
                    skipSpace();
                    if (peek(']')) { i++; return l; }
                    while (true) {
                        l.add(value(depth + 1));
                        skipSpace();
                        if (peek(',')) { i++; continue; }
                        if (peek(']')) { i++; return l; }
                        throw error("expected ',' or ']'");
                    }
                }
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw error("unexpected character '" + c + "'");
            }
        }

        private boolean peek(char c) { return i < s.length() && s.charAt(i) == c; }

        private Object literal(String word, Object v) throws IOException {
            if (!s.startsWith(word, i)) throw error("unexpected token");
            i += word.length();
            return v;
        }

        private String string() throws IOException {
            i++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw error("unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return sb.toString();
                if (c < 0x20) throw error("control character in string");
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) throw error("unterminated escape");
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) throw error("truncated \\u escape");
                        try {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        private Object number() throws IOException {
            int start = i;
            if (peek('-')) i++;
            if (peek('0')) i++;
            else if (i < s.length() && s.charAt(i) >= '1' && s.charAt(i) <= '9') digits();
            else throw error("bad number");
            boolean integral = true;
            if (peek('.')) {
                integral = false;
                i++;
                if (digits() == 0) throw error("bad fraction");
            }
            if (peek('e') || peek('E')) {
                integral = false;
                i++;
                if (peek('+') || peek('-')) i++;
                if (digits() == 0) throw error("bad exponent");
            }
            String t = s.substring(start, i);
            // a forged header of a million digits must not cost quadratic BigInteger parsing
            if (t.length() > 400) throw error("number literal of " + t.length() + " characters");
            if (!integral) return Double.parseDouble(t);
            BigInteger b = new BigInteger(t);
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }

        private int digits() {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            return i - start;
        }
    }
}
