package dev.klaxon.bench;

import java.io.File;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start to ready and idle memory of the packaged Klaxon: starts {@code java [bench.jvm-args] -jar quarkus-run.jar}
 * {@code bench.runs} times against one database (the first start also runs the migrations on the fresh database
 * and is reported apart), measures from process start to {@code /q/health/ready} answering 200 (wall time, and the
 * CPU time the JVM used until then), then the resident set size after {@code bench.idle-seconds} of idling.
 *
 * <pre>./mvnw -B -Pbench test-compile exec:java -Dbench=startup
 * ./mvnw -B -Pbench test-compile exec:java -Dbench=startup -Dbench.jvm-args="-XX:SharedArchiveFile=target/klaxon.jsa"</pre>
 * System properties: bench.runs (4), bench.idle-seconds (15), bench.jvm-args (none; space-separated), bench.port
 * (18080), bench.management-port (port + 1), bench.db (klaxon_bench), bench.app (target/quarkus-app),
 * bench.in-app-dir (false: start from the project directory; true: from inside bench.app, which the AppCDS archive
 * of {@code -Dquarkus.package.jar.appcds.enabled=true} needs: {@code -Dbench.jvm-args=-XX:SharedArchiveFile=app-cds.jsa}).
 * Each run also prints the load average, since neighbours' builds on shared cores move start-up by seconds.
 */
public final class StartupBench {

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 4);
        int idle = Integer.getInteger("bench.idle-seconds", 15);
        int port = Integer.getInteger("bench.port", 18080);
        int managementPort = Integer.getInteger("bench.management-port", port + 1);
        String jvm = System.getProperty("bench.jvm-args", "").trim();
        List<String> jvmArgs = jvm.isEmpty() ? List.of() : Arrays.asList(jvm.split("\\s+"));
        String jdbc = Bench.recreateDatabase(System.getProperty("bench.db", "klaxon_bench"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Long> readyMs = new ArrayList<>();
        List<Long> cpuMs = new ArrayList<>();
        List<Long> rssMib = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            Process p = Bench.startKlaxon(jdbc, port, managementPort, null, Map.of(), jvmArgs,
                    new File("target/bench-startup-" + run + ".log"));
            try {
                Bench.awaitReady(http, managementPort, 120, "target/bench-startup-" + run + ".log");
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                long cpu = Bench.cpuMillis(p.pid());
                String load = Files.readString(Path.of("/proc/loadavg")).trim();
                TimeUnit.SECONDS.sleep(idle);
                long rss = Bench.rssKib(p.pid()) / 1024;
                System.out.printf("run %d%s: ready after %d ms (CPU %d ms), RSS after %d s idle %d MiB; load %s%n", run,
                        run == 0 ? " (fresh database: migrations)" : "", ms, cpu, idle, rss, load);
                if (run > 0) {
                    readyMs.add(ms);
                    cpuMs.add(cpu);
                    rssMib.add(rss);
                }
            } finally {
                Bench.stop(p);
            }
        }
        readyMs.sort(null);
        cpuMs.sort(null);
        rssMib.sort(null);
        System.out.printf("%nstart → ready (migrated database), JVM args [%s]: median %d ms (runs %s), CPU to ready median %d ms (%s); "
                        + "idle RSS median %d MiB (%s); %s%n",
                jvm, readyMs.get(readyMs.size() / 2), readyMs, cpuMs.get(cpuMs.size() / 2), cpuMs,
                rssMib.get(rssMib.size() / 2), rssMib, Bench.machine());
        System.exit(0);
    }
}
