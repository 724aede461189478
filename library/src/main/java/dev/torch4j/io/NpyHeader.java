package dev.torch4j.io;

import dev.torch4j.DType;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code .npy} header: magic, version, and a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}. Parsing is a strict literal parser (no
 * evaluation, bounded depth and size, as NumPy's {@code safe_eval} after its 10000-byte header limit); formatting
 * reproduces {@code numpy.lib.format} byte for byte (sorted keys, 21-digit growth padding after the shape, spaces
 * and a newline up to a multiple of 64 bytes, version 1.0 unless the header needs 2.0).
 */
final class NpyHeader {
    private NpyHeader() {}

    /** NumPy's default {@code max_header_size}: longer headers are refused as unsafe. */
    static final int MAX_HEADER = 10000;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int ALIGN = 64;

    /** A parsed header: element type, its byte order, layout, shape, and where the data starts. */
    record Header(DType dtype, ByteOrder order, boolean fortranOrder, long[] shape, long dataOffset, int major, int minor) {}

    /** True when the bytes start with the {@code .npy} magic string. */
    static boolean hasMagic(MappedFile f) {
        if (f.size() < MAGIC.length) return false;
        for (int i = 0; i < MAGIC.length; i++) if (f.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != MAGIC[i]) return false;
        return true;
    }

    static Header read(MappedFile f) throws IOException {
        if (!hasMagic(f)) {
            if (f.size() >= 2 && f.u16(0, "magic") == 0x4b50) {
                throw new IOException(f.name() + ": this is a zip archive (.npz?), not a .npy file: use Npy.loadNpz");
            }
            throw new IOException(f.name() + ": not a .npy file (the magic string \\x93NUMPY is missing)");
        }
        int major = f.u8(6, "format version"), minor = f.u8(7, "format version");
        long len;
        long start;
        if (major == 1 && minor == 0) {
            len = f.u16(8, "header length");
            start = 10;
        } else if ((major == 2 || major == 3) && minor == 0) {
            len = f.u32(8, "header length");
            start = 12;
        } else {
            throw new IOException(f.name() + ": unsupported .npy format version " + major + "." + minor + " (1.0, 2.0 and 3.0 are known)");
        }
        if (len > MAX_HEADER) {
            throw new IOException(f.name() + ": header length " + len + " exceeds " + MAX_HEADER
                    + " bytes; NumPy also refuses such headers as unsafe to parse");
        }
        byte[] raw = f.bytes(start, (int) len, "array header");
        String text = new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict;
        try {
            Object v = new Literal(text).parseAll();
            if (!(v instanceof Map<?, ?> m)) throw new IOException("the header is not a dictionary");
            @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
            dict = mm;
        } catch (IOException e) {
            throw new IOException(f.name() + ": cannot parse .npy header " + quote(text) + ": " + e.getMessage(), e);
        }
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw new IOException(f.name() + ": header does not contain the correct keys: " + dict.keySet()
                    + " (expected descr, fortran_order, shape)");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new IOException(f.name() + ": fortran_order is not a bool in header " + quote(text));
        }
        if (!(dict.get("shape") instanceof Tuple shapeTuple)) {
            throw new IOException(f.name() + ": shape is not a tuple in header " + quote(text));
        }
        long[] shape = new long[shapeTuple.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeTuple.get(i) instanceof Long d) || d < 0) {
                throw new IOException(f.name() + ": shape " + shapeTuple + " must hold non-negative integers");
            }
            shape[i] = d;
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String ds)) {
            throw new IOException(f.name() + ": structured arrays (descr " + descr + ") are not supported");
        }
        DType dtype = dtypeOf(f, ds);
        ByteOrder order = switch (ds.isEmpty() ? '|' : ds.charAt(0)) {
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> ByteOrder.LITTLE_ENDIAN;
        };
        return new Header(dtype, order, fortran, shape, start + len, major, minor);
    }

    private static DType dtypeOf(MappedFile f, String descr) throws IOException {
        String s = descr;
        if (!s.isEmpty() && "<>|=".indexOf(s.charAt(0)) >= 0) s = s.substring(1);
        DType d = dtypeOfCode(s);
        if (d != null) return d;
        if (s.startsWith("O")) {
            throw new IOException(f.name() + ": object arrays (descr '" + descr + "') hold pickled Python objects; "
                    + "torch4j never unpickles .npy data");
        }
        throw new IOException(f.name() + ": unsupported dtype '" + descr + "': torch4j reads bool, uint8, int8, int16, int32, "
                + "int64, float16, float32, float64, complex64 and complex128 (convert with numpy's astype first)");
    }

    /** The torch4j dtype of a NumPy type code without its byte order ({@code "f4"}, {@code "?"}), or null. */
    static DType dtypeOfCode(String s) {
        return switch (s) {
            case "b1", "?" -> DType.BOOL;
            case "u1" -> DType.UINT8;
            case "i1" -> DType.INT8;
            case "i2" -> DType.INT16;
            case "i4" -> DType.INT32;
            case "i8" -> DType.INT64;
            case "f2" -> DType.FLOAT16;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "c8" -> DType.COMPLEX64;
            case "c16" -> DType.COMPLEX128;
            default -> null;
        };
    }

    /** NumPy's {@code dtype.str} for a torch4j dtype: {@code '<f4'}, {@code '|b1'}. */
    static String descr(DType dtype, ByteOrder order) {
        String code = switch (dtype) {
            case COMPLEX64 -> "c8";
            case COMPLEX128 -> "c16";
            case QUINT8, QINT8, QINT32, QUINT4X2 -> throw new IllegalArgumentException("NumPy has no quantized dtypes: save " + dtype + "'s int_repr() or dequantize()");
            case BOOL -> "b1";
            case UINT8 -> "u1";
            case INT8 -> "i1";
            case INT16 -> "i2";
            case INT32 -> "i4";
            case INT64 -> "i8";
            case FLOAT16 -> "f2";
            case FLOAT32 -> "f4";
            case FLOAT64 -> "f8";
            case BFLOAT16 -> throw new IllegalArgumentException("Npy.save: bfloat16 has no NumPy dtype; convert first, "
                    + "e.g. tensor.to(DType.FLOAT32) (exact) or save it with SafeTensors or Torch.save");
        };
        char o = dtype.itemSize() == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
        return o + code;
    }

    /** The full header (magic through the final newline), as {@code numpy.lib.format} writes it. */
    static byte[] format(DType dtype, ByteOrder order, boolean fortranOrder, long[] shape) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr(dtype, order)).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (shape.length == 1) sb.append(',');
        sb.append("), }");
        if (shape.length > 0) {
            // spare room so the growth axis can be rewritten in place (numpy >= 1.24)
            long axis = shape[fortranOrder ? shape.length - 1 : 0];
            sb.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Long.toString(axis).length());
        }
        byte[] header = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        int hlen = header.length + 1;
        int lenSize = 2, major = 1;
        int pad = ALIGN - ((MAGIC.length + 2 + lenSize + hlen) % ALIGN);
        if (hlen + pad > 0xffff) {
            lenSize = 4;
            major = 2;
            pad = ALIGN - ((MAGIC.length + 2 + lenSize + hlen) % ALIGN);
        }
        int total = MAGIC.length + 2 + lenSize + hlen + pad;
        byte[] out = new byte[total];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) major;
        out[7] = 0;
        int n = hlen + pad;
        for (int i = 0; i < lenSize; i++) out[8 + i] = (byte) (n >>> (8 * i));
        int p = 8 + lenSize;
        System.arraycopy(header, 0, out, p, header.length);
        for (int i = p + header.length; i < total - 1; i++) out[i] = ' ';
        out[total - 1] = '\n';
        return out;
    }

    private static String quote(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return "\"" + t.strip().replace("\n", "\\n") + "\"";
    }

    /** A strict parser for the Python literals a header holds: dicts, tuples, lists, str, int, bool, None. */
    private static final class Literal {
        private static final int MAX_DEPTH = 8;
        private final String s;
        private int i;

        Literal(String s) { this.s = s; }

        Object parseAll() throws IOException {
            Object v = value(0);
            skipSpace();
            if (i != s.length()) throw new IOException("unexpected text at character " + i);
            return v;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private boolean eat(char c) {
            skipSpace();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private Object value(int depth) throws IOException {
            if (depth > MAX_DEPTH) throw new IOException("nesting too deep");
            skipSpace();
            if (i >= s.length()) throw new IOException("unexpected end of header");
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                while (!eat('}')) {
                    Object k = value(depth + 1);
                    if (!(k instanceof String key)) throw new IOException("dictionary keys must be strings");
                    if (!eat(':')) throw new IOException("expected ':' at character " + i);
                    if (m.put(key, value(depth + 1)) != null) throw new IOException("duplicate key '" + key + "'");
                    if (!eat(',')) {
                        if (!eat('}')) throw new IOException("expected ',' or '}' at character " + i);
                        break;
                    }
                }
                return m;
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                i++;
                List<Object> items = new ArrayList<>();
                boolean comma = false;
                while (!eat(close)) {
                    items.add(value(depth + 1));
                    comma = eat(',');
                    if (!comma) {
                        if (!eat(close)) throw new IOException("expected ',' or '" + close + "' at character " + i);
                        break;
                    }
                }
                // (x) without a comma is just x in Python
                if (c == '(' && items.size() == 1 && !comma) return items.get(0);
                return c == '(' ? Tuple.copyOf(items) : items;
            }
            if (c == '\'' || c == '"') return string(c);
            if (c == '-' || c == '+' || Character.isDigit(c)) return integer();
            int start = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
            return switch (s.substring(start, i)) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> null;
                default -> throw new IOException("unexpected token at character " + start);
            };
        }

        private String string(char quote) throws IOException {
            i++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw new IOException("unterminated string");
                char c = s.charAt(i++);
                if (c == quote) return sb.toString();
                if (c == '\\') {
                    if (i >= s.length()) throw new IOException("unterminated string");
                    char e = s.charAt(i++);
                    sb.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case '0' -> '\0';
                        default -> e;
                    });
                } else {
                    sb.append(c);
                }
            }
        }

        private Long integer() throws IOException {
            int start = i;
            if (s.charAt(i) == '-' || s.charAt(i) == '+') i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            String digits = s.substring(start, i);
            if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) i++; // Python 2 long suffix
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IOException("integer '" + digits + "' is out of range");
            }
        }
    }
}
