package dev.torch4j.io;

import dev.torch4j.Device;
import dev.torch4j.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The weights of a TorchScript archive ({@code torch.jit.save} of a scripted or traced module): what
 * {@code torch.jit.load(path).state_dict()} holds, so that a model rebuilt in Java takes them with
 * {@code model.loadStateDict(TorchScript.loadStateDict(path))}.
 *
 * <p>torch4j does not run TorchScript code. It reads the archive's {@code data.pkl} with the restricted unpickler
 * (TorchScript objects become plain attribute maps; no other global is allowed) and, from each module class's code
 * as text, only its {@code __parameters__} and {@code __buffers__} lists. Keys and their order are the scripted
 * module's {@code state_dict()}'s: per module its parameters, then its buffers (None ones left out), then its
 * submodules', dotted. TorchScript keeps no distinction for non-persistent buffers, so they are listed as its
 * {@code state_dict()} lists them.
 */
public final class TorchScript {
    private TorchScript() {}

    /** {@link #loadStateDict(Path, Device)} onto the CPU. */
    public static Map<String, Tensor> loadStateDict(Path path) throws IOException { return loadStateDict(path, Device.CPU); }

    /**
     * {@code torch.jit.load(path, map_location=device).state_dict()}: the parameters and buffers, detached.
     *
     * @throws IOException when the file is not a TorchScript archive (a {@code torch.save} checkpoint says to use
     *                     {@code Torch.load}), a class's code is missing, or the archive holds what a module's
     *                     weights cannot (any other Python global)
     */
    public static Map<String, Tensor> loadStateDict(Path path, Device mapLocation) throws IOException {
        Objects.requireNonNull(mapLocation, "mapLocation");
        try (MappedFile f = MappedFile.open(path)) {
            TorchSerialization.Archive a = TorchSerialization.readArchive(f, mapLocation, Unpickler.ObjectClasses.TORCHSCRIPT);
            if (!(a.value() instanceof ScriptObject root)) {
                throw new IOException(f.name() + ": data.pkl holds " + PickleGlobals.describe(a.value()) + ", not a TorchScript module");
            }
            Classes classes = new Classes(a.zip(), a.prefix(), f.name());
            Map<String, Tensor> out = new LinkedHashMap<>();
            collect(root, "", classes, out);
            return out;
        }
    }

    private static void collect(ScriptObject m, String prefix, Classes classes, Map<String, Tensor> out) throws IOException {
        ClassInfo info = classes.of(m.cls);
        if (!info.module) throw new IOException(classes.file + ": " + m.cls.qualifiedName() + " is not a TorchScript module");
        for (List<String> names : List.of(info.parameters, info.buffers)) {
            for (String n : names) {
                Object v = m.attributes.get(n);
                if (v == null) continue;
                if (!(v instanceof Tensor t)) {
                    throw new IOException(classes.file + ": " + prefix + n + " of " + m.cls.qualifiedName() + " holds "
                            + PickleGlobals.describe(v) + ", not a tensor");
                }
                out.put(prefix + n, t.detach());
            }
        }
        for (Map.Entry<String, Object> e : m.attributes.entrySet()) {
            if (e.getValue() instanceof ScriptObject child && classes.of(child.cls).module) {
                collect(child, prefix + e.getKey() + ".", classes, out);
            }
        }
    }

    /** What a class's code says: whether it is a module, and its parameter and buffer names in order. */
    private record ClassInfo(boolean module, List<String> parameters, List<String> buffers) {}

    /** The classes' code, read once per file from {@code code/<module path>.py}. */
    private static final class Classes {
        private static final Pattern LIST = Pattern.compile("^\\s+__(parameters|buffers)__\\s*=\\s*\\[(.*)]\\s*$");
        private static final Pattern NAME = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

        private final ZipReader zip;
        private final String prefix, file;
        private final Map<String, ClassInfo> infos = new HashMap<>();

        Classes(ZipReader zip, String prefix, String file) {
            this.zip = zip;
            this.prefix = prefix;
            this.file = file;
        }

        ClassInfo of(ScriptObject.ScriptClass c) throws IOException {
            ClassInfo known = infos.get(c.qualifiedName());
            if (known != null) return known;
            String record = prefix + "code/" + c.module().replace('.', '/') + ".py";
            ZipReader.Entry e = zip.get(record);
            if (e == null) throw new IOException(file + ": no code record " + record + " for class " + c.qualifiedName());
            String code;
            try (MappedFile m = zip.open(e, TensorData.MAX_ARRAY)) {
                code = new String(m.bytes(0, (int) m.size(), record), StandardCharsets.UTF_8);
            }
            ClassInfo info = parse(code, c.name());
            if (info == null) throw new IOException(file + ": " + record + " defines no class " + c.name());
            infos.put(c.qualifiedName(), info);
            return info;
        }

        /** The class block {@code class Name(Base):} and its indented lines, up to the next top-level line. */
        private static ClassInfo parse(String code, String name) {
            String[] lines = code.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].startsWith("class " + name + "(")) continue;
                boolean module = lines[i].startsWith("class " + name + "(Module)");
                List<String> params = new ArrayList<>(), buffers = new ArrayList<>();
                for (int j = i + 1; j < lines.length && (lines[j].isEmpty() || Character.isWhitespace(lines[j].charAt(0))); j++) {
                    Matcher m = LIST.matcher(lines[j]);
                    if (!m.matches()) continue;
                    Matcher n = NAME.matcher(m.group(2));
                    List<String> into = m.group(1).equals("parameters") ? params : buffers;
                    while (n.find()) into.add(n.group(1));
                }
                return new ClassInfo(module, List.copyOf(params), List.copyOf(buffers));
            }
            return null;
        }
    }
}
