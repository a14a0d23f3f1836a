package dev.klaxon.ack;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What an SMS reply asks for: {@code 12a}, {@code 12 c}, a bare {@code e}, {@code aa}, STOP, START. Pure. */
public sealed interface SmsReply {

    enum Verb { ACKNOWLEDGE, RESOLVE, ESCALATE }

    record Act(OptionalLong alertNumber, Verb verb) implements SmsReply {
    }

    /** "aa": acknowledge every open alert recently paged to this phone (the answer to a bundled page). */
    record AcknowledgeAll() implements SmsReply {
    }

    record Stop() implements SmsReply {
    }

    record Start() implements SmsReply {
    }

    record Unknown() implements SmsReply {
    }

    Pattern ACT = Pattern.compile("^#?\\s*(\\d{1,18})?\\s*([ace]|ack|acknowledge|close|resolve|escalate)[.!]?$");

    static SmsReply parse(String body) {
        if (body == null) {
            return new Unknown();
        }
        String b = body.strip().toLowerCase(Locale.ROOT);
        switch (b) {
            case "stop", "stopall", "unsubscribe", "cancel", "end", "quit" -> {
                return new Stop();
            }
            case "start", "yes", "unstop" -> {
                return new Start();
            }
            case "aa", "ack all", "acknowledge all" -> {
                return new AcknowledgeAll();
            }
            default -> {
            }
        }
        Matcher m = ACT.matcher(b);
        if (!m.matches()) {
            return new Unknown();
        }
        OptionalLong number = m.group(1) == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(1)));
        Verb verb = switch (m.group(2)) {
            case "a", "ack", "acknowledge" -> Verb.ACKNOWLEDGE;
            case "c", "close", "resolve" -> Verb.RESOLVE;
            default -> Verb.ESCALATE;
        };
        return new Act(number, verb);
    }
}
