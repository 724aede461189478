package dev.torch4j.optim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.NnGoldens;
import dev.torch4j.nn.Parameter;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** Optimizer steps from identical weights and gradients, against PyTorch (goldens/nn.json, float32). */
class OptimizerTest {
    private static final Map<String, Function<List<Tensor>, Optimizer>> MAKE = new LinkedHashMap<>();

    static {
        MAKE.put("sgd", ps -> new SGD(ps, SGD.options(0.1)));
        MAKE.put("sgd_momentum", ps -> new SGD(ps, SGD.options(0.1).momentum(0.9)));
        MAKE.put("sgd_nesterov_wd", ps -> new SGD(ps, SGD.options(0.05).momentum(0.8).nesterov(true).weightDecay(0.01)));
        MAKE.put("sgd_dampening", ps -> new SGD(ps, SGD.options(0.05).momentum(0.5).dampening(0.3).maximize(true)));
        MAKE.put("adam", ps -> new Adam(ps, Adam.options(0.01)));
        MAKE.put("adam_amsgrad_wd", ps -> new Adam(ps, Adam.options(0.02).betas(0.8, 0.99).weightDecay(0.1).amsgrad(true)));
        MAKE.put("adamw", ps -> new AdamW(ps, AdamW.options(0.01)));
        MAKE.put("adamw_wd", ps -> new AdamW(ps, AdamW.options(0.03).weightDecay(0.5).eps(1e-6)));
        MAKE.put("rmsprop", ps -> new RMSprop(ps, RMSprop.options(0.01)));
        MAKE.put("rmsprop_centered_momentum", ps -> new RMSprop(ps, RMSprop.options(0.01).momentum(0.9).centered(true).weightDecay(0.1)));
        MAKE.put("adagrad", ps -> new Adagrad(ps, Adagrad.options(0.1)));
        MAKE.put("adagrad_decay", ps -> new Adagrad(ps, Adagrad.options(0.1).lrDecay(0.1).weightDecay(0.05).initialAccumulatorValue(0.2)));
        MAKE.put("adamax", ps -> new Adamax(ps, Adamax.options(0.05)));
        MAKE.put("adamax_wd_maximize", ps -> new Adamax(ps, Adamax.options(0.02).betas(0.8, 0.95).weightDecay(0.1).maximize(true)));
        MAKE.put("adadelta", ps -> new Adadelta(ps, Adadelta.options()));
        MAKE.put("rprop", ps -> new Rprop(ps, Rprop.options(0.05)));
        MAKE.put("rprop_bounds_maximize", ps -> new Rprop(ps, Rprop.options(0.1).etas(0.3, 1.5).stepSizes(0.02, 0.2).maximize(true)));
        MAKE.put("asgd", ps -> new ASGD(ps, ASGD.options(0.05)));
        MAKE.put("asgd_averaging", ps -> new ASGD(ps, ASGD.options(0.1).lambd(0.01).alpha(0.5).t0(2).weightDecay(0.1).maximize(true)));
        MAKE.put("adadelta_wd", ps -> new Adadelta(ps, Adadelta.options(0.5).rho(0.8).eps(1e-4).weightDecay(0.1).maximize(true)));
        MAKE.put("nadam", ps -> new NAdam(ps, NAdam.options(0.01)));
        MAKE.put("nadam_wd", ps -> new NAdam(ps, NAdam.options(0.02).betas(0.85, 0.99).weightDecay(0.1).momentumDecay(0.01)));
        MAKE.put("radam", ps -> new RAdam(ps, RAdam.options(0.01)));
        MAKE.put("radam_wd", ps -> new RAdam(ps, RAdam.options(0.02).betas(0.8, 0.9).weightDecay(0.1)));
    }

    @Test
    void everyOptimizerStepsLikePyTorch() {
        int n = 0;
        for (JsonObject c : NnGoldens.cases("optim")) {
            String name = c.get("name").getAsString();
            List<Tensor> ps = new ArrayList<>();
            for (Tensor t : NnGoldens.tensors(c.getAsJsonArray("init"))) ps.add(Parameter.of(t));
            Optimizer opt = MAKE.get(name).apply(ps);
            for (JsonElement step : c.getAsJsonArray("grads")) {
                List<Tensor> gs = NnGoldens.tensors(step.getAsJsonArray());
                for (int i = 0; i < ps.size(); i++) ps.get(i).setGrad(gs.get(i));
                opt.step();
            }
            List<Tensor> fin = NnGoldens.tensors(c.getAsJsonArray("final"));
            // float32 steps; PyTorch 2.x (followed here) takes lerp_ for moving averages where 1.13 took mul_/add_
            for (int i = 0; i < ps.size(); i++) Golden.assertClose(fin.get(i), ps.get(i).detach(), 1e-5, 1e-6, name + " param " + i);
            JsonArray keys = c.getAsJsonArray("state_keys").get(0).getAsJsonArray();
            List<String> expectedState = new ArrayList<>();
            for (JsonElement k : keys) expectedState.add(k.getAsString());
            // PyTorch 2.x keeps no state for SGD without momentum (1.13 stored momentum_buffer=None)
            if (name.equals("sgd")) expectedState.clear();
            assertEquals(expectedState, new ArrayList<>(opt.state(ps.getFirst()).keySet()), name + " state keys");
            List<String> pyGroupKeys = NnGoldens.strings(c, "group_keys");
            for (String k : opt.paramGroups().getFirst().options().keySet()) assertTrue(pyGroupKeys.contains(k), name + ": key " + k);
            n++;
        }
        assertEquals(MAKE.size(), n);
    }

