package dev.klaxon.engine;

import dev.klaxon.alert.AlertService;
import dev.klaxon.ingest.HeartbeatEvents;
import dev.klaxon.service.HeartbeatService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.InstantSource;
import java.util.List;

/**
 * Cluster-wide check for silent heartbeats: one Quartz trigger; heartbeats are claimed with SKIP LOCKED, so two
 * replicas sweeping at once raise each missed heartbeat once. The alert is raised (and step 0 paged) in the
 * transaction that marks the heartbeat missed.
 */
@ApplicationScoped
public class HeartbeatSweep {

    private static final Logger LOG = Logger.getLogger(HeartbeatSweep.class);
    static final int BATCH = 50;

    @Inject
    HeartbeatService heartbeats;

    @Inject
    AlertService alerts;

    @Inject
    InstantSource clock;

    @Scheduled(identity = "heartbeat-sweep", every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        runOnce();
    }

    /** Raises an alert for every heartbeat silent for its interval; returns how many. */
    public int runOnce() {
        int total = 0;
        try {
            while (true) {
                int n = QuarkusTransaction.requiringNew().call(() -> {
                    List<HeartbeatService.Missed> missed = heartbeats.claimMissed(clock.instant(), BATCH);
                    for (HeartbeatService.Missed m : missed) {
                        alerts.process(m.serviceId(), HeartbeatEvents.missed(m.integrationId(), m.name(), m.interval(),
                                m.lastBeatAt(), m.createdAt()), "heartbeat:" + m.name());
                    }
                    return missed.size();
                });
                total += n;
                if (n < BATCH) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("heartbeat sweep failed, next one retries: %s", e.toString());
        }
        return total;
    }
}
