package dev.torch4j.io;

import dev.torch4j.DType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * ONNX's external data: a tensor's bytes in a file beside the model ({@code location}, relative to the model's
 * folder, which it may not leave), at {@code offset} for {@code length} bytes. The range is mapped and decoded
 * once into the tensor's array.
 */
final class ExternalData {
    private ExternalData() {}

    static Object read(Map<String, String> entries, Path dir, DType dtype, int numel, String what, ProtoReader r) throws IOException {
        String location = entries.get("location");
        if (location == null || location.isEmpty()) throw r.bad(what + " is external but names no location");
        if (dir == null) throw r.bad(what + " is stored in '" + location + "' beside the model: load the model from its file (OnnxFile.read) to read it");
        Path file = dir.resolve(location).normalize();
        if (Path.of(location).isAbsolute() || !file.startsWith(dir.normalize())) {
            throw r.bad(what + ": external data location '" + location + "' leaves the model's folder");
        }
        long offset = number(entries, "offset", 0, what, r);
        long nbytes = TensorData.nbytes(numel, dtype, what);
        long length = number(entries, "length", nbytes, what, r);
        if (length != nbytes) throw r.bad(what + ": external data has " + length + " bytes, its shape and dtype need " + nbytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (offset < 0 || offset > size || length > size - offset) {
                throw r.bad(what + ": bytes " + offset + ".." + (offset + length) + " lie outside " + file + " (" + size + " bytes)");
            }
            MemorySegment seg = length == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, offset, length, arena);
            return TensorData.decode(seg, 0, dtype, numel, ByteOrder.LITTLE_ENDIAN);
        } catch (java.nio.file.NoSuchFileException e) {
            throw r.bad(what + ": external data file " + file + " does not exist");
        }
    }

    private static long number(Map<String, String> entries, String key, long dflt, String what, ProtoReader r) throws IOException {
        String v = entries.get(key);
        if (v == null) return dflt;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw r.bad(what + ": external data " + key + " '" + v + "' is not a number");
        }
    }
}
