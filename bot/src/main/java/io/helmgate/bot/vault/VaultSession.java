package io.helmgate.bot.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.ClientHttpRequestFactoryFactory;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.RestOperationsCallback;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.ClientOptions;
import org.springframework.vault.support.SslConfiguration;
import org.springframework.web.client.RestOperations;

/**
 * One logged-in connection to Vault. The token is kept alive by spring-vault's {@link
 * LifecycleAwareSessionManager}: renewed ({@code auth/token/renew-self}) before its lease ends, and
 * obtained again by a fresh login when it can no longer be renewed. ({@code new
 * VaultTemplate(endpoint, authentication)} would use a session manager that never renews.) Closing
 * the session revokes a token the bot obtained by logging in; a configured static token is left
 * alone.
 */
final class VaultSession implements AutoCloseable {

  private final VaultProperties properties;
  private final LifecycleAwareSessionManager sessionManager;
  private final VaultTemplate template;
  private final ThreadPoolTaskScheduler ownScheduler;

  private VaultSession(
      VaultProperties properties, TaskScheduler scheduler, ThreadPoolTaskScheduler ownScheduler) {
    this.properties = properties;
    this.ownScheduler = ownScheduler;
    VaultEndpoint endpoint = VaultEndpoint.from(properties.uri());
    ClientHttpRequestFactory requests =
        ClientHttpRequestFactoryFactory.create(
            new ClientOptions(properties.requestTimeout(), properties.requestTimeout()),
            SslConfiguration.unconfigured());
    RestOperations login = LoginRestTemplate.create(endpoint, requests);
    this.sessionManager =
        new LifecycleAwareSessionManager(authentication(properties, login), scheduler, login);
    this.template = new VaultTemplate(endpoint, requests, sessionManager);
  }

  /** A session that renews its token on a scheduler of its own (one daemon thread). */
  static VaultSession open(VaultProperties properties) {
    return open(properties, true);
  }

  /**
   * A session for a single read at start-up: a static token is used as it is, without the
   * self-lookup that only serves to schedule its renewal.
   */
  static VaultSession openForStartup(VaultProperties properties) {
    return open(properties, false);
  }

  private static VaultSession open(VaultProperties properties, boolean lookUpStaticToken) {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(1);
    scheduler.setDaemon(true);
    scheduler.setThreadNamePrefix("helmgate-vault-");
    scheduler.initialize();
    VaultSession session = new VaultSession(properties, scheduler, scheduler);
    session.sessionManager.setTokenSelfLookupEnabled(lookUpStaticToken);
    return session;
  }

  /** A session that renews its token on the given scheduler (tests control it). */
  static VaultSession open(VaultProperties properties, TaskScheduler scheduler) {
    return new VaultSession(properties, scheduler, null);
  }

  /** Runs {@code callback} with a client that sends the session's token. */
  <T> T call(RestOperationsCallback<T> callback) {
    return template.doWithSession(callback);
  }

  VaultProperties properties() {
    return properties;
  }

  @Override
  public void close() {
    sessionManager.destroy();
    if (ownScheduler != null) {
      ownScheduler.shutdown();
    }
  }

  private static ClientAuthentication authentication(
      VaultProperties properties, RestOperations login) {
    return switch (properties.authentication()) {
      case TOKEN -> new TokenAuthentication(properties.token());
      case APPROLE -> {
        VaultProperties.AppRole appRole = properties.appRole();
        yield new AppRoleAuthentication(
            AppRoleAuthenticationOptions.builder()
                .path(appRole.path())
                .roleId(RoleId.provided(appRole.roleId()))
                .secretId(
                    appRole.secretId() == null
                        ? SecretId.absent()
                        : SecretId.provided(appRole.secretId()))
                .build(),
            login);
      }
      case KUBERNETES -> {
        VaultProperties.Kubernetes kubernetes = properties.kubernetes();
        yield new KubernetesAuthentication(
            KubernetesAuthenticationOptions.builder()
                .path(kubernetes.path())
                .role(kubernetes.role())
                .jwtSupplier(serviceAccountToken(Path.of(kubernetes.tokenFile())))
                .build(),
            login);
      }
    };
  }

  /**
   * Reads the service-account token at every login: Kubernetes rotates projected tokens, and a
   * missing file should fail the login with the file's name, not the start-up with an assertion.
   */
  private static Supplier<String> serviceAccountToken(Path file) {
    return () -> {
      try {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      } catch (IOException e) {
        throw new VaultException(
            "cannot read the Kubernetes service-account token file "
                + file
                + " (helmgate.vault.kubernetes.token-file)",
            e);
      }
    };
  }
}
