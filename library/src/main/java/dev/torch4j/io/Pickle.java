package dev.torch4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code pickle.load} for plain pickles of data and NumPy arrays (dataset batches such as CIFAR's, {@code .pkl}
 * files of arrays), read by the same restricted unpickler as {@code Torch.load}: it builds dicts, lists, tuples,
 * strings, numbers, bytes, {@code collections.OrderedDict} and NumPy arrays, dtypes and scalars, and never calls
 * code named by the file (any other global is an error naming it). Protocols 0 to 5 are read, including those
 * Python 2's {@code cPickle} wrote.
 *
 * <p>Values become Java values as in {@code Torch.load}: dict {@code ->} {@link java.util.LinkedHashMap}, list
 * {@code ->} {@link java.util.ArrayList}, tuple {@code ->} {@link Tuple}, str {@code ->}
 * String, int {@code ->} Long (BigInteger beyond 64 bits), float {@code ->} Double, bool {@code ->} Boolean, None
 * {@code ->} null, bytes {@code ->} byte[]; a NumPy array {@code ->} a CPU {@link dev.torch4j.Tensor} of the same
 * dtype, shape and values (a Fortran-ordered one keeps column-major strides); a NumPy scalar {@code ->} Long, Double
 * or Boolean. Object arrays, structured dtypes and unsigned integers wider than 8 bits are refused.
 *
 * <pre>{@code
 * // Python: pickle.load(open("data_batch_1", "rb"), encoding="latin1")
 * Map<?, ?> batch = (Map<?, ?>) Pickle.load(Path.of("cifar-10-batches-py/data_batch_1"), "latin1");
 * Tensor data = (Tensor) batch.get("data");   // uint8 [10000, 3072]
 * }</pre>
 */
public final class Pickle {
    private Pickle() {}

    /** {@code pickle.load(f)}: Python 2 strings must be ASCII (Python's default {@code encoding="ASCII"}). */
    public static Object load(Path path) throws IOException { return load(path, "ASCII"); }

    /**
     * {@code pickle.load(f, encoding=encoding)}.
     *
     * @param encoding how Python 2 {@code str} values are read: {@code "ASCII"}, {@code "latin1"} (each byte one
     *                 character: what NumPy arrays pickled by Python 2 need, and what torchvision uses) or
     *                 {@code "utf-8"}; Python's {@code "bytes"} is not offered, because Java's byte[] cannot be
     *                 a dict key
     * @throws IOException for a malformed pickle, a global other than the ones listed above, or a Python 2 str the
     *                     encoding cannot read; the message names the file and the byte where it stopped
     */
    public static Object load(Path path, String encoding) throws IOException {
        Objects.requireNonNull(path, "path");
        Unpickler.Py2Strings strings = strings(encoding);
        return new Unpickler(path.toString(), Files.readAllBytes(path), null, strings, true).load();
    }

    /** {@code pickle.loads(data, encoding=encoding)}; errors name the pickle {@code "<bytes>"}. */
    public static Object loads(byte[] data, String encoding) throws IOException { return loads(data, encoding, "<bytes>"); }

    /** {@code pickle.loads(data, encoding=encoding)}; errors name the pickle {@code name} (an archive member, say). */
    public static Object loads(byte[] data, String encoding, String name) throws IOException {
        Objects.requireNonNull(data, "data");
        return new Unpickler(Objects.requireNonNull(name, "name"), data, null, strings(encoding), true).load();
    }

    private static Unpickler.Py2Strings strings(String encoding) {
        Objects.requireNonNull(encoding, "encoding");
        return switch (encoding.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "ascii", "us-ascii" -> Unpickler.Py2Strings.ASCII;
            case "latin1", "latin-1", "iso-8859-1", "l1" -> Unpickler.Py2Strings.LATIN1;
            case "utf-8", "utf8" -> Unpickler.Py2Strings.UTF8;
            default -> throw new IllegalArgumentException("Pickle.load: unsupported encoding '" + encoding
                    + "' (use \"ASCII\", \"latin1\" or \"utf-8\")");
        };
    }
}
