package io.helmgate.bot.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Lints and renders chart/helmgate with Helm's own engine (its Go library, loaded through
 * helm-java) and checks the Kubernetes objects that come out, for the default values and for the
 * HTTP mode, Socket Mode, PostgreSQL and Vault set-ups that docs/production.md describes.
 */
class HelmChartTest {

  private static Path chart;

  @BeforeAll
  static void locateChart() {
    chart = RepositoryFiles.root().resolve("chart/helmgate");
  }

  @Test
  void chartPassesStrictLint() {
    LintResult lint = new Helm(chart).lint().strict().call();

    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void defaultsRenderOneReplicaWithServiceConfigMapServiceAccountAndBudgetButNoIngressOrSecret() {
    Rendered rendered = render(UnaryOperator.identity());

    assertThat(rendered.kinds())
        .containsExactlyInAnyOrder(
            "ServiceAccount", "ConfigMap", "Service", "Deployment", "PodDisruptionBudget");
    Map<String, Object> deployment = rendered.one("Deployment");
    assertThat(at(deployment, "spec.replicas")).isEqualTo(1);
    // two pods cannot open one H2 file, so the old pod stops before the new one starts
    assertThat(at(deployment, "spec.strategy.type")).isEqualTo("Recreate");
    assertThat(at(rendered.one("Service"), "spec.ports.0.port")).isEqualTo(3000);
    assertThat(at(rendered.one("Service"), "spec.ports.1.port")).isEqualTo(3001);
    assertThat(at(rendered.one("PodDisruptionBudget"), "spec.maxUnavailable")).isEqualTo(1);
  }

  @Test
  void deploymentProbesTheActuatorHealthGroupsOnTheManagementPort() {
    Map<String, Object> container = container(render(UnaryOperator.identity()));

    assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
    assertThat(at(container, "readinessProbe.httpGet.path"))
        .isEqualTo("/actuator/health/readiness");
    assertThat(at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
    assertThat(at(container, "ports.0.containerPort")).isEqualTo(3000);
    assertThat(at(container, "ports.1.name")).isEqualTo("management");
    assertThat(at(container, "ports.1.containerPort")).isEqualTo(3001);
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      assertThat(at(container, probe + ".httpGet.port")).as(probe).isEqualTo("management");
    }
    assertThat(at(container, "resources.requests.memory")).isEqualTo("512Mi");
    assertThat(at(container, "resources.limits.memory")).isEqualTo("1Gi");
  }

  @Test
  void podRunsNonRootOnAReadOnlyRootWithNoCapabilitiesAndWritableDataAndTmp() {
    Rendered rendered = render(UnaryOperator.identity());
    Map<String, Object> pod = mapAt(rendered.one("Deployment"), "spec.template.spec");
    Map<String, Object> container = container(rendered);

    assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
    assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(10001);
    assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
    assertThat(at(pod, "automountServiceAccountToken")).isEqualTo(false);
    assertThat(at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
    assertThat(at(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
    assertThat(at(container, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");

    Map<String, Object> mounts = byName(listAt(container, "volumeMounts"));
    assertThat(at(mounts, "data.mountPath")).isEqualTo("/app/data");
    assertThat(at(mounts, "tmp.mountPath")).isEqualTo("/tmp");
    Map<String, Object> volumes = byName(listAt(pod, "volumes"));
    assertThat(mapAt(volumes, "data")).containsKey("emptyDir");
  }

  @Test
  void policyIsAConfigMapMountedAndAddedToSpringsConfigLocations() {
    Rendered rendered = render(UnaryOperator.identity());
    Map<String, Object> env = env(container(rendered));

    assertThat(env)
        .containsEntry(
            "SPRING_CONFIG_ADDITIONAL_LOCATION", "file:/etc/helmgate/policy/application-policy.yml")
        .containsEntry("SPRING_PROFILES_ACTIVE", "prod");
    assertThat(at(byName(listAt(container(rendered), "volumeMounts")), "policy.mountPath"))
        .isEqualTo("/etc/helmgate/policy");

    String policyYaml = stringAt(rendered.one("ConfigMap"), "data.application-policy.yml");
    Map<String, Object> policy = new Yaml().load(policyYaml);
    assertThat(at(policy, "helmgate.policy.roles.OPS")).isEqualTo(List.of("@ops-team"));
    assertThat(at(policy, "helmgate.policy.environments.prod.approvals")).isEqualTo(1);
    assertThat(at(policy, "helmgate.policy.conflicting-roles"))
        .isEqualTo(List.of(List.of("DEVELOPER", "OPS")));
  }

  @Test
  void httpModeRoutesOnlySlackPathsThroughTheIngressAndKeepsTokensInTheSecret() {
    Rendered rendered =
        render(
            t ->
                t.set("slack.signingSecret", "test-signing-secret")
                    .set("slack.botToken", "xoxb-fake")
                    .set("ingress.enabled", "true")
                    .set("ingress.host", "helmgate.example.org")
                    .set("ingress.tlsSecretName", "helmgate-tls"));

    Map<String, Object> ingress = rendered.one("Ingress");
    assertThat(at(ingress, "spec.rules.0.host")).isEqualTo("helmgate.example.org");
    assertThat(at(ingress, "spec.rules.0.http.paths.0.path")).isEqualTo("/slack");
    assertThat(at(ingress, "spec.rules.0.http.paths.0.backend.service.port.name"))
        .isEqualTo("http");
    assertThat(at(ingress, "spec.tls.0.secretName")).isEqualTo("helmgate-tls");

    Map<String, Object> secret = rendered.one("Secret");
    assertThat(decoded(stringAt(secret, "data.slack-bot-token"))).isEqualTo("xoxb-fake");
    assertThat(decoded(stringAt(secret, "data.slack-signing-secret")))
        .isEqualTo("test-signing-secret");
    assertThat(mapAt(secret, "data")).doesNotContainKey("slack-app-token");

    Map<String, Object> env = env(container(rendered));
    assertThat(at(env, "HELMGATE_SLACK_BOT_TOKEN.secretKeyRef.name"))
        .isEqualTo(at(secret, "metadata.name"));
    assertThat(at(env, "HELMGATE_SLACK_BOT_TOKEN.secretKeyRef.key")).isEqualTo("slack-bot-token");
    assertThat(at(env, "HELMGATE_SLACK_SIGNING_SECRET.secretKeyRef.key"))
        .isEqualTo("slack-signing-secret");
    // a token never appears in the pod spec itself
    assertThat(rendered.one("Deployment").toString()).doesNotContain("xoxb-fake");
  }

  @Test
  void socketModeWithAnExistingSecretRendersNoSecretAndNoIngress() {
    Rendered rendered = render(t -> t.set("existingSecret", "helmgate-slack"));

    assertThat(rendered.kinds()).doesNotContain("Secret", "Ingress");
    Map<String, Object> env = env(container(rendered));
    for (String name :
        List.of(
            "HELMGATE_SLACK_SIGNING_SECRET",
            "HELMGATE_SLACK_BOT_TOKEN",
            "HELMGATE_SLACK_APP_TOKEN",
            "HELMGATE_GIT_TOKEN",
            "HELMGATE_ARGOCD_TOKEN",
            "SPRING_DATASOURCE_PASSWORD")) {
      assertThat(at(env, name + ".secretKeyRef.name")).as(name).isEqualTo("helmgate-slack");
      assertThat(at(env, name + ".secretKeyRef.optional")).as(name).isEqualTo(true);
    }
  }

  @Test
  void connectionSettingsBecomeTheApplicationsEnvironmentVariables() {
    Rendered rendered =
        render(
            t ->
                t.set("git.url", "https://git.example.org/ops/values.git")
                    .set("git.token", "test-git-token")
                    .set("argocd.url", "https://argocd.example.org")
                    .set("argocd.project", "shop")
                    .set("argocd.token", "test-argocd-token"));

    Map<String, Object> env = env(container(rendered));
    assertThat(env)
        .containsEntry("HELMGATE_GIT_URL", "https://git.example.org/ops/values.git")
        .containsEntry("HELMGATE_GIT_BRANCH", "main")
        .containsEntry("HELMGATE_ARGOCD_URL", "https://argocd.example.org")
        .containsEntry("HELMGATE_ARGOCD_PROJECT", "shop");
    assertThat(at(env, "HELMGATE_GIT_TOKEN.secretKeyRef.key")).isEqualTo("git-token");
    assertThat(at(env, "HELMGATE_ARGOCD_TOKEN.secretKeyRef.key")).isEqualTo("argocd-token");
  }

  @Test
  void severalReplicasWithoutPostgresqlAreRefusedWithAMessageNamingTheFix() {
    Throwable failure = catchThrowable(() -> render(t -> t.set("replicaCount", "3")));

    assertThat(failure)
        .hasMessageContaining("replicaCount is 3 but database.url is not PostgreSQL")
        .hasMessageContaining("database.url=jdbc:postgresql://");
  }

  @Test
  void severalReplicasOnPostgresqlRollOneAtATimeAndReadTheDatasourceFromTheEnvironment() {
    Rendered rendered =
        render(
            t ->
                t.set("replicaCount", "3")
                    .set("database.url", "jdbc:postgresql://postgres.example.org:5432/helmgate")
                    .set("database.password", "test-db-password"));

    Map<String, Object> deployment = rendered.one("Deployment");
    assertThat(at(deployment, "spec.replicas")).isEqualTo(3);
    assertThat(mapAt(deployment, "spec")).doesNotContainKey("strategy");
    Map<String, Object> env = env(container(rendered));
    assertThat(env)
        .containsEntry(
            "SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres.example.org:5432/helmgate")
        .containsEntry("SPRING_DATASOURCE_USERNAME", "helmgate");
    assertThat(at(env, "SPRING_DATASOURCE_PASSWORD.secretKeyRef.key"))
        .isEqualTo("database-password");
  }

  @Test
  void severalReplicasSharingOneVolumeClaimAreRefused() {
    Throwable failure =
        catchThrowable(
            () ->
                render(
                    t ->
                        t.set("replicaCount", "2")
                            .set("database.url", "jdbc:postgresql://db:5432/helmgate")
                            .set("persistence.enabled", "true")));

    assertThat(failure).hasMessageContaining("each replica needs its own clone");
  }

  @Test
  void ingressWithoutAHostIsRefused() {
    assertThat(catchThrowable(() -> render(t -> t.set("ingress.enabled", "true"))))
        .hasMessageContaining("ingress.enabled=true needs ingress.host");
  }

  @Test
  void sshRemoteMountsTheKeySecretReadOnlyAndPointsTheGitSettingsAtIt() {
    Rendered rendered =
        render(
            t ->
                t.set("git.url", "ssh://git@git.example.org/ops/values.git")
                    .set("git.ssh.secretName", "values-deploy-key"));

    Map<String, Object> container = container(rendered);
    assertThat(env(container))
        .containsEntry("HELMGATE_GIT_SSH_KEY_PATH", "/etc/helmgate/git-ssh/ssh-privatekey")
        .containsEntry("HELMGATE_GIT_SSH_KNOWN_HOSTS_PATH", "/etc/helmgate/git-ssh/known_hosts");
    assertThat(at(byName(listAt(container, "volumeMounts")), "git-ssh.readOnly")).isEqualTo(true);
    Map<String, Object> volumes =
        byName(listAt(rendered.one("Deployment"), "spec.template.spec.volumes"));
    assertThat(at(volumes, "git-ssh.secret.secretName")).isEqualTo("values-deploy-key");
  }

  @Test
  void openShiftCanLeaveTheUidToItsSecurityContextConstraints() {
    Rendered rendered =
        render(
            t ->
                t.set("podSecurityContext.runAsUser", "null")
                    .set("podSecurityContext.runAsGroup", "null")
                    .set("podSecurityContext.fsGroup", "null"));

    Map<String, Object> podSecurity =
        mapAt(rendered.one("Deployment"), "spec.template.spec.securityContext");
    assertThat(podSecurity)
        .doesNotContainKeys("runAsUser", "runAsGroup", "fsGroup")
        .containsEntry("runAsNonRoot", true);
  }

  @Test
  void persistenceOnH2KeepsTheClaimAcrossUninstalls() {
    Rendered rendered = render(t -> t.set("persistence.enabled", "true"));

    Map<String, Object> claim = rendered.one("PersistentVolumeClaim");
    assertThat(at(claim, "metadata.annotations.helm.sh/resource-policy")).isEqualTo("keep");
    Map<String, Object> volumes =
        byName(listAt(rendered.one("Deployment"), "spec.template.spec.volumes"));
    assertThat(at(volumes, "data.persistentVolumeClaim.claimName"))
        .isEqualTo(at(claim, "metadata.name"));
  }

  @Test
  void vaultWithKubernetesAuthMountsTheServiceAccountTokenAndNeedsNoSecret() {
    Rendered rendered =
        render(
            t ->
                t.set("vault.enabled", "true")
                    .set("vault.uri", "https://vault.example.org:8200")
                    .set("vault.kubernetesRole", "helmgate-bot"));

    assertThat(rendered.kinds()).doesNotContain("Secret");
    Map<String, Object> pod = mapAt(rendered.one("Deployment"), "spec.template.spec");
    assertThat(at(pod, "automountServiceAccountToken")).isEqualTo(true);
    assertThat(at(pod, "serviceAccountName"))
        .isEqualTo(at(rendered.one("ServiceAccount"), "metadata.name"));
    assertThat(env(container(rendered)))
        .containsEntry("HELMGATE_VAULT_URI", "https://vault.example.org:8200")
        .containsEntry("HELMGATE_VAULT_AUTHENTICATION", "KUBERNETES")
        .containsEntry("HELMGATE_VAULT_KUBERNETES_ROLE", "helmgate-bot")
        .containsEntry("HELMGATE_VAULT_KV_MOUNT", "secret")
        .containsEntry("HELMGATE_VAULT_BOT_SECRETS_PATH", "helmgate/bot")
        .doesNotContainKey("HELMGATE_SLACK_BOT_TOKEN");
  }

  @Test
  void schemaRefusesValuesTheApplicationWouldRefuseAtStartUp() {
    assertThat(catchThrowable(() -> render(t -> t.set("replicaCount", "0"))))
        .hasMessageContaining("/replicaCount");
    assertThat(catchThrowable(() -> render(t -> t.set("slack.botToken", "xapp-wrong-kind"))))
        .hasMessageContaining("/slack/botToken");
    assertThat(catchThrowable(() -> render(t -> t.set("database.url", "jdbc:mysql://db/x"))))
        .hasMessageContaining("/database/url");
    assertThat(catchThrowable(() -> render(t -> t.set("securityContext.runAsNonRoot", "false"))))
        .hasMessageContaining("/securityContext/runAsNonRoot");
  }

  // ----------------------------------------------------------------------------------------------

  /** The objects of one rendering, in the order Helm printed them. */
  private record Rendered(List<Map<String, Object>> objects) {

    List<String> kinds() {
      return objects.stream().map(o -> (String) o.get("kind")).toList();
    }

    Map<String, Object> one(String kind) {
      List<Map<String, Object>> found =
          objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
      assertThat(found).as("objects of kind %s", kind).hasSize(1);
      return found.get(0);
    }
  }

  private static Rendered render(UnaryOperator<TemplateCommand> values) {
    String manifest =
        values.apply(new Helm(chart).template().withName("helmgate").withNamespace("ops")).call();
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object document : new Yaml().loadAll(manifest)) {
      if (document != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) document;
        objects.add(object);
      }
    }
    return new Rendered(objects);
  }

  private static Map<String, Object> container(Rendered rendered) {
    List<Map<String, Object>> containers =
        listAt(rendered.one("Deployment"), "spec.template.spec.containers");
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  /** Environment variables by name: the plain value, or the valueFrom map. */
  private static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> env = new LinkedHashMap<>();
    List<Map<String, Object>> entries = listAt(container, "env");
    for (Map<String, Object> entry : entries) {
      Object previous =
          env.put(
              (String) entry.get("name"),
              entry.containsKey("value") ? entry.get("value") : entry.get("valueFrom"));
      assertThat(previous).as("duplicate env %s", entry.get("name")).isNull();
    }
    return env;
  }

  private static Map<String, Object> byName(List<Map<String, Object>> list) {
    Map<String, Object> named = new LinkedHashMap<>();
    list.forEach(item -> named.put((String) item.get("name"), item));
    return named;
  }

  private static String decoded(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /**
   * Walks a dotted path through maps and lists ({@code spec.ports.0.port}). Map keys may contain
   * dots ({@code helm.sh/resource-policy}): the longest key that matches wins.
   */
  private static Object at(Object root, String path) {
    Object node = root;
    String rest = path;
    while (!rest.isEmpty()) {
      if (node instanceof List<?> list) {
        int dot = rest.indexOf('.');
        String index = dot < 0 ? rest : rest.substring(0, dot);
        node = list.get(Integer.parseInt(index));
        rest = dot < 0 ? "" : rest.substring(dot + 1);
      } else if (node instanceof Map<?, ?> map) {
        String key = longestKey(map, rest);
        assertThat(key).as("no key at '%s' of path '%s'", rest, path).isNotNull();
        node = map.get(key);
        rest = rest.length() == key.length() ? "" : rest.substring(key.length() + 1);
      } else {
        throw new AssertionError("path '" + path + "' runs past a leaf at '" + rest + "'");
      }
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapAt(Object root, String path) {
    return (Map<String, Object>) at(root, path);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> listAt(Object root, String path) {
    return (List<Map<String, Object>>) at(root, path);
  }

  private static String stringAt(Object root, String path) {
    return (String) at(root, path);
  }

  private static String longestKey(Map<?, ?> map, String rest) {
    String best = null;
    for (Object candidate : map.keySet()) {
      String key = String.valueOf(candidate);
      boolean matches = rest.equals(key) || rest.startsWith(key + ".");
      if (matches && (best == null || key.length() > best.length())) {
        best = key;
      }
    }
    return best;
  }
}
