package dev.klaxon.platform;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a RESPONDER sees other users' contact addresses: the kind stays recognisable, the address does not
 * ({@code +49•••••5678}, {@code a•••@example.com}, {@code https://hooks.example.com/•••}, {@code on•••ce}). ADMINs and
 * the owner see addresses in full; the resources decide who is who. Pure.
 */
public final class AddressMask {

    static final String DOTS = "•••";
    private static final Pattern PHONE = Pattern.compile("\\+\\d{6,15}");
    private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://[^\\s,;)\"']+");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    /** Topic names and user keys appear on timelines as "NTFY to <topic>", "PUSHOVER to <key>". */
    private static final Pattern NAMED = Pattern.compile("\\b(NTFY|PUSHOVER) to ([A-Za-z0-9_-]+)");

    private AddressMask() {
    }

    /** One address, masked according to its form. */
    public static String mask(String address) {
        if (address == null) {
            return null;
        }
        String a = address.strip();
        if (PHONE.matcher(a).matches()) {
            return a.substring(0, 3) + "•••••" + a.substring(a.length() - 4); // the length stays hidden too
        }
        if (a.contains("://")) {
            try {
                URI u = URI.create(a);
                if (u.getHost() != null) {
                    return u.getScheme() + "://" + u.getHost() + "/" + DOTS;
                }
            } catch (IllegalArgumentException e) {
                // not a URI after all: masked as an opaque name below
            }
        }
        int at = a.indexOf('@');
        if (at > 0 && at < a.length() - 1) {
            return a.charAt(0) + DOTS + a.substring(at);
        }
        return a.length() > 6 ? a.substring(0, 2) + DOTS + a.substring(a.length() - 2) : DOTS;
    }

    /** Free text (a timeline entry, an error) with every phone number, URL, email address and named topic masked. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = replace(URL, text, m -> mask(m.group()));
        s = replace(EMAIL, s, m -> mask(m.group()));
        s = replace(PHONE, s, m -> mask(m.group()));
        return replace(NAMED, s, m -> m.group(1) + " to " + mask(m.group(2)));
    }

    private static String replace(Pattern p, String text, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(b);
        return b.toString();
    }
}
