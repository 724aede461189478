package dev.torch4j.ops;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.core.Shapes;
import dev.torch4j.core.TypePromotion;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The in-place form of an op that exists out of place ({@code addcmul_}, {@code lerp_}, {@code digamma_}, ...):
 * the out-of-place result, under PyTorch's rules for writing into self (the result's shape must be self's, its
 * dtype must cast to self's, self may not be expanded), copied into self.
 *
 * <p>Note [composite in-place]: while recording, the out-of-place op reads a clone of self, so that the tensors its
 * nodes save are not the self that the copy then overwrites (saving self would fail backward with PyTorch's "modified
 * by an inplace operation"); the copy itself ({@code copy_}) records {@code CopyBackwards}, which sends the
 * gradient to the result's graph and, through the clone, to self's previous history, and rebases a view's base
 * through {@code CopySlices}. Not recording, the op reads self directly and nothing is cloned.
 */
public final class InplaceForms {
    private InplaceForms() {}

    /**
     * {@code op}'s result written into {@code self}: {@code outOfPlace} gets self (a clone while recording) and
     * returns the out-of-place result; {@code others} are the op's other tensor inputs (for the recording test).
     */
    public static Tensor apply(String op, Tensor self, UnaryOperator<Tensor> outOfPlace, Tensor... others) {
        Graph.checkInferenceInplace(op, self);
        boolean recording = Graph.isRecording(self) || Graph.isRecording(others);
        if (recording) Graph.checkInplace(op, self);
        Elementwise.checkNoInternalOverlap(op, self);
        Tensor c = recording ? self.clone() : self;
        Tensor r = outOfPlace.apply(c);
        check(op, self, r);
        // an op whose node takes self as its first input becomes self's history itself (AddcmulBackward0, as in
        // PyTorch); any other composite goes through copy_ (CopyBackwards)
        if (recording && r.dtype() == self.dtype() && c.requiresGrad() && firstInputIs(r, c)) return Graph.commitInplace(self, r);
        if (recording) return self.copy_(r);
        try (var g = GradMode.noGrad()) {
            return self.copy_(r);
        }
    }

    private static boolean firstInputIs(Tensor r, Tensor input) {
        var fn = r.gradFn();
        if (fn == null) return false;
        var next = fn.nextEdges();
        var in = Graph.edgeOf(input);
        return next.length > 0 && next[0] != null && in != null && next[0].node() == in.node() && next[0].inputNr() == in.inputNr();
    }

    /** PyTorch's checks of an in-place result: self's shape, a dtype that casts to self's. */
    static void check(String op, Tensor self, Tensor r) {
        if (!Arrays.equals(r.shapeArray(), self.shapeArray())) {
            throw new IllegalArgumentException(op + ": output with shape " + Shapes.str(self.shapeArray())
                    + " doesn't match the broadcast shape " + Shapes.str(r.shapeArray()));
        }
        if (!TypePromotion.canCast(r.dtype(), self.dtype())) {
            throw new IllegalArgumentException(op + ": result type " + r.dtype().scalarTypeName()
                    + " can't be cast to the desired output type " + self.dtype().scalarTypeName());
        }
    }

    /**
     * {@code tensor.fill_diagonal_(value, wrap)}: the main diagonal (all indices equal) set to value; for a tall
     * matrix with {@code wrap}, the diagonal restarts every {@code cols + 1} rows, as NumPy's fill_diagonal.
     */
    public static Tensor fillDiagonal_(Tensor self, double value, boolean wrap) {
        int n = self.dim();
        if (n < 2) throw new IllegalArgumentException("dimensions must larger than 1");
        long[] sh = self.shapeArray(), st = self.stride();
        long height = sh[0], width = sh[1];
        if (n > 2) {
            for (int i = 1; i < n; i++) {
                if (sh[i] != height) throw new IllegalArgumentException("all dimensions of input must be of equal length");
            }
        }
        if (Graph.isRecording(self)) Graph.checkInplace("fill_diagonal_", self);
        long size = Math.min(height, width), stride = 0;
        for (long s : st) stride += s;
        if (size > 0) self.asStrided(new long[] {size}, new long[] {stride}, self.storageOffset()).fill_(value);
        if (wrap && n == 2 && height > width + 1) {
            long step = width + 1;
            long wrapSize = (self.numel() + step - 1) / step - size;
            if (wrapSize > 0) {
                self.asStrided(new long[] {wrapSize}, new long[] {stride}, self.storageOffset() + st[0] * (width + 1)).fill_(value);
            }
        }
        return self;
    }
}
