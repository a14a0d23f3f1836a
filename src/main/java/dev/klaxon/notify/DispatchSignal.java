package dev.klaxon.notify;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the dispatcher: a commit that wrote pages, or a NOTIFY from another replica. */
@ApplicationScoped
public class DispatchSignal {

    private final Semaphore permits = new Semaphore(0);

    public void wake() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /** Waits for a wake-up or the timeout, whichever is first, and swallows wake-ups that piled up meanwhile. */
    boolean await(long millis) throws InterruptedException {
        boolean woken = permits.tryAcquire(millis, TimeUnit.MILLISECONDS);
        permits.drainPermits();
        return woken;
    }
}
