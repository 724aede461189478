package dev.torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Quantized tensors against PyTorch 1.13 (goldens/quantized.json, from scripts/goldens/quantized_goldens.py):
 * integer values and dequantized floats bit for bit (halfway points round to even after FBGEMM's float32
 * {@code x * (1 / scale)}), the parameters quantize_per_tensor_dynamic chooses, reprs character for character,
 * views and cat keeping the quantizer, and PyTorch's error messages.
 */
class QuantizedTensorTest {
    private static final List<JsonObject> CASES = Golden.cases("quantized");

    private static DType qdtype(JsonObject c) { return Golden.dtype(c.get("dtype").getAsString()); }

    private static Tensor x(JsonObject c) { return Golden.tensor(c.getAsJsonObject("x")).to(DType.FLOAT32); }

    private static Tensor quantized(JsonObject c) {
        if (c.has("scale")) return Torch.quantizePerTensor(x(c), c.get("scale").getAsDouble(), c.get("zero_point").getAsLong(), qdtype(c));
        return Torch.quantizePerChannel(x(c), Golden.tensor(c.getAsJsonObject("scales")), Golden.tensor(c.getAsJsonObject("zero_points")),
                c.get("axis").getAsLong(), qdtype(c));
    }

    @Test
    void perTensorMatchesPyTorchBitForBit() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("per_tensor")) continue;
            Tensor q = quantized(c);
            String what = c.get("dtype") + " scale " + c.get("scale") + " zp " + c.get("zero_point");
            assertEquals(qdtype(c), q.dtype(), what);
            assertTrue(q.isQuantized());
            assertEquals(QScheme.PER_TENSOR_AFFINE, q.qscheme());
            assertEquals(c.get("scale").getAsDouble(), q.qScale());
            assertEquals(c.get("zero_point").getAsLong(), q.qZeroPoint());
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("int_repr")), q.intRepr(), what + " int_repr");
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("dequant")), q.dequantize(), what + " dequantize");
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("dequant")), Torch.dequantize(q), what + " torch.dequantize");
            n++;
        }
        assertEquals(17, n);
    }

    @Test
    void perChannelMatchesPyTorchBitForBit() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("per_channel")) continue;
            Tensor q = quantized(c);
            String what = c.get("dtype") + " axis " + c.get("axis");
            assertEquals(QScheme.PER_CHANNEL_AFFINE, q.qscheme());
            assertEquals(c.get("axis").getAsLong(), q.qPerChannelAxis());
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("q_scales")), q.qPerChannelScales(), what + " scales");
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("zero_points")), q.qPerChannelZeroPoints(), what + " zero points");
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("int_repr")), q.intRepr(), what + " int_repr");
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("dequant")), q.dequantize(), what + " dequantize");
            n++;
        }
        assertEquals(4, n);
    }

    @Test
    void dynamicQuantizationChoosesPyTorchsParameters() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("dynamic")) continue;
            Tensor q = Torch.quantizePerTensorDynamic(x(c), qdtype(c), c.get("reduce_range").getAsBoolean());
            String what = c.get("dtype") + " reduce_range " + c.get("reduce_range") + " " + c.getAsJsonObject("x").get("shape");
            assertEquals(c.get("scale").getAsDouble(), q.qScale(), what); // the double, not rounded to float
            assertEquals(c.get("zero_point").getAsLong(), q.qZeroPoint(), what);
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("int_repr")), q.intRepr(), what);
            n++;
        }
        assertEquals(16, n);
    }

    @Test
    void printsAsPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().startsWith("repr_")) continue;
            assertEquals(c.get("repr").getAsString(), quantized(c).toString());
            n++;
        }
        assertEquals(9, n);
    }

    @Test
    void viewsCatAndStackKeepTheQuantizer() {
        JsonObject c = CASES.stream().filter(j -> j.get("kind").getAsString().equals("views")).findFirst().orElseThrow();
        Tensor q = quantized(c);
        assertEquals(c.get("reshape").getAsString(), q.reshape(6, 4).toString());
        assertEquals(c.get("permute").getAsString(), q.permute(2, 0, 1).toString());
        assertEquals(c.get("select").getAsString(), q.select(1, 2).toString());
        assertEquals(c.get("narrow").getAsString(), q.narrow(2, 1, 2).toString());
        assertEquals(c.get("transpose_contiguous").getAsString(), q.transpose(0, 2).contiguous().toString());
        assertEquals(c.get("cat").getAsString(), Torch.cat(List.of(q, q), 1).toString());
        assertEquals(c.get("stack").getAsString(), Torch.stack(List.of(q.select(0, 0), q.select(0, 1))).toString());
        // views share the integers; clone does not
        Tensor v = q.narrow(2, 1, 2), k = q.clone();
        assertSame(q.storage(), v.storage());
        assertFalse(k.storage().memory() == q.storage().memory());
        assertEquals(q.toString(), k.toString());
        assertEquals(q.toString(), q.detach().toString());
    }

    @Test
    void catOfDifferentParametersRequantizesWithTheFirst() {
        JsonObject c = CASES.stream().filter(j -> j.get("kind").getAsString().equals("cat_mixed")).findFirst().orElseThrow();
        // a and b as PyTorch held them: their dequantized values quantize back to the same integers
        Tensor a = Torch.quantizePerTensor(Golden.tensor(c.getAsJsonObject("a")).to(DType.FLOAT32), 0.1, 0, DType.QUINT8);
        Tensor b = Torch.quantizePerTensor(Golden.tensor(c.getAsJsonObject("b")).to(DType.FLOAT32), 0.03, 7, DType.QUINT8);
        Tensor r = Torch.cat(List.of(a, b), 0);
        assertEquals(0.1, r.qScale());
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("cat")), r.intRepr(), "cat");
    }

    private static void assertMessage(String expected, Runnable r) {
        String got = assertThrows(RuntimeException.class, r::run).getMessage();
        // PyTorch appends "(Could this error message be improved? ...)" to its internal checks: compare up to there
        int cut = expected.indexOf("  (Could this");
        assertEquals(cut < 0 ? expected : expected.substring(0, cut), got);
    }

    @Test
    void errorsReadAsPyTorchs() {
        JsonObject m = CASES.stream().filter(j -> j.get("kind").getAsString().equals("errors")).findFirst().orElseThrow()
                .getAsJsonObject("messages");
        Tensor x = Torch.randn(4);
        Tensor qq = Torch.quantizePerTensor(x, 0.1, 10, DType.QUINT8);
        Tensor qc = Torch.quantizePerChannel(Torch.randn(2, 3), Torch.tensor(new double[] {0.1, 0.2}), Torch.tensor(new long[] {0, 1}), 0, DType.QINT8);
        Supplier<Tensor> two = () -> Torch.randn(2, 3);
        assertMessage(m.get("double_input").getAsString(), () -> Torch.quantizePerTensor(x.float64(), 0.1, 0, DType.QUINT8));
        assertMessage(m.get("float_dtype").getAsString(), () -> Torch.quantizePerTensor(x, 0.1, 0, DType.FLOAT32));
        assertMessage(m.get("zp_above").getAsString(), () -> Torch.quantizePerTensor(x, 0.1, 300, DType.QUINT8));
        assertMessage(m.get("zp_below").getAsString(), () -> Torch.quantizePerTensor(x, 0.1, -129, DType.QINT8));
        assertMessage(m.get("channel_count").getAsString(), () -> Torch.quantizePerChannel(two.get(), Torch.tensor(new double[] {0.1, 0.2, 0.3}),
                Torch.tensor(new long[] {0, 1}), 0, DType.QINT8));
        assertMessage(m.get("axis").getAsString(), () -> Torch.quantizePerChannel(two.get(), Torch.tensor(new double[] {0.1, 0.2}),
                Torch.tensor(new long[] {0, 1}), 2, DType.QINT8));
        assertMessage(m.get("pc_zp_above").getAsString(), () -> Torch.quantizePerChannel(two.get(), Torch.tensor(new double[] {0.1, 0.2}),
                Torch.tensor(new long[] {0, 1000}), 0, DType.QINT8));
        assertMessage(m.get("q_scale_per_channel").getAsString(), qc::qScale);
        assertMessage(m.get("scales_per_tensor").getAsString(), qq::qPerChannelScales);
        assertMessage(m.get("copy_to_float").getAsString(), () -> Torch.zeros(4).copy_(qq));
        assertMessage(m.get("promote").getAsString(), () -> dev.torch4j.core.TypePromotion.promoteTypes(DType.QUINT8, DType.FLOAT32));
        assertMessage(m.get("cat_per_channel").getAsString(), () -> Torch.cat(List.of(qc, qc), 0));
        assertTrue(assertThrows(RuntimeException.class, () -> qc.permute(1, 0)).getMessage().startsWith(m.get("permute_per_channel").getAsString()));
    }

    /** Ops PyTorch does not run on quantized tensors refuse, naming the op and the dtype, instead of computing on the integers. */
    @Test
    void opsWithoutQuantizedKernelsRefuse() {
        Tensor q = Torch.quantizePerTensor(Torch.randn(2, 3), 0.1, 10, DType.QUINT8);
        for (var op : List.<java.util.Map.Entry<String, Runnable>>of(
                java.util.Map.entry("\"add\"", () -> q.add(q)),
                java.util.Map.entry("\"sum\"", () -> q.sum()),
                java.util.Map.entry("\"exp\"", () -> q.exp()),
                java.util.Map.entry("\"matmul\"", () -> Torch.matmul(q, q.t())),
                java.util.Map.entry("\"to\"", () -> q.to(DType.FLOAT32)),
                java.util.Map.entry("\"zeros\"", () -> Torch.zeros(dev.torch4j.Size.of(2), dev.torch4j.TensorOptions.DEFAULT.dtype(DType.QINT8))))) {
            String msg = assertThrows(IllegalArgumentException.class, op.getValue()::run).getMessage();
            assertTrue(msg.startsWith(op.getKey() + " is not supported for quantized tensors (torch."), op.getKey() + ": " + msg);
        }
        assertThrows(IllegalArgumentException.class, () -> q.add(1.0));
        assertThrows(IllegalArgumentException.class, () -> Torch.randn(2).requiresGrad_(true).intRepr());
        // not quantized: dequantize is the identity, as in PyTorch
        Tensor f = Torch.randn(3);
        assertSame(f, f.dequantize());
        assertFalse(f.isQuantized());
    }

    /** The tensor-parameter and list forms of quantize_per_tensor, and the legacy type name. */
    @Test
    void otherFormsOfQuantizePerTensor() {
        Tensor a = Torch.randn(2), b = Torch.randn(3);
        // PyTorch reads a float32 scale tensor as its float value: 0.1f is 0.10000000149011612
        Tensor q = Torch.quantizePerTensor(a, Torch.tensor(0.1f), Torch.tensor(3L), DType.QINT8);
        assertEquals(0.10000000149011612, q.qScale());
        assertEquals(3, q.qZeroPoint());
        List<Tensor> qs = Torch.quantizePerTensor(List.of(a, b), Torch.tensor(new float[] {0.1f, 0.2f}), Torch.tensor(new long[] {1, 2}),
                DType.QINT8);
        Golden.assertExact(Torch.quantizePerTensor(b, 0.2f, 2, DType.QINT8).intRepr(), qs.get(1).intRepr(), "list form");
        assertEquals(0.20000000298023224, qs.get(1).qScale());
        assertEquals("torch.quantized.QInt8Tensor", q.type());
    }

    /**
     * Every tensor method without arguments, called on a quantized tensor, refuses it (a message, never a
     * ClassCastException or the like), or returns a quantized tensor (views, copies), or is one of the few that leave
     * quantization on purpose: nothing computes on the integers as if they were the values.
     */
    @Test
    void noMethodComputesOnTheIntegers() throws Exception {
        Tensor q = Torch.quantizePerTensor(Torch.randn(2, 3), 0.1, 10, DType.QUINT8);
        java.util.Set<String> leaveQuantization = java.util.Set.of("dequantize", "intRepr", "isreal");
        List<String> wrong = new java.util.ArrayList<>();
        for (java.lang.reflect.Method m : Tensor.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getReturnType() != Tensor.class
                    || m.getName().equals("retainGrad") || m.getName().equals("detach_")) continue;
            try {
                Tensor r = (Tensor) m.invoke(q); // (grad() is null)
                if (r != null && !r.isQuantized() && !leaveQuantization.contains(m.getName())) wrong.add(m.getName() + " returned " + r.dtype());
            } catch (java.lang.reflect.InvocationTargetException e) {
                Throwable c = e.getCause();
                if (!(c instanceof IllegalArgumentException || c instanceof UnsupportedOperationException)) wrong.add(m.getName() + ": " + c);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void copyIntoAQuantizedTensorQuantizesWithItsParameters() {
        Tensor q = Torch.quantizePerTensor(Torch.zeros(3), 0.5, 2, DType.QINT8);
        q.copy_(Torch.tensor(new float[] {1.0f, -0.75f, 100f}));
        // 1 / 0.5 = 2 -> 4; -1.5 -> -2 (half to even) -> 0; 200 -> clamped 127
        assertEquals(List.of(4L, 0L, 127L), java.util.Arrays.stream(q.intRepr().toLongArray()).boxed().toList());
        Tensor same = Torch.quantizePerTensor(Torch.tensor(new float[] {0.5f, 1f, 1.5f}), 0.5, 2, DType.QINT8);
        q.copy_(same);
        assertEquals(List.of(3L, 4L, 5L), java.util.Arrays.stream(q.intRepr().toLongArray()).boxed().toList());
        Tensor other = Torch.quantizePerTensor(Torch.zeros(3), 0.25, 2, DType.QINT8);
        assertThrows(IllegalArgumentException.class, () -> q.copy_(other));
    }
}
