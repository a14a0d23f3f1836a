package dev.klaxon.check;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A TLS check's target: {@code host:port}, {@code [v6]:port}, or a host alone for port 443. Pure. */
record HostPort(String host, int port) {

    private static final Pattern FORM = Pattern.compile("^(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9._-]+))(?::(\\d{1,5}))?$");

    static HostPort parse(String target) {
        Matcher m = FORM.matcher(target);
        if (!m.matches()) {
            throw new IllegalArgumentException("not host:port");
        }
        int port = m.group(3) == null ? 443 : Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        return new HostPort(m.group(1) != null ? m.group(1) : m.group(2), port);
    }
}
