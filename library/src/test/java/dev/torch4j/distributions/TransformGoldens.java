package dev.torch4j.distributions;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads goldens/transforms.json (scripts/goldens/transforms_goldens.py): builds the transforms of a JSON spec as the
 * script did (parameters as leaves requiring grad, in the script's order) and the families it names.
 */
final class TransformGoldens {
    private TransformGoldens() {}

    /** The cases of one kind ("transform", "family", "error"). */
    static List<JsonObject> cases(String kind) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject c : Golden.cases("transforms")) if (c.get("kind").getAsString().equals(kind)) out.add(c);
        return out;
    }

    /** The transform a spec describes; its tensor parameters are appended to params. */
    static Transform build(JsonObject s, List<Tensor> params) {
        return switch (s.get("name").getAsString()) {
            case "exp" -> new ExpTransform();
            case "sigmoid" -> new SigmoidTransform();
            case "tanh" -> new TanhTransform();
            case "softplus" -> new SoftplusTransform();
            case "abs" -> new AbsTransform();
            case "softmax" -> new SoftmaxTransform();
            case "stickbreaking" -> new StickBreakingTransform();
            case "lowercholesky" -> new LowerCholeskyTransform();
            case "power" -> new PowerTransform(param(s, "exponent", params));
            case "affine" -> new AffineTransform(param(s, "loc", params), param(s, "scale", params), s.has("event_dim") ? s.get("event_dim").getAsInt() : 0);
            case "affine_num" -> new AffineTransform(s.get("loc").getAsDouble(), s.get("scale").getAsDouble());
            case "reshape" -> new ReshapeTransform(FamilyGoldens.longs(s.getAsJsonArray("in")), FamilyGoldens.longs(s.getAsJsonArray("out")));
            case "independent" -> new IndependentTransform(build(s.getAsJsonObject("base"), params), s.get("n").getAsInt());
            case "compose" -> {
                List<Transform> parts = new ArrayList<>();
                for (JsonElement p : s.getAsJsonArray("parts")) parts.add(build(p.getAsJsonObject(), params));
                yield new ComposeTransform(parts);
            }
            case "inv" -> build(s.getAsJsonObject("base"), params).inv();
            case "cdf_normal" -> new CumulativeDistributionTransform(new Normal(param(s, "loc", params), param(s, "scale", params)));
            default -> throw new AssertionError(s);
        };
    }

    private static Tensor param(JsonObject s, String key, List<Tensor> params) {
        Tensor t = FamilyGoldens.tensor(s, key).requiresGrad_(true);
        params.add(t);
        return t;
    }

    /** {@code value * w} summed, w the case's stored weight for name. */
    static Tensor weighted(JsonObject c, String name, Tensor value) { return value.mul(FamilyGoldens.tensor(c, "w_" + name)).sum(); }
}
