package io.helmgate.bot.schedule;

import io.helmgate.bot.testsupport.Databases;
import javax.sql.DataSource;

/**
 * The scheduler on the embedded default, H2 in PostgreSQL mode with lower-cased names: the same V2
 * migration, Quartz's upper-case SQL and the standard delegate.
 */
class H2SchedulerTest extends SchedulerContract {

  @Override
  DataSource newDatabase() {
    return Databases.h2();
  }
}
