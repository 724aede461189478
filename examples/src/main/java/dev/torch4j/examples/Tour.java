package dev.torch4j.examples;

/** Placeholder for the guided tour of torch4j; {@code ./torch4j tour} runs it. */
public final class Tour {
    private Tour() {}

    public static void main(String[] args) {
        System.out.println("torch4j tour");
    }
}
