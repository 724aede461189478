package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code module.parametrizations[name]}: the chain of parametrizations of one tensor and its unconstrained
 * {@code original} (or {@code original0}, {@code original1}, ... when the first parametrization's right inverse
 * returns several tensors). Its state-dict keys are PyTorch's ({@code parametrizations.weight.original},
 * {@code parametrizations.weight.0._u}, ...). Built by {@link Parametrize#registerParametrization}.
 */
public final class ParametrizationList extends Module {
    private final List<Module> chain = new ArrayList<>();
    private final boolean isTensor;
    private final int ntensors;
    boolean unsafe;
    /** The value the consistency check computed at registration (spectral norm's power iteration ran for it once). */
    Tensor checked;

    ParametrizationList(Module first, Tensor original, boolean unsafe) {
        this.unsafe = unsafe;
        add(first);
        Object inverse;
        try (var g = GradMode.noGrad()) {
            inverse = rightInverseOf(first, original, false);
        }
        if (inverse instanceof Tensor t) {
            isTensor = true;
            ntensors = 1;
            if (t.dtype() != original.dtype()) {
                throw new IllegalArgumentException("When `right_inverse` outputs one tensor, it may not change the dtype.\noriginal.dtype: "
                        + original.dtype() + "\nright_inverse(original).dtype: " + t.dtype());
            }
            // the original keeps its identity (an optimizer may hold it), as PyTorch's set_ does
            if (t != original) {
                try (var g = GradMode.noGrad()) {
                    original.copy_(t);
                }
            }
            registerParameter("original", original);
        } else {
            Tensor[] parts = (Tensor[]) inverse;
            isTensor = false;
            ntensors = parts.length;
            for (int i = 0; i < parts.length; i++) {
                registerParameter("original" + i, Parameter.of(parts[i].detach().clone(), original.requiresGrad()));
            }
        }
        if (!unsafe) {
            Tensor z = compute();
            checked = z;
            if (z.dtype() != original.dtype()) {
                throw new IllegalArgumentException("Registering a parametrization may not change the dtype of the tensor, unless `unsafe` flag "
                        + "is enabled.\nunparametrized dtype: " + original.dtype() + "\nparametrized dtype: " + z.dtype());
            }
            if (!java.util.Arrays.equals(z.shapeArray(), original.shapeArray())) {
                throw new IllegalArgumentException("Registering a parametrization may not change the shape of the tensor, unless `unsafe` flag "
                        + "is enabled.\nunparametrized shape: " + original.shape() + "\nparametrized shape: " + z.shape());
            }
        }
    }

    void add(Module parametrization) {
        registerModule(String.valueOf(chain.size()), parametrization);
        chain.add(parametrization);
    }

    /** The parametrizations, first applied first. */
    public List<Module> parametrizations() { return List.copyOf(chain); }

    /** {@code original} (single-tensor parametrizations). */
    public Tensor original() {
        if (!isTensor) throw new IllegalStateException("this parametrization has " + ntensors + " originals (original0, original1, ...)");
        return parameter("original");
    }

    /** {@code original<i>} (parametrizations whose right inverse returns several tensors). */
    public Tensor original(int i) { return isTensor ? original() : parameter("original" + i); }

    boolean isTensor() { return isTensor; }

    /** {@code forward()}: the parametrized tensor, computed from the originals through the chain. */
    public Tensor compute() {
        Tensor x;
        if (isTensor) {
            x = chain.getFirst().call(parameter("original"));
        } else {
            Tensor[] in = new Tensor[ntensors];
            for (int i = 0; i < ntensors; i++) in[i] = parameter("original" + i);
            x = chain.getFirst().call(in);
        }
        for (int i = 1; i < chain.size(); i++) x = chain.get(i).call(x);
        return x;
    }

    /**
     * {@code right_inverse(value)}: sets the originals so that the chain gives {@code value} (what assigning
     * {@code module.weight = value} does in PyTorch); every parametrization must have a right inverse.
     */
    public void rightInverse(Tensor value) {
        Object v = value;
        try (var g = GradMode.noGrad()) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                if (!(v instanceof Tensor t)) throw new IllegalArgumentException("'right_inverse' must return a tensor. Got a sequence.");
                v = rightInverseOf(chain.get(i), t, true);
            }
            if (isTensor) {
                if (!(v instanceof Tensor t)) throw new IllegalArgumentException("`right_inverse` should return a tensor. Got a sequence");
                parameter("original").copy_(t);
            } else {
                if (!(v instanceof Tensor[] parts)) throw new IllegalArgumentException("'right_inverse' must return a sequence of tensors. Got Tensor.");
                if (parts.length != ntensors) {
                    throw new IllegalArgumentException("'right_inverse' must return a sequence of tensors of length " + ntensors
                            + ". Got a sequence of length " + parts.length + ".");
                }
                for (int i = 0; i < ntensors; i++) parameter("original" + i).copy_(parts[i]);
            }
        }
    }

    /** A parametrization's right inverse: the identity when it has none (or, when {@code required}, an error). */
    private static Object rightInverseOf(Module m, Tensor value, boolean required) {
        if (m instanceof Parametrize.RightInverse r) return r.rightInverse(value);
        if (m instanceof Parametrize.MultiRightInverse r) return r.rightInverse(value);
        if (required) throw new IllegalStateException("parametrization " + m.className() + " does not implement right_inverse.");
        return value;
    }

    @Override
    public Tensor forward(Tensor... inputs) { return compute(); }
}
