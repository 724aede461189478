package dev.torch4j.ao.quantization;

import dev.torch4j.QScheme;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The observers and FakeQuantize against PyTorch (goldens/fake_quantize.json): min_val/max_val, scale and zero point
 * (values and dtypes, bit for bit) after each of three inputs, reprs, state-dict keys, messages.
 */
class ObserverTest {
    private static final List<JsonObject> CASES = Golden.cases("fake_quantize");

    private static List<JsonObject> kind(String k) {
        return CASES.stream().filter(c -> c.get("kind").getAsString().equals(k)).toList();
    }

    private static final Map<String, Function<ObserverOptions, UniformQuantizationObserverBase>> CLASSES = Map.of(
            "MinMaxObserver", MinMaxObserver::new,
            "MovingAverageMinMaxObserver", MovingAverageMinMaxObserver::new,
            "PerChannelMinMaxObserver", PerChannelMinMaxObserver::new,
            "MovingAveragePerChannelMinMaxObserver", MovingAveragePerChannelMinMaxObserver::new);

    /** The Python keyword arguments as options. */
    static ObserverOptions options(JsonObject kw) {
        ObserverOptions o = ObserverOptions.defaults();
        if (kw.has("dtype")) o = o.dtype(QuantizedDType.valueOf(kw.get("dtype").getAsString().toUpperCase()));
        if (kw.has("qscheme")) o = o.qscheme(QScheme.valueOf(kw.get("qscheme").getAsString().toUpperCase()));
        if (kw.has("reduce_range")) o = o.reduceRange(kw.get("reduce_range").getAsBoolean());
        if (kw.has("quant_min")) o = o.quantRange(kw.get("quant_min").getAsLong(), kw.get("quant_max").getAsLong());
        if (kw.has("eps")) o = o.eps(kw.get("eps").getAsDouble());
        if (kw.has("averaging_constant")) o = o.averagingConstant(kw.get("averaging_constant").getAsDouble());
        if (kw.has("ch_axis")) o = o.chAxis(kw.get("ch_axis").getAsLong());
        return o;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : a) out.add(e.getAsString());
        return out;
    }

    @Test
    void observersMatchPyTorch() {
        List<JsonObject> cases = kind("observer");
        for (JsonObject c : cases) {
            String what = c.get("cls").getAsString() + " " + c.get("kw");
            UniformQuantizationObserverBase o = CLASSES.get(c.get("cls").getAsString()).apply(options(c.getAsJsonObject("kw")));
            assertEquals(c.get("quant_min").getAsLong(), o.quantMin, what);
            assertEquals(c.get("quant_max").getAsLong(), o.quantMax, what);
            JsonArray steps = c.getAsJsonArray("steps");
            JsonArray inputs = c.getAsJsonArray("inputs");
            for (int i = 0; i < steps.size(); i++) {
                JsonObject s = steps.get(i).getAsJsonObject();
                String at = what + " step " + i;
                if (i > 0) {
                    Tensor x = Golden.tensor(inputs.get(i - 1).getAsJsonObject());
                    assertEquals(x, o.forward(x), at + ": forward returns its input");
                    Golden.assertExact(Golden.tensor(s.getAsJsonObject("min_val")), o.minVal(), at + " min_val");
                    Golden.assertExact(Golden.tensor(s.getAsJsonObject("max_val")), o.maxVal(), at + " max_val");
                }
                Tensor[] qp = o.calculateQparams();
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("scale")), qp[0], at + " scale");
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("zero_point")), qp[1], at + " zero_point");
                assertEquals(s.get("repr").getAsString(), o.toString(), at + " repr");
            }
            assertEquals(strings(c.getAsJsonArray("state_keys")), new ArrayList<>(o.stateDict().keySet()), what);
            // a fresh observer loads the state and computes the same parameters
            UniformQuantizationObserverBase fresh = CLASSES.get(c.get("cls").getAsString()).apply(options(c.getAsJsonObject("kw")));
            fresh.loadStateDict(o.stateDict());
            Golden.assertExact(o.calculateQparams()[0], fresh.calculateQparams()[0], what + " loaded");
            o.resetMinMaxVals();
            assertEquals(1.0, o.calculateQparams()[0].item(), what + " reset");
        }
        assertEquals(15, cases.size());
    }

    /**
     * HistogramObserver with PyTorch 2.x's forward (the goldens' script runs 2.x's algorithm on 1.13's ops): min/max,
     * the histogram (re-binned when the range grows, infinities skipped) and the searched qparams after each input.
     */
    @Test
    void histogramObserverMatchesPyTorch2x() {
        List<JsonObject> cases = kind("histogram");
        for (JsonObject c : cases) {
            JsonObject kw = c.getAsJsonObject("kw");
            HistogramObserver o = new HistogramObserver(kw.has("bins") ? kw.get("bins").getAsLong() : 2048, options(kw));
            JsonArray steps = c.getAsJsonArray("steps"), inputs = c.getAsJsonArray("inputs");
            for (int i = 0; i < steps.size(); i++) {
                JsonObject s = steps.get(i).getAsJsonObject();
                String at = kw + " step " + i;
                o.forward(Golden.tensor(inputs.get(i).getAsJsonObject()));
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("min_val")), o.minVal(), at + " min_val");
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("max_val")), o.maxVal(), at + " max_val");
                Golden.assertClose(Golden.tensor(s.getAsJsonObject("histogram")), o.histogram(), 1e-6, 1e-6, at + " histogram");
                Tensor[] qp = o.calculateQparams();
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("scale")), qp[0], at + " scale");
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("zero_point")), qp[1], at + " zero_point");
                assertEquals(s.get("repr").getAsString(), o.toString(), at + " repr");
            }
            assertEquals(strings(c.getAsJsonArray("state_keys")), new ArrayList<>(o.stateDict().keySet()), kw.toString());
        }
        assertEquals(3, cases.size());
    }

    @Test
    void observerErrorsAsPyTorch() {
        JsonObject m = kind("observer_errors").getFirst().getAsJsonObject("messages");
        ObserverOptions d = ObserverOptions.defaults();
        expect(m, "minmax_per_channel", UnsupportedOperationException.class, () -> new MinMaxObserver(d.qscheme(QScheme.PER_CHANNEL_AFFINE)));
        expect(m, "per_channel_per_tensor", UnsupportedOperationException.class,
                () -> new PerChannelMinMaxObserver(d.qscheme(QScheme.PER_TENSOR_AFFINE)));
        expect(m, "histogram_per_channel", UnsupportedOperationException.class,
                () -> new HistogramObserver(2048, d.qscheme(QScheme.PER_CHANNEL_AFFINE)));
        expect(m, "symmetric_reduce_quint8", UnsupportedOperationException.class,
                () -> new MinMaxObserver(d.qscheme(QScheme.PER_TENSOR_SYMMETRIC).reduceRange(true)));
        expect(m, "qrange_zero", IllegalArgumentException.class, () -> new MinMaxObserver(d.quantRange(1L, 10L)));
        expect(m, "qrange_order", IllegalArgumentException.class, () -> new MinMaxObserver(d.quantRange(0L, 0L)));
        expect(m, "qrange_len", IllegalArgumentException.class,
                () -> new MinMaxObserver(d.dtype(QuantizedDType.QINT8).quantRange(-200L, 100L)));
        MinMaxObserver o = new MinMaxObserver();
        o.minVal().fill_(3);
        o.maxVal().fill_(1);
        assertEquals("min 3.0 should be less than max 1.0", assertThrows(IllegalStateException.class, o::calculateQparams).getMessage());
    }

    private static void expect(JsonObject messages, String key, Class<? extends RuntimeException> type, Runnable r) {
        assertEquals(messages.get(key).getAsString(), assertThrows(type, r::run, key).getMessage(), key);
    }

    private static FakeQuantize fakeQuantize(String name) {
        return switch (name) {
            case "default" -> new FakeQuantize();
            case "per_channel" -> new FakeQuantize(MovingAveragePerChannelMinMaxObserver::new, -128L, 127L,
                    ObserverOptions.defaults().dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_CHANNEL_SYMMETRIC).chAxis(0));
            case "custom_range" -> new FakeQuantize(MinMaxObserver::new, 0L, 15L, ObserverOptions.defaults());
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Test
    void fakeQuantizeMatchesPyTorch() {
        for (JsonObject c : kind("fake_quantize")) {
            String name = c.get("name").getAsString();
            FakeQuantize fq = fakeQuantize(name);
            JsonArray steps = c.getAsJsonArray("steps"), inputs = c.getAsJsonArray("inputs");
            assertEquals(steps.get(0).getAsJsonObject().get("repr").getAsString(), fq.toString(), name);
            for (int i = 1; i < steps.size(); i++) {
                JsonObject s = steps.get(i).getAsJsonObject();
                String at = name + " step " + i;
                Tensor x = Golden.tensor(inputs.get(i == 4 ? 0 : i - 1).getAsJsonObject()); // the last step re-runs the first input
                if (i == 3) fq.disableObserver();
                if (i == 4) {
                    fq.disableFakeQuant();
                    assertEquals(x, fq.forward(x), at);
                } else {
                    x.requiresGrad_(true);
                    Tensor y = fq.forward(x);
                    Golden.assertExact(Golden.tensor(s.getAsJsonObject("out")), y.detach(), at + " out");
                    y.mul(Golden.tensor(s.getAsJsonObject("w"))).sum().backward();
                    Golden.assertExact(Golden.tensor(s.getAsJsonObject("grad")), x.grad(), at + " grad");
                    Golden.assertExact(Golden.tensor(s.getAsJsonObject("scale")), fq.scale(), at + " scale");
                    Golden.assertExact(Golden.tensor(s.getAsJsonObject("zero_point")), fq.zeroPoint(), at + " zero_point");
                }
                assertEquals(s.get("repr").getAsString(), fq.toString(), at + " repr");
            }
            assertEquals(strings(c.getAsJsonArray("state_keys")), new ArrayList<>(fq.stateDict().keySet()), name);
            FakeQuantize fresh = fakeQuantize(name);
            fresh.loadStateDict(fq.stateDict());
            assertEquals(fq.toString(), fresh.toString(), name + " loaded");
        }
    }

    /** The presets' modules print as PyTorch's do, and the qconfigs hand out fresh ones. */
    @Test
    void presetsAsPyTorch() {
        JsonObject r = kind("presets").getFirst().getAsJsonObject("reprs");
        Map<String, java.util.function.Supplier<? extends dev.torch4j.nn.Module>> made = Map.of(
                "default_observer", Defaults::defaultObserver, "default_weight_observer", Defaults::defaultWeightObserver,
                "default_histogram_observer", Defaults::defaultHistogramObserver,
                "default_per_channel_weight_observer", Defaults::defaultPerChannelWeightObserver,
                "default_fake_quant", Defaults::defaultFakeQuant, "default_weight_fake_quant", Defaults::defaultWeightFakeQuant,
                "default_per_channel_weight_fake_quant", Defaults::defaultPerChannelWeightFakeQuant,
                "default_histogram_fake_quant", Defaults::defaultHistogramFakeQuant);
        assertEquals(r.size(), made.size());
        made.forEach((name, f) -> assertEquals(r.get(name).getAsString(), f.get().toString(), name));
        MinMaxObserver a = Defaults.defaultObserver(), w = Defaults.defaultWeightObserver();
        assertEquals(List.of(0L, 127L, -128L, 127L), List.of(a.quantMin, a.quantMax, w.quantMin, w.quantMax));
        QConfig qat = Defaults.defaultQatQconfig();
        assertEquals(r.get("default_fake_quant").getAsString(), qat.activation().get().toString());
        assertEquals(r.get("default_weight_fake_quant").getAsString(), qat.weight().get().toString());
        assertEquals(r.get("default_weight_observer").getAsString(), Defaults.defaultQconfig().weight().get().toString());
        org.junit.jupiter.api.Assertions.assertNotSame(qat.activation().get(), qat.activation().get());
    }

    private static FusedMovingAvgObsFakeQuantize fused(String name) {
        ObserverOptions d = ObserverOptions.defaults();
        return switch (name) {
            case "default" -> new FusedMovingAvgObsFakeQuantize();
            case "symmetric" -> new FusedMovingAvgObsFakeQuantize(MovingAverageMinMaxObserver::new, -128L, 127L,
                    d.qscheme(QScheme.PER_TENSOR_SYMMETRIC).dtype(QuantizedDType.QINT8));
            case "per_channel" -> new FusedMovingAvgObsFakeQuantize(MovingAveragePerChannelMinMaxObserver::new, -128L, 127L,
                    d.dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_CHANNEL_SYMMETRIC).chAxis(0));
            case "tiny" -> new FusedMovingAvgObsFakeQuantize(MovingAverageMinMaxObserver::new, 0L, 255L, d.averagingConstant(1.0));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The fused module: C++ ChooseQuantizationParams's scale and zero point (0.1 and 6.1e-5 floors included). */
    @Test
    void fusedMovingAvgObsFakeQuantizeMatchesPyTorch() {
        List<JsonObject> cases = kind("fused");
        for (JsonObject c : cases) {
            String name = c.get("name").getAsString();
            FusedMovingAvgObsFakeQuantize fq = fused(name);
            JsonArray steps = c.getAsJsonArray("steps"), inputs = c.getAsJsonArray("inputs");
            assertEquals(steps.get(0).getAsJsonObject().get("repr").getAsString(), fq.toString(), name);
            for (int i = 1; i < steps.size(); i++) {
                JsonObject s = steps.get(i).getAsJsonObject();
                String at = name + " step " + i;
                if (i == inputs.size() + 1) fq.disableFakeQuant();
                Tensor x = Golden.tensor(inputs.get(i == inputs.size() + 1 ? 0 : i - 1).getAsJsonObject()).requiresGrad_(true);
                Tensor y = fq.forward(x);
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("out")), y.detach(), at + " out");
                assertEquals(s.get("grad_fn").getAsString(), y.gradFn().name(), at);
                y.mul(Golden.tensor(s.getAsJsonObject("w"))).sum().backward();
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("grad")), x.grad(), at + " grad");
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("min_val")), fq.activationPostProcess().minVal(), at + " min_val");
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("max_val")), fq.activationPostProcess().maxVal(), at + " max_val");
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("scale")), fq.scale(), at + " scale");
                Golden.assertExact(Golden.tensor(s.getAsJsonObject("zero_point")), fq.zeroPoint(), at + " zero_point");
                assertEquals(s.get("repr").getAsString(), fq.toString(), at + " repr");
            }
            assertEquals(strings(c.getAsJsonArray("state_keys")), new ArrayList<>(fq.stateDict().keySet()), name);
        }
        assertEquals(4, cases.size());
        JsonObject m = kind("fused_errors").getFirst().getAsJsonObject("messages");
        FusedMovingAvgObsFakeQuantize axis1 = new FusedMovingAvgObsFakeQuantize(MovingAveragePerChannelMinMaxObserver::new, -128L, 127L,
                ObserverOptions.defaults().dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_CHANNEL_SYMMETRIC).chAxis(1));
        expect(m, "axis", IllegalArgumentException.class, () -> axis1.forward(dev.torch4j.Torch.randn(3, 4)));
    }

    /**
     * QAT end to end: a weight trained through a fake quantizer (a MinMaxObserver's range, which takes the latent
     * weight in before quantizing it, so the straight-through gradient always flows) fits the target.
     */
    @Test
    void trainsThroughFakeQuantize() {
        dev.torch4j.Torch.manualSeed(0);
        Tensor x = dev.torch4j.Torch.randn(64, 3), target = x.matmul(dev.torch4j.Torch.tensor(new float[] {1.5f, -2f, 0.5f}));
        Tensor w = dev.torch4j.Torch.zeros(3).requiresGrad_(true);
        FakeQuantize wq = new FakeQuantize(MinMaxObserver::new, -128L, 127L,
                ObserverOptions.defaults().dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_TENSOR_SYMMETRIC));
        FakeQuantize aq = Defaults.defaultFakeQuant();
        var opt = new dev.torch4j.optim.SGD(List.of(w), dev.torch4j.optim.SGD.options(0.1));
        double first = 0, last = 0;
        for (int step = 0; step < 200; step++) {
            opt.zeroGrad();
            Tensor loss = x.matmul(wq.forward(w)).sub(target).pow(2).mean();
            aq.forward(x); // observes the activations on the side
            loss.backward();
            opt.step();
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        org.junit.jupiter.api.Assertions.assertTrue(last < first * 0.01, "loss " + first + " -> " + last);
        org.junit.jupiter.api.Assertions.assertTrue(aq.scale().item() > 0);
    }

    @Test
    void fakeQuantizeErrorsAsPyTorch() {
        JsonObject m = kind("fake_quantize_errors").getFirst().getAsJsonObject("messages");
        ObserverOptions d = ObserverOptions.defaults();
        expect(m, "order", IllegalArgumentException.class, () -> new FakeQuantize(MovingAverageMinMaxObserver::new, 10L, 5L, d));
        expect(m, "min_bound", IllegalArgumentException.class, () -> new FakeQuantize(MovingAverageMinMaxObserver::new, -1L, 5L, d));
        expect(m, "max_bound", IllegalArgumentException.class,
                () -> new FakeQuantize(MovingAverageMinMaxObserver::new, 0L, 200L, d.dtype(QuantizedDType.QINT8)));
    }
}
