package dev.torch4j.ops;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code torch.einsum(equation, operands)}: Einstein summation with PyTorch's grammar (letters a-z and A-Z, one
 * {@code ...} per term for broadcast dims, an implicit output of the ellipsis dims followed by the letters that
 * appear once, in ASCII order; size-1 dims broadcast; dims the output leaves out, ellipsis ones included, are summed). Repeated letters in one operand take its diagonal; then the
 * operands are contracted left to right, each pair as one batched matrix product over the letters they share and
 * no later term needs (letters needed by no one are summed out first). Everything is composed from recorded ops
 * (diagonal, sum, permute, reshape, bmm), so autograd comes with it.
 */
public final class Einsum {
    private Einsum() {}

    private static final int LETTERS = 52;

    /** A tensor with one label per dim (letters 0-51 in ASCII order, ellipsis dims 52 and up). */
    private record Term(Tensor t, List<Integer> labels) {}

    private static int letter(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return 26 + c - 'a';
        throw new IllegalArgumentException("einsum(): invalid subscript given at index of the equation: '" + c
                + "' (subscripts must be letters in [a-zA-Z])");
    }

    private static char name(int label) { return label < 26 ? (char) ('A' + label) : (char) ('a' + label - 26); }

    /** The labels of one term; an ellipsis stands for the dims the letters leave, right-aligned to {@code maxEll}. */
    private static List<Integer> parse(String term, int ndim, int maxEll, int operand) {
        List<Integer> out = new ArrayList<>();
        int dots = term.indexOf("...");
        if (dots >= 0 && term.indexOf("...", dots + 1) >= 0) {
            throw new IllegalArgumentException("einsum(): found more than one ellipsis (\"...\") in subscripts for operand " + operand);
        }
        String letters = dots < 0 ? term : term.substring(0, dots) + term.substring(dots + 3);
        int ell = ndim - letters.length();
        if (dots < 0 && ell != 0) {
            throw new IllegalArgumentException("einsum(): the number of subscripts in the equation (" + letters.length()
                    + ") does not match the number of dimensions (" + ndim + ") for operand " + operand + " and no ellipsis was given");
        }
        if (ell < 0) {
            throw new IllegalArgumentException("einsum(): the number of subscripts in the equation (" + letters.length()
                    + ") is more than the number of dimensions (" + ndim + ") for operand " + operand);
        }
        for (int i = 0; i < term.length(); i++) {
            if (i == dots) {
                for (int e = 0; e < ell; e++) out.add(LETTERS + maxEll - ell + e);
                i += 2;
            } else {
                out.add(letter(term.charAt(i)));
            }
        }
        return out;
    }

    /** Ellipsis dims of an operand's term (its dims minus its letters). */
    private static int ellipsisDims(String term, int ndim) {
        int dots = term.indexOf("...");
        return dots < 0 ? 0 : ndim - (term.length() - 3);
    }

