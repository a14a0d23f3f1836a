package dev.klaxon.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every Klaxon setting. Environment form: {@code klaxon.twilio.account-sid} = {@code KLAXON_TWILIO_ACCOUNT_SID}. */
@ConfigMapping(prefix = "klaxon")
public interface KlaxonConfig {

    /** The URL phones and providers reach Klaxon at; ack links and Twilio callbacks are built from it. */
    @WithDefault("http://localhost:8080")
    URI publicUrl();

    /** An ADMIN token accepted from the first start, so the first real tokens can be created. */
    Optional<String> bootstrapAdminToken();

    Ack ack();

    Twilio twilio();

    Ntfy ntfy();

    Pushover pushover();

    Dispatch dispatch();

    Schedules schedules();

    Checks checks();

    Ingest ingest();

    RateLimit rateLimit();

    Bundle bundle();

    /**
     * Where the embedded PostgreSQL keeps its data (default {@code ./data}); read by {@link KlaxonMain} before
     * Quarkus starts, declared here so that {@code klaxon.data-dir} in a properties file is a known setting.
     */
    Optional<String> dataDir();

    Database database();

    Watchdog watchdog();

    interface Database {
        /** How often a replica checks that PostgreSQL answers (readiness and the request gate read the result). */
        @WithDefault("PT2S")
        Duration checkInterval();
    }

    /** A dead-man's switch for the pager itself: every ready replica pings {@code url} every {@code interval}. */
    interface Watchdog {
        /** The URL to ping (healthchecks.io, Dead Man's Snitch, Cronitor…); absent: no pings. */
        Optional<URI> url();

        @WithDefault("PT60S")
        Duration interval();

        @WithDefault("PT5S")
        Duration connectTimeout();

        @WithDefault("PT10S")
        Duration responseTimeout();
    }

    Console console();

    /** The web console's sign-in sessions. */
    interface Console {
        /** A session unused this long ends; each request within it extends it. */
        @WithDefault("PT12H")
        Duration sessionIdle();

        /** A session ends this long after sign-in however busy it is. */
        @WithDefault("P7D")
        Duration sessionMax();
    }

    Oidc oidc();

    /**
     * Console sign-in through the operator's OpenID Connect identity provider (authorization-code flow). Off while
     * {@code issuer} is absent: then only API-token sign-in exists and quarkus-oidc stays inert. A person signs in
     * as the Klaxon user whose email equals the provider's {@code email} claim, and only when the provider marks
     * it {@code email_verified}.
     */
    interface Oidc {
        /**
         * The issuer URL ({@code https://idp.example.com/realms/ops}); its
         * {@code /.well-known/openid-configuration} is read on the first sign-in. Absent: OIDC sign-in is off.
         */
        Optional<URI> issuer();

        /** The client id registered at the provider for Klaxon; required with {@code issuer}. */
        Optional<String> clientId();

        /** The client secret registered at the provider (sent with HTTP Basic to its token endpoint); a secret. */
        Optional<String> clientSecret();

        /** The name on the sign-in button: "Sign in with {providerName}". */
        @WithDefault("single sign-on")
        String providerName();
    }

    Outage outage();

    /** A provider outage is itself an alert. */
    interface Outage {
        /**
         * The service (name or id) whose alert says a provider is failing — "Klaxon itself". Absent: no alert,
         * only the log and {@code /q/metrics}.
         */
        Optional<String> alertService();

        /** How long a channel's provider must have been failing (its breaker open) before the alert opens. */
        @WithDefault("PT2M")
        Duration alertAfter();
    }

    /** Outbound requests to addresses users supply (webhook and ntfy URLs, check targets): see {@link OutboundGuard}. */
    Outbound outbound();

    interface Outbound {
        /**
         * Internal hosts (exact names) and addresses or CIDRs ({@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code fd00::/8})
         * an operator trusts as receivers although they are loopback, private, link-local or unique-local.
         */
        Optional<List<String>> allow();
    }

    interface Ack {
        /** How long an ack link stays valid. */
        @WithDefault("PT24H")
        Duration linkTtl();

