package dev.torch4j.io;

import java.util.LinkedHashMap;

/**
 * An object of a TorchScript class as a {@code torch.jit.save} archive's {@code data.pkl} holds it: the class's
 * qualified name ({@code __torch__.torch.nn.modules.linear.Linear}) and the attributes its {@code BUILD} set.
 * Nothing of the class is run: its code is read as text only, for the parameter and buffer names.
 */
final class ScriptObject {
    /** The {@code GLOBAL} of a TorchScript class, before {@code NEWOBJ} makes an object of it. */
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
