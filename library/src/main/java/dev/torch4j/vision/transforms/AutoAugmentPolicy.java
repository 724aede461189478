package dev.torch4j.vision.transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torchvision.transforms.AutoAugmentPolicy}: the sub-policies AutoAugment learned on ImageNet, CIFAR10 and
 * SVHN, each two (operation, probability, magnitude bin) steps, in torchvision 0.14's order (the order matters: a
 * policy is picked by {@code torch.randint} over its index).
 */
public enum AutoAugmentPolicy {
    /** {@code AutoAugmentPolicy.IMAGENET}. */
    IMAGENET("imagenet", """
            Posterize 0.4 8, Rotate 0.6 9;  Solarize 0.6 5, AutoContrast 0.6 -;  Equalize 0.8 -, Equalize 0.6 -
            Posterize 0.6 7, Posterize 0.6 6;  Equalize 0.4 -, Solarize 0.2 4;  Equalize 0.4 -, Rotate 0.8 8
            Solarize 0.6 3, Equalize 0.6 -;  Posterize 0.8 5, Equalize 1.0 -;  Rotate 0.2 3, Solarize 0.6 8
            Equalize 0.6 -, Posterize 0.4 6;  Rotate 0.8 8, Color 0.4 0;  Rotate 0.4 9, Equalize 0.6 -
            Equalize 0.0 -, Equalize 0.8 -;  Invert 0.6 -, Equalize 1.0 -;  Color 0.6 4, Contrast 1.0 8
            Rotate 0.8 8, Color 1.0 2;  Color 0.8 8, Solarize 0.8 7;  Sharpness 0.4 7, Invert 0.6 -
            ShearX 0.6 5, Equalize 1.0 -;  Color 0.4 0, Equalize 0.6 -;  Equalize 0.4 -, Solarize 0.2 4
            Solarize 0.6 5, AutoContrast 0.6 -;  Invert 0.6 -, Equalize 1.0 -;  Color 0.6 4, Contrast 1.0 8
            Equalize 0.8 -, Equalize 0.6 -"""),
    /** {@code AutoAugmentPolicy.CIFAR10}. */
    CIFAR10("cifar10", """
            Invert 0.1 -, Contrast 0.2 6;  Rotate 0.7 2, TranslateX 0.3 9;  Sharpness 0.8 1, Sharpness 0.9 3
            ShearY 0.5 8, TranslateY 0.7 9;  AutoContrast 0.5 -, Equalize 0.9 -;  ShearY 0.2 7, Posterize 0.3 7
            Color 0.4 3, Brightness 0.6 7;  Sharpness 0.3 9, Brightness 0.7 9;  Equalize 0.6 -, Equalize 0.5 -
            Contrast 0.6 7, Sharpness 0.6 5;  Color 0.7 7, TranslateX 0.5 8;  Equalize 0.3 -, AutoContrast 0.4 -
            TranslateY 0.4 3, Sharpness 0.2 6;  Brightness 0.9 6, Color 0.2 8;  Solarize 0.5 2, Invert 0.0 -
            Equalize 0.2 -, AutoContrast 0.6 -;  Equalize 0.2 -, Equalize 0.6 -;  Color 0.9 9, Equalize 0.6 -
            AutoContrast 0.8 -, Solarize 0.2 8;  Brightness 0.1 3, Color 0.7 0;  Solarize 0.4 5, AutoContrast 0.9 -
            TranslateY 0.9 9, TranslateY 0.7 9;  AutoContrast 0.9 -, Solarize 0.8 3;  Equalize 0.8 -, Invert 0.1 -
            TranslateY 0.7 9, AutoContrast 0.9 -"""),
    /** {@code AutoAugmentPolicy.SVHN}. */
    SVHN("svhn", """
            ShearX 0.9 4, Invert 0.2 -;  ShearY 0.9 8, Invert 0.7 -;  Equalize 0.6 -, Solarize 0.6 6
            Invert 0.9 -, Equalize 0.6 -;  Equalize 0.6 -, Rotate 0.9 3;  ShearX 0.9 4, AutoContrast 0.8 -
            ShearY 0.9 8, Invert 0.4 -;  ShearY 0.9 5, Solarize 0.2 6;  Invert 0.9 -, AutoContrast 0.8 -
            Equalize 0.6 -, Rotate 0.9 3;  ShearX 0.9 4, Solarize 0.3 3;  ShearY 0.8 8, Invert 0.7 -
            Equalize 0.9 -, TranslateY 0.6 6;  Invert 0.9 -, Equalize 0.6 -;  Contrast 0.3 3, Rotate 0.8 4
            Invert 0.8 -, TranslateY 0.0 2;  ShearY 0.7 6, Solarize 0.4 8;  Invert 0.6 -, Rotate 0.8 4
            ShearY 0.3 7, TranslateX 0.9 3;  ShearX 0.1 6, Invert 0.6 -;  Solarize 0.7 2, TranslateY 0.6 7
            ShearY 0.8 4, Invert 0.8 -;  ShearX 0.7 9, TranslateY 0.8 3;  ShearY 0.8 5, AutoContrast 0.7 -
            ShearX 0.7 2, Invert 0.1 -""");

    /**
     * One step of a sub-policy: apply {@code op} (torchvision's name) when {@code torch.rand} draws at most
     * {@code p}, at magnitude bin {@code magnitudeId} (-1 for the operations without a magnitude).
     */
    public record Step(String op, double p, int magnitudeId) {}

    private final String value;
    private final List<Step[]> policies;

    AutoAugmentPolicy(String value, String table) {
        this.value = value;
        // the table as torchvision writes it: sub-policies split by ';' and lines, steps by ',', '-' for None
        List<Step[]> list = new ArrayList<>();
        for (String sub : table.split("[;\n]")) {
            String[] steps = sub.strip().split(",");
            Step[] pair = new Step[steps.length];
            for (int i = 0; i < steps.length; i++) {
                String[] f = steps[i].strip().split(" ");
                pair[i] = new Step(f[0], Double.parseDouble(f[1]), f[2].equals("-") ? -1 : Integer.parseInt(f[2]));
            }
            list.add(pair);
        }
        this.policies = List.copyOf(list);
    }

    /** torchvision's string value ({@code "imagenet"}). */
    public String value() { return value; }

    /** The 25 sub-policies, each a pair of steps, in torchvision's order (the arrays are copies). */
    public List<Step[]> policies() { return policies.stream().map(Step[]::clone).toList(); }

    /** The sub-policy at {@code index}, shared (read only). */
    Step[] policy(int index) { return policies.get(index); }

    /** The number of sub-policies (25). */
    int size() { return policies.size(); }

    /** As Python prints the enum member: {@code AutoAugmentPolicy.IMAGENET}. */
    @Override
    public String toString() { return "AutoAugmentPolicy." + name(); }
}
