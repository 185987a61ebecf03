package io.helmgate.bot.store;

import io.helmgate.bot.testsupport.Databases;
import javax.sql.DataSource;

/** The lock race on H2, the embedded default. */
class H2LockRaceTest extends LockRaceContract {

  @Override
  DataSource newDatabase() {
    return Databases.h2();
  }
}
