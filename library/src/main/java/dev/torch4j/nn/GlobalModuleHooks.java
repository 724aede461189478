package dev.torch4j.nn;

/**
 * Hooks on every module's call ({@code torch.nn.modules.module.register_module_forward_pre_hook} and its siblings):
 * they run before each module's own hooks, in every module of the process. Meant for debugging and tooling, as in
 * PyTorch; close the handle to remove one.
 */
public final class GlobalModuleHooks {
    private GlobalModuleHooks() {}

    static final ModuleHookMaps<Module.ForwardPreHook> FORWARD_PRE = new ModuleHookMaps<>();
    static final ModuleHookMaps<Module.ForwardHook> FORWARD = new ModuleHookMaps<>();
    static final ModuleHookMaps<Module.FullBackwardPreHook> BACKWARD_PRE = new ModuleHookMaps<>();
    static final ModuleHookMaps<Module.FullBackwardHook> BACKWARD = new ModuleHookMaps<>();

    static boolean allEmpty() {
        return FORWARD_PRE.isEmpty() && FORWARD.isEmpty() && BACKWARD_PRE.isEmpty() && BACKWARD.isEmpty();
    }

    /** {@code register_module_forward_pre_hook(hook)}. */
    public static RemovableHandle registerModuleForwardPreHook(Module.ForwardPreHook hook) { return FORWARD_PRE.add(hook, false, false); }

    /** {@code register_module_forward_hook(hook)}. */
    public static RemovableHandle registerModuleForwardHook(Module.ForwardHook hook) { return registerModuleForwardHook(hook, false); }

    /** {@code register_module_forward_hook(hook, always_call=alwaysCall)}. */
    public static RemovableHandle registerModuleForwardHook(Module.ForwardHook hook, boolean alwaysCall) {
        return FORWARD.add(hook, false, alwaysCall);
    }

    /** {@code register_module_full_backward_pre_hook(hook)}. */
    public static RemovableHandle registerModuleFullBackwardPreHook(Module.FullBackwardPreHook hook) {
        return BACKWARD_PRE.add(hook, false, false);
    }

    /** {@code register_module_full_backward_hook(hook)}. */
    public static RemovableHandle registerModuleFullBackwardHook(Module.FullBackwardHook hook) { return BACKWARD.add(hook, false, false); }
}
