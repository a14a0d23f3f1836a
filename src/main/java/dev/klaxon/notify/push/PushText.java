package dev.klaxon.notify.push;

import dev.klaxon.platform.Text;
import dev.klaxon.notify.OutboxEntry;

/** The words of a push notification, from the outbox row's subject and body. Pure. */
final class PushText {

    private PushText() {
    }

    /**
     * The notification shows the subject as its title and opens the ack page on a tap, so the body loses the
     * subject it repeats and the "Acknowledge: link" line it ends with.
     */
    static String message(OutboxEntry row) {
        String text = row.body == null ? "" : row.body.strip();
        if (row.subject != null && text.startsWith(row.subject + "\n")) {
            text = text.substring(row.subject.length()).strip();
        }
        if (row.actionUrl != null) {
            String tail = "Acknowledge: " + row.actionUrl;
            if (text.endsWith(tail)) {
                text = text.substring(0, text.length() - tail.length()).strip();
            }
        }
        return text.isEmpty() ? (row.subject == null ? "Klaxon" : row.subject) : text;
    }

    static String title(OutboxEntry row) {
        return row.subject == null || row.subject.isBlank() ? "Klaxon" : row.subject;
    }

    static String cut(String s, int max) {
        return Text.shorten(s, max);
    }
}
