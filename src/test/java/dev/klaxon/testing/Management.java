package dev.klaxon.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URI;

/**
 * The management interface of the Klaxon under test: {@code /q/health} and {@code /q/metrics} on their own port
 * ({@code quarkus.management.test-port=0} makes it random, like the public one).
 */
public final class Management {

    private Management() {
    }

    /** The management port Quarkus bound for this test run. */
    public static int port() {
        // Quarkus resolves the random test port into this URL once the management server is listening
        return URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class)).getPort();
    }

    /** A request to the management port; paths are absolute ({@code /q/health/ready}). */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    /** The Prometheus text of {@code /q/metrics}. */
    public static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
