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

    /** An empty OrderedDict without attributes. */
    public PyOrderedDict() {}

    /** An OrderedDict holding {@code entries} in their iteration order, without attributes. */
    public PyOrderedDict(Map<? extends K, ? extends V> entries) { super(entries); }

    /** The instance attributes (Python's {@code vars(d)}), by name; mutable, in insertion order. */
    public Map<String, Object> attributes() { return attributes; }
}