    @Test
    void stateDictRoundTripContinuesIdentically() {
        manualSeed(3);
        Linear a = new Linear(3, 2);
        Linear b = new Linear(3, 2);
        b.loadStateDict(a.stateDict());
        Adam oa = new Adam(a.parameters(), Adam.options(0.05));
        Tensor x = randn(4, 3);
        for (int i = 0; i < 2; i++) {
            oa.zeroGrad();
            a.call(x).square().sum().backward();
            oa.step();
        }
        Map<String, Object> sd = oa.stateDict();
        assertEquals(List.of("state", "param_groups"), new ArrayList<>(sd.keySet()));
        @SuppressWarnings("unchecked")
        var groups = (List<Map<String, Object>>) sd.get("param_groups");
        assertEquals(List.of(0, 1), groups.getFirst().get("params"));
        assertEquals("params", new ArrayList<>(groups.getFirst().keySet()).getLast());
        b.loadStateDict(a.stateDict());
        Adam ob = new Adam(b.parameters(), Adam.options(0.9));
        ob.loadStateDict(sd);
        assertEquals(0.05, ob.paramGroups().getFirst().lr());
        for (int i = 0; i < 2; i++) {
            oa.zeroGrad();
            ob.zeroGrad();
            a.call(x).square().sum().backward();
            b.call(x).square().sum().backward();
            oa.step();
            ob.step();
        }
        assertTrue(a.weight.equal(b.weight));
        assertEquals(4.0, ((Tensor) ob.state(b.weight).get("step")).item());
    }

    @Test
    void paramGroupsTakeTheirOwnOptions() {
        Tensor p1 = Parameter.of(ones(2)), p2 = Parameter.of(ones(2));
        SGD opt = new SGD(List.of(ParamGroup.of(List.of(p1)), ParamGroup.of(List.of(p2)).set("lr", 1.0)), SGD.options(0.1));
        p1.setGrad(ones(2));
        p2.setGrad(ones(2));
        opt.step();
        assertEquals(0.9, p1.index(0).item(), 1e-7);
        assertEquals(0.0, p2.index(0).item(), 1e-7);
        assertEquals(List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"),
                new ArrayList<>(opt.paramGroups().getFirst().options().keySet()));
        var e = assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(ParamGroup.of(List.of(p1))));
        assertEquals("some parameters appear in more than one parameter group", e.getMessage());
    }

    @Test
    void zeroGradSetsNoneAsPyTorch2() {
        Tensor p = Parameter.of(ones(2));
        SGD opt = new SGD(List.of(p), SGD.options(0.1));
        p.setGrad(ones(2));
        opt.zeroGrad(false);
        assertEquals(0.0, p.grad().sum().item());
        opt.zeroGrad();
        assertNull(p.grad());
        opt.step(); // no gradient: nothing happens
        assertEquals(2.0, p.sum().item());
    }

    @Test
    void invalidHyperparametersFailAsInPyTorch() {
        List<Tensor> ps = List.of(Parameter.of(ones(1)));
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(ps, SGD.options(-0.1)));
        assertEquals("Invalid learning rate: -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(ps, SGD.options(0.1).nesterov(true)));
        assertEquals("Nesterov momentum requires a momentum and zero dampening", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(ps, Adam.options().betas(1.0, 0.9)));
        assertEquals("Invalid beta parameter at index 0: 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(ps, Adam.options().eps(-1e-08)));
        assertEquals("Invalid epsilon value: -1e-08", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.<Tensor>of(), SGD.options(0.1)));
        assertEquals("optimizer got an empty parameter list", e.getMessage());
        Tensor leaf = ones(2).requiresGrad_(true);
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(leaf.mul(2)), SGD.options(0.1)));
        assertEquals("can't optimize a non-leaf Tensor", e.getMessage());
    }

    @Test
    void closureStepReturnsTheLoss() {
        Tensor p = Parameter.of(tensor(new float[] {2}));
        SGD opt = new SGD(List.of(p), SGD.options(0.25));
        Tensor loss = opt.step(() -> {
            opt.zeroGrad();
            Tensor l = p.square().sum();
            l.backward();
            return l;
        });
        assertEquals(4.0, loss.item());
        assertEquals(1.0, p.item(), 1e-7); // 2 - 0.25 * 4
    }
}
