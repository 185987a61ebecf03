package io.helmgate.bot.store;

import io.helmgate.bot.testsupport.Databases;
import javax.sql.DataSource;

/** The lock race on a real PostgreSQL, as in production. */
class PostgresLockRaceTest extends LockRaceContract {

  @Override
  DataSource newDatabase() {
    return Databases.postgres();
  }
}
