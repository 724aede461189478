package dev.torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.StftOptions;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

/**
 * stft and istft against PyTorch (scripts/goldens/stft_goldens.py): centred and not, reflect/constant/replicate
 * padding, short and missing windows, one- and two-sided, normalized, complex input, length trimming and padding,
 * batches; gradients with respect to the signal, the spectrum and the window; PyTorch's argument errors.
 */
class StftGoldenTest {
    private static StftOptions options(JsonObject kw, Tensor window) {
        StftOptions o = StftOptions.DEFAULT.window(window);
        if (kw.has("hop_length")) o = o.hopLength(kw.get("hop_length").getAsLong());
        if (kw.has("win_length")) o = o.winLength(kw.get("win_length").getAsLong());
        if (kw.has("center")) o = o.center(kw.get("center").getAsBoolean());
        if (kw.has("pad_mode")) o = o.padMode(kw.get("pad_mode").getAsString());
        if (kw.has("normalized")) o = o.normalized(kw.get("normalized").getAsBoolean());
        if (kw.has("onesided")) o = o.onesided(kw.get("onesided").getAsBoolean());
        if (kw.has("return_complex") && !kw.get("return_complex").isJsonNull()) o = o.returnComplex(kw.get("return_complex").getAsBoolean());
        if (kw.has("length")) o = o.length(kw.get("length").getAsLong());
        return o;
    }

    private static Tensor run(String name, Tensor x, long nFft, StftOptions o) {
        return name.startsWith("stft/") ? Torch.stft(x, nFft, o) : x.istft(nFft, o);
    }

    private static Tensor realView(Tensor t) { return t.isComplex() ? t.viewAsReal() : t; }

    @Test
    void matchesPyTorch() {
        int values = 0, grads = 0, errors = 0;
        for (JsonObject c : Golden.cases("stft")) {
            String name = c.get("name").getAsString();
            JsonObject kw = c.getAsJsonObject("kwargs");
            JsonElement in0 = c.getAsJsonArray("inputs").get(0), in1 = c.getAsJsonArray("inputs").get(1);
            Tensor xr = Golden.tensor(in0.getAsJsonObject());
            // istft's spectrum and the complex stft input are stored as their real views
            boolean complexIn = name.startsWith("istft/") || name.equals("stft/complex_input");
            Tensor window = in1.isJsonNull() ? null : Golden.tensor(in1.getAsJsonObject());
            long nFft = kw.get("n_fft").getAsLong();
            if (c.has("error")) {
                Tensor x = complexIn ? Torch.viewAsComplex(xr) : xr;
                var e = assertThrows(IllegalArgumentException.class, () -> run(name, x, nFft, options(kw, window)));
                assertTrue(e.getMessage().contains(c.get("expect").getAsString()), name + ": " + e.getMessage());
                errors++;
                continue;
            }
            boolean grad = c.has("grads");
            if (grad) {
                xr.requiresGrad_(true);
                if (window != null) window.requiresGrad_(true);
            }
            Tensor x = complexIn ? Torch.viewAsComplex(xr) : xr;
            Tensor out = run(name, x, nFft, options(kw, window));
            Tensor want = Golden.tensor(c.getAsJsonObject("output"));
            double rtol = want.dtype() == DType.FLOAT64 ? 1e-10 : 1e-5, atol = want.dtype() == DType.FLOAT64 ? 1e-12 : 1e-5;
            Golden.assertClose(want, realView(out).detach(), rtol, atol, name);
            values++;
            if (grad) {
                realView(out).mul(Golden.tensor(c.getAsJsonObject("gradOut"))).sum().backward();
                var gs = c.getAsJsonArray("grads");
                Golden.assertClose(Golden.tensor(gs.get(0).getAsJsonObject()), xr.grad(), 1e-9, 1e-11, name + " input grad");
                if (window != null) {
                    Golden.assertClose(Golden.tensor(gs.get(1).getAsJsonObject()), window.grad(), 1e-9, 1e-11, name + " window grad");
                }
                grads++;
            }
        }
        assertEquals(16, values);
        assertEquals(8, grads);
        assertEquals(6, errors);
    }

    @Test
    void pyTorch2Errors() {
        // PyTorch 2.x: a real signal needs return_complex, and istft a complex spectrum (1.13 only warned)
        var e = assertThrows(IllegalArgumentException.class, () -> Torch.stft(Torch.randn(20), 8, StftOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith("stft requires the return_complex parameter be given for real inputs"), e.getMessage());
        var i = assertThrows(IllegalArgumentException.class, () -> Torch.istft(Torch.randn(5, 3), 8, StftOptions.DEFAULT));
        assertTrue(i.getMessage().startsWith("istft requires a complex-valued input tensor"), i.getMessage());
    }

    @Test
    void istftInvertsStft() {
        Torch.manualSeed(0);
        Tensor x = Torch.randn(2, 300);
        Tensor w = Torch.hannWindow(64);
        StftOptions o = StftOptions.DEFAULT.hopLength(16).window(w).returnComplex(true);
        Tensor y = Torch.istft(Torch.stft(x, 64, o), 64, StftOptions.DEFAULT.hopLength(16).window(w).length(300));
        Golden.assertClose(x, y, 1e-5, 1e-5, "round trip");
    }
}
