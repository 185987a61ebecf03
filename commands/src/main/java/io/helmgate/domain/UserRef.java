package io.helmgate.domain;

import java.util.Objects;

/** A person as Slack knows them: the stable user id ({@code U…}) and a display name. */
public record UserRef(String id, String name) {

  public UserRef {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a user id is required");
    }
    name = name == null || name.isBlank() ? id : name;
  }

  @Override
  public String toString() {
    return name + " <" + id + ">";
  }
}
