package dev.torch4j.vision.transforms;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@code torchvision.transforms.Compose(transforms)}: applies the transforms in order.
 *
 * <pre>{@code
 * var transform = new Compose(Transforms.toTensor(), Transforms.normalize(new double[] {0.1307}, new double[] {0.3081}));
 * }</pre>
 */
public final class Compose implements Transform {
    private final List<UnaryOperator<Tensor>> transforms;

    /** {@code Compose([t1, t2, ...])}. */
    @SafeVarargs
    public Compose(UnaryOperator<Tensor>... transforms) {
        List<UnaryOperator<Tensor>> list = new ArrayList<>(transforms.length);
        for (UnaryOperator<Tensor> t : transforms) list.add(t); // reads the array only, so the varargs are safe
        this.transforms = checked(list);
    }

    /** {@code Compose(transforms)}. */
    public Compose(List<? extends UnaryOperator<Tensor>> transforms) { this.transforms = checked(transforms); }

    private static List<UnaryOperator<Tensor>> checked(List<? extends UnaryOperator<Tensor>> transforms) {
        for (UnaryOperator<Tensor> t : transforms) Objects.requireNonNull(t, "Compose: a transform is null");
        return List.copyOf(transforms);
    }

    /** The transforms, in the order they run. */
    public List<UnaryOperator<Tensor>> transforms() { return transforms; }

    @Override
    public Tensor apply(Tensor img) {
        for (UnaryOperator<Tensor> t : transforms) img = t.apply(img);
        return img;
    }

    /** torchvision's repr: {@code Compose(} then one line per transform, indented by four spaces, then {@code )}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Compose(");
        for (UnaryOperator<Tensor> t : transforms) sb.append("\n    ").append(t);
        return sb.append("\n)").toString();
    }
}
