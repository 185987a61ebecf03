# syntax=docker/dockerfile:1
#
# Helmgate container image.
#   docker build -t helmgate:dev .
#   docker run --rm -p 3000:3000 helmgate:dev
# Needs BuildKit (the default builder since Docker Engine 23) for the Maven cache mount.
# Base images are arguments so that a bank can point them at its own registry mirror:
#   docker build --build-arg JDK_IMAGE=registry.example.org/eclipse-temurin:17-jdk-noble ...

ARG JDK_IMAGE=eclipse-temurin:17-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:17-jre-noble

# ---------------------------------------------------------------------------------------------
# Build: the Maven wrapper fetches Maven itself, so the JDK image is all this stage needs.
FROM ${JDK_IMAGE} AS build
WORKDIR /build

# The whole context (see .dockerignore) at once: dependency:go-offline cannot resolve the
# reactor's own modules, and a poms-only layer would break as soon as a module is added. The
# dependency cache is a BuildKit cache mount instead, so rebuilds reuse ~/.m2 (and the Maven
# distribution the wrapper downloads) whatever changed.
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests package \
 && cp bot/target/helmgate-bot-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --destination extracted

# ---------------------------------------------------------------------------------------------
# Runtime: JRE only, non-root, fixed UID; group 0 owns the writable data directory so that
# OpenShift's arbitrary UIDs (always in group 0) can write there too.
FROM ${JRE_IMAGE}

RUN useradd --uid 10001 --gid 0 --no-create-home --home-dir /app/data \
        --shell /usr/sbin/nologin helmgate \
 && mkdir -p /app/data \
 && chown 10001:0 /app/data \
 && chmod g=u /app/data

WORKDIR /app

# One layer per Spring Boot layer, least to most often changed. The application files stay
# owned by root: the process can read them but not change them.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# Example values repository (the embedded default seeds ./data/values from it) and example policy.
COPY config/ config/

# HOME points at the writable directory: JGit keeps its user config and SSH known_hosts there,
# and an arbitrary UID has no passwd entry to take a home from.
ENV HOME=/app/data \
    SPRING_PROFILES_ACTIVE=prod \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"

# Class-data sharing (AppCDS): a training run lists the classes start-up loads, and a dump
# stores them, parsed and verified, in /app/app.jsa, which every start then maps instead of
# reading them from the jars again (a shorter start-up; see bench/README.md, Run D). Spring's
# spring.context.exit=onRefresh ends the training once the context is refreshed, before anything
# starts; the training needs only a valid policy (a placeholder group), Slack stays unconfigured,
# and its in-memory database, values clone and HOME under /tmp are deleted: nothing it writes
# stays in /app/data. The list leaves out lambda proxies: archiving this application's makes
# JDK 17's dump crash (SIGSEGV in adjust_lambda_proxy_class_dictionary), dynamic archive
# (-XX:ArchiveClassesAtExit) and static dump alike. Same JVM, flags and class path as at run
# time: an archive that does not match is ignored with a warning, never an error.
RUN mkdir -p /tmp/helmgate-training \
 && HOME=/tmp/helmgate-training java -XX:DumpLoadedClassList=/tmp/helmgate-training/classes.lst \
        -Dspring.context.exit=onRefresh -jar /app/app.jar \
        --spring.datasource.url=jdbc:h2:mem:training \
        --helmgate.git.workdir=/tmp/helmgate-training/values \
        --helmgate.policy.roles.OPS=S0TRAINING \
 && grep -v '^@lambda-proxy' /tmp/helmgate-training/classes.lst > /tmp/helmgate-training/dump.lst \
 && java -Xshare:dump -XX:SharedClassListFile=/tmp/helmgate-training/dump.lst \
        -XX:SharedArchiveFile=/app/app.jsa -jar /app/app.jar \
 && rm -rf /tmp/helmgate-training \
 && test -s /app/app.jsa

USER 10001:0
# 3000: POST /slack/events (HTTP mode); 3001: actuator (health, Prometheus), kept apart so that
# a probe never queues behind Slack traffic.
EXPOSE 3000 3001
VOLUME ["/app/data"]

# wget is part of the Temurin Ubuntu images (installed beside curl); --tries=1 stops its
# default of 20 retries, and a 503 from a DOWN readiness group makes it exit non-zero.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD wget -q --tries=1 -T 4 -O /dev/null "http://127.0.0.1:${MANAGEMENT_SERVER_PORT:-3001}/actuator/health/readiness" || exit 1

# The Temurin entrypoint stays in front: with USE_SYSTEM_CA_CERTS=1 it adds the certificates
# mounted under /certificates (a bank's internal CA) to the JVM trust store, then execs java.
ENTRYPOINT ["/__cacert_entrypoint.sh", "java", "-XX:SharedArchiveFile=/app/app.jsa", "-jar", "/app/app.jar"]
