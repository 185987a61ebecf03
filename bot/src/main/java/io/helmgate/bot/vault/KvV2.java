package io.helmgate.bot.vault;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpStatusCodeException;

/**
 * The three KV version 2 reads Helmgate needs, over a {@link VaultSession}. Paths are relative to
 * the mount ({@code acme/payments/prod} in mount {@code secret}); the HTTP API needs the {@code
 * data/} and {@code metadata/} segments that the CLI hides. A 404 is an answer ({@code null}), any
 * other failure a {@link VaultAccessException}.
 */
final class KvV2 {

  private final VaultSession session;

  KvV2(VaultSession session) {
    this.session = session;
  }

  /** {@code GET <mount>/metadata/<path>}: versions and their state, no values. */
  Metadata metadata(String mount, String path) {
    MetadataResponse response =
        get(mount, path, mount + "/metadata/" + path, MetadataResponse.class);
    if (response == null || response.data() == null) {
      return null;
    }
    Map<Integer, VersionState> versions = new LinkedHashMap<>();
    if (response.data().versions() != null) {
      response.data().versions().forEach((v, state) -> versions.put(Integer.valueOf(v), state));
    }
    return new Metadata(response.data().currentVersion(), Map.copyOf(versions));
  }

  /**
   * The key names of one version. KV v2 lists keys nowhere but in the data itself, so this reads
   * {@code <mount>/data/<path>?version=N}; the values are handed to a setter that drops them while
   * the JSON is parsed, so none is kept, logged or returned.
   */
  Set<String> keyNames(String mount, String path, int version) {
    KeysResponse response =
        get(mount, path, mount + "/data/" + path + "?version=" + version, KeysResponse.class);
    if (response == null || response.data() == null || response.data().data() == null) {
      return null;
    }
    return Collections.unmodifiableSet(response.data().data().names);
  }

  /**
   * The current version's key/value pairs of {@code <mount>/data/<path>}: only for the bot's own
   * settings, which it must know.
   */
  Map<String, Object> read(String mount, String path) {
    DataResponse response = get(mount, path, mount + "/data/" + path, DataResponse.class);
    if (response == null || response.data() == null || response.data().data() == null) {
      return null;
    }
    return response.data().data();
  }

  private <T> T get(String mount, String path, String url, Class<T> type) {
    try {
      return session.call(
          rest -> {
            try {
              return rest.getForObject(url, type);
            } catch (HttpStatusCodeException e) {
              if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                return null;
              }
              throw e;
            }
          });
    } catch (RuntimeException e) {
      throw VaultAccessException.of(e, session.properties(), mount, path);
    }
  }

  /** A secret's versions; {@code currentVersion} 0 means it has none. */
  record Metadata(int currentVersion, Map<Integer, VersionState> versions) {}

  /** The state of one version as metadata reports it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record VersionState(
      @JsonProperty("deletion_time") String deletionTime,
      @JsonProperty("destroyed") boolean destroyed) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record MetadataResponse(@JsonProperty("data") MetadataBody data) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record MetadataBody(
      @JsonProperty("current_version") int currentVersion,
      @JsonProperty("versions") Map<String, VersionState> versions) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record KeysResponse(@JsonProperty("data") KeysBody data) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record KeysBody(@JsonProperty("data") KeyNames data) {}

  /** Collects the names of a secret's keys; each value is skipped by the parser, never stored. */
  static final class KeyNames {
    final Set<String> names = new TreeSet<>();

    @JsonAnySetter
    public void add(String name, Void valueSkippedByTheParser) {
      names.add(name);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record DataResponse(@JsonProperty("data") DataBody data) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record DataBody(@JsonProperty("data") Map<String, Object> data) {}
}
