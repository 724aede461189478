package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.io.PyOrderedDict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Module#stateDict()} returns: PyTorch's state dict, an ordered map of dotted names to tensors whose
 * {@code _metadata} attribute records each module's {@code version} by its prefix ({@code ""} for the root,
 * {@code "features.0"} for a child). {@code Torch.save} writes the metadata as PyTorch does, so
 * {@code load_state_dict} in Python sees the versions its modules check (torchvision's MNASNet refuses a state dict
 * without them; a quantized Linear reads one without them as an older format).
 */
public final class StateDict extends PyOrderedDict<String, Tensor> {
    private static final String METADATA = "_metadata";

    /** An empty state dict with empty metadata. */
    public StateDict() { attributes().put(METADATA, new PyOrderedDict<String, Map<String, Object>>()); }

    /** PyTorch's {@code state_dict._metadata}: module prefix (without its trailing dot) to {@code {"version": n}}. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> metadata() {
        return (Map<String, Map<String, Object>>) attributes().computeIfAbsent(METADATA, k -> new PyOrderedDict<>());
    }

    /** The version recorded for the module at {@code prefix} (no trailing dot), or null when none is. */
    public Long version(String prefix) {
        Map<String, Object> m = metadata().get(prefix);
        return m != null && m.get("version") instanceof Number n ? n.longValue() : null;
    }

    /**
     * Records {@code version} for the module whose keys start with {@code prefix} (kept as PyTorch's
     * {@code prefix[:-1]}); {@link Module#stateDict()} records every module of the tree, a module's
     * {@code saveToStateDict} may add one for an object PyTorch keeps as a submodule (a quantized Linear's packed
     * parameters).
     */
    public void recordVersion(String prefix, int version) {
        Map<String, Object> local = new LinkedHashMap<>();
        local.put("version", (long) version);
        metadata().put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), local);
    }
}
