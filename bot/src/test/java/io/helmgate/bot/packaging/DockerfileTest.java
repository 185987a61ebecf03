package io.helmgate.bot.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.packaging.Dockerfile.Instruction;
import io.helmgate.bot.packaging.Dockerfile.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image's shape, checked without a Docker engine (none runs on the build machines): two stages
 * from Temurin 17 JDK to JRE, Spring Boot layers, a fixed non-root UID that OpenShift's arbitrary
 * UIDs can stand in for, a readiness health check, and no secrets baked in.
 */
class DockerfileTest {

  private static final Pattern ENV_PAIR =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|(\\S*))");

  private static Path root;
  private static Dockerfile dockerfile;
  private static Stage build;
  private static Stage runtime;

  @BeforeAll
  static void parse() throws IOException {
    root = RepositoryFiles.root();
    dockerfile = Dockerfile.parse(root.resolve("Dockerfile"));
    assertThat(dockerfile.stages()).hasSize(2);
    build = dockerfile.stages().get(0);
    runtime = dockerfile.stages().get(1);
  }

  @Test
  void buildsOnTemurin17JdkAndRunsOnTemurin17Jre() {
    assertThat(build.name()).isEqualTo("build");
    assertThat(build.image()).startsWith("eclipse-temurin:17-jdk");
    assertThat(runtime.image()).startsWith("eclipse-temurin:17-jre");
    // wget for the health check ships with Temurin's Ubuntu images, not with alpine or ubi-minimal
    assertThat(runtime.image()).doesNotContain("alpine").doesNotContain("ubi");
  }

  @Test
  void buildStagePackagesWithTheWrapperAndExtractsTheBootLayers() {
    String run = joined(build, "RUN");

    assertThat(run).contains("./mvnw -B").contains("-DskipTests package");
    assertThat(run).contains("java -Djarmode=tools -jar app.jar extract --layers");
    assertThat(build.all("RUN").get(0).flags())
        .containsEntry("mount", "type=cache,target=/root/.m2");
  }

  @Test
  void runtimeCopiesTheBootLayersFromTheBuildStageLeastChangedFirst() {
    List<String> layers =
        runtime.all("COPY").stream()
            .filter(copy -> "build".equals(copy.flags().get("from")))
            .map(copy -> copy.arguments().split("\\s+")[0])
            .toList();

    assertThat(layers)
        .containsExactly(
            "/build/extracted/dependencies/",
            "/build/extracted/spring-boot-loader/",
            "/build/extracted/snapshot-dependencies/",
            "/build/extracted/application/");
  }

  @Test
  void runsAsFixedNonRootUidInGroupZeroWithAGroupWritableDataDirectory() {
    List<Instruction> users = runtime.all("USER");
    assertThat(users).isNotEmpty();
    // numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd
    assertThat(users.get(users.size() - 1).arguments()).isEqualTo("10001:0");

    String run = joined(runtime, "RUN");
    assertThat(run).contains("useradd --uid 10001 --gid 0");
    assertThat(run).contains("chown 10001:0 /app/data").contains("chmod g=u /app/data");
    assertThat(single(runtime, "WORKDIR")).isEqualTo("/app");
  }

  @Test
  void healthCheckAsksTheReadinessGroupOnTheManagementPort() {
    Instruction check = runtime.all("HEALTHCHECK").get(0);

    assertThat(check.arguments())
        .startsWith("CMD ")
        .contains("wget")
        .contains("--tries=1")
        .contains(":${MANAGEMENT_SERVER_PORT:-3001}/actuator/health/readiness");
    assertThat(check.flags()).containsKeys("interval", "timeout", "start-period", "retries");
  }

  @Test
  void exposesTheSlackAndManagementPortsAndStartsWithTheProdProfileAndContainerAwareMemory() {
    assertThat(single(runtime, "EXPOSE")).isEqualTo("3000 3001");

    Map<String, String> env = env(runtime);
    assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
    assertThat(env.get("JAVA_TOOL_OPTIONS"))
        .contains("-XX:MaxRAMPercentage=75")
        .contains("-XX:+UseSerialGC")
        .contains("-XX:TieredStopAtLevel=1")
        .contains("-XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void entrypointRunsTheExtractedJarInExecFormBehindTemurinsCaEntrypoint() {
    assertThat(single(runtime, "ENTRYPOINT"))
        .isEqualTo(
            "[\"/__cacert_entrypoint.sh\", \"java\", \"-XX:SharedArchiveFile=/app/app.jsa\","
                + " \"-jar\", \"/app/app.jar\"]");
  }

  @Test
  void aTrainingRunWritesTheClassDataArchiveTheEntrypointMapsAndLeavesNothingInTheDataDirectory() {
    String run = joined(runtime, "RUN");

    assertThat(run)
        .contains("-XX:DumpLoadedClassList=")
        .contains("-Dspring.context.exit=onRefresh")
        .contains("-Xshare:dump")
        .contains("-XX:SharedArchiveFile=/app/app.jsa")
        .contains("-jar /app/app.jar")
        .contains("--spring.datasource.url=jdbc:h2:mem:")
        .contains("--helmgate.git.workdir=/tmp/")
        .contains("HOME=/tmp/")
        .contains("test -s /app/app.jsa");
  }

  @Test
  void noSecretIsBakedIntoTheImage() throws IOException {
    Pattern secretName = Pattern.compile("(?i).*(token|secret|password|passwd|credential).*");
    for (Stage stage : dockerfile.stages()) {
      assertThat(env(stage).keySet()).noneMatch(name -> secretName.matcher(name).matches());
      assertThat(stage.all("ARG"))
          .noneMatch(arg -> secretName.matcher(arg.arguments().split("=")[0]).matches());
    }
    assertThat(dockerfile.globalArgs().keySet())
        .noneMatch(name -> secretName.matcher(name).matches());
    assertThat(Files.readString(root.resolve("Dockerfile")))
        .doesNotContain("xoxb-")
        .doesNotContain("xapp-")
        .doesNotContain("hvs.");
  }

  @Test
  void everythingCopiedFromTheContextExistsAndIsNotIgnored() throws IOException {
    List<String> ignored =
        Files.readAllLines(root.resolve(".dockerignore")).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    assertThat(ignored).contains("**/target/", "data/", ".git/");

    List<Instruction> contextCopies =
        dockerfile.stages().stream()
            .flatMap(stage -> stage.all("COPY").stream())
            .filter(copy -> !copy.flags().containsKey("from"))
            .toList();
    assertThat(contextCopies).isNotEmpty();
    for (Instruction copy : contextCopies) {
      String[] words = copy.arguments().split("\\s+");
      for (int i = 0; i < words.length - 1; i++) {
        String source = words[i];
        if (source.equals(".")) {
          continue;
        }
        assertThat(root.resolve(source)).as("COPY source at line %d", copy.line()).exists();
        String top = source.replaceAll("/.*", "");
        assertThat(ignored)
            .as("COPY source %s at line %d is in .dockerignore", source, copy.line())
            .noneMatch(pattern -> pattern.replaceAll("/$", "").equals(top));
      }
    }
  }

  private static String joined(Stage stage, String keyword) {
    return String.join("\n", stage.all(keyword).stream().map(Instruction::arguments).toList());
  }

  private static String single(Stage stage, String keyword) {
    List<Instruction> found = stage.all(keyword);
    assertThat(found).as(keyword).hasSize(1);
    return found.get(0).arguments();
  }

  private static Map<String, String> env(Stage stage) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Instruction instruction : stage.all("ENV")) {
      Matcher pair = ENV_PAIR.matcher(instruction.arguments());
      while (pair.find()) {
        env.put(pair.group(1), pair.group(3) != null ? pair.group(3) : pair.group(4));
      }
    }
    return env;
  }
}
