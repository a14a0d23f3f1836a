package dev.klaxon.platform;

/**
 * Klaxon's own address as the outside world reaches it ({@code klaxon.public-url}), the one place it is trimmed:
 * every link Klaxon hands out (ack links, Twilio callbacks, webhook URLs, calendar feeds) starts with this.
 */
public final class PublicUrl {

    private PublicUrl() {
    }

    /** The configured public URL without trailing slashes, e.g. {@code https://klaxon.example.com}. */
    public static String base(KlaxonConfig config) {
        return config.publicUrl().toString().replaceAll("/+$", "");
    }

    /** The public URL of a path, which starts with a slash: {@code /hooks/abc} → {@code https://…/hooks/abc}. */
    public static String of(KlaxonConfig config, String path) {
        return base(config) + path;
    }
}
