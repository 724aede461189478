package dev.torch4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads protobuf's wire format from a byte range: field tags, varints, fixed 32/64-bit values and length-delimited
 * fields (which come back as a reader over their bytes, so nested messages are read in place, without copies). Every
 * length is checked against what is left, and a malformed message is an {@link IOException} naming the file.
 */
final class ProtoReader {
    static final int VARINT = 0, FIXED64 = 1, LEN = 2, FIXED32 = 5;

    private final byte[] buf;
    private final String file;
    private int pos;
    private final int end;

    ProtoReader(byte[] buf, int from, int to, String file) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        this.file = file;
    }

    boolean more() { return pos < end; }

    /** The next field's tag ({@code number << 3 | wire type}). */
    int tag() throws IOException {
        long t = varint();
        if (t >>> 3 == 0 || t > Integer.MAX_VALUE) throw bad("invalid field tag " + t);
        return (int) t;
    }

    long varint() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) throw bad("truncated varint");
            byte b = buf[pos++];
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) return v;
        }
        throw bad("varint longer than ten bytes");
    }

    int fixed32() throws IOException {
        need(4);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    long fixed64() throws IOException {
        long lo = fixed32() & 0xffffffffL;
        return lo | (long) fixed32() << 32;
    }

    /** A length-delimited field's bytes as a reader of their own. */
    ProtoReader message() throws IOException {
        int n = length();
        ProtoReader r = new ProtoReader(buf, pos, pos + n, file);
        pos += n;
        return r;
    }

    String string() throws IOException {
        int n = length();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** A length-delimited field as a copy of its bytes. */
    byte[] bytes() throws IOException {
        int n = length();
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /** The backing array: a length-delimited field is decoded in place by {@link #length()}, {@link #position()}, then {@link #skip(int)}. */
    byte[] array() { return buf; }

    int position() { return pos; }

    /** Reads a length prefix, checked against what is left, leaving the position at the data. */
    int length() throws IOException {
        long n = varint();
        if (n < 0 || n > end - pos) throw bad("field length " + n + " runs past the end of its message (" + (end - pos) + " bytes left)");
        return (int) n;
    }

    void skip(int n) throws IOException {
        need(n);
        pos += n;
    }

    /** Skips one field's value of the given wire type. */
    void skipField(int tag) throws IOException {
        switch (tag & 7) {
            case VARINT -> varint();
            case FIXED64 -> skip(8);
            case LEN -> skip(length());
            case FIXED32 -> skip(4);
            default -> throw bad("unsupported wire type " + (tag & 7) + " (field " + (tag >>> 3) + ")");
        }
    }

    /** A repeated int64 field, packed (one length-delimited run) or not (one varint), appended to {@code out}. */
    void int64s(int tag, LongList out) throws IOException {
        if ((tag & 7) == LEN) {
            ProtoReader r = message();
            while (r.more()) out.add(r.varint());
        } else {
            out.add(varint());
        }
    }

    /** A repeated float field, packed or not. */
    void floats(int tag, FloatList out) throws IOException {
        if ((tag & 7) == LEN) {
            ProtoReader r = message();
            while (r.more()) out.add(Float.intBitsToFloat(r.fixed32()));
        } else {
            out.add(Float.intBitsToFloat(fixed32()));
        }
    }

    /** A repeated double field, packed or not. */
    void doubles(int tag, DoubleList out) throws IOException {
        if ((tag & 7) == LEN) {
            ProtoReader r = message();
            while (r.more()) out.add(Double.longBitsToDouble(r.fixed64()));
        } else {
            out.add(Double.longBitsToDouble(fixed64()));
        }
    }

    private void need(int n) throws IOException {
        if (n < 0 || n > end - pos) throw bad("truncated message: " + n + " bytes needed, " + (end - pos) + " left");
    }

    IOException bad(String what) { return new IOException(file + ": malformed protobuf: " + what); }

    /** A growable long array. */
    static final class LongList {
        long[] a = new long[8];
        int n;

        void add(long v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n);
            a[n++] = v;
        }

        long[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }

    /** A growable float array. */
    static final class FloatList {
        float[] a = new float[8];
        int n;

        void add(float v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n);
            a[n++] = v;
        }

        float[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }

    /** A growable double array. */
    static final class DoubleList {
        double[] a = new double[8];
        int n;

        void add(double v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n);
            a[n++] = v;
        }

        double[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }
}
