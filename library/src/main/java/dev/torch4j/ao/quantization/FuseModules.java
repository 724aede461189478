package dev.torch4j.ao.quantization;

import dev.torch4j.Tensor;
import dev.torch4j.ao.nn.intrinsic.BNReLU2d;
import dev.torch4j.ao.nn.intrinsic.BNReLU3d;
import dev.torch4j.ao.nn.intrinsic.ConvBn1d;
import dev.torch4j.ao.nn.intrinsic.ConvBn2d;
import dev.torch4j.ao.nn.intrinsic.ConvBn3d;
import dev.torch4j.ao.nn.intrinsic.ConvBnReLU1d;
import dev.torch4j.ao.nn.intrinsic.ConvBnReLU3d;
import dev.torch4j.ao.nn.intrinsic.ConvBnReLU2d;
import dev.torch4j.ao.nn.intrinsic.ConvReLU1d;
import dev.torch4j.ao.nn.intrinsic.ConvReLU2d;
import dev.torch4j.ao.nn.intrinsic.ConvReLU3d;
import dev.torch4j.ao.nn.intrinsic.LinearBn1d;
import dev.torch4j.ao.nn.intrinsic.LinearReLU;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.BatchNorm3d;
import dev.torch4j.nn.Conv1d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Conv3d;
import dev.torch4j.nn.ConvNd;
import dev.torch4j.nn.Identity;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Parameter;
import dev.torch4j.nn.ReLU;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.ao.quantization.fuse_modules(model, [["conv", "bn", "relu"], ...])}: each listed group of submodules
 * becomes one module in the first one's place, the others Identity. Known groups (eval mode), for 1-, 2- and 3-d
 * convolutions: conv+bn (the BatchNorm folded into the conv's weight and bias, as {@code fuse_conv_bn_eval}),
 * conv+bn+relu and conv+relu ({@link ConvReLU1d}, {@link ConvReLU2d}, {@link ConvReLU3d}); linear+relu
 * ({@link LinearReLU}); bn+relu ({@link BNReLU2d}, {@link BNReLU3d}). Fields holding fused modules
 * must admit them (declare them as {@link Module}).
 */
public final class FuseModules {
    private FuseModules() {}

    /** {@code fuse_modules(model, modules_to_fuse)}: a fused deep copy (the model is left as it is). */
    public static <M extends Module> M fuseModules(M model, List<List<String>> modulesToFuse) {
        return fuseModules(model, modulesToFuse, false);
    }

    /** {@code fuse_modules(model, modules_to_fuse, inplace)}. */
    public static <M extends Module> M fuseModules(M model, List<List<String>> modulesToFuse, boolean inplace) {
        M target = inplace ? model : model.deepCopy();
        for (List<String> names : modulesToFuse) {
            List<Module> mods = new ArrayList<>();
            for (String n : names) mods.add(target.getSubmodule(n));
            List<Module> fused = fuse(mods);
            for (int i = 0; i < names.size(); i++) target.setSubmodule(names.get(i), fused.get(i));
        }
        return target;
    }

    /**
     * {@code fuse_modules_qat(model, modules_to_fuse)}: as {@link #fuseModules}, but conv+bn(+relu) of every rank become
     * {@link ConvBn2d} / {@link ConvBnReLU2d} (and the 1-d and 3-d forms) and linear+bn1d {@link LinearBn1d}, kept apart for {@link QuantizeStatic#prepareQat} (which folds the statistics
     * while training); a fused deep copy.
     */
    public static <M extends Module> M fuseModulesQat(M model, List<List<String>> modulesToFuse) {
        M target = model.deepCopy();
        for (List<String> names : modulesToFuse) {
            List<Module> mods = new ArrayList<>();
            for (String n : names) mods.add(target.getSubmodule(n));
            List<Module> fused = fuse(mods, true);
            for (int i = 0; i < names.size(); i++) target.setSubmodule(names.get(i), fused.get(i));
        }
        return target;
    }

    /** {@code fuse_known_modules}: the fused module, then an Identity (in the first module's mode) for each other. */
    private static List<Module> fuse(List<Module> mods) { return fuse(mods, false); }

    private static List<Module> fuse(List<Module> mods, boolean qat) {
        Module f = qat ? qatFuser(mods) : fuser(mods);
        List<Module> out = new ArrayList<>(List.of(f));
        for (int i = 1; i < mods.size(); i++) out.add(new Identity().train(mods.getFirst().isTraining()));
        return out;
    }

    private static Module fuser(List<Module> m) {
        List<Class<?>> types = m.stream().<Class<?>>map(Object::getClass).toList();
        for (int d = 0; d < 3; d++) {
            Class<?> conv = CONVS.get(d), bn = NORMS.get(d);
            if (types.equals(List.of(conv, bn))) return fuseConvBnEval((ConvNd) m.get(0), (BatchNorm1d) m.get(1), m);
            if (types.equals(List.of(conv, bn, ReLU.class))) {
                checkSameMode(m);
                return convRelu(fuseConvBnEval((ConvNd) m.get(0), (BatchNorm1d) m.get(1), m), (ReLU) m.get(2));
            }
            if (types.equals(List.of(conv, ReLU.class))) return convRelu((ConvNd) m.get(0), (ReLU) m.get(1));
        }
        if (types.equals(List.of(Linear.class, ReLU.class))) return new LinearReLU((Linear) m.get(0), (ReLU) m.get(1));
        if (types.equals(List.of(Linear.class, BatchNorm1d.class))) return fuseLinearBnEval((Linear) m.get(0), (BatchNorm1d) m.get(1));
        // 1.13 wraps bn+relu whatever their modes (its _sequential_wrapper2)
        if (types.equals(List.of(BatchNorm2d.class, ReLU.class))) return new BNReLU2d((BatchNorm2d) m.get(0), (ReLU) m.get(1));
        if (types.equals(List.of(BatchNorm3d.class, ReLU.class))) return new BNReLU3d((BatchNorm3d) m.get(0), (ReLU) m.get(1));
        throw new UnsupportedOperationException("Cannot fuse modules: "
                + m.stream().map(x -> "<class '" + x.getClass().getName() + "'>").toList().toString().replace("[", "(").replace("]", ")"));
    }

    /** {@code is_qat=True}: conv+bn(+relu) of every rank and linear+bn1d stay apart for QAT; the rest fuse as in eval. */
    private static Module qatFuser(List<Module> m) {
        List<Class<?>> types = m.stream().<Class<?>>map(Object::getClass).toList();
        if (types.equals(List.of(Linear.class, BatchNorm1d.class))) {
            Linear l = (Linear) m.get(0);
            BatchNorm1d b = (BatchNorm1d) m.get(1);
            if (l.isTraining() != b.isTraining()) throw new IllegalArgumentException("Linear and BN both must be in the same mode (train or eval).");
            if (b.numFeatures != l.outFeatures) throw new IllegalArgumentException("Output features of Linear must match num_features of BatchNorm1d");
            if (!b.affine) throw new IllegalArgumentException("Only support fusing BatchNorm1d with affine set to True");
            if (!b.trackRunningStats) throw new IllegalArgumentException("Only support fusing BatchNorm1d with tracking_running_stats set to True");
            return new LinearBn1d(l, b);
        }
        for (int d = 0; d < 3; d++) {
            Class<?> conv = CONVS.get(d), norm = NORMS.get(d);
            boolean bn = types.equals(List.of(conv, norm)), bnRelu = types.equals(List.of(conv, norm, ReLU.class));
            if (!bn && !bnRelu) continue;
            if (m.get(0).isTraining() != m.get(1).isTraining()) {
                throw new IllegalArgumentException("Conv and BN both must be in the same mode (train or eval).");
            }
            ConvNd c = (ConvNd) m.get(0);
            BatchNorm1d b = (BatchNorm1d) m.get(1);
            String cn = c.getClass().getSimpleName(), nn = b.getClass().getSimpleName();
            if (b.numFeatures != c.outChannels) throw new IllegalArgumentException("Output channel of " + cn + " must match num_features of " + nn);
            if (!b.affine) throw new IllegalArgumentException("Only support fusing " + nn + " with affine set to True");
            if (!b.trackRunningStats) throw new IllegalArgumentException("Only support fusing " + nn + " with tracking_running_stats set to True");
            ReLU r = bnRelu ? (ReLU) m.get(2) : null;
            return switch (c) {
                case Conv1d c1 -> bn ? new ConvBn1d(c1, b) : new ConvBnReLU1d(c1, b, r);
                case Conv2d c2 -> bn ? new ConvBn2d(c2, (BatchNorm2d) b) : new ConvBnReLU2d(c2, (BatchNorm2d) b, r);
                default -> bn ? new ConvBn3d((Conv3d) c, (BatchNorm3d) b) : new ConvBnReLU3d((Conv3d) c, (BatchNorm3d) b, r);
            };
        }
        return fuser(m);
    }

    private static final List<Class<?>> CONVS = List.of(Conv1d.class, Conv2d.class, Conv3d.class);
    private static final List<Class<?>> NORMS = List.of(BatchNorm1d.class, BatchNorm2d.class, BatchNorm3d.class);

    private static Module convRelu(ConvNd conv, ReLU relu) {
        return switch (conv) {
            case Conv1d c -> new ConvReLU1d(c, relu);
            case Conv2d c -> new ConvReLU2d(c, relu);
            case Conv3d c -> new ConvReLU3d(c, relu);
            default -> throw new IllegalArgumentException("no fused ReLU form for " + conv.className());
        };
    }

    private static void checkSameMode(List<Module> m) {
        if (m.stream().map(Module::isTraining).distinct().count() > 1) {
            throw new IllegalArgumentException("Conv and BN both must be in the same mode (train or eval).");
        }
    }

    /**
     * {@code fuse_linear_bn_eval(linear, bn)}: a copy of the Linear with the BatchNorm's statistics and affine map
     * folded in, in PyTorch's order ({@code s = bn_w * rsqrt(rv + eps)}, {@code w * s}, {@code (b - rm) * s + bn_b}).
     */
    private static Linear fuseLinearBnEval(Linear linear, BatchNorm1d bn) {
        if (linear.isTraining() != bn.isTraining()) {
            throw new IllegalArgumentException("Linear and BN both must be in the same mode (train or eval).");
        }
        if (linear.isTraining()) throw new UnsupportedOperationException("fuse_modules: linear+bn in training mode: Fusion only for eval!");
        Linear fused = linear.deepCopy();
        try (var g = dev.torch4j.Torch.noGrad()) {
            Tensor rm = bn.runningMean(), b = linear.bias == null ? dev.torch4j.Torch.zerosLike(rm) : linear.bias.detach();
            Tensor scale = bn.weight.detach().mul(bn.runningVar().add(bn.eps).rsqrt());
            fused.weight = Parameter.of(linear.weight.detach().mul(scale.unsqueeze(-1)));
            fused.bias = Parameter.of(b.sub(rm).mul(scale).add(bn.bias.detach()));
        }
        return fused;
    }

    /** {@code fuse_conv_bn_eval(conv, bn)}: a copy of the conv with the BatchNorm's affine map folded in. */
    private static ConvNd fuseConvBnEval(ConvNd conv, BatchNorm1d bn, List<Module> all) {
        checkSameMode(all);
        if (conv.isTraining()) {
            throw new UnsupportedOperationException("fuse_modules: conv+bn in training mode (QAT's ConvBn2d) is not supported; call eval() "
                    + "first (Fusion only for eval!)");
        }
        if (bn.numFeatures != conv.outChannels) {
            throw new IllegalArgumentException("Output channel of Conv must match num_features of BatchNorm");
        }
        if (!bn.affine) throw new IllegalArgumentException("Only support fusing BatchNorm with affine set to True");
        if (!bn.trackRunningStats) {
            throw new IllegalArgumentException("Only support fusing BatchNorm with tracking_running_stats set to True");
        }
        ConvNd fused = conv.deepCopy();
        try (var g = dev.torch4j.Torch.noGrad()) {
            Tensor rm = bn.runningMean(), rv = bn.runningVar();
            Tensor b = conv.bias == null ? dev.torch4j.Torch.zerosLike(rm) : conv.bias.detach();
            Tensor rsqrt = rv.add(bn.eps).rsqrt();
            long[] perChannel = new long[conv.weight.dim()];
            java.util.Arrays.fill(perChannel, 1);
            perChannel[0] = -1;
            Tensor w = conv.weight.detach().mul(bn.weight.detach().mul(rsqrt).reshape(perChannel));
            Tensor nb = b.sub(rm).mul(rsqrt).mul(bn.weight.detach()).add(bn.bias.detach());
            fused.weight = Parameter.of(w);
            fused.bias = Parameter.of(nb);
        }
        return fused;
    }
}
