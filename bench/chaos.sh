#!/usr/bin/env bash
# Issue 13's chaos run: three packaged replicas, their own PostgreSQL (initdb/pg_ctl on port 18610), provider
# failures, kill -9 of two replicas, PostgreSQL stopped for 10 s; counts lost and duplicated pages.
# Build the application first: ./mvnw -B package -DskipTests. MVN=… picks another Maven command (default ./mvnw).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-./mvnw}
$MVN -B -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/chaos.classpath -Dmdep.includeScope=test
# the run itself needs no Maven: a plain JVM with the test classpath (the fake Twilio lives in the test classes)
exec java -cp "target/test-classes:target/classes:$(cat target/chaos.classpath)" -Dbench=chaos "$@" dev.klaxon.bench.Bench
