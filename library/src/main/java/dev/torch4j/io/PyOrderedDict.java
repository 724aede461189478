package dev.torch4j.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Python's {@code collections.OrderedDict} with its instance attributes: {@code nn.Module.state_dict()} returns one
 * whose {@code _metadata} attribute holds each module's {@code version}, which some modules' loading reads (a
 * torchvision MNASNet refuses a state dict without it). {@code Torch.save} pickles it as an OrderedDict followed
 * by its attributes, as Python's pickle does; {@link Unpickler} gives an OrderedDict back as one, with the
 * attributes it was saved with. Equality and hashing are those of the entries only, as for any {@link Map}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class PyOrderedDict<K, V> extends LinkedHashMap<K, V> {
    private final LinkedHashMap<String, Object> attributes = new LinkedHashMap<>();
    /** Entries whose values are no {@code V}, each pickled just before the entry named by its second element. */
    private final LinkedHashMap<K, Object[]> foreign = new LinkedHashMap<>();
    /** Entries that {@code Torch.save} leaves out: a foreign entry stands for them. */
    private final java.util.HashSet<K> omitted = new java.util.HashSet<>();

    /** An empty OrderedDict without attributes. */
    public PyOrderedDict() {}

    /** An OrderedDict holding {@code entries} in their iteration order, without attributes. */
    public PyOrderedDict(Map<? extends K, ? extends V> entries) { super(entries); }

    /** The instance attributes (Python's {@code vars(d)}), by name; mutable, in insertion order. */
    public Map<String, Object> attributes() { return attributes; }

    /**
     * An entry of another type that only {@code Torch.save} writes, just before the entry {@code before} (at the end
     * when that key is absent then): PyTorch's quantized embeddings keep a {@code torch.dtype} in their state dict,
     * which a map of tensors cannot hold. It is no entry of this map (iteration, equality and copies leave it out).
     */
    public void putForeign(K key, Object value, K before) { foreign.put(key, new Object[] {value, before}); }

    /**
     * Keeps {@code key}'s entry out of what {@code Torch.save} writes, while it stays an entry of this map: where
     * PyTorch saves one object ({@link #putForeign}, a dynamic quantized RNN's {@code torch.ScriptObject}) in place of
     * tensors torch4j keeps as entries. Like the foreign entries, copies of the map do not carry it.
     */
    public void omitFromPickle(K key) { omitted.add(key); }

    /**
     * The entries as {@code Torch.save} writes them: this map's, with the {@link #putForeign} ones in their places and
     * the {@link #omitFromPickle} ones left out.
     */
    public Map<Object, Object> pickledItems() {
        if (foreign.isEmpty() && omitted.isEmpty()) return java.util.Collections.unmodifiableMap(this);
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<K, V> e : entrySet()) {
            for (Map.Entry<K, Object[]> f : foreign.entrySet()) if (e.getKey().equals(f.getValue()[1])) out.put(f.getKey(), f.getValue()[0]);
            if (!omitted.contains(e.getKey())) out.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<K, Object[]> f : foreign.entrySet()) out.putIfAbsent(f.getKey(), f.getValue()[0]);
        return out;
    }
}
