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
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
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
 * Group commit for webhook events (issue 11): a request hands its mapped event to a queue; a few writer threads
 * ({@code klaxon.ingest.group-commit.writers}) each take whatever has queued up (at most {@code max-batch}, waiting up
 * to {@code linger} for more) and count every plain duplicate trigger among it — a trigger of an alert that is
 * already open, the bulk of any storm — in ONE statement and one commit on a plain connection, so concurrent
 * duplicates share a commit and cost the database a row each, not a transaction each. Each request is answered only
 * after the commit that made its event durable; nothing is answered 202 before.
 *
 * <p>Every other event — a trigger that opens an alert (and writes its first pages), a resolve, an acknowledge, a
 * group update — is applied in a transaction of its own, {@value #SINGLES} side by side, exactly as without group
 * commit: such an event costs a dozen statements, and applying them one after another in a writer's transaction made
 * the writers the bottleneck (at 100 new alerts/s the answer waited seconds). The events of one (service, dedup key)
 * in a batch are applied in the order they came.
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
    KlaxonConfig config;

    @Inject
    DatabaseAvailability database;

    @Inject
    IntegrationKeys keys;

    @Inject
    DataSource dataSource;

    @Inject
    InstantSource clock;

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
        // whatever no writer took: applied here, each event in its own transaction, before the pool stops
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
     * Applies one event and returns what it did, after its transaction committed. Blocks: call it where blocking is
     * allowed ({@link #enqueue} is the event loop's form).
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
        try {
            return enqueue(integration, event).get();
        } catch (ExecutionException ex) {
            Throwable cause = failure(ex);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw DatabaseGate.outage();
        }
    }

    /** Whether the writers take events; when not, only {@link #submit} (on a thread that may block) applies one. */
    public boolean writing() {
        return running;
    }

    /**
     * Hands one event to the writers without waiting for them, for a request served on the event loop.
     *
     * @return completes after the commit that made the event durable, with what it did; or fails as {@link #submit}
     * throws (see {@link #failure} for the error to answer with), at the latest after {@value #WAIT_SECONDS} s
     * @throws KlaxonException unavailable (503 with Retry-After) when the writers are {@value #MAX_QUEUE} events behind
     */
    public CompletableFuture<Ingestion.Result> enqueue(Integration integration, AlertEvent event) {
        Job job = new Job(integration, event, new CompletableFuture<>());
        if (!queue.offer(job)) {
            throw KlaxonException.unavailable("Klaxon is receiving events faster than it can store them; retry", 1);
        }
        return job.done.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * The error a failed {@link #enqueue} answers with: what applying the event threw, unwrapped; unavailable when
     * the commit did not come in time (the event may still be written).
     */
    public static Throwable failure(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof TimeoutException
                ? KlaxonException.unavailable("the event was not stored in time; retry", 1) : c;
    }

    private void run() {
        int max = Math.max(1, config.ingest().groupCommit().maxBatch());
        long linger = config.ingest().groupCommit().linger().toNanos();
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
            boolean interrupted = linger > 0 && batch.size() < max && linger(batch, max, linger);
            try {
                write(batch);
            } catch (Throwable t) { // never lose a writer thread, never leave a request waiting
                LOG.error("ingest writer failed", t);
                batch.forEach(j -> j.done.completeExceptionally(t));
            }
            if (interrupted) {
                return; // shutting down: what was taken is written, the rest is left to stop()
            }
        }
    }

    /**
     * Waits up to {@code nanos} for more events to join a batch (up to {@code max}): the requests already on their
     * way then share its commit instead of each starting another.
     *
     * @return whether the wait was interrupted (shutdown)
     */
    private boolean linger(List<Job> batch, int max, long nanos) {
        long until = System.nanoTime() + nanos;
        try {
            for (long left = nanos; left > 0 && batch.size() < max; left = until - System.nanoTime()) {
                Job next = queue.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return false;
                }
                batch.add(next);
                queue.drainTo(batch, max - batch.size());
            }
            return false;
        } catch (InterruptedException ex) {
            return true;
        }
    }

    /**
     * Counts the batch's plain duplicates in one statement and one commit ({@link #countPlainDuplicates}) and answers
     * them; every other event — a trigger that opens an alert, a resolve, an acknowledge, a group update — is applied
     * on its own by {@link #singles}, side by side with the others (see the class comment for why).
     */
    void write(List<Job> batch) {
        List<Job> sorted = new ArrayList<>(batch);
        sorted.sort(ORDER);
        List<Job> pending = countPlainDuplicates(sorted);
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

    /**
     * The commonest event first: every plain duplicate of the batch counted in one statement and committed, in a
     * transaction of its own on a plain connection (no JTA transaction, no Hibernate session), and answered. What it
     * did not count (no open alert for the key, or not a plain trigger) is returned for the full path; so is the
     * whole batch when the statement failed for a reason other than the database being away.
     */
    private List<Job> countPlainDuplicates(List<Job> pending) {
        java.util.LinkedHashMap<AlertService.OpenKey, Integer> plain = plainDuplicates(pending);
        if (plain.isEmpty()) {
            return pending;
        }
        java.util.Map<AlertService.OpenKey, Alert> counted;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                counted = AlertService.countDuplicates(c, plain, clock.instant());
                c.commit();
            } catch (SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        } catch (SQLException | RuntimeException ex) {
            if (DatabaseAvailability.isOutage(ex)) {
                database.reportOutage(ex);
                pending.forEach(j -> j.done.completeExceptionally(ex));
                return List.of();
            }
            LOG.debugf("counting a batch's duplicates failed, the full path applies them: %s", ex.toString());
            return pending;
        }
        List<Job> left = new ArrayList<>();
        for (Job j : pending) {
            Alert a = plain.containsKey(key(j)) ? counted.get(key(j)) : null;
            if (a != null) {
                j.done.complete(new Ingestion.Result(a, j.event.dedupKey(), "deduplicated"));
            } else {
                left.add(j);
            }
        }
        return left;
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

    /** Runs work with a CDI request context active: the one already active on this thread, or a new one. */
    static <T> T inRequestContext(java.util.function.Supplier<T> work) {
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
