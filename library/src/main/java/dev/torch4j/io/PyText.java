package dev.torch4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** The two text encodings of pickle protocol 0: a quoted Python 2 {@code str} literal and raw-unicode-escape. */
final class PyText {
    private PyText() {}

    /**
     * The bytes of a quoted Python 2 string literal ({@code 'a\x00b'}, {@code "it's"}) as pickle's STRING opcode
     * writes it: the escapes {@code \\ \' \" \n \r \t \a \b \f \v}, {@code \xhh}, octal {@code \ooo} and a
     * backslash before a newline; any other backslash stays as it is (Python's rule).
     *
     * @param text the literal, one char per byte (latin-1)
     */
    static byte[] unquote(Unpickler u, String text) throws IOException {
        int n = text.length();
        if (n < 2 || (text.charAt(0) != '\'' && text.charAt(0) != '"') || text.charAt(n - 1) != text.charAt(0)) {
            throw u.error("STRING argument is not a quoted string literal");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        for (int i = 1; i < n - 1; i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= n - 1) {
                out.write(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case '\\', '\'', '"' -> out.write(e);
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'v' -> out.write(11);
                case '\n' -> { } // a line continuation
                case 'x' -> {
                    if (i + 2 >= n - 1 || hex(text, i + 1, 2) < 0) throw u.error("STRING argument has a bad \\x escape");
                    out.write(hex(text, i + 1, 2));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0', k = 1;
                        while (k < 3 && i + 1 < n - 1 && text.charAt(i + 1) >= '0' && text.charAt(i + 1) <= '7') {
                            v = v * 8 + text.charAt(++i) - '0';
                            k++;
                        }
                        out.write(v & 0xff);
                    } else {
                        out.write('\\');
                        out.write(e);
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Python's raw-unicode-escape decoding: the text is latin-1, except that {@code \}{@code uXXXX} and
     * {@code \}{@code UXXXXXXXX} after an odd run of backslashes stand for that code point.
     */
    static String rawUnicodeEscape(Unpickler u, String text) throws IOException {
        StringBuilder sb = new StringBuilder(text.length());
        int n = text.length();
        for (int i = 0; i < n; ) {
            char c = text.charAt(i);
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            int run = 0;
            while (i + run < n && text.charAt(i + run) == '\\') run++;
            int next = i + run;
            boolean escape = run % 2 == 1 && next < n && (text.charAt(next) == 'u' || text.charAt(next) == 'U');
            sb.append("\\".repeat(escape ? run - 1 : run));
            i = next;
            if (!escape) continue;
            int digits = text.charAt(next) == 'u' ? 4 : 8;
            int cp = next + 1 + digits <= n ? hex(text, next + 1, digits) : -1;
            if (cp < 0 || !Character.isValidCodePoint(cp)) throw u.error("UNICODE argument has a bad \\" + text.charAt(next) + " escape");
            sb.appendCodePoint(cp);
            i = next + 1 + digits;
        }
        return sb.toString();
    }

    /** The value of {@code count} hex digits at {@code from}, or -1. */
    private static int hex(String s, int from, int count) {
        if (from + count > s.length()) return -1;
        long v = 0;
        for (int i = from; i < from + count; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
