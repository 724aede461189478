package dev.torch4j.io;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Hugging Face's <a href="https://huggingface.co/docs/safetensors">safetensors</a> format: an 8-byte little-endian
 * header length, a JSON header ({@code {"__metadata__": {...}, "name": {"dtype": "F32", "shape": [2, 3],
 * "data_offsets": [0, 24]}, ...}}), then the tensors' bytes, row-major and little-endian. Every torch4j dtype
 * but complex128 round-trips, bfloat16 ({@code BF16}), float16 ({@code F16}), bool ({@code BOOL}) and complex64
 * ({@code C64}, the format's only complex dtype) included; complex128 is refused on write, naming the tensor.
 *
 * <p>{@link #safeOpen} reads lazily: it parses and validates the header, maps the file, and copies a tensor's
 * bytes into a new Java array only when {@link Reader#getTensor} asks for it. The header is validated as the
 * reference implementation does: at most 100 MB, valid UTF-8 starting with <code>{</code>, known dtypes, offsets
 * that start at 0 and are contiguous (no gaps, no overlap), a byte length per tensor equal to
 * {@code numel * itemsize}, and a data section that ends exactly at the end of the file. Violations raise an
 * {@link IOException}; tensors of dtypes torch4j lacks (U16, U32, U64, F8_*) can be listed but not materialised.
 *
 * <p>{@link #saveFile} writes what the reference writer writes: tensors sorted by dtype alignment (largest first),
 * then by name; a compact header with {@code __metadata__} first, padded with spaces to a multiple of 8 bytes so
 * every tensor's data is aligned. The file is written to a temporary file that is then moved into place.
 *
 * <pre>{@code
 * SafeTensors.saveFile(Map.of("w", randn(3, 3)), Map.of("format", "pt"), path);
 * try (SafeTensors.Reader r = SafeTensors.safeOpen(path)) {
 *     Tensor w = r.getTensor("w");
 * }
 * }</pre>
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** The reference implementation's limit on the header's size. */
    static final long MAX_HEADER = 100_000_000;
    private static final String METADATA = "__metadata__";

    /** A safetensors dtype: its name, byte size, alignment rank (the reference enum's order) and torch4j dtype. */
    private enum StDType {
        BOOL(1, DType.BOOL), U8(1, DType.UINT8), I8(1, DType.INT8), F8_E5M2(1, null), F8_E4M3(1, null),
        I16(2, DType.INT16), U16(2, null), F16(2, DType.FLOAT16), BF16(2, DType.BFLOAT16), I32(4, DType.INT32),
        U32(4, null), F32(4, DType.FLOAT32), C64(8, DType.COMPLEX64), F64(8, DType.FLOAT64), I64(8, DType.INT64), U64(8, null);

        final int size;
        final DType dtype;

        StDType(int size, DType dtype) {
            this.size = size;
            this.dtype = dtype;
        }

        static StDType of(DType d) {
            for (StDType s : values()) if (s.dtype == d) return s;
            throw new AssertionError(d);
        }

        /** Whether the format has a dtype for {@code d}: every torch4j dtype but complex128. */
        static boolean has(DType d) {
            for (StDType s : values()) if (s.dtype == d) return true;
            return false;
        }
    }

    private record Info(String name, StDType dtype, long[] shape, long begin, long end) {}

    // ---------------------------------------------------------------- reading

    /** {@code safetensors.torch.load_file(path)}: every tensor, in file order, with the file closed afterwards. */
    public static Map<String, Tensor> loadFile(Path path) throws IOException {
        try (Reader r = safeOpen(path)) {
            return r.loadAll();
        }
    }

    /**
     * {@code safetensors.safe_open(path, "pt")}: parses and validates the header and maps the file; tensors are
     * materialised on {@link Reader#getTensor}. Close the reader to release the mapping.
     */
    public static Reader safeOpen(Path path) throws IOException {
        MappedFile f = MappedFile.open(path, true);
        try {
            return new Reader(f);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** A lazily read safetensors file: the header is parsed; tensor bytes stay in the mapping until asked for. */
    public static final class Reader implements AutoCloseable {
        private final MappedFile file;
        private final long dataStart;
        private final Map<String, Info> infos;
        private final Map<String, String> metadata;
        private volatile boolean closed;

        private Reader(MappedFile f) throws IOException {
            this.file = f;
            long size = f.size();
            if (size < 8) throw new IOException(f.name() + ": header too small: a safetensors file starts with an 8-byte header length");
            long n = f.u64(0, "header length");
            if (n < 0 || n > MAX_HEADER) {
                throw new IOException(f.name() + ": header too large: " + Long.toUnsignedString(n) + " bytes (the limit is "
                        + MAX_HEADER + ")");
            }
            if (n > size - 8) {
                throw new IOException(f.name() + ": invalid header length " + n + ": the file holds only " + (size - 8)
                        + " bytes after the length");
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(f.bytes(8, (int) n, "header"))).toString();
            } catch (CharacterCodingException e) {
                throw new IOException(f.name() + ": the header is not valid UTF-8", e);
            }
            if (!text.startsWith("{")) throw new IOException(f.name() + ": the header does not start with '{'");
            Object parsed;
            try {
                parsed = Json.parse(text);
            } catch (IOException e) {
                throw new IOException(f.name() + ": the header is not valid JSON: " + e.getMessage(), e);
            }
            @SuppressWarnings("unchecked") Map<String, Object> root = (Map<String, Object>) parsed;
            Map<String, String> meta = new LinkedHashMap<>();
            List<Info> list = new ArrayList<>();
            for (Map.Entry<String, Object> e : root.entrySet()) {
                if (e.getKey().equals(METADATA)) {
                    if (e.getValue() == null) continue;
                    if (!(e.getValue() instanceof Map<?, ?> m)) throw new IOException(f.name() + ": __metadata__ is not an object");
                    for (Map.Entry<?, ?> me : m.entrySet()) {
                        if (!(me.getValue() instanceof String v)) {
                            throw new IOException(f.name() + ": __metadata__ value for \"" + me.getKey() + "\" is not a string");
                        }
                        meta.put((String) me.getKey(), v);
                    }
                    continue;
                }
                list.add(info(f, e.getKey(), e.getValue()));
            }
            // the reference sorts by offsets (older writers ordered entries by name) and then checks contiguity
            list.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
            long at = 0;
            Map<String, Info> byName = new LinkedHashMap<>();
            for (Info t : list) {
                if (t.begin != at || t.end < t.begin) {
                    throw new IOException(f.name() + ": invalid offsets [" + t.begin + ", " + t.end + "] for tensor \"" + t.name
                            + "\": tensor data must start at " + at + " (contiguous, no gaps or overlap)");
                }
                long numel = TensorData.numel(t.shape, f.name() + ": tensor \"" + t.name + "\"");
                long nbytes;
                try {
                    nbytes = Math.multiplyExact(numel, (long) t.dtype.size);
                } catch (ArithmeticException ex) {
                    throw new IOException(f.name() + ": tensor \"" + t.name + "\" shape overflows");
                }
                if (t.end - t.begin != nbytes) {
                    throw new IOException(f.name() + ": tensor \"" + t.name + "\" (" + t.dtype + " " + Shapes.str(t.shape) + ") needs "
                            + nbytes + " bytes but its offsets [" + t.begin + ", " + t.end + "] span " + (t.end - t.begin));
                }
                at = t.end;
                byName.put(t.name, t);
            }
            if (at != size - 8 - n) {
                throw new IOException(f.name() + ": the tensors' data covers " + at + " bytes but the file holds " + (size - 8 - n)
                        + " after the header (incomplete or padded buffer)");
            }
            this.dataStart = 8 + n;
            this.infos = Collections.unmodifiableMap(byName);
            this.metadata = Collections.unmodifiableMap(meta);
        }

        private static Info info(MappedFile f, String name, Object v) throws IOException {
            String what = f.name() + ": tensor \"" + name + "\"";
            if (!(v instanceof Map<?, ?> m)) throw new IOException(what + " is not an object");
            if (!(m.get("dtype") instanceof String ds)) throw new IOException(what + " has no dtype");
            StDType dt;
            try {
                dt = StDType.valueOf(ds);
            } catch (IllegalArgumentException e) {
                throw new IOException(what + " has unknown dtype \"" + ds + "\"");
            }
            long[] shape = longs(m.get("shape"), what + " shape", -1);
            long[] offsets = longs(m.get("data_offsets"), what + " data_offsets", 2);
            return new Info(name, dt, shape, offsets[0], offsets[1]);
        }

        private static long[] longs(Object v, String what, int expectedLength) throws IOException {
            if (!(v instanceof List<?> l)) throw new IOException(what + " is missing or not an array");
            if (expectedLength >= 0 && l.size() != expectedLength) throw new IOException(what + " must have " + expectedLength + " entries");
            long[] out = new long[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Long x) || x < 0) throw new IOException(what + " must hold non-negative integers, got " + l);
                out[i] = x;
            }
            return out;
        }

        /** Tensor names in file order (by data offset). */
        public Set<String> keys() { return infos.keySet(); }

        /** The header's {@code __metadata__} (empty when it has none). */
        public Map<String, String> metadata() { return metadata; }

        /** The shape of a tensor, without reading its data. */
        public long[] shape(String name) { return require(name).shape.clone(); }

        /**
         * The torch4j dtype of a tensor, without reading its data.
         *
         * @throws IOException when torch4j has no such dtype (U16, U32, U64, F8_*)
         */
        public DType dtype(String name) throws IOException { return dtypeOf(require(name)); }

        private DType dtypeOf(Info t) throws IOException {
            if (t.dtype.dtype == null) {
                throw new IOException(file.name() + ": tensor \"" + t.name + "\" has dtype " + t.dtype + ", which torch4j does not support");
            }
            return t.dtype.dtype;
        }

        private Info require(String name) {
            Info t = infos.get(name);
            if (t == null) throw new IllegalArgumentException("SafeTensors: no tensor named \"" + name + "\" in " + file.name());
            return t;
        }

        /** {@code f.get_tensor(name)}: the tensor's data copied from the mapping into a new contiguous CPU tensor. */
        public Tensor getTensor(String name) throws IOException {
            if (closed) throw new IllegalStateException("SafeTensors: reader for " + file.name() + " is closed");
            Info t = require(name);
            DType dt = dtypeOf(t);
            long numel = TensorData.numel(t.shape, name);
            int n = TensorData.checkArraySize(numel, dt, file.name() + ": tensor \"" + name + "\"");
            file.check(dataStart + t.begin, t.end - t.begin, "data of tensor \"" + name + "\"");
            Object array = TensorData.decode(file.segment(), dataStart + t.begin, dt, n, ByteOrder.LITTLE_ENDIAN);
            return TensorData.wrap(array, dt, t.shape, Shapes.contiguousStrides(t.shape), 0);
        }

        /** Every tensor, in file order. */
        public Map<String, Tensor> loadAll() throws IOException {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String k : infos.keySet()) out.put(k, getTensor(k));
            return out;
        }

        /**
         * Releases the mapping (idempotent); tensors already materialised stay valid (they own their data). Do not
         * close a reader while another thread is still reading from it.
         */
        @Override
        public void close() {
            closed = true;
            file.close();
        }
    }

    // ---------------------------------------------------------------- writing

    /** {@code safetensors.torch.save_file(tensors, path)} without metadata. */
    public static void saveFile(Map<String, Tensor> tensors, Path path) throws IOException {
        saveFile(tensors, null, path);
    }

    /**
     * {@code safetensors.torch.save_file(tensors, path, metadata)}. Tensors are written contiguous and
     * little-endian; tensors sharing storage are written once each (the format has no aliasing).
     *
     * @param metadata string pairs for {@code __metadata__}, or null for none
     */
    public static void saveFile(Map<String, Tensor> tensors, Map<String, String> metadata, Path path) throws IOException {
        Objects.requireNonNull(tensors, "tensors");
        List<Map.Entry<String, Tensor>> sorted = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) throw new IllegalArgumentException("SafeTensors.saveFile: \"__metadata__\" cannot name a tensor");
            Objects.requireNonNull(e.getValue(), () -> "SafeTensors.saveFile: tensor \"" + e.getKey() + "\" is null");
            if (!StDType.has(e.getValue().dtype())) {
                throw new IllegalArgumentException("SafeTensors.saveFile: tensor \"" + e.getKey() + "\" " + Shapes.str(e.getValue().shapeArray())
                        + " is " + e.getValue().dtype() + ", which the safetensors format has no dtype for (its only complex dtype "
                        + "is C64, complex64); convert it (to(DType.COMPLEX64) rounds, viewAsReal() keeps it exactly as float64 "
                        + "pairs) or save it with Torch.save or Npy");
            }
            sorted.add(Map.entry(e.getKey(), e.getValue()));
        }
        // the reference writer: descending dtype alignment, then name (byte-wise, as Rust compares strings)
        sorted.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> -StDType.of(e.getValue().dtype()).ordinal())
                .thenComparing((a, b) -> Arrays.compareUnsigned(utf8(a.getKey()), utf8(b.getKey()))));
        StringBuilder sb = new StringBuilder("{");
        if (metadata != null) {
            List<String> keys = new ArrayList<>(metadata.keySet());
            keys.sort((a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b))); // the reference's HashMap has no order
            Json.quote(sb, METADATA);
            sb.append(":{");
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) sb.append(',');
                Json.quote(sb, keys.get(i));
                sb.append(':');
                Json.quote(sb, Objects.requireNonNull(metadata.get(keys.get(i)), "metadata value"));
            }
            sb.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted) {
            Tensor t = e.getValue();
            long nbytes = t.numel() * t.dtype().itemSize();
            if (sb.length() > 1) sb.append(',');
            Json.quote(sb, e.getKey());
            sb.append(":{\"dtype\":\"").append(StDType.of(t.dtype())).append("\",\"shape\":[");
            long[] shape = t.shapeArray();
            for (int i = 0; i < shape.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(shape[i]);
            }
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(offset + nbytes).append("]}");
            offset += nbytes;
        }
        sb.append('}');
        byte[] json = utf8(sb.toString());
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer header = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(padded).put(json);
        while (header.hasRemaining()) header.put((byte) ' ');
        header.flip();
        AtomicFile.write(path, ch -> {
            AtomicFile.writeFully(ch, header);
            for (Map.Entry<String, Tensor> e : sorted) {
                TensorData.encode(e.getValue(), ByteOrder.LITTLE_ENDIAN, buf -> AtomicFile.writeFully(ch, buf));
            }
        });
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
