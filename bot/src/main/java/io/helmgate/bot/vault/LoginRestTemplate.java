package io.helmgate.bot.vault;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpEntity;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.web.client.RequestCallback;
import org.springframework.web.client.RestTemplate;

/**
 * The client spring-vault logs in and renews with. {@code RestTemplate} logs every request body at
 * DEBUG ("Writing [{role_id=…, secret_id=…}]"), which would put the AppRole secret id or the
 * Kubernetes service-account token into the log of anyone who turns on {@code
 * org.springframework.web} debugging. Here a map body is sent unchanged but prints as its key names
 * only.
 */
final class LoginRestTemplate extends RestTemplate {

  private LoginRestTemplate(RestTemplate configured, ClientHttpRequestFactory requests) {
    super(configured.getMessageConverters());
    setRequestFactory(requests);
    // spring-vault's no-op interceptor makes the body buffered, so it goes with a Content-Length.
    setInterceptors(configured.getInterceptors());
    setUriTemplateHandler(configured.getUriTemplateHandler());
    setErrorHandler(configured.getErrorHandler());
  }

  /** Configured like spring-vault's own client for {@code endpoint}. */
  static LoginRestTemplate create(VaultEndpoint endpoint, ClientHttpRequestFactory requests) {
    return new LoginRestTemplate(VaultClients.createRestTemplate(endpoint, requests), requests);
  }

  @Override
  public <T> RequestCallback httpEntityCallback(Object requestBody) {
    return super.httpEntityCallback(redacted(requestBody));
  }

  @Override
  public <T> RequestCallback httpEntityCallback(Object requestBody, Type responseType) {
    return super.httpEntityCallback(redacted(requestBody), responseType);
  }

  static Object redacted(Object body) {
    if (body instanceof Map<?, ?> map) {
      return new KeysOnly(map);
    }
    if (body != null
        && body.getClass() == HttpEntity.class
        && ((HttpEntity<?>) body).getBody() instanceof Map<?, ?> map) {
      return new HttpEntity<>(new KeysOnly(map), ((HttpEntity<?>) body).getHeaders());
    }
    return body;
  }

  /** A map that serialises like any other but prints {@code {role_id=•••, secret_id=•••}}. */
  static final class KeysOnly extends LinkedHashMap<Object, Object> {
    KeysOnly(Map<?, ?> values) {
      super(values);
    }

    @Override
    public String toString() {
      return keySet().stream().map(k -> k + "=•••").collect(Collectors.joining(", ", "{", "}"));
    }
  }
}
