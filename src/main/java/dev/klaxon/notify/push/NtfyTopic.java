package dev.klaxon.notify.push;

import dev.klaxon.notify.ProviderHttp;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where an NTFY contact method publishes: a bare topic name lives on the configured server
 * ({@code KLAXON_NTFY_BASE_URL}); a full topic URL ({@code https://ntfy.example.com/oncall-alice}) names its own
 * server, which may sit under a path prefix. Pure.
 */
record NtfyTopic(URI server, String topic) {

    static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    static NtfyTopic of(String address, URI configuredServer) {
        if (NAME.matcher(address).matches()) {
            return new NtfyTopic(URI.create(trimSlashes(configuredServer.toString())), address);
        }
        URI u = URI.create(address);
        if (u.getScheme() == null || u.getHost() == null) {
            throw new IllegalArgumentException("not an ntfy topic name or topic URL: " + address);
        }
        String path = trimSlashes(u.getRawPath() == null ? "" : u.getRawPath());
        int slash = path.lastIndexOf('/');
        String topic = path.substring(slash + 1);
        if (!NAME.matcher(topic).matches()) {
            throw new IllegalArgumentException("the URL names no ntfy topic: " + address);
        }
        return new NtfyTopic(URI.create(u.getScheme() + "://" + u.getRawAuthority() + path.substring(0, Math.max(slash, 0))), topic);
    }

    /** JSON messages are published to the server's root, with the topic in the body. */
    URI publishUrl() {
        return URI.create(server + "/");
    }

    /** The topic's cached messages since that Unix time, one JSON object per line; the answer ends at once. */
    URI pollUrl(long sinceEpochSecond) {
        return URI.create(server + "/" + topic + "/json?poll=1&since=" + sinceEpochSecond);
    }

    /** Whether this topic lives on that server (the access token is only ever sent there). */
    boolean on(URI otherServer) {
        URI other = URI.create(trimSlashes(otherServer.toString()));
        return ProviderHttp.endpoint(server).equals(ProviderHttp.endpoint(other))
                && trimSlashes(String.valueOf(server.getRawPath())).equals(trimSlashes(String.valueOf(other.getRawPath())));
    }

    private static String trimSlashes(String s) {
        return s.replaceAll("/+$", "");
    }
}