        /** HMAC key for ack links; when absent one is generated once and shared by all replicas through the database. */
        Optional<String> signingKey();
    }

    interface Twilio {
        Optional<String> accountSid();

        Optional<String> authToken();

        Optional<String> fromNumber();

        @WithDefault("https://api.twilio.com")
        URI apiBaseUrl();

        @WithDefault("PT5S")
        Duration connectTimeout();

        @WithDefault("PT10S")
        Duration responseTimeout();

        /** Twilio's calls-per-second for the account; the dispatcher paces calls instead of failing them. */
        @WithDefault("1")
        double voiceCallsPerSecond();
    }

    interface Ntfy {
        @WithDefault("https://ntfy.sh")
        URI baseUrl();

        /** Access token for protected topics; sent only to {@link #baseUrl()}, never to other servers' topic URLs. */
        Optional<String> accessToken();

        @WithDefault("PT5S")
        Duration connectTimeout();

        @WithDefault("PT10S")
        Duration responseTimeout();
    }

    interface Pushover {
        Optional<String> appToken();

        @WithDefault("https://api.pushover.net")
        URI apiBaseUrl();

        /** How often Pushover repeats an unacknowledged emergency notification (Pushover's minimum is 30 s). */
        @WithDefault("PT60S")
        Duration retry();

        /** How long Pushover keeps repeating it (Pushover's maximum is 3 h). */
        @WithDefault("PT1H")
        Duration expire();

        @WithDefault("PT5S")
        Duration connectTimeout();

        @WithDefault("PT10S")
        Duration responseTimeout();
    }

    /** Outgoing webhooks (WEBHOOK contact methods). */
    Webhook webhook();

    interface Webhook {
        /** HMAC-SHA256 key of {@code X-Klaxon-Signature}; when absent one is generated once and kept in the database. */
        Optional<String> signingSecret();

        @WithDefault("PT5S")
        Duration connectTimeout();

        @WithDefault("PT10S")
        Duration responseTimeout();
    }

    interface Dispatch {
        /**
         * Provider calls in flight per replica, over all channels; threads are started on demand and stop when idle.
         * Keep it at least the sum of {@link #concurrency()}'s values, so a hanging provider cannot take threads
         * another channel needs.
         */
        @WithDefault("128")
        int threads();

        /** How long a claimed outbox row belongs to its replica; longer than any provider timeout. */
        @WithDefault("PT60S")
        Duration lease();

        /** Rows claimed per round. */
        @WithDefault("50")
        int batchSize();

        /**
         * Provider calls in flight per channel, by provider: they must cover rate × the provider's latency (100
         * SMS/s at Twilio's ~200 ms is 20 in flight), and a hanging provider holds at most this many of the threads.
         */
        Concurrency concurrency();

        /** After a send whose outcome is unknown (timeout, unreadable answer), ask the provider this much later. */
        @WithDefault("PT30S")
        Duration reconcileAfter();

        /**
         * On shutdown, how long provider calls already in flight may finish (each is bounded by its own timeouts);
         * keep it below the pod's terminationGracePeriodSeconds minus quarkus.shutdown.delay.
         */
        @WithDefault("PT30S")
        Duration shutdownWait();

        Breaker breaker();

        /**
         * A step whose every page has failed for good or been held by a failing provider this long is handed on
         * to the next step at once (its own pages keep being retried).
         */
        @WithDefault("PT60S")
        Duration unreachableAfter();

        /** Provider calls in flight per channel (issue 11: a fixed 4 capped SMS at ~20/s at 200 ms a call). */
        interface Concurrency {
            /** Twilio, for SMS and for VOICE each (an account takes far more concurrent API requests). */
            @WithDefault("32")
            int twilio();

            /** ntfy. */
            @WithDefault("16")
            int ntfy();

            /** Pushover. */
            @WithDefault("16")
            int pushover();

            /** The SMTP relay of EMAIL pages. */
            @WithDefault("8")
            int email();

            /** Outgoing webhooks. */
            @WithDefault("16")
            int webhook();
        }

        /** The circuit breaker each channel's provider calls go through. */
        interface Breaker {
            /** Calls in the rolling window the failure ratio is computed over. */
            @WithDefault("8")
            int requestVolume();

