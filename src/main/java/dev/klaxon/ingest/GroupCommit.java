package dev.klaxon.ingest;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.AlertService;
import dev.klaxon.platform.DatabaseAvailability;
import dev.klaxon.platform.DatabaseGate;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.service.Integration;
import dev.klaxon.service.IntegrationKeys;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit for webhook events (issue 11): a request hands its mapped event to a queue and waits; a few writer
 * threads ({@code klaxon.ingest.group-commit.writers}) each take whatever has queued up (at most
 * {@code max-batch}) and count every plain duplicate trigger among it — a trigger of an alert that is already open,
 * the bulk of any storm — in ONE statement and one commit, so concurrent duplicates share a commit and cost the
 * database a row each, not a transaction each. Each request is answered only after the commit that made its event
 * durable; nothing is answered 202 before.
 *
 * <p>Every other event — a trigger that opens an alert (and writes its first pages), a resolve, an acknowledge, a
 * group update — is applied on its own transaction, {@value #SINGLES} side by side, exactly as without group commit:
 * such an event costs a dozen statements, and applying them one after another in a writer's transaction made the
 * writers the bottleneck (at 100 new alerts/s the answer waited seconds). The events of one (service, dedup key)
 * are applied in the order they came.
 *
 * <p>A failing event never fails its neighbours: it fails in its own transaction. When the duplicates' commit fails
 * because the database is away, every event of the batch is answered 503 with Retry-After (as a single request
 * would be); any other failure of it applies each event on its own. The duplicates' statement locks its alerts in id
 * order, so two batches never wait on each other in a cycle.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    /** Events waiting for a writer at most; past it a request is answered 503 with Retry-After. */
    static final int MAX_QUEUE = 10_000;
    /** How long a request waits for its commit before it is answered 503 (the event may still be written). */
    static final long WAIT_SECONDS = 30;
    /** Events applied on their own at the same time at most (see {@link #singles}). */
    static final int SINGLES = 16;

    private static final Comparator<Job> ORDER = Comparator
            .comparing((Job j) -> j.integration.serviceId)
            .thenComparing(j -> j.event.dedupKey(), Comparator.nullsFirst(Comparator.naturalOrder()));

    @Inject
    Ingestion ingestion;

    @Inject
    AlertService alerts;

    @Inject
    KlaxonConfig config;

    @Inject
    DatabaseAvailability database;

    @Inject
    IntegrationKeys keys;

    record Job(Integration integration, AlertEvent event, CompletableFuture<Ingestion.Result> done) {
    }

    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>(MAX_QUEUE);
    /**
     * Applies the events a batch cannot count in one statement, each in its own transaction, {@value #SINGLES} at a
     * time (each holds a database connection while it works). Threads start on demand and stop after 30 s idle.
     */
    private final ThreadPoolExecutor singles = singlesPool();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    void start(@Observes StartupEvent e) {
        int n = config.ingest().groupCommit().writers();
        running = n > 0;
        for (int k = 0; k < n; k++) {
            Thread t = new Thread(this::run, "klaxon-ingest-writer-" + k);
            t.setDaemon(true);
            writers.add(t);
            t.start();
        }
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        writers.forEach(Thread::interrupt);
        for (Thread t : writers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // whatever no writer took: applied on its own request thread (it waits, so it is still there)
        List<Job> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(this::alone);
        singles.shutdown();
        try {
            singles.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadPoolExecutor singlesPool() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(SINGLES, SINGLES, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "klaxon-ingest-single-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /**
     * Applies one event and returns what it did, after its transaction committed.
     *
     * @throws KlaxonException as {@link Ingestion#accept} does (invalid, unavailable, …); unavailable (503 with
     *                         Retry-After) too when the writers are {@value #MAX_QUEUE} events behind or the commit
     *                         did not come within {@value #WAIT_SECONDS} s
     * @throws RuntimeException what applying the event threw (e.g. the database went away: mapped to 503)
     */
    public Ingestion.Result submit(Integration integration, AlertEvent event) {
        if (!running) {
            try {
                return ingestion.accept(integration, event);
            } catch (RuntimeException ex) {
                throw gone(ex);
            }
        }
        Job job = new Job(integration, event, new CompletableFuture<>());
        if (!queue.offer(job)) {
            throw KlaxonException.unavailable("Klaxon is receiving events faster than it can store them; retry", 1);
        }
        try {
            return job.done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (ex.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(ex.getCause());
        } catch (TimeoutException ex) {
            throw KlaxonException.unavailable("the event was not stored in time; retry", 1);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw DatabaseGate.outage();
        }
    }

    private void run() {
        int max = Math.max(1, config.ingest().groupCommit().maxBatch());
        while (running) {
            Job first;
            try {
                first = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                return;
            }
            if (first == null) {
                continue;
            }
            List<Job> batch = new ArrayList<>(max);
            batch.add(first);
            queue.drainTo(batch, max - 1);
            try {
                write(batch);
            } catch (Throwable t) { // never lose a writer thread, never leave a request waiting
                LOG.error("ingest writer failed", t);
                batch.forEach(j -> j.done.completeExceptionally(t));
            }
        }
    }

    /**
     * Counts the batch's plain duplicate triggers in one transaction (one statement) and answers them after its
     * commit; every other event — a trigger that opens an alert, a resolve, an acknowledge, a group update — is applied
     * on its own by {@link #singles}, side by side with the others (see the class comment for why).
     */
    void write(List<Job> batch) {
        List<Job> pending = new ArrayList<>(batch);
        pending.sort(ORDER);
        java.util.LinkedHashMap<AlertService.OpenKey, Integer> plain = pending.size() < 2
                ? new java.util.LinkedHashMap<>() : plainDuplicates(pending);
        if (!plain.isEmpty()) {
            java.util.Map<AlertService.OpenKey, Alert> counted;
            try {
                counted = inRequestContext(() -> QuarkusTransaction.requiringNew().call(() -> alerts.countDuplicates(plain)));
            } catch (RuntimeException ex) {
                if (DatabaseAvailability.isOutage(ex)) {
                    database.reportOutage(ex);
                    pending.forEach(j -> j.done.completeExceptionally(ex));
                    return;
                }
                // not an outage: each event on its own says what happens to it
                counted = java.util.Map.of();
            }
            List<Job> rest = new ArrayList<>();
            for (Job j : pending) {
                Alert a = plain.containsKey(key(j)) ? counted.get(key(j)) : null;
                if (a != null) {
                    j.done.complete(new Ingestion.Result(a, j.event.dedupKey(), "deduplicated"));
                } else {
                    rest.add(j);
                }
            }
            pending = rest;
        }
        // one task per key, its events in the order they came: a trigger and a resolve of one key stay in order
        for (int from = 0; from < pending.size(); ) {
            int to = from + 1;
            while (to < pending.size() && key(pending.get(to)).equals(key(pending.get(from)))) {
                to++;
            }
            List<Job> sameKey = List.copyOf(pending.subList(from, to));
            Runnable task = () -> sameKey.forEach(this::alone);
            try {
                singles.execute(task);
            } catch (RejectedExecutionException ex) { // shutting down: the writer applies them itself
                task.run();
            }
            from = to;
        }
    }

    private static AlertService.OpenKey key(Job j) {
        return new AlertService.OpenKey(j.integration.serviceId, j.event.dedupKey());
    }

    /**
     * The plain triggers of a batch per key, in the batch's (sorted) order: what one statement can count. A key that
     * also has another kind of event in the batch (a resolve, a group update) is left to the per-event path, which
     * applies that key's events in the order they came.
     */
    static java.util.LinkedHashMap<AlertService.OpenKey, Integer> plainDuplicates(List<Job> batch) {
        java.util.LinkedHashMap<AlertService.OpenKey, Integer> counts = new java.util.LinkedHashMap<>();
        java.util.Set<AlertService.OpenKey> other = new java.util.HashSet<>();
        for (Job j : batch) {
            if (AlertService.plainTrigger(j.event) && !Ingestion.OVERFLOW_KEY.equals(j.event.dedupKey())) {
                counts.merge(key(j), 1, Integer::sum);
            } else {
                other.add(key(j));
            }
        }
        counts.keySet().removeAll(other);
        return counts;
    }

    /**
     * Applies one event in its own transaction and answers it. A deadlock (a batch holds several alerts' locks at
     * once, which single-event transactions never did) rolls back one side; that event is simply applied again.
     */
    private void alone(Job j) {
        for (int attempt = 1; ; attempt++) {
            try {
                j.done.complete(inRequestContext(() -> ingestion.accept(j.integration, j.event)));
                return;
            } catch (Throwable t) {
                if (attempt < 5 && lockConflict(t)) {
                    continue;
                }
                j.done.completeExceptionally(t instanceof RuntimeException r ? gone(r) : t);
                return;
            }
        }
    }

    /**
     * An event whose integration or service was deleted meanwhile — through another replica, whose deletion this
     * replica's cache has not seen yet ({@code klaxon.ingest.integration-cache-ttl}) — breaks a foreign key
     * (SQLSTATE 23503) when it opens its alert. That is the 404 the key gets a moment later, not a server error: the
     * cache is cleared and the answer says the integration is unknown. Anything else is returned as it is.
     */
    RuntimeException gone(RuntimeException ex) {
        if (sqlState(ex, "23503")) {
            keys.clear();
            return KlaxonException.notFound("integration");
        }
        return ex;
    }

    private static boolean sqlState(Throwable t, String state) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.sql.SQLException s && state.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** True when PostgreSQL rolled the transaction back to break a deadlock or a serialization conflict. */
    static boolean lockConflict(Throwable t) {
        return sqlState(t, "40P01") || sqlState(t, "40001");
    }

    private static <T> T inRequestContext(java.util.function.Supplier<T> work) {
        ManagedContext rc = Arc.container().requestContext();
        if (rc.isActive()) {
            return work.get();
        }
        rc.activate();
        try {
            return work.get();
        } finally {
            rc.terminate();
        }
    }
}
