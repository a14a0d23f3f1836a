package dev.klaxon.notify.render;

import dev.klaxon.directory.ContactType;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The text of a bundled page: how many alerts, on which services, and one link to act on them all. Pure.
 *
 * @param subject   the subject line (email, push title)
 * @param body      the message itself, fitted to the channel (an SMS stays within {@link PageText}'s limits)
 * @param actionUrl the link the page carries: the alert list, or for a call the TwiML URL Twilio fetches
 */
public record BundleText(String subject, String body, String actionUrl) {

    /** Longer channels list at most this many alerts, then say how many more. */
    static final int MAX_LISTED = 20;

    /** One alert of the bundle as it is listed. */
    public record Listed(long number, String summary) {
    }

    /**
     * @param channel  the contact method's channel ({@code SMS}, {@code VOICE}, or any other: a list)
     * @param alerts   the bundled alerts, oldest number first; not empty
     * @param services the names of their services, in the order first seen
     * @param listUrl  the signed link to the bundle's alert list
     * @param voiceUrl the signed TwiML URL for a bundled call
     */
    public static BundleText of(String channel, List<Listed> alerts, List<String> services, String listUrl,
                                String voiceUrl) {
        int n = alerts.size();
        String subject = PageText.bundleSubject(n, services);
        if (ContactType.SMS.name().equals(channel)) {
            return new BundleText(subject, PageText.bundleSms(n, services, listUrl), listUrl);
        }
        if (ContactType.VOICE.name().equals(channel)) {
            return new BundleText(subject, PageText.spokenBundle(n, services, alerts.get(n - 1).summary()), voiceUrl);
        }
        return new BundleText(subject, subject + "\n\n" + alerts.stream().limit(MAX_LISTED)
                .map(a -> "#" + a.number() + " " + a.summary()).collect(Collectors.joining("\n"))
                + (n > MAX_LISTED ? "\n… and " + (n - MAX_LISTED) + " more" : "")
                + "\n\nAcknowledge all: " + listUrl, listUrl);
    }
}
