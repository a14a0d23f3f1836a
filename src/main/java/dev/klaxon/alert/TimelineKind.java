package dev.klaxon.alert;

/**
 * What a timeline entry ({@link AlertLogEntry}) is about. The {@link #wire()} string is what the API returns as an
 * entry's {@code kind} and what is stored; it never changes once released.
 */
public enum TimelineKind {
    // The alert itself: opened, updated, acted on by a human or a timer.
    TRIGGERED("triggered"),
    DEDUPLICATED("deduplicated"),
    UPDATE("update"),
    NOTE("note"),
    ACKNOWLEDGED("acknowledged"),
    RESOLVED("resolved"),
    ESCALATION_REQUESTED("escalation-requested"),
    SNOOZED("snoozed"),
    SNOOZE_ENDED("snooze-ended"),
    ACK_TIMEOUT("ack-timeout"),
    ACK_TIMEOUT_SET("ack-timeout-set"),
    AUTO_RESOLVE("auto-resolve"),
    GROUP_JOINED("group-joined"),
    GROUP_RESOLVED("group-resolved"),
    MAINTENANCE("maintenance"),
    MAINTENANCE_ENDED("maintenance-ended"),
    // Who is paged, step by step.
    ESCALATED("escalated"),
    ESCALATION_REPEAT("escalation-repeat"),
    ESCALATION_SKIP("escalation-skip"),
    ESCALATION_STOPPED("escalation-stopped"),
    ESCALATION_EXHAUSTED("escalation-exhausted"),
    PAGED("paged"),
    PAGE_SKIPPED("page-skipped"),
    PAGES_CANCELED("pages-canceled"),
    HANDOVER("handover"),
    // What happened to one page (or bundle) on its way to a human.
    SENT("sent"),
    SEND_RETRY("send-retry"),
    SEND_FAILED("send-failed"),
    SEND_UNKNOWN("send-unknown"),
    SEND_RECOVERED("send-recovered"),
    DELIVERY_STATUS("delivery-status"),
    DELIVERED("delivered"),
    NOT_DELIVERED("not-delivered"),
    BUNDLED("bundled"),
    RATE_LIMITED("rate-limited"),
    PUSH_CANCELED("push-canceled"),
    PUSH_CANCEL_FAILED("push-cancel-failed");

    private final String wire;

    TimelineKind(String wire) {
        this.wire = wire;
    }

    /** The stored and API string, e.g. {@code escalation-skip}. */
    public String wire() {
        return wire;
    }
}