    public static Tensor einsum(String equation, Tensor... operands) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.EINSUM, a -> einsum(equation, a), operands);
        String eq = equation.replace(" ", "");
        int arrow = eq.indexOf("->");
        String lhs = arrow < 0 ? eq : eq.substring(0, arrow);
        String[] terms = lhs.split(",", -1);
        if (operands.length == 0) throw new IllegalArgumentException("einsum(): must provide at least one operand");
        if (terms.length != operands.length) {
            throw new IllegalArgumentException("einsum(): " + (terms.length < operands.length ? "more" : "fewer")
                    + " operands were provided than specified in the equation");
        }
        int maxEll = 0;
        for (int i = 0; i < terms.length; i++) maxEll = Math.max(maxEll, ellipsisDims(terms[i], operands[i].dim()));
        List<Term> ops = new ArrayList<>();
        int[] count = new int[LETTERS];
        for (int i = 0; i < terms.length; i++) {
            List<Integer> labels = parse(terms[i], operands[i].dim(), maxEll, i);
            for (int l : labels) if (l < LETTERS) count[l]++; // occurrences: a letter repeated in one operand is not output
            ops.add(diagonals(new Term(operands[i], labels), i));
        }
        checkSizes(ops);
        List<Integer> output = new ArrayList<>();
        if (arrow >= 0) {
            String out = eq.substring(arrow + 2);
            int dots = out.indexOf("...");
            for (int i = 0; i < out.length(); i++) {
                if (i == dots) {
                    for (int e = 0; e < maxEll; e++) output.add(LETTERS + e);
                    i += 2;
                    continue;
                }
                int l = letter(out.charAt(i));
                if (output.contains(l)) throw new IllegalArgumentException("einsum(): output subscript " + out.charAt(i) + " appears more than once in the output");
                if (count[l] == 0) throw new IllegalArgumentException("einsum(): output subscript " + out.charAt(i) + " does not appear in the equation for any input operand");
                output.add(l);
            }
        } else {
            for (int e = 0; e < maxEll; e++) output.add(LETTERS + e);
            for (int l = 0; l < LETTERS; l++) if (count[l] == 1) output.add(l);
        }
        Term cur = ops.getFirst();
        for (int k = 1; k < ops.size(); k++) {
            Set<Integer> needed = new LinkedHashSet<>(output);
            for (int j = k + 1; j < ops.size(); j++) needed.addAll(ops.get(j).labels());
            Term next = ops.get(k);
            Set<Integer> keepCur = new LinkedHashSet<>(needed), keepNext = new LinkedHashSet<>(needed);
            keepCur.addAll(next.labels());
            keepNext.addAll(cur.labels());
            cur = contract(sumOut(cur, keepCur), sumOut(next, keepNext), needed);
        }
        cur = sumOut(cur, new LinkedHashSet<>(output));
        long[] perm = new long[output.size()];
        for (int i = 0; i < perm.length; i++) perm[i] = cur.labels().indexOf(output.get(i));
        return cur.t().permute(perm);
    }

    /** PyTorch's check, operand by operand: a label's sizes must agree or be 1. */
    private static void checkSizes(List<Term> ops) {
        java.util.Map<Integer, Long> seen = new java.util.HashMap<>();
        for (int k = 0; k < ops.size(); k++) {
            Term op = ops.get(k);
            for (int i = 0; i < op.labels().size(); i++) {
                int l = op.labels().get(i);
                long size = op.t().size(i);
                Long prev = seen.get(l);
                if (prev == null || prev == 1) {
                    seen.put(l, size);
                } else if (size != 1 && size != prev) {
                    throw new IllegalArgumentException("einsum(): subscript " + (l < LETTERS ? String.valueOf(name(l)) : "...") + " has size "
                            + size + " for operand " + k + " which does not broadcast with previously seen size " + prev);
                }
            }
        }
    }

    /** Repeated labels in one operand become one dim: their diagonal. */
    private static Term diagonals(Term term, int operand) {
        Tensor t = term.t();
        List<Integer> labels = new ArrayList<>(term.labels());
        for (int i = 0; i < labels.size(); i++) {
            int j = labels.subList(i + 1, labels.size()).indexOf(labels.get(i));
            if (j < 0) continue;
            j += i + 1;
            if (t.size(i) != t.size(j)) {
                throw new IllegalArgumentException("einsum(): subscript " + name(labels.get(i)) + " is repeated for operand " + operand
                        + " but the sizes don't match, " + t.size(j) + " != " + t.size(i));
            }
            int label = labels.get(i);
            t = t.diagonal(0, i, j); // the diagonal becomes the last dim
            labels.remove(j);
            labels.remove(i);
            labels.add(label);
            i = -1;
        }
        return new Term(t, labels);
    }

    /** Sums out the labels not in {@code keep}. */
    private static Term sumOut(Term term, Set<Integer> keep) {
        List<Integer> labels = term.labels();
        List<Long> dims = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (keep.contains(labels.get(i))) kept.add(labels.get(i));
            else dims.add((long) i);
        }
        if (dims.isEmpty()) return term;
        return new Term(term.t().sum(dims.stream().mapToLong(Long::longValue).toArray(), false), kept);
    }

    /** One batched product of two terms over their shared labels that {@code needed} does not keep. */
    private static Term contract(Term a, Term b, Set<Integer> needed) {
        List<Integer> batch = new ArrayList<>(), summed = new ArrayList<>(), aOnly = new ArrayList<>(), bOnly = new ArrayList<>();
        for (int l : a.labels()) {
            if (b.labels().contains(l)) (needed.contains(l) ? batch : summed).add(l);
            else aOnly.add(l);
        }
        for (int l : b.labels()) if (!a.labels().contains(l)) bOnly.add(l);
        Tensor ta = a.t(), tb = b.t();
        // size-1 dims broadcast against the other operand's size
        long[] sa = ta.shapeArray().clone(), sb = tb.shapeArray().clone();
        for (int l : batch) broadcast(l, a, b, sa, sb);
        for (int l : summed) broadcast(l, a, b, sa, sb);
        ta = ta.expand(sa);
        tb = tb.expand(sb);
        List<Integer> aOrder = concat(batch, aOnly, summed), bOrder = concat(batch, summed, bOnly);
        ta = ta.permute(indexes(a.labels(), aOrder));
        tb = tb.permute(indexes(b.labels(), bOrder));
        long nb = prod(sa, a.labels(), batch), m = prod(sa, a.labels(), aOnly), k = prod(sa, a.labels(), summed), n = prod(sb, b.labels(), bOnly);
        Tensor a3 = ta.reshape(nb, m, k), b3 = tb.reshape(nb, k, n);
        Tensor r = a3.isFloatingPoint() && b3.isFloatingPoint() ? a3.bmm(b3) : a3.unsqueeze(3).mul(b3.unsqueeze(1)).sum(2);
        List<Long> shape = new ArrayList<>();
        for (int l : batch) shape.add(sa[a.labels().indexOf(l)]);
        for (int l : aOnly) shape.add(sa[a.labels().indexOf(l)]);
        for (int l : bOnly) shape.add(sb[b.labels().indexOf(l)]);
        return new Term(r.reshape(shape.stream().mapToLong(Long::longValue).toArray()), concat(batch, aOnly, bOnly));
    }

    private static void broadcast(int label, Term a, Term b, long[] sa, long[] sb) {
        int ia = a.labels().indexOf(label), ib = b.labels().indexOf(label);
        if (sa[ia] == sb[ib]) return;
        if (sa[ia] == 1) sa[ia] = sb[ib];
        else if (sb[ib] == 1) sb[ib] = sa[ia];
        else {
            throw new IllegalArgumentException("einsum(): operands do not broadcast: subscript "
                    + (label < LETTERS ? String.valueOf(name(label)) : "...") + " has size " + sa[ia] + " in one operand and " + sb[ib] + " in another");
        }
    }

    @SafeVarargs
    private static List<Integer> concat(List<Integer>... parts) {
        List<Integer> out = new ArrayList<>();
        for (List<Integer> p : parts) out.addAll(p);
        return out;
    }

    private static long[] indexes(List<Integer> labels, List<Integer> order) {
        long[] out = new long[order.size()];
        for (int i = 0; i < out.length; i++) out[i] = labels.indexOf(order.get(i));
        return out;
    }

    private static long prod(long[] shape, List<Integer> labels, List<Integer> which) {
        long p = 1;
        for (int l : which) p *= shape[labels.indexOf(l)];
        return p;
    }
}