            @WithDefault("0.5")
            double failureRatio();

            /** How long an open breaker fails calls fast before letting a trial call through. */
            @WithDefault("PT30S")
            Duration delay();
        }
    }

    /**
     * Pages per contact method, as {@code count/window} pairs ({@code 3/PT15M,7/PT1H}); {@code none} for no limit.
     * A page over a limit waits until the limit allows it and then goes out bundled with whatever else is due.
     */
    interface RateLimit {
        @WithDefault("3/PT15M,7/PT1H")
        List<String> voice();

        @WithDefault("5/PT15M")
        List<String> sms();

        @WithDefault("none")
        List<String> email();

        @WithDefault("none")
        List<String> ntfy();

        @WithDefault("none")
        List<String> pushover();

        @WithDefault("none")
        List<String> webhook();
    }

    /** Many alerts for one contact method in a short window become one message. */
    interface Bundle {
        /** Individual pages per contact method within the window; past it, due pages are bundled. */
        @WithDefault("3")
        int threshold();

        @WithDefault("PT2M")
        Duration window();

        /** Channels that bundle (and whose rate limits apply). */
        @WithDefault("SMS,VOICE")
        List<String> channels();

        /** How far back an "aa" reply looks for alerts paged to that phone. */
        @WithDefault("PT12H")
        Duration ackAllLookback();
    }

    interface Schedules {
        /** When the coverage-gap check runs: a Quartz cron expression (UTC), or "off". */
        @WithDefault("0 0 7 * * ?")
        String gapCheckCron();

        /** How far ahead the coverage-gap check looks for times when nobody is on call. */
        @WithDefault("P14D")
        Duration gapCheckHorizon();
    }

    interface Checks {
        /** RDAP service for DOMAIN_EXPIRY checks; rdap.org redirects to each registry's own server. */
        @WithDefault("https://rdap.org")
        URI rdapBaseUrl();

        /** How often each check runs. */
        @WithDefault("P1D")
        Duration interval();

        /** How long before expiry a check alerts, unless the check sets its own window. */
        @WithDefault("P14D")
        Duration defaultWindow();

        /** Connect, handshake and RDAP request timeout. */
        @WithDefault("PT10S")
        Duration timeout();
    }

    interface Ingest {
        RateLimit rateLimit();

        /**
         * Open alerts per service past which a trigger that would open another is folded into one "too many open
         * alerts" alert of the service instead.
         */
        @WithDefault("500")
        int maxOpenAlertsPerService();

        /**
         * How long a replica trusts what it read about an integration key (found or not) before reading it again.
         * A change on this replica takes effect at once; one made through another replica within this long. PT0S
         * reads the integration on every event.
         */
        @WithDefault("PT5S")
        Duration integrationCacheTtl();

        /** Group commit: several requests' events share one transaction. */
        GroupCommit groupCommit();

        /**
         * Events from concurrent requests are taken by a few writer threads: each counts the duplicate triggers of
         * what has queued up in one statement and one commit, and hands every other event to a transaction of its
         * own (so a failing event fails alone); every request is answered after the commit that made its event
         * durable.
         */
        interface GroupCommit {
            /** Writer threads (each holds one database connection while it writes); 0 applies each event on its own request thread. */
            @WithDefault("3")
            int writers();

            /** Events one writer takes at once at most. */
            @WithDefault("64")
            int maxBatch();

            /**
             * How long a writer that found fewer than {@code max-batch} events waits for more before it writes them
             * (each request then waits up to this much longer for its commit, and one commit serves more requests);
             * zero writes at once. Half a millisecond took a third more events per commit in bench/ingest.sh.
             */
            @WithDefault("PT0.0005S")
            Duration linger();
        }

        /** A token bucket per integration and replica. */
        interface RateLimit {
            /** Sustained events per minute per integration; 0 turns the limit off. */
            @WithDefault("120")
            int eventsPerMinute();

            /** Events an integration may send at once before the sustained rate applies. */
            @WithDefault("120")
            int burst();
        }
    }
}
