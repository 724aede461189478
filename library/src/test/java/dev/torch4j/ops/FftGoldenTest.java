package dev.torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Fft;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

/**
 * torch.fft against PyTorch (scripts/goldens/fft_goldens.py): every function with every norm mode, n/s padding and
 * trimming, several dims, odd, even, prime (Bluestein) and large lengths, float32/float64 and complex inputs, integer
 * promotion, the frequencies and shifts, PyTorch's error messages, and the gradient of a weighted sum of each
 * output's real view (for complex inputs: the real view's gradient, PyTorch's dL/dRe + i dL/dIm).
 */
class FftGoldenTest {
    private static final Fft F = Torch.fft();

    private static final Set<String> ONE_DIM = Set.of("fft", "ifft", "rfft", "ihfft", "irfft", "hfft");
    private static final Set<String> TWO_DIM = Set.of("fft2", "ifft2", "rfft2", "ihfft2", "irfft2", "hfft2");

    private static long[] longs(JsonElement e) {
        if (e.isJsonPrimitive()) return new long[] {e.getAsLong()};
        JsonArray a = e.getAsJsonArray();
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    /** The Java call for a golden case: the short overloads when PyTorch's defaults are used. */
    static Tensor call(String fn, Tensor x, JsonObject kw) {
        Long n = kw.has("n") ? kw.get("n").getAsLong() : null;
        String norm = kw.has("norm") ? kw.get("norm").getAsString() : null;
        long[] s = kw.has("s") ? longs(kw.get("s")) : null, dims = kw.has("dim") ? longs(kw.get("dim")) : null;
        if (ONE_DIM.contains(fn)) {
            long dim = dims == null ? -1 : dims[0];
            if (kw.isEmpty()) {
                return switch (fn) {
                    case "fft" -> F.fft(x);
                    case "ifft" -> F.ifft(x);
                    case "rfft" -> F.rfft(x);
                    case "ihfft" -> F.ihfft(x);
                    case "irfft" -> F.irfft(x);
                    default -> F.hfft(x);
                };
            }
            if (n != null && kw.size() == 1) {
                return switch (fn) {
                    case "fft" -> F.fft(x, (long) n);
                    case "ifft" -> F.ifft(x, (long) n);
                    case "rfft" -> F.rfft(x, (long) n);
                    case "ihfft" -> F.ihfft(x, (long) n);
                    case "irfft" -> F.irfft(x, (long) n);
                    default -> F.hfft(x, (long) n);
                };
            }
            return switch (fn) {
                case "fft" -> F.fft(x, n, dim, norm);
                case "ifft" -> F.ifft(x, n, dim, norm);
                case "rfft" -> F.rfft(x, n, dim, norm);
                case "ihfft" -> F.ihfft(x, n, dim, norm);
                case "irfft" -> F.irfft(x, n, dim, norm);
                default -> F.hfft(x, n, dim, norm);
            };
        }
        if (TWO_DIM.contains(fn)) {
            long[] d = dims == null ? new long[] {-2, -1} : dims;
            boolean plain = kw.isEmpty();
            return switch (fn) {
                case "fft2" -> plain ? F.fft2(x) : F.fft2(x, s, d, norm);
                case "ifft2" -> plain ? F.ifft2(x) : F.ifft2(x, s, d, norm);
                case "rfft2" -> plain ? F.rfft2(x) : F.rfft2(x, s, d, norm);
                case "ihfft2" -> plain ? F.ihfft2(x) : F.ihfft2(x, s, d, norm);
                case "irfft2" -> plain ? F.irfft2(x) : F.irfft2(x, s, d, norm);
                default -> plain ? F.hfft2(x) : F.hfft2(x, s, d, norm);
            };
        }
        boolean plain = kw.isEmpty(), onlyS = s != null && kw.size() == 1;
        return switch (fn) {
            case "fftn" -> plain ? F.fftn(x) : onlyS ? F.fftn(x, s) : F.fftn(x, s, dims, norm);
            case "ifftn" -> plain ? F.ifftn(x) : onlyS ? F.ifftn(x, s) : F.ifftn(x, s, dims, norm);
            case "rfftn" -> plain ? F.rfftn(x) : onlyS ? F.rfftn(x, s) : F.rfftn(x, s, dims, norm);
            case "irfftn" -> plain ? F.irfftn(x) : onlyS ? F.irfftn(x, s) : F.irfftn(x, s, dims, norm);
            case "hfftn" -> plain ? F.hfftn(x) : F.hfftn(x, s, dims, norm);
            case "ihfftn" -> plain ? F.ihfftn(x) : F.ihfftn(x, s, dims, norm);
            case "fftshift" -> dims == null ? F.fftshift(x) : F.fftshift(x, dims);
            case "ifftshift" -> dims == null ? F.ifftshift(x) : F.ifftshift(x, dims);
            default -> throw new AssertionError(fn);
        };
    }

    private static Tensor freq(String fn, JsonObject kw) {
        long n = kw.get("n").getAsLong();
        double d = kw.get("d").getAsDouble();
        if (!kw.has("dtype")) {
            if (d == 1.0) return fn.equals("fftfreq") ? F.fftfreq(n) : F.rfftfreq(n);
            return fn.equals("fftfreq") ? F.fftfreq(n, d) : F.rfftfreq(n, d);
        }
        TensorOptions o = Torch.dtype(Golden.dtype(kw.get("dtype").getAsString()));
        return fn.equals("fftfreq") ? F.fftfreq(n, d, o) : F.rfftfreq(n, d, o);
    }

    /**
     * Close to PyTorch's pocketfft up to the rounding of a different algorithm: errors of FFTs scale with the
     * largest magnitude, so the absolute tolerance is relative to it.
     */
    private static void assertNear(Tensor want, Tensor got, String what) {
        assertEquals(want.dtype(), got.dtype(), what + ": dtype");
        double scale = want.numel() == 0 ? 1 : Math.max(1, want.abs().max().item());
        boolean f64 = want.dtype() == DType.FLOAT64;
        Golden.assertClose(want, got, f64 ? 1e-10 : 1e-5, (f64 ? 1e-12 : 2e-6) * scale, what);
    }

    private static Tensor realView(Tensor t) { return t.isComplex() ? t.viewAsReal() : t; }

    @Test
    void matchPyTorch() {
        int values = 0, grads = 0, errors = 0, freqs = 0;
        Set<String> fns = new TreeSet<>();
        for (JsonObject c : Golden.cases("fft")) {
            String name = c.get("name").getAsString(), fn = c.get("fn").getAsString();
            JsonObject kw = c.getAsJsonObject("kwargs");
            fns.add(fn);
            if (fn.endsWith("freq")) {
                if (c.has("error")) {
                    var e = assertThrows(IllegalArgumentException.class, () -> freq(fn, kw));
                    assertTrue(e.getMessage().contains(c.get("expect").getAsString()), e.getMessage());
                    errors++;
                } else {
                    Golden.assertClose(Golden.tensor(c.getAsJsonObject("output")), freq(fn, kw), 0, 0, name);
                    freqs++;
                }
                continue;
            }
            Tensor r = Golden.tensor(c.getAsJsonObject("input"));
            boolean complex = c.get("complex").getAsBoolean();
            if (c.has("error")) {
                Tensor x = complex ? Torch.viewAsComplex(r) : r;
                var e = assertThrows(RuntimeException.class, () -> call(fn, x, kw), name);
                assertTrue(e.getMessage().contains(c.get("expect").getAsString()), name + ": " + e.getMessage());
                assertTrue(e.getMessage().startsWith(fn), name + ": the error names the op: " + e.getMessage());
                errors++;
                continue;
            }
            boolean grad = c.has("grad");
            if (grad) r.requiresGrad_(true);
            Tensor x = complex ? Torch.viewAsComplex(r) : r;
            Tensor out;
            try {
                out = call(fn, x, kw);
            } catch (RuntimeException e) {
                throw new AssertionError(name + " " + kw + ": " + e, e);
            }
            assertEquals(c.get("outComplex").getAsBoolean(), out.isComplex(), name + ": complex output");
            try {
                assertNear(Golden.tensor(c.getAsJsonObject("output")), realView(out).detach(), name);
            } catch (AssertionError e) {
                fail(name + " " + kw + ": " + e.getMessage());
            }
            values++;
            if (grad) {
                realView(out).mul(Golden.tensor(c.getAsJsonObject("gradOut"))).sum().backward();
                assertNear(Golden.tensor(c.getAsJsonObject("grad")), r.grad(), name + " grad");
                grads++;
            }
        }
        assertEquals(Set.of("fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2", "rfft2", "irfft2", "hfft2", "ihfft2",
                "fftn", "ifftn", "rfftn", "irfftn", "hfftn", "ihfftn", "fftfreq", "rfftfreq", "fftshift", "ifftshift"), fns);
        assertTrue(values > 300 && grads > 150 && errors >= 21 && freqs == 36,
                "values " + values + ", grads " + grads + ", errors " + errors + ", freqs " + freqs);
    }

    @Test
    void roundTripsAndIdentities() {
        Tensor x = Torch.randn(3, 1000).to(DType.FLOAT64);
        Tensor back = F.irfft(F.rfft(x), 1000L, -1, null);
        assertTrue(back.sub(x).abs().max().item() < 1e-12, "irfft(rfft(x))");
        Tensor z = Torch.complex(Torch.randn(2, 4099).to(DType.FLOAT64), Torch.randn(2, 4099).to(DType.FLOAT64));
        Tensor zz = F.ifft(F.fft(z));
        assertTrue(zz.viewAsReal().sub(z.viewAsReal()).abs().max().item() < 1e-11, "ifft(fft(z)), a Bluestein length");
        // Parseval with norm="ortho": the transform is unitary
        Tensor y = F.fft(z, null, -1, "ortho");
        double e1 = z.abs().square().sum().item(), e2 = y.abs().square().sum().item();
        assertEquals(e1, e2, 1e-9 * e1);
        // a transform over no dims is the input, made complex (PyTorch 1.13 returns uninitialised memory)
        Tensor r = Torch.randn(3, 4);
        Golden.assertExact(r, F.fftn(r, null, new long[0], null).real(), "fftn(dim=())");
        // fftshift and ifftshift undo each other on odd sizes
        Tensor t = Torch.arange(35L).reshape(5, 7);
        Golden.assertExact(t, F.ifftshift(F.fftshift(t)), "ifftshift(fftshift(t))");
    }

    @Test
    void complexFrequenciesAndGrad() {
        Tensor f = F.fftfreq(5, 1.0, Torch.dtype(DType.COMPLEX64));
        assertEquals(DType.COMPLEX64, f.dtype());
        Golden.assertClose(F.fftfreq(5), f.real(), 0, 0, "complex fftfreq: the real frequencies");
        assertTrue(F.rfftfreq(4, 1.0, Torch.dtype(DType.FLOAT64).requiresGrad(true)).requiresGrad());
    }
}
