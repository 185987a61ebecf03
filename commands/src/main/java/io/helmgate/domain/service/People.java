package io.helmgate.domain.service;

import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.Actor;
import io.helmgate.domain.policy.RoleResolver;
import io.helmgate.domain.port.Directory;

/** Turns a chat user into an {@link Actor} with roles, asking the directory every time. */
public final class People {

  private final Directory directory;
  private final RoleResolver resolver;

  People(Directory directory, RoleResolver resolver) {
    this.directory = directory;
    this.resolver = resolver;
  }

  /**
   * The user with their current roles.
   *
   * @throws io.helmgate.domain.port.DirectoryUnavailableException when roles cannot be known
   */
  public Actor actor(UserRef user) {
    return resolver.actor(user, directory.groupsOf(user.id()));
  }
}
