package dev.torch4j.io;

import java.util.LinkedHashMap;

/**
 * An object of a Python class that the unpickler names but never runs: a TorchScript class in a {@code torch.jit.save}
 * archive's {@code data.pkl} ({@code __torch__.torch.nn.modules.linear.Linear}; its code is read as text only, for
 * the parameter and buffer names), or any class of a whole pickled module ({@code torch.save(model)}:
 * {@code torch.nn.modules.linear.Linear}, {@code __main__.Net}). It holds the class's qualified name and the
 * attributes its {@code BUILD} set.
 */
final class ScriptObject {
    /** The {@code GLOBAL} of such a class (or of a function kept as an attribute), before {@code NEWOBJ} makes an object of it. */
    record ScriptClass(String module, String name) {
        String qualifiedName() { return module + "." + name; }
    }

    final ScriptClass cls;
    final LinkedHashMap<String, Object> attributes = new LinkedHashMap<>();
    boolean built;

    ScriptObject(ScriptClass cls) { this.cls = cls; }

    @Override
    public String toString() { return cls.qualifiedName() + " object"; }
}
