package io.helmgate.bot.slack;

import io.helmgate.bot.testsupport.Databases;

class PostgresReplayGuardTest extends ReplayGuardContract {
  PostgresReplayGuardTest() {
    super(Databases.postgres());
  }
}
