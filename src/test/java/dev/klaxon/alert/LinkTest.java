package dev.klaxon.alert;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkTest {

    @ParameterizedTest
    @CsvSource({
            "https://grafana.example.com/d/x, true",
            "HTTP://runbooks.example.com, true",
            "javascript:alert(1), false",
            "'data:text/html;base64,PHA+', false",
            "/relative/path, false",
            "https://, false",
            "not a url, false"})
    void onlyAbsoluteHttpLinksBecomeTappable(String href, boolean web) {
        assertEquals(web, new Link(href, "x").pointsToWeb());
    }
}
