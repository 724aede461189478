package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.Function;
import dev.torch4j.autograd.FunctionCtx;
import dev.torch4j.autograd.GradMode;

import java.util.List;

/**
 * Full backward hooks of one module call, as PyTorch's {@code BackwardHook} builds them: the inputs that require
 * grad and the output pass through identity functions ({@code BackwardHookFunctionBackward}); the output's runs
 * first in backward and records the output gradient (after the pre-hooks, which may replace it), the inputs' runs
 * once the module's own backward has produced the input gradients and calls the hooks with both.
 */
final class BackwardHooks {
    private final Module module;
    private final List<Module.FullBackwardPreHook> preHooks;
    private final List<Module.FullBackwardHook> hooks;
    private boolean[] inputNeedsGrad;
    private Tensor[] gradOutputs;

    private BackwardHooks(Module module, List<Module.FullBackwardPreHook> preHooks, List<Module.FullBackwardHook> hooks) {
        this.module = module;
        this.preHooks = preHooks;
        this.hooks = hooks;
    }

    /** Wraps {@code inputs} and returns the state that wraps the output later; null when grad is off. */
    static BackwardHooks setup(Module module, List<Module.FullBackwardPreHook> preHooks, List<Module.FullBackwardHook> hooks, Tensor[] inputs) {
        if (!GradMode.isEnabled()) return null;
        return new BackwardHooks(module, preHooks, hooks);
    }

    Tensor[] wrapInputs(Tensor[] inputs) {
        inputNeedsGrad = new boolean[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) any |= inputNeedsGrad[i] = inputs[i] != null && inputs[i].requiresGrad();
        if (!any) return inputs;
        return new InputIdentity().applyAll(inputs);
    }

    Tensor wrapOutput(Tensor out) {
        if (out == null || !out.requiresGrad()) return out;
        return new OutputIdentity().apply(out);
    }

    private Tensor[] callHooks(Tensor[] gradInputs) {
        Tensor[] gin = gradInputs;
        for (Module.FullBackwardHook h : hooks) {
            Tensor[] r = h.apply(module, gin.clone(), gradOutputs.clone());
            if (r != null) {
                if (r.length != gin.length) {
                    throw new IllegalStateException("Backward hook returned an invalid number of grad_input, got " + r.length + ", but expected "
                            + gin.length);
                }
                gin = r;
            }
        }
        return gin;
    }

    private final class OutputIdentity extends Function.Unary {
        @Override
        protected String backwardName() { return "BackwardHookFunctionBackward"; }

        @Override
        protected Tensor forward(FunctionCtx ctx, Tensor x) { return x; }

        @Override
        protected Tensor backward(FunctionCtx ctx, Tensor grad) {
            Tensor[] g = {grad};
            for (Module.FullBackwardPreHook h : preHooks) {
                Tensor[] r = h.apply(module, g.clone());
                if (r != null) g = r;
            }
            gradOutputs = g;
            boolean anyInput = false;
            for (boolean b : inputNeedsGrad) anyInput |= b;
            // no input needs a gradient: the input side never runs, so the hooks run here with grad_input all None
            if (!anyInput) callHooks(new Tensor[inputNeedsGrad.length]);
            return g[0];
        }
    }

    private final class InputIdentity extends Function {
        @Override
        protected String backwardName() { return "BackwardHookFunctionBackward"; }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) { return in; }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            Tensor[] gin = new Tensor[grads.length];
            for (int i = 0; i < grads.length; i++) gin[i] = inputNeedsGrad[i] ? grads[i] : null;
            if (gradOutputs == null) gradOutputs = new Tensor[1];
            return callHooks(gin);
        }
    }
}
