package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.MemoryFormat;
import dev.torch4j.Tensor;
import dev.torch4j.TensorScope;
import dev.torch4j.autograd.GradMode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code torch.nn.Module}: the base class of layers and models. Subclass it, keep layers and parameters in fields,
 * and write {@link #forward(Tensor)}:
 *
 * <pre>{@code
 * class Net extends Module {
 *     final Linear fc1 = new Linear(2, 16), fc2 = new Linear(16, 2);
 *     @Override public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
 * }
 * Net net = new Net();
 * net.namedParameters().keySet();   // [fc1.weight, fc1.bias, fc2.weight, fc2.bias]
 * Tensor y = net.call(x);           // forward with hooks, like net(x) in Python
 * }</pre>
 *
 * <h2>Registration</h2>
 * Fields are registered as PyTorch's attribute assignment registers them: a field whose declared type is a
 * {@code Module} registers a submodule; a {@code Tensor} field holding a {@link Parameter} registers a parameter; a
 * {@code Tensor} field annotated {@link Buffer @Buffer} registers a buffer. Other fields (and null ones) are plain
 * attributes. Fields are read whenever the module is traversed, so reassigning a field re-registers it, as
 * {@code self.fc = ...} does in Python. Names are the field names; fields come in declaration order (superclass
 * fields first), followed by entries registered with {@link #registerParameter}, {@link #registerBuffer} and
 * {@link #registerModule} in call order (an entry registered while a later field was still null comes first).
 * Fields of user classes in a named Java module must be open to torch4j (reflection reads them).
 * With {@code import dev.torch4j.nn.*}, also {@code import dev.torch4j.nn.Module} by name: on-demand imports
 * would make {@code Module} ambiguous with {@code java.lang.Module}.
 *
 * <h2>Calling</h2>
 * {@link #call(Tensor...)} runs forward pre-hooks, {@code forward} and forward hooks ({@code __call__}); it
 * dispatches on the number of inputs to {@link #forward(Tensor)}, {@link #forward(Tensor, Tensor)}, or, for any
 * other count, {@link #forward(Tensor...)}, which a module with three or more inputs overrides.
 *
 * <h2>Conversions</h2>
 * {@link #to(Device)} and {@link #to(DType)} replace the parameter and buffer tensors that need converting (a Java
 * tensor cannot change its storage in place, where PyTorch swaps {@code param.data}): create optimizers after
 * moving the model, as PyTorch's documentation recommends. Loading a state dict copies into the existing tensors.
 */
public abstract class Module implements Cloneable {
    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistent = new HashSet<>();
    private final LinkedHashMap<String, Module> modules = new LinkedHashMap<>();
    private final ModuleHookMaps<ForwardPreHook> preHooks = new ModuleHookMaps<>();
    private final ModuleHookMaps<ForwardHook> hooks = new ModuleHookMaps<>();
    private final ModuleHookMaps<FullBackwardPreHook> backwardPreHooks = new ModuleHookMaps<>();
    private final ModuleHookMaps<FullBackwardHook> backwardHooks = new ModuleHookMaps<>();
    /** State-dict hooks: saving (pre, post) and loading (pre, post). */
    final ModuleHookMaps<StateDictPreHook> stateDictPreHooks = new ModuleHookMaps<>();
    final ModuleHookMaps<StateDictPostHook> stateDictPostHooks = new ModuleHookMaps<>();
    final ModuleHookMaps<LoadStateDictPreHook> loadPreHooks = new ModuleHookMaps<>();
    final ModuleHookMaps<LoadStateDictPostHook> loadPostHooks = new ModuleHookMaps<>();
    /** The weight_norm/spectral_norm pre-hooks by kind and parameter name, so that remove_* finds them. */
    final Map<String, WeightReparam.Hook> reparamHooks = new LinkedHashMap<>();
    private boolean training = true;

    /** A hook run before forward: returns replacement inputs, or null to keep them. */
    @FunctionalInterface
    public interface ForwardPreHook {
        Tensor[] apply(Module module, Tensor[] inputs);
    }

    /** A hook run after forward: returns a replacement output, or null to keep it. */
    @FunctionalInterface
    public interface ForwardHook {
        Tensor apply(Module module, Tensor[] inputs, Tensor output);
    }

    /**
     * A hook run when the gradients with respect to the module's inputs have been computed:
     * {@code (module, grad_input, grad_output)} with null entries for inputs that need none; returns replacement
     * input gradients, or null to keep them.
     */
    @FunctionalInterface
    public interface FullBackwardHook {
        Tensor[] apply(Module module, Tensor[] gradInput, Tensor[] gradOutput);
    }

    /** A hook run when the gradient of the module's output arrives: returns a replacement, or null to keep it. */
    @FunctionalInterface
    public interface FullBackwardPreHook {
        Tensor[] apply(Module module, Tensor[] gradOutput);
    }

    /** {@code register_state_dict_pre_hook}: {@code hook(module, prefix, keep_vars)} before this module's entries are saved. */
    @FunctionalInterface
    public interface StateDictPreHook {
        void apply(Module module, String prefix, boolean keepVars);
    }

    /**
     * {@code register_state_dict_post_hook}: {@code hook(module, state_dict, prefix)} after this module's and its
     * descendants' entries are in the state dict, which the hook may change in place.
     */
    @FunctionalInterface
    public interface StateDictPostHook {
        void apply(Module module, Map<String, Tensor> stateDict, String prefix);
    }

    /**
     * {@code register_load_state_dict_pre_hook}: {@code hook(module, state_dict, prefix, strict, missing_keys,
     * unexpected_keys, error_msgs)} before this module's entries are loaded; it may rename or drop entries of the
     * state dict (the loader's own copy) and add to the lists. As in PyTorch, {@code strict} is always true here.
     */
    @FunctionalInterface
    public interface LoadStateDictPreHook {
        void apply(Module module, Map<String, Tensor> stateDict, String prefix, boolean strict, List<String> missingKeys,
                   List<String> unexpectedKeys, List<String> errorMsgs);
    }

    /**
     * {@code register_load_state_dict_post_hook}: {@code hook(module, incompatible_keys)} after this module and its
     * descendants are loaded; it may remove keys from the two (mutable) lists, before {@code strict} judges them.
     */
    @FunctionalInterface
    public interface LoadStateDictPostHook {
        void apply(Module module, IncompatibleKeys incompatibleKeys);
    }

    /** The keys a non-strict {@link #loadStateDict(Map, boolean)} could not match ({@code _IncompatibleKeys}). */
    public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
        @Override
        public String toString() {
            if (missingKeys.isEmpty() && unexpectedKeys.isEmpty()) return "<All keys matched successfully>";
            return "_IncompatibleKeys(missing_keys=" + Py.strList(missingKeys) + ", unexpected_keys="
                    + Py.strList(unexpectedKeys) + ")";
        }
    }

    /** {@code nn.Module()} with PyTorch's defaults. */
    protected Module() {}

    // ---------------------------------------------------------------- forward

    /** The computation of a one-input module. Call {@link #call(Tensor...)} to run hooks as well. */
    public Tensor forward(Tensor input) { throw missingForward(1); }

    /** The computation of a two-input module (a loss: input and target; {@link Bilinear}). */
    public Tensor forward(Tensor input1, Tensor input2) { throw missingForward(2); }

    /** The computation of a module with any other number of inputs; by default dispatches on their count. */
    public Tensor forward(Tensor... inputs) {
        return switch (inputs.length) {
            case 1 -> forward(inputs[0]);
            case 2 -> forward(inputs[0], inputs[1]);
            default -> throw missingForward(inputs.length);
        };
    }

    private UnsupportedOperationException missingForward(int n) {
        return new UnsupportedOperationException("Module [" + className() + "] is missing the required \"forward\" function"
                + " for " + n + " input" + (n == 1 ? "" : "s"));
    }

    /**
     * {@code module(*inputs)}: forward pre-hooks, {@code forward}, then forward hooks; the process-wide hooks of
     * {@link GlobalModuleHooks} run before this module's own, as in PyTorch.
     */
    public Tensor call(Tensor... inputs) {
        boolean global = !GlobalModuleHooks.allEmpty();
        if (!global && preHooks.isEmpty() && hooks.isEmpty() && backwardHooks.isEmpty() && backwardPreHooks.isEmpty()) return forward(inputs);
        Tensor[] in = inputs;
        for (ForwardPreHook h : concat(GlobalModuleHooks.FORWARD_PRE.list(), preHooks.list())) {
            Tensor[] r = h.apply(this, in);
            if (r != null) in = r;
        }
        List<FullBackwardPreHook> bwPre = concat(GlobalModuleHooks.BACKWARD_PRE.list(), backwardPreHooks.list());
        List<FullBackwardHook> bwHooks = concat(GlobalModuleHooks.BACKWARD.list(), backwardHooks.list());
        BackwardHooks bw = bwHooks.isEmpty() && bwPre.isEmpty() ? null : BackwardHooks.setup(this, bwPre, bwHooks, in);
        if (bw != null) in = bw.wrapInputs(in);
        Tensor out;
        try {
            out = forward(in);
        } catch (RuntimeException | Error e) {
            runAlwaysCalled(in, e);
            throw e;
        }
        for (var maps : List.of(GlobalModuleHooks.FORWARD, hooks)) {
            for (ForwardHook h : maps.list()) {
                Tensor r = h.apply(this, in, out);
                if (r != null) out = r;
            }
        }
        return bw == null ? out : bw.wrapOutput(out);
    }

    /** PyTorch's {@code always_call} forward hooks: run with a null output when forward threw; their own errors are only logged. */
    private void runAlwaysCalled(Tensor[] in, Throwable cause) {
        for (var maps : List.of(GlobalModuleHooks.FORWARD, hooks)) {
            for (var e : maps.entries().entrySet()) {
                if (!maps.alwaysCalled(e.getKey())) continue;
                try {
                    e.getValue().apply(this, in, null);
                } catch (RuntimeException ex) {
                    System.getLogger("dev.torch4j.nn").log(System.Logger.Level.WARNING, "forward hook with always_call=True raised an "
                            + "exception that was silenced as another error was raised in forward: " + ex.getMessage());
                }
            }
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (a.isEmpty()) return b;
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * {@code register_full_backward_hook}: {@code hook(module, grad_input, grad_output)} runs once the gradients with
     * respect to this call's inputs are known. Close the handle to remove it.
     */
    public RemovableHandle registerFullBackwardHook(FullBackwardHook hook) { return registerFullBackwardHook(hook, false); }

    /** {@code register_full_backward_hook(hook, prepend)}: with {@code prepend}, before the hooks already registered. */
    public RemovableHandle registerFullBackwardHook(FullBackwardHook hook, boolean prepend) { return backwardHooks.add(hook, prepend, false); }

    /** {@code register_full_backward_pre_hook}: {@code hook(module, grad_output)} runs when the output gradient arrives. */
    public RemovableHandle registerFullBackwardPreHook(FullBackwardPreHook hook) { return registerFullBackwardPreHook(hook, false); }

    /** {@code register_full_backward_pre_hook(hook, prepend)}. */
    public RemovableHandle registerFullBackwardPreHook(FullBackwardPreHook hook, boolean prepend) {
        return backwardPreHooks.add(hook, prepend, false);
    }

    /** Kotlin {@code module(x)}: the same as {@link #call(Tensor...)}. */
    public Tensor invoke(Tensor... inputs) { return call(inputs); }

    /** {@code register_forward_pre_hook}: close the handle to remove the hook. */
    public RemovableHandle registerForwardPreHook(ForwardPreHook hook) { return registerForwardPreHook(hook, false); }

    /** {@code register_forward_pre_hook(hook, prepend)}: with {@code prepend}, before the hooks already registered. */
    public RemovableHandle registerForwardPreHook(ForwardPreHook hook, boolean prepend) { return preHooks.add(hook, prepend, false); }

    /** A forward pre-hook registered by id (parametrizations: a deep copy's copied hook keeps the id). */
    int addForwardPreHookId(ForwardPreHook hook) { return preHooks.addForId(hook); }

    /** Removes the forward pre-hook of that id. */
    void removeForwardPreHook(int id) { preHooks.remove(id); }

    /** {@code register_forward_hook}: close the handle to remove the hook. */
    public RemovableHandle registerForwardHook(ForwardHook hook) { return registerForwardHook(hook, false, false); }

    /**
     * {@code register_forward_hook(hook, prepend, always_call)}: with {@code prepend}, before the hooks already
     * registered; with {@code alwaysCall}, also run (with a null output) when forward throws.
     */
    public RemovableHandle registerForwardHook(ForwardHook hook, boolean prepend, boolean alwaysCall) {
        return hooks.add(hook, prepend, alwaysCall);
    }

    // ---------------------------------------------------------------- registration

    /** Reads this module's fields into the registries (see the class comment). */
    private void sync() { ModuleFields.sync(this, parameters, buffers, nonPersistent, modules); }

    /**
     * Turns parameter {@code name} into a plain attribute holding {@code value} (what {@code del module._parameters[name]}
     * followed by {@code setattr} does in PyTorch, as weight_norm and spectral_norm do); the module must keep the
     * parameter in a field of that name, which its forward reads.
     */
    void demoteParameter(String name, Tensor value) {
        sync();
        if (!ModuleFields.hasField(this, name)) {
            throw new IllegalArgumentException(className() + " keeps no field named '" + name + "' for its forward to read");
        }
        parameters.remove(name);
        ModuleFields.write(this, name, value);
    }

    /** Removes parameter {@code name} from the registry (Python's {@code del module._parameters[name]}). */
    void removeParameter(String name) {
        sync();
        parameters.remove(name);
    }

    /** Removes buffer {@code name} from the registry (Python's {@code del module._buffers[name]}). */
    void removeBuffer(String name) {
        sync();
        buffers.remove(name);
        nonPersistent.remove(name);
    }

    /** Removes child module {@code name} (Python's {@code delattr} of a submodule). */
    void removeModule(String name) {
        sync();
        modules.remove(name);
    }

    /**
     * Puts {@code value} in place of the parameter or buffer registered as {@code name} in this module (registry and
     * field), skipping the Parameter checks, and returns what was there: PyTorch's {@code NamedMemberAccessor.swap_tensor},
     * with which {@link Stateless} substitutes tensors for one call and then swaps the originals back.
     */
    Tensor swapTensor(String name, Tensor value) {
        sync();
        Map<String, Tensor> registry = parameters.containsKey(name) ? parameters : buffers.containsKey(name) ? buffers : null;
        if (registry == null) throw new IllegalArgumentException(className() + " has no attribute `" + name + "`");
        Tensor old = registry.put(name, value);
        ModuleFields.write(this, name, value);
        return old;
    }

    /** This module's own parameters, then buffers, by name (no descendants, no de-duplication; nulls left out). */
    Map<String, Tensor> ownTensors() {
        sync();
        Map<String, Tensor> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> { if (v != null) out.put(k, v); });
        buffers.forEach((k, v) -> { if (v != null) out.putIfAbsent(k, v); });
        return out;
    }

    /** True when {@code name} is a buffer registered in this module. */
    boolean hasBuffer(String name) {
        sync();
        return buffers.containsKey(name);
    }

    /** Sets attribute {@code name} (a field that is not a registered parameter) to {@code value}. */
    void setAttribute(String name, Tensor value) { ModuleFields.write(this, name, value); }

    /**
     * {@code register_parameter(name, param)}: {@code param} must be a {@link Parameter} (or null, which removes
     * the name from {@link #parameters()} and the state dict).
     */
    public void registerParameter(String name, Tensor param) {
        sync();
        checkName("parameter", name, parameters);
        if (param != null && !param.isParameter()) {
            throw new IllegalArgumentException("cannot assign '" + Py.typename(param) + "' object to parameter '" + name
                    + "' (torch.nn.Parameter or None required)");
        }
        if (param != null && !param.isLeaf()) {
            throw new IllegalArgumentException("Cannot assign non-leaf Tensor to parameter '" + name + "'. Model parameters "
                    + "must be created explicitly. To express '" + name + "' as a function of another Tensor, compute the "
                    + "value in the forward() method.");
        }
        parameters.put(name, param);
        TensorScope.escape(param);
    }

    /** {@code register_buffer(name, tensor)}: a persistent buffer. */
    public void registerBuffer(String name, Tensor tensor) { registerBuffer(name, tensor, true); }

    /** {@code register_buffer(name, tensor, persistent)}: a non-persistent buffer is left out of the state dict. */
    public void registerBuffer(String name, Tensor tensor, boolean persistent) {
        sync();
        checkName("buffer", name, buffers);
        buffers.put(name, tensor);
        TensorScope.escape(tensor);
        if (persistent) nonPersistent.remove(name);
        else nonPersistent.add(name);
    }

    /** {@code add_module(name, module)}: the same as {@link #registerModule}. */
    public void addModule(String name, Module module) { registerModule(name, module); }

    /** {@code register_module(name, module)} ({@code add_module}); a null module is allowed, as in PyTorch. */
    public void registerModule(String name, Module module) {
        sync();
        if (name.contains(".")) throw new IllegalArgumentException("module name can't contain \".\", got: " + name);
        if (name.isEmpty()) throw new IllegalArgumentException("module name can't be empty string \"\"");
        if (ModuleFields.hasField(this, name) || (!modules.containsKey(name) && (parameters.containsKey(name)
                || buffers.containsKey(name)))) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists");
        }
        modules.put(name, module);
    }

    private void checkName(String kind, String name, Map<String, ?> own) {
        if (name.contains(".")) throw new IllegalArgumentException(kind + " name can't contain \".\"");
        if (name.isEmpty()) throw new IllegalArgumentException(kind + " name can't be empty string \"\"");
        boolean elsewhere = !own.containsKey(name) && (parameters.containsKey(name) || buffers.containsKey(name)
                || modules.containsKey(name));
        if (elsewhere || ModuleFields.hasField(this, name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists");
        }
    }

    /** The buffer registered as {@code name} in this module (not a descendant), or null. */
    protected final Tensor buffer(String name) {
        sync();
        return buffers.get(name);
    }

    /** The parameter registered as {@code name} in this module (not a descendant), or null. */
    protected final Tensor parameter(String name) {
        sync();
        return parameters.get(name);
    }

    /** Replaces the tensor registered as {@code name} (and its field, if it has one); used by conversions. */
    private void replace(String name, Tensor t, boolean isParameter) {
        (isParameter ? parameters : buffers).put(name, t);
        TensorScope.escape(t);
        ModuleFields.write(this, name, t);
    }

    // ---------------------------------------------------------------- traversal

    /** {@code named_parameters()}: this module's and its descendants' parameters, by dotted name, each once. */
    public Map<String, Tensor> namedParameters() { return namedParameters("", true); }

    /** {@code named_parameters(prefix, recurse)}. */
    public Map<String, Tensor> namedParameters(String prefix, boolean recurse) {
        return namedMembers(prefix, recurse, m -> m.parameters);
    }

    /** {@code parameters()}: the parameters in registration order (submodules depth-first), each once. */
    public List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** {@code parameters(recurse)}. */
    public List<Tensor> parameters(boolean recurse) { return new ArrayList<>(namedParameters("", recurse).values()); }

    /** {@code named_buffers()}. */
    public Map<String, Tensor> namedBuffers() { return namedMembers("", true, m -> m.buffers); }

    /** {@code buffers()}. */
    public List<Tensor> buffers() { return new ArrayList<>(namedBuffers().values()); }

    private Map<String, Tensor> namedMembers(String prefix, boolean recurse, java.util.function.Function<Module, Map<String, Tensor>> of) {
        Map<String, Module> mods = recurse ? namedModules(prefix) : Map.of(prefix, this);
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : mods.entrySet()) {
            e.getValue().sync();
            for (var m : of.apply(e.getValue()).entrySet()) {
                if (m.getValue() == null || !seen.add(m.getValue())) continue;
                out.put(e.getKey().isEmpty() ? m.getKey() : e.getKey() + "." + m.getKey(), m.getValue());
            }
        }
        return out;
    }

    /** {@code named_children()}: the direct submodules, each once. */
    public Map<String, Module> namedChildren() {
        sync();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, Module> out = new LinkedHashMap<>();
        for (var e : modules.entrySet()) if (e.getValue() != null && seen.add(e.getValue())) out.put(e.getKey(), e.getValue());
        return out;
    }

    /** {@code children()}. */
    public List<Module> children() { return new ArrayList<>(namedChildren().values()); }

    /** {@code named_modules()}: this module (name {@code ""}) and every descendant, pre-order, each once. */
    public Map<String, Module> namedModules() { return namedModules(""); }

    /** {@code named_modules(prefix=prefix)}. */
    public Map<String, Module> namedModules(String prefix) {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules(this, prefix, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collectModules(Module m, String prefix, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) return;
        out.put(prefix, m);
        m.sync();
        for (var e : m.modules.entrySet()) {
            if (e.getValue() == null) continue;
            collectModules(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out, seen);
        }
    }

    /** {@code modules()}: this module and every descendant, pre-order. */
    public List<Module> modules() { return new ArrayList<>(namedModules().values()); }

    /** {@code get_submodule("a.b")}. */
    public Module getSubmodule(String target) {
        if (target.isEmpty()) return this;
        Module m = this;
        for (String item : target.split("\\.", -1)) {
            m.sync();
            Module next = m.modules.get(item);
            if (next == null) throw new IllegalArgumentException(m.className() + " has no attribute `" + item + "`");
            m = next;
        }
        return m;
    }

    /** {@code get_parameter("a.b.weight")}. */
    public Tensor getParameter(String target) {
        int dot = target.lastIndexOf('.');
        Module m = getSubmodule(dot < 0 ? "" : target.substring(0, dot));
        String name = target.substring(dot + 1);
        m.sync();
        Tensor p = m.parameters.get(name);
        if (p == null) throw new IllegalArgumentException(m.className() + " has no parameter `" + name + "`");
        return p;
    }

    /** {@code get_buffer("a.b.running_mean")}. */
    public Tensor getBuffer(String target) {
        int dot = target.lastIndexOf('.');
        Module m = getSubmodule(dot < 0 ? "" : target.substring(0, dot));
        String name = target.substring(dot + 1);
        m.sync();
        if (!m.buffers.containsKey(name)) {
            if (m.parameters.containsKey(name) || m.modules.containsKey(name) || ModuleFields.hasField(m, name)) {
                throw new IllegalArgumentException("`" + name + "` is not a buffer");
            }
            throw new IllegalArgumentException(m.className() + " has no attribute `" + name + "`");
        }
        return m.buffers.get(name);
    }

    /**
     * {@code set_submodule("a.b", module)} (PyTorch 2.x): replaces (or, unless {@code strict}, adds) the submodule at
     * {@code target}. A child kept in a field of its parent is written there, so the field's type must admit it.
     */
    public void setSubmodule(String target, Module module, boolean strict) {
        if (target.isEmpty()) throw new IllegalArgumentException("Cannot set the submodule without a target name!");
        if (module == null) throw new IllegalArgumentException("`module` is not an nn.Module, found null");
        int dot = target.lastIndexOf('.');
        Module parent = getSubmodule(dot < 0 ? "" : target.substring(0, dot));
        String name = target.substring(dot + 1);
        parent.sync();
        boolean exists = parent.modules.containsKey(name) || parent.parameters.containsKey(name) || parent.buffers.containsKey(name)
                || ModuleFields.hasField(parent, name);
        if (strict && !exists) throw new IllegalArgumentException(parent.className() + " has no attribute `" + name + "`");
        if (exists && !parent.modules.containsKey(name)) throw new IllegalArgumentException("`" + name + "` is not an nn.Module");
        if (ModuleFields.hasField(parent, name)) {
            try {
                ModuleFields.write(parent, name, module);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("set_submodule: field `" + name + "` of " + parent.className()
                        + " cannot hold a " + module.className() + " (" + e.getMessage() + ")", e);
            }
        }
        parent.modules.put(name, module);
    }

    /** {@code set_submodule(target, module)} with {@code strict=False}. */
    public void setSubmodule(String target, Module module) { setSubmodule(target, module, false); }

    /** {@code apply(fn)}: calls fn on every submodule (children first, recursively) and then on this module. */
    @SuppressWarnings("unchecked")
    public <M extends Module> M apply(Consumer<Module> fn) {
        for (Module c : children()) c.apply(fn);
        fn.accept(this);
        return (M) this;
    }

    // ---------------------------------------------------------------- modes and gradients

    /** {@code train()}: training mode for this module and its descendants. */
    public <M extends Module> M train() { return train(true); }

    /** {@code train(mode)}. */
    @SuppressWarnings("unchecked")
    public <M extends Module> M train(boolean mode) {
        training = mode;
        for (Module c : children()) c.train(mode);
        return (M) this;
    }

    /** {@code eval()}: evaluation mode (Dropout passes through, BatchNorm uses its running statistics). */
    public <M extends Module> M eval() { return train(false); }

    /** {@code module.training}. */
    public boolean isTraining() { return training; }

    /** {@code requires_grad_(requiresGrad)}: sets requires_grad on every parameter. */
    @SuppressWarnings("unchecked")
    public <M extends Module> M requiresGrad_(boolean requiresGrad) {
        for (Tensor p : parameters()) p.requiresGrad_(requiresGrad);
        return (M) this;
    }

    /** {@code zero_grad()}: sets every parameter's {@code .grad} to null (PyTorch 2.x's {@code set_to_none=True}). */
    public void zeroGrad() { zeroGrad(true); }

    /** {@code zero_grad(set_to_none)}: with {@code setToNone=false}, zeroes the gradients in place instead. */
    public void zeroGrad(boolean setToNone) { zeroGrads(parameters(), setToNone); }

    /** Shared with the optimizers: PyTorch's zero_grad loop. */
    static void zeroGrads(Iterable<Tensor> params, boolean setToNone) {
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            if (setToNone) {
                p.setGrad(null);
            } else {
                Tensor z = g.gradFn() != null ? g.detach() : g;
                if (z != g) p.setGrad(z);
                try (var s = GradMode.noGrad()) {
                    z.zero_();
                }
            }
        }
    }

    // ---------------------------------------------------------------- state dict

    /**
     * {@code state_dict()}: parameters and persistent buffers by dotted name, detached, in PyTorch's order (each
     * module's parameters, then its buffers, then its children's entries), with each module's version in its
     * {@link StateDict#metadata() metadata}.
     */
    public StateDict stateDict() { return stateDict("", false); }

    /** {@code state_dict(prefix=prefix, keep_vars=keepVars)}. */
    public StateDict stateDict(String prefix, boolean keepVars) {
        StateDict out = new StateDict();
        saveTo(out, prefix, keepVars);
        return out;
    }

    /**
     * PyTorch's class attribute {@code _version}: the format of this module's state dict entries, recorded in the
     * state dict's metadata so a later version can read an older one (BatchNorm's 2 added num_batches_tracked).
     * 1 unless a module's PyTorch counterpart says otherwise.
     */
    protected int stateDictVersion() { return 1; }

    private void saveTo(StateDict out, String prefix, boolean keepVars) {
        out.recordVersion(prefix, stateDictVersion());
        for (StateDictPreHook h : stateDictPreHooks.list()) h.apply(this, prefix, keepVars);
        sync();
        for (var e : parameters.entrySet()) {
            if (e.getValue() != null) out.put(prefix + e.getKey(), keepVars ? e.getValue() : e.getValue().detach());
        }
        for (var e : buffers.entrySet()) {
            if (e.getValue() != null && !nonPersistent.contains(e.getKey())) {
                out.put(prefix + e.getKey(), keepVars ? e.getValue() : e.getValue().detach());
            }
        }
        saveToStateDict(out, prefix, keepVars);
        for (var e : modules.entrySet()) if (e.getValue() != null) e.getValue().saveTo(out, prefix + e.getKey() + ".", keepVars);
        for (StateDictPostHook h : stateDictPostHooks.list()) h.apply(this, out, prefix);
    }

    /** {@code register_state_dict_pre_hook(hook)}. */
    public RemovableHandle registerStateDictPreHook(StateDictPreHook hook) { return stateDictPreHooks.add(hook, false, false); }

    /** {@code register_state_dict_post_hook(hook)}. */
    public RemovableHandle registerStateDictPostHook(StateDictPostHook hook) { return stateDictPostHooks.add(hook, false, false); }

    /** {@code register_load_state_dict_pre_hook(hook)}. */
    public RemovableHandle registerLoadStateDictPreHook(LoadStateDictPreHook hook) { return loadPreHooks.add(hook, false, false); }

    /** {@code register_load_state_dict_post_hook(hook)}. */
    public RemovableHandle registerLoadStateDictPostHook(LoadStateDictPostHook hook) { return loadPostHooks.add(hook, false, false); }

    /**
     * Writes the entries this module keeps outside its parameters and buffers into a state dict, after those and
     * before its children's (what a PyTorch module's {@code _save_to_state_dict} override adds: the quantized modules'
     * weights); a null value stands for Python's None. {@link #beforeLoadStateDict} reads them back. Writes nothing
     * by default.
     */
    protected void saveToStateDict(Map<String, Tensor> destination, String prefix, boolean keepVars) {}

    /** {@code load_state_dict(state_dict)} with {@code strict=True}. */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict) { return loadStateDict(stateDict, true); }

    /**
     * {@code load_state_dict(torch.load(path))}: accepts what {@code Torch.load} returns for a state dict (a map of
     * names to tensors), so {@code model.loadStateDict(Torch.load(path))} reads like PyTorch.
     */
    public IncompatibleKeys loadStateDict(Object stateDict) {
        if (!(stateDict instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("load_state_dict: expected a state dict (a Map of names to tensors), got "
                    + (stateDict == null ? "null" : stateDict.getClass().getName()));
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        for (var e : map.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new IllegalArgumentException("load_state_dict: entries must map String names to Tensors, found key " + e.getKey());
            }
            entries.put(k, e.getValue());
        }
        namedModules().forEach((name, m) -> m.readNonTensorEntries(entries, name.isEmpty() ? "" : name + "."));
        // the typed copy keeps the checkpoint's attributes: its _metadata holds the versions modules read
        dev.torch4j.io.PyOrderedDict<String, Tensor> typed = new dev.torch4j.io.PyOrderedDict<>();
        if (map instanceof dev.torch4j.io.PyOrderedDict<?, ?> od) typed.attributes().putAll(od.attributes());
        for (var e : entries.entrySet()) {
            // None (null) is a value too: a quantized Linear without bias saves one, as in PyTorch
            if (!(e.getValue() == null || e.getValue() instanceof Tensor)) {
                throw new IllegalArgumentException("load_state_dict: entries must map String names to Tensors, found "
                        + e.getKey() + " -> " + e.getValue().getClass().getSimpleName());
            }
            typed.put(e.getKey(), (Tensor) e.getValue());
        }
        return loadStateDict(typed, true);
    }

    /**
     * Turns this module's entries of a loaded checkpoint that are not tensors into tensor entries before the state dict
     * is read as a map of tensors: PyTorch's quantized Linear saves its weight and bias as one tuple and its dtype as a
     * {@code torch.dtype}. {@code prefix} is this module's key prefix. Does nothing by default.
     */
    protected void readNonTensorEntries(Map<String, Object> entries, String prefix) {}

    /**
     * Runs before this module's entries of a state dict are loaded ({@code _register_load_state_dict_pre_hook}): a lazy
     * module gives its parameters the checkpoint's shapes here, a quantized one takes (and removes) the entries its
     * {@link #saveToStateDict} wrote. {@code prefix} is this module's key prefix.
     */
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {}

    /**
     * {@link #beforeLoadStateDict(Map, String)} with the error list of this load, for a module that refuses some
     * entries with its own message (PyTorch's {@code _load_from_state_dict} overrides append to {@code error_msgs}).
     */
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix, List<String> errorMsgs) {
        beforeLoadStateDict(stateDict, prefix);
    }

    /**
     * {@link #beforeLoadStateDict(Map, String, List)} with this module's metadata in the checkpoint (PyTorch's
     * {@code local_metadata}: {@code {"version": n}}, empty when the state dict has none for it), for a module whose
     * older versions load differently.
     */
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix, Map<String, Object> localMetadata,
                                       List<String> errorMsgs) {
        beforeLoadStateDict(stateDict, prefix, errorMsgs);
    }

    /**
     * {@code load_state_dict(state_dict, strict)}: copies each entry into the parameter or buffer of that name
     * (without recording a graph). With {@code strict}, missing and unexpected keys are errors; size mismatches
     * always are. The error lists every problem, as PyTorch's does.
     */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict, boolean strict) { return loadStateDict(stateDict, strict, false); }

    /**
     * {@code load_state_dict(state_dict, strict, assign)}: with {@code assign}, each parameter and buffer becomes the
     * state dict's tensor itself instead of receiving a copy of its values (a parameter keeps its requires_grad), as
     * PyTorch 2.1+ does, e.g. to fill a module built on the meta device or to keep a checkpoint's dtype.
     */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict, boolean strict, boolean assign) {
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), errors = new ArrayList<>();
        // a copy, as PyTorch's load_state_dict makes: pre-load hooks may drop keys (FrozenBatchNorm2d's num_batches_tracked)
        Map<?, ?> metadata = stateDict instanceof dev.torch4j.io.PyOrderedDict<?, ?> od && od.attributes().get("_metadata") instanceof Map<?, ?> m
                ? m : Map.of();
        loadFrom(new LinkedHashMap<>(stateDict), "", metadata, assign, missing, unexpected, errors);
        if (strict) {
            if (!unexpected.isEmpty()) errors.addFirst("Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
            if (!missing.isEmpty()) errors.addFirst("Missing key(s) in state_dict: " + quoted(missing) + ". ");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading state_dict for " + className() + ":\n\t"
                    + String.join("\n\t", errors));
        }
        return new IncompatibleKeys(List.copyOf(missing), List.copyOf(unexpected));
    }

    private static String quoted(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) sb.append(sb.isEmpty() ? "" : ", ").append('"').append(k).append('"');
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private void loadFrom(Map<String, Tensor> sd, String prefix, Map<?, ?> metadata, boolean assign, List<String> missing,
                          List<String> unexpected, List<String> errors) {
        Object localMetadata = metadata.get(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1));
        beforeLoadStateDict(sd, prefix, localMetadata instanceof Map<?, ?> lm ? (Map<String, Object>) lm : Map.of(), errors);
        for (LoadStateDictPreHook h : loadPreHooks.list()) h.apply(this, sd, prefix, true, missing, unexpected, errors);
        sync();
        Map<String, Tensor> local = new LinkedHashMap<>();
        for (var e : parameters.entrySet()) if (e.getValue() != null) local.put(e.getKey(), e.getValue());
        for (var e : buffers.entrySet()) {
            if (e.getValue() != null && !nonPersistent.contains(e.getKey())) local.put(e.getKey(), e.getValue());
        }
        for (var e : local.entrySet()) {
            String key = prefix + e.getKey();
            if (!sd.containsKey(key)) {
                missing.add(key);
                continue;
            }
            Tensor in = sd.get(key), param = e.getValue();
            if (in == null) {
                errors.add("While copying the parameter named \"" + key + "\", expected torch.Tensor or Tensor-like object "
                        + "from checkpoint but received <class 'NoneType'>");
                continue;
            }
            if (param.dim() == 0 && in.dim() == 1) in = in.select(0, 0); // PyTorch 0.3 checkpoints stored scalars as [1]
            if (!in.shape().equals(param.shape())) {
                errors.add("size mismatch for " + key + ": copying a param with shape " + in.shape() + " from checkpoint, "
                        + "the shape in current model is " + param.shape() + ".");
                continue;
            }
            try (var g = GradMode.noGrad()) {
                if (assign) replace(e.getKey(), parameters.containsKey(e.getKey()) ? Parameter.of(in, param.requiresGrad()) : in,
                        parameters.containsKey(e.getKey()));
                else param.copy_(in);
            } catch (RuntimeException ex) {
                errors.add("While copying the parameter named \"" + key + "\", whose dimensions in the model are "
                        + param.shape() + " and whose dimensions in the checkpoint are " + in.shape()
                        + ", an exception occurred : ('" + ex.getMessage() + "',).");
            }
        }
        for (String key : sd.keySet()) {
            if (!key.startsWith(prefix)) continue;
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            String first = dot < 0 ? rest : rest.substring(0, dot);
            if (!modules.containsKey(first) && !local.containsKey(first)) unexpected.add(key);
        }
        for (var e : modules.entrySet()) {
            if (e.getValue() != null) e.getValue().loadFrom(sd, prefix + e.getKey() + ".", metadata, assign, missing, unexpected, errors);
        }
        if (!loadPostHooks.isEmpty()) {
            IncompatibleKeys live = new IncompatibleKeys(missing, unexpected); // the hooks may remove keys from these lists
            for (LoadStateDictPostHook h : loadPostHooks.list()) h.apply(this, live);
        }
    }

    // ---------------------------------------------------------------- conversions

    /** {@code to(device)}: parameters (with their gradients) and buffers moved to {@code device}. */
    public <M extends Module> M to(Device device) { return convert(t -> t.to(device)); }

    /** {@code to(dtype)}: floating parameters and buffers converted to {@code dtype} (integer buffers stay). */
    public <M extends Module> M to(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype="
                    + dtype);
        }
        return convert(t -> t.isFloatingPoint() ? t.to(dtype) : t);
    }

    /** {@code cuda()}: moved to the current CUDA device. Throws, saying why, when CUDA is not available. */
    public <M extends Module> M cuda() { return to(Device.cuda(dev.torch4j.Torch.cuda().currentDevice())); }

    /** {@code cuda(index)}: moved to CUDA device {@code index}. */
    public <M extends Module> M cuda(int index) { return to(Device.cuda(index)); }

    /** {@code to(device, dtype)}. */
    public <M extends Module> M to(Device device, DType dtype) {
        to(device);
        return to(dtype);
    }

    /**
     * {@code to(memory_format=format)}: every 4-d and 5-d parameter and buffer laid out in {@code format} (values
     * unchanged; parameters stay the same objects, as with dtype moves); other tensors are left as they are. As in
     * PyTorch, {@code CHANNELS_LAST} then refuses a 5-d tensor ("required rank 4 tensor to use channels_last format").
     */
    public <M extends Module> M to(MemoryFormat format) { return convert(t -> t.dim() == 4 || t.dim() == 5 ? t.to(format) : t); }

    /** {@code cpu()}. */
    public <M extends Module> M cpu() { return to(Device.CPU); }

    /** {@code double()}: floating parameters and buffers as float64. */
    public <M extends Module> M toDouble() { return to(DType.FLOAT64); }

    /** {@code float()}: floating parameters and buffers as float32. */
    public <M extends Module> M toFloat() { return to(DType.FLOAT32); }

    /** {@code half()}: floating parameters and buffers as float16. */
    public <M extends Module> M half() { return to(DType.FLOAT16); }

    /** {@code bfloat16()}: floating parameters and buffers as bfloat16. */
    public <M extends Module> M bfloat16() { return to(DType.BFLOAT16); }

    /** {@code type(dst_type)}: every parameter and buffer, integer ones included, cast to {@code dtype}. */
    public <M extends Module> M type(DType dtype) { return convert(t -> t.to(dtype)); }

    /**
     * {@code to_empty(device=device)}: parameters and buffers replaced by uninitialised tensors of the same shapes and
     * dtypes on {@code device} (their values are not copied), for modules whose values are about to be loaded.
     */
    public <M extends Module> M toEmpty(Device device) {
        return convert(t -> dev.torch4j.Torch.empty(dev.torch4j.Torch.shape(t.shapeArray()), dev.torch4j.Torch.dtype(t.dtype()).device(device)));
    }

    /** PyTorch's {@code _apply(fn)}: children first, then this module's parameters (and grads) and buffers. */
    @SuppressWarnings("unchecked")
    private <M extends Module> M convert(UnaryOperator<Tensor> fn) {
        for (Module c : children()) c.convert(fn);
        sync();
        try (var g = GradMode.noGrad()) {
            for (var e : List.copyOf(parameters.entrySet())) {
                Tensor p = e.getValue();
                if (p == null) continue;
                Tensor q = fn.apply(p);
                if (q == p) continue;
                // PyTorch's _apply sets param.data (and param.grad.data): the parameter stays the same object, so an
                // optimizer made before to(device) or double() still holds it
                Tensor grad = p.grad();
                p.setData(q);
                if (grad != null) {
                    Tensor gq = fn.apply(grad);
                    if (gq != grad) grad.setData(gq);
                }
            }
            for (var e : List.copyOf(buffers.entrySet())) {
                Tensor b = e.getValue();
                if (b == null) continue;
                Tensor q = fn.apply(b);
                if (q != b) replace(e.getKey(), q, false);
            }
        }
        return (M) this;
    }

    // ---------------------------------------------------------------- printing

    /**
     * {@code copy.deepcopy(module)}: a new module tree with copies of every parameter (still parameters, same
     * requires_grad, gradients copied), buffer and submodule, tied weights and shared submodules kept tied, hooks kept,
     * and the training flags; other field values (numbers, strings, functions, your own objects) are shared, as
     * immutable ones are in Python. Fields are copied by reflection, final ones included. A tensor in the tree that is
     * not a graph leaf (an attribute computed from a parameter) is refused, as PyTorch refuses it.
     */
    @SuppressWarnings("unchecked")
    public <M extends Module> M deepCopy() { return (M) DeepCopy.copy(this); }

    /** Object.clone: the fields as they are; {@link DeepCopy} replaces what it copies. */
    Module shallowClone() {
        try {
            return (Module) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e); // Module is Cloneable
        }
    }

    /** The class name PyTorch prints ({@code _get_name()}). */
    public String className() {
        String n = getClass().getSimpleName();
        n = n.isEmpty() ? getClass().getName().substring(getClass().getName().lastIndexOf('.') + 1) : n;
        return parametrized ? "Parametrized" + n : n; // PyTorch swaps in a subclass of that name
    }

    /** Set while a tensor of this module is parametrized ({@link Parametrize}): the class name PyTorch prints changes. */
    boolean parametrized;

    /** {@code extra_repr()}: this module's settings, printed inside its parentheses; empty by default. */
    public String extraRepr() { return ""; }

    /** The module tree exactly as PyTorch's {@code repr(module)} prints it. */
    @Override
    public String toString() {
        sync();
        String extra = extraRepr();
        List<String> extraLines = extra.isEmpty() ? List.of() : List.of(extra.split("\n", -1));
        List<String> childLines = new ArrayList<>();
        for (var e : modules.entrySet()) {
            String s = e.getValue() == null ? "None" : e.getValue().toString();
            childLines.add("(" + e.getKey() + "): " + Py.addIndent(s, 2));
        }
        List<String> lines = new ArrayList<>(extraLines);
        lines.addAll(childLines);
        StringBuilder sb = new StringBuilder(className()).append('(');
        if (!lines.isEmpty()) {
            if (extraLines.size() == 1 && childLines.isEmpty()) sb.append(extraLines.getFirst());
            else sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
        }
        return sb.append(')').toString();
    }

    /** Internal, for containers: the registered submodules (after reading fields), live. */
    Map<String, Module> moduleMap() {
        sync();
        return modules;
    }
}
