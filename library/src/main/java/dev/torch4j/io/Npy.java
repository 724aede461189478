package dev.torch4j.io;

import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * NumPy's {@code .npy} and {@code .npz} files ({@code numpy.save}, {@code numpy.savez},
 * {@code numpy.savez_compressed}, {@code numpy.load}), for every dtype NumPy and torch4j share: bool, uint8,
 * int8, int16, int32, int64, float16, float32, float64, complex64 ({@code <c8}) and complex128 ({@code <c16});
 * bfloat16 has no NumPy dtype and is refused on write.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0, C and Fortran order (a Fortran-order array loads as a
 * tensor with column-major strides, no copy, as {@code torch.from_numpy} gives), both byte orders, 0-d and empty
 * arrays. A {@code .npy} file of at least 1 MiB is memory-mapped: the elements are copied once, straight from the
 * mapping into the tensor's Java array (a torch4j CPU storage is a Java array, so a tensor cannot alias the
 * mapping itself), with no intermediate heap copy of the file; the mapping is released before {@code load}
 * returns. Uncompressed {@code .npz} members are read the same way; compressed members are inflated first. Every
 * header and length is checked against the file's size before anything is allocated, and a malformed file raises
 * an {@link IOException} saying what is wrong.
 *
 * <p>Writing reproduces NumPy's bytes exactly (header layout, padding, version choice): {@code save} picks the
 * order as {@code numpy.save} does (Fortran order only for a tensor that is Fortran- but not C-contiguous) and
 * writes little-endian. Every write goes to a temporary file in the same folder that is then moved into place, so
 * a failure never leaves a half-written file.
 *
 * <pre>{@code
 * Npy.save(Path.of("x.npy"), randn(3, 4));          // np.load("x.npy") in Python
 * Tensor w = Npy.load(Path.of("weights.npy"));
 * Map<String, Tensor> arrays = Npy.loadNpz(Path.of("data.npz"));
 * }</pre>
 */
public final class Npy {
    private Npy() {}

    // ---------------------------------------------------------------- .npy

    /** {@code numpy.load(path)} for a {@code .npy} file. */
    public static Tensor load(Path path) throws IOException {
        try (MappedFile f = MappedFile.open(path)) {
            return read(f);
        }
    }

    /** Parses one {@code .npy} image (a file or an archive member). */
    static Tensor read(MappedFile f) throws IOException {
        NpyHeader.Header h = NpyHeader.read(f);
        long numel = TensorData.numel(h.shape(), f.name());
        long nbytes = TensorData.nbytes(numel, h.dtype(), f.name());
        f.check(h.dataOffset(), nbytes, "array data (" + Shapes.str(h.shape()) + " " + h.dtype() + ")");
        int n = TensorData.checkArraySize(numel, h.dtype(), f.name());
        Object array = TensorData.decode(f.segment(), h.dataOffset(), h.dtype(), n, h.order());
        long[] strides = h.fortranOrder() ? fortranStrides(h.shape()) : Shapes.contiguousStrides(h.shape());
        return TensorData.wrap(array, h.dtype(), h.shape(), strides, 0);
    }

    /**
     * {@code numpy.save(path, tensor)}: little-endian, Fortran order only when the tensor is Fortran-contiguous but
     * not C-contiguous (as NumPy decides), C order otherwise.
     *
     * @throws IllegalArgumentException for a bfloat16 tensor (NumPy has no such dtype)
     */
    public static void save(Path path, Tensor tensor) throws IOException {
        save(path, tensor, ByteOrder.LITTLE_ENDIAN, numpyPicksFortran(tensor));
    }

    /**
     * Writes a {@code .npy} file with an explicit byte order and layout ({@code fortranOrder} writes the elements
     * column-major with {@code 'fortran_order': True}, as NumPy does for a Fortran-contiguous array).
     */
    public static void save(Path path, Tensor tensor, ByteOrder order, boolean fortranOrder) throws IOException {
        Objects.requireNonNull(tensor, "tensor");
        byte[] header = NpyHeader.format(tensor.dtype(), order, fortranOrder, tensor.shapeArray()); // refuses bf16 first
        AtomicFile.write(path, ch -> {
            AtomicFile.writeFully(ch, ByteBuffer.wrap(header));
            writeData(tensor, order, fortranOrder, buf -> AtomicFile.writeFully(ch, buf));
        });
    }

