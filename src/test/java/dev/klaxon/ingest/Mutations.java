package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Malformed variants of real payloads, reproducible from a seed: truncations, type swaps, deleted fields, control
 * characters and lone surrogates, very long strings, flipped bytes and plain random bytes.
 */
final class Mutations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Random random;

    Mutations(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} mutations of the given sample bodies, round robin over the kinds of damage. */
    List<byte[]> of(List<String> samples, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sample = samples.get(random.nextInt(samples.size()));
            out.add(mutate(sample, i % 8));
        }
        return out;
    }

    byte[] mutate(String sample, int kind) {
        byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
        return switch (kind) {
            case 0 -> java.util.Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length - 1)));
            case 1 -> tree(sample, this::swapType);
            case 2 -> tree(sample, this::deleteField);
            case 3 -> tree(sample, n -> replaceString(n, controlText()));
            case 4 -> tree(sample, n -> replaceString(n, "x".repeat(100_000 + random.nextInt(1000))));
            case 5 -> flipBytes(bytes);
            case 6 -> randomBytes();
            default -> tree(sample, n -> {
                swapType(n);
                deleteField(n);
            });
        };
    }

    private byte[] tree(String sample, java.util.function.Consumer<JsonNode> damage) {
        try {
            JsonNode root = JSON.readTree(sample);
            damage.accept(root);
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces one value somewhere in the tree with a value of another type. */
    void swapType(JsonNode root) {
        Slot s = randomSlot(root);
        if (s != null) {
            s.set(randomValue(s.get()));
        }
    }

    void deleteField(JsonNode root) {
        Slot s = randomSlot(root);
        if (s != null) {
            s.remove();
        }
    }

    private void replaceString(JsonNode root, String text) {
        List<Slot> strings = slots(root).stream().filter(s -> s.get().isTextual()).toList();
        if (!strings.isEmpty()) {
            strings.get(random.nextInt(strings.size())).set(F.textNode(text));
        }
    }

    private String controlText() {
        StringBuilder b = new StringBuilder("bad");
        String[] nasty = {"\u0000", "\u0007", "\u001b[31m", "\r\n", "\ud800", "\udfff", "\u202e", "\u0085", "\uffff"};
        for (int i = 0; i < 1 + random.nextInt(6); i++) {
            b.append(nasty[random.nextInt(nasty.length)]).append("text");
        }
        return b.toString();
    }

    private JsonNode randomValue(JsonNode not) {
        for (int i = 0; ; i++) {
            JsonNode v = switch (random.nextInt(7)) {
                case 0 -> F.numberNode(random.nextInt(1000) - 500);
                case 1 -> F.numberNode(random.nextDouble() * 1e300);
                case 2 -> F.textNode("swapped");
                case 3 -> F.booleanNode(random.nextBoolean());
                case 4 -> F.nullNode();
                case 5 -> F.arrayNode().add(1).add("two");
                default -> F.objectNode().put("unexpected", true);
            };
            if (v.getNodeType() != not.getNodeType() || i > 5) {
                return v;
            }
        }
    }

    private byte[] flipBytes(byte[] bytes) {
        byte[] out = bytes.clone();
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private byte[] randomBytes() {
        byte[] out = new byte[1 + random.nextInt(300)];
        random.nextBytes(out);
        return out;
    }

    private Slot randomSlot(JsonNode root) {
        List<Slot> all = slots(root);
        return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
    }

    /** Every place in the tree a value sits, with a way to replace or remove it. */
    private static List<Slot> slots(JsonNode root) {
        List<Slot> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(JsonNode n, List<Slot> out) {
        if (n instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                out.add(new Slot(o, name, -1));
                collect(o.get(name), out);
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, null, i));
                collect(a.get(i), out);
            }
        }
    }

    private record Slot(JsonNode parent, String field, int index) {
        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode v) {
            if (field != null) {
                ((ObjectNode) parent).set(field, v);
            } else {
                ((ArrayNode) parent).set(index, v);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) parent).remove(field);
            } else if (index < parent.size()) {
                ((ArrayNode) parent).remove(index);
            }
        }
    }
}
