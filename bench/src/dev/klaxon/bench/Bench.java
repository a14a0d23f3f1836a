package dev.klaxon.bench;

/** Entry point for {@code mvn -Pbench exec:java -Dbench=paging|oncall|chaos}. */
public final class Bench {

    public static void main(String[] args) throws Exception {
        String which = System.getProperty("bench", "paging");
        switch (which) {
            case "paging" -> PagingLatencyBench.main(args);
            case "oncall" -> OnCallCalculatorBench.main(args);
            case "chaos" -> ChaosBench.main(args);
            default -> throw new IllegalArgumentException("unknown bench " + which + "; use paging, oncall or chaos");
        }
    }
}
