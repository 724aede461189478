package dev.torch4j.tensorboard;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A protobuf message under construction: fields are appended in the order the caller writes them, which must be
 * ascending field numbers to match the bytes protobuf's own encoders produce. Proto3 rules: a scalar field at its
 * default (0, empty) is left out, unless it is a member of a {@code oneof} (the {@code always} forms), and a message
 * field is written whenever it is set, even empty.
 */
final class Proto {
    private static final int VARINT = 0, FIXED64 = 1, LEN = 2, FIXED32 = 5;

    private byte[] buf = new byte[32];
    private int size;

    byte[] toByteArray() { return Arrays.copyOf(buf, size); }

    /** An int32/int64/enum field; negative values take ten bytes, as protobuf sign-extends int32 too. */
    Proto int64(int field, long v) {
        if (v != 0) {
            tag(field, VARINT);
            varint(v);
        }
        return this;
    }

    /** A double field; -0.0 is written, as protobuf compares the bits with zero. */
    Proto double64(int field, double v) {
        if (Double.doubleToRawLongBits(v) != 0) doubleAlways(field, v);
        return this;
    }

    /** A double member of a oneof: written even when 0. */
    Proto doubleAlways(int field, double v) {
        tag(field, FIXED64);
        fixed64(Double.doubleToRawLongBits(v));
        return this;
    }

    /** A float member of a oneof: written even when 0. */
    Proto floatAlways(int field, float v) {
        tag(field, FIXED32);
        fixed32(Float.floatToRawIntBits(v));
        return this;
    }

    /** A string field (UTF-8), left out when empty. */
    Proto string(int field, String s) {
        if (!s.isEmpty()) bytesAlways(field, s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A string member of a oneof, or one element of a repeated bytes field: written even when empty. */
    Proto bytesAlways(int field, byte[] b) {
        tag(field, LEN);
        varint(b.length);
        put(b, 0, b.length);
        return this;
    }

    /** A message field (set, so written even when empty). */
    Proto message(int field, Proto m) {
        tag(field, LEN);
        varint(m.size);
        put(m.buf, 0, m.size);
        return this;
    }

    /** A packed repeated double field, left out when empty. */
    Proto packedDoubles(int field, double[] v) {
        if (v.length == 0) return this;
        tag(field, LEN);
        varint(8L * v.length);
        for (double d : v) fixed64(Double.doubleToRawLongBits(d));
        return this;
    }

    private void tag(int field, int wire) { varint((long) field << 3 | wire); }

    private void varint(long v) {
        grow(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    private void fixed64(long v) {
        grow(8);
        for (int i = 0; i < 8; i++) buf[size++] = (byte) (v >>> 8 * i);
    }

    private void fixed32(int v) {
        grow(4);
        for (int i = 0; i < 4; i++) buf[size++] = (byte) (v >>> 8 * i);
    }

    private void put(byte[] b, int off, int len) {
        grow(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    private void grow(int more) {
        if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
}
