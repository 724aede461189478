package dev.torch4j.io;

import dev.torch4j.Device;
import dev.torch4j.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The weights of a whole pickled module ({@code torch.save(model)} rather than {@code torch.save(model.state_dict())}):
 * what {@code torch.load(path, weights_only=False).state_dict()} gives in PyTorch, so that the same model built in
 * Java takes them with {@code model.loadStateDict(PickledModule.loadStateDict(path))}.
 *
 * <p>Nothing of the pickled classes runs, neither torch.nn's nor the user's ({@code __main__.Net}): the restricted
 * unpickler makes each object an attribute map named after its class, and only tensors, parameters and plain data
 * are rebuilt. A file that would call any other code when unpickled (a malicious {@code __reduce__}) is refused, as
 * by {@link dev.torch4j.Torch#load}. Keys and their order are those of {@code state_dict()}: per module its
 * parameters, then its persistent buffers (None ones left out), then its submodules', dotted.
 */
public final class PickledModule {
    private PickledModule() {}

    /** {@link #loadStateDict(Path, Device)} onto the CPU. */
    public static Map<String, Tensor> loadStateDict(Path path) throws IOException { return loadStateDict(path, Device.CPU); }

    /**
     * {@code torch.load(path, map_location=device, weights_only=False).state_dict()}: the parameters and buffers of
     * the pickled module, detached.
     *
     * @throws IOException when the file holds no pickled {@code nn.Module} (a state dict says to use
     *                     {@code Torch.load}), is a TorchScript archive, or needs code run to unpickle
     */
    public static Map<String, Tensor> loadStateDict(Path path, Device mapLocation) throws IOException {
        Objects.requireNonNull(mapLocation, "mapLocation");
        try (MappedFile f = MappedFile.open(path)) {
            Object root = TorchSerialization.readArchive(f, mapLocation, Unpickler.ObjectClasses.ANY).value();
            if (!(root instanceof ScriptObject m) || !isModule(m)) {
                throw new IOException(f.name() + ": holds " + PickleGlobals.describe(root) + ", not a pickled nn.Module"
                        + (root instanceof Map<?, ?> ? " (a state dict or other dict loads with Torch.load)" : ""));
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            collect(m, "", out, f.name());
            return out;
        }
    }

    /** An nn.Module's pickled state: its {@code _parameters}, {@code _buffers} and {@code _modules} dicts. */
    private static boolean isModule(ScriptObject o) {
        return o.attributes.get("_parameters") instanceof Map<?, ?> && o.attributes.get("_buffers") instanceof Map<?, ?>
                && o.attributes.get("_modules") instanceof Map<?, ?>;
    }

    /** {@code nn.Module._save_to_state_dict}, then the submodules, as {@code state_dict()} walks them. */
    private static void collect(ScriptObject m, String prefix, Map<String, Tensor> out, String file) throws IOException {
        Set<?> nonPersistent = m.attributes.get("_non_persistent_buffers_set") instanceof Set<?> s ? s : Set.of();
        for (String dict : new String[] {"_parameters", "_buffers"}) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) m.attributes.get(dict)).entrySet()) {
                if (e.getValue() == null || dict.equals("_buffers") && nonPersistent.contains(e.getKey())) continue;
                if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof Tensor t)) {
                    throw new IOException(file + ": " + m.cls.qualifiedName() + "." + dict + " holds "
                            + PickleGlobals.describe(e.getValue()) + " under " + PickleGlobals.describe(e.getKey()));
                }
                out.put(prefix + name, t.detach());
            }
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) m.attributes.get("_modules")).entrySet()) {
            if (e.getValue() == null) continue;
            if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof ScriptObject child) || !isModule(child)) {
                throw new IOException(file + ": " + m.cls.qualifiedName() + "._modules holds "
                        + PickleGlobals.describe(e.getValue()) + ", not a module");
            }
            collect(child, prefix + name + ".", out, file);
        }
    }
}
