package dev.torch4j.vision.models;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.AvgPool2d;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ModuleDict;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code torchvision.models.DenseNet} (DenseNet-BC): {@link #densenet121()}, {@link #densenet161()},
 * {@link #densenet169()} and {@link #densenet201()} without pretrained weights. Each layer of a dense block sees the
 * concatenation of all earlier outputs of its block. Module names are torchvision's
 * ({@code features.denseblock1.denselayer1.norm1.weight}, {@code features.transition1.conv.weight}, ...), as is the
 * initialisation, so after {@code manualSeed} the weights equal torchvision's and state dicts saved from a
 * torchvision model load; torchvision's downloadable checkpoints use older names ({@code norm.1}, {@code conv.2}),
 * which {@link #upgradeStateDict} renames as torchvision does before loading:
 *
 * <pre>{@code
 * DenseNet model = DenseNet.densenet121();
 * model.loadStateDict(DenseNet.upgradeStateDict((Map<String, Tensor>) Torch.load(Path.of("densenet121-a639ec97.pth"))));
 * }</pre>
 *
 * {@code memory_efficient} checkpointing is not offered: it saves memory only, the results are the same.
 */
public class DenseNet extends Module {
    /** The stem ({@code conv0, norm0, relu0, pool0}), the dense blocks with transitions between, and {@code norm5}. */
    public final Sequential features;
    /** The linear classifier; replace it to fine-tune for other classes. */
    public Module classifier;

    /** {@code densenet121()}: growth rate 32, blocks (6, 12, 24, 16), 64 initial features, 1000 classes. */
    public static DenseNet densenet121() { return densenet121(1000); }

    /** {@code densenet121(num_classes=n)}. */
    public static DenseNet densenet121(long numClasses) { return new DenseNet(32, new int[] {6, 12, 24, 16}, 64, 4, 0, numClasses); }

    /**
     * {@code densenet121(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static DenseNet densenet121(DenseNet121Weights weights) {
        return weights == null ? densenet121() : Weights.load(densenet121(weights.numClasses()), weights, DenseNet::upgradeStateDict);
    }

    /** {@code densenet161()}: growth rate 48, blocks (6, 12, 36, 24), 96 initial features, 1000 classes. */
    public static DenseNet densenet161() { return densenet161(1000); }

    /** {@code densenet161(num_classes=n)}. */
    public static DenseNet densenet161(long numClasses) { return new DenseNet(48, new int[] {6, 12, 36, 24}, 96, 4, 0, numClasses); }

    /**
     * {@code densenet161(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static DenseNet densenet161(DenseNet161Weights weights) {
        return weights == null ? densenet161() : Weights.load(densenet161(weights.numClasses()), weights, DenseNet::upgradeStateDict);
    }

    /** {@code densenet169()}: growth rate 32, blocks (6, 12, 32, 32), 64 initial features, 1000 classes. */
    public static DenseNet densenet169() { return densenet169(1000); }

    /** {@code densenet169(num_classes=n)}. */
    public static DenseNet densenet169(long numClasses) { return new DenseNet(32, new int[] {6, 12, 32, 32}, 64, 4, 0, numClasses); }

    /**
     * {@code densenet169(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static DenseNet densenet169(DenseNet169Weights weights) {
        return weights == null ? densenet169() : Weights.load(densenet169(weights.numClasses()), weights, DenseNet::upgradeStateDict);
    }

    /** {@code densenet201()}: growth rate 32, blocks (6, 12, 48, 32), 64 initial features, 1000 classes. */
    public static DenseNet densenet201() { return densenet201(1000); }

    /** {@code densenet201(num_classes=n)}. */
    public static DenseNet densenet201(long numClasses) { return new DenseNet(32, new int[] {6, 12, 48, 32}, 64, 4, 0, numClasses); }

    /**
     * {@code densenet201(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static DenseNet densenet201(DenseNet201Weights weights) {
        return weights == null ? densenet201() : Weights.load(densenet201(weights.numClasses()), weights, DenseNet::upgradeStateDict);
    }

    /**
     * {@code DenseNet(growth_rate, block_config, num_init_features, bn_size, drop_rate, num_classes)}: each dense
     * layer adds {@code growthRate} channels through a {@code bnSize * growthRate}-channel bottleneck, each
     * transition halves the channels and the resolution; {@code dropRate} is the dropout after each dense layer.
     */
    public DenseNet(long growthRate, int[] blockConfig, long numInitFeatures, long bnSize, double dropRate, long numClasses) {
        Map<String, Module> f = new LinkedHashMap<>();
        f.put("conv0", new Conv2d(3, numInitFeatures, 7, Conv2d.options().stride(2).padding(3).bias(false)));
        f.put("norm0", new BatchNorm2d(numInitFeatures));
        f.put("relu0", new ReLU(true));
        f.put("pool0", new MaxPool2d(new long[] {3}, new long[] {2}, new long[] {1}, new long[] {1}, false, false));
        long numFeatures = numInitFeatures;
        for (int i = 0; i < blockConfig.length; i++) {
            f.put("denseblock" + (i + 1), new DenseBlock(blockConfig[i], numFeatures, bnSize, growthRate, dropRate));
            numFeatures += blockConfig[i] * growthRate;
            if (i != blockConfig.length - 1) {
                f.put("transition" + (i + 1), new Transition(numFeatures, numFeatures / 2));
                numFeatures /= 2;
            }
        }
        f.put("norm5", new BatchNorm2d(numFeatures));
        this.features = new Sequential(f);
        this.classifier = new Linear(numFeatures, numClasses);
        // "official init from torch repo": He-normal (fan_in) convolutions; the linear keeps its default weight
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight, 0);
            } else if (m instanceof BatchNorm2d b) {
                Init.constant_(b.weight, 1);
                Init.constant_(b.bias, 0);
            } else if (m instanceof Linear l) {
                Init.constant_(l.bias, 0);
            }
        }
    }

    /**
     * The state dict with the old dense-layer names ({@code denselayer1.norm.1.weight}, {@code conv.2}, ...) of
     * torchvision's downloadable checkpoints renamed to the current ones ({@code denselayer1.norm1.weight}), as
     * torchvision's {@code _load_state_dict} does. Those checkpoints also predate batch norm's
     * {@code num_batches_tracked}: where a {@code running_var} has none beside it, a 0 is added after it, as PyTorch's
     * batch norm does when it loads an old state dict. Other keys and the order are kept.
     */
    public static Map<String, Tensor> upgradeStateDict(Map<String, Tensor> stateDict) {
        Map<String, Tensor> renamed = new LinkedHashMap<>();
        for (var e : stateDict.entrySet()) renamed.put(LEGACY_KEY.matcher(e.getKey()).replaceFirst("$1$2"), e.getValue());
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : renamed.entrySet()) {
            out.put(e.getKey(), e.getValue());
            if (e.getKey().endsWith(".running_var")) {
                String counter = e.getKey().substring(0, e.getKey().length() - "running_var".length()) + "num_batches_tracked";
                if (!renamed.containsKey(counter)) out.put(counter, Torch.zeros(Torch.shape(), Torch.dtype(DType.INT64)));
            }
        }
        return out;
    }

    private static final Pattern LEGACY_KEY =
            Pattern.compile("^(.*denselayer\\d+\\.(?:norm|relu|conv))\\.((?:[12])\\.(?:weight|bias|running_mean|running_var))$");

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = features.call(x).relu_();
        out = Functional.adaptiveAvgPool2d(out, 1, 1).flatten(1);
        return classifier.call(out);
    }

    /** torchvision's {@code _DenseLayer}: batch norm, ReLU, 1x1 bottleneck, batch norm, ReLU, 3x3 to the growth rate. */
    public static final class DenseLayer extends Module {
        /** Batch norm of the concatenated inputs. */
        public final BatchNorm2d norm1;
        /** ReLU after {@link #norm1}. */
        public final ReLU relu1 = new ReLU(true);
        /** The 1x1 bottleneck to {@code bn_size * growth_rate} channels. */
        public final Conv2d conv1;
        /** Batch norm of the bottleneck. */
        public final BatchNorm2d norm2;
        /** ReLU after {@link #norm2}. */
        public final ReLU relu2 = new ReLU(true);
        /** The 3x3 convolution to {@code growth_rate} channels. */
        public final Conv2d conv2;
        /** The dropout probability on the new features (training only). */
        public final double dropRate;

        DenseLayer(long numInputFeatures, long growthRate, long bnSize, double dropRate) {
            this.norm1 = new BatchNorm2d(numInputFeatures);
            this.conv1 = new Conv2d(numInputFeatures, bnSize * growthRate, 1, Conv2d.options().bias(false));
            this.norm2 = new BatchNorm2d(bnSize * growthRate);
            this.conv2 = new Conv2d(bnSize * growthRate, growthRate, 3, Conv2d.options().padding(1).bias(false));
            this.dropRate = dropRate;
        }

        /** The new features from the concatenation of all earlier ones (one tensor: a list of one). */
        @Override
        public Tensor forward(Tensor input) { return forward(List.of(input)); }

        /** The new features from the channel concatenation of {@code prevFeatures}. */
        public Tensor forward(List<Tensor> prevFeatures) {
            Tensor bottleneck = conv1.call(relu1.call(norm1.call(Torch.cat(prevFeatures, 1))));
            Tensor out = conv2.call(relu2.call(norm2.call(bottleneck)));
            return dropRate > 0 ? Functional.dropout(out, dropRate, isTraining(), false) : out;
        }

        @Override
        public String className() { return "_DenseLayer"; }
    }

    /** torchvision's {@code _DenseBlock}: dense layers {@code denselayer1..n}; the output concatenates all features. */
    public static final class DenseBlock extends ModuleDict {
        DenseBlock(int numLayers, long numInputFeatures, long bnSize, long growthRate, double dropRate) {
            for (int i = 0; i < numLayers; i++) {
                put("denselayer" + (i + 1), new DenseLayer(numInputFeatures + i * growthRate, growthRate, bnSize, dropRate));
            }
        }

        @Override
        public Tensor forward(Tensor initFeatures) {
            List<Tensor> features = new ArrayList<>();
            features.add(initFeatures);
            for (Module layer : items().values()) features.add(((DenseLayer) layer).forward(features));
            return Torch.cat(features, 1);
        }

        @Override
        public String className() { return "_DenseBlock"; }

        /** {@inheritDoc} torchvision's {@code _DenseBlock} is at version 2. */
        @Override
        protected int stateDictVersion() { return 2; }
    }

    /** torchvision's {@code _Transition}: batch norm, ReLU, a 1x1 convolution and a 2x2 average pool. */
    public static final class Transition extends Sequential {
        Transition(long numInputFeatures, long numOutputFeatures) { super(layers(numInputFeatures, numOutputFeatures)); }

        private static Map<String, Module> layers(long in, long out) {
            Map<String, Module> m = new LinkedHashMap<>();
            m.put("norm", new BatchNorm2d(in));
            m.put("relu", new ReLU(true));
            m.put("conv", new Conv2d(in, out, 1, Conv2d.options().bias(false)));
            m.put("pool", new AvgPool2d(2, 2));
            return m;
        }

        @Override
        public String className() { return "_Transition"; }
    }
}
