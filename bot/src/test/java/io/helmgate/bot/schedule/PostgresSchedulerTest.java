package io.helmgate.bot.schedule;

import io.helmgate.bot.testsupport.Databases;
import javax.sql.DataSource;

/** The scheduler on PostgreSQL, the production database (PostgreSQLDelegate). */
class PostgresSchedulerTest extends SchedulerContract {

  @Override
  DataSource newDatabase() {
    return Databases.postgres();
  }
}
