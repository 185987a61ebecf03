package io.helmgate.domain;

/** The teams whose separation Helmgate enforces. A user's roles come from their Slack groups. */
public enum Role {
  DEVELOPER,
  DEVOPS,
  OPS,
  AUDITOR
}
