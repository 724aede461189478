package dev.torch4j.backend.cuda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the entry points' parameter lists out of PTX text, for {@link KernelSignatureTest}. */
final class PtxSignatures {
    private PtxSignatures() {}

    /** One {@code .param}: its PTX type without the dot ("u64", "b8" ...) and its size in bytes. */
    record PtxParam(String type, int size) {
        @Override public String toString() { return type.equals("b8") ? "b8[" + size + "]" : type; }
    }

    // ".visible .entry NAME(" ... ")": the list holds no parentheses (a struct is ".b8 NAME_param_0[656]")
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+([\\w$]+)\\s*(?:\\(([^)]*)\\))?");
    private static final Pattern TYPE = Pattern.compile("^\\.([busf])(8|16|32|64)$");
    private static final Pattern ARRAY = Pattern.compile("\\[(\\d+)]\\s*$");

    /** Entry point name to parameters, in the order of the PTX. Throws on a parameter it cannot read. */
    static Map<String, List<PtxParam>> parse(String ptx) {
        Map<String, List<PtxParam>> out = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(ptx);
        while (m.find()) {
            List<PtxParam> params = new ArrayList<>();
            String list = m.group(2) == null ? "" : m.group(2).strip();
            if (!list.isEmpty()) for (String p : list.split(",")) params.add(param(m.group(1), p.strip()));
            if (out.put(m.group(1), params) != null) throw new IllegalArgumentException("entry " + m.group(1) + " twice");
        }
        return out;
    }

    // e.g. ".param .u32 k_param_1", ".param .u64 .ptr .global .align 1 k_param_2", ".param .align 8 .b8 k_param_0[656]"
    private static PtxParam param(String entry, String text) {
        String[] tokens = text.split("\\s+");
        if (!tokens[0].equals(".param")) throw new IllegalArgumentException(entry + ": not a .param: " + text);
        for (String t : tokens) {
            Matcher tm = TYPE.matcher(t);
            if (!tm.matches()) continue;
            String type = t.substring(1);
            int bits = Integer.parseInt(tm.group(2));
            Matcher am = ARRAY.matcher(text);
            if (am.find()) { // an array: a struct passed by value
                return new PtxParam(type, Integer.parseInt(am.group(1)) * (bits / 8));
            }
            return new PtxParam(type, bits / 8);
        }
        throw new IllegalArgumentException(entry + ": no type in parameter: " + text);
    }
}
