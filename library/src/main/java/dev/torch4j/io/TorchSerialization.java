package dev.torch4j.io;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.backend.Backends;
import dev.torch4j.backend.Storage;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's checkpoint format ({@code torch.save} / {@code torch.load}), both ways: a zip archive whose
 * {@code archive/data.pkl} is a protocol-2 pickle of the saved value, with each tensor storage in
 * {@code archive/data/<key>} (raw little-endian bytes, 64-byte aligned).
 *
 * <p>{@link #save} writes the records torch 2.x writes, in its order: {@code data.pkl}, {@code .format_version},
 * {@code .storage_alignment}, {@code byteorder}, {@code data/0 ...}, {@code version}, {@code .data/serialization_id}
 * (the id is deterministic here: a hash of the record names and CRC-32s). Tensors sharing a storage share one
 * record, and views keep their offset and strides, so {@code torch.load(path, weights_only=True)} rebuilds the
 * same aliasing. {@link #load} reads files written by {@code torch.save} since PyTorch 1.6 (any archive folder
 * name, either byte order; complex storages as {@code ComplexFloatStorage}/{@code ComplexDoubleStorage}, whose
 * records hold interleaved real and imaginary parts) and the legacy format of earlier versions (and of
 * {@code _use_new_zipfile_serialization=False}; see {@link LegacyCheckpoint}, loaded onto the CPU), with a
 * restricted unpickler that accepts only the globals a tensor checkpoint needs
 * and raises an {@link IOException} naming any other (see {@link Unpickler}); it never runs code from the file.
 *
 * <p>Python values map to Java as {@link Unpickler} describes: dicts to {@link LinkedHashMap}, lists to
 * {@link ArrayList}, tuples to {@link Tuple}, ints to Long, floats to Double, OrderedDicts to {@link PyOrderedDict}
 * with their attributes (nn.Module.state_dict's {@code _metadata}). On save, a {@link PyOrderedDict} is written as an
 * OrderedDict with its attributes (what {@code Module.stateDict()} returns, so PyTorch's {@code load_state_dict}
 * sees each module's version), any other {@code Map} as a dict, a {@link Tuple} as a tuple and any other
 * {@code List} as a list. Writes go to a temporary file moved into place.
 */
public final class TorchSerialization {
    private TorchSerialization() {}

    /** What torch.save writes to {@code version}: the archive format it produces. */
    private static final String VERSION = "3\n";
    private static final int ALIGNMENT = 64;
    private static final String PREFIX = "archive/";

    // ---------------------------------------------------------------- save

    /**
     * {@code torch.save(obj, path)}.
     *
     * @throws IllegalArgumentException when {@code obj} holds a value that has no pickle form here
     */
    public static void save(Object obj, Path path) throws IOException {
        Map<Storage, String> keys = new IdentityHashMap<>();
        List<Storage> storages = new ArrayList<>();
        byte[] pickle = new Pickler(s -> keys.computeIfAbsent(s, k -> {
            storages.add(k);
            return Integer.toString(storages.size() - 1);
        })).dump(obj);
        AtomicFile.write(path, ch -> {
            ZipWriter zip = new ZipWriter(ch, ALIGNMENT, 0);
            zip.add(PREFIX + "data.pkl", pickle);
            // .format_version 1: storages are written in numeric key order; .storage_alignment: 64-byte records
            zip.add(PREFIX + ".format_version", ascii("1"));
            zip.add(PREFIX + ".storage_alignment", ascii(Integer.toString(ALIGNMENT)));
            zip.add(PREFIX + "byteorder", ascii("little"));
            for (int i = 0; i < storages.size(); i++) {
                Storage s = storages.get(i);
                if (s instanceof dev.torch4j.backend.QuantizedStorage q) s = q.ints(); // written as its integers, as PyTorch does
                Tensor flat = TensorData.contiguousCpu(Tensor.wrap(s, new long[] {s.numel()}, new long[] {1}, 0));
                long nbytes = s.numel() * s.dtype().itemSize();
                zip.add(PREFIX + "data/" + i, nbytes, false, sink -> TensorData.encode(flat, ByteOrder.LITTLE_ENDIAN, sink));
            }
            zip.add(PREFIX + "version", ascii(VERSION));
            zip.add(PREFIX + ".data/serialization_id", ascii(zip.serializationId()));
            zip.finish();
        });
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    // ---------------------------------------------------------------- load

    /** {@code torch.load(path, weights_only=True)}: storages go back to the device they were saved from. */
    public static Object load(Path path) throws IOException {
        return load(path, null);
    }

    /**
     * {@code torch.load(path, map_location=device, weights_only=True)}: every storage is placed on
     * {@code mapLocation} (null restores each storage's saved device).
     *
     * @throws IllegalArgumentException when {@code mapLocation} is a device torch4j cannot use (CUDA, for now)
     */
    public static Object load(Path path, Device mapLocation) throws IOException {
        if (mapLocation != null) {
            try {
                Backends.of(mapLocation);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("Torch.load: map_location " + mapLocation + " is not available: " + e.getMessage(), e);
            }
        }
        try (MappedFile f = MappedFile.open(path)) {
            return read(f, mapLocation);
        }
    }

    /**
     * Loads a state dict ({@code torch.load(path)} of {@code model.state_dict()}) onto the CPU, checking that it
     * maps names to tensors.
     */
    public static Map<String, Tensor> loadStateDict(Path path) throws IOException {
        return asStateDict(path, load(path, Device.CPU));
    }

    /** A loaded checkpoint checked to be a state dict (names to tensors); {@code path} names it in errors. */
    public static Map<String, Tensor> asStateDict(Path path, Object o) throws IOException {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IOException(path + ": not a state dict: the checkpoint holds " + PickleGlobals.describe(o) + ", not a dict");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof Tensor t)) {
                throw new IOException(path + ": not a state dict: entry " + e.getKey() + " maps " + PickleGlobals.describe(e.getKey())
                        + " to " + PickleGlobals.describe(e.getValue()) + " (expected str -> tensor)");
            }
            out.put(k, t);
        }
        return out;
    }

    static Object read(MappedFile f, Device mapLocation) throws IOException {
        if (f.size() >= 1 && f.u8(0, "magic") == 0x80) return LegacyCheckpoint.read(f, mapLocation);
        return readArchive(f, mapLocation, Unpickler.ObjectClasses.NONE).value();
    }

    /** An archive's unpickled {@code data.pkl}, with the zip and its folder name for the other records. */
    record Archive(ZipReader zip, String prefix, Object value) {}

    /**
     * Opens a zip archive of PyTorch's and unpickles its {@code data.pkl}: a {@code torch.save} checkpoint (with
     * {@code ANY} object classes, also a whole pickled module, its objects {@link ScriptObject}s), or with
     * {@code TORCHSCRIPT} a {@code torch.jit.save} archive, whose {@code __torch__} objects become
     * {@link ScriptObject}s. Each kind refuses the other with a message saying how to read it.
     */
    static Archive readArchive(MappedFile f, Device mapLocation, Unpickler.ObjectClasses classes) throws IOException {
        boolean torchScript = classes == Unpickler.ObjectClasses.TORCHSCRIPT;
        if (f.size() >= 1 && f.u8(0, "magic") == 0x80) {
            throw new IOException(f.name() + ": this is a legacy (pre-1.6, non-zip) torch.save file, " + (torchScript
                    ? "not a TorchScript archive" : "which only Torch.load reads (a whole module in it is not supported)"));
        }
        if (f.size() < 4 || f.u32(0, "magic") != 0x04034b50L) {
            // an ONNX ModelProto starts with field 1 (ir_version, a varint): tag byte 0x08
            boolean onnx = f.name().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx") || f.size() >= 2 && f.u8(0, "magic") == 0x08;
            throw new IOException(f.name() + ": not a PyTorch " + (torchScript ? "TorchScript archive" : "checkpoint")
                    + " (torch." + (torchScript ? "jit.save" : "save") + " writes a zip archive)"
                    + (onnx ? "; it looks like an ONNX model, which dev.torch4j.onnx.OnnxModel.load runs" : ""));
        }
        ZipReader zip = ZipReader.open(f);
        List<ZipReader.Entry> entries = zip.entries();
        if (entries.isEmpty()) throw new IOException(f.name() + ": the archive holds no records");
        String first = entries.get(0).name();
        int slash = first.indexOf('/');
        if (slash < 0) throw new IOException(f.name() + ": record " + first + " is not inside an archive folder");
        String prefix = first.substring(0, slash + 1);
        boolean script = false;
        for (ZipReader.Entry e : entries) {
            // TorchScript archives also hold a data.pkl, but of the module's TorchScript classes
            if (e.name().equals(prefix + "constants.pkl") || e.name().startsWith(prefix + "code/")) script = true;
        }
        if (script && !torchScript) {
            throw new IOException(f.name() + ": this is a TorchScript archive (torch.jit.save), not a torch.save checkpoint; "
                    + "io.TorchScript.loadStateDict reads its parameters and buffers");
        }
        if (!script && torchScript) {
            throw new IOException(f.name() + ": not a TorchScript archive (no " + prefix + "code/ records); a torch.save "
                    + "checkpoint loads with Torch.load");
        }
        ZipReader.Entry pkl = zip.get(prefix + "data.pkl");
        if (pkl == null) {
            throw new IOException(f.name() + ": no " + prefix + "data.pkl record: not a torch." + (torchScript ? "jit.save archive" : "save checkpoint"));
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        ZipReader.Entry bo = zip.get(prefix + "byteorder");
        if (bo != null) {
            try (MappedFile m = zip.open(bo, 16)) {
                String s = new String(m.bytes(0, (int) m.size(), "byteorder"), StandardCharsets.US_ASCII);
                order = switch (s) {
                    case "little" -> ByteOrder.LITTLE_ENDIAN;
                    case "big" -> ByteOrder.BIG_ENDIAN;
                    default -> throw new IOException(f.name() + ": unknown byteorder record '" + s + "'");
                };
            }
        }
        byte[] pickle;
        try (MappedFile m = zip.open(pkl, TensorData.MAX_ARRAY)) {
            pickle = m.bytes(0, (int) m.size(), "data.pkl");
        }
        Storages storages = new Storages(zip, prefix, order, mapLocation);
        Object value = new Unpickler(f.name() + "!" + pkl.name(), pickle, storages::load, classes).load();
        return new Archive(zip, prefix, value);
    }

    /** Loads each storage record once, so tensors that shared a storage share it again. */
    private static final class Storages {
        private final ZipReader zip;
        private final String prefix;
        private final ByteOrder order;
        private final Device mapLocation;
        private final Map<String, Storage> loaded = new HashMap<>();

        Storages(ZipReader zip, String prefix, ByteOrder order, Device mapLocation) {
            this.zip = zip;
            this.prefix = prefix;
            this.order = order;
            this.mapLocation = mapLocation;
        }

        Storage load(Tuple pid) throws IOException {
            String what = zip.file().name() + ": storage " + pid;
            if (pid.size() != 5 || !(pid.get(1) instanceof PickleGlobals.StorageType type) || !(pid.get(2) instanceof String key)
                    || !(pid.get(3) instanceof String location) || !(pid.get(4) instanceof Long numel) || numel < 0) {
                throw new IOException(zip.file().name() + ": malformed storage id " + pid
                        + " (expected ('storage', <storage type>, key, location, numel))");
            }
            DType dtype = type.dtype().underlying(); // a quantized storage is loaded as its integers; _rebuild_qtensor wraps them
            Storage cached = loaded.get(key);
            if (cached != null) {
                if (cached.dtype() != dtype || cached.numel() != numel) {
                    throw new IOException(what + " was already loaded as " + cached.numel() + " elements of " + cached.dtype()
                            + "; torch4j cannot view one storage as two dtypes");
                }
                return cached;
            }
            Device target = mapLocation != null ? mapLocation : savedLocation(location);
            ZipReader.Entry rec = zip.get(prefix + "data/" + key);
            if (rec == null) throw new IOException(what + ": record " + prefix + "data/" + key + " is missing");
            long nbytes = TensorData.nbytes(numel, dtype, what);
            int n = TensorData.checkArraySize(numel, dtype, what);
            Storage s;
            try (MappedFile m = zip.open(rec, Long.MAX_VALUE)) {
                if (m.size() < nbytes) {
                    throw new IOException(what + ": record " + rec.name() + " holds " + m.size() + " bytes but " + numel + " elements of "
                            + dtype + " need " + nbytes);
                }
                s = TensorData.storage(dtype, TensorData.decode(m.segment(), 0, dtype, n, order));
            }
            if (!target.isCpu()) s = Tensor.wrap(s, new long[] {numel}, new long[] {1}, 0).to(target).storage();
            loaded.put(key, s);
            return s;
        }

        private Device savedLocation(String location) throws IOException {
            Device d;
            try {
                d = Device.of(location);
            } catch (IllegalArgumentException e) {
                throw new IOException(zip.file().name() + ": storage location '" + location + "' is not supported by torch4j; "
                        + "pass a map location (Torch.load(path, Device.CPU))");
            }
            if (d.isCpu()) return d;
            try {
                Backends.of(d);
            } catch (IllegalStateException e) {
                throw new IOException(zip.file().name() + ": attempting to deserialize a storage on " + d + " but no CUDA backend "
                        + "is available. On a CPU-only machine use Torch.load(path, Device.CPU) to map the storages to the CPU", e);
            }
            return d;
        }
    }
}
