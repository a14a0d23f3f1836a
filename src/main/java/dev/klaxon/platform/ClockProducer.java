package dev.klaxon.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.InstantSource;

/** The one place that reads the system clock. Domain code injects {@link InstantSource}; tests replace it. */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @ApplicationScoped
    InstantSource clock() {
        return InstantSource.system();
    }
}
