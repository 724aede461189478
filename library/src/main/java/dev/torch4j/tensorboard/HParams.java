package dev.torch4j.tensorboard;

import dev.torch4j.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.utils.tensorboard.summary.hparams}: the experiment, session-start and session-end summaries of the
 * hparams plugin, with the field numbers of tensorboard's plugins/hparams api.proto and plugin_data.proto and
 * protobuf's struct.proto.
 */
final class HParams {
    /** tensorboard.plugins.hparams.metadata's names. */
    static final String EXPERIMENT_TAG = "_hparams_/experiment", SESSION_START_INFO_TAG = "_hparams_/session_start_info",
            SESSION_END_INFO_TAG = "_hparams_/session_end_info";
    /** api.proto's DataType and Status values. */
    private static final int DATA_TYPE_STRING = 1, DATA_TYPE_FLOAT64 = 3, STATUS_SUCCESS = 1;

    private HParams() {}

    /** The three summaries in PyTorch's order: experiment, session start, session end. */
    static List<Proto> summaries(Map<String, ?> hparams, Map<String, ?> metrics, Map<String, ? extends List<?>> domainDiscrete) {
        for (Map.Entry<String, ? extends List<?>> e : domainDiscrete.entrySet()) {
            Object v = hparams.get(e.getKey());
            boolean sameType = hparams.containsKey(e.getKey()) && e.getValue() != null
                    && e.getValue().stream().allMatch(d -> v == null ? d == null : v.getClass().isInstance(d));
            if (!sameType) {
                throw new IllegalArgumentException("addHparams: parameter: hparam_domain_discrete[" + e.getKey()
                        + "] should be a list of same type as hparam_dict[" + e.getKey() + "].");
            }
        }
        List<Proto> infos = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Proto> values = new ArrayList<>();
        for (Map.Entry<String, ?> e : hparams.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (v == null) continue;
            Proto info = new Proto().string(1, k);
            List<?> domain = domainDiscrete.get(k);
            if (v instanceof Number || v instanceof Boolean) {
                // PyTorch 2.x tests isinstance(v, (int, float)) first, and a Python bool is an int: bools are numbers
                values.add(number(v));
                info.int64(4, DATA_TYPE_FLOAT64);
                if (domain != null) info.message(5, listValue(domain.stream().map(HParams::number).toList()));
            } else if (v instanceof String s) {
                values.add(new Proto().bytesAlways(3, s.getBytes(StandardCharsets.UTF_8)));
                info.int64(4, DATA_TYPE_STRING);
                if (domain != null) {
                    info.message(5, listValue(domain.stream().map(d -> new Proto().bytesAlways(3, ((String) d).getBytes(StandardCharsets.UTF_8))).toList()));
                }
            } else if (v instanceof Tensor t) {
                values.add(new Proto().doubleAlways(2, t.detach().reshape(-1).get(0).item()));
                info.int64(4, DATA_TYPE_FLOAT64);
            } else {
                throw new IllegalArgumentException("addHparams: value should be one of int, float, str, bool, or torch.Tensor, got "
                        + v.getClass().getName() + " for " + k);
            }
            keys.add(k);
            infos.add(info);
        }
        Proto experiment = new Proto();
        for (Proto info : infos) experiment.message(4, info);
        for (String m : metrics.keySet()) experiment.message(5, new Proto().message(1, new Proto().string(2, m)));

        Proto start = new Proto();
        // a map's entries in protobuf's deterministic order (keys by UTF-8 bytes); PyTorch's come in hash order,
        // which TensorBoard reads the same
        Integer[] order = new Integer[keys.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(utf8(keys.get(a)), utf8(keys.get(b))));
        for (int i : order) start.message(1, new Proto().bytesAlways(1, utf8(keys.get(i))).message(2, values.get(i)));

        Proto end = new Proto().int64(1, STATUS_SUCCESS);
        // HParamsPluginData: version 1 (0, left out), experiment 2, session_start_info 3, session_end_info 4
        return List.of(summary(EXPERIMENT_TAG, new Proto().message(2, experiment)),
                summary(SESSION_START_INFO_TAG, new Proto().message(3, start)),
                summary(SESSION_END_INFO_TAG, new Proto().message(4, end)));
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** google.protobuf.Value(number_value=v): field 2 of a oneof, so written even when 0. */
    private static Proto number(Object v) {
        double d = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
        return new Proto().doubleAlways(2, d);
    }

    /** google.protobuf.ListValue: repeated Value values = 1. */
    private static Proto listValue(List<Proto> values) {
        Proto list = new Proto();
        for (Proto v : values) list.message(1, v);
        return list;
    }

    /** A Summary with one valueless Value: the tag and the plugin metadata, whose content is the plugin data. */
    private static Proto summary(String tag, Proto pluginData) {
        Proto plugin = new Proto().string(1, "hparams").bytesAlways(2, pluginData.toByteArray());
        return new Proto().message(1, new Proto().string(1, tag).message(9, new Proto().message(1, plugin)));
    }
}