    private static void writeData(Tensor t, ByteOrder order, boolean fortranOrder, TensorData.ByteSink sink) throws IOException {
        if (fortranOrder && t.dim() > 1) {
            long[] rev = new long[t.dim()];
            for (int i = 0; i < rev.length; i++) rev[i] = rev.length - 1 - i;
            t = t.detach().permute(rev); // column-major elements are the row-major elements of the reversed view
        }
        TensorData.encode(t, order, sink);
    }

    private static long nbytes(Tensor t) {
        return t.numel() * t.dtype().itemSize();
    }

    /** numpy's header_data_from_array_1_0: C if C-contiguous, else Fortran if Fortran-contiguous, else C. */
    private static boolean numpyPicksFortran(Tensor t) {
        long[] shape = t.shapeArray(), strides = t.stride();
        if (Shapes.isContiguous(shape, strides)) return false;
        long expected = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != 1) {
                if (strides[i] != expected) return false;
                expected *= shape[i];
            }
        }
        return true;
    }

    /** Element strides of a Fortran-ordered (column-major) array. */
    static long[] fortranStrides(long[] shape) {
        long[] st = new long[shape.length];
        long acc = 1;
        for (int i = 0; i < shape.length; i++) {
            st[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return st;
    }

    // ---------------------------------------------------------------- .npz

    /**
     * {@code numpy.load(path)} for a {@code .npz} archive: its {@code .npy} members, keyed by name without the
     * {@code .npy} suffix, in archive order (other members are skipped). Plain and compressed archives both work.
     */
    public static Map<String, Tensor> loadNpz(Path path) throws IOException {
        try (MappedFile f = MappedFile.open(path)) {
            ZipReader zip = ZipReader.open(f);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (ZipReader.Entry e : zip.entries()) {
                if (!e.name().endsWith(".npy")) continue;
                try (MappedFile member = zip.open(e, f.size() * 1032 + 1024)) {
                    out.put(e.name().substring(0, e.name().length() - 4), read(member));
                }
            }
            return out;
        }
    }

    /** {@code numpy.savez(path, **arrays)}: an uncompressed archive with one {@code <key>.npy} per entry. */
    public static void savez(Path path, Map<String, Tensor> arrays) throws IOException {
        writeNpz(path, arrays, false);
    }

    /** {@code numpy.savez_compressed(path, **arrays)}: like {@link #savez} with deflated members. */
    public static void savezCompressed(Path path, Map<String, Tensor> arrays) throws IOException {
        writeNpz(path, arrays, true);
    }

    private static void writeNpz(Path path, Map<String, Tensor> arrays, boolean compress) throws IOException {
        Objects.requireNonNull(arrays, "arrays");
        Map<String, byte[]> headers = new LinkedHashMap<>();
        Map<String, Boolean> fortran = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            Tensor t = Objects.requireNonNull(e.getValue(), () -> "Npy.savez: array " + e.getKey() + " is null");
            boolean f = numpyPicksFortran(t);
            fortran.put(e.getKey(), f);
            headers.put(e.getKey(), NpyHeader.format(t.dtype(), ByteOrder.LITTLE_ENDIAN, f, t.shapeArray()));
        }
        AtomicFile.write(path, ch -> {
            // 1980-01-01 rather than miniz's zero date: zip tools show a real date for .npz members
            ZipWriter zip = new ZipWriter(ch, 0, 0x21);
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                byte[] header = headers.get(e.getKey());
                Tensor t = e.getValue();
                boolean f = fortran.get(e.getKey());
                zip.add(e.getKey() + ".npy", header.length + nbytes(t), compress, sink -> {
                    sink.write(ByteBuffer.wrap(header));
                    writeData(t, ByteOrder.LITTLE_ENDIAN, f, sink);
                });
            }
            zip.finish();
        });
    }
}
