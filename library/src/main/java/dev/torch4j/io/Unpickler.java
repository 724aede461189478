package dev.torch4j.io;

import dev.torch4j.Tensor;
import dev.torch4j.backend.Storage;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A restricted unpickler for PyTorch checkpoints, modelled on {@code torch._weights_only_unpickler}: it interprets
 * the pickle opcodes of protocols 2 to 5 that build plain data, and resolves {@code GLOBAL}s only against a fixed
 * table of what a tensor checkpoint needs ({@link PickleGlobals}): tensor and parameter rebuild functions,
 * {@code collections.OrderedDict}, storage types, dtypes, {@code torch.Size}, {@code torch.device}. Any other
 * global (say {@code posix.system}) raises an {@link IOException} naming it. Nothing is ever looked up by name,
 * instantiated reflectively or called: each allowed global maps to code written here.
 *
 * <p>Values become Java values: dict {@code ->} {@link LinkedHashMap}, OrderedDict {@code ->} {@link PyOrderedDict}
 * (with the attributes it was saved with, a state dict's {@code _metadata}), list {@code ->}
 * {@link ArrayList}, tuple {@code ->} {@link Tuple}, str {@code ->} String, int {@code ->} Long (BigInteger beyond
 * 64 bits), float {@code ->} Double, bool {@code ->} Boolean, None {@code ->} null, bytes {@code ->} byte[].
 * Every length is checked against the bytes left before anything is allocated; memo indices live in a hash map
 * (a forged index allocates nothing); dict keys must be hashable, and tuple keys are bounded in depth, size and
 * total hashing work; a malformed stream raises an {@link IOException} rather than any other exception. (As with
 * Python's own unpickler, many distinct tuple keys crafted to share one hash code still make a dict slow to fill.)
 */
final class Unpickler {
    /** Resolves a persistent id (a {@code ('storage', type, key, location, numel)} tuple) to a storage. */
    interface PersistentLoader {
        Storage load(Tuple pid) throws IOException;
    }

    private static final int MAX_KEY_DEPTH = 100;
    private static final long MAX_KEY_SIZE = 10_000;
    private static final long MAX_KEY_WORK = 10_000_000;

    private final String name;
    private final byte[] data;
    private final PersistentLoader loader;
    private int pos;
    private long keyWork;
    private ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<ArrayList<Object>> metastack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    /** Maps created by collections.OrderedDict (BUILD may set their attributes, as nn.Module.state_dict's _metadata). */
    private final Set<Object> orderedDicts = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The storages read as {@code torch.QUInt4x2Storage}: packed bytes, which _rebuild_qtensor unpacks. */
    private final Set<Object> packed4bit = Collections.newSetFromMap(new IdentityHashMap<>());

    /** How a Python 2 {@code str} (opcodes SHORT_BINSTRING, BINSTRING) is read: Python's {@code encoding} argument. */
    enum Py2Strings {
        /** Decoded as UTF-8 ({@code torch.load}'s default). */
        UTF8,
        /** Decoded as ASCII, failing on any other byte ({@code pickle.load}'s default). */
        ASCII,
        /** Each byte one character ({@code encoding="latin1"}: what NumPy arrays written by Python 2 need). */
        LATIN1
    }

    private final Py2Strings py2Strings;
    private final boolean numpy;
    /** Which Python classes may be instantiated as {@link ScriptObject}s, their code never run. */
    enum ObjectClasses {
        /** None: a checkpoint of tensors and plain data. */
        NONE,
        /** TorchScript's {@code __torch__} classes (a {@code torch.jit.save} archive). */
        TORCHSCRIPT,
        /** Any class created by {@code NEWOBJ} without arguments (a whole pickled module, {@code torch.save(model)}). */
        ANY
    }

    private final ObjectClasses objectClasses;
    /** Whether more data may follow the pickle (legacy checkpoints hold several pickles, then storages). */
    private boolean stream;
    /** Memo keys that hold a NumPy array still waiting for its BUILD: they get the built tensor. */
    private final Map<Object, List<Long>> stubMemoKeys = new IdentityHashMap<>();

    /** A checkpoint unpickler: torch.load's globals, Python 2 strings as UTF-8, no NumPy arrays. */
    Unpickler(String name, byte[] data, PersistentLoader loader) {
        this(name, data, loader, Py2Strings.UTF8, false, ObjectClasses.NONE);
    }

    /** A checkpoint unpickler that also takes objects of the given classes. */
    Unpickler(String name, byte[] data, PersistentLoader loader, ObjectClasses objectClasses) {
        this(name, data, loader, Py2Strings.UTF8, false, objectClasses);
    }

    /**
     * @param loader     resolves persistent ids, or null when the pickle may have none
     * @param py2Strings how Python 2 strings are read
     * @param numpy      whether NumPy arrays, dtypes and scalars may be rebuilt
     */
    Unpickler(String name, byte[] data, PersistentLoader loader, Py2Strings py2Strings, boolean numpy) {
        this(name, data, loader, py2Strings, numpy, ObjectClasses.NONE);
    }

    private Unpickler(String name, byte[] data, PersistentLoader loader, Py2Strings py2Strings, boolean numpy,
                      ObjectClasses objectClasses) {
        this.objectClasses = objectClasses;
        this.name = name;
        this.data = data;
        this.loader = loader;
        this.py2Strings = py2Strings;
        this.numpy = numpy;
    }

    /**
     * A checkpoint unpickler for one of several pickles in {@code data}, the one starting at {@code offset}: bytes
     * after its STOP are left for the caller ({@link #position()}).
     */
    static Unpickler at(String name, byte[] data, int offset, PersistentLoader loader) {
        Unpickler u = new Unpickler(name, data, loader);
        u.pos = offset;
        u.stream = true;
        return u;
    }

    /** Where reading stopped: after the STOP of the pickle just loaded. */
    int position() { return pos; }

    /** Whether NumPy globals may be resolved. */
    boolean numpy() { return numpy; }

    /** Whether {@code __torch__} globals resolve to TorchScript classes. */
    boolean scriptObjects() { return objectClasses == ObjectClasses.TORCHSCRIPT; }

    /** Whether every global that is not a known function or type resolves to a class to instantiate opaquely. */
    boolean anyClasses() { return objectClasses == ObjectClasses.ANY; }

    /** The pickle runs past the bytes given: truncated, or (for a reader of the file's head) not read far enough. */
    static final class Truncated extends IOException {
        Truncated(String message) { super(message); }
    }

    IOException error(String what) {
        return new IOException(name + ": " + what + " (at byte " + pos + " of the pickle)");
    }

    Object load() throws IOException {
        while (true) {
            if (pos >= data.length) throw new Truncated(error("unexpected end of pickle data (truncated file?)").getMessage());
            int op = data[pos++] & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) throw error("unsupported pickle protocol " + proto);
                }
                case 0x95 -> skip(8); // FRAME: framing is only a read-ahead hint
                case '.' -> { // STOP
                    Object result = value(pop());
                    if (!stack.isEmpty() || !metastack.isEmpty()) throw error("pickle ended with data left on its stack");
                    if (!stream && pos != data.length) throw error("trailing bytes after the end of the pickle");
                    return result;
                }
                case '(' -> { // MARK
                    metastack.add(stack);
                    stack = new ArrayList<>();
                }
                case '0' -> pop(); // POP (the pickler's answer to a tuple reached again through its own items)
                case '1' -> popMark(); // POP_MARK
                case '}' -> push(new LinkedHashMap<>());
                case ']' -> push(new ArrayList<>());
                case ')' -> push(Tuple.of());
                case 't' -> push(Tuple.copyOf(values(popMark())));
                case 0x85 -> push(Tuple.of(value(pop())));
                case 0x86 -> {
                    Object b = value(pop()), a = value(pop());
                    push(Tuple.of(a, b));
                }
                case 0x87 -> {
                    Object c = value(pop()), b = value(pop()), a = value(pop());
                    push(Tuple.of(a, b, c));
                }
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) s32());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) u16());
                case 0x8a -> push(decodeLong(u8())); // LONG1
                case 0x8b -> { // LONG4
                    int n = s32();
                    if (n < 0) throw error("negative LONG4 length");
                    push(decodeLong(n));
                }
                case 'G' -> push(Double.longBitsToDouble(beLong()));
                case 'X' -> push(utf8(u32len()));
                case 0x8c -> push(utf8(u8()));
                case 0x8d -> push(utf8(u64len()));
                case 'U' -> push(py2String(u8())); // SHORT_BINSTRING: a Python 2 str
                case 'T' -> push(py2String(u32len()));
                case 'B' -> push(bytes(u32len()));
                case 'C' -> push(bytes(u8()));
                case 0x8e -> push(bytes(u64len()));
                case 0x96 -> push(bytes(u64len())); // BYTEARRAY8 (NumPy's in-band buffers under protocol 5)
                // protocols 0 and 1 (Python 2's cPickle wrote them): text numbers and strings, PUT/GET by text index
                case 'I' -> { // INT: also Python 2's bools
                    String v = textLine("INT", 256);
                    push(v.equals("01") ? Boolean.TRUE : v.equals("00") ? Boolean.FALSE : parseInt(v, "INT"));
                }
                case 'L' -> { // LONG
                    String v = textLine("LONG", 4096);
                    push(parseInt(v.endsWith("L") ? v.substring(0, v.length() - 1) : v, "LONG"));
                }
                case 'F' -> push(parseFloat(textLine("FLOAT", 256)));
                case 'S' -> push(py2String(PyText.unquote(this, textLine("STRING", Integer.MAX_VALUE))));
                case 'V' -> push(PyText.rawUnicodeEscape(this, textLine("UNICODE", Integer.MAX_VALUE)));
                case 'p' -> memoPut(parseIndex(textLine("PUT", 256)));
                case 'g' -> push(memoGet(parseIndex(textLine("GET", 256))));
                case 'l' -> push(new ArrayList<>(values(popMark()))); // LIST
                case 'd' -> { // DICT
                    List<Object> items = values(popMark());
                    if (items.size() % 2 != 0) throw error("DICT with an odd number of items");
                    LinkedHashMap<Object, Object> d = new LinkedHashMap<>();
                    for (int i = 0; i < items.size(); i += 2) put(d, items.get(i), items.get(i + 1));
                    push(d);
                }
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(u32()));
                case 'q' -> memoPut(u8());
                case 'r' -> memoPut(u32());
                case 0x94 -> memoPut(memo.size()); // MEMOIZE
                case 'a' -> { // APPEND
                    Object v = value(pop());
                    list(peek(), "APPEND").add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = values(popMark());
                    list(peek(), "APPENDS").addAll(items);
                }
                case 's' -> { // SETITEM
                    Object v = value(pop()), k = value(pop());
                    put(dict(peek(), "SETITEM"), k, v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = values(popMark());
                    if (items.size() % 2 != 0) throw error("SETITEMS with an odd number of items");
                    Map<Object, Object> d = dict(peek(), "SETITEMS");
                    for (int i = 0; i < items.size(); i += 2) put(d, items.get(i), items.get(i + 1));
                }
                case 'c' -> { // GLOBAL
                    String module = line("GLOBAL module");
                    String gname = line("GLOBAL name");
                    push(PickleGlobals.resolve(this, module, gname));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object gname = pop(), module = pop();
                    if (!(module instanceof String m) || !(gname instanceof String g)) throw error("STACK_GLOBAL needs two strings");
                    push(PickleGlobals.resolve(this, m, g));
                }
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object fn = pop();
                    if (!(args instanceof Tuple t)) throw error("REDUCE arguments are not a tuple");
                    Object result = PickleGlobals.call(this, fn, t);
                    if (result instanceof PickleGlobals.NewOrderedDict nd) {
                        orderedDicts.add(nd.map());
                        result = nd.map();
                    }
                    push(result);
                }
                case 0x8f -> push(new LinkedHashSet<>()); // EMPTY_SET
                case 0x90 -> { // ADDITEMS
                    List<Object> items = values(popMark());
                    if (!(peek() instanceof Set<?> target) || target instanceof PickleGlobals.FrozenSet) {
                        throw error("ADDITEMS on " + PickleGlobals.describe(peek()) + ", not a set");
                    }
                    @SuppressWarnings("unchecked") Set<Object> set = (Set<Object>) target;
                    for (Object v : items) {
                        checkHashable(v, "set element");
                        set.add(v);
                    }
                }
                case 0x91 -> { // FROZENSET
                    List<Object> items = values(popMark());
                    for (Object v : items) checkHashable(v, "set element");
                    push(new PickleGlobals.FrozenSet(items));
                }
                case 0x81 -> { // NEWOBJ: nn.Parameter (as PyTorch's weights-only unpickler allows) or an opaque object
                    Object args = pop();
                    Object cls = pop();
                    if (!(args instanceof Tuple t)) throw error("NEWOBJ arguments are not a tuple");
                    push(PickleGlobals.newObject(this, cls, t));
                }
                case 'b' -> { // BUILD
                    Object state = value(pop());
                    Object inst = peek();
                    if (inst instanceof NumpyPickle.ArrayStub stub) {
                        built(stub, NumpyPickle.buildArray(this, state));
                    } else if (inst instanceof NumpyPickle.NpDtype d) {
                        NumpyPickle.buildDtype(this, d, state);
                    } else if (inst instanceof ScriptObject o) {
                        buildScriptObject(o, state);
                    } else if (inst instanceof TorchBindObject o) {
                        o.build(this, state);
                    } else if (!orderedDicts.contains(inst)) {
                        throw error("BUILD is only allowed on an OrderedDict" + (numpy ? ", a NumPy array or dtype" : "")
                                + ", not on " + PickleGlobals.describe(inst)
                                + " (state " + PickleGlobals.describe(state) + ")");
                    } else if (inst instanceof PyOrderedDict<?, ?> od && state instanceof Map<?, ?> attrs) {
                        // its attributes, as vars(d) (a state dict's _metadata); any other state is dropped
                        for (var e : attrs.entrySet()) if (e.getKey() instanceof String k) od.attributes().put(k, e.getValue());
                    }
                }
                case 'Q' -> { // BINPERSID
                    Object pid = pop();
                    if (loader == null) throw error("a persistent id (" + PickleGlobals.describe(pid) + ") in a plain pickle");
                    if (!(pid instanceof Tuple t) || t.isEmpty() || !"storage".equals(t.get(0))) {
                        throw error("only persistent ids of storages are allowed, got " + PickleGlobals.describe(pid));
                    }
                    Object s = loader.load(t);
                    if (t.size() > 1 && t.get(1) instanceof PickleGlobals.StorageType st && st.dtype() == dev.torch4j.DType.QUINT4X2) {
                        packed4bit.add(s);
                    }
                    push(s);
                }
                default -> throw error(String.format("unsupported pickle opcode 0x%02x", op));
            }
        }
    }

    // ---------------------------------------------------------------- stack

    private void push(Object o) { stack.add(o); }

    private Object pop() throws IOException {
        if (stack.isEmpty()) throw error("pickle stack underflow (corrupted data)");
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws IOException {
        if (stack.isEmpty()) throw error("pickle stack underflow (corrupted data)");
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws IOException {
        if (metastack.isEmpty()) throw error("no MARK on the pickle stack (corrupted data)");
        List<Object> items = stack;
        stack = metastack.remove(metastack.size() - 1);
        return items;
    }

    private void memoPut(long index) throws IOException {
        Object v = peek();
        Object old = memo.put(index, v);
        List<Long> oldKeys = old instanceof NumpyPickle.ArrayStub ? stubMemoKeys.get(old) : null;
        if (oldKeys != null) oldKeys.remove((Long) index);
        if (v instanceof NumpyPickle.ArrayStub) stubMemoKeys.computeIfAbsent(v, k -> new ArrayList<>()).add(index);
    }

    /** BUILD on a TorchScript object: its attributes, once, from a dict with string keys. */
    private void buildScriptObject(ScriptObject o, Object state) throws IOException {
        if (o.built || !(state instanceof Map<?, ?> m)) {
            throw error("BUILD of " + o + (o.built ? " twice" : " with " + PickleGlobals.describe(state) + " instead of a dict"));
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) throw error(o + ": attribute name " + PickleGlobals.describe(e.getKey()));
            o.attributes.put(k, e.getValue());
        }
        o.built = true;
    }

    /** BUILD gave a NumPy array its contents: the tensor replaces it on the stack and in the memo. */
    private void built(NumpyPickle.ArrayStub stub, Tensor t) throws IOException {
        pop();
        push(t);
        List<Long> keys = stubMemoKeys.remove(stub);
        if (keys != null) for (Long k : keys) memo.put(k, t);
    }

    /** A value about to be stored or returned: never an array whose BUILD has not come yet (forged data). */
    private Object value(Object v) throws IOException {
        if (v instanceof NumpyPickle.ArrayStub) throw error("a NumPy array is used before its state was set (corrupted data)");
        return v;
    }

    private List<Object> values(List<Object> items) throws IOException {
        for (Object v : items) value(v);
        return items;
    }

    private Object memoGet(long index) throws IOException {
        Object v = memo.get(index);
        if (v == null && !memo.containsKey(index)) throw error("memo index " + index + " was never stored (corrupted data)");
        return v;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, String op) throws IOException {
        if (o instanceof ArrayList<?> l) return (List<Object>) l;
        throw error(op + " on " + PickleGlobals.describe(o) + ": only lists can be appended to");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o, String op) throws IOException {
        if (o instanceof LinkedHashMap<?, ?> m) return (Map<Object, Object>) m;
        throw error(op + " on " + PickleGlobals.describe(o) + ": only dicts can have items set");
    }

    private void put(Map<Object, Object> d, Object k, Object v) throws IOException {
        checkHashable(k);
        d.put(k, v);
    }

    /**
     * Python's rule (lists, dicts and bytearrays are unhashable), with bounds on what hashing a tuple key costs:
     * tuples can share items through the memo, so a few bytes can describe a key whose expanded tree (what
     * hashCode and equals walk) is exponentially large. Each key's expanded size and nesting are capped, and all
     * tuple keys of one load share a work budget proportional to the pickle's length.
     */
    void checkHashable(Object k) throws IOException { checkHashable(k, "dict key"); }

    /** {@link #checkHashable(Object)} for a value used as {@code what} (a dict key, a set element). */
    void checkHashable(Object k, String what) throws IOException {
        if (k instanceof Tuple t) {
            long size = keySize(t, 0, new IdentityHashMap<>());
            keyWork += size;
            if (keyWork > MAX_KEY_WORK + 64L * data.length) throw error("tuple dict keys too large to hash (forged data?)");
        } else if (unhashable(k)) {
            throw error("unhashable " + what + " " + PickleGlobals.describe(k));
        }
    }

    /** Lists, dicts, bytearrays and (mutable) sets: what Python refuses to hash. */
    private static boolean unhashable(Object k) {
        return k instanceof List<?> || k instanceof Map<?, ?> || k instanceof byte[]
                || k instanceof Set<?> && !(k instanceof PickleGlobals.FrozenSet);
    }

    private long keySize(Object k, int depth, Map<Object, Long> seen) throws IOException {
        if (depth > MAX_KEY_DEPTH) throw error("dict key nested deeper than " + MAX_KEY_DEPTH);
        if (!(k instanceof Tuple t)) {
            if (unhashable(k)) {
                throw error("unhashable dict key " + PickleGlobals.describe(k));
            }
            return 1;
        }
        Long known = seen.get(t);
        if (known != null) return known;
        long size = 1;
        for (Object o : t) {
            size += keySize(o, depth + 1, seen);
            if (size > MAX_KEY_SIZE) throw error("dict key of more than " + MAX_KEY_SIZE + " values (forged data?)");
        }
        seen.put(t, size);
        return size;
    }

    // ---------------------------------------------------------------- reading bytes

    private void need(long n) throws IOException {
        if (n < 0 || n > data.length - pos) {
            throw new Truncated(error("a field of " + n + " bytes runs past the end of the pickle (" + (data.length - pos) + " left)").getMessage());
        }
    }

    private void skip(int n) throws IOException {
        need(n);
        pos += n;
    }

    private int u8() throws IOException {
        need(1);
        return data[pos++] & 0xff;
    }

    private int u16() throws IOException {
        need(2);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    private int s32() throws IOException {
        need(4);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16 | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    private long u32() throws IOException {
        return s32() & 0xffffffffL;
    }

    private long u32len() throws IOException {
        long n = u32();
        need(n);
        return n;
    }

    private long u64len() throws IOException {
        need(8);
        long n = 0;
        for (int i = 7; i >= 0; i--) n = n << 8 | (data[pos + i] & 0xff);
        pos += 8;
        need(n);
        return n;
    }

    private long beLong() throws IOException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | (data[pos + i] & 0xff);
        pos += 8;
        return v;
    }

    private String utf8(long n) throws IOException {
        need(n);
        String s = new String(data, pos, (int) n, StandardCharsets.UTF_8);
        pos += (int) n;
        return s;
    }

    /** A Python 2 str of the next {@code n} bytes, read as this load's encoding says. */
    private String py2String(long n) throws IOException {
        need(n);
        String s = py2String(data, pos, (int) n);
        pos += (int) n;
        return s;
    }

    /** A Python 2 str held in {@code b[off, off + n)}, read as this load's encoding says. */
    private String py2String(byte[] b, int off, int n) throws IOException {
        return switch (py2Strings) {
            case UTF8 -> {
                try { // strict, as Python decodes: a replacement character would silently change the data
                    yield StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b, off, n)).toString();
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw error("a Python 2 str is not valid UTF-8: load it with encoding \"latin1\"");
                }
            }
            case LATIN1 -> new String(b, off, n, StandardCharsets.ISO_8859_1);
            case ASCII -> {
                for (int i = off; i < off + n; i++) {
                    if (b[i] < 0) {
                        throw error("a Python 2 str holds byte 0x" + Integer.toHexString(b[i] & 0xff) + ", which is not "
                                + "ASCII: load it with encoding \"latin1\" (what NumPy arrays from Python 2 need)");
                    }
                }
                yield new String(b, off, n, StandardCharsets.US_ASCII);
            }
        };
    }

    private String py2String(byte[] b) throws IOException { return py2String(b, 0, b.length); }

    /** The text argument of a protocol 0 opcode, up to its newline, as latin-1 (one char per byte). */
    private String textLine(String what, int max) throws IOException {
        int start = pos;
        long limit = Math.min(data.length, (long) pos + max + 1);
        while (pos < limit && data[pos] != '\n') pos++;
        if (pos >= limit) throw error(what + " argument is not newline-terminated" + (max < Integer.MAX_VALUE ? " within " + max + " bytes" : ""));
        String s = new String(data, start, pos - start, StandardCharsets.ISO_8859_1);
        pos++;
        return s;
    }

    private Object parseInt(String v, String what) throws IOException {
        try {
            BigInteger b = new BigInteger(v.strip());
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        } catch (NumberFormatException e) {
            throw error(what + " argument '" + v + "' is not an integer");
        }
    }

    private long parseIndex(String v) throws IOException {
        if (!(parseInt(v, "memo index") instanceof Long i) || i < 0) throw error("memo index '" + v + "' is out of range");
        return i;
    }

    private Double parseFloat(String v) throws IOException {
        String t = v.strip();
        switch (t) { // Python's repr of the special values; Java's parser spells them differently
            case "inf", "+inf" -> { return Double.POSITIVE_INFINITY; }
            case "-inf" -> { return Double.NEGATIVE_INFINITY; }
            case "nan", "-nan", "+nan" -> { return Double.NaN; }
            default -> { }
        }
        try {
            if (t.isEmpty() || !t.matches("[-+]?[0-9.eE+-]+")) throw new NumberFormatException();
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw error("FLOAT argument '" + v + "' is not a number");
        }
    }

    private byte[] bytes(long n) throws IOException {
        need(n);
        byte[] b = new byte[(int) n];
        System.arraycopy(data, pos, b, 0, (int) n);
        pos += (int) n;
        return b;
    }

    private String line(String what) throws IOException {
        int start = pos;
        int limit = Math.min(data.length, pos + 256);
        while (pos < limit && data[pos] != '\n') pos++;
        if (pos >= limit) throw error(what + " is not a newline-terminated name of at most 256 bytes");
        String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    /** Python's decode_long: little-endian two's complement; Long when it fits. */
    private Object decodeLong(int n) throws IOException {
        need(n);
        if (n == 0) return 0L;
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = data[pos + n - 1 - i];
        pos += n;
        BigInteger b = new BigInteger(be);
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    // ---------------------------------------------------------------- helpers for PickleGlobals

    String name() { return name; }

    /** Whether {@code storage} was read as a {@code torch.QUInt4x2Storage} (two 4-bit values a byte). */
    boolean isPacked4bit(Object storage) { return packed4bit.contains(storage); }

    static Tensor rebuild(Unpickler u, Storage storage, long offset, long[] size, long[] stride) throws IOException {
        if (size.length != stride.length) throw u.error("tensor size " + List.of(size) + " and stride have different lengths");
        long numel = TensorData.numel(size, u.name);
        if (offset < 0) throw u.error("negative storage offset " + offset);
        if (numel > 0) {
            long last = offset;
            for (int i = 0; i < size.length; i++) {
                if (stride[i] < 0) throw u.error("negative stride " + stride[i]);
                try {
                    last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
                } catch (ArithmeticException e) {
                    throw u.error("tensor layout overflows");
                }
            }
            if (last >= storage.numel()) {
                throw u.error("a tensor with size " + java.util.Arrays.toString(size) + ", stride " + java.util.Arrays.toString(stride)
                        + " and offset " + offset + " needs " + (last + 1) + " elements but its storage holds " + storage.numel());
            }
        }
        return Tensor.wrap(storage, size.clone(), stride.clone(), offset);
    }
}
