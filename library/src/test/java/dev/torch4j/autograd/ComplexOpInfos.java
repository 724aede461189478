package dev.torch4j.autograd;

import static dev.torch4j.autograd.OpInfo.r;
import static dev.torch4j.autograd.OpInfos.op;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

/**
 * The complex ops in the op table: each sample is real, made complex inside the function and returned as its real
 * view (or a real result), so gradcheck sees a real function whose derivative PyTorch's complex convention fixes:
 * the gradient of a real loss at {@code z} is {@code dL/dRe + i dL/dIm}, which is the real view's gradient.
 */
final class ComplexOpInfos {
    private ComplexOpInfos() {}

    private static Tensor z(Tensor re, Tensor im) { return Torch.complex(re, im); }

    static void complexOps(List<OpInfo> t) {
        op(t, "complex", "static", x -> z(x[0], x[1]).viewAsReal()).sample(r(3), r(3)).sample(r(2, 3), r(3));
        op(t, "viewAsReal", "", x -> z(x[0], x[1]).mul(z(x[1], x[0])).viewAsReal()).sample(r(2, 3), r(2, 3));
        op(t, "viewAsReal", "static", x -> Torch.viewAsReal(z(x[0], x[1]).exp())).sample(r(4), r(4));
        op(t, "viewAsComplex", "static", x -> Torch.viewAsComplex(x[0].contiguous()).mul(Torch.viewAsComplex(x[1].contiguous())).viewAsReal())
                .sample(r(3, 2), r(3, 2));
        op(t, "real", "", x -> z(x[0], x[1]).mul(z(x[1], x[0])).real()).sample(r(3), r(3));
        op(t, "real", "static", x -> Torch.real(z(x[0], x[1]).exp())).sample(r(3), r(3));
        op(t, "imag", "", x -> z(x[0], x[1]).mul(z(x[1], x[0])).imag()).sample(r(3), r(3));
        op(t, "imag", "static", x -> Torch.imag(z(x[0], x[1]).exp())).sample(r(3), r(3));
        op(t, "polar", "static", x -> Torch.polar(x[0], x[1]).viewAsReal()).sample(r(3), r(3));
        op(t, "conj", "", x -> z(x[0], x[1]).conj().mul(z(x[1], x[0])).viewAsReal()).sample(r(3), r(3));
        op(t, "conj", "static", x -> Torch.conj(z(x[0], x[1])).viewAsReal()).sample(r(3), r(3));
        op(t, "conjPhysical", "", x -> z(x[0], x[1]).conjPhysical().exp().viewAsReal()).sample(r(3), r(3));
        op(t, "conjPhysical", "static", x -> Torch.conjPhysical(z(x[0], x[1])).viewAsReal()).sample(r(3), r(3));
        op(t, "resolveConj", "", x -> z(x[0], x[1]).resolveConj().viewAsReal()).sample(r(3), r(3));
        op(t, "angle", "complex", x -> z(x[0], x[1]).angle()).sample(r(3), r(3));
        op(t, "angle", "static", x -> Torch.angle(z(x[0], x[1]).exp())).sample(r(3), r(3));
    }
}
