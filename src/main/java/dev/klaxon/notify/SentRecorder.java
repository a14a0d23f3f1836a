package dev.klaxon.notify;

import dev.klaxon.platform.DatabaseAvailability;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for "the provider accepted it" (issue 11): a send thread hands its row's answer to a queue and waits;
 * one writer thread takes whatever has queued up meanwhile (at most {@value #MAX_BATCH}) and records it in ONE
 * transaction ({@link DeliveryState#markSent(Map)}), so provider answers that arrive together share one commit
 * instead of competing with ingest for a transaction each. The caller returns only after that commit.
 *
 * <p>Nothing about a row's life changes: it stays SENDING and leased until the commit, so a replica that dies between
 * the provider's answer and the commit leaves a row that reconciliation settles as before; a status callback that
 * arrives first wins, as before. A batch that fails is recorded again row by row, so one bad row fails only its own
 * send; when the database is away every send of the batch is told so.</p>
 */
@ApplicationScoped
public class SentRecorder {

    private static final Logger LOG = Logger.getLogger(SentRecorder.class);
    /** Answers recorded in one transaction at most. */
    static final int MAX_BATCH = 64;

    @Inject
    DeliveryState deliveryState;

    @Inject
    DatabaseAvailability database;

    private record Answer(UUID rowId, SendResult result, CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Answer> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    void start(@Observes StartupEvent e) {
        running = true;
        writer = new Thread(this::run, "klaxon-sent-recorder");
        writer.setDaemon(true);
        writer.start();
    }

    /** Records what is queued, then records on the callers' threads (sends still finishing during shutdown). */
    void stop(@Observes ShutdownEvent e) {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        drainHere();
    }

    /**
     * Records that the provider accepted the row, and returns once that is committed.
     *
     * @throws RuntimeException     when it could not be recorded (the row stays SENDING; its lease runs out and
     *                              reconciliation asks the provider)
     * @throws InterruptedException when the calling thread is interrupted while waiting (the answer may still be
     *                              recorded)
     */
    public void record(UUID rowId, SendResult result) throws InterruptedException {
        if (!running) {
            deliveryState.markSent(rowId, result);
            return;
        }
        Answer a = new Answer(rowId, result, new CompletableFuture<>());
        queue.add(a);
        if (!running) {
            drainHere(); // stop() may have drained the queue just before this answer arrived
        }
        try {
            a.done.get();
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(ex.getCause());
        }
    }

    private void drainHere() {
        List<Answer> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            write(left);
        }
    }

    private void run() {
        while (running) {
            Answer first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS); // not interrupted at stop: it may be mid-commit
            } catch (InterruptedException ex) {
                return;
            }
            if (first == null) {
                continue;
            }
            List<Answer> batch = new ArrayList<>(MAX_BATCH);
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            write(batch);
        }
    }

    /** One transaction for the batch; on failure each answer on its own, unless the database is away. */
    private void write(List<Answer> batch) {
        try {
            Map<UUID, SendResult> answers = new LinkedHashMap<>();
            batch.forEach(a -> answers.put(a.rowId, a.result));
            deliveryState.markSent(answers);
            batch.forEach(a -> a.done.complete(null));
        } catch (Throwable t) { // never lose the writer thread, never leave a send waiting
            if (batch.size() == 1 || DatabaseAvailability.isOutage(t)) {
                if (DatabaseAvailability.isOutage(t)) {
                    database.reportOutage(t);
                }
                batch.forEach(a -> a.done.completeExceptionally(t));
                return;
            }
            LOG.debugf("recording %d sent page(s) together failed, recording each alone: %s", batch.size(), t);
            for (Answer a : batch) {
                write(List.of(a));
            }
        }
    }
}
