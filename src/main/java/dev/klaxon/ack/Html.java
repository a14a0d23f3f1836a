package dev.klaxon.ack;

/** A tiny mobile page; no scripts, no external assets. */
final class Html {

    private Html() {
    }

    static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex\"><title>" + escape(title) + "</title><style>"
                + "body{font-family:system-ui,sans-serif;margin:1.5em;max-width:36em}"
                + "h1{font-size:1.3em}.meta{color:#555}.done{background:#e6f4ea;padding:.6em;border-radius:6px}"
                + "button{display:block;width:100%;font-size:1.2em;padding:.8em;margin:.5em 0;border-radius:8px;"
                + "border:1px solid #888;background:#f4f4f4}button.primary{background:#c62828;color:#fff;border:0}"
                + "</style></head><body>" + body + "</body></html>";
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
