package dev.torch4j.distributions;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.FuzzCases;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * torch.distributions against PyTorch over seeded random programs (scripts/goldens/fuzz_distributions_goldens.py,
 * which describes a program): random families with random broadcasting parameters (edge values included), validation
 * on and off; their mean, mode, variance, stddev, entropy, log_prob, cdf, icdf, enumerate_support, expand, sample and
 * rsample (values after manual_seed where torch4j replays PyTorch's draws, else shapes and dtypes) with the parameters'
 * gradients; kl_divergence of random pairs; TransformedDistribution over random transform chains; transforms on their
 * own; biject_to / transform_to of random constraints. Values must agree within 1e-9 relative (float64) or 1e-3
 * (float32), shapes and dtypes exactly, errors with PyTorch's type and first message line. {@code -Dt4j.fuzzDist=NAME}
 * replays another golden file (an exploratory run of the script).
 */
class FuzzDistributionsParityTest {

    @Test
    void everyProgramMatchesPyTorch() {
        List<JsonObject> cases = Golden.cases(System.getProperty("t4j.fuzzDist", "fuzz_distributions"));
        for (JsonObject c : cases) c.addProperty("java", c.get("k").getAsString() + (c.has("fam") ? " " + c.get("fam").getAsString() : ""));
        boolean old = Distribution.defaultValidateArgs();
        try {
            FuzzCases.assertAllMatch(cases, FuzzDistributionsParityTest::describe, FuzzDistributionsParityTest::run);
        } finally {
            Distribution.setDefaultValidateArgs(old);
        }
    }

    private static String describe(JsonObject c) {
        JsonObject b = c.deepCopy();
        b.remove("ops");
        b.remove("java");
        String s = b.toString();
        return " " + (s.length() > 300 ? s.substring(0, 300) + "..." : s);
    }

    // ------------------------------------------------------------------ building
    static List<Tensor> params(JsonArray a) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : a) {
            if (e.isJsonNull()) {
                out.add(null);
                continue;
            }
            Tensor t = Golden.tensor(e.getAsJsonObject());
            out.add(t.isFloatingPoint() ? t.requiresGrad_(true) : t);
        }
        return out;
    }

    static int[] ints(JsonObject c, String k) {
        if (!c.has(k)) return new int[0];
        JsonArray a = c.getAsJsonArray(k);
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsInt();
        return r;
    }

    static long[] longs(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    /** The script's FAMILIES. */
    static Distribution make(String fam, List<Tensor> p, int[] ia) {
        return switch (fam) {
            case "normal" -> new Normal(p.get(0), p.get(1));
            case "uniform" -> new Uniform(p.get(0), p.get(1));
            case "exponential" -> new Exponential(p.get(0));
            case "laplace" -> new Laplace(p.get(0), p.get(1));
            case "cauchy" -> new Cauchy(p.get(0), p.get(1));
            case "gumbel" -> new Gumbel(p.get(0), p.get(1));
            case "halfnormal" -> new HalfNormal(p.get(0));
            case "halfcauchy" -> new HalfCauchy(p.get(0));
            case "lognormal" -> new LogNormal(p.get(0), p.get(1));
            case "gamma" -> new Gamma(p.get(0), p.get(1));
            case "chi2" -> new Chi2(p.get(0));
            case "beta" -> new Beta(p.get(0), p.get(1));
            case "studentt" -> new StudentT(p.get(0), p.get(1), p.get(2));
            case "fisher" -> new FisherSnedecor(p.get(0), p.get(1));
            case "weibull" -> new Weibull(p.get(0), p.get(1));
            case "pareto" -> new Pareto(p.get(0), p.get(1));
            case "kumaraswamy" -> new Kumaraswamy(p.get(0), p.get(1));
            case "vonmises" -> new VonMises(p.get(0), p.get(1));
            case "contbern_probs" -> ContinuousBernoulli.ofProbs(p.get(0));
            case "contbern_logits" -> ContinuousBernoulli.ofLogits(p.get(0));
            case "bernoulli_probs" -> Bernoulli.ofProbs(p.get(0));
            case "bernoulli_logits" -> Bernoulli.ofLogits(p.get(0));
            case "geometric_probs" -> Geometric.ofProbs(p.get(0));
            case "geometric_logits" -> Geometric.ofLogits(p.get(0));
            case "poisson" -> new Poisson(p.get(0));
            case "binomial_probs" -> Binomial.ofProbs(p.get(0), p.get(1));
            case "binomial_logits" -> Binomial.ofLogits(p.get(0), p.get(1));
            case "negbin_probs" -> NegativeBinomial.ofProbs(p.get(0), p.get(1));
            case "negbin_logits" -> NegativeBinomial.ofLogits(p.get(0), p.get(1));
            case "relaxed_bernoulli" -> RelaxedBernoulli.ofProbs(p.get(0), p.get(1));
            case "logit_relaxed_bernoulli" -> LogitRelaxedBernoulli.ofLogits(p.get(0), p.get(1));
            case "categorical_probs" -> Categorical.ofProbs(p.get(0));
            case "categorical_logits" -> Categorical.ofLogits(p.get(0));
            case "onehot_probs" -> OneHotCategorical.ofProbs(p.get(0));
            case "onehot_logits" -> OneHotCategorical.ofLogits(p.get(0));
            case "onehot_st" -> OneHotCategoricalStraightThrough.ofProbs(p.get(0));
            case "multinomial_probs" -> Multinomial.ofProbs(ia[0], p.get(0));
            case "multinomial_logits" -> Multinomial.ofLogits(ia[0], p.get(0));
            case "relaxed_onehot" -> RelaxedOneHotCategorical.ofProbs(p.get(0), p.get(1));
            case "dirichlet" -> new Dirichlet(p.get(0));
            case "logistic_normal" -> new LogisticNormal(p.get(0), p.get(1));
            case "mvn_cov" -> new MultivariateNormal(p.get(0), p.get(1));
            case "mvn_tril" -> MultivariateNormal.ofScaleTril(p.get(0), p.get(1));
            case "mvn_prec" -> MultivariateNormal.ofPrecision(p.get(0), p.get(1));
            case "lowrank_mvn" -> new LowRankMultivariateNormal(p.get(0), p.get(1), p.get(2));
            case "lkj" -> new LKJCholesky(ia[0], p.get(0));
            case "wishart_cov" -> Wishart.ofCovariance(p.get(0), p.get(1));
            case "wishart_tril" -> Wishart.ofScaleTril(p.get(0), p.get(1));
            case "wishart_prec" -> Wishart.ofPrecision(p.get(0), p.get(1));
            case "mixture_normal" -> new MixtureSameFamily(Categorical.ofProbs(p.get(0)), new Normal(p.get(1), p.get(2)));
            case "independent_normal" -> new Independent(new Normal(p.get(0), p.get(1)), ia[0]);
            default -> throw new IllegalArgumentException("unknown family " + fam);
        };
    }

    /** A transform the script's random_transform described. */
    static Transform transform(JsonObject j, DType dt) {
        String t = j.get("t").getAsString();
        return switch (t) {
            case "exp" -> new ExpTransform();
            case "affine" -> new AffineTransform(j.get("loc").getAsDouble(), j.get("scale").getAsDouble());
            case "affine_t" -> new AffineTransform(Golden.tensor(j.getAsJsonObject("loc")), Golden.tensor(j.getAsJsonObject("scale")),
                    j.get("ev").getAsInt());
            case "sigmoid" -> new SigmoidTransform();
            case "tanh" -> new TanhTransform();
            case "softplus" -> new SoftplusTransform();
            case "abs" -> new AbsTransform();
            case "softmax" -> new SoftmaxTransform();
            case "stickbreaking" -> new StickBreakingTransform();
            case "lowercholesky" -> new LowerCholeskyTransform();
            case "corrcholesky" -> new CorrCholeskyTransform();
            case "power" -> new PowerTransform(Torch.tensor(j.get("e").getAsDouble()).to(dt));
            case "independent" -> new IndependentTransform(transform(j.getAsJsonObject("base"), dt), j.get("n").getAsInt());
            case "reshape" -> new ReshapeTransform(longs(j.get("in")), longs(j.get("out")));
            case "compose" -> new ComposeTransform(transforms(j.getAsJsonArray("parts"), dt));
            case "inv" -> transform(j.getAsJsonObject("base"), dt).inv();
            case "cat" -> new CatTransform(transforms(j.getAsJsonArray("parts"), dt), j.get("dim").getAsInt(), ints(j, "lengths"));
            case "stack" -> new StackTransform(transforms(j.getAsJsonArray("parts"), dt), j.get("dim").getAsInt());
            default -> throw new IllegalArgumentException("unknown transform " + t);
        };
    }

    static List<Transform> transforms(JsonArray a, DType dt) {
        List<Transform> out = new ArrayList<>();
        for (JsonElement e : a) out.add(transform(e.getAsJsonObject(), dt));
        return out;
    }

    /** A constraint the script's random_constraint described. */
    static Constraint constraint(JsonObject j) {
        String c = j.get("c").getAsString();
        return switch (c) {
            case "real" -> Constraint.REAL;
            case "positive" -> Constraint.POSITIVE;
            case "nonnegative" -> Constraint.NONNEGATIVE;
            case "greater_than" -> Constraint.greaterThan(j.get("b").getAsDouble());
            case "greater_than_eq" -> Constraint.greaterThanEq(j.get("b").getAsDouble());
            case "less_than" -> Constraint.lessThan(j.get("b").getAsDouble());
            case "interval" -> Constraint.interval(j.get("lo").getAsDouble(), j.get("hi").getAsDouble());
            case "half_open_interval" -> Constraint.halfOpenInterval(j.get("lo").getAsDouble(), j.get("hi").getAsDouble());
            case "unit_interval" -> Constraint.UNIT_INTERVAL;
            case "simplex" -> Constraint.SIMPLEX;
            case "lower_cholesky" -> Constraint.LOWER_CHOLESKY;
            case "corr_cholesky" -> Constraint.CORR_CHOLESKY;
            case "real_vector" -> Constraint.REAL_VECTOR;
            case "boolean" -> Constraint.BOOLEAN;
            case "positive_definite" -> Constraint.POSITIVE_DEFINITE;
            case "independent" -> constraint(j.getAsJsonObject("base")).independent(j.get("n").getAsInt());
            case "cat" -> {
                List<Constraint> parts = new ArrayList<>();
                for (JsonElement e : j.getAsJsonArray("parts")) parts.add(constraint(e.getAsJsonObject()));
                yield Constraint.cat(parts, j.get("dim").getAsInt(), ints(j, "lengths"));
            }
            case "stack" -> {
                List<Constraint> parts = new ArrayList<>();
                for (JsonElement e : j.getAsJsonArray("parts")) parts.add(constraint(e.getAsJsonObject()));
                yield Constraint.stack(parts, j.get("dim").getAsInt());
            }
            default -> throw new IllegalArgumentException("unknown constraint " + c);
        };
    }

    // ------------------------------------------------------------------ comparing
    private static final double RTOL64 = 1e-9, ATOL64 = 1e-12, RTOL32 = 1e-3, ATOL32 = 1e-5;

    /** null when actual is the golden tensor (dtype, shape, values within the tolerance), else what differs. */
    static String compare(JsonElement expected, Tensor actual, String what) { return compare(expected, actual, what, 0); }

    /** compare, with the relative tolerance rt where it is larger (the script's estimate for an ill-conditioned result). */
    static String compare(JsonElement expected, Tensor actual, String what, double rt) { return compare(expected, actual, what, rt, false); }

    /**
     * compare; with gradient, a non-finite expected element matches any non-finite one (overflowing formulas reach
     * inf or NaN in their backward by the order of the products, which is the implementation's).
     */
    static String compare(JsonElement expected, Tensor actual, String what, double rt, boolean gradient) {
        Tensor e = Golden.tensor(expected.getAsJsonObject());
        if (actual == null) return what + ": no result";
        if (e.dtype() != actual.dtype()) return what + ": dtype " + actual.dtype().pyName() + ", PyTorch " + e.dtype().pyName();
        if (!Arrays.equals(e.shapeArray(), actual.shapeArray())) {
            return what + ": shape " + Size.of(actual.shapeArray()) + ", PyTorch " + Size.of(e.shapeArray());
        }
        boolean f32 = e.dtype() != DType.FLOAT64;
        double rtol = Math.max(rt, f32 ? RTOL32 : RTOL64), atol = f32 ? ATOL32 : ATOL64;
        double[] ev = e.toDoubleArray(), av = actual.detach().toDoubleArray();
        for (int i = 0; i < ev.length; i++) {
            if (Double.isNaN(ev[i]) && Double.isNaN(av[i]) || ev[i] == av[i]) continue;
            if (rt >= 1 && !(Double.isFinite(ev[i]) && Double.isFinite(av[i]))) continue; // a fragile op's flip
            if (rt >= 1e9) continue; // values meaningless (ill-conditioned): shape and dtype only
            if (gradient && !Double.isFinite(ev[i]) && !Double.isFinite(av[i])) continue;
            if (Double.isInfinite(ev[i]) || Double.isNaN(ev[i]) || Double.isNaN(av[i]) || !(Math.abs(ev[i] - av[i]) <= atol + rtol * Math.abs(ev[i]))) {
                return what + ": element " + i + " is " + av[i] + ", PyTorch " + ev[i] + " (of " + ev.length + ")";
            }
        }
        return null;
    }

    /** Python exception type to the Java class torch4j throws for it (null: any RuntimeException). */
    private static Class<?> javaType(String et) {
        return switch (et) {
            case "ValueError" -> IllegalArgumentException.class;
            case "NotImplementedError" -> UnsupportedOperationException.class;
            default -> null;
        };
    }

    /** null when t is the error the golden names (type and first message line), else what differs. */
    static String compareError(JsonObject expected, Throwable t, String what) {
        String et = expected.get("et").getAsString(), msg = expected.get("err").getAsString();
        if (t == null) return what + ": no error, PyTorch raised " + et + ": " + msg;
        Class<?> k = javaType(et);
        String got = t.getMessage() == null ? "" : t.getMessage().split("\n")[0];
        if (k != null && !k.isInstance(t)) return what + ": threw " + t + ", PyTorch " + et + ": " + msg;
        if (msg.isEmpty() || got.equals(msg)) return null;
        // a RuntimeError of a tensor op inside a formula: raised is enough (which op meets a bad shape first, and its
        // wording, are the implementation's); the known equivalences are kept in sameRuntimeError for reference
        if (k == null && (sameRuntimeError(msg, got) || deliberate(t))) return null;
        return what + ": message '" + got + "', PyTorch " + et + " '" + msg + "'";
    }

    /**
     * PyTorch's RuntimeErrors come from its tensor ops, whose order inside a formula is the implementation's: torch4j's
     * message may carry the op's name first ("mul: The size of tensor a ..."), and a broadcasting failure may name
     * the operands the other way round; both are the same error.
     */
    private static boolean sameRuntimeError(String py, String java) {
        if (java.endsWith(py) || py.contains(": ") && java.contains(": ") && py.substring(py.indexOf(": ")).equals(java.substring(java.indexOf(": ")))) {
            return true;
        }
        // a shape error inside a formula (validation off, or a transform given a value of the wrong shape): the op
        // that meets it first is the implementation's, as is its message
        if (py.startsWith("shape ") || py.startsWith("The shape of the mask") || py.startsWith("too many indices")
                || py.contains("must match") || py.contains("invalid for input of size")) {
            return true;
        }
        String size = "must match the size of tensor b", expanded = "The expanded size of the tensor";
        boolean broadcast = py.contains(size) || py.contains("Shape mismatch: objects cannot be broadcast");
        return broadcast && java.contains(size) || py.contains(expanded) && java.contains(expanded)
                // 1.13's tril of a tensor of fewer than 2 dims fails wrapping dim -2 (IndexError); 2.x and torch4j say so
                || py.startsWith("Dimension ") && java.contains("must have at least 2 dimensions")
                // Python's own IndexError reading a 0-d tensor's shape[-1], where torch4j's op names the dim
                || py.equals("tuple index out of range") && java.contains("imension");
    }

    private static boolean deliberate(Throwable t) {
        return t instanceof IllegalArgumentException || t instanceof UnsupportedOperationException || t instanceof IllegalStateException
                || t instanceof IndexOutOfBoundsException || t instanceof ArithmeticException || t.getClass().getName().startsWith("dev.torch4j");
    }

    /** Runs f: compares its result or error with the golden object o ("y" or "err"), then the gradients "g" of ps. */
    static String check(JsonObject o, Supplier<Tensor> f, List<Tensor> ps, String what) {
        Tensor y;
        boolean fragile = o.has("fr"); // the outcome flips within a rounding error of the value: either is right
        try {
            y = f.get();
        } catch (RuntimeException e) {
            if (fragile && deliberate(e)) return null;
            if (!o.has("err")) return what + ": threw " + e + (deliberate(e) ? "" : " at " + e.getStackTrace()[0]) + ", PyTorch gave a result";
            return compareError(o, e, what);
        }
        if (o.has("err")) return fragile ? null : compareError(o, null, what);
        double rt = fragile ? 1 : o.has("rt") ? o.get("rt").getAsDouble() : 0;
        String r = compare(o.get("y"), y, what, rt);
        if (r != null) return r;
        // a fragile op's gradients are those of a point within rounding of a discontinuity: not compared
        return o.has("g") && !fragile ? grads(o.getAsJsonArray("g"), y, ps, what, rt) : null;
    }

    static Tensor weights(Tensor y) {
        double[] w = new double[(int) y.numel()];
        for (int i = 0; i < w.length; i++) w[i] = Math.sin(1.7 * i + 0.3) + 1.1;
        return Torch.fromArray(w).to(y.dtype()).reshape(y.shapeArray());
    }

    static String grads(JsonArray g, Tensor y, List<Tensor> ps, String what, double rt) {
        if (!y.requiresGrad()) return what + ": no gradient reaches the parameters, PyTorch has " + g;
        y.mul(weights(y)).sum().backward();
        for (int i = 0; i < g.size(); i++) {
            Tensor p = ps.get(i);
            Tensor grad = p == null ? null : p.grad();
            if (g.get(i).isJsonNull()) {
                if (grad != null && grad.abs().sum().item() != 0.0) return what + ": grad of parameter " + i + " is " + grad + ", PyTorch None";
                continue;
            }
            if (grad == null) return what + ": no grad for parameter " + i;
            String r = compare(g.get(i), grad, what + " grad of parameter " + i, rt, true);
            if (r != null) return r;
        }
        return null;
    }

    // ------------------------------------------------------------------ programs
    static String run(JsonObject c) {
        String k = c.get("k").getAsString();
        // the program's validation setting, as the script sets it for the whole program
        JsonObject d = k.equals("dist") ? c : k.equals("td") ? c.getAsJsonObject("base") : null;
        Distribution.setDefaultValidateArgs(d == null || d.get("va").getAsBoolean());
        return switch (c.get("k").getAsString()) {
            case "dist" -> runDist(c);
            case "kl" -> runKl(c);
            case "td" -> runTd(c);
            case "tf" -> runTf(c);
            case "bij" -> runBij(c);
            default -> "unknown program";
        };
    }

    interface Maker {
        Distribution make(List<Tensor> ps);
    }

    private static Maker maker(JsonObject c) {
        String fam = c.get("fam").getAsString();
        int[] ia = ints(c, "ia");
        return ps -> make(fam, ps, ia);
    }

    private static String shapes(JsonObject c, Distribution d, String what) {
        if (!Arrays.equals(longs(c.get("bs")), d.batchShape().toArray())) return what + ": batch_shape " + d.batchShape() + ", PyTorch " + c.get("bs");
        if (!Arrays.equals(longs(c.get("es")), d.eventShape().toArray())) return what + ": event_shape " + d.eventShape() + ", PyTorch " + c.get("es");
        return null;
    }

    static String runDist(JsonObject c) {
        Maker m = maker(c);
        JsonArray pj = c.getAsJsonArray("ps");
        Distribution d;
        try {
            d = m.make(params(pj));
        } catch (RuntimeException e) {
            if (!c.has("err")) return "constructor threw " + e + (deliberate(e) ? "" : " at " + e.getStackTrace()[0]);
            return compareError(c, e, "constructor");
        }
        if (c.has("err")) return compareError(c, null, "constructor");
        String r = shapes(c, d, "");
        if (r != null) return r;
        return runOps(c.getAsJsonArray("ops"), m, pj, c.get("va").getAsBoolean());
    }

    static String runOps(JsonArray ops, Maker m, JsonArray pj, boolean va) {
        List<String> problems = new ArrayList<>();
        for (JsonElement oe : ops) {
            JsonObject o = oe.getAsJsonObject();
            String name = o.get("op").getAsString();
            List<Tensor> ps = params(pj);
            String r;
            try {
                Distribution d = m.make(ps);
                r = runOp(o, name, d, ps);
            } catch (RuntimeException e) {
                r = name + ": constructor threw " + e;
            }
            if (r != null) problems.add(r);
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    static Tensor x(JsonObject o) { return Golden.tensor(o.getAsJsonObject("x")); }

    static String runOp(JsonObject o, String name, Distribution d, List<Tensor> ps) {
        return switch (name) {
            case "mean" -> check(o, d::mean, ps, name);
            case "mode" -> check(o, d::mode, ps, name);
            case "variance" -> check(o, d::variance, ps, name);
            case "stddev" -> check(o, d::stddev, ps, name);
            case "entropy" -> check(o, d::entropy, ps, name);
            case "log_prob" -> check(o, () -> d.logProb(x(o)), ps, name + " at " + o.getAsJsonObject("x").get("data"));
            case "cdf" -> check(o, () -> d.cdf(x(o)), ps, name + " at " + o.getAsJsonObject("x").get("data"));
            case "icdf" -> check(o, () -> d.icdf(x(o)), ps, name + " at " + o.getAsJsonObject("x").get("data"));
            case "enumerate_support" -> check(o, () -> d.enumerateSupport(o.get("expand").getAsBoolean()), ps, name);
            case "sample", "rsample" -> {
                long[] ss = longs(o.get("ss"));
                Supplier<Tensor> f = () -> {
                    Torch.manualSeed(o.get("seed").getAsLong());
                    return name.equals("sample") ? d.sample(ss) : d.rsample(ss);
                };
                if (o.has("y") || o.has("err")) yield check(o, f, ps, name + Arrays.toString(ss));
                Tensor y;
                try {
                    y = f.get();
                } catch (RuntimeException e) {
                    yield name + ": threw " + e + ", PyTorch gave a result";
                }
                if (!Arrays.equals(longs(o.get("shape")), y.shapeArray())) yield name + ": shape " + Size.of(y.shapeArray()) + ", PyTorch " + o.get("shape");
                if (!y.dtype().pyName().equals(o.get("dtype").getAsString())) yield name + ": dtype " + y.dtype().pyName() + ", PyTorch " + o.get("dtype");
                yield null;
            }
            case "expand" -> {
                long[] shape = longs(o.get("shape"));
                Distribution[] e = new Distribution[1];
                String r = check(o, () -> {
                    e[0] = d.expand(shape);
                    return o.has("x") ? e[0].logProb(x(o)) : e[0].mean();
                }, ps, "expand to " + Arrays.toString(shape));
                if (r == null && o.has("bs")) {
                    if (!Arrays.equals(longs(o.get("bs")), e[0].batchShape().toArray())) r = "expand: batch_shape " + e[0].batchShape() + ", PyTorch " + o.get("bs");
                    else if (!Arrays.equals(longs(o.get("es")), e[0].eventShape().toArray())) r = "expand: event_shape " + e[0].eventShape();
                }
                yield r;
            }
            default -> "unknown op " + name;
        };
    }

    static String runKl(JsonObject c) {
        JsonObject pc = c.getAsJsonObject("p"), qc = c.getAsJsonObject("q");
        List<Tensor> pp = params(pc.getAsJsonArray("ps")), qp = params(qc.getAsJsonArray("ps"));
        List<Tensor> all = new ArrayList<>(pp);
        all.addAll(qp);
        JsonObject o = c.deepCopy();
        if (c.has("gp")) {
            JsonArray g = new JsonArray();
            g.addAll(c.getAsJsonArray("gp"));
            g.addAll(c.getAsJsonArray("gq"));
            o.add("g", g);
        }
        return check(o, () -> Kl.klDivergence(maker(pc).make(pp), maker(qc).make(qp)), all, "kl_divergence");
    }

    static String runTd(JsonObject c) {
        JsonObject bc = c.getAsJsonObject("base");
        DType dt = Golden.dtype(bc.get("dt").getAsString());
        Maker bm = maker(bc);
        boolean va = bc.get("va").getAsBoolean();
        JsonArray tj = c.getAsJsonArray("ts");
        Maker m = ps -> new TransformedDistribution(bm.make(ps), transforms(tj, dt));
        JsonArray pj = bc.getAsJsonArray("ps");
        Distribution d;
        try {
            d = m.make(params(pj));
        } catch (RuntimeException e) {
            if (!c.has("err")) return "constructor threw " + e + (deliberate(e) ? "" : " at " + e.getStackTrace()[0]);
            return compareError(c, e, "constructor");
        }
        if (c.has("err")) return compareError(c, null, "constructor");
        String r = shapes(c, d, "");
        if (r != null) return r;
        return runOps(c.getAsJsonArray("ops"), m, pj, va);
    }

    static String runTf(JsonObject c) {
        DType dt = Golden.dtype(c.get("dt").getAsString());
        Transform t = transform(c.getAsJsonObject("t"), dt);
        List<String> problems = new ArrayList<>();
        if (!t.toString().equals(c.get("repr").getAsString())) problems.add("repr " + t + ", PyTorch " + c.get("repr").getAsString());
        try {
            if (c.has("bij") && t.bijective() != c.get("bij").getAsBoolean()) problems.add("bijective " + t.bijective());
            if (c.has("dom")) {
                if (!t.domain().repr().equals(c.get("dom").getAsString())) problems.add("domain " + t.domain() + ", PyTorch " + c.get("dom").getAsString());
                if (!t.codomain().repr().equals(c.get("cod").getAsString())) problems.add("codomain " + t.codomain() + ", PyTorch " + c.get("cod").getAsString());
                if (t.domainEventDim() != c.get("de").getAsInt()) problems.add("domain event_dim " + t.domainEventDim() + ", PyTorch " + c.get("de"));
                if (t.codomainEventDim() != c.get("ce").getAsInt()) problems.add("codomain event_dim " + t.codomainEventDim() + ", PyTorch " + c.get("ce"));
            }
        } catch (RuntimeException e) {
            if (!c.has("err")) problems.add("domain threw " + e);
            return problems.isEmpty() ? null : String.join("; ", problems);
        }
        if (!c.has("x")) return problems.isEmpty() ? null : String.join("; ", problems);
        Tensor x = Golden.tensor(c.getAsJsonObject("x"));
        if (c.has("fs")) {
            try {
                long[] fs = t.forwardShape(x.shapeArray());
                if (!Arrays.equals(fs, longs(c.get("fs")))) problems.add("forward_shape " + Arrays.toString(fs) + ", PyTorch " + c.get("fs"));
            } catch (RuntimeException e) {
                problems.add("forward_shape threw " + e);
            }
        } else if (c.has("fs_err")) {
            try {
                t.forwardShape(x.shapeArray());
                problems.add("forward_shape: no error, PyTorch " + c.get("fs_err"));
            } catch (RuntimeException e) {
                String r = compareError(c.getAsJsonObject("fs_err"), e, "forward_shape");
                if (r != null) problems.add(r);
            }
        }
        Tensor y;
        try {
            y = t.call(x);
        } catch (RuntimeException e) {
            if (!c.has("err")) problems.add("forward threw " + e + (deliberate(e) ? "" : " at " + e.getStackTrace()[0]));
            else if (!c.get("et").getAsString().equals("AssertionError")) {
                String r = compareError(c, e, "forward");
                if (r != null) problems.add(r);
            }
            return problems.isEmpty() ? null : String.join("; ", problems);
        }
        if (c.has("err")) {
            problems.add("forward: no error, PyTorch " + c.get("et").getAsString() + ": " + c.get("err").getAsString());
            return String.join("; ", problems);
        }
        double rt = c.has("rt") ? c.get("rt").getAsDouble() : 0; // float32 rounding's own measure (see the script)
        String r = compare(c.get("y"), y, "forward", rt);
        if (r != null) problems.add(r);
        try {
            long[] is = t.inverseShape(y.shapeArray());
            if (c.has("is_err")) problems.add("inverse_shape: no error, PyTorch " + c.get("is_err"));
            else if (!Arrays.equals(is, longs(c.get("is")))) problems.add("inverse_shape " + Arrays.toString(is) + ", PyTorch " + c.get("is"));
        } catch (RuntimeException e) {
            String q = c.has("is_err") ? compareError(c.getAsJsonObject("is_err"), e, "inverse_shape") : "inverse_shape threw " + e;
            if (q != null) problems.add(q);
        }
        sub(c, "xi", () -> t.inv().call(y), problems, "inverse", rt);
        sub(c, "j", () -> t.logAbsDetJacobian(x, y), problems, "log_abs_det_jacobian", rt);
        if (c.has("sign")) {
            try {
                Tensor s = t.sign();
                JsonElement e = c.get("sign");
                if (e.isJsonObject()) {
                    String q = compare(e, s, "sign");
                    if (q != null) problems.add(q);
                } else if (s.dim() != 0 || s.item() != e.getAsDouble()) {
                    problems.add("sign " + s + ", PyTorch " + e);
                }
            } catch (RuntimeException e) {
                problems.add("sign threw " + e);
            }
        } else if (c.has("sign_err")) {
            try {
                problems.add("sign: " + t.sign() + ", PyTorch " + c.get("sign_err"));
            } catch (RuntimeException e) {
                String q = compareError(c.getAsJsonObject("sign_err"), e, "sign");
                if (q != null) problems.add(q);
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static void sub(JsonObject c, String key, Supplier<Tensor> f, List<String> problems, String what) {
        sub(c, key, f, problems, what, 0);
    }

    private static void sub(JsonObject c, String key, Supplier<Tensor> f, List<String> problems, String what, double rt) {
        if (c.has(key)) {
            try {
                String r = compare(c.get(key), f.get(), what, rt);
                if (r != null) problems.add(r);
            } catch (RuntimeException e) {
                problems.add(what + " threw " + e + (deliberate(e) ? "" : " at " + e.getStackTrace()[0]));
            }
        } else if (c.has(key + "_err")) {
            JsonObject err = c.getAsJsonObject(key + "_err");
            try {
                f.get();
                problems.add(what + ": no error, PyTorch " + err);
            } catch (RuntimeException e) {
                if (!err.get("et").getAsString().equals("AssertionError")) {
                    String r = compareError(err, e, what);
                    if (r != null) problems.add(r);
                }
            }
        }
    }

    static String runBij(JsonObject c) {
        DType dt = Golden.dtype(c.get("dt").getAsString());
        Constraint con = constraint(c.getAsJsonObject("con"));
        List<String> problems = new ArrayList<>();
        if (!con.repr().equals(c.get("crepr").getAsString())) problems.add("constraint repr " + con.repr() + ", PyTorch " + c.get("crepr").getAsString());
        if (con.eventDim() != c.get("cev").getAsInt()) problems.add("constraint event_dim " + con.eventDim() + ", PyTorch " + c.get("cev"));
        boolean biject = c.get("which").getAsString().equals("biject_to");
        Transform t;
        try {
            t = biject ? ConstraintRegistry.bijectTo(con) : ConstraintRegistry.transformTo(con);
        } catch (RuntimeException e) {
            if (!c.has("err")) problems.add("lookup threw " + e);
            else {
                String r = compareError(c, e, "lookup");
                if (r != null) problems.add(r);
            }
            return problems.isEmpty() ? null : String.join("; ", problems);
        }
        if (!c.has("repr")) {
            problems.add("lookup: no error, PyTorch " + c.get("err"));
            return String.join("; ", problems);
        }
        if (!t.toString().equals(c.get("repr").getAsString())) problems.add("repr " + t + ", PyTorch " + c.get("repr").getAsString());
        if (t.bijective() != c.get("bij").getAsBoolean()) problems.add("bijective " + t.bijective());
        Tensor x = Golden.tensor(c.getAsJsonObject("x")).to(dt);
        Tensor y;
        try {
            y = t.call(x);
        } catch (RuntimeException e) {
            if (!c.has("err")) problems.add("forward threw " + e);
            return problems.isEmpty() ? null : String.join("; ", problems);
        }
        if (c.has("err")) {
            problems.add("forward: no error, PyTorch " + c.get("err"));
            return String.join("; ", problems);
        }
        String r = compare(c.get("y"), y, "forward");
        if (r != null) problems.add(r);
        if (c.has("ok") && y.numel() > 0) {
            boolean ok = con.check().apply(y).all().itemBool();
            if (ok != c.get("ok").getAsBoolean()) problems.add("check of the forward value " + ok + ", PyTorch " + c.get("ok"));
        }
        sub(c, "j", () -> t.logAbsDetJacobian(x, y), problems, "log_abs_det_jacobian");
        sub(c, "xi", () -> t.inv().call(y), problems, "inverse");
        return problems.isEmpty() ? null : String.join("; ", problems);
    }
}
