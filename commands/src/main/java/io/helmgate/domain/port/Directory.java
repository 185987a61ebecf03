package io.helmgate.domain.port;

import java.util.Set;

/** Who is in which group: the chat's user groups, by id and by handle. */
public interface Directory {

  /**
   * The ids and handles of every group the user belongs to.
   *
   * @throws DirectoryUnavailableException when the directory cannot be asked and nothing is cached
   */
  Set<String> groupsOf(String userId);

  /** Every group member known, for the separation-of-duties report: user id → group ids/handles. */
  java.util.Map<String, Set<String>> allMemberships();
}
