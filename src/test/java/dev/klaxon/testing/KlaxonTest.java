package dev.klaxon.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Holds the one test environment all Quarkus tests share (so they share one application start). */
@QuarkusTestResource(KlaxonTestEnvironment.class)
public final class KlaxonTest {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private KlaxonTest() {
    }
}
